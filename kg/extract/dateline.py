"""Datelines: "KUALA LUMPUR, July 10 –", "TOKYO, March 16. /TASS/.", "WASHINGTON (Reuters) -".

The dateline says where the story was filed and, often, on which day: the anchor for
"on Thursday" and "the day before" when it is more precise than the publication date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import timex

DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\- ]{1,40}[A-Z.])"  # the place, in capitals
    r"(?:\s*\([^)]{1,40}\))?\s*[,—–-]\s*"  # an optional agency in brackets, then a comma or dash
    r"(?:(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)\s*(?:[.–—-]|(?=/)))?"  # an optional "July 10"
    r"(?:\s*/[A-Z-]{2,12}/\.?)?"  # an optional agency tag: "/TASS/."
)


@dataclass(frozen=True)
class Dateline:
    place: str  # as written, e.g. "KUALA LUMPUR"
    date: date | None
    end: int  # character offset where the dateline ends


def read_dateline(text: str, published: date | None) -> Dateline | None:
    match = DATELINE.match(text)
    if not match or len(match.group("place").split()) > 4:
        return None
    when = None
    if match.group("date"):
        value = timex.normalize(match.group("date"), published)
        if value and len(value) == 10:
            when = date.fromisoformat(value)
    return Dateline(place=match.group("place").strip(), date=when, end=match.end())

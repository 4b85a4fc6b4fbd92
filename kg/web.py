"""News as it arrives on the web: saved pages, RSS/Atom feeds and WARC archives -> page records.

Part of the ingest stage (see ingest.py, which turns these records into Documents):
- a page's main text and metadata (title, publication date, author, site, canonical URL, language)
  come from trafilatura, which leaves navigation, comments, "read more" lists and share rows out;
- a feed gives one record per entry through feedparser: its full content where the feed has it,
  else its summary (said so), with the entry's date and link;
- an archive is streamed with warcio, one record per HTML response, each read as a page, with the
  record's target URI as its address and the record's date where the page gives none; other records
  are counted and skipped, and memory does not grow with the archive.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

log = logging.getLogger(__name__)

FEED_SUFFIXES = {".xml", ".rss", ".atom"}
LANGUAGE_SAMPLE = 2000  # characters read to tell a text's language
LANGUAGE_MIN = 200  # below this, too little text to tell


@dataclass
class Page:
    """What a page, feed entry or archive record says of itself, before it becomes a Document."""
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    author: str | None = None
    site: str | None = None
    language: str | None = None
    summary_only: bool = False  # a feed entry that carried only its summary

    def fields(self) -> dict:
        return {k: v for k, v in (("title", self.title), ("published", self.published), ("url", self.url),
                                  ("author", self.author), ("site", self.site), ("language", self.language))
                if v}


def read_page(markup: str, url: str | None = None) -> Page | None:
    """The article a page holds, or None when it holds no main text."""
    import trafilatura

    # precision first: navigation, share rows and "read more" lists are worse than a lost paragraph
    found = trafilatura.bare_extraction(markup, url=url, with_metadata=True, include_comments=False,
                                        include_tables=False, favor_precision=True)
    if found is None:
        return None
    meta = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    text = (meta.get("text") or "").strip()
    if not text:
        return None
    return Page(text=text, title=meta.get("title"), published=_iso_day(meta.get("date")),
                url=meta.get("url") or url, author=meta.get("author"), site=meta.get("sitename"),
                language=meta.get("language") or language_of(text))


def read_feed(content: str) -> Iterator[Page]:
    """One page per feed entry; an entry's HTML content read as a page would be."""
    import feedparser

    feed = feedparser.parse(content)
    site = feed.feed.get("title")
    for entry in feed.entries:
        full = next((c.get("value") for c in entry.get("content", []) if c.get("value")), None)
        body = full or entry.get("summary") or ""
        text = (read_page(f"<html><body><article>{body}</article></body></html>") or Page(text="")).text \
            if "<" in body else body.strip()  # an entry with no text is still yielded, to be reported as such
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        yield Page(text=text, title=entry.get("title"), url=entry.get("link"), author=entry.get("author"),
                   published=date(*stamp[:3]).isoformat() if stamp else None, site=site,
                   language=language_of(text), summary_only=full is None)


def is_feed(head: str) -> bool:
    """Sniffed from the start of a file's text: an RSS or Atom document."""
    start = head.lstrip()[:2000].lower()
    return start.startswith("<?xml") and ("<rss" in start or "<feed" in start or "<rdf:rdf" in start) \
        or start.startswith("<rss") or start.startswith("<feed")


def is_archive(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(".warc") or name.endswith(".warc.gz")


@dataclass
class ArchiveCounts:
    pages: int = 0
    other: int = 0  # records that are no HTML response (requests, images, metadata)
    empty: int = 0  # HTML responses with no article text


def read_archive(path: Path, counts: ArchiveCounts) -> Iterator[Page]:
    """Each HTML response record of a WARC file as a page, streamed one record at a time."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
            if record.rec_type != "response" or "html" not in content_type.lower():
                counts.other += 1
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            raw = record.content_stream().read()
            page = read_page(raw.decode(_charset(content_type), errors="replace"), uri)
            if page is None:
                counts.empty += 1
                continue
            page.url = uri or page.url  # where the crawler found it, which a canonical link may not say
            page.published = page.published or _iso_day(record.rec_headers.get_header("WARC-Date"))
            counts.pages += 1
            yield page


def language_of(text: str) -> str | None:
    """The ISO 639-1 code of a text's language (py3langid), or None when there is too little text to tell."""
    if len(text) < LANGUAGE_MIN:
        return None
    import py3langid

    code, _ = py3langid.classify(text[:LANGUAGE_SAMPLE])
    return code


def _charset(content_type: str) -> str:
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"'")
    return "utf-8"


def _iso_day(value) -> str | None:
    """The YYYY-MM-DD day of a date or timestamp string ("2017-03-02", "2017-03-02T10:00:00Z")."""
    if not value:
        return None
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        try:
            return date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            return None

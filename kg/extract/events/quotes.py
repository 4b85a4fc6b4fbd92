"""Quotations and who said them: "We urge the US side to adopt a responsible attitude," Lu said.

Inside a quotation, "I", "we" and their forms stand for its speaker, and "our country" for the speaker's
state. The speaker is the subject of the speech verb that attributes the quotation: after it in the same
sentence (", Lu said", "said Republican Senator Lindsey Graham"), else before its opening mark ("Lavrov
said: ..."); a quotation with no attribution of its own that follows closely on an attributed one
continues it (interviews quote a speaker for paragraphs).
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

OPENING = {"“", "``"}
CLOSING = {"”", "''"}
STRAIGHT = {'"'}
FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}
HOMELAND = {"country", "homeland", "nation", "motherland", "fatherland"}  # "our country": the speaker's state
CONTINUATION_REACH = 80  # tokens between one quotation's end and the next one's start


def quote_speakers(doc: Doc, report_verbs: frozenset[str]) -> tuple[dict[int, Token], set[int]]:
    """Token index of every first-person word inside a quotation -> the token naming its speaker; and the
    tokens inside the quotations whose speaker is known (attributed, or speaking in the first person)."""
    speakers: dict[int, Token] = {}
    attributed: set[int] = set()
    previous: tuple[int, Token] | None = None  # (end of the last attributed quotation, its speaker)
    quotations = _quotations(doc)
    quoted = {i for start, end in quotations for i in range(start + 1, end)}
    for start, end in quotations:
        speaker = _attribution_after(doc, end, report_verbs) or _attribution_before(doc, start, report_verbs)
        if speaker is not None:
            attributed.update(range(start + 1, end))
        elif previous is not None and start - previous[0] <= CONTINUATION_REACH:
            speaker = previous[1]
        if speaker is None or speaker.i in quoted:
            continue  # a speaker inside another quotation is no attribution (badly paired quotes)
        previous = (end, speaker)
        first_person = [token.i for token in doc[start + 1: end] if token.lower_ in FIRST_PERSON]
        speakers.update((i, speaker) for i in first_person)
        if first_person:
            attributed.update(range(start + 1, end))
    return speakers, attributed


def _quotations(doc: Doc) -> list[tuple[int, int]]:
    """(opening mark, closing mark) token indexes, straight quotes paired in order."""
    found, opened = [], None
    for token in doc:
        text = token.text
        if text in OPENING or text in STRAIGHT and opened is None:
            opened = token.i
        elif (text in CLOSING or text in STRAIGHT) and opened is not None:
            if token.i > opened + 1:
                found.append((opened, token.i))
            opened = None
    return found


def _attribution_after(doc: Doc, end: int, report_verbs: frozenset[str]) -> Token | None:
    """", Lu said", "Merkel added", "said Republican Senator Lindsey Graham", "the senators wrote in a letter"."""
    sentence = doc[end].sent if end < len(doc) else None
    if sentence is None:
        return None
    for token in doc[end + 1: min(sentence.end, end + 8)]:
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in report_verbs:
            return _subject(token, outside=(0, end))
    return None


def _attribution_before(doc: Doc, start: int, report_verbs: frozenset[str]) -> Token | None:
    """"Lavrov said: ...", "Tillerson told reporters that ..." in the sentence the quotation opens in."""
    sentence = doc[start].sent
    for token in reversed(doc[sentence.start: start]):
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in report_verbs:
            return _subject(token, outside=(start, len(doc)))
    return None


def _subject(verb: Token, outside: tuple[int, int]) -> Token | None:
    low, high = outside
    return next((child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")
                 and not low < child.i < high), None)

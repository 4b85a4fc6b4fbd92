"""Evidence records: the sentence a fact was read from, with its character offsets in the document.

Shared by every step that records a fact (roles, offices, events).
"""
from __future__ import annotations

from spacy.tokens import Span

from ..records import Evidence


def sentence_evidence(sent: Span, doc_id: str, confidence: float, trigger: str = "",
                      reported_by: str | None = None) -> Evidence:
    """Evidence for a sentence: its text and its character offsets in the document (whitespace trimmed)."""
    text = sent.text
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    start = sent.start_char + lead
    return Evidence(doc_id=doc_id, sentence=stripped, start=start, end=start + len(stripped),
                    confidence=round(confidence, 2), trigger=trigger, reported_by=reported_by)

"""A long document is read in parts, not skipped: every part's facts are kept and every offset still
points into the whole text."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from hypothesis import given, settings, strategies as st

from kg import workers
from kg.pipeline import BuildConfig, build
from kg.records import Document
from kg.workers import split_parts

FIRST = "US Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov in Kuala Lumpur on Thursday."
LAST = "Turkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Ankara on Friday."
FILLER = "The weather in the region stayed mild for the season, and markets were calm. " * 6


@given(st.text(alphabet=st.sampled_from("ab .\n"), min_size=0, max_size=3000), st.integers(20, 400))
@settings(max_examples=200, deadline=None)
def test_parts_cover_the_text_in_order(text, size):
    document = Document("d", text)
    parts = split_parts(document, size)
    assert "".join(part.text for _, part in parts) == text
    assert all(len(part.text) <= size for _, part in parts)
    assert [offset for offset, _ in parts] == [sum(len(p.text) for _, p in parts[:i]) for i in range(len(parts))]


def test_a_part_ends_at_a_paragraph_break_when_there_is_one():
    text = "a" * 60 + "\n" + "b" * 60
    parts = split_parts(Document("d", text), 100)
    assert [(offset, part.text) for offset, part in parts] == [(0, "a" * 60 + "\n"), (61, "b" * 60)]


def _evidence(out: Path) -> list[tuple[str, int, int]]:
    store = ox.Store.read_only(str(out / "store"))
    rows = store.query("""SELECT ?s ?a ?b WHERE { ?e <https://w3id.org/diplomacy-kg/ontology#sentence> ?s ;
        <https://w3id.org/diplomacy-kg/ontology#start> ?a ; <https://w3id.org/diplomacy-kg/ontology#end> ?b }""",
                       use_default_graph_as_union=True)
    return [(r["s"].value, int(r["a"].value), int(r["b"].value)) for r in rows]


def _build_one(tmp_path: Path, text: str) -> Path:
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build(BuildConfig((str(tmp_path / "long.txt"),), out, n_process=1))
    return out


def test_every_part_keeps_its_facts_and_offsets_stay_true(tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "PART_CHARS", 1000)
    text = FIRST + "\n\n" + "\n\n".join([FILLER] * 6) + "\n\n" + LAST + "\n"
    out = _build_one(tmp_path, text)
    evidence = _evidence(out)
    assert all(text[start:end] == sentence for sentence, start, end in evidence)
    sentences = {sentence for sentence, _, _ in evidence}
    assert FIRST in sentences and LAST in sentences  # the first part's meeting and the last part's


def test_a_line_of_more_than_a_million_characters_is_read(tmp_path):
    text = FIRST + " " + " " * 1_100_000 + LAST  # one line, longer than spaCy reads at once
    out = _build_one(tmp_path, text)
    evidence = _evidence(out)
    assert {FIRST, LAST} <= {sentence for sentence, _, _ in evidence}
    assert all(text[start:end] == sentence for sentence, start, end in evidence)


def test_a_fifty_megabyte_document_is_read_in_parts(tmp_path):
    """500 parts: the facts of the first and of the last are kept, the offsets point into the whole text.
    (Blank lines make the bulk, so that the test reads 50 MB without parsing 50 MB of prose.)"""
    text = FIRST + "\n" + (" " * 99_000 + "\n") * 500 + LAST + "\n"
    assert len(text) > 49_000_000
    out = _build_one(tmp_path, text)
    evidence = _evidence(out)
    assert {FIRST, LAST} <= {sentence for sentence, _, _ in evidence}
    assert all(text[start:end] == sentence for sentence, start, end in evidence)

"""Hostile text: names and sentences with markup, quotes, backslashes, rich-markup brackets, newlines,
emoji, right-to-left and zero-width characters stay data everywhere: IRIs stay valid, every RDF file
parses back to the same text, the terminal prints them as written, the SPARQL we run never holds them."""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings, strategies as st
from rich.console import Console

from kg import explore_cli
from kg.rdf import Minter, corpus_quads, oxigraph_quads
from kg.records import Corpus, Document, EntityRecord, EventRecord, Evidence
from test_cli import assert_ok, kg

NASTY = ["<script>alert(1)</script>", "\"", "'", "\\", "\\n", "[/]", "[bold]", "[link=x]", ":thumbs_up:", "\n",
         "\r", "\t", "🙂", "\u202e", "\u200b", "\u2028", "\ufeff", "&amp;", "${x}", "%s", "}", "{", "#", "<", ">", "é"]
hostile = st.lists(st.sampled_from(NASTY) | st.text(min_size=1, max_size=3), min_size=1, max_size=8).map("".join)
printable = st.lists(st.sampled_from([n for n in NASTY if n not in ("\n", "\r", "\t", "\u2028")]) |
                     st.sampled_from("abc XYZ"), min_size=1, max_size=6).map("".join).filter(str.strip)

BASE = "https://example.org/kg/"


def _corpus(label: str, sentence: str, doc_id: str) -> Corpus:
    person = EntityRecord(f"person:{label}", "Person", label or "x", {label + " alias"})
    state = EntityRecord("state:RUS", "State", "Russia", iso_code="RUS")
    evidence = Evidence(doc_id, sentence, 0, len(sentence), 0.9, trigger=label[:5])
    return Corpus([Document(doc_id, "", title=label, published=date(2025, 7, 10), url="https://example.org/a")],
                  {person.key: person, state.key: state}, [],
                  [EventRecord("Accuse", [person.key], [state.key], evidence=[evidence])])


@given(label=hostile, sentence=hostile, doc_id=hostile)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_hostile_text_survives_every_rdf_format(label, sentence, doc_id):
    quads = list(oxigraph_quads(corpus_quads(_corpus(label, sentence, doc_id), BASE, "m")))
    store = ox.Store()
    store.extend(quads)  # every IRI is valid, or this raises
    texts = {q.object.value for q in quads if isinstance(q.object, ox.Literal)}
    assert {label or "x", sentence} <= texts
    for fmt, rdflib_format in ((ox.RdfFormat.TRIG, "trig"), (ox.RdfFormat.N_QUADS, "nquads")):
        data = ox.serialize(store, format=fmt)
        assert set(ox.parse(data, format=fmt)) == set(store)
        dataset = rdflib.Dataset()
        dataset.parse(data=data.decode("utf-8"), format=rdflib_format)
        assert {str(o) for _, _, o, _ in dataset.quads((None, None, None, None))
                if isinstance(o, rdflib.Literal)} >= {label or "x", sentence}
    turtle = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.TURTLE)
    assert {t.object.value for t in ox.parse(turtle, format=ox.RdfFormat.TURTLE)
            if isinstance(t.object, ox.Literal)} == texts


@given(st.lists(hostile, min_size=2, max_size=20, unique=True))
@settings(max_examples=60, deadline=None)
def test_hostile_keys_mint_valid_distinct_iris(names):
    mint = Minter(BASE)
    iris = [mint.entity(f"person:{name}") for name in names]
    assert all(ox.NamedNode(str(iri)) for iri in iris)
    assert len(set(iris)) == len(iris)
    assert all(ox.NamedNode(str(mint.document(name))) and ox.NamedNode(str(mint.document_graph(name)))
               for name in names)


@given(st.lists(printable, min_size=1, max_size=3))
@settings(max_examples=80, deadline=None)
def test_the_terminal_prints_values_as_written(values):
    console = Console(file=io.StringIO(), width=400, highlight=False, soft_wrap=True, color_system=None)
    saved = explore_cli.out
    explore_cli.out = console
    try:
        explore_cli._emit("table", ["value"] * len(values), [values])
    finally:
        explore_cli.out = saved
    printed = console.file.getvalue()
    assert all(value.strip() in printed for value in values), (values, printed)


@given(st.lists(hostile, min_size=1, max_size=3))
@settings(max_examples=40, deadline=None)
def test_json_and_csv_output_keep_values_exactly(values):
    import csv
    import sys

    columns = [f"c{i}" for i in range(len(values))]
    printed = {}
    for fmt in ("json", "csv"):
        buffer, saved = io.StringIO(newline=""), sys.stdout
        sys.stdout = buffer
        try:
            explore_cli._emit(fmt, columns, [values])
        finally:
            sys.stdout = saved
        printed[fmt] = buffer.getvalue()
    assert list(json.loads(printed["json"])[0].values()) == values
    assert list(csv.reader(io.StringIO(printed["csv"], newline="")))[1] == values


@pytest.mark.parametrize("name", ["o[/]x", "o[bold]x", "o:thumbs_up:x", "o\u202ex"])
def test_an_output_folder_with_markup_in_its_name(tmp_path, name):
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    out = tmp_path / name
    run = kg("build", seeds, "--out", out, "--quiet")
    assert_ok(run)
    assert f"{out}/graph.ttl" in run.stdout and "internal error" not in run.output


def test_names_in_the_build_summary_print_as_written(capsys):
    from collections import Counter

    from kg import cli
    from kg.analysis import Ranked
    from kg.pipeline import BuildConfig, BuildSummary

    summary = BuildSummary(2, Counter({"Person": 2}), Counter({"Consult": 1}), 1, 10,
                           central=[Ranked("[bold]Marco[/] :thumbs_up:", "Person", 3.0)])
    saved = cli.out
    cli.out = Console(file=io.StringIO(), width=300, highlight=False, soft_wrap=True, color_system=None)
    try:
        cli.print_summary(summary, BuildConfig(("x",), Path("o[/]x")))
        printed = cli.out.file.getvalue()
    finally:
        cli.out = saved
    assert "[bold]Marco[/] :thumbs_up: (3)" in printed and "o[/]x/graph.ttl" in printed

"""Growing a graph: kg add skips what is there, replaces what changed, adds what is new, and gives the
graph one build of everything gives; the state it needs lives in the output folder; Dask builds the same."""
from __future__ import annotations

import gzip
import os
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import pipeline, state
from kg.errors import UserError
from kg.pipeline import BuildConfig
from test_cli import assert_ok, assert_one_line_error, kg

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FIRST, SECOND = "000_6e953f77dba7049c", "004_e6cca909220f407a"
MEETING = """SELECT ?event WHERE { ?event a dip:Consult ; dip:actor|dip:recipient ?r ; dip:actor|dip:recipient ?l ;
  dip:place ?p . ?r rdfs:label "Marco Rubio" . ?l rdfs:label "Sergei Lavrov" . ?p rdfs:label "Kuala Lumpur" }"""


def _folder(tmp_path: Path, name: str, *doc_ids: str) -> Path:
    """A folder holding some of the seed articles, each with its metadata."""
    folder = tmp_path / name
    folder.mkdir()
    for doc_id in doc_ids:
        for path in SEEDS.glob(f"{doc_id}.*"):
            shutil.copy(path, folder / path.name)
    return folder


def quads(out: Path) -> list[str]:
    """The data as sorted N-Quads lines (the ontology graph left out)."""
    store = ox.Store.read_only(str(out / "store"))
    return sorted(str(q) for q in store if not str(q.graph_name).endswith("graph/ontology>"))


def canonical(out: Path) -> list[str]:
    """The data as sorted N-Quads with each event IRI, and each IRI of an event's evidence, written as what
    the event is made of (class and reports): events keep the IRI they were first published under, so
    a graph grown in steps names some of them differently from one built at once (README, kg add)."""
    from kg.iris import PREFIXES

    store = ox.Store.read_only(str(out / "store"))
    reports = store.query("""SELECT ?event ?cls ?evidence ?doc ?start ?end WHERE {
        ?event a ?cls ; prov:wasDerivedFrom ?evidence . ?cls rdfs:subClassOf/rdfs:subClassOf dip:Event .
        ?evidence dip:inDocument/dcterms:identifier ?doc ; dip:start ?start ; dip:end ?end }""",
                          prefixes=PREFIXES, use_default_graph_as_union=True)
    made_of: dict[str, list[str]] = {}
    evidence_of: dict[str, tuple[str, str]] = {}
    for row in reports:
        event, key = row["event"].value, f"{row['doc'].value}:{row['start'].value}-{row['end'].value}"
        made_of.setdefault(event, []).append(key)
        evidence_of[row["evidence"].value] = (event, key)
    name = {event: f"urn:event:{event.split('/event/')[1].split('/')[0]}:{','.join(sorted(keys))}"
            for event, keys in made_of.items()}
    name.update({ev: f"urn:evidence:{name[event]}:{key}" for ev, (event, key) in evidence_of.items()})

    def term(t):
        return ox.NamedNode(name[t.value]) if isinstance(t, ox.NamedNode) and t.value in name else t

    return sorted(str(ox.Quad(term(q.subject), q.predicate, term(q.object), q.graph_name)) for q in store
                  if not str(q.graph_name).endswith("graph/ontology>"))


def select(out: Path, query: str) -> list[str]:
    from kg.iris import PREFIXES

    store = ox.Store.read_only(str(out / "store"))
    return sorted(row[0].value for row in store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True))


def build(inputs, out: Path, add: bool = False, **kwargs):
    return pipeline.build(BuildConfig(tuple(str(i) for i in inputs), out, add=add, **kwargs))


@pytest.fixture(scope="module")
def together(seeds_build) -> list[str]:
    return quads(seeds_build)


@pytest.fixture(scope="module")
def together_canonical(seeds_build) -> list[str]:
    return canonical(seeds_build)


@pytest.fixture
def first_then_second(tmp_path):
    out = tmp_path / "out"
    build([_folder(tmp_path, "a", FIRST)], out)
    before = {"meeting": select(out, MEETING), "people": select(out, "SELECT ?p WHERE { ?p a dip:Person }")}
    summary = build([_folder(tmp_path, "b", SECOND)], out, add=True)
    return out, before, summary


def test_adding_one_then_the_other_gives_the_graph_of_both(first_then_second, together, together_canonical):
    out, _, summary = first_then_second
    assert (summary.added, summary.replaced, summary.unchanged) == (1, 0, 0)
    assert canonical(out) == together_canonical  # the same graph, up to the names of grown events
    assert len(quads(out)) == len(together)


def test_a_stored_meeting_keeps_its_iri_and_gains_the_new_report(first_then_second):
    out, before, _ = first_then_second
    [meeting] = before["meeting"]
    assert select(out, MEETING) == [meeting]
    documents = select(out, f"SELECT DISTINCT ?id WHERE {{ <{meeting}> prov:wasDerivedFrom/dip:inDocument/"
                            "dcterms:identifier ?id }")
    assert documents == [FIRST, SECOND]
    people = select(out, "SELECT ?p WHERE { ?p a dip:Person }")
    assert set(before["people"]) <= set(people)  # everyone known keeps their IRI


def test_adding_the_same_documents_again_changes_nothing(tmp_path, seeds_build):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    stamps = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    run = kg("add", SEEDS, "--out", out)
    assert_ok(run)
    assert "nothing to add" in run.stdout and "2 documents" in run.stdout
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()} == stamps


def test_unchanged_documents_are_skipped_and_new_ones_added(tmp_path, together_canonical):
    out = tmp_path / "out"
    build([_folder(tmp_path, "a", FIRST)], out)
    run = kg("add", SEEDS, "--out", out)
    assert_ok(run)
    assert "added 1, replaced 0, unchanged 1" in run.stdout
    assert canonical(out) == together_canonical


def test_a_changed_document_has_its_facts_replaced(tmp_path, seeds_build):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    changed = _folder(tmp_path, "changed", SECOND)
    text = changed / f"{SECOND}.txt"
    # the second article now tells another story
    text.write_text("Ukrainian President Volodymyr Zelenskiy met Polish President Andrzej Duda in Warsaw on "
                    "Friday.\n", encoding="utf-8")
    meeting_before = select(out, MEETING)
    only_second = select(out, f"""SELECT ?e WHERE {{ ?e prov:wasDerivedFrom/dip:inDocument/dcterms:identifier
        "{SECOND}" FILTER NOT EXISTS {{ ?e prov:wasDerivedFrom/dip:inDocument/dcterms:identifier "{FIRST}" }} }}""")
    assert only_second
    summary = build([changed], out, add=True)
    assert (summary.added, summary.replaced, summary.unchanged) == (0, 1, 0)
    # the meeting was also told by the first article: it stays, under its IRI, without the second's reports
    assert select(out, MEETING) == meeting_before
    reports = select(out, f"SELECT ?s WHERE {{ <{meeting_before[0]}> prov:wasDerivedFrom/dip:inDocument/"
                          "dcterms:identifier ?s }")
    assert set(reports) == {FIRST}
    remaining = set(select(out, "SELECT ?e WHERE { ?e prov:wasDerivedFrom ?v }"))
    assert not remaining & set(only_second)  # what only the old text said is gone
    assert select(out, 'SELECT ?p WHERE { ?p rdfs:label "Andrzej Duda" }')  # what the new one says is there
    # and the graph is the one a build of the first article and the changed second gives
    fresh = tmp_path / "fresh"
    build([_folder(tmp_path, "first", FIRST), changed], fresh)
    assert canonical(out) == canonical(fresh)


def test_an_interrupted_add_leaves_the_previous_graph(tmp_path, seeds_build, monkeypatch):
    out = tmp_path / "out"
    build([_folder(tmp_path, "a", FIRST)], out)
    before = quads(out)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "save_state", crash)
    with pytest.raises(KeyboardInterrupt):
        build([_folder(tmp_path, "b", SECOND)], out, add=True)
    assert quads(out) == before
    assert state.load(out).hashes.keys() == {FIRST}
    assert not (tmp_path / ".out.building").exists()
    monkeypatch.undo()
    build([_folder(tmp_path, "b2", SECOND)], out, add=True)  # and the next try finishes the job
    assert state.load(out).hashes.keys() == {FIRST, SECOND}


def test_the_state_keeps_every_extraction_as_it_was(seeds_build):
    loaded = state.load(seeds_build)
    assert sorted(loaded.hashes) == [FIRST, SECOND]
    assert all(state._extraction(state._extraction_json(x)) == x for x in loaded.extractions)
    assert loaded.event_iris and all(key.count("\x1f") == 3 for keys in loaded.event_iris.values() for key in keys)


def test_adding_to_a_folder_without_state(tmp_path, seeds_build):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    shutil.rmtree(out / "state")
    line = assert_one_line_error(kg("add", SEEDS, "--out", out))
    assert "no build state" in line and "kg build" in line


def test_a_damaged_state_is_refused_in_one_line(tmp_path, seeds_build):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    with gzip.open(out / "state" / "extractions.jsonl.gz", "wt") as broken:
        broken.write('{"doc": {"id": "x"}}\nnot json\n')
    line = assert_one_line_error(kg("add", SEEDS, "--out", out))
    assert "damaged" in line and "kg build" in line


def test_a_state_of_another_format_is_refused(tmp_path, seeds_build):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    manifest = json.loads((out / "state" / "manifest.json").read_text())
    (out / "state" / "manifest.json").write_text(json.dumps({**manifest, "format": 99}))
    with pytest.raises(UserError, match="format 99"):
        state.load(out)


def test_adding_with_another_base_iri_is_refused(tmp_path, seeds_build):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    with pytest.raises(UserError, match="base"):
        build([SEEDS], out, add=True, base_iri="https://example.org/other/")


def test_the_first_add_builds_the_folder(tmp_path, together):
    out = tmp_path / "new"
    run = kg("add", SEEDS, "--out", out)
    assert_ok(run)
    assert "added 2, replaced 0, unchanged 0" in run.stdout
    assert quads(out) == together


def test_a_state_with_damaged_bytes_is_refused_in_one_line(tmp_path, seeds_build):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    path = out / "state" / "extractions.jsonl.gz"
    data = bytearray(path.read_bytes())
    data[len(data) // 2: len(data) // 2 + 64] = bytes(64)  # a damaged disk block inside the compressed stream
    path.write_bytes(bytes(data))
    line = assert_one_line_error(kg("add", SEEDS, "--out", out))
    assert "damaged" in line and "kg build" in line


def test_documents_are_checked_against_the_graphs_own_language(monkeypatch, tmp_path):
    """kg add takes the model from the state; the language filter must follow it, not the default model."""
    asked = []
    monkeypatch.setattr(pipeline, "extract_all", lambda docs, model, size, processes, language: asked.append(
        (model, language)) or iter(()))
    config = BuildConfig(("x",), tmp_path / "out", add=True)
    pipeline._extract(iter(()), config, "de_core_news_sm")
    assert asked == [("de_core_news_sm", "de")]


def test_records_read_by_other_rules_are_said_to_make_a_mixed_graph(tmp_path, caplog):
    out = tmp_path / "out"
    build([_folder(tmp_path, "a", FIRST)], out)
    manifest = json.loads((out / "state" / "manifest.json").read_text())
    (out / "state" / "manifest.json").write_text(json.dumps({**manifest, "reader": "an older version"}))
    build([_folder(tmp_path, "b", SECOND)], out, add=True)
    assert "another version of diplomacy-kg's rules" in caplog.text
    assert state.load(out).reader == "an older version"  # still mixed: the next add says so again


def test_a_changed_document_that_no_longer_reads_keeps_its_facts_and_says_so(tmp_path, seeds_build, caplog):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    folder = _folder(tmp_path, "a", FIRST)
    (folder / f"{FIRST}.txt").write_text(  # read, but left out by the workers: not the model's language
        "Le ministre des Affaires étrangères a rencontré hier son homologue russe à Kuala Lumpur pour "
        "discuter de la guerre en Ukraine et des sanctions imposées par l'Union européenne. Les deux hommes "
        "n'ont fait aucune déclaration à la presse après la réunion.\n", encoding="utf-8")
    before = quads(out)
    build([folder], out, add=True)
    assert f"{FIRST}: changed, but the new text could not be read" in caplog.text
    assert quads(out) == before


def test_a_dask_build_equals_the_plain_one(tmp_path, together):
    pytest.importorskip("dask.distributed")
    out = tmp_path / "out"
    build([SEEDS], out, dask="local:2", batch_size=1)  # one document per chunk: both workers get one
    assert quads(out) == together


def test_a_bad_dask_address(tmp_path):
    line = assert_one_line_error(kg("build", SEEDS, "--out", tmp_path / "o", "--dask", "local:zero"))
    assert "local:N" in line


def test_a_failure_while_writing_the_files_keeps_the_previous_graph(tmp_path, monkeypatch):
    """graph.ttl and graph.trig are written by a second process; its failure reaches the build."""
    out = tmp_path / "out"
    build([_folder(tmp_path, "a", FIRST)], out)
    before = quads(out)

    def broken(*args, **kwargs):
        raise ValueError("disk says no")

    monkeypatch.setattr(pipeline, "write_trig", broken)
    with pytest.raises(RuntimeError, match="disk says no"):
        build([_folder(tmp_path, "b", SECOND)], out, add=True)
    assert quads(out) == before and not (tmp_path / ".out.building").exists()


def test_a_writer_that_dies_without_a_word_is_reported(tmp_path):
    from kg.workers import in_background

    def die():
        os._exit(3)

    with pytest.raises(RuntimeError, match="without a word"):
        with in_background(die):
            pass


def _event(*starts: int, actors=("state:RUS",)):
    from kg.records import EventRecord, Evidence
    return EventRecord("Consult", list(actors), evidence=[Evidence("doc", "s", start, start + 5, 0.9)
                                                           for start in starts])


@pytest.mark.parametrize("order", [1, -1])
def test_a_split_event_keeps_its_iri_on_the_half_with_most_reports(order):
    earlier = {"urn:x": [state.report_key("Consult", e) for e in _event(0, 10, 20, 30).evidence]}
    small, large = _event(0), _event(10, 20, 30)
    kept = state.keep_event_iris([small, large][::order], earlier)
    assert kept == {id(large): "urn:x"}


def test_a_new_event_never_takes_an_iri_kept_by_another():
    from kg.rdf import Minter
    base = "https://example.org/kg/"
    half = _event(0)
    minted = str(Minter(base).event(half))  # the IRI the half would hash to, as the whole event once did
    whole = _event(0, 10)
    mint = Minter(base, {id(whole): minted})
    assert str(mint.event(whole)) == minted
    assert str(mint.event(half)) == minted + "-2"

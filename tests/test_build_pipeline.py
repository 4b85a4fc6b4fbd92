"""The build's plumbing: extraction in worker processes, streaming input, progress, the TriG file,
and commands that read a graph without loading spaCy."""
from __future__ import annotations

import json
from collections import Counter
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

import kg.extract.component
import kg.pipeline
from kg.ingest import estimate_count, read_inputs
from kg.pipeline import BuildConfig
from kg.store import DATASET_FILE, GRAPH_FILE

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

NEWS = [
    ("w1", "2017-03-02", "Russian Foreign Minister Sergei Lavrov met his Turkish counterpart Mevlut Cavusoglu "
                         "in Moscow on Thursday. The two ministers discussed Syria."),
    ("w2", "2017-03-03", "German Chancellor Angela Merkel criticised Turkey on Friday. Turkish President "
                         "Recep Tayyip Erdogan accused Germany of Nazi practices."),
    ("w3", "2017-03-04", "The United States imposed sanctions on North Korea on Saturday. Pyongyang "
                         "condemned the sanctions."),
    ("w4", "2017-03-05", "Sergei Lavrov and Mevlut Cavusoglu held talks in Moscow on Thursday, the Turkish "
                         "foreign ministry said."),
]


@pytest.fixture(scope="module")
def news_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("news") / "news.jsonl"
    path.write_text("".join(json.dumps({"id": i, "published": d, "text": t}) + "\n" for i, d, t in NEWS),
                    encoding="utf-8")
    return path


def test_two_worker_processes_give_the_graph_of_one(news_file, tmp_path, data_quads):
    one = kg.pipeline.build(BuildConfig((str(news_file), str(SEEDS)), tmp_path / "one", batch_size=1, n_process=1))
    two = kg.pipeline.build(BuildConfig((str(news_file), str(SEEDS)), tmp_path / "two", batch_size=1, n_process=2))
    assert one.documents == two.documents == 6
    assert sum(one.events.values()) >= 4
    assert data_quads(tmp_path / "one") == data_quads(tmp_path / "two")


def test_a_document_the_rules_fail_on_is_reported_by_the_worker_and_the_rest_kept(news_file, tmp_path,
                                                                                monkeypatch, caplog):
    real = kg.extract.component.extract

    def failing(document, doc, knowledge):
        if document.id == "w2":
            raise ValueError("a rule broke")
        return real(document, doc, knowledge)

    monkeypatch.setattr(kg.extract.component, "extract", failing)  # inherited by the forked workers
    summary = kg.pipeline.build(BuildConfig((str(news_file),), tmp_path / "out", batch_size=1, n_process=2))
    assert summary.documents == 3
    failures = [r.getMessage() for r in caplog.records if "extraction failed" in r.getMessage()]
    assert len(failures) == 1 and "news.jsonl:2" in failures[0] and "a rule broke" in failures[0]


def test_progress_reports_every_document_then_the_later_stages(news_file, tmp_path):
    reports = []
    kg.pipeline.build(BuildConfig((str(news_file),), tmp_path / "out", batch_size=1),
                      lambda stage, done: reports.append((stage, done)))
    reading = [done for stage, done in reports if stage == "reading"]
    assert reading == sorted(reading) and reading[-1] == len(NEWS)
    assert [s for s, _ in reports if s != "reading"] == ["resolving", "storing", "writing", "drawing"]


def test_the_trig_file_keeps_one_graph_per_document_and_the_same_triples(seeds_build):
    dataset = Dataset()
    dataset.parse(seeds_build / DATASET_FILE, format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    documents = [g for g in graphs if "/graph/document/" in g]
    assert len(documents) == 2 and any(g.endswith("/graph/main") for g in graphs)
    union = Graph()
    for graph in dataset.graphs():
        union += graph
    turtle = Graph().parse(seeds_build / GRAPH_FILE, format="turtle")
    assert len(turtle) > 500 and set(union) == set(turtle)


def test_a_json_lines_file_is_read_line_by_line_and_a_bad_line_costs_only_its_record(tmp_path, caplog):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(json.dumps({"id": "a", "text": "Merkel met Macron."}).encode() + b"\n"
                     + b'{"id": "b", "text": "Caf\xe9 talks."}\n'
                     + json.dumps({"id": "c", "text": "Putin met Erdogan."}).encode() + b"\n")
    documents = read_inputs([str(path)])
    assert [d.id for d in documents] == ["a", "b", "c"] and documents[1].text == "Café talks."
    [warning] = [r.getMessage() for r in caplog.records if "UTF-8" in r.getMessage()]
    assert "feed.jsonl:2" in warning and "1 line" in warning and "Windows-1252" in warning


def test_a_latin1_json_lines_file_is_one_warning_not_one_per_line(tmp_path, caplog):
    path = tmp_path / "old.jsonl"
    path.write_bytes(b"".join(b'{"id": "%d", "text": "Caf\xe9 talks."}\n' % n for n in range(20)))
    documents = read_inputs([str(path)])
    assert len(documents) == 20 and {d.text for d in documents} == {"Café talks."}
    assert len([r for r in caplog.records if "not UTF-8" in r.getMessage()]) == 1


def test_the_document_count_is_estimated_without_reading_the_documents(news_file, tmp_path):
    assert estimate_count([str(news_file), str(SEEDS)]) == len(NEWS) + 2
    assert estimate_count(["-"]) is None


LIGHT_COMMANDS = """
import sys
from typer.testing import CliRunner
from kg.cli import app
folder = sys.argv[1]
for args in (["query", folder, "SELECT ?s WHERE { ?s a dip:State } LIMIT 1"], ["central", folder],
             ["path", folder, "Rubio", "Lavrov"]):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, (args, result.output)
heavy = sorted(m for m in sys.modules if m == "spacy" or m.startswith(("kg.extract", "kg.nlp", "kg.workers")))
print(",".join(heavy) or "none")
"""


def test_commands_that_read_a_graph_never_import_spacy_or_the_rules(seeds_build):
    run = subprocess.run([sys.executable, "-c", LIGHT_COMMANDS, str(seeds_build)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "none"


SLOW_POOL = """
import sys, time
import kg.extract.component
from kg.records import Document
from kg.workers import extract_all

kg.extract.component.extract = lambda *args: time.sleep(120)  # a worker busy for long
documents = [Document(id=str(n), text="Merkel met Macron in Paris.") for n in range(8)]
chunks = extract_all(documents, batch_size=1, processes=2)
print("started", flush=True)
next(chunks)
"""


def test_worker_processes_die_with_a_killed_build():
    run = subprocess.Popen([sys.executable, "-c", SLOW_POOL], stdout=subprocess.PIPE, text=True,
                           start_new_session=True)
    workers: list[str] = []
    try:
        assert run.stdout.readline().strip() == "started"
        for _ in range(50):  # the pool forks its workers at the first chunk
            workers = subprocess.run(["pgrep", "-P", str(run.pid)], capture_output=True, text=True).stdout.split()
            if len(workers) >= 2:
                break
            time.sleep(0.2)
        assert len(workers) >= 2
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        for _ in range(50):
            alive = [w for w in workers if Path(f"/proc/{w}").exists() and "zombie" not in _state(w)]
            if not alive:
                break
            time.sleep(0.2)
        assert not alive, alive
    finally:
        if run.poll() is None:
            run.kill()
        for worker in workers:  # whatever the outcome, leave no process behind
            try:
                os.kill(int(worker), signal.SIGKILL)
            except ProcessLookupError:
                pass


def _state(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].splitlines()[0].lower()
    except (OSError, IndexError):
        return "zombie"


def test_events_and_roles_that_lost_an_entity_are_reported_not_dropped_silently(caplog):
    from kg.pipeline import _warn_left_out
    from kg.rdf import corpus_quads
    from kg.records import Corpus, EntityRecord, EventRecord, Evidence, RoleRecord

    entities = {"state:RUS": EntityRecord("state:RUS", "State", "Russia", iso_code="RUS")}
    evidence = [Evidence("doc-7", "Moscow struck Kyiv.", 0, 19, 0.9)]
    corpus = Corpus([], entities, [RoleRecord("person:gone", "Foreign Minister", "state:RUS", False, evidence)],
                    [EventRecord("Assault", ["state:RUS"], ["state:UKR"], evidence=evidence),
                     EventRecord("Accuse", ["state:RUS"], [], evidence=evidence)])
    assert _warn_left_out(corpus) == Counter({"events": 1, "roles": 1})
    [warning] = [r.getMessage() for r in caplog.records if "resolution did not keep" in r.getMessage()]
    assert warning.startswith("doc-7:") and "1 event and 1 role" in warning
    written = {str(q[1]).rsplit("#", 1)[-1] for q in corpus_quads(corpus, "https://example.org/", "m")}
    assert "holdsRole" not in written and "recipient" not in written  # what was reported is what is missing


def test_chunks_read_at_once_by_one_process_keep_their_own_warnings():
    """A Dask worker with several threads reads several chunks at once: each carries back exactly its own
    warnings (here: documents in another language, left out)."""
    import threading
    from kg.records import Document
    from kg.workers import extract_chunk

    french = ("Le ministre des Affaires étrangères a rencontré hier son homologue russe à Kuala Lumpur pour "
              "discuter de la guerre en Ukraine et des sanctions imposées par l'Union européenne. Les deux "
              "hommes n'ont fait aucune déclaration à la presse après la réunion.")
    chunks = {name: [Document(id=f"{name}-{n}", text=french, origin=f"{name}-{n}") for n in range(20)]
              for name in "abcd"}
    results, start = {}, threading.Barrier(len(chunks))

    def read(name):
        start.wait()
        results[name] = extract_chunk(chunks[name], language="en")

    threads = [threading.Thread(target=read, args=(name,)) for name in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name, chunk in results.items():
        assert chunk.skipped == Counter({"language fr": 20})
        assert sorted(m.split(":")[0] for _, m in chunk.warnings) == sorted(d.origin for d in chunks[name])

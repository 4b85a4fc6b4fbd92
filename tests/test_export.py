"""`kg export`: every RDF export parses again (pyoxigraph and rdflib) and holds the store's data; the actor
graph reads back in networkx; the CSV tables hold one row per event, office and entity."""
from __future__ import annotations

import csv

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from typer.testing import CliRunner

from kg.views import actor_graph, load
from kg.cli import app
from kg.export import DATASET_FORMATS, TRIPLE_FORMATS
from kg.store import data_quads, open_store

RDFLIB_FORMAT = {"trig": "trig", "nq": "nquads", "jsonld": "json-ld", "ttl": "turtle", "nt": "nt"}


def export(folder, fmt, target):
    result = CliRunner().invoke(app, ["export", str(folder), "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def stored(seeds_build):
    store = open_store(seeds_build)
    quads = {(q.subject, q.predicate, q.object, q.graph_name) for q in data_quads(store)}
    assert len(quads) > 500 and len({q[3] for q in quads}) == 3  # two documents and the main graph
    return quads


@pytest.mark.parametrize("fmt", list(DATASET_FORMATS))
def test_a_dataset_export_keeps_every_quad_and_its_graph(seeds_build, stored, tmp_path, fmt):
    path = export(seeds_build, fmt, tmp_path / f"graph.{fmt}")
    parsed = {(q.subject, q.predicate, q.object, q.graph_name)
              for q in ox.parse(path=str(path), format=DATASET_FORMATS[fmt])}
    assert parsed == stored
    dataset = rdflib.Dataset()
    dataset.parse(path, format=RDFLIB_FORMAT[fmt])
    assert sum(1 for _ in dataset.quads((None, None, None, None))) == len(stored)


@pytest.mark.parametrize("fmt", list(TRIPLE_FORMATS))
def test_a_triple_export_holds_the_union_of_the_graphs(seeds_build, stored, tmp_path, fmt):
    path = export(seeds_build, fmt, tmp_path / f"graph.{fmt}")
    union = {q[:3] for q in stored}
    parsed = {(t.subject, t.predicate, t.object) for t in ox.parse(path=str(path), format=TRIPLE_FORMATS[fmt])}
    assert parsed == union
    assert len(rdflib.Graph().parse(path, format=RDFLIB_FORMAT[fmt])) == len(union)


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_the_actor_graph_reads_back_in_networkx(seeds_build, tmp_path, fmt, read):
    expected = actor_graph(load(open_store(seeds_build)))
    graph = read(export(seeds_build, fmt, tmp_path / f"actors.{fmt}"))
    assert graph.number_of_nodes() == expected.number_of_nodes() >= 5
    assert graph.number_of_edges() == expected.number_of_edges() >= 5
    labels = {data["label"] for _, data in graph.nodes(data=True)}
    assert {"Marco Rubio", "Sergei Lavrov", "Russia"} <= labels
    assert any("Consult" in data.get("relation", "") and "Lavrov" in data.get("sentence", "")
               for *_, data in graph.edges(data=True))


def test_the_csv_tables_hold_one_row_per_event_office_and_entity(seeds_build, tmp_path):
    folder = export(seeds_build, "csv", tmp_path / "tables")
    store = open_store(seeds_build)

    def count(query):
        [row] = store.query(query, use_default_graph_as_union=True)
        return int(row[0].value)

    events = list(csv.DictReader(open(folder / "events.csv", encoding="utf-8")))
    assert len(events) == count("""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c .
        ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>
        <https://w3id.org/diplomacy-kg/ontology#Event> }""")
    [meeting] = [e for e in events if e["place"] == "Kuala Lumpur" and "Sergei Lavrov" in e["actors"] + e["recipients"]]
    assert meeting["class"] == "Consult" and meeting["quad_class"] == "verbal cooperation"
    assert meeting["date"] == "2025-07-10" and int(meeting["evidence_count"]) >= 2
    offices = list(csv.DictReader(open(folder / "offices.csv", encoding="utf-8")))
    assert {"person_label": "Sergei Lavrov", "title": "Foreign Minister", "of_label": "Russia"}.items() <= \
        next(o for o in offices if o["person_label"] == "Sergei Lavrov").items()
    entities = list(csv.DictReader(open(folder / "entities.csv", encoding="utf-8")))
    russia = next(e for e in entities if e["label"] == "Russia")
    assert russia["class"] == "State" and russia["iso_code"] == "RUS"


def test_an_unknown_export_format_is_one_line(seeds_build, tmp_path):
    result = CliRunner().invoke(app, ["export", str(seeds_build), "--format", "xls", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "--format xls" in result.output and "graphml" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "x").exists()


def test_an_export_to_standard_output_is_the_file_itself(seeds_build, stored, tmp_path):
    import subprocess
    import sys
    from pathlib import Path
    kg = Path(sys.executable).parent / "kg"
    run = subprocess.run([str(kg), "export", str(seeds_build), "--format", "nq", "-o", "-"], capture_output=True,
                         cwd=tmp_path, check=True)
    parsed = {(q.subject, q.predicate, q.object, q.graph_name) for q in ox.parse(run.stdout, format=ox.RdfFormat.N_QUADS)}
    assert parsed == stored and not (tmp_path / "-").exists()
    refused = subprocess.run([str(kg), "export", str(seeds_build), "--format", "csv", "-o", "-"], capture_output=True,
                             cwd=tmp_path, text=True)
    assert refused.returncode == 2 and "pass -o FOLDER" in refused.stderr


def test_characters_xml_cannot_carry_do_not_break_graphml_or_gexf(tmp_path):
    from kg.views import Entity, Event, Facts, Report, actor_graph, flat
    report = Report("Page\x0cbreak: A met B\x0b.", "doc\x01", 0.9)
    facts = Facts({"a": Entity("a", "A\x0c", "State"), "b": Entity("b", "B", "State")},
                  [Event("e", "Consult", "VerbalCooperation", ("a", "b"), reports=(report,))])
    graph = flat(actor_graph(facts))
    for write, read in ((nx.write_graphml, nx.read_graphml), (nx.write_gexf, nx.read_gexf)):
        path = tmp_path / f"graph.{write.__name__}"
        write(graph, path)
        back = read(path)
        assert back.number_of_edges() == 1
        assert "Page break: A met B ." in [d["sentence"] for _, _, d in back.edges(data=True)]

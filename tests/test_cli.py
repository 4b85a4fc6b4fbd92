"""The `kg` command through typer's CliRunner: query, path, central and build."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from typer.testing import CliRunner

from kg.cli import app

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

runner = CliRunner()


class Run:
    """A finished command: exit code, standard output, and standard error (or, with a CliRunner that
    mixes the streams, everything printed)."""

    def __init__(self, result):
        self.result = result
        self.code = result.exit_code
        self.output = ANSI.sub("", result.output)
        try:
            err = result.stderr
        except (ValueError, AttributeError):
            err = None
        self.separate = err is not None
        self.stderr = ANSI.sub("", err if err is not None else result.output)
        self.stdout = ANSI.sub("", result.stdout if self.separate else result.output)

    def lines(self, text: str) -> list[str]:
        return [line for line in text.splitlines() if line.strip()]

    def crashed(self) -> bool:
        return self.result.exception is not None and not isinstance(self.result.exception, SystemExit)


def kg(*args: str, stdin: str | None = None) -> Run:
    return Run(runner.invoke(app, [str(a) for a in args], input=stdin))


def assert_one_line_error(run: Run, code: int = 2) -> str:
    assert run.code == code, run.output
    assert not run.crashed(), repr(run.result.exception)
    assert "Traceback" not in run.output
    lines = run.lines(run.stderr)
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("error:"), lines[0]
    if run.separate:
        assert run.stdout.strip() == ""
    return lines[0]


def assert_ok(run: Run) -> None:
    assert run.code == 0, run.output
    assert not run.crashed(), repr(run.result.exception)


STATES_QUERY = "SELECT ?label ?iso WHERE { ?s a dip:State ; rdfs:label ?label ; dip:isoCode ?iso } ORDER BY ?label"


# --------------------------------------------------------------------------- query

def test_query_table(seeds_build):
    run = kg("query", seeds_build, STATES_QUERY)
    assert_ok(run)
    for text in ("label", "iso", "Russia", "RUS", "United States", "USA"):
        assert text in run.stdout
    rows = int(re.search(r"(\d+) rows", run.stdout).group(1))
    body = [line for line in run.lines(run.stdout) if line.startswith("│")]
    assert rows == len(body) >= 2  # the count matches the table, one row per state


def test_query_csv_is_sparql_csv(seeds_build):
    run = kg("query", seeds_build, STATES_QUERY, "--format", "csv")
    assert_ok(run)
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert rows[0] == ["label", "iso"]
    body = {tuple(r) for r in rows[1:] if r}
    assert ("Russia", "RUS") in body and ("United States", "USA") in body
    labels = [r[0] for r in rows[1:] if r]
    assert labels == sorted(labels)  # ORDER BY kept


def test_query_tsv_is_sparql_tsv(seeds_build):
    """SPARQL 1.1 TSV: variables with their "?", terms in N-Triples syntax (literals quoted, IRIs bracketed)."""
    run = kg("query", seeds_build, "SELECT ?s ?label WHERE { ?s a dip:State ; rdfs:label ?label } ORDER BY ?label",
             "--format", "tsv")
    assert_ok(run)
    lines = run.stdout.strip().split("\n")
    assert lines[0] == "?s\t?label"
    assert '<https://w3id.org/diplomacy-kg/resource/state/RUS>\t"Russia"' in lines


def test_query_json_is_sparql_json(seeds_build):
    run = kg("query", seeds_build, STATES_QUERY, "--format", "json")
    assert_ok(run)
    result = json.loads(run.stdout)
    assert result["head"]["vars"] == ["label", "iso"]
    rows = [{k: v["value"] for k, v in b.items()} for b in result["results"]["bindings"]]
    assert {"label": "Russia", "iso": "RUS"} in rows
    assert all(b["label"]["type"] == "literal" for b in result["results"]["bindings"])


def test_query_xml_is_sparql_xml(seeds_build):
    import xml.etree.ElementTree as ET

    run = kg("query", seeds_build, STATES_QUERY, "--format", "xml")
    assert_ok(run)
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(run.stdout)
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["label", "iso"]
    values = {b.find("r:literal", ns).text for b in root.findall("r:results/r:result/r:binding", ns)}
    assert {"Russia", "RUS"} <= values


def test_query_from_file(seeds_build, tmp_path):
    query_file = tmp_path / "people.rq"
    query_file.write_text("SELECT ?name WHERE {\n  ?p a dip:Person ; rdfs:label ?name .\n} ORDER BY ?name\n",
                          encoding="utf-8")
    run = kg("query", seeds_build, "-f", query_file, "--format", "csv")
    assert_ok(run)
    names = [r[0] for r in csv.reader(io.StringIO(run.stdout))]
    assert names[0] == "name"
    assert {"Marco Rubio", "Sergei Lavrov"} <= set(names[1:])


def test_query_file_that_does_not_exist(seeds_build, tmp_path):
    line = assert_one_line_error(kg("query", seeds_build, "-f", tmp_path / "nope.rq"))
    assert "nope.rq" in line


def test_query_ask(seeds_build):
    yes = kg("query", seeds_build, "ASK { ?e a dip:Consult }")
    assert_ok(yes)
    assert yes.stdout.strip() == "true"
    no = kg("query", seeds_build, 'ASK { ?s rdfs:label "Atlantis" }')
    assert_ok(no)
    assert no.stdout.strip() == "false"
    as_json = kg("query", seeds_build, "ASK { ?e a dip:Consult }", "--format", "json")
    assert json.loads(as_json.stdout)["boolean"] is True


def test_query_construct_gives_turtle(seeds_build):
    run = kg("query", seeds_build,
             "CONSTRUCT { ?s a dip:State ; dip:isoCode ?iso } WHERE { ?s a dip:State ; dip:isoCode ?iso }")
    assert_ok(run)
    graph = Graph().parse(data=run.stdout, format="turtle")
    codes = {str(o) for o in graph.objects(None, None) if str(o).isupper() and len(str(o)) == 3}
    assert {"RUS", "USA"} <= codes


def test_query_syntax_error(seeds_build):
    line = assert_one_line_error(kg("query", seeds_build, "SELEC ?x WHERE { ?x ?p ?o }"))
    assert "syntax" in line.lower()


def test_query_unknown_format(seeds_build):
    assert "--format yaml" in assert_one_line_error(kg("query", seeds_build, STATES_QUERY, "--format", "yaml"))


def test_query_construct_as_ntriples_and_jsonld(seeds_build):
    construct = "CONSTRUCT { ?s dip:isoCode ?iso } WHERE { ?s a dip:State ; dip:isoCode ?iso }"
    nt = kg("query", seeds_build, construct, "--format", "ntriples")
    assert_ok(nt)
    assert '<https://w3id.org/diplomacy-kg/resource/state/RUS> <https://w3id.org/diplomacy-kg/ontology#isoCode> "RUS" .' \
        in nt.stdout.splitlines()
    jsonld = kg("query", seeds_build, construct, "--format", "jsonld")
    assert_ok(jsonld)
    graph = Graph().parse(data=jsonld.stdout, format="json-ld")
    assert len(graph) == len(Graph().parse(data=nt.stdout, format="nt")) >= 2


def test_a_graph_format_for_a_select_is_refused(seeds_build):
    assert "CONSTRUCT" in assert_one_line_error(kg("query", seeds_build, STATES_QUERY, "--format", "turtle"))


def test_query_from_standard_input(seeds_build):
    run = kg("query", seeds_build, "--format", "csv", stdin=STATES_QUERY)
    assert_ok(run)
    assert "Russia,RUS" in run.stdout.splitlines()


def test_the_query_library_is_listed_and_each_query_runs_on_the_seeds(seeds_build):
    listing = kg("query", "--list")
    assert_ok(listing)
    names = ["between-states", "document", "evidence", "meetings", "most-active", "offices"]
    for name in names:
        assert name in listing.stdout
        run = kg("query", seeds_build, "--name", name, "--format", "json")
        assert_ok(run)
        assert json.loads(run.stdout)["results"]["bindings"], name  # each answers something on the seeds


def test_the_meetings_query_finds_rubio_and_lavrov_in_kuala_lumpur(seeds_build):
    run = kg("query", seeds_build, "--name", "meetings", "--format", "csv")
    assert_ok(run)
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    [row] = [r for r in rows if r["place"] == "Kuala Lumpur" and "Sergei Lavrov" in r["sides"]]
    assert "Marco Rubio" in row["sides"] and row["date"] == "2025-07-10" and int(row["reports"]) >= 2


def test_an_unknown_library_query_names_the_known_ones(seeds_build):
    line = assert_one_line_error(kg("query", seeds_build, "--name", "nope"))
    assert "meetings" in line


def test_query_without_query(seeds_build):
    assert_one_line_error(kg("query", seeds_build))


def test_query_on_a_folder_without_store(tmp_path):
    line = assert_one_line_error(kg("query", tmp_path, STATES_QUERY))
    assert str(tmp_path) in line


def test_query_table_prints_brackets_verbatim(seeds_build):
    run = kg("query", seeds_build, 'SELECT ?s WHERE { VALUES ?s { "a [/] b [b]c" } }')
    assert_ok(run)
    assert "a [/] b [b]c" in run.stdout


def test_query_json_is_verbatim(seeds_build):
    run = kg("query", seeds_build, 'SELECT ?s WHERE { VALUES ?s { "Lavrov :thumbs_up: said" } }', "--format", "json")
    assert_ok(run)
    [binding] = json.loads(run.stdout)["results"]["bindings"]
    assert binding["s"]["value"] == "Lavrov :thumbs_up: said"


# --------------------------------------------------------------------------- path and central

def _seed_sentences() -> str:
    return " ".join(p.read_bytes().decode("utf-8-sig") for p in SEEDS.glob("*.txt"))


def test_path_between_rubio_and_lavrov(seeds_build):
    run = kg("path", seeds_build, "Rubio", "Lavrov")
    assert_ok(run)
    hops = [line for line in run.lines(run.stdout) if re.match(r"\d+\. ", line)]
    assert hops, run.stdout
    assert "Marco Rubio" in hops[0] and "Sergei Lavrov" in hops[-1]
    quoted = re.findall(r"“(.+)” \[([^\]]+)\]", run.stdout)
    assert quoted, run.stdout
    seeds = _seed_sentences()
    for sentence, document in quoted:
        assert sentence in seeds
        assert (SEEDS / f"{document}.txt").exists()


def test_path_names_are_case_insensitive(seeds_build):
    assert_ok(kg("path", seeds_build, "marco rubio", "SERGEI LAVROV"))


def test_path_between_unknown_names(seeds_build):
    line = assert_one_line_error(kg("path", seeds_build, "Atlantis Nobody", "Nobody Atlantis"))
    assert "Atlantis Nobody" in line


@pytest.mark.parametrize("measure", ["degree", "betweenness", "pagerank"])
def test_central(seeds_build, measure):
    run = kg("central", seeds_build, "--measure", measure, "--top", "5")
    assert_ok(run)
    assert measure in run.stdout
    rows = [line for line in run.lines(run.stdout) if re.match(r"│\s*\d+\s*│", line)]
    assert len(rows) == 5
    assert not any("│ Place" in row for row in rows)  # places are not actors
    assert any(name in run.stdout for name in ("Marco Rubio", "Russia", "Ukraine", "Sergei Lavrov"))


def test_central_unknown_measure(seeds_build):
    line = assert_one_line_error(kg("central", seeds_build, "--measure", "closeness"))
    assert "closeness" in line


# --------------------------------------------------------------------------- build

GOOD_TEXT = "KUALA LUMPUR, July 10 – Marco Rubio met Sergei Lavrov in Kuala Lumpur on Thursday.\n"


def test_build_end_to_end_with_bad_files(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (inputs / "good.meta.json").write_text('{"published": "2025-07-10"}', encoding="utf-8")
    (inputs / "broken.jsonl").write_text('{"id": "b1", "text": \n', encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    run = kg("build", inputs, "--out", out)
    assert_ok(run)
    warnings = [line for line in run.lines(run.stderr) if line.startswith("warning:")]
    assert any("broken.jsonl:1" in w for w in warnings), run.stderr
    assert any("empty.txt" in w for w in warnings), run.stderr
    assert len(warnings) == 2, run.stderr
    assert "Traceback" not in run.output
    assert re.search(r"\b1 documents\b", run.stdout)
    assert (out / "graph.ttl").is_file()
    assert (out / "graph.html").is_file()
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(graph) > 0
    assert "good" in {str(o) for o in graph.objects(None, None)}  # the document's identifier


def test_build_from_standard_input(tmp_path):
    out = tmp_path / "out"
    run = kg("build", "-", "--out", out, stdin=GOOD_TEXT)
    assert_ok(run)
    assert (out / "graph.ttl").is_file()
    assert "stdin" in (out / "graph.ttl").read_text(encoding="utf-8")


def test_build_missing_path_keeps_the_previous_output(seeds_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    missing = tmp_path / "no-such-folder"
    line = assert_one_line_error(kg("build", missing, "--out", out))
    assert str(missing) in line
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not (tmp_path / ".out.building").exists()


def test_build_bad_base_iri(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    line = assert_one_line_error(kg("build", tmp_path / "a.txt", "--out", tmp_path / "out", "--base-iri", "not-an-iri"))
    assert "--base-iri" in line
    assert not (tmp_path / "out").exists()


def test_build_only_bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    run = kg("build", tmp_path / "empty.txt", "--out", tmp_path / "out")
    assert run.code == 2
    assert "Traceback" not in run.output
    errors = [line for line in run.lines(run.stderr) if line.startswith("error:")]
    assert len(errors) == 1
    assert not (tmp_path / "out").exists()


def test_version():
    run = kg("version")
    assert_ok(run)
    assert re.fullmatch(r"diplomacy-kg \d+\.\d+\.\d+\s*", run.stdout)


def test_build_refuses_a_folder_of_other_files_before_any_work(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "thesis.txt").write_text("my thesis")
    source = tmp_path / "a.txt"
    source.write_text("Russia attacked Ukraine on Monday.")
    line = assert_one_line_error(kg("build", source, "--out", out))
    assert str(out) in line and (out / "thesis.txt").read_text() == "my thesis"


def test_build_refuses_a_malformed_base_iri(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("Russia attacked Ukraine on Monday.")
    assert "--base-iri" in assert_one_line_error(kg("build", source, "--out", tmp_path / "o", "--base-iri", "http://exa<mple/ x"))


def test_build_drops_a_url_that_is_not_an_address(tmp_path):
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "u", "text": "Russia attacked Ukraine on Monday.", "url": "not a url"}) + "\n")
    run = kg("build", source, "--out", tmp_path / "o")
    assert run.code == 0
    [warning] = [line for line in run.lines(run.stderr) if "address" in line]
    assert "a.jsonl:1" in warning and "'not a url' is not an http(s) address" in warning and "ignored" in warning
    graph = Graph().parse(tmp_path / "o" / "graph.ttl", format="turtle")
    assert len(graph) > 0 and not list(graph.objects(None, URIRef("https://schema.org/url")))


def test_path_between_two_names_of_one_entity(seeds_build):
    run = kg("path", seeds_build, "Rubio", "Marco Rubio")
    assert run.code == 0 and "same entity" in run.stdout

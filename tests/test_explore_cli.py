"""The analytics commands on the seeds: central, path, neighbors, communities, timeline and show, with
their filters and formats, as a user runs them."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from test_cli import SEEDS, assert_ok, assert_one_line_error, kg


def _json(*args):
    run = kg(*args, "--format", "json")
    assert_ok(run)
    return json.loads(run.stdout)


def _seed_text() -> str:
    return " ".join(p.read_bytes().decode("utf-8-sig") for p in SEEDS.glob("*.txt"))


def test_the_main_actors_of_the_seeds_are_near_the_top(seeds_build):
    top = [row["actor"] for row in _json("central", seeds_build, "--top", "10")]
    assert {"Marco Rubio", "Sergei Lavrov", "Russia", "Ukraine", "United States"} <= set(top)
    assert top[0] in {"Russia", "Donald Trump", "United States"}


@pytest.mark.parametrize("measure", ["degree", "betweenness", "eigenvector", "pagerank", "cooperative", "hostile",
                                     "targeted"])
def test_every_measure_ranks_actors(seeds_build, measure):
    rows = _json("central", seeds_build, "--measure", measure, "--top", "5")
    assert len(rows) == 5 and all(measure in row for row in rows)
    assert [row[measure] for row in rows] == sorted((row[measure] for row in rows), reverse=True)
    assert not any(row["class"] == "Place" for row in rows)


def test_signed_measures_tell_the_cooperative_from_the_hostile(seeds_build):
    cooperative = [row["actor"] for row in _json("central", seeds_build, "--measure", "cooperative", "--top", "2")]
    targeted = [row["actor"] for row in _json("central", seeds_build, "--measure", "targeted", "--top", "1")]
    assert "Marco Rubio" in cooperative  # he met Lavrov twice
    assert targeted == ["Russia"]  # condemned, threatened with sanctions


def test_a_quad_filter_narrows_the_ranking(seeds_build):
    conflict = _json("central", seeds_build, "--quad", "conflict", "--top", "20")
    everything = _json("central", seeds_build, "--top", "20")
    assert "Marco Rubio" not in {row["actor"] for row in conflict}  # he only met people
    assert all(row["cooperation"] == 0 for row in conflict)
    assert len(conflict) < len(everything)


def test_central_as_csv(seeds_build):
    run = kg("central", seeds_build, "--format", "csv", "--top", "3")
    assert_ok(run)
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert len(rows) == 3 and rows[0]["rank"] == "1" and set(rows[0]) >= {"actor", "class", "degree", "events"}


def test_path_from_kellogg_to_lavrov_has_a_sentence_per_hop(seeds_build):
    run = kg("path", seeds_build, "Keith Kellogg", "Sergei Lavrov")
    assert_ok(run)
    hops = [line for line in run.lines(run.stdout) if re.match(r"\d+\. ", line)]
    quoted = re.findall(r"“(.+)” \[([^\]]+)\]", run.stdout)
    assert len(hops) == len(quoted) >= 2
    assert "Keith Kellogg" in hops[0] and "Sergei Lavrov" in hops[-1]
    seeds = _seed_text()
    assert all(sentence in seeds and (SEEDS / f"{doc}.txt").exists() for sentence, doc in quoted)


def test_k_paths_as_json(seeds_build):
    paths = _json("path", seeds_build, "Kellogg", "Lavrov", "--k", "3")
    assert 2 <= len(paths) <= 3
    assert [len(p["hops"]) for p in paths] == sorted(len(p["hops"]) for p in paths)
    seeds = _seed_text()
    for found in paths:
        assert found["hops"][0]["source"] == "Keith Kellogg" and found["hops"][-1]["target"] == "Sergei Lavrov"
        assert all(hop["sentence"] in seeds for hop in found["hops"])
    assert len({json.dumps(p["hops"]) for p in paths}) == len(paths)  # different paths


def test_every_hop_points_from_who_acts(seeds_build):
    hops = [hop for found in _json("path", seeds_build, "Kellogg", "Lavrov", "--k", "3") for hop in found["hops"]]
    by_relation = {(h["source"], h["relation"], h["target"]): h["direction"] for h in hops}
    assert by_relation.get(("Ukraine", "Assault", "Russia")) == "backward"  # Russia struck Ukraine
    assert by_relation.get(("Russia", "Foreign Minister", "Sergei Lavrov")) == "backward"  # Lavrov holds it
    table = kg("path", seeds_build, "Ukraine", "Russia")
    assert_ok(table)
    assert "Ukraine ←Assault— Russia" in table.stdout


def test_a_filtered_ranking_counts_only_the_kept_events(seeds_build):
    ranked = _json("central", seeds_build, "--class", "Consult", "--top", "20")
    assert ranked and all(row["events"] > 0 for row in ranked)  # no state ranked on its ministers' offices
    assert "United States" not in {row["actor"] for row in ranked}


def test_fewer_events_told_more_than_once(seeds_build):
    once = _json("timeline", seeds_build, "Russia")
    twice = _json("timeline", seeds_build, "Russia", "--min-reports", "2")
    assert twice and len(twice) < len(once) and all(row["reports"] >= 2 for row in twice)


def test_a_pairs_timeline_holds_only_what_passed_between_them(seeds_build):
    # Trump accused Putin and Russia together: both are recipients, neither acted on the other
    assert _json("timeline", seeds_build, "Vladimir Putin", "Russia") == []
    assert _json("timeline", seeds_build, "Donald Trump", "Vladimir Putin")


def test_a_filter_can_cut_a_connection(seeds_build):
    run = kg("path", seeds_build, "Rubio", "Lavrov", "--class", "Assault")
    assert run.code == 1 and "no connection" in run.output


def test_neighbors_by_depth(seeds_build):
    near = _json("neighbors", seeds_build, "Lavrov")
    farther = _json("neighbors", seeds_build, "Lavrov", "--depth", "2")
    assert {"Marco Rubio", "Russia"} <= {row["entity"] for row in near}
    assert all(row["hops"] == 1 for row in near)
    assert len(farther) > len(near) and {row["hops"] for row in farther} == {1, 2}
    assert all(row["sentence"] in _seed_text() for row in farther)


def test_communities_put_rubio_with_lavrov(seeds_build):
    found = _json("communities", seeds_build)
    [camp] = [c for c in found if "Marco Rubio" in {m["label"] for m in c["members"]}]
    assert "Sergei Lavrov" in {m["label"] for m in camp["members"]}
    assert sum(c["size"] for c in found) == len({m["label"] for c in found for m in c["members"]})


def test_timeline_of_a_pair_and_its_filters(seeds_build):
    rows = _json("timeline", seeds_build, "Russia", "Ukraine")
    assert rows and all("Russia" in r["actors"] + r["recipients"] and "Ukraine" in r["actors"] + r["recipients"]
                        for r in rows)
    every = _json("timeline", seeds_build, "Russia")
    conflict = _json("timeline", seeds_build, "Russia", "--quad", "conflict")
    cooperation = _json("timeline", seeds_build, "Russia", "--quad", "cooperation")
    assert len(conflict) + len(cooperation) == len(every) and conflict
    assert [r["month"] for r in every] == sorted(r["month"] for r in every)
    assert _json("timeline", seeds_build, "Russia", "--since", "2025-08") == []
    july = _json("timeline", seeds_build, "Russia", "--since", "2025-07", "--until", "2025-07")
    assert july and all(r["month"] == "2025-07" for r in july)


def test_timeline_table_groups_by_month(seeds_build):
    run = kg("timeline", seeds_build, "Rubio")
    assert_ok(run)
    assert re.search(r"^2025-07: .*Consult", run.stdout, re.MULTILINE)
    assert re.search(r"^\d+ events$", run.stdout, re.MULTILINE)


@pytest.mark.parametrize("args, word", [(["--since", "July"], "--since"), (["--until", "2025-07-1099"], "1099"),
                                        (["--class", "Meeting"], "Meeting"),
                                        (["--quad", "peace"], "peace"), (["--format", "xml"], "xml")])
def test_bad_options_end_in_one_line(seeds_build, args, word):
    assert word in assert_one_line_error(kg("timeline", seeds_build, "Russia", *args))


def test_unknown_names_end_in_one_line(seeds_build):
    assert "Atlantis" in assert_one_line_error(kg("neighbors", seeds_build, "Atlantis"))


def test_names_before_the_folder_are_pointed_out(seeds_build):
    message = assert_one_line_error(kg("path", "Keith Kellogg", "Sergei Lavrov", seeds_build))
    assert "Keith Kellogg: no such folder" in message and "comes first" in message


def test_show_writes_a_slice(seeds_build, tmp_path):
    whole = tmp_path / "whole.html"
    ego = tmp_path / "ego.html"
    assert_ok(kg("show", seeds_build, "-o", whole))
    run = kg("show", seeds_build, "--focus", "Lavrov", "-o", ego)
    assert_ok(run)
    shown = int(re.search(r"\((\d+) entities\)", run.stdout).group(1))
    page = ego.read_text(encoding="utf-8")
    ids = re.findall(r'"id": "([^"]+)"', re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.S).group(1))
    assert len(ids) == shown == 3  # Lavrov, Rubio, Russia
    assert len(whole.read_text(encoding="utf-8")) > len(page) - 10_000
    path = tmp_path / "path.html"
    assert_ok(kg("show", seeds_build, "--focus", "Kellogg", "--focus", "Lavrov", "-o", path))
    assert "around Kellogg and Lavrov" in path.read_text(encoding="utf-8")


def test_show_with_a_bad_focus(seeds_build, tmp_path):
    assert "Nobody" in assert_one_line_error(kg("show", seeds_build, "--focus", "Nobody", "-o", tmp_path / "x.html"))
    assert not (tmp_path / "x.html").exists()


def test_the_same_graph_gives_the_same_page_in_every_process(seeds_build, tmp_path):
    """networkx's subgraph views iterate in set order, which changes with the hash seed; the page must not."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    kg_command = Path(sys.executable).parent / "kg"
    pages = []
    for seed in ("1", "2"):
        page = tmp_path / f"page-{seed}.html"
        subprocess.run([str(kg_command), "show", str(seeds_build), "-o", str(page)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True)
        pages.append(page.read_bytes())
    assert pages[0] == pages[1]


@pytest.mark.parametrize("command", [["central", "--format", "csv"], ["path", "Keith Kellogg", "Sergei Lavrov"]])
def test_a_reader_that_stops_early_ends_the_command_quietly(seeds_build, command):
    import subprocess
    import sys
    from pathlib import Path
    kg_command = Path(sys.executable).parent / "kg"
    folder_first = [command[0], str(seeds_build), *command[1:]]
    run = subprocess.Popen([str(kg_command), *folder_first], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    run.stdout.close()  # like `| head` that has read enough before the command writes
    assert run.wait(timeout=60) == 141
    assert run.stderr.read().decode() == ""

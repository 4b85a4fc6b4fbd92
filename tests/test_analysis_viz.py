"""Graph questions (centrality, shortest paths) and the self-contained HTML explorer."""
from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from kg import viz
from kg.analysis import Hop, centrality, shortest_path
from kg.errors import UserError


def _edge(graph, a, b, key, relation="Consult", sentence="", document="d1", confidence=0.9, link="event"):
    graph.add_edge(a, b, key=key, relation=relation, link=link, sentence=sentence or f"{a} and {b} met.",
                   document=document, confidence=confidence)


@pytest.fixture
def star() -> nx.MultiGraph:
    """hub is linked to a, b and c (twice to a); a chain c - d - e hangs off c; the place p is linked to
    everybody but is not an actor."""
    graph = nx.MultiGraph()
    for node, label, kind in (("hub", "Hub State", "State"), ("a", "Alice", "Person"), ("b", "Bob", "Person"),
                              ("c", "Carol", "Person"), ("d", "Dave", "Person"), ("e", "Eve", "Person"),
                              ("p", "Kuala Lumpur", "Place"), ("lonely", "Lonely", "Person")):
        graph.add_node(node, label=label, kind=kind, mentions=1)
    _edge(graph, "hub", "a", "e1")
    _edge(graph, "hub", "a", "e2", relation="Agree")
    _edge(graph, "hub", "b", "e3")
    _edge(graph, "hub", "c", "e4")
    _edge(graph, "c", "d", "e5")
    _edge(graph, "d", "e", "e6")
    for node in ("hub", "a", "b", "c", "d", "e"):
        _edge(graph, node, "p", f"p-{node}")
    return graph


def test_degree_counts_parallel_edges_and_leaves_places_out(star):
    ranked = centrality(star, "degree", top=10)
    scores = {r.label: r.score for r in ranked}
    assert ranked[0].label == "Hub State"
    assert scores["Hub State"] == 4  # a twice, b, c
    assert scores["Alice"] == 2
    assert scores["Carol"] == 2
    assert "Kuala Lumpur" not in scores
    assert "Lonely" not in scores  # no edges, not ranked
    assert ranked[0].kind == "State"


def test_top_limits_the_list(star):
    assert len(centrality(star, "degree", top=2)) == 2


def test_betweenness(star):
    ranked = centrality(star, "betweenness", top=3)
    assert [r.label for r in ranked[:2]] == ["Hub State", "Carol"]
    assert ranked[0].score > ranked[1].score > 0


def test_pagerank(star):
    ranked = centrality(star, "pagerank", top=10)
    assert ranked[0].label == "Hub State"
    assert sum(r.score for r in ranked) == pytest.approx(1.0)


def test_unknown_measure_raises(star):
    with pytest.raises(UserError, match="closeness"):
        centrality(star, "closeness")


def test_empty_graph_has_no_ranking():
    graph = nx.MultiGraph()
    graph.add_node("x", label="X", kind="State")
    assert centrality(graph, "pagerank") == []


def test_shortest_path_hops_with_evidence(star):
    graph = star.copy()
    graph.remove_node("p")  # the place would give a shortcut
    hops = shortest_path(graph, "a", "e")
    assert [(h.source, h.target) for h in hops] == [("Alice", "Hub State"), ("Hub State", "Carol"),
                                                    ("Carol", "Dave"), ("Dave", "Eve")]
    assert all(isinstance(h, Hop) and h.sentence and h.document == "d1" for h in hops)
    assert hops[2].sentence == "c and d met."


def test_shortest_path_takes_the_most_confident_parallel_edge():
    graph = nx.MultiGraph()
    graph.add_node("x", label="X", kind="State")
    graph.add_node("y", label="Y", kind="State")
    _edge(graph, "x", "y", "weak", relation="Accuse", sentence="X blamed Y.", document="d1", confidence=0.4)
    _edge(graph, "x", "y", "strong", relation="Consult", sentence="X met Y.", document="d2", confidence=0.95)
    [hop] = shortest_path(graph, "x", "y")
    assert hop == Hop("X", "Consult", "Y", "X met Y.", "d2")


def test_no_path(star):
    assert shortest_path(star, "a", "lonely") == []
    assert shortest_path(star, "a", "not-a-node") == []
    assert shortest_path(star, "a", "a") == []


# --------------------------------------------------------------------------- the HTML page

EVIL = "<script>alert(1)</script>"


@pytest.fixture
def page(tmp_path) -> str:
    graph = nx.MultiGraph()
    graph.add_node("n1", label=f"Bosnia & Herzegovina {EVIL}", kind="State", mentions=3)
    graph.add_node("n2", label="AT&T", kind="Organization", mentions=1)
    graph.add_edge("n1", "n2", key="e1", relation="Consult", link="event",
                   sentence=f"Officials met & talked {EVIL}.", document="doc&1", confidence=0.9)
    path = tmp_path / "graph.html"
    viz.write_html(graph, path, title=f"diplomacy-kg & friends {EVIL}")
    return path.read_text(encoding="utf-8")


def test_page_is_self_contained(page):
    assert not re.search(r"<script\b[^>]*\bsrc\s*=\s*[\"']?https?:", page, re.IGNORECASE)
    assert not re.search(r"<link\b[^>]*\bhref\s*=\s*[\"']?https?:", page, re.IGNORECASE)
    assert "vis-network" in page
    assert "new vis.Network" in page


def test_page_never_contains_the_raw_script(page):
    assert EVIL not in page
    assert "alert(1)" in page  # the text is there, made harmless


def test_page_shows_the_nodes_and_the_legend(page):
    assert {n["id"] for n in _dataset(page, "nodes")} == {"n1", "n2"}
    assert len(_dataset(page, "edges")) == 1
    assert "diplomacy-kg &amp; friends" in page  # the legend is HTML, so it is escaped once


def _dataset(page: str, name: str) -> list[dict]:
    match = re.search(name + r" = new vis\.DataSet\((\[.*?\])\);", page, re.DOTALL)
    assert match, f"no {name} DataSet in the page"
    return json.loads(match.group(1))


def test_labels_and_tooltips_show_the_text_as_written(page):
    nodes = {n["id"]: n for n in _dataset(page, "nodes")}
    assert nodes["n2"]["label"] == "AT&T"
    assert nodes["n1"]["label"] == f"Bosnia & Herzegovina {EVIL}"
    [edge] = _dataset(page, "edges")
    assert "Officials met & talked" in edge["title"]


def test_big_graphs_are_cut_to_the_best_connected(tmp_path):
    graph = nx.MultiGraph()
    graph.add_node("hub", label="Hub", kind="State", mentions=1)
    for i in range(30):
        graph.add_node(f"n{i}", label=f"Leaf{i:02d}", kind="Person", mentions=0)
        _edge(graph, "hub", f"n{i}", f"e{i}")
    path = tmp_path / "graph.html"
    viz.write_html(graph, path, max_nodes=5)
    nodes = _dataset(path.read_text(encoding="utf-8"), "nodes")
    assert len(nodes) == 5
    assert "hub" in {n["id"] for n in nodes}


def test_arrows_run_from_actor_to_recipient(tmp_path):
    """The view is undirected (for paths); the picture must still point from who acted to whom."""
    g = nx.MultiGraph()
    g.add_node("y", label="Ukraine", kind="State", mentions=2)  # the recipient first: edges come out as (y, x)
    g.add_node("x", label="Russia", kind="State", mentions=2)
    g.add_edge("y", "x", key="e1", relation="Assault", link="event", sentence="Russia attacked Ukraine.",
               document="d", confidence=0.9, source="x", target="y")
    path = tmp_path / "g.html"
    viz.write_html(g, path)
    edges = json.loads(re.search(r"edges = new vis\.DataSet\((\[.*?\])\);", path.read_text(), re.S).group(1))
    assert [(e["from"], e["to"]) for e in edges] == [("x", "y")]

"""The views (actor graph, event graph, filters), the analytics on them, and the explorer page as
written (the page in a browser: test_explorer_browser.py)."""
from __future__ import annotations

import json
import re
from datetime import date

import networkx as nx
import pytest

from kg import viz
from kg.analysis import (Hop, centrality, communities, find_entity, neighbors, shortest_path, shortest_paths,
                         timeline)
from kg.errors import UserError
from kg.views import Entity, Event, Facts, Filters, Office, Report, actor_graph, event_graph, flat, interval

QUAD_OF = {"Consult": "VerbalCooperation", "Agree": "VerbalCooperation", "Aid": "MaterialCooperation",
           "Accuse": "VerbalConflict", "Assault": "MaterialConflict", "Sanction": "MaterialConflict"}


def report(text: str, doc: str = "d1", confidence: float = 0.9, published: str | None = "2017-03-20",
           url: str | None = None) -> Report:
    return Report(text, doc, confidence, f"Title of {doc}", published, url)


def event(iri, cls, actors, recipients=(), when=None, reports=None, place=None) -> Event:
    return Event(iri, cls, QUAD_OF[cls], tuple(actors), tuple(recipients), when, None, place,
                 tuple(reports or [report(f"{iri}: {cls} between {'/'.join([*actors, *recipients])}.")]))


@pytest.fixture
def facts() -> Facts:
    """hub (a state) deals with a (twice), b and c; c - d - e is a chain; a is hub's foreign minister;
    x attacked y and y accused x; lonely takes part in nothing."""
    entities = {iri: Entity(iri, label, kind, mentions, names) for iri, label, kind, mentions, names in (
        ("hub", "Hub State", "State", 10, ("Hubland", "the Hub")), ("a", "Alice Smith", "Person", 5, ("Smith",)),
        ("b", "Bob", "Person", 3, ()), ("c", "Carol", "Person", 3, ()), ("d", "Dave", "Person", 2, ()),
        ("e", "Eve", "Person", 1, ()), ("x", "Xland", "State", 4, ()), ("y", "Yland", "State", 4, ()),
        ("p", "Kuala Lumpur", "Place", 2, ()), ("lonely", "Lonely", "Person", 1, ()))}
    events = [
        event("e1", "Consult", ["hub", "a"], when="2017-03-02", place="p"),
        event("e2", "Agree", ["hub"], ["a"], when="2017-04"),
        event("e3", "Consult", ["hub"], ["b"], when="2017"),
        event("e4", "Aid", ["hub"], ["c"], when=None, reports=[report("e4 report", published="2017-05-01")]),
        event("e5", "Consult", ["c", "d"], when="2017-03-15",
              reports=[report("e5 one", "d1"), report("e5 two", "d2", 0.5)]),
        event("e6", "Consult", ["d"], ["e"], when="2017-06-01"),
        event("e7", "Assault", ["x"], ["y"], when="2017-03-10"),
        event("e8", "Accuse", ["y"], ["x"], when="2017-03-11"),
        event("e9", "Sanction", ["hub"], ["x"], when="2017-03-12"),
    ]
    offices = [Office("r1", "a", "hub", "Foreign Minister", False, (report("Foreign Minister Alice Smith said."),))]
    return Facts(entities, events, offices)


@pytest.fixture
def view(facts) -> nx.Graph:
    return actor_graph(facts)


# --------------------------------------------------------------------------- views and filters

def test_one_edge_per_pair_carries_its_events_and_offices(view):
    edge = view.edges["hub", "a"]
    assert sorted(e.iri for e in edge["events"]) == ["e1", "e2"]
    assert [o.title for o in edge["offices"]] == ["Foreign Minister"]
    assert (edge["count"], edge["cooperation"], edge["conflict"], edge["weight"], edge["sign"]) == (2, 2, 0, 3, 1)
    assert view.edges["x", "y"]["sign"] == -1 and view.edges["x", "y"]["conflict"] == 2
    assert not view.has_edge("hub", "p")  # a place is where, not who
    assert view.degree("lonely") == 0


def test_joint_events_link_every_pair_of_actors(facts):
    facts.events.append(event("j", "Agree", ["a", "b", "c"]))
    view = actor_graph(facts)
    assert all(any(e.iri == "j" for e in view.edges[pair]["events"]) for pair in (("a", "b"), ("a", "c"), ("b", "c")))


def test_class_and_quad_filters(facts):
    conflict = actor_graph(facts, Filters.parse(quads=["conflict"]))
    assert {frozenset(p) for p, d in conflict.edges.items()} == {frozenset("xy"), frozenset(("hub", "x"))}
    consult = actor_graph(facts, Filters.parse(classes=["consult,agree"]))
    assert not consult.has_edge("x", "y") and consult.has_edge("hub", "a")
    material = Filters.parse(quads=["MaterialConflict"])
    assert [e.iri for e in facts.events if material.keeps(e)] == ["e7", "e9"]


def test_a_date_range_keeps_what_lies_inside_it_at_its_own_precision(facts):
    march = Filters.parse(since="2017-03", until="2017-03")
    assert [e.iri for e in facts.events if march.keeps(e)] == ["e1", "e5", "e7", "e8", "e9"]  # not "2017", not April
    since_may = Filters.parse(since="2017-05-01")
    assert [e.iri for e in facts.events if since_may.keeps(e)] == ["e4", "e6"]  # e4: undated, reported on 1 May


def test_a_filter_keeps_an_office_only_for_someone_taking_part(facts):
    assert actor_graph(facts, Filters.parse(classes=["Agree"])).edges["hub", "a"]["offices"]
    assert not actor_graph(facts, Filters.parse(classes=["Assault"])).has_edge("hub", "a")


def test_minimum_reports(facts):
    assert [e.iri for e in facts.events if Filters(min_reports=2).keeps(e)] == ["e5"]


@pytest.mark.parametrize("kwargs, word", [({"since": "March"}, "--since"), ({"until": "2017-13"}, "--until"),
                                          ({"classes": ["Meet"]}, "Meet"), ({"quads": ["peace"]}, "peace"),
                                          ({"since": "2018", "until": "2017"}, "empty")])
def test_bad_filters_say_what_is_wrong(kwargs, word):
    with pytest.raises(UserError, match=word):
        Filters.parse(**kwargs)


def test_interval():
    assert interval("2016-02") == (date(2016, 2, 1), date(2016, 2, 29))
    assert interval("2017") == (date(2017, 1, 1), date(2017, 12, 31))
    assert interval("2017-03-05") == (date(2017, 3, 5), date(2017, 3, 5))


def test_event_graph_links_actors_events_recipients_and_places(facts):
    graph = event_graph(facts)
    assert graph.has_edge("hub", "e1") and graph.has_edge("e1", "p") and graph.has_edge("e7", "y")
    assert graph.nodes["e1"]["cls"] == "Consult" and graph.nodes["e4"]["date"] == "2017-05-01"
    assert graph.edges["e1", "p"]["role"] == "place"


def test_the_flat_view_holds_plain_values(view, tmp_path):
    path = tmp_path / "g.graphml"
    nx.write_graphml(flat(view), path)
    edge = nx.read_graphml(path).edges["hub", "a"]
    assert edge["relation"] == "Agree, Consult, Foreign Minister" and edge["events"] == 2 and edge["weight"] == 3


# --------------------------------------------------------------------------- analytics

def test_degree_weighs_events_and_offices_and_leaves_places_and_loners_out(view):
    ranked = centrality(view, "degree", top=20)
    scores = {r.label: r.score for r in ranked}
    assert ranked[0].label == "Hub State" and scores["Hub State"] == 6  # a: 2 events + office, b, c, x
    assert "Kuala Lumpur" not in scores and "Lonely" not in scores
    assert ranked[0].events == 5 and ranked[0].cooperation == 4 and ranked[0].conflict == 1


@pytest.mark.parametrize("measure", ["betweenness", "eigenvector", "pagerank"])
def test_structural_measures_put_the_hub_first(view, measure):
    ranked = centrality(view, measure, top=3)
    assert ranked[0].label == "Hub State" and ranked[0].score > ranked[1].score


def test_signed_measures(view):
    assert [r.label for r in centrality(view, "hostile", top=2)] == ["Hub State", "Xland"]
    assert {r.label: r.score for r in centrality(view, "targeted", top=2)} == {"Xland": 2.0, "Yland": 1.0}
    assert centrality(view, "cooperative", top=1)[0].label == "Hub State"


def test_unknown_measure(view):
    with pytest.raises(UserError, match="closeness"):
        centrality(view, "closeness")


def test_empty_view_has_no_ranking():
    graph = nx.Graph()
    graph.add_node("x", label="X", kind="State")
    assert centrality(graph, "pagerank") == [] and communities(graph) == []


def test_a_path_gives_every_hop_its_best_sentence(view):
    hops = shortest_path(view, "a", "e")
    assert [(h.source, h.target) for h in hops] == [("Alice Smith", "Hub State"), ("Hub State", "Carol"),
                                                    ("Carol", "Dave"), ("Dave", "Eve")]
    assert hops[2] == Hop("Carol", "Consult", "Dave", "e5 one", "d1", "Title of d1", "2017-03-20")


def test_k_paths_fewest_hops_first(facts):
    facts.events.append(event("e10", "Consult", ["b"], ["d"]))
    paths = shortest_paths(actor_graph(facts), "hub", "d", k=3)
    assert [len(p) for p in paths] == [2, 2]
    assert {p[0].target for p in paths} == {"Bob", "Carol"}


def test_no_path(view):
    assert shortest_paths(view, "a", "lonely") == [] and shortest_path(view, "a", "nobody") == []
    assert shortest_path(view, "a", "a") == []


def test_neighbors_by_distance(view):
    near = neighbors(view, "c", depth=2)
    assert [(n.label, n.distance, n.via) for n in near] == [("Dave", 1, "Carol"), ("Hub State", 1, "Carol"),
                                                            ("Alice Smith", 2, "Hub State"), ("Bob", 2, "Hub State"),
                                                            ("Eve", 2, "Dave"), ("Xland", 2, "Hub State")]
    assert near[0].relations == "Consult" and near[0].sentence == "e5 one"
    assert [n.label for n in neighbors(view, "c", depth=1)] == ["Dave", "Hub State"]


def test_communities_split_two_camps_joined_by_one_tie():
    facts = Facts({n: Entity(n, n.upper(), "State") for n in "abcdefgh"}, [], [])
    for i, (x, y) in enumerate([("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d"),
                                ("e", "f"), ("e", "g"), ("e", "h"), ("f", "g"), ("f", "h"), ("g", "h"), ("d", "e")]):
        facts.events.append(event(f"ev{i}", "Consult", [x, y]))
    found = communities(actor_graph(facts))
    assert sorted(sorted(c.members) for c in found) == [list("ABCD"), list("EFGH")]
    assert found == communities(actor_graph(facts))  # seeded: the same answer every time


def test_timeline_of_an_actor_and_of_a_pair(facts):
    rows = timeline(facts, Filters(), "hub")
    assert [r.month for r in rows] == ["2017", "2017-03", "2017-03", "2017-04", "2017-05"]
    assert rows[-1].date == "reported 2017-05-01" and rows[-1].cls == "Aid"
    pair = timeline(facts, Filters(), "x", "y")
    assert [(r.cls, r.actors, r.recipients) for r in pair] == [("Assault", "Xland", "Yland"), ("Accuse", "Yland", "Xland")]
    assert [r.cls for r in timeline(facts, Filters.parse(quads=["material-conflict"]), "x", "y")] == ["Assault"]


def test_find_entity_by_label_alias_or_last_word(facts):
    assert find_entity(facts, "hubland") == "hub"
    assert find_entity(facts, "Smith") == "a"
    assert find_entity(facts, "  ALICE   smith ") == "a"
    with pytest.raises(UserError, match="Atlantis"):
        find_entity(facts, "Atlantis")


# --------------------------------------------------------------------------- the page as written

EVIL = "<script>alert(1)</script>"


def _page(facts, tmp_path, **kwargs) -> str:
    path = tmp_path / "graph.html"
    viz.write_html(facts, actor_graph(facts), path, **kwargs)
    return path.read_text(encoding="utf-8")


@pytest.fixture
def evil_facts(facts) -> Facts:
    facts.entities["x"] = Entity("x", f"Bosnia & Herzegovina {EVIL}", "State", 4, ("AT&T",))
    facts.events.append(event("e11", "Consult", ["x"], ["hub"], reports=[
        report(f"Officials met & talked {EVIL} </script><script>alert(2)</script>", "doc&1",
               url="javascript:alert(3)")]))
    return facts


def test_page_is_self_contained(facts, tmp_path):
    page = _page(facts, tmp_path)
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link\b[^>]*\bhref\s*=\s*[\"']?https?:", page, re.IGNORECASE)
    assert "new vis.Network" in page and "kgExplorer" in page


def test_article_text_never_becomes_markup(evil_facts, tmp_path):
    page = _page(evil_facts, tmp_path, title=f"diplomacy-kg & friends {EVIL}")
    assert EVIL not in page and "</script><script>alert(2)" not in page
    assert "diplomacy-kg &amp; friends &lt;script&gt;" in page  # our HTML: escaped once
    data = _data(page)
    assert data["nodes"]["x"]["label"] == f"Bosnia & Herzegovina {EVIL}"  # the JSON gives the text back as written
    assert any(EVIL in r[0] for e in data["edges"].values() for ev in e["events"] for r in ev["reports"])
    assert all(d["url"] is None for d in data["documents"] if d["id"] == "doc&1")  # javascript: is never a link


def test_the_page_carries_every_event_with_its_reports(facts, tmp_path):
    data = _data(_page(facts, tmp_path))
    [edge] = [e for e in data["edges"].values() if {e["from"], e["to"]} == {"c", "d"}]
    [ev] = edge["events"]
    assert ev["cls"] == "Consult" and ev["when"] == "2017-03-15" and len(ev["reports"]) == 2
    assert data["documents"][ev["reports"][1][1]]["id"] == "d2"
    assert data["nodes"]["a"]["offices"][0]["title"] == "Foreign Minister"
    assert {n["id"] for n in _dataset(_page(facts, tmp_path), "nodes")} == set(data["nodes"])


def test_big_graphs_show_the_most_central_connected_part_and_say_so(tmp_path):
    entities = {"hub": Entity("hub", "Hub", "State", 9)}
    events = []
    for i in range(30):
        entities[f"n{i}"] = Entity(f"n{i}", f"Leaf{i:02d}", "Person")
        events.append(event(f"e{i}", "Consult", ["hub"], [f"n{i}"]))
    entities.update({"p": Entity("p", "Pair one", "State"), "q": Entity("q", "Pair two", "State")})
    events.append(event("pq", "Consult", ["p"], ["q"]))
    page = _page(Facts(entities, events, []), tmp_path, max_nodes=5)
    nodes = _dataset(page, "nodes")
    assert len(nodes) == 5 and "hub" in {n["id"] for n in nodes}
    assert "Showing 5 of 33 connected entities: the most central" in page
    assert all(n["physics"] is False and "x" in n for n in nodes)  # laid out once, no physics


def test_arrows_run_from_actor_to_recipient(facts, tmp_path):
    edges = {(e["from"], e["to"]): e for e in _dataset(_page(facts, tmp_path), "edges")}
    xy = edges.get(("x", "y")) or edges[("y", "x")]
    assert xy["arrows"] == "to,from"  # each attacked or accused the other
    [hub_b] = [e for pair, e in edges.items() if set(pair) == {"hub", "b"}]
    assert hub_b["arrows"] == ("to" if hub_b["from"] == "hub" else "from")


def test_focus_keeps_an_ego_network_or_the_paths_between_two(view):
    assert viz.focus_nodes(view, ["c"], depth=1) == {"c", "d", "hub"}
    assert viz.focus_nodes(view, ["a", "e"]) == {"a", "hub", "c", "d", "e"}


def _dataset(page: str, name: str) -> list[dict]:
    match = re.search(name + r" = new vis\.DataSet\((\[.*?\])\);", page, re.DOTALL)
    assert match, f"no {name} DataSet in the page"
    return json.loads(match.group(1))


def _data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.DOTALL)
    assert match
    return json.loads(match.group(1))


def test_an_edge_with_as_much_cooperation_as_conflict_is_not_drawn_as_an_office(facts, tmp_path):
    facts.events += [event("e12", "Consult", ["x", "y"]), event("e13", "Agree", ["x", "y"])]
    page = _page(facts, tmp_path)
    colour = {frozenset((e["from"], e["to"])): e["color"] for e in _dataset(page, "edges")}
    assert colour[frozenset(("x", "y"))] == viz.SIGN_COLOURS["mixed"]  # two conflicts, two agreements
    assert colour[frozenset(("hub", "a"))] == viz.SIGN_COLOURS[1]
    assert "as much of each" in page and "office only" in page

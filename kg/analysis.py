"""Graph questions over the built graph: a networkx view of the actors, centrality, paths.

Reads the graph only through SPARQL on the store. Like networkx's own algorithms, the
functions take a graph and return plain data.
"""
from __future__ import annotations

from dataclasses import dataclass

from collections.abc import Iterator

import networkx as nx
import pyoxigraph as ox

from .errors import UserError
from .iris import PREFIXES
from .knowledge import fold

MEASURES = ("degree", "betweenness", "pagerank")

EDGES_QUERY = """
SELECT ?event ?cls ?a ?b ?sentence ?doc ?conf WHERE {
  ?event a ?cls ; dip:actor ?a .
  ?cls rdfs:subClassOf/rdfs:subClassOf dip:Event .
  { ?event dip:recipient ?b } UNION { ?event dip:actor ?b FILTER(STR(?a) < STR(?b)) }
  ?event prov:wasDerivedFrom ?ev .
  ?ev dip:sentence ?sentence ; dip:inDocument/dcterms:identifier ?doc ; dip:confidence ?conf .
  FILTER NOT EXISTS { ?event dip:status "negated" }
}"""

ROLE_QUERY = """
SELECT ?role ?person ?of ?title ?sentence ?doc ?conf WHERE {
  ?person dip:holdsRole ?role . ?role dip:title ?title ; dip:roleOf ?of ; prov:wasDerivedFrom ?ev .
  ?ev dip:sentence ?sentence ; dip:inDocument/dcterms:identifier ?doc ; dip:confidence ?conf .
}"""

NODES_QUERY = """
SELECT ?node ?label ?cls ?mentions WHERE {
  ?node rdfs:label ?label ; a ?cls .
  VALUES ?cls { dip:Person dip:State dip:Organization dip:InternationalOrganization dip:GovernmentBody
                dip:Group dip:Place }
  OPTIONAL { ?node dip:mentionCount ?mentions }
}"""

NAMES_QUERY = """
SELECT ?node ?name ?mentions WHERE {
  { ?node rdfs:label ?name } UNION { ?node skos:altLabel ?name }
  ?node a ?cls . VALUES ?cls { dip:Person dip:State dip:Organization dip:InternationalOrganization
                               dip:GovernmentBody dip:Group dip:Place }
  OPTIONAL { ?node dip:mentionCount ?mentions }
}"""


@dataclass(frozen=True)
class Ranked:
    label: str
    kind: str
    score: float


@dataclass(frozen=True)
class Hop:
    source: str
    relation: str
    target: str
    sentence: str
    document: str


def select(store: ox.Store, query: str) -> Iterator[dict[str, str | None]]:
    """The rows of a SELECT over the union of the graphs, each a dict of variable -> the term's value
    (an IRI, a literal's lexical form) or None when unbound."""
    result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    for solution in result:
        yield {name: term.value if (term := solution[name]) is not None else None for name in names}


def actor_graph(store: ox.Store) -> nx.MultiGraph:
    """Entities as nodes (label, kind); one edge per event between its sides and per office between a
    person and the office's state or organisation, each edge with its best evidence sentence."""
    graph = nx.MultiGraph()
    for row in select(store, NODES_QUERY):
        graph.add_node(row["node"], label=row["label"], kind=row["cls"].rsplit("#", 1)[-1],
                       mentions=int(row["mentions"] or 0))
    for link, query, relation in (("event", EDGES_QUERY, "cls"), ("role", ROLE_QUERY, "title")):
        best: dict[tuple, tuple] = {}
        for row in select(store, query):
            ends = (row["a"], row["b"]) if link == "event" else (row["person"], row["of"])
            key = (row["event"] if link == "event" else row["role"], *ends)
            label = row[relation].rsplit("#", 1)[-1]
            candidate = (float(row["conf"]), label, row["sentence"], row["doc"])
            if key not in best or candidate > best[key]:
                best[key] = candidate
        for (ident, a, b), (conf, label, sentence, doc) in sorted(best.items()):
            if a in graph and b in graph and a != b:
                graph.add_edge(a, b, key=ident, relation=label, link=link, sentence=sentence, document=doc,
                               confidence=conf, source=a, target=b)  # the graph is undirected; keep who acted
    return graph


def _simple(graph: nx.MultiGraph, actors_only: bool = True) -> nx.Graph:
    """Collapse parallel edges into one weighted edge; leave places out when asked."""
    simple = nx.Graph()
    for node, data in graph.nodes(data=True):
        if not actors_only or data.get("kind") != "Place":
            simple.add_node(node, **data)
    for a, b, data in graph.edges(data=True):
        if a in simple and b in simple:
            weight = simple.edges[a, b]["weight"] + 1 if simple.has_edge(a, b) else 1
            simple.add_edge(a, b, weight=weight)
    return simple


def centrality(graph: nx.MultiGraph, measure: str = "degree", top: int = 10) -> list[Ranked]:
    """The `top` most central actors by `measure` (degree, betweenness or pagerank).

    >>> g = nx.MultiGraph(); g.add_node("a", label="A", kind="State"); g.add_node("b", label="B", kind="State")
    >>> _ = g.add_edge("a", "b")
    >>> [r.label for r in centrality(g, "degree", top=1)]
    ['A']
    """
    if measure not in MEASURES:
        raise UserError(f"--measure {measure}: unknown measure; use one of {', '.join(MEASURES)}")
    simple = _simple(graph)
    simple.remove_nodes_from([n for n in list(simple) if simple.degree(n) == 0])
    if simple.number_of_nodes() == 0:
        return []
    if measure == "degree":
        scores = dict(simple.degree(weight="weight"))
    elif measure == "betweenness":
        scores = nx.betweenness_centrality(simple)
    else:
        scores = nx.pagerank(simple, weight="weight")
    ranked = sorted(scores.items(), key=lambda item: (-item[1], simple.nodes[item[0]]["label"]))
    return [Ranked(simple.nodes[n]["label"], simple.nodes[n]["kind"], float(s)) for n, s in ranked[:top]]


def find_entity(store: ox.Store, name: str) -> str:
    """The IRI of the entity one of whose labels is `name` (case and punctuation folded), or else
    whose label ends with it ("Kellogg" for "Keith Kellogg"); the most mentioned one when several fit."""
    wanted = fold(name)
    exact: dict[str, int] = {}
    by_last_word: dict[str, int] = {}
    for row in select(store, NAMES_QUERY):
        label, node, mentions = fold(row["name"]), row["node"], int(row["mentions"] or 0)
        if label == wanted:
            exact[node] = mentions
        elif label.rsplit(" ", 1)[-1] == wanted:
            by_last_word[node] = mentions
    matches = exact or by_last_word
    if not matches:
        raise UserError(f"{name!r}: no entity has this name; list names with: kg query DIR "
                        f"'SELECT ?name WHERE {{ ?e rdfs:label ?name }}'")
    return max(sorted(matches), key=lambda node: matches[node])


def shortest_path(graph: nx.MultiGraph, source: str, target: str) -> list[Hop]:
    """The fewest hops from one entity to another, each with the sentence that says so."""
    if source == target:
        return []
    try:
        nodes = nx.shortest_path(graph, source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []
    hops = []
    for a, b in zip(nodes, nodes[1:]):
        data = max(graph.get_edge_data(a, b).values(), key=lambda d: d["confidence"])
        hops.append(Hop(graph.nodes[a]["label"], data["relation"], graph.nodes[b]["label"], data["sentence"],
                        data["document"]))
    return hops

"""Graph questions over the actor view (`views.actor_graph`): who is central, how two actors are
connected and on what evidence, who is near whom, which actors form camps, and what happened
between them month by month.

Like networkx's own algorithms, the functions take a view and return plain records.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import islice

import networkx as nx

from .errors import UserError
from .knowledge import fold
from .views import Event, Facts, Filters, Report, best_report, best_support, direction, relations

# structural measures, then signed ones: cooperation taken part in, conflict started, conflict suffered
MEASURES = ("degree", "betweenness", "eigenvector", "pagerank", "cooperative", "hostile", "targeted")
# exact betweenness costs a shortest-path search from every actor (6.5 s at 1,558 actors); past this
# many actors it is estimated from a seeded sample of sources, which keeps the ranking of the top
BETWEENNESS_EXACT = 2000
BETWEENNESS_PIVOTS = 1000


@dataclass(frozen=True)
class Ranked:
    label: str
    kind: str
    score: float
    iri: str = ""
    events: int = 0  # events it takes part in
    cooperation: int = 0
    conflict: int = 0


@dataclass(frozen=True)
class Hop:
    source: str
    relation: str
    target: str
    sentence: str
    document: str
    title: str | None = None
    published: str | None = None
    direction: str = "mutual"  # forward: source acts on target (or holds its office); backward; mutual

    @property
    def arrow(self) -> str:
        """"—Consult—", "—Assault→" or "←Assault—": the hop in words, pointing from who acts."""
        return {"forward": f"—{self.relation}→", "backward": f"←{self.relation}—"}.get(self.direction,
                                                                                      f"—{self.relation}—")


@dataclass(frozen=True)
class Neighbor:
    label: str
    kind: str
    distance: int
    via: str  # the entity it is reached through (the start itself at distance 1)
    relations: str  # the events and offices of that last hop
    sentence: str
    document: str


@dataclass(frozen=True)
class Community:
    number: int
    members: tuple[str, ...]  # labels, the most connected first
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class TimelineRow:
    month: str  # YYYY-MM, or the year alone for an event dated by year only
    date: str  # the event's date, or "reported YYYY-MM-DD" for an undated event
    cls: str
    quad: str
    actors: str
    recipients: str
    reports: int
    sentence: str
    document: str
    status: str = ""  # "future" or "hypothetical" when the text says so; "" for what happened


def actors_only(view: nx.Graph) -> nx.Graph:
    """The view without places (they are where things happen, not who acts) and without isolated nodes."""
    keep = [n for n, d in view.nodes(data=True) if d.get("kind") != "Place" and view.degree(n) > 0]
    sub = view.subgraph(keep)
    return sub.subgraph([n for n in sub if sub.degree(n) > 0])


def scores(view: nx.Graph, measure: str) -> dict[str, float]:
    """`measure` for every actor linked to another. Weights count events and offices; weighted
    betweenness treats 1/weight as the distance, so strong ties are short (estimated from
    BETWEENNESS_PIVOTS sources past BETWEENNESS_EXACT actors)."""
    if measure not in MEASURES:
        raise UserError(f"--measure {measure}: unknown measure; use one of {', '.join(MEASURES)}")
    graph = actors_only(view)
    if view.graph.get("filtered"):
        graph = _events_only(graph)
    if graph.number_of_nodes() == 0:
        return {}
    if measure == "degree":
        return dict(graph.degree(weight="weight"))
    if measure == "betweenness":
        pivots = None if graph.number_of_nodes() <= BETWEENNESS_EXACT else BETWEENNESS_PIVOTS
        return nx.betweenness_centrality(graph, k=pivots, seed=0, weight=lambda a, b, data: 1 / data["weight"])
    if measure == "eigenvector":
        return _eigenvector(graph)
    if measure == "pagerank":
        return nx.pagerank(graph, weight="weight")
    return {node: float(_signed(view, node)[measure]) for node in graph}


def _events_only(graph: nx.Graph) -> nx.Graph:
    """The ties made by the kept events alone. A filtered view keeps the offices of the people it shows
    (for paths and the page), but "central in Consult events" must not rank a state on its ministers."""
    events = nx.Graph()
    for a, b, data in graph.edges(data=True):
        if data["count"]:
            events.add_node(a, **graph.nodes[a])
            events.add_node(b, **graph.nodes[b])
            events.add_edge(a, b, **{**data, "weight": data["count"]})
    return events


def _eigenvector(graph: nx.Graph) -> dict[str, float]:
    try:
        return nx.eigenvector_centrality_numpy(graph, weight="weight")
    except (TypeError, ValueError, nx.NetworkXException, ArithmeticError):  # too small for the sparse solver
        return nx.eigenvector_centrality(graph, weight="weight", max_iter=1000, tol=1e-8)


def _signed(view: nx.Graph, node: str) -> dict[str, int]:
    events = {e.iri: e for _, _, d in view.edges(node, data=True) for e in d["events"]}.values()
    return {"cooperative": sum(1 for e in events if e.sign > 0),
            "hostile": sum(1 for e in events if e.sign < 0 and node in e.actors),
            "targeted": sum(1 for e in events if e.sign < 0 and node in e.recipients)}


def centrality(view: nx.Graph, measure: str = "degree", top: int = 10) -> list[Ranked]:
    """The `top` actors by `measure`, each with its event counts.

    >>> g = nx.Graph(); g.add_node("a", label="A", kind="State"); g.add_node("b", label="B", kind="State")
    >>> g.add_edge("a", "b", weight=1, events=[], offices=[])
    >>> [r.label for r in centrality(g, "degree", top=1)]
    ['A']
    """
    found = scores(view, measure)
    ranked = sorted(found.items(), key=lambda item: (-item[1], view.nodes[item[0]]["label"], item[0]))
    rows = []
    for node, score in ranked[:top]:
        events = {e.iri: e for _, _, d in view.edges(node, data=True) for e in d["events"]}.values()
        rows.append(Ranked(view.nodes[node]["label"], view.nodes[node]["kind"], float(score), node, len(events),
                           sum(1 for e in events if e.sign > 0), sum(1 for e in events if e.sign < 0)))
    return rows


def find_entity(facts: Facts, name: str) -> str:
    """The IRI of the entity one of whose names is `name` (case and punctuation folded), or else
    whose label ends with it ("Kellogg" for "Keith Kellogg"); the most mentioned one when several fit."""
    wanted = fold(name)
    exact: dict[str, int] = {}
    by_last_word: dict[str, int] = {}
    for entity in facts.entities.values():
        for label in map(fold, (entity.label, *entity.names)):
            if label == wanted:
                exact[entity.iri] = entity.mentions
            elif label.rsplit(" ", 1)[-1] == wanted:
                by_last_word[entity.iri] = entity.mentions
    matches = exact or by_last_word
    if not matches:
        raise UserError(f"{name!r}: no entity has this name; list names with: kg query DIR "
                        f"'SELECT ?name WHERE {{ ?e rdfs:label ?name }}'")
    return max(sorted(matches), key=lambda node: matches[node])


def shortest_paths(view: nx.Graph, source: str, target: str, k: int = 1) -> list[list[Hop]]:
    """Up to `k` connections from one entity to another, the fewest hops first, each hop with the
    sentence that best supports it."""
    return [[_hop(view, a, b) for a, b in zip(nodes, nodes[1:])] for nodes in node_paths(view, source, target, k)]


def node_paths(view: nx.Graph, source: str, target: str, k: int = 1) -> list[list[str]]:
    """Up to `k` simple paths between two entities, as lists of nodes, the fewest hops first."""
    if source == target or source not in view or target not in view:
        return []
    try:
        return list(islice(nx.shortest_simple_paths(view, source, target), k))
    except nx.NetworkXNoPath:
        return []


def shortest_path(view: nx.Graph, source: str, target: str) -> list[Hop]:
    """The fewest hops from one entity to another (empty when there is no connection)."""
    paths = shortest_paths(view, source, target, k=1)
    return paths[0] if paths else []


def _hop(view: nx.Graph, a: str, b: str) -> Hop:
    item, report = best_support(view.edges[a, b])
    report = report or Report("", "")
    relation = item.cls if isinstance(item, Event) else item.title
    return Hop(view.nodes[a]["label"], relation, view.nodes[b]["label"], report.sentence, report.document,
               report.title, report.published, direction(item, a, b))


def neighbors(view: nx.Graph, source: str, depth: int = 1) -> list[Neighbor]:
    """Every entity within `depth` hops, the nearest and most strongly tied first."""
    if source not in view:
        return []
    parents = nx.predecessor(view, source, cutoff=depth)
    distance = nx.single_source_shortest_path_length(view, source, cutoff=depth)
    rows = []
    for node, hops in distance.items():
        if node == source:
            continue
        via = max(parents[node], key=lambda p: (view.edges[p, node]["weight"], p))  # the strongest tie in
        data = view.edges[via, node]
        _, report = best_report(data)
        report = report or Report("", "")
        rows.append((hops, -data["weight"], view.nodes[node]["label"],
                     Neighbor(view.nodes[node]["label"], view.nodes[node]["kind"], hops, view.nodes[via]["label"],
                              relations(data), report.sentence, report.document)))
    return [row[-1] for row in sorted(rows, key=lambda r: r[:3])]


def communities(view: nx.Graph, seed: int = 0) -> list[Community]:
    """Camps of actors that deal more with each other than with the rest (Louvain on the event and
    office weights; the seed makes the answer repeatable), the largest first."""
    graph = actors_only(view)
    if graph.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    strength = dict(graph.degree(weight="weight"))
    ordered = sorted((sorted(c, key=lambda n: (-strength[n], graph.nodes[n]["label"])) for c in found),
                     key=lambda c: (-len(c), -sum(strength[n] for n in c), graph.nodes[c[0]]["label"]))
    return [Community(number, tuple(graph.nodes[n]["label"] for n in members),
                      tuple(graph.nodes[n]["kind"] for n in members))
            for number, members in enumerate(ordered, 1)]


def timeline(facts: Facts, filters: Filters, source: str, other: str | None = None) -> list[TimelineRow]:
    """The events of an actor, or of a pair of actors, oldest first; undated events are placed on the
    day they were first reported, and events known by neither come last."""
    rows = []
    for event in facts.events:
        sides = set(event.actors) | set(event.recipients)
        if source not in sides or not filters.keeps(event):
            continue
        if other is not None and not any({source, other} == set(pair) for pair in event.pairs()):
            continue  # both named, but not as a related pair (two recipients of one act)
        when = event.when
        report = event.best or Report("", "")
        rows.append(TimelineRow(when[:7] if when else "undated",
                                event.date or (f"reported {when}" if when else ""),
                                event.cls, event.quad, _names(facts, event.actors), _names(facts, event.recipients),
                                len(event.reports), report.sentence, report.document, event.status or ""))
    return sorted(rows, key=lambda r: (r.month == "undated", r.month, r.date.removeprefix("reported "), r.cls,
                                       r.actors, r.sentence))


def _names(facts: Facts, iris: tuple[str, ...]) -> str:
    return "; ".join(facts.entities[i].label for i in iris if i in facts.entities)


def month_counts(rows: list[TimelineRow]) -> list[tuple[str, Counter]]:
    """Per month, the number of events of each class."""
    months: dict[str, Counter] = {}
    for row in rows:
        months.setdefault(row.month, Counter())[row.cls] += 1
    return list(months.items())


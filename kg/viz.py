"""The explorer page (`graph.html`, `kg show`): pyvis draws the network; our script adds search,
filters and a side panel with the evidence. The page is self-contained and opens with no network.

- What is drawn: the actor view (`views.actor_graph`). Past `max_nodes` entities the page shows the
  most central ones (PageRank over event and office weights), grown outwards from the most central
  so that what is drawn hangs together, and says so. Positions are computed once here (Kamada-Kawai
  by hops in each connected part, a seeded spring layout for a very large part, so the same graph
  gives the same page) and physics is off, so a big page is drawn at once and does not move.
- Nodes: size by centrality, colour by class. Edges: one per related pair, width by its number of
  events, colour by sign (cooperation, conflict, as much of each), grey and dashed when only an office.
- Everything the panel and the filters need (every event of every edge with its reports, the
  documents' titles, dates and addresses, entities' names and offices) goes into one JSON block.
- Safety: pyvis writes its data with Jinja's `tojson`, and our JSON block has <, > and & written as
  \\u escapes, so no article text can close a tag; the script only ever sets `textContent` and
  only links http(s) addresses. Our own HTML (title, notes) is escaped here. pyvis 0.3.2 also links
  Bootstrap from a CDN in "in_line" mode; those tags are removed.
"""
from __future__ import annotations

import heapq
import html
import json
import math
import re
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from .analysis import node_paths
from .views import Event, Facts, Office, Report, relations

HTML_FILE = "graph.html"
MAX_NODES = 150  # past this, the most central: a bigger picture is a hairball a reader cannot use
LAYOUT_EXACT = 250  # Kamada-Kawai up to this many nodes in one connected part (0.7 s at 150), spring past it
NODE_GAP = 80  # pixels between packed parts
PAGE_DIR = Path(__file__).resolve().parent / "page"
COLOURS = {"Person": "#e4572e", "State": "#2e86ab", "Organization": "#7a9e7e", "InternationalOrganization": "#3bb273",
           "GovernmentBody": "#9bc53d", "Group": "#f3a712", "Place": "#a8a8a8"}
# an edge's balance of events: cooperation, conflict, as much of each ("mixed": grey would read as no
# conflict at all), neither (an office only)
SIGN_COLOURS = {1: "#2a9d4b", -1: "#d62828", "mixed": "#e09f3e", 0: "#9a9a9a"}
REMOTE_TAG = re.compile(r"<(script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?https?://[^>]*>(?:\s*</script>)?",
                        re.IGNORECASE | re.DOTALL)
COMMENTED_TAGS = re.compile(r"<!--(?:(?!-->).)*?<(?:script|link)\b.*?-->", re.IGNORECASE | re.DOTALL)
OPTIONS = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},  # the positions are given
    "nodes": {"shape": "dot", "borderWidth": 1,
              # labels grow with the node, so the hubs' names can be read with the whole network in view
              "scaling": {"min": 8, "max": 42, "label": {"enabled": True, "min": 12, "max": 44, "maxVisible": 20,
                                                         "drawThreshold": 6}}},
    "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1.5},
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
}


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def write_html(facts: Facts, view: nx.Graph, path: Path, title: str = "diplomacy-kg", max_nodes: int = MAX_NODES,
               only: set[str] | None = None, focus: tuple[str, ...] = ()) -> int:
    """Write the explorer page for `view` (or the part of it in `only`) to `path`; return the number
    of entities drawn."""
    candidates = sorted(n for n in (only if only is not None else view) if n in view and view.degree(n) > 0)
    rank = _centrality(_ordered(view, candidates))
    shown = _choose(view, candidates, rank, max_nodes, focus)
    sub = _ordered(view, shown)
    positions = _layout(sub)
    net = Network(height="100%", width="100%", directed=False, cdn_resources="in_line", heading="")
    top = max(rank.values(), default=1.0) or 1.0
    for node in shown:
        data = view.nodes[node]
        x, y = positions[node]
        net.add_node(node, label=data["label"], color=COLOURS.get(data["kind"], "#cccccc"), kind=data["kind"],
                     value=round(1 + 99 * math.sqrt(rank[node] / top), 2), x=x, y=y, physics=False,
                     title=f"{data['label']} ({_words(data['kind'])})")
    edges = {}
    for number, (a, b) in enumerate(sorted(sub.edges())):
        data = view.edges[a, b]
        edge_id = f"e{number}"
        edges[edge_id] = (a, b, data)
        net.add_edge(a, b, id=edge_id, title=relations(data), width=_width(data["count"]),
                     color=SIGN_COLOURS[balance(data)], dashes=not data["events"], arrows=_arrows(a, b, data))
    net.set_options(json.dumps(OPTIONS))
    page = self_contained(net.generate_html())
    note = _note(len(shown), len(candidates), only is not None)
    blob = json_for_script(_details(facts, view, shown, edges, focus))
    page = page.replace("<body>", "<body>\n" + _header(title, note, shown, view), 1)
    page = page.replace("</body>", _panel() + f'\n<script type="application/json" id="kg-data">{blob}</script>\n'
                        f"<script>{(PAGE_DIR / 'explorer.js').read_text(encoding='utf-8')}</script>\n</body>", 1)
    page = page.replace("</head>", f"<title>{escape(title)}</title>\n<style>"
                        f"{(PAGE_DIR / 'explorer.css').read_text(encoding='utf-8')}</style>\n</head>", 1)
    path.write_text(page, encoding="utf-8")
    return len(shown)


def focus_nodes(view: nx.Graph, iris: list[str], depth: int = 1, k: int = 3) -> set[str]:
    """The entities around one entity (within `depth` hops), or on the `k` shortest connections
    between two (with the neighbourhoods of both when they are not connected)."""
    if len(iris) == 1 or iris[0] == iris[-1]:
        return set(nx.ego_graph(view, iris[0], radius=depth))
    paths = node_paths(view, iris[0], iris[1], k)
    if not paths:
        return set(iris) | set(nx.ego_graph(view, iris[0], radius=depth)) | set(nx.ego_graph(view, iris[1], radius=depth))
    return set(iris).union(*paths)


def self_contained(page: str) -> str:
    """Remove every <script src=http...> and <link href=http...> that pyvis leaves in, and the
    commented-out <script>/<link> tags of its template (they point at files that do not exist)."""
    return COMMENTED_TAGS.sub("", REMOTE_TAG.sub("", page))


def json_for_script(data) -> str:
    """JSON that can sit inside a <script> element: no "<", ">" or "&" that could end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _ordered(view: nx.Graph, nodes) -> nx.Graph:
    """The part of `view` on `nodes` as a graph of its own, nodes and edges in sorted order: networkx's
    subgraph views iterate in the order of a set, which would make the layout differ from run to run."""
    keep = set(nodes)
    graph = nx.Graph()
    graph.add_nodes_from(sorted(keep))
    graph.add_edges_from(sorted((min(a, b), max(a, b), {"weight": d["weight"]})
                                for a, b, d in view.edges(sorted(keep), data=True) if a in keep and b in keep))
    return graph


def _centrality(graph: nx.Graph) -> dict[str, float]:
    if graph.number_of_edges() == 0:
        return {n: 0.0 for n in graph}
    return nx.pagerank(graph, weight="weight")


def _choose(view: nx.Graph, candidates: list[str], rank: dict[str, float], limit: int,
            focus: tuple[str, ...]) -> list[str]:
    """Up to `limit` entities, the most central first, grown outwards from the most central one so
    that what is drawn hangs together (a top-N cut of a hub-heavy graph leaves many orphans); when a
    connected part is used up, the next most central entity starts the next."""
    allowed = set(candidates)
    order = sorted(allowed, key=lambda n: (n not in focus, -rank[n], n))
    chosen: list[str] = []
    taken: set[str] = set()
    frontier: list[tuple[float, str]] = []
    for start in order:
        if len(chosen) >= limit:
            break
        if start in taken:
            continue
        heapq.heappush(frontier, (-rank[start], start))
        while frontier and len(chosen) < limit:
            _, node = heapq.heappop(frontier)
            if node in taken:
                continue
            taken.add(node)
            chosen.append(node)
            for near in view.neighbors(node):
                if near in allowed and near not in taken:
                    heapq.heappush(frontier, (-rank[near] - (near in focus), near))
        frontier.clear()
    return chosen


def _layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions in pixels. Each connected part is laid out alone (Kamada-Kawai, which spreads a
    hub's neighbours around it; a seeded spring layout past LAYOUT_EXACT nodes), then the parts are
    packed in rows, the largest first, so no part is flung to the edge."""
    placed: dict[str, tuple[float, float]] = {}
    parts = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    row_width = 1.6 * sum(_size(len(part)) for part in parts[:1]) or 1.0
    x = y = row_height = 0.0
    for part in parts:
        size = _size(len(part))
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y + row_height + NODE_GAP, 0.0
        for node, (px, py) in _part_layout(_ordered(graph, part)).items():
            placed[node] = (round(x + (px + 1) / 2 * size, 1), round(y + (py + 1) / 2 * size, 1))
        x += size + NODE_GAP
        row_height = max(row_height, size)
    return placed


def _size(nodes: int) -> float:
    """The side of the square a part of this many nodes gets, in pixels."""
    return 220 * math.sqrt(nodes) if nodes > 1 else 0.0


def _part_layout(part: nx.Graph) -> dict[str, tuple[float, float]]:
    """A part's positions in [-1, 1]."""
    if part.number_of_nodes() == 1:
        return {n: (0.0, 0.0) for n in part}
    if part.number_of_nodes() == 2:
        a, b = sorted(part)
        return {a: (-1.0, 0.0), b: (1.0, 0.0)}
    start = nx.spring_layout(part, seed=7, iterations=50)
    if part.number_of_nodes() <= LAYOUT_EXACT:
        found = nx.kamada_kawai_layout(part, pos=start, weight=None)  # hops as distances (a weight would be one)
    else:
        found = nx.spring_layout(part, pos=start, seed=7, k=3 / math.sqrt(part.number_of_nodes()), iterations=150)
    return nx.rescale_layout_dict(found, scale=1.0)


def _width(count: int) -> float:
    return round(1 + 2 * math.log2(1 + count), 2)


def _arrows(a: str, b: str, data: dict) -> str:
    """Arrowheads from who acted to whom, when the pair's directed events say so."""
    directed = [e for e in data["events"] if e.recipients]
    forward = any(a in e.actors and b in e.recipients for e in directed)
    backward = any(b in e.actors and a in e.recipients for e in directed)
    return ",".join(end for end, on in (("to", forward), ("from", backward)) if on)


def _words(kind: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind).lower()


def _note(shown: int, connected: int, sliced: bool) -> str:
    if shown < connected:
        return (f"Showing {shown} of {connected} connected entities: the most central and those tied to them; "
                "kg show --focus NAME, --since/--until or --top N draws another part.")
    return f"{shown} entities" + (" in this slice." if sliced else " with at least one relation.")


def _details(facts: Facts, view: nx.Graph, shown: list[str], edges: dict, focus: tuple[str, ...]) -> dict:
    """What the panel and the filters read: entities, every event and office of every drawn edge with
    its reports, and the documents they cite (listed once)."""
    documents: dict[str, int] = {}
    document_rows: list[dict] = []

    def report(r: Report) -> list:
        if r.document not in documents:
            documents[r.document] = len(document_rows)
            document_rows.append({"id": r.document, "title": r.title, "date": r.published,
                                  "url": r.url if r.url and re.match(r"https?://", r.url, re.I) else None})
        return [r.sentence, documents[r.document]]

    def label(iri: str | None) -> str:
        entity = facts.entities.get(iri) if iri else None
        return entity.label if entity else ""

    def event(e: Event) -> dict:
        return {"cls": e.cls, "quad": e.quad, "sign": e.sign, "when": e.when, "dated": bool(e.date),
                "status": e.status, "actors": [label(i) for i in e.actors],
                "recipients": [label(i) for i in e.recipients], "place": label(e.place),
                "from": list(e.actors), "to": list(e.recipients), "reports": [report(r) for r in e.reports]}

    def office(o: Office) -> dict:
        return {"title": o.title, "of": label(o.of), "person": o.person, "former": o.former,
                "reports": [report(r) for r in o.reports]}

    offices_of: dict[str, list[Office]] = {}
    for o in facts.offices:
        offices_of.setdefault(o.person, []).append(o)
    nodes = {n: {"label": view.nodes[n]["label"], "kind": view.nodes[n]["kind"], "names": list(view.nodes[n]["names"]),
                 "mentions": view.nodes[n]["mentions"], "offices": [office(o) for o in offices_of.get(n, [])]}
             for n in shown}
    edge_rows = {edge_id: {"from": a, "to": b, "events": [event(e) for e in data["events"]],
                           "offices": [office(o) for o in data["offices"]]}
                 for edge_id, (a, b, data) in edges.items()}
    return {"nodes": nodes, "edges": edge_rows, "documents": document_rows, "focus": list(focus),
            "colours": {"kind": COLOURS, "sign": {str(k): v for k, v in SIGN_COLOURS.items()}}}


def balance(data: dict) -> int | str:
    """An edge's colour key: its sign, or "mixed" for as much cooperation as conflict (the page's script
    computes the same from the events its filters keep)."""
    return "mixed" if data["sign"] == 0 and data["cooperation"] else data["sign"]


def _header(title: str, note: str, shown: list[str], view: nx.Graph) -> str:
    kinds = sorted({view.nodes[n]["kind"] for n in shown}, key=list(COLOURS).index)
    boxes = "".join(f'<label class="kg-kind"><input type="checkbox" data-kind="{k}" checked>'
                    f'<span class="kg-dot" style="background:{COLOURS[k]}"></span>{escape(_words(k))}</label>'
                    for k in kinds)
    signs = "".join(f'<span class="kg-sign"><span class="kg-line" style="background:{SIGN_COLOURS[s]}"></span>'
                    f"{word}</span>" for s, word in ((1, "cooperation"), (-1, "conflict"), ("mixed", "as much of each"),
                                                    (0, "office only")))
    return f"""<div id="kg-bar">
<div class="kg-row"><strong id="kg-title">{escape(title)}</strong> <span id="kg-note">{escape(note)}</span></div>
<div class="kg-row">
<input id="kg-search" type="search" placeholder="Find an entity by any of its names" list="kg-names" autocomplete="off">
<datalist id="kg-names"></datalist>
<select id="kg-event-filter" title="Event class or quad class"><option value="">all events</option></select>
<label>from <input id="kg-since" type="date"></label> <label>to <input id="kg-until" type="date"></label>
<label>reports ≥ <input id="kg-min" type="number" min="1" value="1"></label>
<button id="kg-reset" type="button">reset</button>
<span id="kg-status" role="status"></span>
</div>
<div class="kg-row kg-legend">{boxes}<span class="kg-gap"></span>{signs}
<small>Size: centrality. Width: number of events. Click a node or a link for its evidence.</small></div>
</div>"""


def _panel() -> str:
    return ('<aside id="kg-panel" hidden><button id="kg-close" type="button" aria-label="close">×</button>'
            '<div id="kg-panel-body"></div></aside>')

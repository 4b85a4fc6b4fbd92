"""The pyvis explorer: `graph.html`, self-contained (it opens with no network at all).

pyvis 0.3.2 inlines vis-network in `cdn_resources="in_line"` mode but still links Bootstrap
from a CDN; those two tags are removed (the page does not need them). Labels and tooltips go
into the page through pyvis's template as JSON with <, >, & and ' written as \\u escapes
(Jinja's `tojson`), so no text from the articles can become markup; vis-network shows them as
plain text. Text of our own HTML (the legend) is HTML-escaped here.
"""
from __future__ import annotations

import html
import math
import re
from pathlib import Path

import networkx as nx
from pyvis.network import Network

HTML_FILE = "graph.html"
MAX_NODES = 400  # the browser's physics slows past a few hundred nodes: keep the best connected
COLOURS = {"Person": "#e4572e", "State": "#2e86ab", "Organization": "#7a9e7e", "InternationalOrganization": "#3bb273",
           "GovernmentBody": "#9bc53d", "Group": "#f3a712", "Place": "#a8a8a8"}
REMOTE_TAG = re.compile(r"<(script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?https?://[^>]*>(?:\s*</script>)?",
                        re.IGNORECASE | re.DOTALL)
COMMENTED_TAGS = re.compile(r"<!--(?:(?!-->).)*?<(?:script|link)\b.*?-->", re.IGNORECASE | re.DOTALL)


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def write_html(graph: nx.MultiGraph, path: Path, title: str = "diplomacy-kg", max_nodes: int = MAX_NODES) -> None:
    shown = _most_connected(graph, max_nodes)
    net = Network(height="85vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    for node in shown:
        data = graph.nodes[node]
        kind = data.get("kind", "")
        net.add_node(node, label=data.get("label", node), color=COLOURS.get(kind, "#cccccc"),
                     title=f"{kind}: {data.get('label', node)} ({data.get('mentions', 0)} mentions)",
                     size=10 + 4 * math.log1p(data.get("mentions", 0)))
    for a, b, data in graph.edges(data=True):
        if a in shown and b in shown:
            tooltip = f"{data['relation']}: {data['sentence']} [{data['document']}]"
            a, b = data.get("source", a), data.get("target", b)  # actor to recipient, person to office
            net.add_edge(a, b, label=data["relation"], title=tooltip,
                         dashes=data.get("link") == "role", arrows="to" if data.get("link") == "event" else "")
    net.set_options('{"physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 200}},'
                    ' "edges": {"font": {"size": 10}, "smooth": {"type": "dynamic"}},'
                    ' "interaction": {"hover": true, "tooltipDelay": 100}}')
    page = self_contained(net.generate_html())
    page = page.replace("<body>", "<body>\n" + _legend(title, graph, shown), 1)
    path.write_text(page, encoding="utf-8")


def self_contained(page: str) -> str:
    """Remove every <script src=http...> and <link href=http...> that pyvis leaves in, and the
    commented-out <script>/<link> tags of its template (they point at files that do not exist)."""
    return COMMENTED_TAGS.sub("", REMOTE_TAG.sub("", page))


def _most_connected(graph: nx.MultiGraph, limit: int) -> set:
    ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n), -graph.nodes[n].get("mentions", 0), str(n)))
    connected = [n for n in ranked if graph.degree(n) > 0]
    return set((connected or ranked)[:limit])


def _legend(title: str, graph: nx.MultiGraph, shown: set) -> str:
    items = "".join(f'<span style="margin-right:1em"><span style="display:inline-block;width:.8em;height:.8em;'
                    f'border-radius:50%;background:{colour}"></span> {escape(kind)}</span>'
                    for kind, colour in COLOURS.items())
    note = "" if len(shown) == graph.number_of_nodes() else \
        f" (showing the {len(shown)} best connected of {graph.number_of_nodes()} entities)"
    return (f'<div style="font-family:sans-serif;padding:.5em"><strong>{escape(title)}</strong>{escape(note)}'
            f'<br><small>Hover an edge for the sentence it came from. Dashed edges are offices.</small>'
            f'<div style="margin-top:.3em;font-size:.9em">{items}</div></div>')

"""`kg push`: the graph into any triple store that speaks the SPARQL 1.1 Graph Store HTTP Protocol
(Oxigraph, Fuseki, GraphDB, Virtuoso...), the way from one machine to the store an organisation scales.

Each named graph of the data (one per document, and the main graph) is sent with an HTTP PUT to
ENDPOINT?graph=IRI, which replaces that graph: pushing twice leaves one copy. With `graph`, the union
of the data goes into that one graph instead. The ontology is not pushed (it is in `ontology/`).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlsplit
from urllib.request import Request, urlopen

import pyoxigraph as ox

from .errors import UserError
from .store import data_quads

TIMEOUT = 120  # seconds per request


@dataclass(frozen=True)
class Pushed:
    graphs: int
    triples: int


def push(store: ox.Store, endpoint: str, graph: str | None = None) -> Pushed:
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UserError(f"--endpoint {endpoint}: not an http(s) address; give the store's Graph Store endpoint, "
                        "such as http://localhost:7878/store")
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for q in data_quads(store):
        graphs[graph or q.graph_name.value].append(ox.Triple(q.subject, q.predicate, q.object))
    for name, triples in graphs.items():
        _put(endpoint, name, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    return Pushed(len(graphs), sum(len(t) for t in graphs.values()))


def _put(endpoint: str, graph: str, body: bytes) -> None:
    url = f"{endpoint}{'&' if '?' in endpoint else '?'}graph={quote(graph, safe='')}"
    request = Request(url, data=body, method="PUT", headers={"Content-Type": "application/n-triples"})
    try:
        with urlopen(request, timeout=TIMEOUT) as response:
            response.read()
    except HTTPError as error:
        detail = " ".join(error.read(300).decode("utf-8", "replace").split())
        raise UserError(f"{endpoint}: the store refused graph {graph} (HTTP {error.code} {detail}); check the "
                        "endpoint is the Graph Store endpoint and writable") from error
    except (URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise UserError(f"{endpoint}: cannot reach the store ({reason}); check the address and that it runs") from error

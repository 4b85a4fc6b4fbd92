"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over a built graph, with the explorer page.

A thin HTTP server of the standard library over pyoxigraph, rather than Oxigraph's own server: that
one is read-write unless told otherwise, follows SERVICE out to other hosts, has no result cap and
serves a query page from a CDN, while this endpoint must make no outbound request, work offline and
cap what it returns. Each query runs in a forked child process that opens the store read-only, so a
query past its time limit is stopped for real (the child is killed) and the other clients, served
by their own threads, are answered meanwhile.

- `/sparql`: GET ?query=, POST form (query=), POST `application/sparql-query`; results in SPARQL
  JSON (default), XML, CSV or TSV, graphs in Turtle (default), N-Triples or JSON-LD, by `Accept`
  (or `format=json|xml|csv|tsv|turtle|ntriples|jsonld`). Updates and SERVICE are refused (403 / 400).
- `/`: the explorer (`graph.html` of the build); `/query`: a small query page that needs no network.
"""
from __future__ import annotations

import multiprocessing
import re
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from .iris import PREFIXES
from .store import STORE_DIR

RESULT_TYPES = {"json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
                "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
                "csv": ("text/csv", ox.QueryResultsFormat.CSV),
                "tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV)}
GRAPH_TYPES = {"turtle": ("text/turtle", ox.RdfFormat.TURTLE),
               "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
               "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD)}
# SERVICE as a keyword, outside IRIs, strings and comments (which are blanked before the search)
SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
NOT_CODE = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")


@dataclass(frozen=True)
class Settings:
    folder: Path
    timeout: float = 30.0  # seconds per query
    max_results: int = 10_000  # solutions of a SELECT, triples of a CONSTRUCT
    cors: bool = False
    max_body: int = 1 << 20  # bytes of a POST body: a query longer than a megabyte is an attack or a mistake


class QueryError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def make_server(settings: Settings, host: str = "127.0.0.1", port: int = 7878) -> ThreadingHTTPServer:
    if not (Path(settings.folder) / STORE_DIR).is_dir():
        from .errors import UserError

        raise UserError(f"{settings.folder}: no graph store here; build one first with: kg build INPUT --out "
                        f"{settings.folder}")
    handler = type("Handler", (_Handler,), {"settings": settings})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def run_query(settings: Settings, text: str, accept: str, fmt: str | None) -> tuple[str, bytes]:
    """(content type, body) of a query's answer, computed in a child process within the time limit."""
    if SERVICE.search(NOT_CODE.sub(" ", text)):
        raise QueryError(400, "SERVICE is refused: this endpoint makes no outbound requests")
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_answer, args=(settings, text, accept, fmt, send),
                                                        daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(settings.timeout):
            raise QueryError(503, f"the query ran past the time limit ({settings.timeout:g} s); narrow it or add "
                                  "a LIMIT")
        status, content_type, body = receive.recv()
    except EOFError:
        raise QueryError(500, "the query process ended without an answer") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if status != 200:
        raise QueryError(status, body.decode())
    return content_type, body


def _answer(settings: Settings, text: str, accept: str, fmt: str | None, send) -> None:
    try:
        send.send((200, *_evaluate(settings, text, accept, fmt)))
    except QueryError as error:
        send.send((error.status, "", str(error).encode()))
    except SyntaxError as error:
        send.send((400, "", f"SPARQL syntax error: {' '.join(str(error).split())}".encode()))
    except (OSError, ValueError) as error:
        send.send((400, "", " ".join(str(error).split()).encode()))


def _evaluate(settings: Settings, text: str, accept: str, fmt: str | None) -> tuple[str, bytes]:
    store = ox.Store.read_only(str(Path(settings.folder) / STORE_DIR))

    def query():
        return store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)

    result = query()
    if isinstance(result, ox.QueryTriples):
        content_type, rdf_format = _negotiate(GRAPH_TYPES, accept, fmt, "turtle")
        triples = list(_capped(result, settings.max_results, "triples"))
        return content_type, ox.serialize(triples, format=rdf_format, prefixes=None if rdf_format ==
                                          ox.RdfFormat.N_TRIPLES else PREFIXES)
    content_type, results_format = _negotiate(RESULT_TYPES, accept, fmt, "json")
    if isinstance(result, ox.QuerySolutions):
        for _ in _capped(result, settings.max_results, "solutions"):
            pass
        result = query()  # counted within the cap: evaluate again to serialise
    return content_type, result.serialize(format=results_format)


def _capped(items, cap: int, what: str):
    for number, item in enumerate(items, 1):
        if number > cap:
            raise QueryError(413, f"more than {cap} {what}: the result cap of this endpoint; add a LIMIT")
        yield item


def _negotiate(types: dict, accept: str, fmt: str | None, default: str):
    if fmt:
        if fmt not in types:
            raise QueryError(406, f"format {fmt} does not fit this query; use one of {', '.join(types)}")
        return types[fmt]
    wanted = [part.split(";")[0].strip().lower() for part in (accept or "").split(",")]
    for media in wanted:
        for content_type, serialiser in types.values():
            if media == content_type or media == "application/json" and content_type.endswith("json"):
                return content_type, serialiser
    if not wanted or any(m in ("", "*/*", "text/*", "application/*") for m in wanted):
        return types[default]
    raise QueryError(406, f"cannot answer as {accept}; this query answers as {', '.join(t for t, _ in types.values())}")


class _Handler(BaseHTTPRequestHandler):
    settings: Settings
    server_version = "diplomacy-kg"
    timeout = 30  # seconds a client may stay silent mid-request: a body declared but never sent frees its thread

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        url = urlsplit(self.path)
        if url.path == "/sparql":
            params = parse_qs(url.query)
            self._sparql(params.get("query", [None])[0], params.get("update", [None])[0], params)
        elif url.path in ("/", "/index.html"):
            page = Path(self.settings.folder) / "graph.html"
            self._reply(200, "text/html; charset=utf-8", page.read_bytes() if page.exists() else QUERY_PAGE.encode())
        elif url.path == "/query":
            self._reply(200, "text/html; charset=utf-8", QUERY_PAGE.encode())
        else:
            self._reply(404, "text/plain; charset=utf-8", b"not found: try /sparql, /query or /\n")

    def do_POST(self) -> None:  # noqa: N802
        if urlsplit(self.path).path != "/sparql":
            self._reply(404, "text/plain; charset=utf-8", b"not found: POST queries to /sparql\n")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._reply(400, "text/plain; charset=utf-8", b"bad Content-Length\n")
            return
        if length > self.settings.max_body:  # refused unread: the connection is closed rather than drained
            self.close_connection = True
            self._reply(413, "text/plain; charset=utf-8",
                        f"request body over {self.settings.max_body} bytes; send a shorter query\n".encode())
            return
        try:
            body = self.rfile.read(length).decode("utf-8", "replace")
        except TimeoutError:
            self.close_connection = True
            self._reply(408, "text/plain; charset=utf-8", b"the request body did not arrive in time\n")
            return
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-query":
            self._sparql(body, None, parse_qs(urlsplit(self.path).query))
        elif kind == "application/sparql-update":
            self._sparql(None, body, {})
        elif kind == "application/x-www-form-urlencoded":
            params = parse_qs(body) | parse_qs(urlsplit(self.path).query)
            self._sparql(params.get("query", [None])[0], params.get("update", [None])[0], params)
        else:
            self._reply(415, "text/plain; charset=utf-8", b"send application/sparql-query or a form with query=\n")

    def do_OPTIONS(self) -> None:  # noqa: N802 (a CORS preflight)
        self._reply(204 if self.settings.cors else 405, "text/plain; charset=utf-8", b"")

    def _sparql(self, query: str | None, update: str | None, params: dict) -> None:
        if update is not None:
            self._reply(403, "text/plain; charset=utf-8", b"this endpoint is read-only: updates are refused\n")
            return
        if not query:
            self._reply(400, "text/plain; charset=utf-8", b"no query: pass query=...\n")
            return
        try:
            content_type, body = run_query(self.settings, query, self.headers.get("Accept", ""),
                                           params.get("format", [None])[0])
        except QueryError as error:
            self._reply(error.status, "text/plain; charset=utf-8", f"{error}\n".encode())
            return
        self._reply(200, content_type, body)

    def _reply(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if self.settings.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the standard library's name)
        pass  # quiet: the command prints where it listens


QUERY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>diplomacy-kg query</title>
<style>body{font-family:sans-serif;margin:1em}textarea{width:100%;height:12em;font-family:monospace}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}</style></head>
<body><h1>SPARQL</h1><p>Prefixes dip, rdf, rdfs, owl, xsd, skos, prov, dcterms and schema are bound.</p>
<textarea id="q">SELECT ?actor (COUNT(*) AS ?events) WHERE { ?e dip:actor/rdfs:label ?actor } GROUP BY ?actor
ORDER BY DESC(?events) LIMIT 20</textarea><br><button id="run">Run</button> <span id="status"></span>
<div id="out"></div>
<script>
document.getElementById("run").onclick = async () => {
  const status = document.getElementById("status"), out = document.getElementById("out");
  status.textContent = "running..."; out.textContent = "";
  const response = await fetch("sparql", {method: "POST", headers: {"Content-Type": "application/sparql-query",
    "Accept": "application/sparql-results+json, text/turtle"}, body: document.getElementById("q").value});
  const text = await response.text();
  status.textContent = response.ok ? "" : "error " + response.status;
  if (!response.ok || !(response.headers.get("Content-Type") || "").includes("json")) {
    const pre = document.createElement("pre"); pre.textContent = text; out.appendChild(pre); return; }
  const data = JSON.parse(text);
  if ("boolean" in data) { out.textContent = String(data.boolean); return; }
  const table = document.createElement("table"), head = table.insertRow();
  for (const v of data.head.vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
  for (const b of data.results.bindings) { const row = table.insertRow();
    for (const v of data.head.vars) row.insertCell().textContent = b[v] ? b[v].value : ""; }
  out.appendChild(table); status.textContent = data.results.bindings.length + " rows";
};
</script></body></html>
"""

"""The `kg` command: build a graph from news, query it, walk it, rank its actors."""
from __future__ import annotations

import logging
import os
import sys
import time
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import DEFAULT_MODEL, __version__
from .errors import UserError
from .iris import DEFAULT_BASE, PREFIXES

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Turn news about diplomacy into a knowledge graph, then query and explore it.")


class _Console(Console):
    def on_broken_pipe(self) -> None:
        raise BrokenPipeError  # rich would exit 1 (a "no" or a bug here); user_errors ends quietly with 141


out = _Console(highlight=False, soft_wrap=True)
err = _Console(stderr=True, highlight=False, soft_wrap=True)


class _OneLine(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        err.print(f"{record.levelname.lower()}: {record.getMessage()}", markup=False)


def _setup_logging() -> None:
    root = logging.getLogger("kg")
    root.handlers[:] = [_OneLine()]
    root.setLevel(logging.WARNING)
    root.propagate = False


def user_errors(command):
    """Errors the user can cause end in one line on stderr and exit code 2, never a traceback."""
    @wraps(command)
    def run(*args, **kwargs):
        _setup_logging()
        try:
            return command(*args, **kwargs)
        except UserError as error:
            err.print(f"error: {error}", markup=False)
            raise typer.Exit(2)
        except KeyboardInterrupt:
            err.print("error: interrupted; nothing was changed in the output folder", markup=False)
            raise typer.Exit(130)
        except typer.Exit:
            raise
        except BrokenPipeError:  # the reader stopped early (kg central ... | head): not an error of anyone's
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush stays quiet
            raise typer.Exit(141)
        except OSError as error:  # a full disk, a permission: the user's to fix, and no bug of ours
            where = f"{error.filename}: " if error.filename else ""
            err.print(f"error: {where}{error.strerror or error}; nothing was changed in the output folder; "
                      "free some space or fix the permission, then run again", markup=False)
            raise typer.Exit(2)
        except Exception as error:  # a bug of ours: one line for the user, the traceback on request
            if os.environ.get("KG_DEBUG"):
                raise
            err.print(f"error: internal error ({type(error).__name__}: {error}); nothing was changed in the "
                      "output folder; rerun with KG_DEBUG=1 for the traceback and please report it", markup=False)
            raise typer.Exit(1)
    return run


# the options kg build and kg add share
Inputs = Annotated[list[str], typer.Argument(help="files, folders, or - for standard input")]
BatchSize = Annotated[int, typer.Option(min=1, help="documents per spaCy batch")]
Processes = Annotated[int, typer.Option(min=0, help="spaCy worker processes (0: one per core for 50 documents or "
                                                    "more)")]
Anchor = Annotated[Optional[str], typer.Option("--date", help="YYYY-MM-DD: the publication date of documents that "
                                                              "carry none (stdin, bare text)")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")]
Dask = Annotated[Optional[str], typer.Option(help="parse on a Dask cluster: local, local:N (N worker processes "
                                                  "here) or a scheduler's tcp://HOST:8786")]


@app.command()
@user_errors
def build(inputs: Inputs,
          out_dir: Annotated[Path, typer.Option("--out", "-o", help="output folder")] = Path("build"),
          model: Annotated[str, typer.Option(help="spaCy model package name")] = DEFAULT_MODEL,
          base_iri: Annotated[str, typer.Option("--base-iri", help="namespace of the graph's resources")] = DEFAULT_BASE,
          batch_size: BatchSize = 16, processes: Processes = 0, anchor: Anchor = None, quiet: Quiet = False,
          dask: Dask = None) -> None:
    """Build the graph from INPUTS into --out: graph.ttl, graph.trig, graph.html and an Oxigraph store.

    An earlier graph in --out is replaced; to grow it instead, use kg add."""
    from .pipeline import BuildConfig

    _check_base_iri(base_iri)
    _run_build(BuildConfig(tuple(inputs), out_dir, model, base_iri, batch_size, processes, _anchor_date(anchor),
                           dask=dask), quiet)


@app.command()
@user_errors
def add(inputs: Inputs,
        out_dir: Annotated[Path, typer.Option("--out", "-o", help="the output folder of an earlier build")] =
        Path("build"),
        batch_size: BatchSize = 16, processes: Processes = 0, anchor: Anchor = None, quiet: Quiet = False,
        dask: Dask = None) -> None:
    """Add documents to the graph in --out: new ones are added, changed ones replace their earlier facts,
    unchanged ones are skipped; the graph is then what one build of everything would give."""
    from .pipeline import BuildConfig

    _run_build(BuildConfig(tuple(inputs), out_dir, batch_size=batch_size, n_process=processes,
                           anchor=_anchor_date(anchor), add=True, dask=dask), quiet)


def _run_build(config, quiet: bool) -> None:
    from .ingest import estimate_count
    from .pipeline import build as run_build

    shown = not quiet and err.is_terminal
    with _progress(estimate_count(config.inputs) if shown else None, shown) as progress:  # reads the inputs once
        summary = run_build(config, progress)
    print_summary(summary, config)


def print_summary(summary, config) -> None:
    """What the build did, in plain text: names from the articles are never read as rich markup."""
    out_dir = config.out
    if not summary.changed:
        unchanged = (f"the {summary.unchanged} documents read are already in {out_dir} as they are"
                     if summary.unchanged else "no document given could be read (see the warnings)")
        out.print(f"nothing to add: {unchanged}; nothing was changed", markup=False)
        if summary.skipped:
            out.print("skipped:  " + _counts(summary.skipped), markup=False)
        return
    out.print(Text.assemble((str(summary.documents), "bold"),
                            f" documents -> {out_dir}/graph.ttl, {out_dir}/graph.trig, {out_dir}/graph.html, "
                            f"{out_dir}/store ({summary.quads} quads, {summary.seconds:.1f} s)"))
    if config.add:
        out.print(f"added {summary.added}, replaced {summary.replaced}, unchanged {summary.unchanged}", markup=False)
    if summary.skipped:
        out.print("skipped:  " + _counts(summary.skipped), markup=False)
    if summary.left_out:
        out.print("left out: " + _counts(summary.left_out) + " (see the warnings)", markup=False)
    out.print("entities: " + _counts(summary.entities))
    out.print("events:   " + _counts(summary.events))
    out.print(f"roles:    {summary.roles}")
    if summary.central:
        out.print("most central actors (degree): " + ", ".join(f"{r.label} ({r.score:g})" for r in summary.central),
                  markup=False, emoji=False)


@contextmanager
def _progress(total: int | None, shown: bool):
    """A progress bar on stderr (documents read, documents per second, time left), on a terminal only.
    It refreshes when the build reports, never from a thread of its own: the build forks its workers."""
    if not shown:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, \
        TimeRemainingColumn

    columns = [TextColumn("{task.description:9s}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("documents, {task.fields[rate]}/s"), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=err, auto_refresh=False, transient=True) as bar:
        task = bar.add_task("reading", total=total, rate="0.0")
        started = time.monotonic()

        def report(stage: str, done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-9)
            bar.update(task, description=stage, completed=done, rate=f"{rate:.1f}",
                       total=max(total, done) if total else None)
            bar.refresh()
        yield report


def _anchor_date(value: str | None):
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--date {value}: not a date; give YYYY-MM-DD") from None


def _check_base_iri(base_iri: str) -> None:
    import pyoxigraph
    from urllib.parse import urlsplit

    parts = urlsplit(base_iri)
    try:
        pyoxigraph.NamedNode(base_iri + "x")
        valid = parts.scheme in ("http", "https") and bool(parts.netloc) or parts.scheme == "urn"
    except ValueError:
        valid = False
    if not valid:
        raise UserError(f"--base-iri {base_iri}: not an absolute http(s) or urn IRI; give one such as {DEFAULT_BASE}")


def _counts(counter) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))) or "none"


RESULT_FORMATS = ("table", "json", "xml", "csv", "tsv")  # SELECT and ASK: SPARQL 1.1 Query Results formats
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")  # CONSTRUCT and DESCRIBE


@app.command()
@user_errors
def query(folder: Annotated[Optional[Path], typer.Argument(help="a folder written by kg build")] = None,
          sparql: Annotated[Optional[str], typer.Argument(help="the SPARQL query; - or nothing reads standard "
                                                          "input")] = None,
          file: Annotated[Optional[Path], typer.Option("--file", "-f", help="read the query from this .rq file")] = None,
          name: Annotated[Optional[str], typer.Option("--name", "-n", help="run a query of the library by name")] = None,
          list_queries: Annotated[bool, typer.Option("--list", help="list the library's queries")] = False,
          fmt: Annotated[str, typer.Option("--format", help="table, json, xml, csv or tsv; for CONSTRUCT and "
                                                           "DESCRIBE turtle, ntriples or jsonld")] = "table") -> None:
    """Run a SPARQL query; the prefixes dip, rdf, rdfs, owl, xsd, skos, prov, dcterms and schema are bound.

    Results come in the SPARQL 1.1 formats (JSON, XML, CSV, TSV) written by the engine itself, or as a table."""
    from . import queries

    if list_queries:
        _print_library(queries.library())
        return
    if fmt not in RESULT_FORMATS + GRAPH_FORMATS:
        raise UserError(f"--format {fmt}: unknown format; use one of {', '.join(RESULT_FORMATS + GRAPH_FORMATS)}")
    if folder is None:
        raise UserError("query: no folder given; pass the folder kg build wrote, then the query")
    text = queries.library_query(name) if name else _query_text(sparql, file)
    _run_query(folder, text, fmt)


def _run_query(folder: Path, text: str, fmt: str) -> None:
    import pyoxigraph as ox

    from .store import open_store

    store = open_store(folder)
    try:
        result = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):  # CONSTRUCT, DESCRIBE
            graph_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                            "jsonld": ox.RdfFormat.JSON_LD}.get(fmt, ox.RdfFormat.TURTLE)
            prefixes = PREFIXES if graph_format != ox.RdfFormat.N_TRIPLES else None
            _write_bytes(ox.serialize(result, format=graph_format, prefixes=prefixes))
            return
        if fmt in GRAPH_FORMATS:
            raise UserError(f"--format {fmt}: a graph format, for CONSTRUCT and DESCRIBE queries; "
                            f"use one of {', '.join(RESULT_FORMATS)}")
        if fmt != "table":
            _write_bytes(result.serialize(format=getattr(ox.QueryResultsFormat, fmt.upper())))
            return
        if isinstance(result, ox.QueryBoolean):  # ASK
            out.print(str(bool(result)).lower())
            return
        names = [v.value for v in result.variables]
        rows = [[_cell(solution[name]) for name in names] for solution in result]
    except BrokenPipeError:
        raise  # the reader stopped early; user_errors ends quietly
    except SyntaxError as error:
        raise UserError(f"query: SPARQL syntax error: {' '.join(str(error).split())}; fix the query") from error
    except (OSError, ValueError) as error:
        raise UserError(f"query: {' '.join(str(error).split())}; fix the query") from error
    _print_table(names, rows)


def _write_bytes(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data if data.endswith(b"\n") else data + b"\n")
    sys.stdout.flush()


def _query_text(sparql: str | None, file: Path | None) -> str:
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UserError(f"{file}: cannot read the query ({error}); give a UTF-8 .rq file") from error
    if sparql in (None, "-") and not sys.stdin.isatty():
        sparql = sys.stdin.read()
    if not sparql or not sparql.strip() or sparql == "-":
        raise UserError("query: no query given; pass it as an argument, with -f FILE.rq, --name NAME or on "
                        "standard input")
    return sparql


def _cell(term) -> str:
    """A term's value as text: an IRI, a literal's lexical form, a blank node's id; "" when unbound."""
    return "" if term is None else term.value


def _print_table(names: list[str], rows: list[list[str]]) -> None:
    table = Table(*names, show_lines=False)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))  # values are data, never rich markup
    out.print(table)
    out.print(f"{len(rows)} rows")


def _print_library(library) -> None:
    width = max(len(entry.name) for entry in library) + 3
    for entry in library:
        out.print(f"{entry.name:{width}}{entry.summary}", markup=False)


@app.command()
@user_errors
def export(folder: Annotated[Path, typer.Argument(help="a folder written by kg build")],
           fmt: Annotated[str, typer.Option("--format", help="trig, nq, jsonld (one graph per document), nt, ttl, "
                                                             "graphml, gexf (the actor graph) or csv (tables)")],
           target: Annotated[Path, typer.Option("--out", "-o", help="the file to write (a folder for csv; - for "
                                                                   "standard output)")]) -> None:
    """Export the graph for other tools: RDF for triple stores, GraphML/GEXF for Gephi, CSV for pandas."""
    from .export import export as run_export
    from .store import open_store

    written = run_export(open_store(folder), fmt, target)
    if written:  # not when the export itself went to standard output (-o -)
        out.print("wrote " + ", ".join(str(p) for p in written), markup=False)


@app.command()
@user_errors
def serve(folder: Annotated[Path, typer.Argument(help="a folder written by kg build")],
          host: Annotated[str, typer.Option(help="the address to listen on; 0.0.0.0 opens it to the network")] =
          "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="the port")] = 7878,
          timeout: Annotated[float, typer.Option(min=0.1, help="seconds a query may run")] = 30.0,
          max_results: Annotated[int, typer.Option("--max-results", min=1, help="solutions or triples a query may "
                                                   "return")] = 10_000,
          cors: Annotated[bool, typer.Option(help="allow pages of other sites to query (CORS)")] = False) -> None:
    """A read-only SPARQL 1.1 endpoint at /sparql, the explorer at / and a query page at /query."""
    from .serve import Settings, make_server

    try:
        server = make_server(Settings(folder, timeout, max_results, cors), host, port)
    except OSError as error:
        raise UserError(f"{host}:{port}: cannot listen ({error.strerror or error}); pass another --port") from error
    out.print(f"serving {folder} at http://{host}:{port}/sparql (explorer at /, query page at /query); "
              "Ctrl-C stops", markup=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@app.command()
@user_errors
def push(folder: Annotated[Path, typer.Argument(help="a folder written by kg build")],
         endpoint: Annotated[str, typer.Option(help="the store's SPARQL 1.1 Graph Store endpoint, e.g. "
                                                     "http://localhost:7878/store")],
         graph: Annotated[Optional[str], typer.Option(help="put everything into this one named graph instead of "
                                                           "one graph per document")] = None) -> None:
    """Load the graph into a triple store over the Graph Store HTTP Protocol; pushing again replaces it."""
    from .push import push as run_push
    from .store import open_store

    pushed = run_push(open_store(folder), endpoint, graph)
    out.print(f"pushed {pushed.triples} triples in {pushed.graphs} graphs to {endpoint}", markup=False)


@app.command()
@user_errors
def validate(folder: Annotated[Path, typer.Argument(help="a folder written by kg build")]) -> None:
    """Check the graph against the SHACL shapes (ontology/shapes.ttl); exit 1 when something does not conform."""
    from .store import open_store
    from .validate import validate as run_validate

    report = run_validate(open_store(folder))
    for v in report.violations:
        out.print(f"{v.severity.lower()}: {v.focus} {v.path}: {v.message}", markup=False)
    if report.conforms:
        out.print(f"conforms: {report.triples} triples checked against ontology/shapes.ttl", markup=False)
        return
    out.print(f"does not conform: {len(report.violations)} results over {report.triples} triples", markup=False)
    raise typer.Exit(1)


@app.command()
def version() -> None:
    """Print the version."""
    out.print(f"diplomacy-kg {__version__}")


from . import explore_cli  # noqa: E402,F401  (registers central, path, neighbors, communities, timeline, show)

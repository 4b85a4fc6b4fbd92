"""The analytics commands of `kg`: central, path, neighbors, communities, timeline and show.

Each reads the built graph once (`views.load`), narrows its events with the same filters (--since,
--until, --class, --quad, --min-reports) and prints a table, CSV or JSON (--format). Names given by
the user are looked up in the records, never pasted into SPARQL.
"""
from __future__ import annotations

import csv
import dataclasses
import json
import re
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table
from rich.text import Text

from .cli import app, err, out, user_errors
from .errors import UserError

FORMATS = ("table", "csv", "json")

Folder = Annotated[Path, typer.Argument(help="a folder written by kg build")]
# an event dated less precisely than the range (a year, for a range of months) is left out: it may lie outside
Since = Annotated[Optional[str], typer.Option(help="only events on or after this date: YYYY, YYYY-MM or YYYY-MM-DD "
                                                   "(events dated by a wider period are left out)")]
Until = Annotated[Optional[str], typer.Option(help="only events on or before this date: YYYY, YYYY-MM or "
                                                   "YYYY-MM-DD")]
Classes = Annotated[Optional[list[str]], typer.Option("--class", help="only events of these classes (Consult, "
                                                     "Assault, ...; repeat or separate with commas)")]
Quads = Annotated[Optional[list[str]], typer.Option("--quad", help="only events of these quad classes: "
                                                   "verbal-cooperation, material-cooperation, verbal-conflict, "
                                                   "material-conflict, or cooperation / conflict for both")]
MinReports = Annotated[int, typer.Option("--min-reports", min=1, help="only events told by at least this many "
                                                                   "sentences")]
Format = Annotated[str, typer.Option("--format", help="table, csv or json")]


def _load(folder: Path, since, until, classes, quads, min_reports: int, fmt: str):
    """The graph's records, the filters and the actor view they give; options are checked before the
    store is opened."""
    from .store import open_store
    from .views import Filters, actor_graph, load

    if fmt not in FORMATS:
        raise UserError(f"--format {fmt}: unknown format; use one of {', '.join(FORMATS)}")
    filters = Filters.parse(since, until, classes, quads, min_reports)
    facts = load(open_store(folder))
    return facts, filters, actor_graph(facts, filters)


def _emit(fmt: str, columns: list[str], rows: list[list], records: list[dict] | None = None) -> None:
    """Rows as a table (values printed as text, never as rich markup), CSV, or JSON (`records` when
    the JSON says more than the table)."""
    if fmt == "json":
        data = records if records is not None else [dict(zip(columns, row)) for row in rows]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)  # RFC 4180: CRLF ends a record, so a CR or LF inside a value is quoted
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        table = Table(*columns)
        for row in rows:
            table.add_row(*(Text(_cell(value)) for value in row))
        out.print(table)


def _cell(value) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


@app.command()
@user_errors
def central(folder: Folder,
            measure: Annotated[str, typer.Option(help="degree (ties counted by their events and offices; by "
                                                      "the kept events alone when a filter is set), "
                                                      "betweenness, eigenvector, pagerank; or signed: "
                                                      "cooperative, hostile (conflict started), targeted "
                                                      "(conflict suffered)")] = "degree",
            top: Annotated[int, typer.Option(min=1, help="how many actors")] = 10,
            since: Since = None, until: Until = None, classes: Classes = None, quads: Quads = None,
            min_reports: MinReports = 1,
            fmt: Format = "table") -> None:
    """The most central actors, with the events each takes part in, how many cooperative and how many hostile."""
    from .analysis import MEASURES, centrality

    if measure not in MEASURES:
        raise UserError(f"--measure {measure}: unknown measure; use one of {', '.join(MEASURES)}")
    _, _, view = _load(folder, since, until, classes, quads, min_reports, fmt)
    ranked = centrality(view, measure, top)
    _emit(fmt, ["rank", "actor", "class", measure, "events", "cooperation", "conflict"],
          [[n, r.label, r.kind, _score(r.score, measure), r.events, r.cooperation, r.conflict]
           for n, r in enumerate(ranked, 1)])


def _score(score: float, measure: str):
    """Counts as whole numbers (a weighted degree or a signed count), measures as fractions."""
    return int(score) if measure in ("degree", "cooperative", "hostile", "targeted") and score == int(score) \
        else score


@app.command()
@user_errors
def path(folder: Folder,
         name_a: Annotated[str, typer.Argument(help="an entity's name or alias")],
         name_b: Annotated[str, typer.Argument(help="another entity's name or alias")],
         k: Annotated[int, typer.Option("--k", min=1, help="how many connections, the shortest first")] = 1,
         since: Since = None, until: Until = None, classes: Classes = None, quads: Quads = None,
         min_reports: MinReports = 1,
         fmt: Format = "table") -> None:
    """How two entities are connected: each hop with the sentence and document that say so; an arrow points
    from who acts (or holds the office) to whom."""
    from .analysis import find_entity, shortest_paths

    facts, _, view = _load(folder, since, until, classes, quads, min_reports, fmt)
    a, b = find_entity(facts, name_a), find_entity(facts, name_b)
    if a == b:
        out.print(f"{name_a} and {name_b} are the same entity", markup=False)
        return
    paths = shortest_paths(view, a, b, k)
    if not paths:
        err.print(f"no connection between {name_a} and {name_b} in this graph", markup=False)
        raise typer.Exit(1)
    if fmt == "table":  # a path reads best as prose: one line per hop, its sentence under it
        for number, hops in enumerate(paths, 1):
            if len(paths) > 1:
                out.print(Text(f"path {number} ({len(hops)} hops)", style="bold"))
            for step, hop in enumerate(hops, 1):
                out.print(Text.assemble(f"{step}. ", (hop.source, "bold"), f" {hop.arrow} ", (hop.target, "bold")))
                out.print(Text(f"   “{hop.sentence}” [{hop.document}]"))
        return
    columns = ["path", "hop", "source", "relation", "direction", "target", "sentence", "document", "title",
               "published"]
    rows = [[n, step, h.source, h.relation, h.direction, h.target, h.sentence, h.document, h.title or "",
             h.published or ""]
            for n, hops in enumerate(paths, 1) for step, h in enumerate(hops, 1)]
    _emit(fmt, columns, rows, [{"path": n, "hops": [dataclasses.asdict(h) for h in hops]}
                               for n, hops in enumerate(paths, 1)])


@app.command()
@user_errors
def neighbors(folder: Folder,
              name: Annotated[str, typer.Argument(help="an entity's name or alias")],
              depth: Annotated[int, typer.Option(min=1, max=4, help="how many hops away")] = 1,
              since: Since = None, until: Until = None, classes: Classes = None, quads: Quads = None,
              min_reports: MinReports = 1,
              fmt: Format = "table") -> None:
    """The entities an entity deals with, directly or through others, with what links them."""
    from .analysis import find_entity, neighbors as near

    facts, _, view = _load(folder, since, until, classes, quads, min_reports, fmt)
    rows = near(view, find_entity(facts, name), depth)
    if fmt == "table":  # one line per entity, the sentence that links it under it
        for r in rows:
            out.print(Text.assemble(f"{r.distance} hop{'s' if r.distance > 1 else ''}  ", (r.label, "bold"),
                                    f" ({r.kind}) via {r.via}: {r.relations}"))
            out.print(Text(f"   “{r.sentence}” [{r.document}]"))
        out.print(Text(f"{len(rows)} entities within {depth} hop{'s' if depth > 1 else ''} of {name}"))
        return
    _emit(fmt, ["entity", "class", "hops", "via", "relations", "sentence", "document"],
          [[r.label, r.kind, r.distance, r.via, r.relations, r.sentence, r.document] for r in rows])


@app.command()
@user_errors
def communities(folder: Folder,
                top: Annotated[int, typer.Option(min=1, help="members shown per community in the table")] = 8,
                since: Since = None, until: Until = None, classes: Classes = None, quads: Quads = None,
                min_reports: MinReports = 1,
                fmt: Format = "table") -> None:
    """Camps of actors that deal more with each other than with the rest (Louvain), the largest first."""
    from .analysis import communities as find

    _, _, view = _load(folder, since, until, classes, quads, min_reports, fmt)
    found = find(view)
    rows = [[c.number, len(c.members), "; ".join(c.members[:top]) + ("; …" if len(c.members) > top else "")]
            for c in found]
    if fmt != "table":  # files carry every member
        rows = [[c.number, len(c.members), "; ".join(c.members)] for c in found]
    _emit(fmt, ["community", "size", "members"], rows,
          [{"community": c.number, "size": len(c.members),
            "members": [{"label": m, "class": kind} for m, kind in zip(c.members, c.kinds)]} for c in found])


@app.command()
@user_errors
def timeline(folder: Folder,
             name_a: Annotated[str, typer.Argument(help="an entity's name or alias")],
             name_b: Annotated[Optional[str], typer.Argument(help="another: only the events of both")] = None,
             since: Since = None, until: Until = None, classes: Classes = None, quads: Quads = None,
             min_reports: MinReports = 1,
             fmt: Format = "table") -> None:
    """The events of an actor, or between two, month by month, each with its best sentence."""
    from .analysis import find_entity, month_counts, timeline as events_of

    facts, filters, _ = _load(folder, since, until, classes, quads, min_reports, fmt)
    a = find_entity(facts, name_a)
    b = find_entity(facts, name_b) if name_b else None
    rows = events_of(facts, filters, a, b)
    if fmt == "table":  # month by month, one line per event and its sentence under it
        for month, counts in month_counts(rows):
            out.print(Text(f"{month}: " + ", ".join(f"{cls} {n}" for cls, n in counts.most_common()), style="bold"))
            for r in (r for r in rows if r.month == month):
                sides = r.actors + (f" → {r.recipients}" if r.recipients else "")
                status = f", {r.status}" if r.status else ""  # "could impose sanctions" is no sanction yet
                out.print(Text(f"  {r.date or 'undated'}  {r.cls} ({_quad_words(r.quad)}{status}): {sides}"
                               f"  [{r.reports} report{'s' if r.reports > 1 else ''}]"))
                out.print(Text(f"     “{r.sentence}” [{r.document}]"))
        out.print(Text(f"{len(rows)} events"))
        return
    columns = ["month", "date", "class", "quad", "status", "actors", "recipients", "reports", "sentence",
               "document"]
    _emit(fmt, columns, [[r.month, r.date, r.cls, r.quad, r.status, r.actors, r.recipients, r.reports, r.sentence,
                          r.document] for r in rows])


def _quad_words(quad: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", quad).lower()


@app.command()
@user_errors
def show(folder: Folder,
         target: Annotated[Path, typer.Option("--out", "-o", help="the page to write (.html)")],
         focus: Annotated[Optional[list[str]], typer.Option(help="an entity: its neighbourhood; give it twice "
                                                                 "for the connections between two")] = None,
         depth: Annotated[int, typer.Option(min=1, max=4, help="hops around a --focus entity")] = 1,
         top: Annotated[int, typer.Option(min=1, help="at most this many entities, the most central")] = 150,
         since: Since = None, until: Until = None, classes: Classes = None, quads: Quads = None,
         min_reports: MinReports = 1) -> None:
    """Write an explorer page for a slice of the graph: a period, some event classes, one actor's circle."""
    from .analysis import find_entity
    from .viz import focus_nodes, write_html

    facts, filters, view = _load(folder, since, until, classes, quads, min_reports, "table")
    nodes, pinned = None, ()
    if focus:
        if len(focus) > 2:
            raise UserError("--focus: give one entity, or two for the connections between them")
        pinned = tuple(find_entity(facts, name) for name in focus)
        nodes = focus_nodes(view, list(pinned), depth)
    title = "diplomacy-kg: " + ", ".join(_slice_words(focus, since, until, classes, quads) or ["the whole graph"])
    try:
        shown = write_html(facts, view, target, title=title, max_nodes=top, only=nodes, focus=pinned)
    except OSError as error:
        raise UserError(f"{target}: cannot write the page ({error.strerror or error}); give a writable path") from error
    out.print(f"wrote {target} ({shown} entities)", markup=False)


def _slice_words(focus, since, until, classes, quads) -> list[str]:
    words = [f"around {' and '.join(focus)}"] if focus else []
    if since or until:
        words.append(f"{since or '…'} to {until or '…'}")
    words += [", ".join(values) for values in (classes, quads) if values]
    return words

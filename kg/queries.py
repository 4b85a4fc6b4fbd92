"""The query library: named, commented SPARQL queries shipped in the package (`kg/queries/*.rq`).

Each file's name is the query's name; its first comment line says what it answers. Run one with
`kg query DIR --name meetings`, list them with `kg query --list`, or copy one as a start for your own.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from .errors import UserError


@dataclass(frozen=True)
class LibraryQuery:
    name: str
    summary: str  # the first comment line
    text: str


def library() -> list[LibraryQuery]:
    found = []
    for entry in sorted(resources.files("kg").joinpath("queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            summary = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")), "")
            found.append(LibraryQuery(entry.name.removesuffix(".rq"), summary, text))
    return found


def library_query(name: str) -> str:
    """The text of the library query `name`."""
    for entry in library():
        if entry.name == name:
            return entry.text
    names = ", ".join(e.name for e in library())
    raise UserError(f"--name {name}: no such query in the library; use one of {names} (kg query --list)")

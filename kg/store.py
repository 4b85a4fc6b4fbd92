"""The store stage: the graph in Oxigraph on disk, behind rdflib (oxrdflib), plus `graph.ttl`.

A build writes everything into a fresh folder beside the output and swaps it in only when
complete, so a build that fails never loses the graph that was already built.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph, URIRef

from .errors import UserError
from .rdf import Quad
from .vocab import ONTOLOGY_PATH, PREFIXES

STORE_DIR = "store"
GRAPH_FILE = "graph.ttl"
ONTOLOGY_GRAPH = "ontology"


def write_store(folder: Path, quads: Iterable[Quad], ontology_graph_iri: URIRef) -> int:
    """Load the quads and the ontology into a new Oxigraph store in `folder/store`; return the quad count."""
    dataset = Dataset(store=OxigraphStore(store=ox.Store(str(folder / STORE_DIR))))
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    batch = list(quads)
    dataset.addN(batch)  # oxrdflib reads the sequence twice: it must be a list
    ontology = Graph(store=dataset.store, identifier=ontology_graph_iri)
    ontology.parse(ONTOLOGY_PATH, format="turtle")
    dataset.close()  # releases Oxigraph's lock on the folder now, not at garbage collection
    return len(batch)


def write_turtle(folder: Path, ontology_graph_iri: URIRef) -> None:
    """Write the union of the data graphs (not the ontology) as Turtle, with the usual prefixes."""
    store = ox.Store.read_only(str(folder / STORE_DIR))
    quads = (q for q in store.quads_for_pattern(None, None, None, None)
             if q.graph_name != ox.NamedNode(str(ontology_graph_iri)))
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    with open(folder / GRAPH_FILE, "wb") as out:
        ox.serialize(triples, out, ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def check_output_folder(out: Path) -> None:
    """Refuse, before any work, an output that is a file, cannot be created, or is a folder of other things
    (a build replaces `graph.ttl`, `graph.html` and `store/` in it)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UserError(f"{out}: exists and is not a folder; pass --out a folder name")
    if out.is_dir() and any(out.iterdir()) and not ((out / GRAPH_FILE).exists() or (out / STORE_DIR).is_dir()):
        raise UserError(f"{out}: a folder with other files in it; pass --out a new folder or an earlier kg output")
    try:
        out.resolve().parent.mkdir(parents=True, exist_ok=True)
        probe = out.resolve().parent / f".{out.name}.probe"
        probe.touch()
        probe.unlink()
    except OSError as error:
        raise UserError(f"{out}: cannot write here ({error.strerror}); pass --out a writable folder") from error


@contextmanager
def staged_output(out: Path):
    """Yield a fresh folder beside `out`; on success move its files into `out`, else remove it."""
    out = out.resolve()
    check_output_folder(out)
    staging = out.parent / f".{out.name}.building"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    out.mkdir(exist_ok=True)
    for item in staging.iterdir():
        target = out / item.name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        item.rename(target)
    staging.rmdir()


def open_dataset(folder: Path) -> Dataset:
    """The built graph as an rdflib Dataset whose default graph is the union of all graphs."""
    path = Path(folder) / STORE_DIR
    if not path.is_dir():
        raise UserError(f"{folder}: no graph store here; build one first with: kg build INPUT --out {folder}")
    try:
        store = ox.Store.read_only(str(path))
    except OSError as error:
        raise UserError(f"{path}: cannot open the store ({error}); rebuild it with kg build") from error
    dataset = Dataset(store=OxigraphStore(store=store), default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset

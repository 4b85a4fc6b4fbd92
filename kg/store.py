"""The store stage: the graph in Oxigraph on disk, plus `graph.ttl` and `graph.trig` written from it.

Quads go into the store in bulk loads of bounded batches, and the files are written by Oxigraph's
serialisers straight from the store, so no stage holds the whole graph in Python. Readers see the
store through rdflib (oxrdflib). A build writes everything into a fresh folder beside the output and
swaps it in only when complete, so a build that fails never loses the graph that was already built.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Literal, URIRef

from .errors import UserError
from .rdf import Quad
from .vocab import ONTOLOGY_PATH, PREFIXES

STORE_DIR = "store"
GRAPH_FILE = "graph.ttl"
DATASET_FILE = "graph.trig"  # the same data with one named graph per document
ONTOLOGY_GRAPH = "ontology"
LOAD_BATCH = 50_000  # quads per bulk load


def write_store(folder: Path, quads: Iterable[Quad], ontology_graph_iri: URIRef) -> int:
    """Load the quads and the ontology into a new Oxigraph store in `folder/store`; return the quad count."""
    store = ox.Store(str(folder / STORE_DIR))
    count = 0
    quads = iter(quads)
    while batch := [_ox_quad(q) for q in islice(quads, LOAD_BATCH)]:
        store.bulk_extend(batch)
        count += len(batch)
    store.bulk_load(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(ontology_graph_iri)))
    store.flush()
    del store  # releases Oxigraph's lock on the folder now
    return count


def _ox_quad(quad: Quad) -> ox.Quad:
    subject, predicate, obj, graph = quad
    return ox.Quad(_ox_term(subject), ox.NamedNode(predicate), _ox_term(obj), ox.NamedNode(graph))


def _ox_term(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(term.datatype) if term.datatype else None)
    raise TypeError(f"not an RDF term: {term!r}")


def write_turtle(folder: Path, ontology_graph_iri: URIRef) -> None:
    """Write the union of the data graphs (not the ontology) as Turtle, with the usual prefixes. No triple
    is in two graphs (a document's graph holds its own node and evidence), so the union needs no dedup."""
    store = ox.Store.read_only(str(folder / STORE_DIR))
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in _data_quads(store, ontology_graph_iri))
    with open(folder / GRAPH_FILE, "wb") as out:
        ox.serialize(triples, out, ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def write_trig(folder: Path, ontology_graph_iri: URIRef) -> None:
    """Write the data graphs as TriG: each document's named graph stays apart, so what each said is kept."""
    store = ox.Store.read_only(str(folder / STORE_DIR))
    with open(folder / DATASET_FILE, "wb") as out:
        ox.serialize(_data_quads(store, ontology_graph_iri), out, ox.RdfFormat.TRIG, prefixes=PREFIXES)


def _data_quads(store: ox.Store, ontology_graph_iri: URIRef) -> Iterator[ox.Quad]:
    ontology = ox.NamedNode(str(ontology_graph_iri))
    for graph in sorted(store.named_graphs(), key=str):
        if graph != ontology:
            yield from store.quads_for_pattern(None, None, None, graph)


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

"""The store stage: the graph in Oxigraph on disk, plus `graph.ttl` and `graph.trig` written from it.

Quads go into the store in bulk loads of bounded batches, and the files are written by Oxigraph's
serialisers straight from the store, so no stage holds the whole graph in Python. Readers see the
store directly (`open_store`, light: no rdflib) or through rdflib (`open_dataset`, oxrdflib); rdflib is
imported only where it is used, so commands that only query a graph start fast.

A build holds a lock on its output folder from start to end, writes everything into a fresh folder
beside it and swaps the two in one step when complete: a build that fails or is killed never loses
the graph that was already built, and never leaves a mix of the two.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import logging
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import UserError
from .iris import ONTOLOGY_PATH, PREFIXES

if TYPE_CHECKING:
    from rdflib import Dataset, URIRef

log = logging.getLogger(__name__)

STORE_DIR = "store"
GRAPH_FILE = "graph.ttl"
DATASET_FILE = "graph.trig"  # the same data with one named graph per document
ONTOLOGY_GRAPH = "ontology"
LOAD_BATCH = 50_000  # quads per bulk load
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
OWL_ONTOLOGY = ox.NamedNode(PREFIXES["owl"] + "Ontology")


def write_store(folder: Path, quads: Iterable[ox.Quad], ontology_graph_iri: URIRef) -> int:
    """Load the quads and the ontology into a new Oxigraph store in `folder/store`; return the quad count."""
    store = ox.Store(str(folder / STORE_DIR))
    count = 0
    quads = iter(quads)
    while batch := list(islice(quads, LOAD_BATCH)):
        store.bulk_extend(batch)
        count += len(batch)
    store.bulk_load(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(ontology_graph_iri)))
    store.flush()
    del store  # releases Oxigraph's lock on the folder now
    return count


def write_turtle(folder: Path, ontology_graph_iri: URIRef) -> None:
    """Write the union of the data graphs (not the ontology) as Turtle, with the usual prefixes."""
    with open(folder / GRAPH_FILE, "wb") as out:
        serialize_data(ox.Store.read_only(str(folder / STORE_DIR)), out, ox.RdfFormat.TURTLE, PREFIXES,
                       ontology_graph_iri)


def write_trig(folder: Path, ontology_graph_iri: URIRef) -> None:
    """Write the data graphs as TriG: each document's named graph stays apart, so what each said is kept."""
    with open(folder / DATASET_FILE, "wb") as out:
        serialize_data(ox.Store.read_only(str(folder / STORE_DIR)), out, ox.RdfFormat.TRIG, PREFIXES,
                       ontology_graph_iri)


def serialize_data(store: ox.Store, out, rdf_format: ox.RdfFormat, prefixes: dict[str, str] | None,
                   ontology_graph_iri: URIRef | str | None = None) -> None:
    """Write the data in `rdf_format`: quads, one graph per document, for a dataset format (TriG, N-Quads,
    JSON-LD); the union of the graphs for a triple format. No triple is in two graphs (a document's graph
    holds its own node and evidence), so the union needs no dedup."""
    quads = data_quads(store, ontology_graph_iri)
    items = quads if rdf_format.supports_datasets else (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    ox.serialize(items, out, rdf_format, prefixes=prefixes)


def data_quads(store: ox.Store, ontology_graph_iri: URIRef | str | None = None) -> Iterator[ox.Quad]:
    """Every quad of the data: each document's graph and the main graph, not the ontology's (the graph the
    build named, or else the one that declares an owl:Ontology), graph by graph."""
    if ontology_graph_iri is not None:
        ontology = {ox.NamedNode(str(ontology_graph_iri))}
    else:
        ontology = {q.graph_name for q in store.quads_for_pattern(None, RDF_TYPE, OWL_ONTOLOGY, None)}
    for graph in sorted(store.named_graphs(), key=str):
        if graph not in ontology:
            yield from store.quads_for_pattern(None, None, None, graph)


def check_output_folder(out: Path) -> None:
    """Refuse, before any work, an output that is a file, cannot be created, or is a folder of other things
    (a build replaces `graph.ttl`, `graph.html` and `store/` in it)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UserError(f"{out}: exists and is not a folder; pass --out a folder name")
    if out.is_dir() and os.path.ismount(out):
        # a mount point cannot be renamed, so a new graph could not be swapped in as one step
        raise UserError(f"{out}: a mount point; pass --out a folder inside it, such as {out / 'graph'}")
    if out.is_dir() and any(out.iterdir()) and not ((out / GRAPH_FILE).exists() or (out / STORE_DIR).is_dir()):
        raise UserError(f"{out}: a folder with other files in it; pass --out a new folder or an earlier kg output")
    try:
        out.resolve().parent.mkdir(parents=True, exist_ok=True)
        probe = out.resolve().parent / f".{out.name}.probe"
        probe.touch()
        probe.unlink()
    except OSError as error:
        raise UserError(f"{out}: cannot write here ({error.strerror}); pass --out a writable folder") from error


# What a build writes in --out (viz.HTML_FILE and state.STATE_DIR spelled out: importing viz costs pyvis).
# Everything else in the folder is the user's and is carried over to the new graph.
OUTPUT_ITEMS = {STORE_DIR, GRAPH_FILE, DATASET_FILE, "graph.html", "state"}
RENAME_EXCHANGE = 2  # renameat2(2): swap two paths in one step


@contextmanager
def output_lock(out: Path):
    """Hold the lock of an output folder for a whole build: a second build or add on the same folder is
    refused at once, not interleaved. The lock (`.NAME.lock` beside the folder) is the kernel's, so a
    killed build never leaves it taken."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / f".{out.name}.lock"
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, the one-step swap still protects the graph
        _recover(out)
        yield
        return
    with open(path, "a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            raise UserError(f"{out}: another kg build or kg add ({holder}) is writing this folder; wait for it "
                            "to finish, or pass another --out") from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"process {os.getpid()}")
        lock.flush()
        _recover(out)
        yield


@contextmanager
def staged_output(out: Path):
    """Yield a fresh folder beside `out`; on success publish it as `out` in one step, else remove it.

    Publishing swaps the two folders with one renameat2(RENAME_EXCHANGE) call, so at every moment `out`
    is either the previous graph or the new one, never a mix; the previous one is then deleted. Files of
    the user's own in `out` (an export, notes) are carried over first."""
    out = out.resolve()
    check_output_folder(out)
    staging = out.parent / f".{out.name}.building"
    shutil.rmtree(staging, ignore_errors=True)  # a killed build's leftovers (the lock keeps live ones out)
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _publish(staging, out)


def _publish(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        _clear_away(staging, out)  # `staging` now holds the previous graph and the user's files
        return
    # no atomic exchange here (not Linux, or a file system without it): two renames, recoverable (_recover)
    previous = out.parent / f".{out.name}.previous"
    _carry_over(previous, out)  # what a killed earlier build left there is the user's
    shutil.rmtree(previous, ignore_errors=True)
    os.rename(out, previous)
    try:
        os.rename(staging, out)
    except OSError:
        os.rename(previous, out)
        raise
    _clear_away(previous, out)


def _clear_away(replaced: Path, out: Path) -> None:
    """The new graph is published: a failure now must not read as a failed build."""
    try:
        _carry_over(replaced, out)
        shutil.rmtree(replaced)
    except OSError as error:
        log.warning("%s: the previous graph could not be removed (%s); the next build retries, or remove it "
                    "yourself", replaced, error.strerror or error)


def _carry_over(old: Path, out: Path) -> None:
    """Move the user's own files (an export, notes) from a replaced output folder into the new one.

    They move only after the swap, so a build that fails before it has touched nothing of theirs; one
    killed after it leaves them in the replaced folder, where the next build's _recover finds them."""
    if not old.is_dir() or not out.is_dir():
        return
    for item in old.iterdir():
        if item.name not in OUTPUT_ITEMS and not (out / item.name).exists():
            item.rename(out / item.name)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step; False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd = -100
    if renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(b))


def _recover(out: Path) -> None:
    """Finish what a killed build left beside `out`: the previous graph, when it died between the two
    renames of the fallback, and the user's own files, when it died after the swap but before carrying
    them over (the leftover folders are deleted by the next build, so they must not stay there)."""
    previous = out.parent / f".{out.name}.previous"
    if previous.is_dir() and not out.exists():
        os.rename(previous, out)
    for leftover in (previous, out.parent / f".{out.name}.building"):
        _carry_over(leftover, out)


def open_store(folder: Path) -> ox.Store:
    """The built graph's Oxigraph store, read-only."""
    path = Path(folder) / STORE_DIR
    if not Path(folder).exists():
        # Most often the arguments are in another order: the folder comes first (kg path FOLDER A B).
        raise UserError(f"{folder}: no such folder; give the folder written by kg build, "
                        "which comes first: kg COMMAND FOLDER ...")
    if not path.is_dir():
        raise UserError(f"{folder}: no graph store here; build one first with: kg build INPUT --out {folder}")
    try:
        return ox.Store.read_only(str(path))
    except OSError as error:
        raise UserError(f"{path}: cannot open the store ({error}); rebuild it with kg build") from error


def open_dataset(folder: Path) -> Dataset:
    """The built graph as an rdflib Dataset whose default graph is the union of all graphs."""
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    dataset = Dataset(store=OxigraphStore(store=open_store(folder)), default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset

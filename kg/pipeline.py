"""The build: ingest -> nlp + extract (in the workers) -> resolve -> rdf -> store, then the views.

Each stage is a function over the previous stage's records; this module only strings them
together and keeps the configuration in one typed object. Documents are read as the workers ask
for them and come back as compact Extractions; only the resolution registry grows with the corpus.

The Extractions are kept with the output (`state.py`), so that `kg add` parses only what is new
or changed and resolves it together with what the graph already holds.
"""
from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, islice
from pathlib import Path

from . import analysis, views, viz
from .errors import UserError, describe
from .ingest import iter_documents
from .knowledge import load as load_knowledge
from .nlp import DEFAULT_MODEL, model_label, model_meta
from .rdf import Minter, corpus_quads, left_out, oxigraph_quads, publishable_event, publishable_role
from .records import Corpus, Extraction
from .resolve import resolve
from .state import State, iter_new, keep_event_iris, load as load_state, reader_fingerprint, save as save_state
from .store import (STORE_DIR, check_output_folder, open_store, output_lock, staged_output, write_store, write_trig,
                    write_turtle)
from .iris import DEFAULT_BASE
from .workers import extract_all, in_background, replay

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildConfig:
    inputs: tuple[str, ...]
    out: Path
    model: str = DEFAULT_MODEL
    base_iri: str = DEFAULT_BASE
    batch_size: int = 16
    n_process: int = 0  # 0: one process per core for large inputs, one for small ones
    anchor: date | None = None  # publication date of documents that carry none
    add: bool = False  # add to the graph already in `out` (kg add) instead of replacing it
    dask: str | None = None  # "local", "local:N" or a scheduler address: extract on dask.distributed workers


def model_language(model: str) -> str | None:
    """The language a model reads, by spaCy's package naming ("en_core_web_sm"); None when unsaid."""
    prefix = model.split("_", 1)[0]
    return prefix if len(prefix) == 2 and prefix.isalpha() else None


@dataclass
class BuildSummary:
    documents: int
    entities: Counter
    events: Counter
    roles: int
    quads: int
    central: list[analysis.Ranked] = field(default_factory=list)
    seconds: float = 0.0
    skipped: Counter = field(default_factory=Counter)  # documents left out at ingest, by reason
    added: int = 0  # kg add: documents new to the graph,
    replaced: int = 0  # documents whose content changed,
    unchanged: int = 0  # and documents already in it as they are
    changed: bool = True  # False: the output folder was left as it was
    left_out: Counter = field(default_factory=Counter)  # events and roles resolution left without an entity


Progress = Callable[[str, int], None]  # (stage, documents read so far), called as the build goes


def build(config: BuildConfig, progress: Progress | None = None) -> BuildSummary:
    """Build (or, with `config.add`, grow) the graph in `config.out`; the folder changes in one step at the end,
    and no other build may write it meanwhile."""
    check_output_folder(config.out)
    with output_lock(config.out):
        return _build(config, progress)


def _build(config: BuildConfig, progress: Progress | None) -> BuildSummary:
    started = time.perf_counter()
    report = progress or (lambda stage, done: None)
    previous = _previous_state(config)
    model, base_iri = (previous.model, previous.base_iri) if previous else (config.model, config.base_iri)
    meta = model_meta(model)  # a missing model stops the build before any reading
    reader = _reader(previous, reader_fingerprint(model_label(meta, model)), config.out)
    skipped: Counter = Counter()
    hashes: dict[str, str] = {}
    unchanged: list[str] = []
    # the language of each document is told by the workers, not here: this process only feeds them
    documents = iter_new(iter_documents(config.inputs, language=None, anchor=config.anchor, skipped=skipped),
                         previous.hashes if previous else {}, hashes, unchanged)
    extractions: list[Extraction] = []
    done = 0
    report("reading", done)
    for chunk in _extract(documents, config, model):
        replay(chunk)
        skipped.update(chunk.skipped)
        extractions += chunk.extractions
        done += chunk.documents
        report("reading", done + len(unchanged))
    read = {x.doc.id for x in extractions}
    if previous is not None:
        for doc_id in sorted(set(hashes) & set(previous.hashes) - read - set(unchanged)):
            log.warning("%s: changed, but the new text could not be read (see above); its earlier facts stay "
                        "in the graph until it reads", doc_id)
        if not extractions:
            return _unchanged(previous, unchanged, skipped, time.perf_counter() - started)
        replaced = len(read & set(previous.hashes))
        extractions += [x for x in previous.extractions if x.doc.id not in read]
        hashes = {**previous.hashes, **{doc_id: hashes[doc_id] for doc_id in read}}
    else:
        replaced = 0
        hashes = {doc_id: hashes[doc_id] for doc_id in read}
    if not extractions:
        raise UserError(f"{', '.join(config.inputs)}: no document could be read; see the warnings above")
    report("resolving", done)
    corpus = resolve(extractions, load_knowledge())
    dropped = _warn_left_out(corpus)
    kept_events = keep_event_iris(corpus.events, previous.event_iris) if previous else {}
    published: dict[str, list[str]] = {}
    ontology_graph = Minter(base_iri).graph("ontology")
    report("storing", done)
    with staged_output(config.out) as staging:
        quads = write_store(staging, oxigraph_quads(corpus_quads(corpus, base_iri, model_label(meta, model),
                                                                 kept_events, published)), ontology_graph)
        report("writing", done)
        # graph.ttl and graph.trig are written by a second process from the finished store, while this one
        # saves the state and draws the page: the three take about as long, and each grows with the graph
        with in_background(_write_files, staging, ontology_graph):
            save_state(staging, State(model, base_iri, hashes, published, extractions, reader))
            del extractions
            report("drawing", done)
            store = open_store(staging)
            facts = views.load(store)
            view = views.actor_graph(facts)
            viz.write_html(facts, view, staging / viz.HTML_FILE,
                           title=f"diplomacy-kg: {len(corpus.documents)} documents")
            central = analysis.centrality(view, "degree", top=5)
            del store  # closes the store before the folder is swapped in
    summary = _summary(corpus, quads, central, time.perf_counter() - started)
    summary.skipped = skipped
    summary.left_out = dropped
    summary.added, summary.replaced, summary.unchanged = len(read) - replaced, replaced, len(unchanged)
    return summary


def _write_files(staging: Path, ontology_graph) -> None:
    write_turtle(staging, ontology_graph)
    write_trig(staging, ontology_graph)


def _previous_state(config: BuildConfig) -> State | None:
    """For kg add: the state of the graph in `config.out` (None when there is no graph yet, so that the
    first kg add builds it); a model or base IRI other than the graph's is refused."""
    if not config.add or not (Path(config.out) / STORE_DIR).is_dir():
        return None
    previous = load_state(config.out)
    if config.model != DEFAULT_MODEL and config.model != previous.model:
        raise UserError(f"--model {config.model}: {config.out} was built with {previous.model}; add with the same "
                        "model, or build a new folder")
    if config.base_iri != DEFAULT_BASE and config.base_iri != previous.base_iri:
        raise UserError(f"--base-iri {config.base_iri}: {config.out} uses {previous.base_iri}; IRIs would not "
                        "match, so add with the same base or build a new folder")
    return previous


def _reader(previous: State | None, current: str, out: Path) -> str:
    """The reader the state will name: this one, unless the graph already holds records of another (then
    it stays marked as mixed, and every later kg add says so, until a kg build)."""
    if previous is None or previous.reader == current:
        return current
    log.warning("%s: its documents were read by another version of diplomacy-kg's rules or model; they keep "
                "their earlier facts, so the graph differs from one build of everything: kg build it again "
                "for that", out)
    return previous.reader


def _unchanged(previous: State, unchanged: list[str], skipped: Counter, seconds: float) -> BuildSummary:
    """kg add with nothing new: the output folder is not touched."""
    return BuildSummary(documents=len(previous.hashes), entities=Counter(), events=Counter(), roles=0, quads=0,
                        seconds=seconds, skipped=skipped, unchanged=len(unchanged), changed=False)


def _extract(documents, config: BuildConfig, model: str):
    """Chunks of extractions: on a Dask cluster when asked, else in local worker processes (as many as the
    input's size calls for, when not set). `model` is the graph's own (kg add takes it from the state), and
    so is the language documents are checked against."""
    language = model_language(model)
    if config.dask:
        from .cluster import extract_on_dask

        return extract_on_dask(documents, model, config.batch_size, config.dask, language)
    documents = iter(documents)
    head = list(islice(documents, PARALLEL_FROM))  # enough to choose the worker count
    processes = config.n_process or worker_count(len(head))
    return extract_all(chain(head, documents), model, config.batch_size, processes, language)


PARALLEL_FROM = 50  # documents; below this, starting worker processes costs more than it saves


def worker_count(documents: int) -> int:
    """spaCy worker processes for a build: every core for a large corpus, one for a small one."""
    return min(os.cpu_count() or 1, 8) if documents >= PARALLEL_FROM else 1


def _summary(corpus: Corpus, quads: int, central, seconds: float) -> BuildSummary:
    """What reached the graph."""
    known = corpus.entities
    return BuildSummary(documents=len(corpus.documents),
                        entities=Counter(e.kind for e in corpus.entities.values()),
                        events=Counter(e.cls for e in corpus.events
                                       if e.status != "negated" and publishable_event(e, known)),
                        roles=sum(1 for r in corpus.roles if publishable_role(r, known)), quads=quads,
                        central=central, seconds=seconds)


def _warn_left_out(corpus: Corpus) -> Counter:
    """One warning per document whose events or roles cannot be written (an entity they name did not
    survive resolution): never dropped without a word."""
    events, roles = left_out(corpus)
    per_document: dict[str, Counter] = {}
    for kind, records in (("event", events), ("role", roles)):
        for record in records:
            for doc_id in sorted({e.doc_id for e in record.evidence}) or ["(no evidence)"]:
                per_document.setdefault(doc_id, Counter())[kind] += 1
    for doc_id, counts in sorted(per_document.items()):
        what = " and ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in sorted(counts.items()))
        log.warning(describe(doc_id, f"{what} named an entity that resolution did not keep",
                             "left out of the graph; please report this with the document"))
    return Counter({"events": len(events), "roles": len(roles)}) if events or roles else Counter()

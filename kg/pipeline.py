"""The build: ingest -> nlp + extract (in the workers) -> resolve -> rdf -> store, then the views.

Each stage is a function over the previous stage's records; this module only strings them
together and keeps the configuration in one typed object. Documents are read as the workers ask
for them and come back as compact Extractions; only the resolution registry grows with the corpus.
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
from .errors import UserError
from .ingest import iter_documents
from .knowledge import load as load_knowledge
from .nlp import DEFAULT_MODEL, model_label, model_meta
from .rdf import Minter, corpus_quads, oxigraph_quads
from .records import Corpus, Extraction
from .resolve import resolve
from .store import check_output_folder, open_store, staged_output, write_store, write_trig, write_turtle
from .iris import DEFAULT_BASE
from .workers import extract_all, replay

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

    @property
    def language(self) -> str | None:
        """The language the model reads, by spaCy's package naming ("en_core_web_sm"); None when unsaid."""
        prefix = self.model.split("_", 1)[0]
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


Progress = Callable[[str, int], None]  # (stage, documents read so far), called as the build goes


def build(config: BuildConfig, progress: Progress | None = None) -> BuildSummary:
    started = time.perf_counter()
    report = progress or (lambda stage, done: None)
    check_output_folder(config.out)
    meta = model_meta(config.model)  # a missing model stops the build before any reading
    skipped: Counter = Counter()
    documents = iter_documents(config.inputs, language=config.language, anchor=config.anchor, skipped=skipped)
    head = list(islice(documents, PARALLEL_FROM))  # enough to choose the worker count
    processes = config.n_process or worker_count(len(head))
    extractions: list[Extraction] = []
    done = 0
    report("reading", done)
    for chunk in extract_all(chain(head, documents), config.model, config.batch_size, processes):
        replay(chunk)
        extractions += chunk.extractions
        done += chunk.documents
        report("reading", done)
    if not extractions:
        raise UserError(f"{', '.join(config.inputs)}: no document could be read; see the warnings above")
    report("resolving", done)
    corpus = resolve(extractions, load_knowledge())
    del extractions
    ontology_graph = Minter(config.base_iri).graph("ontology")
    report("storing", done)
    with staged_output(config.out) as staging:
        quads = write_store(staging, oxigraph_quads(corpus_quads(corpus, config.base_iri,
                                                                 model_label(meta, config.model))), ontology_graph)
        write_turtle(staging, ontology_graph)
        write_trig(staging, ontology_graph)
        report("drawing", done)
        store = open_store(staging)
        facts = views.load(store)
        view = views.actor_graph(facts)
        viz.write_html(facts, view, staging / viz.HTML_FILE, title=f"diplomacy-kg: {len(corpus.documents)} documents")
        central = analysis.centrality(view, "degree", top=5)
        del store  # closes the store before the folder is swapped in
    summary = _summary(corpus, quads, central, time.perf_counter() - started)
    summary.skipped = skipped
    return summary


PARALLEL_FROM = 50  # documents; below this, starting worker processes costs more than it saves


def worker_count(documents: int) -> int:
    """spaCy worker processes for a build: every core for a large corpus, one for a small one."""
    return min(os.cpu_count() or 1, 8) if documents >= PARALLEL_FROM else 1


def _summary(corpus: Corpus, quads: int, central, seconds: float) -> BuildSummary:
    return BuildSummary(documents=len(corpus.documents),
                        entities=Counter(e.kind for e in corpus.entities.values()),
                        events=Counter(e.cls for e in corpus.events if e.status != "negated"),
                        roles=len(corpus.roles), quads=quads, central=central, seconds=seconds)

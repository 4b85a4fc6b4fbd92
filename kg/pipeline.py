"""The build: ingest -> nlp -> extract -> resolve -> rdf -> store, then the views (Turtle, HTML).

Each stage is a function over the previous stage's records; this module only strings them
together and keeps the configuration in one typed object.
"""
from __future__ import annotations

import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import analysis, viz
from .errors import UserError, describe
from .extract import extract
from .ingest import read_inputs
from .knowledge import load
from .nlp import DEFAULT_MODEL, load_pipeline, parse
from .rdf import Minter, corpus_quads
from .records import Corpus, Extraction
from .resolve import resolve
from .store import check_output_folder, open_dataset, staged_output, write_store, write_turtle
from .vocab import DEFAULT_BASE

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


def build(config: BuildConfig) -> BuildSummary:
    started = time.perf_counter()
    check_output_folder(config.out)
    skipped: Counter = Counter()
    documents = read_inputs(config.inputs, language=config.language, anchor=config.anchor, skipped=skipped)
    nlp = load_pipeline(config.model)
    processes = config.n_process or worker_count(len(documents))
    knowledge = load()
    extractions: list[Extraction] = []
    for document, parsed in parse(nlp, documents, config.batch_size, processes):
        try:
            extractions.append(extract(document, parsed, knowledge))
        except Exception as error:  # one document must not sink the build: report it and go on
            log.warning(describe(document.origin, f"extraction failed ({type(error).__name__}: {error})",
                                 "document skipped; please report this with the document"))
    if not extractions:
        raise UserError(f"{', '.join(config.inputs)}: no document could be read; see the warnings above")
    corpus = resolve(extractions)
    model_name = f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', config.model)}-{nlp.meta.get('version', '')}"
    ontology_graph = Minter(config.base_iri).graph("ontology")
    with staged_output(config.out) as staging:
        quads = write_store(staging, corpus_quads(corpus, config.base_iri, model_name), ontology_graph)
        write_turtle(staging, ontology_graph)
        dataset = open_dataset(staging)
        view = analysis.actor_graph(dataset)
        viz.write_html(view, staging / viz.HTML_FILE, title=f"diplomacy-kg: {len(corpus.documents)} documents")
        central = analysis.centrality(view, "degree", top=5)
        dataset.close()
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

"""Shared fixtures: one spaCy pipeline and one build of the seeds per test session.

The build's workers (`kg.workers`) load their spaCy pipeline themselves; for the whole session
they are pointed at a cache, so the model is loaded at most once however many builds the tests
run (worker processes are forked, so they start with it).
"""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

import kg.nlp
import kg.pipeline
import kg.workers
from kg.pipeline import BuildConfig
from kg.records import Document

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

_real_load_pipeline = kg.nlp.load_pipeline
_pipelines: dict[str, object] = {}


def shared_pipeline(model: str = kg.nlp.DEFAULT_MODEL):
    """kg.nlp.load_pipeline, called once per model name in the session."""
    if model not in _pipelines:
        _pipelines[model] = _real_load_pipeline(model)
    return _pipelines[model]


@pytest.fixture(scope="session", autouse=True)
def _one_pipeline_per_session():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kg.workers, "load_pipeline", shared_pipeline)
        yield


@pytest.fixture(autouse=True)
def _restore_kg_logger():
    """The CLI reconfigures the "kg" logger (own handler, no propagation); undo that after each
    test so caplog keeps seeing the warnings of the next one."""
    logger = logging.getLogger("kg")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    yield
    logger.handlers[:] = saved[0]
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline with kg's components, loaded once."""
    return shared_pipeline()


_MODULE_DATE = object()  # `read`'s default: the test module's PUBLISHED


@pytest.fixture(scope="module")
def read(nlp, request):
    """Parse and extract one text, published on the test module's PUBLISHED date unless told otherwise."""
    module_date = getattr(request.module, "PUBLISHED", None)

    def run(text: str, doc_id: str = "t", published: date | None | object = _MODULE_DATE):
        when = module_date if published is _MODULE_DATE else published
        [(document, doc)] = kg.nlp.parse(nlp, [Document(id=doc_id, text=text, published=when)])
        if doc._.extraction_failure:
            raise AssertionError(f"extraction failed: {doc._.extraction_failure}")
        return doc._.extraction
    return run


@pytest.fixture(scope="session")
def _seeds_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds_build") / "out"
    summary = kg.pipeline.build(BuildConfig((str(SEEDS),), out))
    return out, summary


@pytest.fixture(scope="session")
def seeds_build(_seeds_run) -> Path:
    """The output folder of `kg build seeds` (run once per session)."""
    return _seeds_run[0]


@pytest.fixture(scope="session")
def seeds_summary(_seeds_run):
    """The BuildSummary of that build."""
    return _seeds_run[1]


def _data_quads(out: Path) -> list[str]:
    import pyoxigraph as ox

    store = ox.Store.read_only(str(out / "store"))
    return sorted(str(q) for q in store if not str(q.graph_name).endswith("/graph/ontology>"))


@pytest.fixture(scope="session")
def data_quads():
    """A built graph's data, canonically: every quad of the store but the ontology graph's (whose blank nodes
    differ from build to build), as sorted N-Quads lines; two builds of one graph give equal lists."""
    return _data_quads

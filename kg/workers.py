"""Parsing and extraction in worker processes: the per-chunk function and the pool that feeds it.

`extract_chunk` is the unit of work: a list of Documents in, a `Chunk` of compact Extractions out
(no spaCy objects, no article text), with the warnings the documents raised. It loads the spaCy
pipeline once per process, so any engine that ships it Documents can call it: the local pool
here (one spaCy pipeline per worker process), or a cluster's workers.

`extract_all` cuts the documents into chunks as it reads them and keeps only a few chunks in
flight per worker, so memory stays flat however long the input.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import signal
import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import islice

from spacy.language import Language

from .errors import describe
from .knowledge import load as load_knowledge
from .nlp import DEFAULT_MODEL, load_pipeline, parse
from .records import Document, Evidence, Extraction
from .web import language_of

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies
PART_CHARS = 100_000  # a longer document is parsed in parts of at most this many characters
IN_FLIGHT = 2  # chunks queued per worker: enough to keep it busy, few enough to bound memory


@dataclass
class Chunk:
    extractions: list[Extraction]
    documents: int  # documents the chunk held, extracted or not
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (logging level, message)
    skipped: Counter = field(default_factory=Counter)  # documents left out here, by reason


_pipelines: dict[str, Language] = {}  # per process: a worker loads its model once
_pipelines_lock = threading.Lock()  # once, even when a Dask worker's threads ask together


def pipeline(model: str = DEFAULT_MODEL) -> Language:
    with _pipelines_lock:
        if model not in _pipelines:
            _pipelines[model] = load_pipeline(model)
        return _pipelines[model]


def extract_chunk(documents: list[Document], model: str = DEFAULT_MODEL, batch_size: int = 16,
                  language: str | None = None) -> Chunk:
    """Parse and extract `documents` in this process; a long document is read in parts (`split_parts`)
    whose records are joined again, their offsets those of the whole text. A document in a language other
    than `language` (the model's) is skipped here, where telling it costs no time of the process that
    feeds the workers."""
    nlp = pipeline(model)
    skipped: Counter = Counter()
    whole = {}  # id(part) -> (the document, the part's offset in it)
    parts = []
    read: dict[str, list[tuple[int, Extraction]]] = {}
    failed: set[str] = set()
    with _captured_warnings() as warnings:
        documents = [d for d in documents if _in_language(d, language, skipped)]
        for document in documents:
            for offset, part in split_parts(document):
                whole[id(part)] = (document, offset)
                parts.append(part)
        for part, doc in parse(nlp, parts, batch_size):
            document, offset = whole[id(part)]
            if doc._.extraction_failure:
                if document.id not in failed:
                    log.warning(describe(document.origin, f"extraction failed ({doc._.extraction_failure})",
                                         "document skipped; please report this with the document"))
                failed.add(document.id)
            else:
                read.setdefault(document.id, []).append((offset, doc._.extraction))
    # the text has been read: the records keep the evidence sentences, not the article
    extractions = [join_parts(replace(d, text=""), read[d.id]) for d in documents
                   if d.id in read and d.id not in failed]
    return Chunk(extractions, len(documents) + sum(skipped.values()), warnings, skipped)


def _in_language(document: Document, language: str | None, skipped: Counter) -> bool:
    """Whether the model reads the document's language (what its page says, else what its text shows)."""
    if not language or not (found := document.language or language_of(document.text)) or found == language:
        return True
    log.warning(describe(document.origin, f"is in language {found!r}, not {language!r}",
                         "skipped; pass --model with a spaCy pipeline for that language to read it"))
    skipped[f"language {found}"] += 1
    return False


def split_parts(document: Document, size: int | None = None) -> list[tuple[int, Document]]:
    """The document in parts of at most `size` characters (PART_CHARS), each with its offset, cut at a
    paragraph break, else after a sentence, else at a space, in the second half of the part. spaCy's
    parser needs about 1 GB per 100,000 characters and refuses a text past `max_length`: a long
    document is read in parts and nothing of it is lost."""
    size = size or PART_CHARS
    text = document.text
    if len(text) <= size:
        return [(0, document)]
    parts = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            half = start + size // 2
            for separator, keep in (("\n", 1), (". ", 2), (" ", 1)):
                cut = text.rfind(separator, half, end)
                if cut >= 0:
                    end = cut + keep
                    break
        parts.append((start, replace(document, text=text[start:end])))
        start = end
    return parts


def join_parts(document: Document, pieces: list[tuple[int, Extraction]]) -> Extraction:
    """One Extraction from those of a document's parts, evidence offsets moved to the whole text."""
    if len(pieces) == 1 and pieces[0][0] == 0:
        return replace(pieces[0][1], doc=document)
    joined = Extraction(document)
    for offset, piece in pieces:
        for key, record in piece.entities.items():
            known = joined.entities.get(key)
            if known is None:
                joined.entities[key] = replace(record, alt_labels=set(record.alt_labels))
            else:
                known.alt_labels |= record.alt_labels | {record.label}
                known.mentions += record.mentions
                for name in ("country", "iso_code", "wikidata", "sector"):
                    if getattr(known, name) is None:
                        setattr(known, name, getattr(record, name))
        joined.roles += [replace(role, evidence=_moved(role.evidence, offset)) for role in piece.roles]
        joined.events += [replace(event, evidence=_moved(event.evidence, offset)) for event in piece.events]
    return joined


def _moved(evidence: list[Evidence], offset: int) -> list[Evidence]:
    return [replace(e, start=e.start + offset, end=e.end + offset) for e in evidence] if offset else evidence


def extract_all(documents: Iterable[Document], model: str = DEFAULT_MODEL, batch_size: int = 16,
                processes: int = 1, language: str | None = None) -> Iterator[Chunk]:
    """Chunks of extractions, in input order: in this process, or in `processes` worker processes."""
    chunks = _chunks(documents, batch_size)
    if processes <= 1:
        for chunk in chunks:
            yield extract_chunk(chunk, model, batch_size, language)
        return
    # fork, as spaCy's own n_process does: a worker starts with spaCy and the knowledge already imported
    # and loaded (the parent loads the knowledge for resolution anyway), and needs no `__main__` guard in
    # the caller's script. The parent has no thread of its own at this point (the progress display
    # refreshes without one), which is what makes forking safe.
    _preload_knowledge()
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                             initializer=_start_worker, initargs=(model, os.getpid())) as pool:
        pending = deque()
        for chunk in chunks:
            pending.append(pool.submit(extract_chunk, chunk, model, batch_size, language))
            if len(pending) >= IN_FLIGHT * processes:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _start_worker(model: str, parent: int) -> None:
    """A worker dies with the build: killed (even by SIGKILL), the parent cannot tell its workers, and a
    forked worker would otherwise wait for work forever, holding its memory."""
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    pipeline(model)


@contextmanager
def in_background(function, *args):
    """Run `function(*args)` in a forked process while the body of the `with` runs, then wait for it. Its
    error is raised here: an OSError as itself (a full disk is the user's to fix), anything else as a
    RuntimeError; it never outlives this process (nor the body's error)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_run_in_background, args=(send, function, args, os.getpid()))
    process.start()
    send.close()
    try:
        yield
        try:
            failure = receive.recv()
        except EOFError:  # it died without a word (killed, out of memory)
            failure = "it ended without a word"
        process.join()
        if isinstance(failure, OSError):
            raise failure
        if failure or process.exitcode:
            raise RuntimeError(f"{getattr(function, '__name__', function)} failed: {failure or process.exitcode}")
    finally:
        if process.is_alive():
            process.kill()
            process.join()
        receive.close()


def _run_in_background(send, function, args, parent: int) -> None:
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took effect: it holds the lock
        os._exit(1)
    try:
        function(*args)
        send.send("")
    except OSError as error:
        send.send(OSError(error.errno, error.strerror, error.filename))
    except BaseException as error:  # noqa: BLE001 -- whatever it is, the parent must hear of it
        send.send(f"{type(error).__name__}: {error}")
    finally:
        send.close()
        os._exit(0)  # not the parent's atexit handlers, nor a second flush of its buffered output


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown is all there is
        pass


def _preload_knowledge() -> None:
    knowledge = load_knowledge()
    knowledge.people, knowledge.cities  # noqa: B018 -- built now, so that every forked worker shares them


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    documents = iter(documents)
    while chunk := list(islice(documents, size)):
        yield chunk


class _Collector(logging.Handler):
    """Keeps each thread's warnings apart: a Dask worker started with several threads runs several chunks
    at once, and each chunk must carry back its own warnings, all of them."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.local = threading.local()
        self.users = 0  # chunks being read now; the logger is given back when none is
        self.saved: tuple[list[logging.Handler], bool] | None = None

    def emit(self, record: logging.LogRecord) -> None:
        records = getattr(self.local, "records", None)
        if records is not None:
            records.append((record.levelno, record.getMessage()))


_collector = _Collector()
_collector_lock = threading.Lock()


@contextmanager
def _captured_warnings():
    """The warnings of the chunk, kept for the caller (a worker's own stderr may be another machine's)."""
    logger = logging.getLogger("kg")
    with _collector_lock:
        if _collector.users == 0:
            _collector.saved = logger.handlers[:], logger.propagate
            logger.handlers[:] = [_collector]
            logger.propagate = False
        _collector.users += 1
    records: list[tuple[int, str]] = []
    _collector.local.records = records
    try:
        yield records
    finally:
        _collector.local.records = None
        with _collector_lock:
            _collector.users -= 1
            if _collector.users == 0:
                logger.handlers[:], logger.propagate = _collector.saved


def replay(chunk: Chunk) -> None:
    """Log a chunk's warnings here, as if its documents had been read in this process."""
    for level, message in chunk.warnings:
        log.log(level, message)

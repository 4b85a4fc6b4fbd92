"""What the next build of an output folder needs: the resolution state, kept beside the store.

A build writes `state/` into its output folder:
- `manifest.json`: the format version, the model and base IRI the graph was built with, each
  document's content hash (id -> sha256 of its text and metadata), and the IRI each event got, with
  the reports it was made of (class, document, start, end);
- `extractions.jsonl.gz`: each document's Extraction (what the rules read in it, before resolution;
  no article text), one JSON object per line.

`kg add` reads it back: unchanged documents are skipped, changed ones replace their Extraction, and
the whole set is resolved again, so building A then adding B gives the graph of A and B built
together. The event IRIs are the exception by design: an event keeps the IRI it was first published
under when later reports join it (see `keep_event_iris`).

JSON and not pickle: an output folder may come from someone else, and reading it must not run code.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import UserError
from .records import Document, EntityRecord, EventRecord, Evidence, Extraction, RoleRecord

STATE_DIR = "state"
MANIFEST = "manifest.json"
EXTRACTIONS = "extractions.jsonl.gz"
FORMAT = 1  # bump when the files change shape; an older state is refused with advice to rebuild


@dataclass
class State:
    model: str
    base_iri: str
    hashes: dict[str, str] = field(default_factory=dict)  # document id -> content hash
    event_iris: dict[str, list[str]] = field(default_factory=dict)  # event IRI -> its report keys
    extractions: list[Extraction] = field(default_factory=list)
    reader: str = ""  # reader_fingerprint() of the code, data and model that made the extractions


READS_WITH = ("extract", "data", "nlp.py", "knowledge.py", "records.py", "workers.py")  # kg/ parts that read a text


def reader_fingerprint(model_label: str) -> str:
    """What turned the documents into records: the model and our own rules and lexicons. Records kept
    from another reader would make `kg add` give a graph no single build gives, so it warns."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(model_label.encode("utf-8"))
    for name in READS_WITH:
        paths = sorted((root / name).rglob("*")) if (root / name).is_dir() else [root / name]
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def document_hash(document: Document) -> str:
    """The document's content: its text and what it says of itself (a corrected title is a change)."""
    fields = [document.text, document.title, document.published.isoformat() if document.published else None,
              document.url, document.author, document.site, document.language]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


def report_key(cls: str, evidence: Evidence) -> str:
    """A report of an event, across builds: one sentence may report events of several classes."""
    return f"{cls}\x1f{evidence.doc_id}\x1f{evidence.start}\x1f{evidence.end}"


# --------------------------------------------------------------------------- writing and reading

def save(folder: Path, state: State) -> None:
    """Write `folder/state/` (the folder is the build's staging folder: it appears with the rest)."""
    target = Path(folder) / STATE_DIR
    target.mkdir(parents=True, exist_ok=True)
    with gzip.open(target / EXTRACTIONS, "wt", encoding="utf-8", compresslevel=1) as out:
        for extraction in sorted(state.extractions, key=lambda x: x.doc.id):
            out.write(json.dumps(_extraction_json(extraction), ensure_ascii=False, separators=(",", ":")) + "\n")
    manifest = {"format": FORMAT, "model": state.model, "base_iri": state.base_iri, "reader": state.reader,
                "documents": dict(sorted(state.hashes.items())), "events": dict(sorted(state.event_iris.items()))}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=0), encoding="utf-8")


def load(folder: Path) -> State:
    """The state a build left in `folder`; a UserError says what is wrong and what to do."""
    target = Path(folder) / STATE_DIR
    if not (target / MANIFEST).is_file():
        raise UserError(f"{folder}: no build state here (state/manifest.json); build the folder with kg build "
                        f"first, or again if an older version built it")
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise UserError(f"{target / MANIFEST}: state format {manifest.get('format')!r}, this version reads "
                            f"{FORMAT}; rebuild the folder with kg build")
        state = State(manifest["model"], manifest["base_iri"], dict(manifest["documents"]),
                      {iri: list(keys) for iri, keys in manifest["events"].items()},
                      reader=manifest.get("reader", ""))
        with gzip.open(target / EXTRACTIONS, "rt", encoding="utf-8") as lines:
            state.extractions = [_extraction(json.loads(line)) for line in lines if line.strip()]
    except UserError:
        raise
    except (OSError, EOFError, zlib.error, ValueError, KeyError, TypeError, AttributeError) as error:
        raise UserError(f"{target}: the build state is damaged ({type(error).__name__}: {error}); rebuild the "
                        "folder with kg build") from error
    missing = set(state.hashes) - {x.doc.id for x in state.extractions}
    if missing:
        raise UserError(f"{target}: the build state lacks {len(missing)} documents' records; rebuild the folder "
                        "with kg build")
    return state


def _extraction_json(extraction: Extraction) -> dict:
    doc = extraction.doc
    return {"doc": {"id": doc.id, "title": doc.title, "published": doc.published.isoformat() if doc.published else None,
                    "url": doc.url, "origin": doc.origin, "author": doc.author, "site": doc.site,
                    "language": doc.language},
            "entities": [[r.key, r.kind, r.label, sorted(r.alt_labels), r.country, r.iso_code, r.wikidata, r.sector,
                          r.mentions] for r in extraction.entities.values()],
            "roles": [[r.person, r.title, r.of, r.former, _evidence_json(r.evidence), r.guessed]
                      for r in extraction.roles],
            "events": [[e.cls, e.actors, e.recipients, e.place, e.date, e.mode, e.status, _evidence_json(e.evidence)]
                       for e in extraction.events]}


def _evidence_json(evidence: list[Evidence]) -> list:
    return [[e.doc_id, e.sentence, e.start, e.end, e.confidence, e.trigger, e.reported_by] for e in evidence]


def _extraction(data: dict) -> Extraction:
    doc = data["doc"]
    document = Document(id=doc["id"], text="", title=doc["title"],
                        published=date.fromisoformat(doc["published"]) if doc["published"] else None,
                        url=doc["url"], origin=doc["origin"], author=doc["author"], site=doc["site"],
                        language=doc["language"])
    entities = {}
    for key, kind, label, alt, country, iso, wikidata, sector, mentions in data["entities"]:
        entities[key] = EntityRecord(key, kind, label, set(alt), country, iso, wikidata, sector, mentions)
    roles = [RoleRecord(person, title, of, former, _evidence(evidence), guessed)
             for person, title, of, former, evidence, guessed in data["roles"]]
    events = [EventRecord(cls, list(actors), list(recipients), place, when, mode, status, _evidence(evidence))
              for cls, actors, recipients, place, when, mode, status, evidence in data["events"]]
    return Extraction(document, entities, roles, events)


def _evidence(rows: list) -> list[Evidence]:
    return [Evidence(*row) for row in rows]


# --------------------------------------------------------------------------- event IRIs across builds

def keep_event_iris(events: Iterable[EventRecord], previous: dict[str, list[str]]) -> dict[int, str]:
    """For each resolved event that holds reports of an event published before, the earlier IRI, keyed by
    id(event). Each earlier IRI goes to one event only: pairs sharing the most reports are matched first, so
    an event split in two keeps its IRI on the half that holds most of its reports, whatever the order of
    the events. A new report of a stored meeting thus becomes one more evidence of the same IRI."""
    owner: dict[str, str] = {key: iri for iri, keys in previous.items() for key in keys}
    events = list(events)
    candidates: list[tuple[int, str, int]] = []  # (-reports shared, earlier IRI, event's index)
    for index, event in enumerate(events):
        shared = Counter(iri for evidence in event.evidence
                         if (iri := owner.get(report_key(event.cls, evidence))) is not None)
        candidates += [(-count, iri, index) for iri, count in shared.items()]
    kept: dict[int, str] = {}
    taken: set[str] = set()
    for _, iri, index in sorted(candidates):
        if iri not in taken and id(events[index]) not in kept:
            kept[id(events[index])] = iri
            taken.add(iri)
    return kept


def iter_new(documents: Iterable[Document], hashes: dict[str, str], seen: dict[str, str],
             unchanged: list[str]) -> Iterator[Document]:
    """The documents whose content is not already in the graph: `seen` gets every document's hash,
    `unchanged` the ids skipped."""
    for document in documents:
        digest = document_hash(document)
        seen[document.id] = digest
        if hashes.get(document.id) == digest:
            unchanged.append(document.id)
            continue
        yield document

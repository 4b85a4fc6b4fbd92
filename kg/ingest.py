"""The ingest stage: files, folders and standard input -> Documents.

- `.txt`, `.md`: one document each, id = file name without extension;
- `.html`/`.htm`: the page's main text and its own metadata (title, publication date, author, site,
  canonical URL, language) through trafilatura (see web.py), id = file name without extension;
- `.xml`, `.rss`, `.atom` (or a text file that starts like one): one document per feed entry;
- `.warc`, `.warc.gz`: one document per HTML response record, streamed;
- a sidecar `NAME.meta.json` beside a file gives or overrides its metadata (title, published, url);
- `.jsonl` and `.csv`: one document per record with `id`, `text` and optional `title`,
  `published` (YYYY-MM-DD), `url`;
- folders: every such file inside, recursively, in name order;
- `-`: standard input, as JSON lines when it starts with "{", else one text document "stdin".

A bad record or file is reported as one warning line (what, where, what to do) and skipped;
the others go on. A document in another language than the model's is skipped the same way.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from warcio.exceptions import ArchiveLoadFailed

from .errors import UserError, describe
from .records import Document
from .web import FEED_SUFFIXES, ArchiveCounts, is_archive, is_feed, language_of, read_archive, \
    read_feed, read_page

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".jsonl", ".csv"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES | FEED_SUFFIXES | {".warc", ".gz"}
SIDECAR = ".meta.json"
FIELDS = ("id", "text", "title", "published", "url", "author", "site", "language")
KINDS = ".txt, .md, .html, .xml/.rss/.atom, .warc, .jsonl or .csv"
_SKIPPED: ContextVar[Counter] = ContextVar("skipped")  # what the read in progress left out, by reason


def read_inputs(inputs: Iterable[str], stdin: io.TextIOBase | None = None, language: str | None = "en",
                anchor: date | None = None, skipped: Counter | None = None) -> list[Document]:
    """Every document the inputs hold, as a list (see `iter_documents`)."""
    return list(iter_documents(inputs, stdin, language, anchor, skipped))


def iter_documents(inputs: Iterable[str], stdin: io.TextIOBase | None = None, language: str | None = "en",
                   anchor: date | None = None, skipped: Counter | None = None) -> Iterator[Document]:
    """Every document the inputs hold, read as they are asked for; missing inputs stop everything before
    the first document, and inputs that hold none end in a UserError.

    A document in a language other than `language` is skipped (None reads every language); `anchor` is the
    publication date of documents that carry none; `skipped` counts the documents left out, by reason."""
    inputs = list(inputs)
    skipped = Counter() if skipped is None else skipped
    for name in inputs:
        if name != "-" and not Path(name).exists():
            raise UserError(describe(name, "no such file or folder", "check the path"))
    seen: dict[str, str] = {}  # id -> origin; the documents themselves are not kept
    undated, first_undated = 0, ""
    for document in _counting_skips(_read_inputs(inputs, stdin or sys.stdin), skipped):
        if document.id in seen:
            log.warning(describe(document.origin, f"duplicate document id {document.id!r} "
                                 f"(first seen in {seen[document.id]})", "skipped; give it a unique id"))
            skipped["duplicate id"] += 1
            continue
        if language and (found := document.language or language_of(document.text)) and found != language:
            log.warning(describe(document.origin, f"is in language {found!r}, not {language!r}",
                                 "skipped; pass --model with a spaCy pipeline for that language to read it"))
            skipped[f"language {found}"] += 1
            continue
        seen[document.id] = document.origin
        if document.published is None:
            if anchor is not None:
                document = replace(document, published=anchor)
            else:
                undated, first_undated = undated + 1, first_undated or document.origin
        yield document
    if not seen:
        raise UserError(describe(", ".join(inputs), "no readable documents", f"give {KINDS} files (or a folder of them)"))
    if undated:
        # without an anchor, say how many documents cannot anchor "on Thursday"
        one = undated == 1
        log.warning(describe(first_undated if one else f"{undated} documents",
                             f"{'carries' if one else 'carry'} no publication date, so relative dates ('on "
                             "Thursday') cannot be anchored unless a dateline gives one", "give --date YYYY-MM-DD"))


def estimate_count(inputs: Iterable[str]) -> int | None:
    """About how many documents the inputs hold, found without parsing them (for a progress bar): a line
    per JSON lines record, a line per CSV row (fewer when texts span lines), one per page or text file.
    None when it cannot be told cheaply: standard input, feeds and archives."""
    total = 0
    for name in inputs:
        path = Path(name)
        if name == "-" or not path.exists():
            return None
        for file in _files_in(path) if path.is_dir() else [path]:
            suffix = file.suffix.lower()
            if suffix in FEED_SUFFIXES or is_archive(file):
                return None
            if suffix in RECORD_SUFFIXES:
                total += max(_line_count(file) - (suffix == ".csv"), 0)
            else:
                total += 1
    return total


def _line_count(path: Path) -> int:
    try:
        with open(path, "rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return 0


def _read_inputs(inputs: list[str], stdin) -> Iterator[Document]:
    for name in inputs:
        yield from _read_input(name, stdin)


def _counting_skips(documents: Iterator[Document], skipped: Counter) -> Iterator[Document]:
    """Run the readers with `skipped` as the counter their skips go to (`_SKIPPED`), only while they run:
    the caller may read other inputs between two documents."""
    while True:
        token = _SKIPPED.set(skipped)
        try:
            document = next(documents, None)
        finally:
            _SKIPPED.reset(token)
        if document is None:
            return
        yield document


def _read_input(name: str, stdin) -> Iterator[Document]:
    if name == "-":
        yield from _read_stdin(stdin)
        return
    path = Path(name)
    if path.is_dir():
        files = _files_in(path)
        if not files:
            log.warning(describe(path, f"folder holds no {KINDS} files", "skipped"))
        for file in files:
            yield from _read_file(file)
    else:
        if not _known(path):
            log.warning(describe(path, f"unknown file type {path.suffix or '(none)'!r}",
                                 "reading it as plain text; rename it to .txt, .jsonl or .csv to be sure"))
        yield from _read_file(path)


def _files_in(folder: Path) -> list[Path]:
    """The files a folder holds for reading, in name order: known types, no sidecars, nothing hidden."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and _known(p) and not p.name.endswith(SIDECAR)
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _known(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and (path.suffix.lower() != ".gz" or is_archive(path))


def _read_file(path: Path) -> Iterator[Document]:
    if is_archive(path):
        yield from _archive_documents(path)
        return
    if path.suffix.lower() == ".jsonl":
        yield from _json_lines_file(path)
        return
    text = _decode(path)
    if text is None:
        _SKIPPED.get()["unreadable file"] += 1
        return
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from _csv_records(text, str(path))
    elif suffix in FEED_SUFFIXES or is_feed(text):
        yield from _feed_documents(text, path)
    else:
        meta = {}
        if suffix in HTML_SUFFIXES:
            page = read_page(text)
            if page is None:
                log.warning(describe(path, "page holds no article text", "skipped"))
                _SKIPPED.get()["page without article text"] += 1
                return
            text, meta = page.text, page.fields()
        meta |= _sidecar(path)  # the sidecar wins over what the page says of itself
        document = _document({"id": path.stem, "text": text, **meta}, str(path))
        if document:
            yield document


def _feed_documents(text: str, path: Path) -> Iterator[Document]:
    summaries = 0
    for number, page in enumerate(read_feed(text), 1):
        summaries += page.summary_only
        document = _document({"id": f"{path.stem}-{number}", "text": page.text, **page.fields()}, f"{path}:{number}")
        if document:
            yield document
    if summaries:
        log.warning(describe(path, f"{_count(summaries, 'feed entry', 'feed entries')} carried only a summary, "
                                   "not the article",
                             "their summaries were read; give the saved pages for the full text"))


def _archive_documents(path: Path) -> Iterator[Document]:
    counts = ArchiveCounts()
    stem = path.name.removesuffix(".gz").removesuffix(".warc")
    try:
        for number, page in enumerate(read_archive(path, counts), 1):
            document = _document({"id": f"{stem}-{number}", "text": page.text, **page.fields()}, f"{path}:{number}")
            if document:
                yield document
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error) as error:  # a truncated or garbled archive
        log.warning(describe(path, f"archive is damaged after {_count(counts.pages, 'page')} ({type(error).__name__})",
                             "the pages before it were kept; check the file"))
    if counts.other or counts.empty:
        log.warning(describe(path, f"{_count(counts.other, 'record')} with no HTML page and "
                                   f"{_count(counts.empty, 'page')} without article text", "skipped"))
    for reason, count in (("archive record that is no HTML page", counts.other),
                          ("page without article text", counts.empty)):
        if count:
            _SKIPPED.get()[reason] += count


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _decode(path: Path) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as error:
        log.warning(describe(path, f"cannot be read ({error.strerror})", "check its permissions; skipped"))
        return None
    return _decode_bytes(raw, path)


def _decode_bytes(raw: bytes, path: object) -> str | None:
    """UTF-8 text, or None after one warning: binary data, another encoding, nothing at all."""
    if b"\x00" in raw[:8192]:
        log.warning(describe(path, "is binary, not text", "skipped; give a text, JSON lines or CSV file"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        log.warning(describe(path, f"is not UTF-8 (byte {error.start})",
                             "skipped; convert it with: iconv -f LATIN1 -t UTF-8"))
        return None
    if not text.strip():
        log.warning(describe(path, "is empty", "skipped"))
        return None
    return text


def _sidecar(path: Path) -> dict:
    sidecar = path.with_name(path.stem + SIDECAR)
    if not sidecar.exists():
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        log.warning(describe(sidecar, f"unreadable metadata ({error})", "fix the JSON; metadata ignored"))
        return {}
    if not isinstance(meta, dict):
        log.warning(describe(sidecar, "metadata is not a JSON object", "write {\"published\": \"YYYY-MM-DD\"}"))
        return {}
    return {k: v for k, v in meta.items() if k in FIELDS and k not in ("id", "text")}


def _json_lines_file(path: Path) -> Iterator[Document]:
    """A JSON lines file, read line by line: a corpus of any size, and a bad line costs only its record.
    Lines that are not UTF-8 are skipped and reported once for the file, with the first of them."""
    try:
        handle = open(path, "rb")
    except OSError as error:
        log.warning(describe(path, f"cannot be read ({error.strerror})", "check its permissions; skipped"))
        _SKIPPED.get()["unreadable file"] += 1
        return
    undecodable: list[tuple[int, int]] = []  # (line, byte)
    blank = True
    with handle:
        if b"\x00" in handle.read(8192):
            log.warning(describe(path, "is binary, not text", "skipped; give a text, JSON lines or CSV file"))
            _SKIPPED.get()["unreadable file"] += 1
            return
        handle.seek(0)
        for number, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                undecodable.append((number, error.start))
                continue
            blank = blank and not line.strip()
            yield from _json_line(line, number, str(path))
    if undecodable:
        (first, byte), count = undecodable[0], len(undecodable)
        log.warning(describe(f"{path}:{first}", f"is not UTF-8 (byte {byte})",
                             f"{_count(count, 'line')} of the file skipped; convert it with: iconv -f LATIN1 -t UTF-8"))
        _SKIPPED.get()["line not UTF-8"] += count
    elif blank:
        log.warning(describe(path, "is empty", "skipped"))
        _SKIPPED.get()["unreadable file"] += 1


def _json_lines(text: str, origin: str) -> Iterator[Document]:
    for number, line in enumerate(text.splitlines(), 1):
        yield from _json_line(line, number, origin)


def _json_line(line: str, number: int, origin: str) -> Iterator[Document]:
    if not line.strip():
        return
    where = f"{origin}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        log.warning(describe(where, f"not valid JSON ({error.msg}, column {error.colno})", "record skipped; fix the line"))
        _SKIPPED.get()["broken JSON line"] += 1
        return
    if not isinstance(record, dict):
        log.warning(describe(where, "a JSON line must be an object", "record skipped"))
        _SKIPPED.get()["broken JSON line"] += 1
        return
    if record.get("id") in (None, ""):
        record["id"] = f"{Path(origin).stem}-{number}"
    if document := _document(record, where):
        yield document


def _csv_records(text: str, origin: str) -> Iterator[Document]:
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        log.warning(describe(origin, "CSV has no 'text' column", "skipped; the header needs id,text[,title,published,url]"))
        _SKIPPED.get()["CSV without a text column"] += 1
        return
    try:
        for record in reader:
            line = reader.line_num  # the record's last line: texts may span several
            record = {k: v for k, v in record.items() if k}
            record["id"] = record.get("id") or f"{Path(origin).stem}-{line}"
            if document := _document(record, f"{origin}:{line}"):
                yield document
    except csv.Error as error:
        log.warning(describe(origin, f"CSV is malformed ({error})", "the records before it were kept; fix the file"))


def _read_stdin(stdin) -> Iterator[Document]:
    raw = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode("utf-8", "surrogateescape")
    text = _decode_bytes(raw, "standard input")
    if text is None:
        return
    if text.lstrip().startswith("{"):
        yield from _json_lines(text, "stdin")
    elif document := _document({"id": "stdin", "text": text}, "stdin"):
        yield document


def _document(record: dict, origin: str) -> Document | None:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        log.warning(describe(origin, "record has no text", "record skipped; give it a non-empty 'text'"))
        _SKIPPED.get()["record without text"] += 1
        return None
    doc_id = str(record["id"]).strip()
    if not doc_id:
        log.warning(describe(origin, "record has an empty id", "record skipped"))
        _SKIPPED.get()["record without id"] += 1
        return None
    return Document(id=doc_id, text=text, title=_optional(record.get("title")),
                    published=_published(record.get("published"), origin), url=_url(record.get("url"), origin),
                    origin=origin, author=_optional(record.get("author")), site=_optional(record.get("site")),
                    language=_optional(record.get("language")))


def _url(value, origin: str) -> str | None:
    url = _optional(value)
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        log.warning(describe(origin, f"url {url!r} is not an http(s) address", "url ignored"))
        return None
    return url


def _optional(value) -> str | None:
    return str(value).strip() or None if value not in (None, "") else None


def _published(value, origin: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        log.warning(describe(origin, f"published date {value!r} is not YYYY-MM-DD", "date ignored"))
        return None

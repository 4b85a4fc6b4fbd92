"""The ingest stage: files, folders and standard input -> Documents.

- `.txt`, `.md`, `.html`/`.htm`: one document each, id = file name without extension; metadata
  (title, published, url) from a sidecar `NAME.meta.json` beside the file;
- `.jsonl` and `.csv`: one document per record with `id`, `text` and optional `title`,
  `published` (YYYY-MM-DD), `url`;
- folders: every such file inside, recursively, in name order;
- `-`: standard input, as JSON lines when it starts with "{", else one text document "stdin".

A bad record or file is reported as one warning line (what, where, what to do) and skipped;
the others go on.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .errors import UserError, describe
from .records import Document

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".jsonl", ".csv"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
SIDECAR = ".meta.json"
FIELDS = ("id", "text", "title", "published", "url")


def read_inputs(inputs: Iterable[str], stdin: io.TextIOBase | None = None) -> list[Document]:
    """Every document the inputs hold; missing inputs stop everything before any work is done."""
    inputs = list(inputs)
    for name in inputs:
        if name != "-" and not Path(name).exists():
            raise UserError(describe(name, "no such file or folder", "check the path"))
    documents: dict[str, Document] = {}
    for name in inputs:
        for document in _read_input(name, stdin or sys.stdin):
            if document.id in documents:
                log.warning(describe(document.origin, f"duplicate document id {document.id!r} "
                                     f"(first seen in {documents[document.id].origin})", "skipped; give it a unique id"))
                continue
            documents[document.id] = document
    if not documents:
        raise UserError(describe(", ".join(inputs), "no readable documents",
                                 "give .txt, .md, .html, .jsonl or .csv files (or a folder of them)"))
    return list(documents.values())


def _read_input(name: str, stdin) -> Iterator[Document]:
    if name == "-":
        yield from _read_stdin(stdin)
        return
    path = Path(name)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                       and not any(part.startswith(".") for part in p.relative_to(path).parts))
        if not files:
            log.warning(describe(path, "folder holds no .txt, .md, .html, .jsonl or .csv files", "skipped"))
        for file in files:
            yield from _read_file(file)
    else:
        if path.suffix.lower() not in SUFFIXES:
            log.warning(describe(path, f"unknown file type {path.suffix or '(none)'!r}",
                                 "reading it as plain text; rename it to .txt, .jsonl or .csv to be sure"))
        yield from _read_file(path)


def _read_file(path: Path) -> Iterator[Document]:
    text = _decode(path)
    if text is None:
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _json_lines(text, str(path))
    elif suffix == ".csv":
        yield from _csv_records(text, str(path))
    else:
        if suffix in HTML_SUFFIXES:
            title, text = html_text(text)
            meta = {"title": title} if title else {}
        else:
            meta = {}
        meta |= _sidecar(path)
        document = _document({"id": path.stem, "text": text, **meta}, str(path))
        if document:
            yield document


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


def _json_lines(text: str, origin: str) -> Iterator[Document]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            log.warning(describe(where, f"not valid JSON ({error.msg}, column {error.colno})", "record skipped; fix the line"))
            continue
        if not isinstance(record, dict):
            log.warning(describe(where, "a JSON line must be an object", "record skipped"))
            continue
        if record.get("id") in (None, ""):
            record["id"] = f"{Path(origin).stem}-{number}"
        if document := _document(record, where):
            yield document


def _csv_records(text: str, origin: str) -> Iterator[Document]:
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        log.warning(describe(origin, "CSV has no 'text' column", "skipped; the header needs id,text[,title,published,url]"))
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
        return None
    doc_id = str(record["id"]).strip()
    if not doc_id:
        log.warning(describe(origin, "record has an empty id", "record skipped"))
        return None
    return Document(id=doc_id, text=text, title=_optional(record.get("title")),
                    published=_published(record.get("published"), origin), url=_url(record.get("url"), origin),
                    origin=origin)


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


class _TextOfHtml(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "header"}
    SKIP = {"script", "style", "nav", "footer", "aside", "noscript", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def html_text(markup: str) -> tuple[str | None, str]:
    """(title, visible text) of an HTML page; scripts, styles and navigation left out."""
    parser = _TextOfHtml()
    parser.feed(markup)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    title = " ".join("".join(parser.title).split()) or None
    return title, "\n".join(line for line in lines if line)

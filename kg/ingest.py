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

import codecs
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
DETECT_SAMPLE = 1 << 20  # bytes charset-normalizer reads to tell an encoding
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
    """The text of a file, or None after one warning (binary data, an image, nothing at all).

    A byte-order mark says the encoding (UTF-8, UTF-16, UTF-32); else UTF-8 is tried, and text in another
    encoding (Latin-1, Windows-1252, ...) is read in the one charset-normalizer detects, with a warning
    naming it."""
    encoding = bom_encoding(raw)
    if encoding is None:
        if (kind := _binary_kind(raw)) is not None:
            log.warning(describe(path, f"is {kind}, not text", "skipped; give a text, JSON lines or CSV file"))
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = _detected(raw, path)
    else:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as error:
            log.warning(describe(path, f"starts with a {encoding} byte-order mark but is not {encoding} (byte "
                                       f"{error.start})", "skipped; convert it to UTF-8"))
            return None
    if text is None:
        return None
    if not text.strip():
        log.warning(describe(path, "is empty", "skipped"))
        return None
    return text


BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # UTF-32 LE's begins like UTF-16 LE's
MAGIC = ((b"\x89PNG", "an image (PNG)"), (b"\xff\xd8\xff", "an image (JPEG)"), (b"GIF8", "an image (GIF)"),
         (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive"), (b"\x1f\x8b", "gzip-compressed"))


def bom_encoding(raw: bytes) -> str | None:
    return next((encoding for bom, encoding in BOMS if raw.startswith(bom)), None)


def _binary_kind(raw: bytes) -> str | None:
    for magic, kind in MAGIC:
        if raw.startswith(magic):
            return kind
    return "binary" if b"\x00" in raw[:8192] else None


def _detected(raw: bytes, path: object) -> str | None:
    """Text in an encoding charset-normalizer recognises, said in a warning; None when it finds none."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:DETECT_SAMPLE]).best()
    if best is None:
        log.warning(describe(path, "is not text in any encoding recognised", "skipped; convert it to UTF-8"))
        return None
    encoding = best.encoding
    log.warning(describe(path, f"is not UTF-8; read as {encoding} (detected)", "convert it to UTF-8 to be sure"))
    return raw.decode(encoding, errors="replace")


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

    A file with a UTF-16 or UTF-32 byte-order mark is read in that encoding. In a UTF-8 file, a line
    that is not UTF-8 is read as Windows-1252 (Latin-1 with the curly quotes), which is what such lines
    nearly always are; the file gets one warning naming the first of them."""
    try:
        handle = open(path, "rb")
    except OSError as error:
        log.warning(describe(path, f"cannot be read ({error.strerror})", "check its permissions; skipped"))
        _SKIPPED.get()["unreadable file"] += 1
        return
    with handle:
        head = handle.read(8192)
        handle.seek(0)
        encoding = bom_encoding(head)
        if encoding is None and (kind := _binary_kind(head)) is not None:
            log.warning(describe(path, f"is {kind}, not text", "skipped; give a text, JSON lines or CSV file"))
            _SKIPPED.get()["unreadable file"] += 1
            return
        if encoding not in (None, "utf-8-sig"):  # UTF-16/32: lines are only found in the decoded text
            lines = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline=None)
        else:
            lines = _utf8_lines(handle, path)
        blank = True
        for number, line in enumerate(lines, 1):
            blank = blank and not line.strip()
            yield from _json_line(line, number, str(path))
    if blank:
        log.warning(describe(path, "is empty", "skipped"))
        _SKIPPED.get()["unreadable file"] += 1


def _utf8_lines(handle, path: Path) -> Iterator[str]:
    recoded: list[tuple[int, int]] = []  # (line, byte)
    for number, raw in enumerate(handle, 1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            recoded.append((number, error.start))
            yield raw.decode("cp1252", errors="replace")
    if recoded:
        (first, byte), count = recoded[0], len(recoded)
        log.warning(describe(f"{path}:{first}", f"is not UTF-8 (byte {byte})",
                             f"{_count(count, 'line')} of the file read as Windows-1252; convert the file to "
                             "UTF-8 to be sure"))


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

"""The ingest stage: files, folders and standard input -> Documents, bad inputs -> one warning each."""
from __future__ import annotations

import io
import codecs
import json
import logging
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import UserError
from kg.ingest import read_inputs


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("kg") and r.levelno == logging.WARNING]


def _one_warning_naming(caplog, *parts: str) -> str:
    """The single warning that names all `parts`; it must be one line."""
    hits = [w for w in _warnings(caplog) if all(part in w for part in parts)]
    assert len(hits) == 1, f"expected one warning naming {parts}, got {_warnings(caplog)}"
    assert "\n" not in hits[0], hits[0]
    return hits[0]


@pytest.fixture(autouse=True)
def _capture_warnings(caplog):
    caplog.set_level(logging.WARNING, logger="kg")


def _by_id(documents):
    return {d.id: d for d in documents}


# --------------------------------------------------------------------------- good inputs

def test_txt_with_sidecar_metadata(tmp_path):
    (tmp_path / "story.txt").write_text("Rubio met Lavrov in Kuala Lumpur.\n", encoding="utf-8")
    (tmp_path / "story.meta.json").write_text(json.dumps(
        {"published": "2025-07-10", "title": "Rubio meets Lavrov", "url": "https://example.org/a"}), encoding="utf-8")
    [document] = read_inputs([str(tmp_path / "story.txt")])
    assert document.id == "story"
    assert document.text == "Rubio met Lavrov in Kuala Lumpur.\n"
    assert document.published == date(2025, 7, 10)
    assert document.title == "Rubio meets Lavrov"
    assert document.url == "https://example.org/a"
    assert "story.txt" in document.origin


def test_txt_without_sidecar_has_no_metadata(tmp_path):
    (tmp_path / "bare.txt").write_text("Lavrov spoke.", encoding="utf-8")
    [document] = read_inputs([str(tmp_path / "bare.txt")])
    assert (document.id, document.title, document.published, document.url) == ("bare", None, None, None)


def test_markdown_file(tmp_path):
    (tmp_path / "note.md").write_text("# Talks\n\nRubio met *Lavrov*.\n", encoding="utf-8")
    [document] = read_inputs([str(tmp_path / "note.md")])
    assert document.id == "note"
    assert "Rubio met *Lavrov*." in document.text


def test_html_title_and_visible_text(tmp_path):
    (tmp_path / "page.html").write_text(
        "<html><head><title>Rubio &amp; Lavrov meet</title><style>p { color: red }</style>"
        "<script>var secret = 'tracking code';</script></head>"
        "<body><nav>Home | World</nav><p>Rubio met   Lavrov.</p><p>They talked for an hour.</p>"
        "<script>alert('x')</script></body></html>", encoding="utf-8")
    [document] = read_inputs([str(tmp_path / "page.html")])
    assert document.id == "page"
    assert document.title == "Rubio & Lavrov meet"
    assert document.text.splitlines() == ["Rubio met Lavrov.", "They talked for an hour."]
    for hidden in ("tracking code", "alert", "color: red", "Home | World"):
        assert hidden not in document.text


def test_jsonl_records(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"id": "a1", "text": "Rubio met Lavrov.", "title": "Talks", "published": "2025-07-10",
                    "url": "https://example.org/a1"}) + "\n\n"
        + json.dumps({"text": "Putin spoke."}) + "\n", encoding="utf-8")
    documents = _by_id(read_inputs([str(path)]))
    assert set(documents) == {"a1", "feed-3"}  # a record without id is named after its file and line
    a1 = documents["a1"]
    assert (a1.text, a1.title, a1.published, a1.url) == ("Rubio met Lavrov.", "Talks", date(2025, 7, 10),
                                                         "https://example.org/a1")
    assert a1.origin.endswith("feed.jsonl:1")
    assert documents["feed-3"].title is None


def test_csv_records_with_commas_quotes_and_newlines(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text('id,text,title,published,url\n'
                    'c1,"Rubio, in Kuala Lumpur, said ""enough"".\nThen he left.",Talks,2025-07-10,'
                    'https://example.org/c1\n'
                    'c2,Lavrov answered.,,,\n', encoding="utf-8")
    documents = _by_id(read_inputs([str(path)]))
    assert list(documents) == ["c1", "c2"]
    c1, c2 = documents["c1"], documents["c2"]
    assert c1.text == 'Rubio, in Kuala Lumpur, said "enough".\nThen he left.'
    assert (c1.title, c1.published, c1.url) == ("Talks", date(2025, 7, 10), "https://example.org/c1")
    assert (c2.text, c2.title, c2.published, c2.url) == ("Lavrov answered.", None, None, None)


def test_folder_is_read_recursively_in_name_order(tmp_path):
    (tmp_path / "b.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": "The first"}', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.md").write_text("Third.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden file.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text("Hidden folder.", encoding="utf-8")
    documents = read_inputs([str(tmp_path)])
    assert [d.id for d in documents] == ["a", "b", "c"]
    assert documents[0].title == "The first"  # the sidecar is metadata, not a document
    assert not any("meta" in d.id for d in documents)
    assert not any("Hidden" in d.text for d in documents)


def test_folder_reading_gives_no_warnings(tmp_path, caplog):
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"published": "2025-07-10"}', encoding="utf-8")
    read_inputs([str(tmp_path)])
    assert _warnings(caplog) == []


def test_stdin_as_text():
    [document] = read_inputs(["-"], stdin=io.StringIO("Rubio met Lavrov on Thursday.\nThey talked.\n"))
    assert document.id == "stdin"
    assert document.text == "Rubio met Lavrov on Thursday.\nThey talked.\n"


def test_stdin_as_json_lines():
    lines = (json.dumps({"id": "s1", "text": "Rubio met Lavrov.", "published": "2025-07-10"}) + "\n"
             + json.dumps({"text": "Putin spoke."}) + "\n")
    documents = read_inputs(["-"], stdin=io.StringIO(lines))
    assert [d.id for d in documents] == ["s1", "stdin-2"]
    assert documents[0].published == date(2025, 7, 10)
    assert documents[1].text == "Putin spoke."


def test_files_and_stdin_together(tmp_path):
    (tmp_path / "a.txt").write_text("From a file.", encoding="utf-8")
    documents = read_inputs([str(tmp_path / "a.txt"), "-"], stdin=io.StringIO("From standard input."))
    assert [d.id for d in documents] == ["a", "stdin"]


# --------------------------------------------------------------------------- bad inputs

def test_malformed_json_line_among_good_ones(tmp_path, caplog):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "g1", "text": "One."}\n{"id": "broken", "text": \n{"id": "g3", "text": "Three."}\n',
                    encoding="utf-8")
    documents = read_inputs([str(path)])
    assert [d.id for d in documents] == ["g1", "g3"]
    _one_warning_naming(caplog, "feed.jsonl:2", "JSON")


def test_json_line_that_is_not_an_object(tmp_path, caplog):
    path = tmp_path / "feed.jsonl"
    path.write_text('["not", "an", "object"]\n{"id": "g2", "text": "Two."}\n', encoding="utf-8")
    assert [d.id for d in read_inputs([str(path)])] == ["g2"]
    _one_warning_naming(caplog, "feed.jsonl:1", "object")


@pytest.mark.parametrize("record", [{"id": "x"}, {"id": "x", "text": ""}, {"id": "x", "text": "   "},
                                    {"id": "x", "text": 42}])
def test_record_without_text(tmp_path, caplog, record):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "g1", "text": "One."}) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    assert [d.id for d in read_inputs([str(path)])] == ["g1"]
    _one_warning_naming(caplog, "feed.jsonl:2", "no text")


def test_csv_record_without_text(tmp_path, caplog):
    path = tmp_path / "feed.csv"
    path.write_text("id,text\nc1,One.\nc2,\nc3,Three.\n", encoding="utf-8")
    assert [d.id for d in read_inputs([str(path)])] == ["c1", "c3"]
    _one_warning_naming(caplog, "feed.csv:3", "no text")


def test_csv_warning_names_the_line_after_a_multiline_record(tmp_path, caplog):
    path = tmp_path / "feed.csv"
    path.write_text('id,text\nc1,"line one\nline two\nline three"\nc2,\nc3,Three.\n', encoding="utf-8")
    assert [d.id for d in read_inputs([str(path)])] == ["c1", "c3"]
    _one_warning_naming(caplog, "feed.csv:5", "no text")


def test_json_record_with_null_id(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": null, "text": "One."}\n{"id": null, "text": "Two."}\n', encoding="utf-8")
    documents = read_inputs([str(path)])
    assert len(documents) == 2
    assert "None" not in [d.id for d in documents]


def test_empty_file_is_skipped(tmp_path, caplog):
    (tmp_path / "a.txt").write_text("Good.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    assert [d.id for d in read_inputs([str(tmp_path)])] == ["a"]
    _one_warning_naming(caplog, "empty.txt", "empty")


def test_binary_file_is_skipped(tmp_path, caplog):
    (tmp_path / "a.txt").write_text("Good.", encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(b"PK\x03\x04\x00\x00binary\x00stuff")
    assert [d.id for d in read_inputs([str(tmp_path)])] == ["a"]
    _one_warning_naming(caplog, "blob.txt", "binary")


LATIN = ("Der Außenminister Sergej Lawrow traf Marco Rubio am Donnerstag in Kuala Lumpur. Beide Minister "
         "sprachen über die Lage in der Ukraine, über Sanktionen und über die Zukunft der Beziehungen.")


def test_a_latin1_file_is_read_in_its_encoding(tmp_path, caplog):
    (tmp_path / "a.txt").write_text("Good.", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes(LATIN.encode("latin-1"))
    documents = {d.id: d for d in read_inputs([str(tmp_path)], language=None)}
    assert documents["latin"].text == LATIN  # decoded, not mojibake
    warning = _one_warning_naming(caplog, "latin.txt", "not UTF-8")
    assert "read as" in warning


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_file_with_a_byte_order_mark_is_read_in_its_encoding(tmp_path, caplog, encoding):
    text = "Lavrov met Rubio in Kuala Lumpur — «talks» 🙂."
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    (tmp_path / "wide.txt").write_bytes(data)
    [document] = read_inputs([str(tmp_path / "wide.txt")], language=None)
    assert document.text == text
    assert not [w for w in _warnings(caplog) if "wide.txt:" in w and "publication date" not in w]


def test_a_utf16_json_lines_file(tmp_path):
    lines = "".join(json.dumps({"id": f"d{n}", "text": f"Lavrov met Rubio, report {n}."}, ensure_ascii=False) + "\n"
                    for n in range(3))
    (tmp_path / "wide.jsonl").write_bytes(lines.encode("utf-16"))
    assert [d.id for d in read_inputs([str(tmp_path / "wide.jsonl")], language=None)] == ["d0", "d1", "d2"]


@pytest.mark.parametrize("name, data, kind", [
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image (PNG)"),
    ("photo2.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF", "image (JPEG)"),
    ("report.jsonl", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF")])
def test_images_and_other_binaries_are_named_and_skipped(tmp_path, caplog, name, data, kind):
    (tmp_path / "a.txt").write_text("Good.", encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    assert [d.id for d in read_inputs([str(tmp_path)])] == ["a"]
    _one_warning_naming(caplog, name, kind)


def test_bad_published_date_keeps_the_document(tmp_path, caplog):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "d1", "text": "One.", "published": "10 July 2025"}) + "\n", encoding="utf-8")
    [document] = read_inputs([str(path)])
    assert document.id == "d1"
    assert document.published is None
    _one_warning_naming(caplog, "feed.jsonl:1", "10 July 2025")


def test_bad_published_date_in_sidecar(tmp_path, caplog):
    (tmp_path / "a.txt").write_text("Good.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"published": "yesterday", "title": "T"}', encoding="utf-8")
    [document] = read_inputs([str(tmp_path / "a.txt")])
    assert (document.published, document.title) == (None, "T")
    _one_warning_naming(caplog, "a.txt", "yesterday")


def test_duplicate_id_keeps_the_first(tmp_path, caplog):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "same", "text": "First."}) + "\n"
                    + json.dumps({"id": "other", "text": "Other."}) + "\n"
                    + json.dumps({"id": "same", "text": "Second."}) + "\n", encoding="utf-8")
    documents = _by_id(read_inputs([str(path)]))
    assert set(documents) == {"same", "other"}
    assert documents["same"].text == "First."
    message = _one_warning_naming(caplog, "feed.jsonl:3", "duplicate")
    assert "feed.jsonl:1" in message  # says where the first one was


def test_duplicate_id_across_files(tmp_path, caplog):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "story.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "two" / "story.txt").write_text("Second.", encoding="utf-8")
    [document] = read_inputs([str(tmp_path)])
    assert document.text == "First."
    _one_warning_naming(caplog, str(Path("two") / "story.txt"), "duplicate")


def test_missing_path_stops_before_anything_is_read(tmp_path, caplog):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")  # would warn if it were read
    (tmp_path / "good.txt").write_text("Good.", encoding="utf-8")
    missing = tmp_path / "nope.txt"
    with pytest.raises(UserError) as error:
        read_inputs([str(tmp_path / "empty.txt"), str(tmp_path / "good.txt"), str(missing)])
    assert str(missing) in str(error.value)
    assert "\n" not in str(error.value)
    assert _warnings(caplog) == []


def test_empty_folder_raises(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(UserError, match="no readable documents"):
        read_inputs([str(tmp_path / "empty")])


def test_only_bad_inputs_raise(tmp_path, caplog):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02")
    with pytest.raises(UserError, match="no readable documents"):
        read_inputs([str(tmp_path)])
    assert len(_warnings(caplog)) == 3


def test_empty_stdin_raises():
    with pytest.raises(UserError):
        read_inputs(["-"], stdin=io.StringIO("   \n"))


# --------------------------------------------------------------------------- property

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"),
                min_size=1).filter(lambda t: t.strip())


@settings(max_examples=60, deadline=None)
@given(text=_text)
def test_any_text_comes_back_unchanged(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("prop")
    path = folder / "some-story_01.txt"
    path.write_bytes(text.encode("utf-8"))
    [document] = read_inputs([str(path)], language=None)  # any text: "000..." would read as Macedonian
    assert document.id == "some-story_01"
    assert document.text == text

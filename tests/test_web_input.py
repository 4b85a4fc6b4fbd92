"""News as it arrives: saved web pages, RSS/Atom feeds and WARC archives, with their metadata (issue 14).

Every input is written by the test itself: a page with navigation, comments and a related-articles list,
a feed of three entries, an archive with two pages and an image, a French page, a page whose own date
disagrees with its sidecar.
"""
from __future__ import annotations

import io
import json
import logging
from collections import Counter
from datetime import date

import pytest
from rdflib import Graph, Literal, Namespace
from typer.testing import CliRunner

from kg.cli import app
from kg.ingest import read_inputs

DCTERMS = Namespace("http://purl.org/dc/terms/")

ARTICLE = ("Russian Foreign Minister Sergei Lavrov met his Italian counterpart Angelino Alfano in Rome on Thursday. "
           "The two ministers discussed the conflicts in Libya and Syria and the sanctions imposed on Russia over "
           "Ukraine. Alfano said Italy wanted a dialogue with Moscow on every issue, and Lavrov thanked him.")

FRENCH = ("Le ministre russe des Affaires étrangères Sergueï Lavrov a rencontré jeudi à Rome son homologue italien "
          "Angelino Alfano. Les deux ministres ont discuté des conflits en Libye et en Syrie ainsi que des sanctions "
          "imposées à la Russie à cause de l'Ukraine.")


def page(body: str = ARTICLE, published: str | None = "2017-03-02T10:00:00Z", lang: str = "en",
         title: str = "Lavrov and Alfano meet in Rome") -> str:
    """A news page with everything a real one carries around its article."""
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{sentence.strip()}.</p>" for sentence in body.split(". ") if sentence.strip(". "))
    return f"""<!DOCTYPE html><html lang="{lang}"><head><title>{title} | Example News</title>{meta}
<meta name="author" content="Jane Roe"><meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://news.example.com/world/lavrov-alfano"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li></ul></nav>
<article><h1>{title}</h1>{paragraphs}</article>
<section id="comments" class="comments"><h3>Comments</h3><div class="comment"><p>First! Visit my shop for cheap
watches.</p></div></section>
<aside class="related"><h3>Read more</h3><ul><li><a href="/a">Putin visits Paris amid protests</a></li>
<li><a href="/b">Share prices fall in Tokyo</a></li></ul></aside>
<footer>Share on Facebook | Twitter | Copyright Example News</footer></body></html>"""


@pytest.fixture(autouse=True)
def _capture_warnings(caplog):
    caplog.set_level(logging.WARNING, logger="kg")


def warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("kg") and r.levelno == logging.WARNING]


def test_a_page_gives_its_article_and_its_own_metadata(tmp_path):
    (tmp_path / "rome.html").write_text(page(), encoding="utf-8")
    [document] = read_inputs([str(tmp_path / "rome.html")])
    assert "Sergei Lavrov met his Italian counterpart" in document.text
    for furniture in ("World news menu", "cheap", "Putin visits Paris", "Share on Facebook", "Copyright"):
        assert furniture not in document.text
    assert (document.published, document.author, document.site, document.url, document.language) == (
        date(2017, 3, 2), "Jane Roe", "Example News", "https://news.example.com/world/lavrov-alfano", "en")
    assert document.title.startswith("Lavrov and Alfano meet in Rome")


def test_the_sidecar_wins_over_what_the_page_says(tmp_path, caplog):
    (tmp_path / "rome.html").write_text(page(), encoding="utf-8")
    (tmp_path / "rome.meta.json").write_text(json.dumps({"published": "2017-03-03", "title": "Corrected"}),
                                             encoding="utf-8")
    [document] = read_inputs([str(tmp_path)])
    assert (document.published, document.title, document.author) == (date(2017, 3, 3), "Corrected", "Jane Roe")
    assert warnings(caplog) == []  # a sidecar is metadata, not a document of its own


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example News: World</title><link>https://news.example.com</link>
<item><title>Lavrov meets Alfano</title><link>https://news.example.com/1</link>
<pubDate>Thu, 02 Mar 2017 10:00:00 GMT</pubDate><author>jane@example.com (Jane Roe)</author>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>{article}</p>]]></content:encoded></item>
<item><title>Merkel in Warsaw</title><link>https://news.example.com/2</link>
<pubDate>Tue, 07 Feb 2017 09:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>German Chancellor Angela Merkel met Polish Prime Minister Beata Szydlo in Warsaw
on Tuesday. They discussed Russia, the European Union and the Nord Stream 2 pipeline.</p>]]></content:encoded></item>
<item><title>Tillerson in Ankara</title><link>https://news.example.com/3</link>
<pubDate>Thu, 30 Mar 2017 12:00:00 GMT</pubDate>
<description>US Secretary of State Rex Tillerson met Turkish President Recep Tayyip Erdogan in Ankara.</description>
</item></channel></rss>""".replace("{article}", ARTICLE)


def test_a_feed_gives_one_document_per_entry_with_its_date_and_link(tmp_path, caplog):
    (tmp_path / "world.rss").write_text(FEED, encoding="utf-8")
    documents = read_inputs([str(tmp_path / "world.rss")])
    assert [(d.id, d.published, d.url) for d in documents] == [
        ("world-1", date(2017, 3, 2), "https://news.example.com/1"),
        ("world-2", date(2017, 2, 7), "https://news.example.com/2"),
        ("world-3", date(2017, 3, 30), "https://news.example.com/3")]
    assert "Sergei Lavrov met his Italian counterpart" in documents[0].text  # the full content, not the teaser
    assert "Short teaser" not in documents[0].text
    assert documents[2].text.startswith("US Secretary of State Rex Tillerson met")  # its summary: all it has
    assert all(d.site == "Example News: World" for d in documents)
    [said] = [w for w in warnings(caplog) if "summary" in w]
    assert "world.rss" in said and "1 feed entry carried only a summary" in said


def test_a_feed_entry_without_text_is_one_line(tmp_path, caplog):
    (tmp_path / "world.rss").write_text(FEED.replace("</channel>", "<item><title>Empty</title>"
                                                     "<link>https://news.example.com/4</link></item></channel>"),
                                        encoding="utf-8")
    skipped = Counter()
    assert len(read_inputs([str(tmp_path / "world.rss")], skipped=skipped)) == 3
    assert skipped["record without text"] == 1
    assert any("world.rss:4" in w and "no text" in w for w in warnings(caplog))


def test_a_feed_is_known_by_its_content_whatever_its_name(tmp_path):
    (tmp_path / "world.txt").write_text(FEED, encoding="utf-8")
    assert len(read_inputs([str(tmp_path / "world.txt")])) == 3


def write_archive(path, records) -> None:
    """A WARC file of (uri, content type, body, warc date) response records, as a crawler writes it."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for uri, content_type, body, when in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                               warc_headers_dict={"WARC-Date": when})
            writer.write_record(record)


def test_an_archive_gives_one_document_per_page_and_counts_the_rest(tmp_path, caplog):
    archive = tmp_path / "crawl.warc.gz"
    write_archive(archive, [
        ("https://news.example.com/rome", "text/html; charset=utf-8", page().encode(), "2017-03-05T08:00:00Z"),
        ("https://news.example.com/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64), "2017-03-05T08:00:01Z"),
        ("https://news.example.com/undated", "text/html", page(published=None).encode(), "2017-03-06T08:00:00Z")])
    skipped = Counter()
    documents = read_inputs([str(archive)], skipped=skipped)
    assert [(d.id, d.published) for d in documents] == [
        ("crawl-1", date(2017, 3, 2)),  # the page's own date
        ("crawl-2", date(2017, 3, 6))]  # no date of its own: the record's
    assert documents[1].url == "https://news.example.com/undated"  # where the crawler found it
    assert skipped["archive record that is no HTML page"] == 1
    assert any("crawl.warc.gz" in w and "1 record with no HTML page" in w for w in warnings(caplog))


def test_a_page_in_another_language_is_skipped_with_one_line(tmp_path, caplog):
    (tmp_path / "rome.html").write_text(page(), encoding="utf-8")
    (tmp_path / "rome-fr.html").write_text(page(body=FRENCH, lang="fr"), encoding="utf-8")
    skipped = Counter()
    assert [d.id for d in read_inputs([str(tmp_path)], skipped=skipped)] == ["rome"]
    assert skipped == Counter({"language fr": 1})
    [said] = [w for w in warnings(caplog) if "language" in w]
    assert "rome-fr.html" in said and "'fr'" in said and "\n" not in said
    assert {d.id for d in read_inputs([str(tmp_path)], language=None)} == {"rome", "rome-fr"}  # any language


def test_undated_documents_take_the_anchor_date_or_are_counted(tmp_path, caplog):
    (tmp_path / "a.txt").write_text("Lavrov met Alfano in Rome on Thursday.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Merkel met Szydlo in Warsaw on Tuesday.", encoding="utf-8")
    assert {d.published for d in read_inputs([str(tmp_path)], anchor=date(2017, 3, 3))} == {date(2017, 3, 3)}
    assert not warnings(caplog)
    read_inputs([str(tmp_path)])
    [said] = warnings(caplog)
    assert said.startswith("2 documents") and "--date" in said


def test_a_build_keeps_a_page_s_metadata_and_says_what_it_skipped(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "rome.html").write_text(page(), encoding="utf-8")
    (tmp_path / "in" / "rome-fr.html").write_text(page(body=FRENCH, lang="fr"), encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "skipped:  language fr 1" in result.output
    graph = Graph()
    graph.parse(tmp_path / "out" / "graph.ttl")
    assert (None, DCTERMS.creator, Literal("Jane Roe")) in graph
    assert (None, DCTERMS.publisher, Literal("Example News")) in graph
    assert any(str(o) == "en" for o in graph.objects(None, DCTERMS.language))


def test_a_bad_anchor_date_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_text("Lavrov met Alfano.", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"),
                                      "--date", "last Tuesday"])
    assert result.exit_code != 0
    assert "--date last Tuesday" in result.output and "YYYY-MM-DD" in result.output
    assert "Traceback" not in result.output


def test_what_was_left_out_is_counted_by_reason(tmp_path):
    (tmp_path / "feed.jsonl").write_text('{"id": "a", "text": "Lavrov met Alfano."}\n{broken\n{"id": "c"}\n'
                                         '{"id": "a", "text": "Again."}\n', encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01binary")
    skipped = Counter()
    assert [d.id for d in read_inputs([str(tmp_path)], skipped=skipped)] == ["a"]
    assert skipped == Counter({"broken JSON line": 1, "record without text": 1, "duplicate id": 1,
                               "unreadable file": 1})


def test_a_damaged_archive_keeps_what_was_read_and_says_so_in_one_line(tmp_path, caplog):
    archive = tmp_path / "crawl.warc"
    write_archive(archive, [("https://news.example.com/rome", "text/html", page().encode(), "2017-03-05T08:00:00Z")])
    with archive.open("ab") as stream:
        stream.write(b"\x89 truncated by a failed download " * 10)
    assert [d.id for d in read_inputs([str(archive)])] == ["crawl-1"]
    [said] = [w for w in warnings(caplog) if "is damaged" in w]
    assert "crawl.warc" in said and "after 1 page " in said and "\n" not in said

"""Benchmark: reading a web archive (prints figures; not a test).

usage: python bench/warc_read.py [--pages N]

Writes a WARC of N HTML pages (each a news article of ../shared/data/news_corpus.py laid out as a page
with navigation, comments and a related-articles list, plus one image record per ten pages), then
streams it through the ingest stage's archive reader and prints pages per second and the resident
memory after each quarter of the archive: flat figures mean memory does not grow with the archive.
"""
from __future__ import annotations

import argparse
import html
import io
import json
import resource
import tempfile
import time
from pathlib import Path

from build_speed import corpus
from kg.web import ArchiveCounts, read_archive


def current_rss_mib() -> float:
    """Resident memory now (not the peak), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def as_page(record: dict) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in record["text"].split("\n") if p.strip())
    title = html.escape(record.get("title") or record["id"])
    return (f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>"
            f"<meta property='article:published_time' content='{record.get('published', '')}'></head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article>"
            "<section class='comments'><p>First comment!</p></section>"
            "<aside><h3>Read more</h3><ul><li><a href='/x'>Other news</a></li></ul></aside>"
            "<footer>Share | Copyright</footer></body></html>").encode()


def write_archive(path: Path, records: list[dict]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for n, record in enumerate(records):
            uri = f"https://news.example.com/{record['id']}"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(as_page(record)),
                                                          http_headers=headers))
            if n % 10 == 0:
                image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(uri + ".png", "response",
                                                              payload=io.BytesIO(bytes(2048)), http_headers=image))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=1000)
    args = ap.parse_args()
    source = corpus(None, args.pages)
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "news.warc.gz"
        write_archive(archive, records)
        size = archive.stat().st_size / 2**20
        del records
        counts, marks = ArchiveCounts(), []
        quarter = max(1, args.pages // 4)
        start = time.perf_counter()
        for n, _ in enumerate(read_archive(archive, counts), 1):
            if n % quarter == 0:
                marks.append((n, current_rss_mib()))
        seconds = time.perf_counter() - start
    print(f"archive: {args.pages} pages, {size:.1f} MiB gzipped")
    print(f"read: {counts.pages} pages, {counts.other} other records skipped, {counts.empty} pages without text; "
          f"{seconds:.1f} s, {counts.pages / seconds:.0f} pages/s")
    print("resident memory after " + ", ".join(f"{n} pages: {mib:.0f} MiB" for n, mib in marks))


if __name__ == "__main__":
    main()

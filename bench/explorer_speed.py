"""Benchmark: the views, the analytics and the explorer page on a built graph (prints figures; not a test).

usage: python bench/explorer_speed.py [GRAPH_FOLDER] [--articles 1000] [--top 150 400] [--loads 3]
                                      [--screenshot FILE.png]

Without GRAPH_FOLDER it builds the first --articles news articles (../shared/data/news_corpus.py, cached
like build_speed.py) into a temporary folder first. Then, in this process:
- reading the store into records (SPARQL) and projecting the actor view and the event view;
- each centrality measure, the communities, a 3-path search and a 2-hop neighbourhood;
- writing the page for each --top, its size, and the time until the page is drawn in headless Chromium
  (Debian's, through Playwright): `window.kgDrawnAt`, milliseconds from navigation start to vis-network's
  first drawing, the median of --loads fresh loads.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_speed import corpus  # noqa: E402  (the same cached articles)

from kg import analysis, viz  # noqa: E402
from kg.store import open_store  # noqa: E402
from kg.views import actor_graph, event_graph, load  # noqa: E402


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def draw_times(page: Path, loads: int, screenshot: Path | None) -> list[float]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        sys.exit("no Chromium found: apt-get install chromium")
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        for number in range(loads):
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            tab.goto(page.resolve().as_uri())
            tab.wait_for_function("window.kgDrawnAt !== undefined", timeout=60_000)
            times.append(tab.evaluate("window.kgDrawnAt"))
            if screenshot and number == 0:
                tab.screenshot(path=str(screenshot))
            tab.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("graph", nargs="?", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--top", type=int, nargs="+", default=[150, 400])
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.graph
        if folder is None:
            folder = Path(scratch) / "graph"
            source = corpus(args.articles)
            print(f"building {source.name} ...", flush=True)
            kg = Path(sys.executable).parent / "kg"  # the command of this environment
            subprocess.run([str(kg), "build", str(source), "--out", str(folder), "--quiet"], check=True,
                           stdout=subprocess.DEVNULL)
        facts, read = timed(load, open_store(folder))
        view, project = timed(actor_graph, facts)
        events, project_events = timed(event_graph, facts)
        linked = sum(1 for n in view if view.degree(n) > 0)
        print(f"graph: {folder}  {len(facts.entities)} entities ({linked} linked), {len(facts.events)} events, "
              f"{len(facts.offices)} offices")
        print(f"read the store into records (SPARQL)  {read:7.3f} s")
        print(f"project the actor view                 {project:7.3f} s  ({view.number_of_edges()} pair edges)")
        print(f"project the event view                 {project_events:7.3f} s  ({events.number_of_nodes()} nodes)")
        for measure in analysis.MEASURES:
            _, seconds = timed(analysis.scores, view, measure)
            print(f"centrality {measure:12s}                {seconds:7.3f} s")
        found, seconds = timed(analysis.communities, view)
        print(f"communities (Louvain)                  {seconds:7.3f} s  ({len(found)} communities)")
        top = [r.iri for r in analysis.centrality(view, "degree", top=2)]
        if len(top) == 2:
            _, seconds = timed(analysis.shortest_paths, view, top[0], top[1], 3)
            print(f"3 shortest paths                       {seconds:7.3f} s")
            _, seconds = timed(analysis.neighbors, view, top[0], 2)
            print(f"2-hop neighbourhood of the top actor   {seconds:7.3f} s")
        for limit in args.top:
            page = Path(scratch) / f"graph-{limit}.html"
            shown, seconds = timed(viz.write_html, facts, view, page, max_nodes=limit)
            shot = args.screenshot if limit == args.top[0] else None
            drawn = draw_times(page, args.loads, shot)
            print(f"page, top {limit:4d}: {shown} entities, written in {seconds:6.3f} s, "
                  f"{page.stat().st_size / 1e6:5.2f} MB, drawn in Chromium after "
                  f"{statistics.median(drawn) / 1000:5.2f} s (median of {len(drawn)}: "
                  f"{', '.join(f'{t / 1000:.2f}' for t in drawn)})")


if __name__ == "__main__":
    main()

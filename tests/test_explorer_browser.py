"""The explorer page in a real browser: Debian's Chromium driven by Playwright (no browser download).

Without Chromium these tests are skipped with a message saying how to install it; CI sets
KG_REQUIRE_BROWSER=1 (after installing Chromium), which turns a missing browser into a failure.
"""
from __future__ import annotations

import os
import shutil

import pytest

from kg import viz
from kg.store import open_store
from kg.views import Entity, Event, Facts, Report, actor_graph, load

EVIL = "<img src=x onerror=alert(1)>"
INSTALL = "install Debian's Chromium (apt-get install chromium) or set KG_CHROMIUM to a Chromium binary"


def _chromium() -> str | None:
    for candidate in (os.environ.get("KG_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def _unavailable(reason: str):
    if os.environ.get("KG_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests: {reason}; {INSTALL}")
    pytest.skip(f"browser tests skipped: {reason}; {INSTALL}")


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    executable = _chromium()
    if executable is None:
        _unavailable("no Chromium found")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Opened:
    """A page loaded from a file, with what it logged, asked for and tried to pop up."""

    def __init__(self, browser, path):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.kgDrawnAt !== undefined", timeout=30_000)

    def js(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def visible(self) -> set[str]:
        labels = self.js("kgExplorer.visibleNodes().map(id => nodes.get(id).label)")
        return set(labels)

    def point_of(self, node_id: str) -> dict:
        return self.js("id => network.canvasToDOM(network.getPositions([id])[id])", node_id)

    def node_id(self, label: str) -> str:
        return self.js("label => nodes.get().find(n => n.label === label).id", label)

    def panel(self) -> str:
        return self.page.inner_text("#kg-panel")


@pytest.fixture
def seeds_page(browser, seeds_build):
    opened = Opened(browser, seeds_build / "graph.html")
    yield opened
    opened.page.close()


def test_the_page_loads_offline_with_no_error_and_every_connected_entity(seeds_page, seeds_build):
    view = actor_graph(load(open_store(seeds_build)))
    connected = {data["label"] for node, data in view.nodes(data=True) if view.degree(node) > 0}
    assert seeds_page.errors == []
    assert all(url.startswith(("file:", "data:", "blob:", "about:")) for url in seeds_page.requests), \
        [url for url in seeds_page.requests if not url.startswith("file:")]
    assert seeds_page.visible() == connected
    assert seeds_page.js("nodes.length") == len(connected)
    assert seeds_page.js("edges.get().filter(e => !e.hidden).length") == view.subgraph(
        [n for n in view if view.degree(n) > 0]).number_of_edges()


def test_search_centres_the_entity_and_opens_its_panel(seeds_page):
    seeds_page.page.fill("#kg-search", "lavrov")
    seeds_page.page.press("#kg-search", "Enter")
    lavrov = seeds_page.node_id("Sergei Lavrov")
    centre = seeds_page.js("network.getViewPosition()")
    position = seeds_page.js("id => network.getPositions([id])[id]", lavrov)
    assert abs(centre["x"] - position["x"]) < 1 and abs(centre["y"] - position["y"]) < 1
    assert seeds_page.js("network.getSelectedNodes()") == [lavrov]
    assert seeds_page.page.is_visible("#kg-panel")
    assert seeds_page.page.inner_text("#kg-panel h2") == "Sergei Lavrov"
    assert "Foreign Minister of Russia" in seeds_page.panel()


def test_search_by_another_name(seeds_page):
    seeds_page.page.fill("#kg-search", "Moscow")
    seeds_page.page.press("#kg-search", "Enter")
    assert seeds_page.page.inner_text("#kg-panel h2") == "Russia"


def test_filters_hide_what_they_should(seeds_page):
    page = seeds_page.page
    everyone = seeds_page.visible()
    page.select_option("#kg-event-filter", "quad:conflict")
    conflict = seeds_page.visible()
    assert {"Russia", "Ukraine"} <= conflict and "Marco Rubio" not in conflict and "Sergei Lavrov" not in conflict
    assert "filtered" in page.inner_text("#kg-status")
    page.select_option("#kg-event-filter", "class:Consult")
    assert {"Marco Rubio", "Sergei Lavrov"} <= seeds_page.visible()
    page.click("#kg-reset")
    assert seeds_page.visible() == everyone
    page.fill("#kg-since", "2025-08-01")
    page.dispatch_event("#kg-since", "change")
    assert seeds_page.visible() == set()
    page.click("#kg-reset")
    page.uncheck("input[data-kind=Person]")
    assert seeds_page.visible() and not any(label in seeds_page.visible() for label in ("Marco Rubio", "Donald Trump"))
    page.click("#kg-reset")
    page.fill("#kg-min", "2")
    page.dispatch_event("#kg-min", "change")
    several = seeds_page.visible()
    assert several and len(several) < len(everyone)


def test_clicking_a_node_shows_its_evidence(seeds_page):
    rubio = seeds_page.node_id("Marco Rubio")
    point = seeds_page.point_of(rubio)
    assert seeds_page.js("p => network.getNodeAt(p)", point) == rubio  # nothing lies on top of it
    seeds_page.page.mouse.click(point["x"], point["y"] + _canvas_top(seeds_page))
    panel = seeds_page.panel()
    assert seeds_page.page.inner_text("#kg-panel h2") == "Marco Rubio"
    assert "Secretary of State of United States" in panel
    assert "sat down with Lavrov" in panel and "000_6e953f77dba7049c" in panel


def test_clicking_an_edge_shows_every_report_of_its_events(seeds_page):
    rubio, lavrov = seeds_page.node_id("Marco Rubio"), seeds_page.node_id("Sergei Lavrov")
    a, b = seeds_page.point_of(rubio), seeds_page.point_of(lavrov)
    edge = seeds_page.js("ids => network.getConnectedEdges(ids[0]).find(e => network.getConnectedNodes(e)"
                         ".includes(ids[1]))", [rubio, lavrov])
    point = next(p for t in (0.5, 0.45, 0.55, 0.4, 0.6)
                 if seeds_page.js("p => network.getEdgeAt(p)", p := {"x": a["x"] + t * (b["x"] - a["x"]),
                                                                      "y": a["y"] + t * (b["y"] - a["y"])}) == edge
                 and seeds_page.js("p => network.getNodeAt(p)", p) is None)
    seeds_page.page.mouse.click(point["x"], point["y"] + _canvas_top(seeds_page))
    assert seeds_page.page.inner_text("#kg-panel h2") == "Marco Rubio — Sergei Lavrov"
    panel = seeds_page.panel()
    assert "Events (2)" in panel and "Kuala Lumpur" in panel
    assert seeds_page.page.locator("#kg-panel q").count() >= 3  # each report of each meeting


def _canvas_top(opened) -> float:
    return opened.js("document.getElementById('mynetwork').getBoundingClientRect().top")


def test_hostile_names_are_shown_as_text_and_run_nothing(browser, tmp_path):
    entities = {"x": Entity("x", EVIL, "Person", 3, ("<script>alert(2)</script>",)),
                "y": Entity("y", "Ruritania", "State", 2)}
    sentence = f"{EVIL} met officials </script><script>alert(3)</script> & left."
    facts = Facts(entities, [Event("e", "Consult", "VerbalCooperation", ("x",), ("y",), "2017-03-01", None, None,
                                   (Report(sentence, "doc<1>", 0.9, "<b>title</b>", "2017-03-02",
                                           "javascript:alert(4)"),))], [])
    path = tmp_path / "evil.html"
    viz.write_html(facts, actor_graph(facts), path, title=f"title {EVIL}")
    opened = Opened(browser, path)
    page = opened.page
    page.fill("#kg-search", "<script>alert(2)")
    page.press("#kg-search", "Enter")
    assert page.inner_text("#kg-panel h2") == EVIL
    opened.js("kgExplorer.showEdge(edges.getIds()[0])")
    panel = opened.panel()
    assert sentence in panel and "<b>title</b>" in panel
    assert page.locator("#kg-panel img, #kg-panel script, #kg-panel b").count() == 0
    assert page.locator("#kg-panel a").count() == 0  # a javascript: address is never a link
    assert EVIL in page.inner_text("#kg-title")
    page.wait_for_timeout(300)
    assert opened.dialogs == [] and opened.errors == []
    page.close()

"""Nothing lost: the output folder is published in one step and locked while a build writes it; a build
killed (SIGKILL) at any moment leaves the previous graph and no process behind, and the next run gives
exactly the graph an uninterrupted build gives."""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import store
from kg.store import output_lock
from test_cli import assert_ok, assert_one_line_error, kg

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
KG = str(Path(sys.executable).parent / "kg")


def quads(out: Path) -> list[str]:
    data = ox.Store.read_only(str(out / "store"))
    return sorted(str(q) for q in data if not str(q.graph_name).endswith("graph/ontology>"))


def _articles(path: Path, count: int, first: int = 0) -> Path:
    """`count` news-like documents made of the seed articles' paragraphs, each a different mix."""
    paragraphs = [p.strip() for seed in sorted(SEEDS.glob("*.txt"))
                  for p in seed.read_text(encoding="utf-8-sig").split("\n") if len(p.strip()) > 80]
    with open(path, "w", encoding="utf-8") as out:
        for number in range(first, first + count):
            chosen = [paragraphs[(number * 7 + k * 3) % len(paragraphs)] for k in range(6)]
            out.write(json.dumps({"id": f"doc-{number:04d}", "title": f"Report {number}",
                                  "date": f"2025-07-{1 + number % 28:02d}", "text": "\n\n".join(chosen)}) + "\n")
    return path


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _kill_during(args: list[str], after: float) -> None:
    """Start a kg command, SIGKILL it after `after` seconds (or let it end first), and check that none
    of the processes it started outlives it."""
    process = subprocess.Popen([KG, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    children = _children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{c}").exists() and _alive(c) for c in children):
        time.sleep(0.1)
    assert not [c for c in children if Path(f"/proc/{c}").exists() and _alive(c)], "a worker outlived the build"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return _articles(tmp_path_factory.mktemp("corpus") / "articles.jsonl", 200)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> tuple[list[str], float]:
    """The graph an uninterrupted build of the corpus gives, and how long that build took."""
    out = tmp_path_factory.mktemp("reference") / "out"
    started = time.monotonic()
    subprocess.run([KG, "build", str(corpus), "--out", str(out), "--quiet", "--processes", "2"], check=True,
                   capture_output=True)
    return quads(out), time.monotonic() - started


def test_a_killed_build_leaves_the_previous_graph_and_the_rerun_finishes_it(corpus, reference, seeds_build,
                                                                            tmp_path):
    expected, duration = reference
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    previous = quads(out)
    seed = random.randrange(10**6)
    moments = random.Random(seed)
    for low, high in ((0.05, 0.4), (0.4, 0.8), (0.8, 1.0)):  # reading; resolving and storing; writing and swapping
        after = duration * moments.uniform(low, high)
        _kill_during(["build", str(corpus), "--out", str(out), "--quiet", "--processes", "2"], after)
        now = quads(out)
        assert now in (previous, expected), f"a mix after a kill at {after:.1f} s (random seed {seed})"
        if now == expected:  # the kill came after the swap: that build was complete
            shutil.rmtree(out)
            shutil.copytree(seeds_build, out)
    subprocess.run([KG, "build", str(corpus), "--out", str(out), "--quiet", "--processes", "2"], check=True,
                   capture_output=True)
    assert quads(out) == expected
    assert not list(tmp_path.glob(".out.building*"))


def test_a_killed_add_leaves_the_previous_graph(seeds_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    previous = quads(out)
    extra = _articles(tmp_path / "extra.jsonl", 30)
    _kill_during(["add", str(extra), "--out", str(out), "--quiet", "--processes", "1"], 3.0)
    assert quads(out) == previous
    assert_ok(kg("add", extra, "--out", out, "--quiet"))
    reference = tmp_path / "reference"
    shutil.copytree(seeds_build, reference)
    assert_ok(kg("add", extra, "--out", reference, "--quiet"))
    assert quads(out) == quads(reference)


def test_a_second_build_on_the_same_folder_is_refused(seeds_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    with output_lock(out):
        line = assert_one_line_error(kg("build", SEEDS, "--out", out))
    assert "another kg build" in line and f"process {os.getpid()}" in line
    assert_ok(kg("build", SEEDS, "--out", out))  # free again


def test_rebuilding_keeps_the_users_own_files(seeds_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    (out / "notes.md").write_text("mine", encoding="utf-8")
    assert_ok(kg("build", SEEDS, "--out", out))
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine"
    assert quads(out) == quads(seeds_build)


def test_without_an_atomic_exchange_the_swap_still_completes(seeds_build, tmp_path, monkeypatch):
    monkeypatch.setattr(store, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    assert_ok(kg("build", SEEDS, "--out", out))
    assert quads(out) == quads(seeds_build) and not (tmp_path / ".out.previous").exists()


def test_a_build_killed_between_the_fallback_renames_is_recovered(seeds_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, tmp_path / ".out.previous")  # what the first rename left
    with output_lock(out):
        pass
    assert quads(out) == quads(seeds_build)


def test_the_users_files_left_by_a_build_killed_after_the_swap_are_recovered(seeds_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)  # the new graph, swapped in
    shutil.copytree(seeds_build, tmp_path / ".out.building")  # the previous one, not yet cleared away
    (tmp_path / ".out.building" / "notes.md").write_text("mine", encoding="utf-8")
    with output_lock(out):
        pass
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine"
    assert_ok(kg("build", SEEDS, "--out", out, "--quiet"))
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine"


def test_a_failed_swap_leaves_the_folder_as_it_was(seeds_build, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    (out / "notes.md").write_text("mine", encoding="utf-8")
    before = sorted(p.name for p in out.iterdir())

    def busy(a, b):
        raise OSError(16, "Device or resource busy", str(b))

    monkeypatch.setattr(store, "_exchange", busy)
    with pytest.raises(OSError, match="busy"):
        with store.staged_output(out) as staging:
            (staging / "graph.ttl").write_text("new", encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == before
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine"
    assert quads(out) == quads(seeds_build)


def test_every_file_a_build_writes_counts_as_output(seeds_build):
    from kg import state, viz
    assert {p.name for p in seeds_build.iterdir()} <= store.OUTPUT_ITEMS
    assert {viz.HTML_FILE, state.STATE_DIR} <= store.OUTPUT_ITEMS

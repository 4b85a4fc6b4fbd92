"""Score the news development set in two halves, each built on its own.

Study the misses of one half, accept a change only when the other does not get worse (issue 7).
The halves are fixed: the gold's documents in sorted order, alternately to A and B. Each half is
built alone and scored against the gold restricted to it: its events (by `docs`), and the entities
and roles whose names its text contains.

    .venv/bin/python scripts/score_halves.py                      # both halves and the whole set
    .venv/bin/python scripts/score_halves.py --half A --misses    # one half, with its misses

Needs `../shared` beside the repository (the gold, the scorer and `news_corpus.py`).
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "eval" / "gold" / "news-dev.json"
ONTOLOGY = ROOT / "ontology" / "diplomacy.ttl"
KG = Path(sys.executable).parent / "kg"


def halves(gold: dict) -> dict[str, list[str]]:
    ids = sorted(gold["documents"])
    return {"A": ids[0::2], "B": ids[1::2], "all": ids}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def named_in(names: list[str], text: str) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(fold(n))}(?!\w)", text) for n in names if n)


def state_forms() -> dict[str, list[str]]:
    """Every name the gazetteer knows a state by (demonyms, capitals, seats), by the state's names."""
    from kg.knowledge import load

    forms = {}
    for s in load().states.values():
        known = [s.name, *s.aliases, *s.demonyms, *s.people, *s.seats, *s.capital_aliases, s.capital or ""]
        for name in (s.name, *s.aliases):
            forms[fold(name)] = known
    return forms


def restrict(gold: dict, ids: list[str], texts: dict[str, str]) -> dict:
    """The gold as far as these documents tell it; a state counts as told when any of its gazetteer names is
    ("Seoul", "South Korean")."""
    text = fold(" ".join(texts[i] for i in ids))
    states = state_forms()

    def names(entity: dict) -> list[str]:
        own = [entity["name"], *entity.get("aliases", [])]
        return own + states.get(fold(entity["name"]), []) if entity["type"] == "State" else own

    entities = [e for e in gold["entities"] if named_in(names(e), text)]
    kept = {e["name"] for e in entities}
    roles = [r for r in gold["roles"] if r["person"] in kept]
    events = [e for e in gold["events"] if set(e["docs"]) <= set(ids)]
    return {**gold, "documents": {i: gold["documents"][i] for i in ids}, "entities": entities, "roles": roles,
            "events": events}


def corpus(path: Path, ids: list[str]) -> dict[str, dict]:
    if not path.exists():
        subprocess.run([sys.executable, str(SHARED / "data" / "news_corpus.py"), str(path), "--ids", *ids],
                       check=True)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {r["id"]: r for r in records}


def scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_half(name: str, ids: list[str], records: dict[str, dict], gold: dict, work: Path, misses: bool) -> str:
    half_input = work / f"{name}.jsonl"
    half_input.write_text("".join(json.dumps(records[i], ensure_ascii=False) + "\n" for i in ids), encoding="utf-8")
    out = work / name
    subprocess.run([str(KG), "build", str(half_input), "--out", str(out)], check=True, capture_output=True)
    half_gold = work / f"{name}-gold.json"
    if set(ids) != set(gold["documents"]):
        gold = restrict(gold, ids, {i: r["text"] for i, r in records.items()})
    half_gold.write_text(json.dumps(gold), encoding="utf-8")
    args = ["--gold", str(half_gold), "--graph", str(out / "graph.ttl"), "--ontology", str(ONTOLOGY),
            "--json", str(work / f"{name}-score.json")]
    if misses:
        scorer().main(args)
    else:
        with contextlib.redirect_stdout(io.StringIO()):
            scorer().main(args)
    report = json.loads((work / f"{name}-score.json").read_text(encoding="utf-8"))
    return report["summary"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--half", choices=["A", "B", "all"], action="append", help="which (default: A, B and all)")
    parser.add_argument("--misses", action="store_true", help="print the scorer's misses and false hits")
    parser.add_argument("--corpus", type=Path, default=ROOT / "news-dev.jsonl",
                        help="the 20 articles as JSON lines (written with news_corpus.py when missing)")
    parser.add_argument("--work", type=Path, help="keep the builds and reports here")
    args = parser.parse_args()
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    parts = halves(gold)
    records = corpus(args.corpus, parts["all"])
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-halves-"))
    work.mkdir(parents=True, exist_ok=True)
    for name in args.half or ["A", "B", "all"]:
        print(f"{name:>3}: {score_half(name, parts[name], records, gold, work, args.misses)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

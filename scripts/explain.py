"""Show, for each sentence, the triggers spaCy's rules found and the events extracted (a development aid).

usage: python scripts/explain.py "a sentence" ... | --plover FILE.jsonl [--only-misses SCORE.json]
"""
import argparse
import json
from datetime import date

from kg.nlp import load_pipeline, parse
from kg.records import Document

ap = argparse.ArgumentParser()
ap.add_argument("texts", nargs="*")
ap.add_argument("--plover")
ap.add_argument("--only-misses")
ap.add_argument("--tree", action="store_true")
a = ap.parse_args()
records = [{"id": f"s{i}", "text": t} for i, t in enumerate(a.texts)]
if a.plover:
    records = [json.loads(line) for line in open(a.plover, encoding="utf-8")]
if a.only_misses:
    missed = {m["id"] for m in json.load(open(a.only_misses))["plover"]["misses"]}
    records = [r for r in records if r["id"] in missed]
nlp = load_pipeline()
docs = [Document(id=r["id"], text=r["text"], published=date(2025, 7, 10)) for r in records]
for (document, doc), record in zip(parse(nlp, docs), records):
    x = doc._.extraction
    print("\n#", record.get("id"), record.get("event", ""), record.get("source", ""), "->", record.get("target", ""))
    print(" ", document.text.strip()[:300])
    print("  ents:", [(e.text, e.label_, e.ent_id_) for e in doc.ents])
    print("  triggers:", [(s.text, s.label_) for s in doc.spans["triggers"]], " titles:", [s.text for s in doc.spans["titles"]])
    if a.tree:
        print("  ", [(t.i, t.text, t.dep_, t.head.i, t.pos_) for t in doc])
    for e in x.events:
        iso = lambda k: (x.entities[k].iso_code or x.entities[k].country or "") if k in x.entities else ""
        print(f"  => {e.cls} {[f'{k}({iso(k)})' for k in e.actors]} -> {[f'{k}({iso(k)})' for k in e.recipients]} "
              f"status={e.status} date={e.date} place={e.place}")

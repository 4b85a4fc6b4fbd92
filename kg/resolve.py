"""The resolve stage: one registry across documents.

Entities merge by key (states by ISO code, organisations by gazetteer id, persons by their
folded full name); a surname alone in one document is the corpus's only full name ending in it.
A person's country follows from their offices. Repeated reports of one event (same class,
overlapping sides, compatible date and place) become one event with one evidence per report.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from .extract.roles import PERSON_COUNTRY
from .extract.offices import OFFICE
from .knowledge import Knowledge, ensure_state, fold, load, person_key
from .records import SYMMETRIC_CLASSES as SYMMETRIC
from .records import Corpus, EntityRecord, EventRecord, Evidence, Extraction, RoleRecord



def resolve(extractions: Iterable[Extraction], knowledge: Knowledge | None = None) -> Corpus:
    """One registry across the documents' extractions; `knowledge` is the gazetteers' (loaded when not given)."""
    knowledge = knowledge or load()
    extractions = sorted(extractions, key=lambda x: x.doc.id)
    entities: dict[str, EntityRecord] = {}
    for extraction in extractions:
        for record in extraction.entities.values():
            _merge_entity(entities, record)
    aliases: dict[str, str] = {}
    for find in (lambda ents: _known_variants(ents, knowledge), _surname_aliases, _misread_persons,
                 lambda ents: _known_surnames(ents, extractions, aliases, knowledge)):
        for short, full in find(entities).items():
            full = _final(aliases, full)  # "org:trump" -> "person:trump" -> "person:donald trump"
            if short != full and short in entities and full in entities:
                _absorb(entities[full], entities.pop(short))
                aliases[short] = full
    rename = lambda key: _final(aliases, key)  # noqa: E731
    roles = _merge_roles(_renamed_role(r, rename) for x in extractions for r in x.roles)
    _assign_person_countries(entities, [r for r in roles if not r.guessed])
    _known_people(entities, knowledge)
    roles = _merge_roles(_settle_guess(r, entities) for r in roles)
    roles = [_with_deferred_office(r, entities) for r in roles]
    acting = {k for x in extractions for e in x.events for k in (*e.actors, *e.recipients)}
    for office, holder in _office_holders(entities, roles, acting, knowledge).items():
        aliases[office] = holder
        del entities[office]
    roles = _merge_roles(r for r in map(lambda r: _renamed_role(r, rename), roles)
                         if r.person in entities and entities[r.person].kind == "Person")
    events = [_renamed_event(e, rename) for x in extractions for e in x.events]
    return Corpus(documents=[x.doc for x in extractions], entities=entities, roles=roles,
                  events=merge_events(events, entities))


def _merge_entity(entities: dict[str, EntityRecord], record: EntityRecord) -> None:
    known = entities.get(record.key)
    if known is None:
        entities[record.key] = EntityRecord(**{**record.__dict__, "alt_labels": set(record.alt_labels)})
        return
    _absorb(known, record)


def _absorb(known: EntityRecord, other: EntityRecord) -> None:
    if known.kind == "Person" and len(other.label.split()) > len(known.label.split()):
        known.alt_labels.add(known.label)
        known.label = other.label
    elif other.label != known.label:
        known.alt_labels.add(other.label)
    known.alt_labels |= other.alt_labels
    known.alt_labels.discard(known.label)
    known.mentions += other.mentions
    for attr in ("country", "iso_code", "wikidata", "sector"):
        if getattr(known, attr) is None:
            setattr(known, attr, getattr(other, attr))


def _surname_aliases(entities: dict[str, EntityRecord]) -> dict[str, str]:
    """person:rubio -> person:marco rubio, when exactly one full name in the corpus ends with it."""
    by_last: dict[str, list[str]] = defaultdict(list)
    for key, record in entities.items():
        words = key.removeprefix("person:").split()
        if record.kind == "Person" and len(words) > 1:
            by_last[words[-1]].append(key)
    aliases = {}
    for key, record in entities.items():
        words = key.removeprefix("person:").split()
        if record.kind == "Person" and len(words) == 1 and (owner := _dominant(by_last.get(words[0], []), entities)):
            aliases[key] = owner
    return aliases


DOMINANCE = 3  # "Trump" alone is Donald Trump when the corpus names him three times as often as Melania Trump


def _dominant(keys: list[str], entities: dict[str, EntityRecord]) -> str | None:
    """The only bearer of a surname, or the one the corpus names DOMINANCE times more than the next."""
    ranked = sorted(keys, key=lambda k: -entities[k].mentions)
    if len(ranked) == 1 or len(ranked) > 1 and entities[ranked[0]].mentions >= DOMINANCE * entities[ranked[1]].mentions:
        return ranked[0]
    return None


def _known_variants(entities: dict[str, EntityRecord], knowledge: Knowledge) -> dict[str, str]:
    """Spellings the people gazetteer lists for one person ("Sergey Lavrov", "Sergei Lavrov") are one person."""
    known = knowledge.people
    found = {}
    for key, record in entities.items():
        entry = known.near_name.get(key) if record.kind == "Person" else None
        canonical = person_key(entry.name) if entry else key
        if canonical != key and canonical in entities:
            found[key] = canonical
    return found


def _misread_persons(entities: dict[str, EntityRecord]) -> dict[str, str]:
    """spaCy's label slips across the corpus: an organisation or place spaCy named exactly like a person
    ("Trump" tagged ORG) is that person when the corpus names the person more often."""
    persons: dict[str, set[str]] = defaultdict(set)
    for key, record in entities.items():
        if record.kind == "Person":
            for name in {record.label, *record.alt_labels}:
                persons[person_key(name)].add(key)
                persons[person_key(name.split()[-1])].add(key)  # and by surname
    found = {}
    for key, record in entities.items():
        if record.kind not in ("Organization", "Place") or not key.startswith(("org:", "place::")):
            continue  # gazetteer entries and places with a known state are what they are
        owner = _dominant(sorted(persons.get(person_key(record.label), ())), entities)
        if owner and entities[owner].mentions > record.mentions:
            found[key] = owner
    return found


def _known_surnames(entities: dict[str, EntityRecord], extractions: list[Extraction],
                    resolved: dict[str, str], knowledge: Knowledge) -> dict[str, str]:
    """A surname the corpus never gives in full ("Putin said") is the well-known person of that surname
    when the gazetteer has exactly one and the same document names that person's state; the
    full name's entity is created from the gazetteer."""
    known = knowledge.people
    found = {}
    for extraction in extractions:
        states = {r.iso_code for r in extraction.entities.values() if r.kind == "State"}
        for key, record in extraction.entities.items():
            surname = key.removeprefix("person:")
            if record.kind != "Person" or " " in surname or key in resolved or key in found:
                continue
            candidates = known.by_surname.get(key, [])
            if len(candidates) == 1 and candidates[0].country in states:
                full = person_key(candidates[0].name)
                if full == key:
                    continue  # a one-name person ("Suharto") is already the gazetteer's
                if full not in entities:
                    entities[full] = EntityRecord(key=full, kind="Person", label=candidates[0].name)
                found[key] = full
    return found


def _known_people(entities: dict[str, EntityRecord], knowledge: Knowledge) -> None:
    """Country and Wikidata id of well-known people, where the text left them open."""
    known = knowledge.people
    for key, record in list(entities.items()):
        entry = known.near_name.get(key) if record.kind == "Person" else None
        if entry is None:
            continue
        if record.country is None and entry.country in knowledge.states:
            record.country = ensure_state(entities, entry.country, knowledge)
        record.wikidata = record.wikidata or entry.wikidata


def _office_holders(entities: dict[str, EntityRecord], roles: list[RoleRecord], acting: set[str],
                    knowledge: Knowledge) -> dict[str, str]:
    """Who an office named without its holder stands for ("office:DEU:chancellor:2017", see extract/offices.py):
    the one person the corpus gives that office, else the one the people gazetteer knows held it that year
    (among several, as for "the German leader", the one the corpus names most), else the office's state.
    A figure the corpus never names enters the graph only for an office that takes part in an event (`acting`):
    "the half-brother of North Korea's leader" is no reason to add Kim Jong Un."""
    known = knowledge.people
    stated: dict[tuple[str, str], set[str]] = defaultdict(set)
    for role in roles:
        if role.of and not role.former and role.person in entities and entities[role.person].kind == "Person":
            stated[(fold(role.title), role.of)].add(role.person)
    found = {}
    for key, record in list(entities.items()):
        if record.kind != "Office":
            continue
        iso3, title, year = key.removeprefix(OFFICE).split(":")
        state = ensure_state(entities, iso3, knowledge)
        holders = stated.get((title, state), set())
        if len(holders) == 1:
            found[key] = holders.pop()
            continue
        figures = known.holders(title, iso3, int(year) if year else None)
        named = sorted((entities[k].mentions, k) for f in figures if (k := person_key(f.name)) in entities)
        if named:
            found[key] = named[-1][1]
        elif len(figures) == 1 and key in acting:
            found[key] = _ensure_person(entities, figures[0], state)
        else:
            found[key] = state
    return found


def _ensure_person(entities: dict[str, EntityRecord], figure, state: str) -> str:
    key = person_key(figure.name)
    entities[key] = EntityRecord(key=key, kind="Person", label=figure.name, country=state, wikidata=figure.wikidata)
    return key


def _final(aliases: dict[str, str], key: str) -> str:
    """Where a chain of merges ends."""
    if key not in aliases:
        return key
    seen = set()
    while key in aliases and key not in seen:
        seen.add(key)
        key = aliases[key]
    return key


def _renamed_role(role: RoleRecord, rename) -> RoleRecord:
    of = role.of
    if of and of.startswith(PERSON_COUNTRY):
        of = PERSON_COUNTRY + rename(of.removeprefix(PERSON_COUNTRY))
    elif of:
        of = rename(of)
    return RoleRecord(person=rename(role.person), title=role.title, of=of, former=role.former,
                      evidence=[_renamed_evidence(e, rename) for e in role.evidence], guessed=role.guessed)


def _merge_roles(roles: Iterable[RoleRecord]) -> list[RoleRecord]:
    """One role per (person, title, office, former); an office the text left open joins the named one
    (the first named in input order), found through an index rather than a scan of every role."""
    merged: dict[tuple, RoleRecord] = {}
    first_named: dict[tuple, RoleRecord] = {}  # (person, title, former) -> the first role that names its office
    for role in roles:
        key = (role.person, role.title, role.of, role.former)
        if key in merged:
            merged[key].evidence += role.evidence
        else:
            merged[key] = role
            if role.of:
                first_named.setdefault((role.person, role.title, role.former), role)
    for key, role in list(merged.items()):
        named = first_named.get((key[0], key[1], key[3])) if role.of is None else None
        if named is not None:
            named.evidence += role.evidence
            del merged[key]
    return list(merged.values())


def _assign_person_countries(entities: dict[str, EntityRecord], roles: list[RoleRecord]) -> None:
    """A person's country: the state of their (current, explicit) office; offices of an organisation
    with a home state count too. Runs until nothing changes, for "Trump's envoy"-style chains."""
    for _ in range(3):
        changed = False
        for role in sorted(roles, key=lambda r: (r.former, -max(e.confidence for e in r.evidence))):
            person = entities.get(role.person)
            if person is None or person.country:
                continue
            state = _state_of_office(role.of, entities)
            if state:
                person.country = state
                changed = True
        if not changed:
            return


def _settle_guess(role: RoleRecord, entities: dict[str, EntityRecord]) -> RoleRecord:
    """An office whose state was only the one state its sentence named: it stands, and gives the person
    a country, when nothing else in the corpus (a stated office, the people gazetteer) gives one; else
    the office belongs to the country the person is known by ("President Obama ... the Iraqi refugee
    program" is no Iraqi president)."""
    if not role.guessed:
        return role
    person = entities.get(role.person)
    state = _state_of_office(role.of, entities)
    if person is not None and person.country is None and state:
        person.country = state
    if person is None or person.country != state:
        return RoleRecord(person=role.person, title=role.title, of=None, former=role.former, evidence=role.evidence)
    return RoleRecord(person=role.person, title=role.title, of=role.of, former=role.former, evidence=role.evidence)


def _state_of_office(of: str | None, entities: dict[str, EntityRecord]) -> str | None:
    if of is None:
        return None
    if of.startswith(PERSON_COUNTRY):
        holder = entities.get(of.removeprefix(PERSON_COUNTRY))
        return holder.country if holder else None
    record = entities.get(of)
    if record is None:
        return None
    return of if record.kind == "State" else record.country


def _with_deferred_office(role: RoleRecord, entities: dict[str, EntityRecord]) -> RoleRecord:
    """Replace "the country of <person>" by that state, or by nothing when it is still unknown;
    an office the text left open belongs to the holder's country."""
    of = role.of
    if of and of.startswith(PERSON_COUNTRY):
        of = _state_of_office(of, entities)
    if of is None:
        person = entities.get(role.person)
        of = person.country if person else None
    return RoleRecord(person=role.person, title=role.title, of=of, former=role.former, evidence=role.evidence)


def _renamed_event(event: EventRecord, rename) -> EventRecord:
    return EventRecord(cls=event.cls, actors=list(dict.fromkeys(map(rename, event.actors))),
                       recipients=list(dict.fromkeys(map(rename, event.recipients))),
                       place=rename(event.place) if event.place else None, date=event.date, mode=event.mode,
                       status=event.status, evidence=[_renamed_evidence(e, rename) for e in event.evidence])


def _renamed_evidence(evidence: Evidence, rename) -> Evidence:
    if evidence.reported_by is None:
        return evidence
    return replace(evidence, reported_by=rename(evidence.reported_by))


def merge_events(events: list[EventRecord], entities: dict[str, EntityRecord]) -> list[EventRecord]:
    """Event coreference: merge each event into the first earlier one it is compatible with.

    Only the earlier events that share a blocking key with the new one are compared (see `EventBlocks`),
    so the cost grows with the number of events, not with its square; the result is the same as
    comparing every pair."""
    merged: list[EventRecord] = []
    blocks = EventBlocks(entities)
    for event in events:
        target = next((m for m in blocks.candidates(event) if same_event(m, event, entities)), None)
        if target is None:
            merged.append(event)
            blocks.add(event)
        else:
            _absorb_report(target, event, entities)
            blocks.add(target)  # its sides, date and documents may have grown
    return merged


class EventBlocks:
    """Earlier events, filed under keys that any two compatible reports share (see `same_event`).

    Compatible reports have one class, status and visit flag, and a side in common: an entity or the
    state it acts for (a "side token"), among the actors, or among both sides for a joint event. They
    also share a document, or are both dated with one date a prefix of the other ("2017-03" and
    "2017-03-05"), and then a directed event's targets are related too. So each event is filed under
    (kind, document, token) for each of its documents and side tokens, and, when dated, under (kind,
    date, sides) for its own date and (kind, "under", prefix, sides) for each coarser form of its date
    ("2017", "2017-03"), where sides is a key of its sides (see `_dated_sides`), so that a report dated
    only by its year meets the year's reports between the same sides, not every report of the year.
    Dates are "YYYY", "YYYY-MM" or "YYYY-MM-DD" (see extract.timex).
    A key may hold events that turn out incompatible; it never misses a compatible one.
    """

    def __init__(self, entities: dict[str, EntityRecord]):
        self.entities = entities
        self.blocks: dict[tuple, list[int]] = defaultdict(list)
        self.events: list[EventRecord] = []
        self.number: dict[int, int] = {}  # id(event) -> its place in `events`
        self.filed: dict[int, set[tuple]] = {}  # id(event) -> the keys it is filed under

    def candidates(self, event: EventRecord) -> list[EventRecord]:
        """The earlier events sharing a key with `event`, oldest first (the order the pairwise pass used)."""
        found: set[int] = set()
        for key in self._query_keys(event):
            found.update(self.blocks.get(key, ()))
        return [self.events[i] for i in sorted(found)]

    def add(self, event: EventRecord) -> None:
        number = self.number.get(id(event))
        if number is None:
            number = self.number[id(event)] = len(self.events)
            self.events.append(event)
            self.filed[id(event)] = set()
        filed = self.filed[id(event)]
        for key in self._file_keys(event):
            if key not in filed:
                filed.add(key)
                self.blocks[key].append(number)

    def _file_keys(self, event: EventRecord):
        kind = _event_kind(event)
        yield from self._document_keys(kind, event)
        if event.date:
            for sides in self._dated_sides(event):
                yield kind, "date", event.date, sides
                for prefix in _coarser_dates(event.date):
                    yield kind, "under", prefix, sides

    def _query_keys(self, event: EventRecord):
        """The keys an earlier compatible event is filed under: its date at most as precise as this one's is
        filed as "date", a more precise one as "under" this one's."""
        kind = _event_kind(event)
        yield from self._document_keys(kind, event)
        if event.date:
            for sides in self._dated_sides(event):
                for prefix in (*_coarser_dates(event.date), event.date):
                    yield kind, "date", prefix, sides
                yield kind, "under", event.date, sides

    def _document_keys(self, kind: tuple, event: EventRecord):
        """Within a document, reports need only a side in common (dates and targets may be left unsaid)."""
        for token in self._side_tokens(event):
            for doc_id in {e.doc_id for e in event.evidence}:
                yield kind, "doc", doc_id, token

    def _dated_sides(self, event: EventRecord):
        """Side keys for reports in different documents. A directed event: (actor token, recipient token)
        pairs, since across documents both reports need a related target. A joint event: its set of sides,
        and the pairs of tokens of two different sides, since two reports of one meeting have equal sides or
        two sides each related to the other's (two disjoint related pairs then exist, so one token pair is
        shared; see `same_event`)."""
        if event.cls in SYMMETRIC:
            sides = list(dict.fromkeys((*event.actors, *event.recipients)))
            yield "sides", frozenset(sides)
            tokens = [self._tokens([key]) for key in sides]
            for i, first in enumerate(tokens):
                for second in tokens[i + 1:]:
                    for one in first:
                        for other in second:
                            yield "pair", min(one, other), max(one, other)
        elif event.recipients:
            targets = self._tokens(event.recipients)
            for actor in self._side_tokens(event):
                for target in targets:
                    yield actor, target

    def _side_tokens(self, event: EventRecord) -> set[str]:
        """Each side entity and the state it acts for (`_related_count` relates exactly such pairs); a joint
        event with no side at all is filed under "" (two such events have equal sides)."""
        sides = (*event.actors, *event.recipients) if event.cls in SYMMETRIC else event.actors
        return self._tokens(sides) or ({""} if event.cls in SYMMETRIC else set())

    def _tokens(self, keys) -> set[str]:
        tokens = set()
        for key in keys:
            tokens.add(key)
            record = self.entities.get(key)
            if record is not None and record.kind != "Place" and record.country:
                tokens.add(record.country)
        return tokens


def _event_kind(event: EventRecord) -> tuple:
    return event.cls, event.status, event.mode == "visit"


def _coarser_dates(value: str) -> list[str]:
    """"2017-03-05" -> ["2017", "2017-03"]."""
    parts = value.split("-")
    return ["-".join(parts[:n]) for n in range(1, len(parts))]


def same_event(a: EventRecord, b: EventRecord, entities: dict[str, EntityRecord]) -> bool:
    """Compatible reports of one event. Within a document, unknown dates, places and targets are
    compatible; across documents the reports must agree positively: both dated, and the same sides."""
    if a.cls != b.cls or a.status != b.status:
        return False
    if (a.mode == "visit") != (b.mode == "visit"):
        return False  # a visit holds its meetings (Tillerson's visit to Ankara; his talks with Erdogan there)
    if not _dates_compatible(a.date, b.date) or not _places_compatible(a.place, b.place, entities):
        return False
    if not {e.doc_id for e in a.evidence} & {e.doc_id for e in b.evidence}:
        if a.date is None or b.date is None or (a.cls not in SYMMETRIC and not (a.recipients and b.recipients)):
            return False
    related = lambda xs, ys: _related_count(xs, ys, entities)  # noqa: E731
    if a.cls in SYMMETRIC:
        sides_a, sides_b = set(a.actors) | set(a.recipients), set(b.actors) | set(b.recipients)
        if _different_people(sides_a, sides_b, entities):
            return False
        # two sides each way: a one-sided report ("the US agreed") is no match for a two-sided one
        # just because a person and their state both count for the one side
        return sides_a == sides_b or min(related(sides_a, sides_b), related(sides_b, sides_a)) >= 2
    if not related(a.actors, b.actors):
        return False
    return not a.recipients or not b.recipients or related(a.recipients, b.recipients) > 0


def _different_people(a: set[str], b: set[str], entities: dict[str, EntityRecord]) -> bool:
    """Whether two reports name different people for one state: Merkel's talks with Szydlo and her talk with
    Kaczynski are two meetings; "Tillerson met Videgaray" and "Tillerson and Kelly met Videgaray" may be one."""
    def people_by_state(sides: set[str]) -> dict[str | None, set[str]]:
        found = defaultdict(set)
        for key in sides:
            record = entities.get(key)
            if record is not None and record.kind == "Person":
                found[record.country].add(key)
        return found

    by_a, by_b = people_by_state(a), people_by_state(b)
    return any(by_a[state] and not (by_a[state] <= by_b[state] or by_b[state] <= by_a[state])
               for state in set(by_a) & set(by_b))


def _related_count(xs, ys, entities: dict[str, EntityRecord]) -> int:
    """How many of `xs` are, or act for, one of `ys`: a person or body and its state count as one side
    ("frustration with Putin's comments" and "with Russia's stalling" aim at the same side)."""
    def country(key: str) -> str | None:
        record = entities.get(key)
        return record.country if record is not None and record.kind != "Place" else None

    return sum(1 for x in set(xs) if any(x == y or country(x) == y or country(y) == x for y in ys))


def _dates_compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    short, long = sorted((a, b), key=len)
    return long.startswith(short)


def _places_compatible(a: str | None, b: str | None, entities: dict[str, EntityRecord]) -> bool:
    """Unknown, equal, or a city and the state it lies in (the same place at a coarser grain)."""
    if a is None or b is None or a == b:
        return True
    return _state_around(a, entities) == b or _state_around(b, entities) == a


def _state_around(key: str, entities: dict[str, EntityRecord]) -> str | None:
    record = entities.get(key)
    return record.country if record is not None and record.kind == "Place" else None


def _absorb_report(target: EventRecord, other: EventRecord, entities: dict[str, EntityRecord]) -> None:
    """Another report of the same event joins `target`: its sides, the more precise date and place, its evidence."""
    target.actors += [a for a in other.actors if a not in target.actors and a not in target.recipients]
    target.recipients += [r for r in other.recipients if r not in target.actors and r not in target.recipients]
    if other.date and (target.date is None or len(other.date) > len(target.date)):
        target.date = other.date
    if other.place and (target.place is None or _state_around(other.place, entities) == target.place):
        target.place = other.place  # the city is more precise than its state
    target.mode = target.mode or other.mode
    target.evidence += other.evidence

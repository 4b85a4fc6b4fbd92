"""Entities of one document: classify spaCy's names, merge mentions, index tokens to entities.

Resolution within a document happens here: "Rubio" is the "Marco Rubio" of the same
document; "Moscow said" is Russia while "in Moscow" is the city; "Ukrainian officials" is a
group of Ukraine. Across documents the `resolve` stage merges what this module cannot know.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from ..knowledge import GazetteerId, Knowledge, Words, ensure_state, fold, gazetteer_id, person_key
from ..records import EntityRecord

# "Office": an office named without its holder ("the German chancellor"), until resolution names the holder
ACTOR_KINDS = {"Person", "State", "Organization", "InternationalOrganization", "GovernmentBody", "Group", "Office"}
INDEFINITE = {"a", "an", "another", "one", "any", "each", "every", "no", "some"}


def state_key(iso3: str) -> str:
    return f"state:{iso3}"




@dataclass
class DocumentEntities:
    """What one document names, and which entity each name-bearing token stands for."""

    knowledge: Knowledge
    records: dict[str, EntityRecord] = field(default_factory=dict)
    token_entity: dict[int, str] = field(default_factory=dict)  # token index -> entity key
    token_place: dict[int, EntityRecord] = field(default_factory=dict)  # capital read as a state -> its city
    person_mentions: list[tuple[int, str]] = field(default_factory=list)  # (token index, person key), in order
    country_refs: dict[int, str] = field(default_factory=dict)  # "the country" -> the ISO code it stands for

    def entity_of(self, token: Token) -> str | None:
        return self.token_entity.get(token.i)

    def record_place(self, token: Token) -> str | None:
        """The place a token names when read as a location. A capital is then the city, and the city's record
        is added here when the document had so far read that name as its state ("Moscow said" ... "in Moscow")."""
        city = self.token_place.get(token.i)
        if city is not None:
            if city.key not in self.records:  # a capital first read as its state, now as the place itself
                self.records[city.key] = replace(city, mentions=1)
            return city.key
        key = self.token_entity.get(token.i)
        return key if key and self.records[key].kind in ("Place", "State") else None

    def kind(self, key: str) -> str:
        """The entity's kind; "" for a key with no record (a collective not yet placed)."""
        record = self.records.get(key)
        return record.kind if record is not None else ""

    def ensure_state(self, iso3: str) -> str:
        """The key of a state, with its record, without counting a mention (a state named only by a
        demonym, or reached through a place)."""
        return ensure_state(self.records, iso3, self.knowledge)

    def add(self, key: str, kind: str, label: str, surface: str | None = None, **attrs) -> EntityRecord:
        record = self.records.get(key)
        if record is None:
            record = self.records[key] = EntityRecord(key=key, kind=kind, label=label, **attrs)
        record.mentions += 1
        if surface and surface != record.label:
            record.alt_labels.add(surface)
        return record


def find_entities(doc: Doc, knowledge: Knowledge, title_tokens: set[int], dateline_end: int = -1) -> DocumentEntities:
    """Classify every named span of the parsed document and index its tokens."""
    found = DocumentEntities(knowledge)
    _find_countries_named_again(found, doc)
    persons: list[Span] = []
    peoples: list[Span] = []  # read once every state is known: "the Albanians of southern Serbia"
    for ent in doc.ents:
        ent = _trim(doc, ent, title_tokens, knowledge.words.honorifics)
        if ent is None or not ent._.gazetteer and not ent.text[:1].isupper():
            continue  # names begin with a capital: "city.-" or "base" are the model's slips
        if ent.label_ == "PERSON":
            persons.append(ent)
        elif ent._.gazetteer.role == "people":
            peoples.append(ent)
        elif ent._.gazetteer:
            _add_gazetteer_entity(found, ent, dateline_end)
        elif ent.label_ in ("GPE", "LOC", "FAC"):
            _add_place(found, ent)
        elif ent.label_ == "ORG" and (known := _known_acronym_after(doc, ent)) is not None:
            _add_gazetteer_entity(found, known, dateline_end)  # "The International Labor Office (ILO)"
        elif ent.label_ == "ORG":
            _add_organization(found, ent)
    for ent in peoples:
        _add_people(found, ent, ent._.gazetteer.code)
    _add_persons(found, persons)
    for i, iso3 in found.country_refs.items():
        found.token_entity.setdefault(i, found.ensure_state(iso3))
    _add_capitals(found, doc)
    _add_groups(found, doc, title_tokens)
    _settle_bare_bodies(found)
    return found


def _known_acronym_after(doc: Doc, ent: Span) -> Span | None:
    """A name the gazetteer does not know, followed by an acronym in brackets that it does, is that
    entity: the name as a span carrying the acronym's gazetteer id."""
    if ent.end + 2 >= len(doc) or doc[ent.end].text != "(" or doc[ent.end + 2].text != ")":
        return None
    acronym = doc[ent.end + 1]
    if not acronym._.gazetteer or acronym.ent_iob_ != "B":
        return None
    return Span(doc, ent.start, ent.end, label=acronym.ent_type_, span_id=acronym.ent_id_)


def _trim(doc: Doc, ent: Span, title_tokens: set[int], honorifics: frozenset[str]) -> Span | None:
    """Drop leading title words and possessive endings spaCy folded into a name."""
    start, end = ent.start, ent.end
    while start < end and (start in title_tokens or doc[start].lower_ in honorifics or doc[start].lower_ == "the"
                           or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in ("'s", "’s", "'", "’") or doc[end - 1].is_punct
                           and doc[end - 1].text != "."):
        end -= 1  # "Donald Trump -": spaCy's span caught a dash; "Jr." keeps its dot
    if start >= end or any(i in title_tokens for i in range(start, end)):
        return None
    if (start, end) == (ent.start, ent.end):
        return ent
    return Span(doc, start, end, label=ent.label_, span_id=ent.id_)


def _index(found: DocumentEntities, span: Span, key: str) -> None:
    for token in span:
        found.token_entity[token.i] = key


def _is_locative(ent: Span, dateline_end: int, words: Words) -> bool:
    """A place named as where something is or passes ("in Moscow", "via Kyiv"), or the dateline; not "to" or
    "from": "aid to Kyiv", "pressure from Moscow" aim at or come from the state."""
    if ent.end <= dateline_end:
        return True
    passing = words.path_prepositions - {"to", "from", "toward", "towards"}
    return ent.root.dep_ == "pobj" and ent.root.head.lower_ in words.place_prepositions | passing


def _add_gazetteer_entity(found: DocumentEntities, ent: Span, dateline_end: int) -> None:
    kn = found.knowledge
    family, ident, role = ent._.gazetteer.family, ent._.gazetteer.code, ent._.gazetteer.role
    if family == "state":
        if role in ("demonym", "people"):
            if role == "people":  # "the Palestinians": the nationals as a group
                _add_people(found, ent, ident)
            return  # a bare adjective is read by the nouns it modifies (see _add_groups, events)
        state = kn.states[ident]
        found.ensure_state(ident)  # the record with its ISO code; `add` below counts the mention once
        if role == "capital":  # "in Moscow" is the city; "at the Kremlin" is still Russia's seat of power
            place_key = f"place:{ident}:{fold(ent.text)}"
            if _is_locative(ent, dateline_end, kn.words):
                found.add(place_key, "Place", _title_case(ent.text), country=state_key(ident))
                _index(found, ent, place_key)
                return
            city = EntityRecord(key=place_key, kind="Place", label=_title_case(ent.text), country=state_key(ident))
            for token in ent:
                found.token_place[token.i] = city
        found.add(state_key(ident), "State", state.name, surface=_surface(ent))
        _index(found, ent, state_key(ident))
    elif family == "org":
        org = kn.orgs[ident]
        country = state_key(org.country) if org.country else None
        if country:
            found.ensure_state(org.country)
        found.add(f"org:{ident}", org.kind, org.name, surface=_surface(ent), country=country, sector=org.sector,
                  wikidata=org.wikidata)
        _index(found, ent, f"org:{ident}")
    elif family == "region":
        region = kn.regions[ident]
        country = found.ensure_state(region["country"]) if region.get("country") else None
        found.add(f"place:region:{fold(ident)}", "Place", region["name"], surface=_surface(ent), country=country,
                  wikidata=region.get("wikidata"))
        _index(found, ent, f"place:region:{fold(ident)}")


def _add_people(found: DocumentEntities, ent: Span, nation: str) -> None:
    """"the Palestinians" are a group of Palestine; "Bosnian Serbs", "the Albanians of southern Serbia"
    live in another state, and belong to the state they live in."""
    modifier, home = _state_modifier(ent.root, found.knowledge, found)
    if home is None:
        modifier, home = _location(ent.root, found, PEOPLE_PLACE_PREPS)
    iso3 = home or nation
    start = min(modifier.i, ent.start) if modifier is not None and home else ent.start
    key = f"group:{iso3}:{fold(ent.text)}"
    found.add(key, "Group", ent.doc[start: ent.end].text, country=found.ensure_state(iso3))
    _index(found, ent, key)


def _surface(ent: Span) -> str:
    text = ent.text
    return _title_case(text) if text.isupper() and len(text) > 4 else text


def _title_case(text: str) -> str:
    return text.title() if text.isupper() else text


COMPASS = {"north", "south", "east", "west", "the north", "the south", "the east", "the west"}


def _add_place(found: DocumentEntities, ent: Span) -> None:
    name = _title_case(ent.text)
    parts = [p for p in re.split(r"\s*[-–]\s*", ent.text) if p]
    if len(parts) > 1 and all(found.knowledge.names.get(fold(p), "").startswith("state:") for p in parts):
        return  # "U.S.-Russia relations": two states named as a pair, not a place
    if fold(name) in COMPASS:
        return  # "the North" (of Korea), "the West": a side of a divide, not a town of that name
    city = found.knowledge.cities.get(fold(name))
    iso3 = city[0] if city and city[0] in found.knowledge.states else ""  # territories (Isle of Man) have no state
    country = found.ensure_state(iso3) if iso3 else None
    key = f"place:{iso3}:{fold(name)}"
    found.add(key, "Place", name, country=country)
    _index(found, ent, key)


def _add_organization(found: DocumentEntities, ent: Span) -> None:
    """An ORG spaCy found that the gazetteer does not know: a government body when its words say so. Its state
    is a state named in it ("Russian Defence Ministry") or a demonym or state before it ("the Chinese Foreign
    Ministry", "Japan's Coast Guard"); a body named without one ("the Foreign Ministry") is keyed apart from
    other states' bodies of the same name by the state it belongs to."""
    kn = found.knowledge
    if ent[-1].pos_ in ("ADP", "DET", "CCONJ"):
        return  # "the General Secretariat of the OAS": a piece cut off by the gazetteer's name after it
    country = _state_named_in(ent, kn)
    words = {t.lower_ for t in ent}
    governmental = bool(words & kn.words.government_words)
    start = ent.start
    if country is None:  # "Germany's Die Welt newspaper", "the Russian Academy of Sciences": of that state too
        modifier, country = _state_modifier(ent.root, kn, found)
        if country and governmental:
            start = min(start, modifier.i)
            while start > 0 and ent.doc[start].ent_iob_ == "I":  # the whole demonym: "North Korean"
                start -= 1
    kind = "GovernmentBody" if governmental and country else "Organization"
    if country:
        found.ensure_state(country)
    key = f"org:{country}:{fold(ent.text)}" if start < ent.start else f"org:{fold(ent.text)}"
    label = ent.doc[start: ent.end].text
    if country and start < ent.start and start in found.country_refs:  # "the country's Coast Guard"
        label = f"{kn.states[country].name}'s {ent.text}"
    sector = next((kn.groups[w]["sector"] for w in (ent.root.lower_, ent.root.lemma_.lower()) if w in kn.groups), None)
    found.add(key, kind, label, country=state_key(country) if country else None, sector=sector)
    _index(found, ent, key)


def _state_named_in(ent: Span, kn: Knowledge) -> str | None:
    """The ISO code of a state, capital or demonym a name contains ("Russian Defence Ministry", "South Korea's
    National Intelligence Service"), its words read up to three at a time."""
    for size in (3, 2, 1):
        for start in range(len(ent) - size + 1):
            ident = gazetteer_id(kn.names.get(fold(ent[start: start + size].text), ""))
            if ident.family == "state":
                return ident.code
    return None


def _settle_bare_bodies(found: DocumentEntities) -> None:
    """"the Senate" in a story that names "the US Senate": a body named without its state is the one body of
    the document with a state whose name ends like it."""
    for key, record in list(found.records.items()):
        if record.kind != "Organization" or record.country or not key.startswith("org:") or key.count(":") > 1:
            continue
        name = fold(record.label)
        fuller = [k for k, r in found.records.items() if r.country and r.kind == "GovernmentBody"
                  and fold(r.label).endswith(" " + name)]
        if len(fuller) == 1:
            target = found.records[fuller[0]]
            target.mentions += record.mentions
            for token, owner in list(found.token_entity.items()):
                if owner == key:
                    found.token_entity[token] = fuller[0]
            del found.records[key]


def _add_persons(found: DocumentEntities, persons: list[Span]) -> None:
    """Merge person mentions: a single name is the full name of this document that ends with it (or has it
    among its other words: "Apandi" in "Mohamed Apandi Ali")."""
    full_names = [p for p in persons if len(p) > 1]
    by_last: dict[str, Counter] = defaultdict(Counter)
    for p in full_names:
        by_last[person_key(p[-1].text)][person_key(p.text)] += 1
        for word in p[:-1]:  # "Apandi" for "Mohamed Apandi Ali", a given name not always the first
            by_last[person_key(word.text)][person_key(p.text)] += 0
    labels: dict[str, Counter] = defaultdict(Counter)
    for span in persons:
        own = person_key(span.text)
        candidates = by_last.get(own) if len(span) == 1 else None
        key = candidates.most_common(1)[0][0] if candidates else own
        labels[key][span.text] += 1
        _index(found, span, key)
        found.person_mentions.append((span.root.i, key))
    for key, forms in labels.items():
        label = max(forms, key=lambda f: (len(f.split()), forms[f], f))
        record = found.add(key, "Person", label)
        record.mentions += sum(forms.values()) - 1
        record.alt_labels |= {f for f in forms if f != label}


COUNTRY_NOUNS = {"country", "nation", "kingdom", "republic"}
NOT_IN_GAZETTEER = GazetteerId()
COUNTRY_REACH = 80  # tokens back to the state "the country" stands for


def _find_countries_named_again(found: DocumentEntities, doc: Doc) -> None:
    """"South Korean politicians said ... the country's National Intelligence Service": "the country" with no
    word of its own is the state the text named last (or by a demonym), within a few sentences."""
    last: tuple[int, str] | None = None
    for token in doc:
        ident = token._.gazetteer if token.ent_id else NOT_IN_GAZETTEER
        if ident.family == "state" and ident.role != "people":
            last = (token.i, ident.code)
        elif token.lower_ in COUNTRY_NOUNS and last is not None and token.i - last[0] <= COUNTRY_REACH \
                and [c.lower_ for c in token.children if c.dep_ != "case"] == ["the"]:
            found.country_refs[token.i] = last[1]


def _add_capitals(found: DocumentEntities, doc: Doc) -> None:
    """"the Chinese capital", "Russia's capital": the state's capital city, from the gazetteer."""
    for token in doc:
        if token.lower_ != "capital" or token.pos_ != "NOUN" or token.i in found.token_entity:
            continue
        modifier, iso3 = _state_modifier(token, found.knowledge, found)
        capital = found.knowledge.states[iso3].capital if iso3 else None
        if capital and any(child.dep_ in ("det", "poss") for child in token.children):
            found.add(f"place:{iso3}:{fold(capital)}", "Place", capital, country=found.ensure_state(iso3))
            found.token_entity[token.i] = f"place:{iso3}:{fold(capital)}"


def _add_groups(found: DocumentEntities, doc: Doc, title_tokens: set[int]) -> None:
    """"Ukrainian officials", "U.S. troops", "the Russian government": collectives of a state.

    A noun from the groups lexicon, modified by a demonym or a state's name, is a group (or
    government body) of that state. A demonym before any other noun ("Ukrainian cities") lets
    that noun stand for the state itself when it is a side of an event.
    """
    kn = found.knowledge
    trigger_tokens = {i for span in doc.spans.get("triggers", []) for i in range(span.start, span.end)}
    # two passes: nouns tied to a state by a demonym first, so that "doctors from two American aid groups"
    # finds its state through "groups" in the second
    for by_location in (False, True):
        for token in doc:
            unplaced = found.token_entity.get(token.i, "").startswith("group::")  # "Moslem forces in east Bosnia"
            if token.pos_ not in ("NOUN", "PROPN") or token.i in found.token_entity and not (by_location and unplaced):
                continue
            if token.i in title_tokens and names_one_person(token):
                continue  # "the German leader" is an office: its holder (see offices.py), not a group
            group = kn.groups.get(token.lower_) or kn.groups.get(token.lemma_.lower())
            if by_location:
                if group is None:
                    continue
                modifier, iso3 = _location(token, found)  # "demonstrators in Baghdad"
            else:
                modifier, iso3 = _state_modifier(token, kn, found)
            if modifier is None:
                continue
            if group is None and iso3 and token.ent_type_ == "NORP" and not token._.gazetteer:
                group = {"kind": "Group"}  # "Iraqi Kurds": a people within a state is a group of it
            if group is None:
                if iso3 and token.i not in trigger_tokens and not modifier.conjuncts \
                        and not capital_in_a_name(modifier, token) \
                        and token.lemma_.lower() not in kn.words.relational_nouns:  # "Russian strikes" is an
                    # event, not Russia; "Germany's allies" are other states; "China and EU nations" both; "the
                    # Paris Agreement" is a name
                    found.token_entity[token.i] = found.ensure_state(iso3)
                continue
            if unplaced:
                _forget_mention(found, found.token_entity.pop(token.i))
            _add_group(found, doc, token, modifier, iso3, group)


def capital_in_a_name(modifier: Token, noun: Token) -> bool:
    """"the Paris Agreement", "the Minsk Protocol": a capital or seat before a capitalised proper noun inside a
    sentence is a word of a name, no one's (where "a Turkish Kurd" is a people's and "Moscow's decision" Russia's)."""
    return modifier._.gazetteer.role in ("capital", "seat") and noun.tag_ in ("NNP", "NNPS") and noun.is_title \
        and not noun.is_sent_start


def names_one_person(noun: Token) -> bool:
    """A singular office named as a definite noun ("the German chancellor", "Venezuela's Foreign Minister",
    "Foreign Minister Sergei Lavrov"), not "a US senator" or "foreign ministers"."""
    if noun.pos_ not in ("NOUN", "PROPN") or noun.tag_ in ("NNS", "NNPS"):
        return False  # "a general strike": an adjective, not an office
    return not any(child.dep_ == "det" and child.lower_ in INDEFINITE for child in noun.children)


def _forget_mention(found: DocumentEntities, key: str) -> None:
    record = found.records[key]
    record.mentions -= 1
    if record.mentions <= 0:
        del found.records[key]


def _add_group(found: DocumentEntities, doc: Doc, token: Token, modifier: Token, iso3: str | None, group: dict) -> None:
    start = modifier.i
    while start > 0 and doc[start].ent_iob_ == "I":  # the whole demonym: "South Korean officials"
        start -= 1
    surface = doc[min(start, token.i): max(modifier.i, token.i) + 1].text
    if group["kind"] == "State":  # "the US side", "the Russian side": the state itself
        if iso3:
            found.token_entity[token.i] = found.ensure_state(iso3)
        return
    if iso3:
        key, country = f"group:{iso3}:{token.lemma_.lower()}", found.ensure_state(iso3)
    else:
        key, country = f"group::{fold(modifier.text)}:{token.lemma_.lower()}", None
    kind = "GovernmentBody" if group["kind"] == "GovernmentBody" and country else "Group"
    found.add(key, kind, surface, surface=surface, country=country, sector=group.get("sector"))
    found.token_entity[token.i] = key


# "demonstrators in Baghdad"; a people also "of" a place ("the Albanians of southern Serbia"), where a
# collective "of" a state is its office or body ("the prime minister of Lebanon, Saad Hariri")
GROUP_PLACE_PREPS = ("in", "throughout", "from", "across")
PEOPLE_PLACE_PREPS = GROUP_PLACE_PREPS + ("of",)


def _location(token: Token, found: DocumentEntities, preps: tuple[str, ...] = GROUP_PLACE_PREPS
              ) -> tuple[Token | None, str | None]:
    """The state a collective is placed in by "in/throughout/from X", X a state or a place within one."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            for obj in (o for o in prep.children if o.dep_ == "pobj"):
                key = found.token_entity.get(obj.i)
                record = found.records.get(key) if key else None
                if record is not None and record.kind in ("State", "Place"):
                    iso3 = record.iso_code or (record.country.split(":")[1] if record.country else None)
                    if iso3:
                        return obj, iso3
    return None, None


def _state_modifier(token: Token, kn: Knowledge, found: DocumentEntities) -> tuple[Token | None, str | None]:
    """The demonym or state name that modifies `token` ("Ukrainian", "U.S.", "Russia's"), with its ISO code;
    or a demonym-like word the gazetteer does not know ("European", "Muslim") with no code."""
    for child in token.children:
        if child.dep_ not in ("amod", "compound", "poss", "nmod"):
            continue
        if child.i in found.country_refs:  # "the country's National Intelligence Service"
            return child, found.country_refs[child.i]
        if child._.gazetteer:
            ident = child._.gazetteer
            if ident.family == "state" and ident.role in ("", "demonym", "capital", "seat"):
                return child, ident.code
        if child.ent_type_ == "NORP" and not child._.gazetteer:
            return child, None
    return None, None

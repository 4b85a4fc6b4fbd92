"""PLOVER events from trigger words: sides from the dependency tree, then mode, status, date, place.

A trigger (verb or noun from `kg/data/triggers.json`, matched by the `kg_triggers` SpanRuler) is
read like this:

- verbs: the subject is the actor, the object the recipient (or the thing given, by the
  lexicon's `object`), passives swap them ("was attacked by"), prepositional partners from the
  lexicon ("met with", "sanctions against") are recipients, coordination adds sides;
- nouns: possessors, compounds and demonyms are actors ("Russia's assault", "the Rubio-Lavrov
  meeting", "Russian strikes"), "between X and Y" names both; with no actor of its own, a noun
  takes the subject of the support verb that governs it ("Moscow launched barrages");
- a trigger inside the content of a verbal act is not an event of its own ("threatened to break
  off ties" is one Threaten); an act aimed at an event aims at that event's actor ("condemned
  the attacks" accuses the attacker);
- a modal of obligation in reported speech is a demand by the speaker on the clause's subject
  ("Mubarak said the US must be ready to mediate"); what must be done is its content;
- a bare mention with no sides ("the meeting lasted an hour") is one more report of the event of
  the same class told just before; what a speaker says is the speaker's report, not the speaker's act.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..knowledge import Knowledge, TriggerEntry, people
from ..records import SYMMETRIC_CLASSES as SYMMETRIC
from ..records import EventRecord
from . import timex
from .mentions import ACTOR_KINDS, DocumentEntities, person_key
from .roles import DocumentRoles, sentence_evidence, title_spans

# Acts whose complement is what they are about: "agreed to set up", "threatened to impose", and
# protests, whose complement is their demand ("demonstrated, calling for independence").
CONTENT_CLASSES = {"Agree", "Reject", "Threaten", "Request", "Support", "Concede", "Accuse", "Protest"}
# A material act that is only planned, proposed or conditional is a threat (ONTOLOGY.md: "Sanction,
# or Threaten while only proposed"); the threat itself was made.
THREAT_WHEN_UNREALISED = {"Sanction", "Coerce", "Assault", "Protest", "Mobilize"}
# Force made ready for an attack is a mobilisation, not a threat: "the army prepared to resume shelling"
# (but "is prepared to impose martial law", a readiness declared, stays a threat).
MOBILIZE_WHEN_PREPARED = {"Assault", "Coerce"}
# Its cooperative mirror: material help only promised or offered ("France is ready to contribute troops",
# "will send aid") is an offer, which PLOVER codes as Agree (CAMEO's "express intent to cooperate").
AGREE_WHEN_UNREALISED = {"Aid", "Cooperate", "Retreat"}
CONTENT_DEPS = {"xcomp", "ccomp", "acl", "advcl", "relcl"}
SUBJECTS = {"nsubj", "csubj"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "throughout", "within"}
NOMINAL_DEPS = {"dobj", "pobj", "nsubj", "nsubjpass", "compound", "poss"}
PRONOUNS_PERSON = {"he", "she", "him", "her", "his", "hers"}
# "it said", "they will release": the nearest earlier actor of a fitting kind, subjects first
PRONOUN_KINDS = {"it": {"State", "Organization", "InternationalOrganization", "GovernmentBody"},
                 "its": {"State", "Organization", "InternationalOrganization", "GovernmentBody"},
                 "they": {"Group", "State", "Organization", "GovernmentBody", "InternationalOrganization"},
                 "them": {"Group", "State", "Organization", "GovernmentBody", "InternationalOrganization"},
                 "their": {"Group", "State", "Organization", "GovernmentBody", "InternationalOrganization"}}
PLURAL_PRONOUNS = {"they", "them", "their"}
PRONOUN_REACH = 60  # tokens: about two sentences back
MAX_PLACE_DEPTH = 3
ANY_PERSON = "@person"  # in a lexicon's requires_object: any named person or group
ANY_ACTOR = "@actor"  # in a lexicon's requires_object: any person, group, state or organisation
# Material conflict with no stated target aims at the state where it happens (PLOVER's coding rule).
LOCATION_TARGETS = {"Protest", "Mobilize", "Coerce", "Assault"}
# Coercion with no stated target and no place is a government's act on its own people: martial law, a curfew.
DOMESTIC_BY_DEFAULT = {"Coerce"}
# A collective no demonym or location places ("Prisoners rioted at a jail in Dili") stands as this prefix
# and its token index until the event's place gives it a state.
UNPLACED = "unplaced:"
# "rejected an offer from Afghanistan", "calls by Annan", "boycott contact with the US": who the object is about
OBJECT_VIA = ("of", "from", "by", "with")


@dataclass
class Candidate:
    span: Span
    entry: TriggerEntry
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    anchor: Token | None = None  # the verb that carries tense and modality (the trigger or its support verb)
    place: str | None = None  # a place the sides already gave ("a trip to Kuala Lumpur")
    indirect: bool = False  # a side came from a pronoun, a title or coreference
    nested_in: Candidate | None = None
    content_of: Candidate | None = None  # set when this trigger is the content of a verbal act
    in_clause: bool = False  # that content is a clause ("agreed to provide aid"): said, not done
    between_only: bool = False  # its sides came from "between X and Y" alone: a host or mediator may join

    @property
    def token(self) -> Token:
        return self.span[-1] if self.entry.pos == "NOUN" else self.span[0]


@dataclass
class EventContext:
    doc: Doc
    doc_id: str
    knowledge: Knowledge
    entities: DocumentEntities
    roles: DocumentRoles
    anchor_date: date | None
    title_at: dict[int, str]  # token index -> title label, for "the president"
    titles: list[Span] = field(default_factory=list)
    dateline_end: int = -1  # first token after the dateline, whose date is the story's, not an event's

    def sides(self, token: Token, candidate: Candidate | None = None, via: tuple[str, ...] = ("of",)) -> list[str]:
        """The entities a side phrase stands for, with its coordinated members.

        A head noun that names no one is looked through: "positions of the Palestinian forces",
        "thousands of Iraqi Kurds"; for the object of an act, `via` adds "from"/"by" ("an offer
        from Afghanistan", "calls by Kofi Annan").
        """
        out = []
        for member in [token, *token.conjuncts]:
            key = self.entity(member, candidate)
            keys = [key] if key else self.inside(member, candidate, via)
            if not keys and member.lemma_.lower() in self.knowledge.groups and member.pos_ in ("NOUN", "PROPN"):
                keys = [f"{UNPLACED}{member.i}"]  # "Prisoners rioted at a jail in Dili"
            out += [k for k in keys if k not in out]
        return out

    def inside(self, token: Token, candidate: Candidate | None, via: tuple[str, ...], depth: int = 2) -> list[str]:
        if depth == 0:
            return []
        owners = [c for c in token.children if c.dep_ in ("poss", "compound", "nmod")]
        for owner in sorted(owners, key=lambda o: o.pos_ == "PRON"):  # "its European Community partners"
            if key := self.entity(owner, candidate):  # "Putin's remarks", "a Security Council resolution"
                return [key]
            for inner in (c for c in owner.children if c.dep_ in ("compound", "nmod")):
                if key := self.entity(inner, candidate):  # "a Security Council resolution censuring ..."
                    return [key]
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in via:
                for obj in (o for o in prep.children if o.dep_ == "pobj"):
                    key = self.entity(obj, candidate)
                    if key and self.entities.kind(key) == "Place":
                        key = self._state_of(obj, key)  # "inhabitants of the Syrian Golan Heights"
                    keys = [key] if key else self.inside(obj, candidate, via, depth - 1)
                    if keys:
                        return keys + [k for m in obj.conjuncts if (k := self.entity(m, candidate))]
        return []

    def entity(self, token: Token, candidate: Candidate | None) -> str | None:
        """The entity a token itself names: a name, a pronoun's antecedent, a title's holder, "his administration"."""
        key = self.entities.entity_of(token)
        if key:
            return key
        if token.lower_ in PRONOUNS_PERSON:
            key = self._last_person_before(token.i)
        elif token.lower_ in PRONOUN_KINDS:
            key = self._antecedent(token, PRONOUN_KINDS[token.lower_])
        elif token.i in self.title_at:
            key = self._title_holder(self.title_at[token.i], token.i)
        elif token.lemma_.lower() in self.knowledge.groups:
            owner = next((c for c in token.children if c.dep_ == "poss"), None)  # "his administration"
            key = self.entity(owner, candidate) if owner is not None else None
        if key and candidate is not None:
            candidate.indirect = True
        return key

    def _antecedent(self, token: Token, kinds: set[str]) -> str | None:
        """The nearest earlier mention of one of `kinds`, a subject if there is one within reach; for
        "they", "them", "their" a plural mention first ("paid 67 British nationals ... expelled them")."""
        found = []
        for i in range(token.i - 1, max(-1, token.i - PRONOUN_REACH), -1):
            key = self.entities.token_entity.get(i)
            if key and self.entities.kind(key) in kinds and not _in_own_phrase(token, self.doc[i]):
                found.append((self.doc[i].dep_ in SUBJECTS, key, _is_plural(self.doc[i])))
        if token.lower_ in PLURAL_PRONOUNS and any(plural for _, _, plural in found):
            found = [f for f in found if f[2]]
        subjects = [key for is_subject, key, _ in found if is_subject]
        return subjects[0] if subjects else (found[0][1] if found else None)

    def _state_of(self, token: Token, place: str) -> str | None:
        """The state a place belongs to: a demonym before it ("the Syrian Golan Heights"), else the gazetteer's."""
        for child in token.children:
            if child.ent_id_.endswith("#demonym"):
                return self.entities.ensure_state(child.ent_id_.split("#")[0].split(":")[1])
        return self.entities.records[place].country

    def _last_person_before(self, index: int) -> str | None:
        before = [key for i, key in self.entities.person_mentions if i < index]
        return before[-1] if before else None

    def _title_holder(self, title: str, index: int) -> str | None:
        holders = [(i, key) for i, key in self.roles.holders.get(title.lower(), []) if i < index]
        if not holders:
            return None
        subjects = {key for i, key in self.entities.person_mentions
                    if i < index and self.doc[i].dep_ in SUBJECTS and key in {k for _, k in holders}}
        recent = [key for _, key in holders if key in subjects] or [key for _, key in holders]
        return recent[-1]


def _in_own_phrase(pronoun: Token, mention: Token) -> bool:
    """Whether the pronoun sits in the mention's own phrase ("Russia's claim that it ..." may still
    point back; "its own ..." within the phrase may not), not behind a clause hanging from it."""
    current = pronoun
    while current != mention:
        if current.head == current or current.dep_ in ("relcl", "advcl", "ccomp", "acl"):
            return False
        current = current.head
    return True


def _is_plural(token: Token) -> bool:
    """A plural noun, or a name coordinated with another ("Russia and China ... they")."""
    return "Plur" in token.morph.get("Number") or bool(token.conjuncts)


def find_events(doc: Doc, doc_id: str, knowledge: Knowledge, entities: DocumentEntities, roles: DocumentRoles,
                anchor_date: date | None, dateline_end: int = -1, titles: list[Span] | None = None) -> list[EventRecord]:
    titles = title_spans(doc) if titles is None else titles
    title_at = {i: span.label_ for span in titles for i in range(span.start, span.end)}
    ctx = EventContext(doc, doc_id, knowledge, entities, roles, anchor_date, title_at=title_at, titles=titles,
                       dateline_end=dateline_end)
    candidates = _candidates(ctx)
    by_token = {c.token.i: c for c in candidates}
    for c in candidates:
        _read_sides(ctx, c, by_token)
    _mark_content(candidates, by_token)
    _aim_at_nested(ctx, candidates, by_token)
    _aim_at_content(ctx, candidates)
    _fold_event_subjects(candidates, by_token)
    _borrow_from_nested(candidates)
    _aim_at_purpose(ctx, candidates)
    return _emit(ctx, candidates)


def _candidates(ctx: EventContext) -> list[Candidate]:
    out = []
    spans = filter_spans(list(ctx.doc.spans.get("triggers", [])))
    for span in spans:
        entry = ctx.knowledge.triggers[int(span.id_)]
        if any(ctx.entities.entity_of(t) and ctx.entities.kind(ctx.entities.entity_of(t)) != "Group" for t in span):
            continue  # part of a name: "Peace Talks Committee"
        if any(t.i in ctx.title_at for t in span) and len(span) <= _title_length(ctx, span):
            continue  # "Defence Minister" is an office; "general strike" is longer than the title "general"
        if entry.pos == "VERB" and span[0].dep_ in NOMINAL_DEPS:  # "would not meet hostage-takers demands"
            entry = _noun_reading(ctx.knowledge, entry)  # a noun the tagger read as a verb
            if entry is None:
                continue
        candidate = Candidate(span, entry)
        if _fits_entry(candidate, ctx):
            out.append(candidate)
    return out


def _noun_reading(knowledge: Knowledge, verb: TriggerEntry) -> TriggerEntry | None:
    return next((t for t in knowledge.triggers if t.lemma == verb.lemma and t.pos == "NOUN"), None)


def _title_length(ctx: EventContext, span: Span) -> int:
    return max((len(t) for t in ctx.titles if t.start < span.end and span.start < t.end), default=0)


def _fits_entry(c: Candidate, ctx: EventContext) -> bool:
    """The lexicon's conditions: required and excluded objects, prepositions, modifiers, dependencies."""
    token, entry = c.token, c.entry
    children = list(token.children)
    if token.dep_ in entry.exclude_deps:
        return False
    if entry.intransitive and any(ch.dep_ in ("dobj", "ccomp") for ch in children):
        return False
    if entry.requires_clause and not _content_clauses(token):
        return False  # "a demand that Israel ease ...", not "demand for oil"
    if entry.exclude_modifiers and any(ch.lemma_.lower() in entry.exclude_modifiers for ch in children):
        return False
    if entry.requires_prep and not any(ch.dep_ in ("prep", "prt", "agent") and ch.lower_ in entry.requires_prep
                                       for ch in children):
        return False
    objects = _objects(token, verb=entry.pos == "VERB")
    objects += [m for o in objects for m in o.children if m.dep_ == "compound"]  # "mediation efforts", "aid program"
    lemmas = {o.lemma_.lower() for o in objects} | {o.lower_ for o in objects}
    if any((key := ctx.entities.entity_of(o)) and ctx.entities.kind(key) in ("Person", "Group") for o in objects):
        lemmas.add(ANY_PERSON)  # "released Prime Minister Chaudhry"
    if any((key := ctx.entities.entity_of(o)) and ctx.entities.kind(key) in ACTOR_KINDS for o in objects):
        lemmas.add(ANY_ACTOR)  # "defended Iraq and Libya against Western criticism"
    if entry.exclude_objects and lemmas & set(entry.exclude_objects):
        return False
    return not entry.requires_object or bool(lemmas & set(entry.requires_object))


def _content_clauses(noun: Token) -> list[Token]:
    """The that- or to-clauses that say what a noun is: its own ("a demand that Israel ease ..."), or,
    when the parser hung it on the verb, the one after the noun as that verb's object ("reiterated its
    demand today that Israel ease ...")."""
    def says(clause: Token) -> bool:
        return any(m.lower_ in ("that", "to") for m in clause.children)

    own = [ch for ch in noun.children if (ch.dep_ in ("acl", "ccomp", "xcomp") or _is_infinitive_complement(ch))
           and says(ch)]
    if own or noun.dep_ != "dobj":
        return own
    return [ch for ch in noun.head.children if ch.dep_ == "ccomp" and ch.i > noun.i and says(ch)]


def _objects(token: Token, verb: bool) -> list[Token]:
    """A verb's objects (and what they are "of": "a package of weapons"); a noun's "of"-phrase."""
    if verb:
        objects = [ch for ch in token.children if ch.dep_ in ("dobj", "nsubjpass", "attr")]
        objects += [o for ch in token.children if ch.dep_ == "prt" for o in _counted_objects(ch)]
        objects += [o for ch in objects for o in ch.conjuncts]
    else:
        objects = [token]
    objects += [g for o in objects for p in o.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    return objects if verb else objects[1:]


def _read_sides(ctx: EventContext, c: Candidate, by_token: dict[int, Candidate]) -> None:
    if c.entry.pos == "NOUN":
        _read_noun(ctx, c, by_token)
    elif c.entry.pos == "AUX":
        _read_obligation(ctx, c)
    else:
        _read_verb(ctx, c, by_token)


def _read_obligation(ctx: EventContext, c: Candidate) -> None:
    """"Mubarak said that the US must be ready": the speaker demands of the clause's subject. Only in
    reported speech, and only of someone other than the speaker and the speaker's own state."""
    verb = c.token.head
    speech = verb.head if verb.dep_ == "ccomp" and c.token.dep_ == "aux" else None
    if speech is None or speech.lemma_ not in ctx.knowledge.report_verbs:
        return
    speakers = [k for ch in speech.children if ch.dep_ in SUBJECTS for k in ctx.sides(ch, c)]
    own = {s for key in speakers for s in (key, _own_state(ctx, key)) if s}
    # who is named, not looked through ("Mia's death must not be used" makes no demand of Mia), and not
    # "it", which as often stands for a situation ("it shouldn't get out of hand")
    addressees = [k for ch in verb.children if ch.dep_ in SUBJECTS | PASSIVE_SUBJECTS and ch.lower_ != "it"
                  for m in [ch, *ch.conjuncts] if (k := ctx.entity(m, c)) and k not in own]
    if speakers and addressees:
        c.actors, c.recipients, c.anchor = speakers, addressees, speech


def _own_state(ctx: EventContext, key: str) -> str | None:
    """The state an actor belongs to, as far as this document tells: a group's country, a person's office."""
    record = ctx.entities.records.get(key)
    if record is not None and record.country:
        return record.country
    offices = [r.of for r in ctx.roles.roles if r.person == key and r.of]
    state = next((_state_of_place(ctx, of) for of in offices if of in ctx.entities.records), None)
    if state is None and record is not None and record.kind == "Person":  # "Putin said Russia must ..."
        known = people(person_key)
        entry = known.by_name.get(key)
        same_surname = known.by_surname.get(key, [])
        entry = entry or (same_surname[0] if len(same_surname) == 1 else None)
        state = f"state:{entry.country}" if entry else None
    return state


def _obligation_over(verb: Token, by_token: dict[int, Candidate]) -> Candidate | None:
    """The demand a verb's modal makes of it ("the US must be ready"), if that modal is a trigger."""
    return next((by_token[ch.i] for ch in verb.children
                 if ch.dep_ == "aux" and ch.i in by_token and by_token[ch.i].entry.pos == "AUX"), None)


def _read_verb(ctx: EventContext, c: Candidate, by_token: dict[int, Candidate]) -> None:
    verb = c.token
    c.anchor = verb
    trigger_tokens = {t.i for t in c.span}
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            c.actors += ctx.sides(child, c)
        elif child.dep_ in PASSIVE_SUBJECTS:
            c.recipients += ctx.sides(child, c)
        elif child.dep_ == "agent":
            c.actors += [k for obj in child.children for k in ctx.sides(obj, c)]
        elif child.dep_ == "dobj" and child.i not in by_token:
            _read_object(ctx, c, child)
        elif child.dep_ == "dative":
            c.recipients += ctx.sides(child, c)
        elif child.dep_ == "prt" and child.i not in trigger_tokens:
            for obj in _counted_objects(child):
                _read_object(ctx, c, obj)
        elif child.dep_ == "prep" and child.i in trigger_tokens:  # "called for independence from Iraq"
            for obj in (o for o in child.children if o.dep_ == "pobj" and o.i not in by_token):
                _read_object(ctx, c, obj)
        elif child.dep_ == "prep":
            _read_prep(ctx, c, child)
    for obj in (ch for ch in verb.children if ch.dep_ == "dobj"):
        for prep in (p for p in obj.children if p.dep_ == "prep"):
            _read_prep(ctx, c, prep)  # "imposed sanctions on Russia", "sent weapons to Ukraine"
    if not c.actors:
        c.actors += _inherited_subject(ctx, c, verb)


def _counted_objects(particle: Token) -> list[Token]:
    """"kidnapped up to 16 Russian advisers": the parser reads "up" as the verb's particle and the counted
    object as the object of "to"; a number on it shows it is the verb's object."""
    if particle.lower_ != "up":
        return []
    return [obj for prep in particle.children if prep.dep_ == "prep" and prep.lower_ == "to"
            for obj in prep.children if obj.dep_ == "pobj" and any(n.dep_ == "nummod" for n in obj.children)]


def _read_object(ctx: EventContext, c: Candidate, obj: Token) -> None:
    how = c.entry.object
    if how == "theme":  # what is acted on; its owner is acted against ("demolished Palestinian homes",
        # "vetoed a Security Council resolution", "boycott contact with the United States")
        own = ctx.entities.entity_of(obj)
        c.recipients += [own] if own and ctx.entities.kind(own) == "State" else ctx.inside(obj, c, OBJECT_VIA)
        return
    keys = ctx.sides(obj, c, via=OBJECT_VIA)
    if how == "place_or_recipient":
        places = [k for k in keys if ctx.entities.kind(k) == "Place"]
        c.recipients += [k for k in keys if k not in places]
        return
    c.recipients += keys


def _read_prep(ctx: EventContext, c: Candidate, prep: Token) -> None:
    word = prep.lower_
    if word not in c.entry.recipient_preps and word != "between":
        return
    objects = [obj for obj in prep.children if obj.dep_ == "pobj"]
    if c.entry.mode == "visit" and word == "to":  # "a trip to Kuala Lumpur": where, not whom
        for obj in objects:
            place = ctx.entities.place_of(obj)
            if place and ctx.entities.kind(place) == "Place":
                c.place = c.place or place
        objects = [obj for obj in objects if not (c.place and ctx.entities.place_of(obj) == c.place)]
    keys = [k for obj in objects for k in ctx.sides(obj, c)]
    if word in ("between", "among") and c.entry.cls in SYMMETRIC:
        c.between_only = not c.actors and bool(keys)
        c.actors += keys
    else:
        c.recipients += keys


def _inherited_subject(ctx: EventContext, c: Candidate, verb: Token) -> list[str]:
    """A verb with no subject of its own: "agreed to meet", "met X and discussed", "legislation that would
    impose": the subject of the verb it hangs from, or the antecedent of a relative clause."""
    current = verb
    if verb.dep_ == "acl" and verb.tag_ in ("VBG", "VBD"):  # "students demanding ...", "a newspaper called ..."
        return ctx.sides(verb.head, c)
    for _ in range(4):
        controllers = [ch for ch in current.head.children if ch.dep_ == "dobj"]
        if controllers and _is_infinitive_complement(current) and current.head.lemma_.lower() in ctx.knowledge.control_verbs:
            # "pressured Greece to reject": who was pressed does the act ("helped to support": no one pressed)
            return [k for ch in controllers for k in ctx.sides(ch, c)]
        if current.dep_ in ("xcomp", "conj", "advcl", "acomp") and current.head != current:
            current = current.head  # "it is prepared to impose": through the adjective to its clause
        elif current.dep_ == "relcl":
            keys = ctx.sides(current.head, c)
            if keys:
                return keys
            current = current.head
        elif current.dep_ in ("dobj", "pobj", "attr") and current.head != current:
            current = current.head
        else:
            return []
        if current.lemma_ in ctx.knowledge.report_verbs:
            return []  # the speaker of "X said ... would meet" is not the one who meets
        for child in current.children:
            if child.dep_ in SUBJECTS and (keys := ctx.sides(child, c)):
                return keys
    return []


def _read_noun(ctx: EventContext, c: Candidate, by_token: dict[int, Candidate]) -> None:
    noun = c.token
    trigger_tokens = {t.i for t in c.span}
    for child in (ch for word in c.span for ch in word.children):  # "US drone strikes in Yemen": every word's
        if child.i in trigger_tokens:
            continue
        if child.dep_ == "poss":
            c.actors += ctx.sides(child, c)
        elif child.dep_ in ("compound", "nmod"):
            names = _compound_names(ctx, child, c)  # "the Rubio-Lavrov meeting"
            if c.entry.cls in SYMMETRIC and len(names) == 1 and ctx.entities.kind(names[0]) in ("State", "Place"):
                c.place = c.place or names[0]  # "the Malaysia talks": where, not who
            else:
                c.actors += names
        elif child.dep_ == "amod" and child.ent_id_.endswith("#demonym"):
            c.actors.append(ctx.entities.ensure_state(child.ent_id_.split("#")[0].split(":")[1]))  # "Russian strikes"
        elif child.dep_ == "prep" and child.lower_ == "by":
            c.actors += [k for obj in child.children for k in ctx.sides(obj, c)]
        elif child.dep_ == "prep":
            _read_prep(ctx, c, child)
            if child.lower_ == "of":  # "a package of weaponry for Ukraine"
                for obj in (o for o in child.children if o.dep_ == "pobj"):
                    for prep in (p for p in obj.children if p.dep_ == "prep"):
                        _read_prep(ctx, c, prep)
    # "a mediation effort between X and Y": a trigger used as a modifier reads the phrase of its head noun
    head = noun
    while head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN") and head.head != head:
        head = head.head
        for child in head.children:
            if child.dep_ == "prep":
                _read_prep(ctx, c, child)
            elif child.dep_ == "poss":
                c.actors += ctx.sides(child, c)
    # "one of its most intense barrages", "a package of weaponry": read the phrase the noun sits in
    while head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in ("NOUN", "NUM", "PRON"):
        head = head.head.head
        for prep in (p for p in head.children if p.dep_ == "prep" and p.lower_ != "of"):
            _read_prep(ctx, c, prep)
    # "launched an attack", or through "in": "engaged in ethnic cleansing", "took part in talks"
    direct = head.dep_ in ("dobj", "nsubjpass", "attr") or head.dep_ == "pobj" and head.head.lower_ == "in" \
        and f"{head.head.head.lemma_} in" in ctx.knowledge.support_verbs
    governor = head.head if direct or head.dep_ == "pobj" else None
    if governor is not None and governor.dep_ == "prep":
        governor = governor.head
    if governor is not None and governor.pos_ in ("VERB", "AUX"):
        c.anchor = governor
        if governor.i in by_token and by_token[governor.i].entry.cls == c.entry.cls:
            c.nested_in = by_token[governor.i]  # "sat down with Lavrov for a meeting": one event
        elif direct and (not c.actors or c.between_only and c.entry.cls == "Consult") and (
                governor.lemma_ in ctx.knowledge.support_verbs or f"{governor.lemma_} in" in ctx.knowledge.support_verbs):
            # "hosted talks between X and Y", "launched a mediation effort between X and Y": the host or
            # mediator takes part in the consultation
            # only the direct object: "Ukraine provided figures on the scale of the assault" is no assault by Ukraine
            known = len(c.actors)
            for child in governor.children:
                if child.dep_ in SUBJECTS or child.dep_ in PASSIVE_SUBJECTS and child != head:
                    c.actors += ctx.sides(child, c)  # "Serb forces were engaged in ethnic cleansing"
                elif child.dep_ == "agent":
                    c.actors += [k for obj in child.children for k in ctx.sides(obj, c)]
                elif child.dep_ == "dative":  # "gave the Ivory Coast 5 million dollars of aid"
                    c.recipients += ctx.sides(child, c)
                elif child.dep_ == "prep":
                    _read_prep(ctx, c, child)
            if len(c.actors) == known:  # "he would be ready to host a meeting between ..."
                c.actors += _inherited_subject(ctx, c, governor)
    if c.anchor is None:
        c.anchor = noun


def _compound_names(ctx: EventContext, token: Token, c: Candidate) -> list[str]:
    """Entities named in a chain of compounds before a noun ("Rubio - Lavrov", "U.S. - Russia")."""
    keys = []
    for member in token.subtree:
        if member.dep_ in ("compound", "nmod", "conj") or member == token:
            key = ctx.entities.entity_of(member)
            if key and key not in keys:
                keys.append(key)
    return keys


def _mark_content(candidates: list[Candidate], by_token: dict[int, Candidate]) -> None:
    """Triggers inside the complement of a verbal act are its content, not events of their own."""
    for c in candidates:
        current = c.token
        described = False  # passed through a clause that describes a thing: "a resolution censuring X"
        for _ in range(4):
            demand = _obligation_over(current, by_token)
            if demand is not None and demand is not c and demand.actors:
                c.content_of, c.in_clause = demand, True  # "Libya must hand over the suspects"
                break
            link = current.dep_
            parent = current.head
            if parent == current:
                break
            act = by_token.get(parent.i) or _carried_act(parent, by_token)
            if act is not None and act is not c and act.entry.cls in CONTENT_CLASSES and (
                    link in CONTENT_DEPS and not _is_side_clause(current) or link == "pobj" or link == "prep"
                    or link == "dobj" and described):  # "vetoed a resolution censuring the US"
                c.content_of = act
                c.in_clause = link in CONTENT_DEPS or described
                break
            described = described or link in ("acl", "relcl")
            if link not in CONTENT_DEPS and link not in ("prep", "pobj", "aux", "conj", "dobj", "acomp"):
                break  # ("threatened to hold a general strike": through the object of "hold")
            current = parent


def _is_side_clause(clause: Token) -> bool:
    """"..., as authorities in Croatia cracked down": a clause with a subordinating word of its own
    tells another event, not what the act is about."""
    return clause.dep_ == "advcl" and any(ch.dep_ == "mark" and ch.lower_ not in ("that", "to") for ch in clause.children)


def _carried_act(verb: Token, by_token: dict[int, Candidate]) -> Candidate | None:
    """The act a support verb carries: "staged demonstrations to demand reforms" demands through the protest."""
    return next((by_token[ch.i] for ch in verb.children if ch.dep_ == "dobj" and ch.i in by_token), None)


def _aim_at_nested(ctx: EventContext, candidates: list[Candidate], by_token: dict[int, Candidate]) -> None:
    """"Zelenskiy condemned the attacks": an act whose object is an event aims at that event's actor."""
    for c in candidates:
        if c.entry.pos == "NOUN" or c.recipients:
            continue
        for child in c.token.children:
            nested = by_token.get(child.i) if child.dep_ in ("dobj", "nsubjpass") else None
            if nested is None or nested is c:
                continue
            nested.content_of = c
            actors = nested.actors or _recent_actors(candidates, nested)
            c.recipients += [a for a in actors if a not in c.actors]
            if actors and not nested.actors:
                c.indirect = True


def _aim_at_content(ctx: EventContext, candidates: list[Candidate]) -> None:
    """A verbal act with no recipient of its own aims at whom its content aims at: "threatened to break
    off relations with Congo", "agreed to provide aid for Romania", "demanded that Hamas renounce ...".
    The recipients of the act it contains, or the subject of its that-clause (first, for a demand), else
    the objects of its complement clause."""
    for c in candidates:
        if c.entry.cls not in CONTENT_CLASSES or c.recipients:
            continue
        inner = [d for d in candidates if d.content_of is c]
        clauses = [ch for ch in c.token.children if ch.dep_ in ("xcomp", "ccomp", "acl")]
        if c.entry.pos == "NOUN":
            clauses += [ch for ch in _content_clauses(c.token) if ch not in clauses]
        addressees = [k for clause in clauses if clause.dep_ in ("ccomp", "acl") for ch in clause.children
                      if ch.dep_ in SUBJECTS for k in ctx.sides(ch, c)]
        targets = [k for d in inner for k in (d.recipients or [a for a in d.actors if a not in c.actors])]
        # a demand is addressed to who must act ("demanded that Israel ease ..."); a threat or a promise aims
        # where its content aims ("threatened to break off relations with Congo")
        found = (addressees or targets) if c.entry.cls == "Request" else (targets or addressees)
        if not found:
            found = [k for clause in clauses for k in _clause_objects(ctx, clause, c)]
        if not found and c.entry.cls == "Threaten":
            found = [k for clause in clauses for k in _condition_subjects(ctx, clause, c)]
        if not found and c.entry.cls == "Threaten":  # "threatened to impose a curfew in Algiers"
            found = [state for d in inner if d.entry.cls in LOCATION_TARGETS
                     and (place := _place(ctx, d)) and (state := _state_of_place(ctx, place))]
        if not found and c.entry.cls == "Threaten" and any(d.entry.cls in DOMESTIC_BY_DEFAULT for d in inner):
            found = _own_government(ctx, c.actors)  # "the government is prepared to impose martial law"
        c.recipients += [k for k in dict.fromkeys(found) if k not in c.actors]


def _condition_subjects(ctx: EventContext, clause: Token, c: Candidate) -> list[str]:
    """"threatened to strike unless Israel rescinded ...": who must meet the condition is who is threatened."""
    conditions = [t for t in clause.subtree if t.dep_ == "advcl" and any(m.lower_ in ("unless", "if")
                                                                         for m in t.children)]
    return [k for cond in conditions for ch in cond.children if ch.dep_ in SUBJECTS for k in ctx.sides(ch, c)]


def _fold_event_subjects(candidates: list[Candidate], by_token: dict[int, Candidate]) -> None:
    """"US Predator attacks have killed eight leaders": the attacks' actor did the killing; one event."""
    for c in candidates:
        if c.entry.pos != "VERB":
            continue
        for child in c.token.children:
            subject = by_token.get(child.i) if child.dep_ in SUBJECTS else None
            if subject is not None and subject.entry.cls == c.entry.cls and subject.actors:
                c.actors = [a for a in dict.fromkeys(subject.actors + c.actors) if a not in c.recipients]
                subject.nested_in = c


def _borrow_from_nested(candidates: list[Candidate]) -> None:
    """An act with no recipient aims where an event named in its own phrase aims: "mobilized reservists
    for a possible war against Iraq"."""
    for c in candidates:
        if c.recipients or c.entry.cls in SYMMETRIC:
            continue
        nested = [d for d in candidates if d is not c and d.recipients and _in_phrase_of(d.token, c.token)]
        if nested:
            c.recipients += [r for r in nested[0].recipients if r not in c.actors]
            c.indirect = True


def _aim_at_purpose(ctx: EventContext, candidates: list[Candidate]) -> None:
    """An act done for a purpose aims at whom the purpose was served on: "summoned Niger's ambassador to
    complain" complains to the ambassador; "sent personnel to Bosnia to investigate" investigates Bosnia."""
    for c in candidates:
        verb = c.token
        if c.recipients or c.entry.pos != "VERB" or verb.dep_ not in ("advcl", "xcomp") \
                or not any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in verb.children):
            continue
        means = verb.head
        if means.lemma_.lower() in ctx.knowledge.control_verbs:
            continue  # "pressured senators to oppose the nomination": the senators oppose, not the pressurer
        served = [k for ch in means.children if ch.dep_ == "dobj" for k in ctx.sides(ch, c)
                  if ctx.entities.kind(k) in ACTOR_KINDS]
        if not served:  # the destination: "sent ... to Bosnia"
            served = [state for prep in means.children if prep.dep_ == "prep" and prep.lower_ == "to"
                      for obj in prep.children if obj.dep_ == "pobj"
                      and (place := ctx.entities.place_of(obj)) and (state := _state_of_place(ctx, place))]
        c.recipients += [k for k in served if k not in c.actors]


PHRASE_DEPS = {"dobj", "pobj", "prep", "compound", "amod", "acl", "xcomp", "nsubjpass", "dative"}


def _in_phrase_of(token: Token, head: Token) -> bool:
    """Whether `token` sits in an object or purpose phrase of `head` (not in a side clause such as "as ...")."""
    current = token
    for _ in range(6):
        if current.head == current or current.dep_ not in PHRASE_DEPS:
            return False
        current = current.head
        if current == head:
            return True
    return False


def _clause_objects(ctx: EventContext, clause: Token, c: Candidate) -> list[str]:
    """Entities a complement clause acts on: its objects and prepositional objects, one level down."""
    keys: list[str] = []
    for child in clause.children:
        if child.dep_ in ("dobj", "dative"):
            found = ctx.sides(child, c, via=OBJECT_VIA)
            keys += found or [k for prep in child.children if prep.dep_ == "prep" and prep.lower_ not in LOCATIVE
                              for obj in prep.children if obj.dep_ == "pobj" for k in ctx.sides(obj, c)]
        elif child.dep_ == "prep" and child.lower_ not in LOCATIVE:
            keys += [k for obj in child.children if obj.dep_ == "pobj" for k in ctx.sides(obj, c)]
    return keys


def _recent_actors(candidates: list[Candidate], target: Candidate) -> list[str]:
    """Actors of the nearest event of the same class in the document that has some."""
    same = [c for c in candidates if c is not target and c.entry.cls == target.entry.cls and c.actors]
    if not same:
        return []
    nearest = min(same, key=lambda c: abs(c.token.i - target.token.i))
    return list(nearest.actors)


def _emit(ctx: EventContext, candidates: list[Candidate]) -> list[EventRecord]:
    events: list[EventRecord] = []
    emitted: dict[int, EventRecord] = {}  # id(candidate) -> its event, so a folded noun finds its verb's event
    last_of_class: dict[str, EventRecord] = {}
    told_with: dict[str, EventRecord] = {}  # trigger lemma -> the last event told with it ("a pivotal meeting")
    # nouns folded into their verb's event come last, whatever their order in the sentence
    for c in sorted(candidates, key=lambda c: (c.nested_in is not None, c.token.i)):
        if c.nested_in is not None:
            record = emitted.get(id(c.nested_in))
            if record is not None:
                _add_attributes(ctx, c, record)
                told_with[c.entry.lemma] = record
            continue
        actors = [a for a in _dedupe(_placed(ctx, c, c.actors)) if ctx.entities.kind(a) in ACTOR_KINDS]
        recipients = [r for r in _dedupe(_placed(ctx, c, c.recipients))
                      if r not in actors and ctx.entities.kind(r) in ACTOR_KINDS]
        if c.content_of is not None and (c.in_clause or not (actors and recipients)):
            continue  # what was promised, demanded or threatened has not happened
        if not actors and c.entry.cls in SYMMETRIC and len(recipients) >= 2:
            actors, recipients = recipients, []
        if not actors:
            # "The meeting, which lasted an hour": one more report of the meeting just told
            previous = told_with.get(c.entry.lemma) or last_of_class.get(c.entry.cls)
            if previous is not None and previous.cls == c.entry.cls and not recipients and _is_definite(c.token):
                previous.evidence.append(_evidence(ctx, c, 0.4))
            continue
        record = _new_event(ctx, c, actors, recipients)
        emitted[id(c)] = told_with[c.entry.lemma] = last_of_class[record.cls] = record
        events.append(record)
    return events


def _placed(ctx: EventContext, c: Candidate, keys: list[str]) -> list[str]:
    """Collectives with no state of their own, placed by where a protest, riot or clash happens
    ("Prisoners rioted at a jail in Dili" are East Timor's); elsewhere ("leaders met in Brussels")
    the place says nothing of who they are, and they are left out."""
    if not any(k.startswith(UNPLACED) for k in keys):
        return keys
    place = _place(ctx, c) if c.entry.cls in LOCATION_TARGETS else None
    state = _state_of_place(ctx, place) if place else None
    out = []
    for key in keys:
        if not key.startswith(UNPLACED):
            out.append(key)
        elif state:
            out.append(_collective_of(ctx, ctx.doc[int(key.removeprefix(UNPLACED))], state, place))
    return out


def _collective_of(ctx: EventContext, token: Token, state: str, place: str) -> str:
    group = ctx.knowledge.groups[token.lemma_.lower()]
    record = ctx.entities.records[state]
    label = f"{token.text} in {ctx.entities.records[place].label}"
    key = f"group:{record.iso_code}:{token.lemma_.lower()}"
    kind = "GovernmentBody" if group["kind"] == "GovernmentBody" else "Group"
    ctx.entities.add(key, kind, label, surface=label, country=state, sector=group.get("sector"))
    return key


def _new_event(ctx: EventContext, c: Candidate, actors: list[str], recipients: list[str]) -> EventRecord:
    cls, status, mode = c.entry.cls, _status(ctx, c), c.entry.mode or None
    if status in ("future", "hypothetical") and cls in MOBILIZE_WHEN_PREPARED and _is_prepared(ctx, c):
        cls, status, mode = "Mobilize", None, mode or c.entry.cls.lower()  # "the army prepared to resume shelling"
    elif status in ("future", "hypothetical") and (cls in THREAT_WHEN_UNREALISED or _is_conditional(c)):
        cls, status, mode = "Threaten", None, mode or c.entry.cls.lower()
    elif status in ("future", "hypothetical") and cls in AGREE_WHEN_UNREALISED:
        cls, status, mode = "Agree", None, mode or c.entry.cls.lower()
    record = EventRecord(cls=cls, actors=actors, recipients=recipients, mode=mode, status=status,
                         evidence=[_evidence(ctx, c, _confidence(c, recipients))])
    record.date = _date(ctx, c, record.status)
    record.place = _place(ctx, c)
    if not record.recipients:
        record.recipients += _default_targets(ctx, c, record)
    return record


def _default_targets(ctx: EventContext, c: Candidate, record: EventRecord) -> list[str]:
    """PLOVER's coding conventions where the text names no target: a protest, strike or deployment in X
    aims at X, and so does an act the lexicon marks `place_is_recipient` ("lifted a curfew in Montenegro",
    "opened an embassy in Tehran"); a protest with no place at the protesters' own government, and
    coercion (a curfew, martial law, arrests) with none at the coercer's own people."""
    if (c.entry.cls in LOCATION_TARGETS or c.entry.place_is_recipient) and record.place:
        state = _state_of_place(ctx, record.place)
        if state and state not in record.actors:
            return [state]
    if record.cls == "Protest" or c.entry.cls in DOMESTIC_BY_DEFAULT and not record.place:
        return _own_government(ctx, record.actors)
    return []


def _add_attributes(ctx: EventContext, c: Candidate, record: EventRecord) -> None:
    """A noun folded into its verb's event ("sat down ... for a meeting held in Kuala Lumpur") adds what it says."""
    record.place = record.place or _place(ctx, c)
    for key in c.recipients:
        if key not in record.actors and key not in record.recipients and ctx.entities.kind(key) in ACTOR_KINDS:
            record.recipients.append(key)
    record.mode = record.mode or c.entry.mode or None


def _dedupe(keys: list[str]) -> list[str]:
    return list(dict.fromkeys(keys))


def _is_definite(token: Token) -> bool:
    return any(ch.dep_ == "det" and ch.lower_ in ("the", "this", "that", "these", "those") or ch.dep_ == "poss"
               for ch in token.children)


def _confidence(c: Candidate, recipients: list[str]) -> float:
    score = 0.55 + (0.2 if recipients else 0.0) + (0.1 if c.entry.pos == "VERB" else 0.0)
    return min(0.95, score - (0.2 if c.indirect else 0.0))


def _evidence(ctx: EventContext, c: Candidate, confidence: float):
    return sentence_evidence(c.span.sent, ctx.doc_id, confidence, c.span.text, _reporter(ctx, c))


def _reporter(ctx: EventContext, c: Candidate) -> str | None:
    """Who the text says reported the event: the subject of a speech verb above the trigger."""
    current = c.anchor or c.token
    for _ in range(5):
        if current.head == current:
            return None
        link, current = current.dep_, current.head
        if current.lemma_ in ctx.knowledge.report_verbs and link in ("ccomp", "parataxis", "conj", "advcl"):
            for child in current.children:
                keys = [k for k in ctx.sides(child) if not k.startswith(UNPLACED)] if child.dep_ in SUBJECTS else []
                if keys:
                    return keys[0]
            return None
    return None


def _status(ctx: EventContext, c: Candidate) -> str | None:
    markers = ctx.knowledge.modality
    verb = c.anchor or c.token
    chain = [verb]
    while _is_infinitive_complement(chain[-1]) and len(chain) < 4:  # "vowed to fight", "have sworn to fight"
        chain.append(chain[-1].head)
    modifiers = [ch for v in chain for ch in v.children if ch.dep_ in ("aux", "auxpass", "neg", "mark", "advmod")]
    modifiers += [ch for ch in c.token.children if ch.dep_ in ("neg", "det") and ch.lower_ in ("no", "never")]
    words = {m.lower_ for m in modifiers} | {m.lemma_.lower() for m in modifiers}
    governors = {v.lemma_.lower() for v in chain[1:]}
    negation = markers.get("negation")
    if negation and (words & negation.words or governors & negation.governors):
        return "negated"  # "did not meet", "failed to reach agreement"
    for status in ("future", "hypothetical"):
        found = markers.get(status)
        if found and (words & found.words or governors & found.governors):
            return status
    return None


def _is_prepared(ctx: EventContext, c: Candidate) -> bool:
    """The act hangs from a verb of preparation used as a deed ("prepared to", not "is prepared to")."""
    markers = ctx.knowledge.modality.get("preparation")
    current = c.anchor or c.token
    while markers and _is_infinitive_complement(current) and current.head != current:
        current = current.head
        if current.lemma_.lower() in markers.governors:
            return not any(ch.dep_ in ("aux", "auxpass") and ch.lemma_ == "be" for ch in current.children) \
                and current.dep_ not in ("acomp", "amod")
    return False


def _is_infinitive_complement(verb: Token) -> bool:
    return verb.dep_ == "xcomp" or verb.dep_ == "advcl" and any(
        ch.dep_ == "aux" and ch.lower_ == "to" for ch in verb.children)


def _is_conditional(c: Candidate) -> bool:
    """"will withdraw its force unless ...": a promise with a condition attached is a threat. Only
    "unless": an "if" clause marks offers ("will lift sanctions if ...") as often as threats."""
    verb = c.anchor or c.token
    return any(ch.dep_ == "advcl" and any(m.lower_ == "unless" for m in ch.children) for ch in verb.children)


def _date(ctx: EventContext, c: Candidate, status: str | None) -> str | None:
    """The date the clause gives; else, for a reported fact, the date its sentence gives, else the
    document's date (news tells what just happened)."""
    anchors = {c.token.i, (c.anchor or c.token).i}
    sentence_dates = []
    for ent in c.span.sent.ents:
        if ent.label_ not in ("DATE", "TIME") or ent.end <= ctx.dateline_end:
            continue
        value = timex.normalize(ent.text, ctx.anchor_date)
        if value and _attached_to(ent.root, anchors):
            return value
        if value:
            sentence_dates.append(value)
    if status or ctx.anchor_date is None:
        return None
    verb = c.anchor or c.token
    if any(ch.lower_ == "had" and ch.dep_ == "aux" for ch in verb.children):
        return None  # past perfect: before the story's time, date unknown
    return sentence_dates[0] if len(sentence_dates) == 1 else ctx.anchor_date.isoformat()


def _attached_to(token: Token, anchors: set[int]) -> bool:
    current = token
    for _ in range(6):
        if current.i in anchors:
            return True
        if current.head == current or current.pos_ in ("VERB", "AUX") and current != token:
            return False
        current = current.head
    return False


def _own_government(ctx: EventContext, actors: list[str]) -> list[str]:
    """The states the actors belong to: PLOVER aims a protest with no stated target at the protesters' own
    government, and coercion at the coercer's own people (a person's country may still be unknown here,
    then nothing is added)."""
    states = [ctx.entities.records[a].country for a in actors
              if ctx.entities.kind(a) in ("Group", "Person", "GovernmentBody")]
    return [s for s in dict.fromkeys(states) if s]


def _place_named(ctx: EventContext, token: Token) -> str | None:
    """The place a locative object names, also through "the northern city of Kirkuk"."""
    place = ctx.entities.place_of(token)
    if place is None:
        for of in (p for p in token.children if p.lower_ == "of"):
            place = next((p for o in of.children if o.dep_ == "pobj" and (p := ctx.entities.place_of(o))), None)
    return place


def _is_when_clause(token: Token) -> bool:
    """A clause that tells the same moment ("killed 23 people when they blew themselves up in Tel Aviv")."""
    return token.dep_ == "advcl" and any(m.lower_ == "when" and m.dep_ in ("advmod", "mark") for m in token.children)


def _state_of_place(ctx: EventContext, key: str) -> str | None:
    record = ctx.entities.records.get(key)
    if record is None:
        return None
    return key if record.kind == "State" else record.country


def _place(ctx: EventContext, c: Candidate) -> str | None:
    """"in Kuala Lumpur", "at the summit in Rome", "on the sidelines of a summit in X", "a meeting held in X"."""
    if c.place:
        return c.place
    frontier = [c.token] + ([c.anchor] if c.anchor is not None and c.anchor != c.token else [])
    seen = set()
    for _ in range(MAX_PLACE_DEPTH):
        next_frontier = []
        for token in frontier:
            for child in token.children:
                if child.i in seen:
                    continue
                seen.add(child.i)
                if child.dep_ == "prep" and child.lower_ not in c.entry.recipient_preps:
                    for obj in (o for o in child.children if o.dep_ == "pobj"):
                        place = _place_named(ctx, obj) if child.lower_ in LOCATIVE else None
                        if place:
                            return place
                        next_frontier.append(obj)
                elif child.dep_ in ("acl", "relcl") and child.pos_ == "VERB" or child.dep_ in ("dobj", "npadvmod") \
                        or _is_when_clause(child):
                    next_frontier.append(child)  # "a meeting held in X", "hosting leaders in Rome", "when they
                    # blew themselves up in Tel Aviv"
        frontier = next_frontier
    return None

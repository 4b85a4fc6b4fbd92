"""Sides of a trigger from the dependency tree: whether the lexicon entry fits, then the actors and
recipients of verbs, nouns, prepositional partners and modals of obligation."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ...records import SYMMETRIC_CLASSES as SYMMETRIC
from ..mentions import ACTOR_KINDS
from .context import (ANY_ACTOR, ANY_PERSON, Candidate, EventContext, OBJECT_VIA, PASSIVE_SUBJECTS, SUBJECTS,
                      is_infinitive_complement, placed)


def fits_entry(c: Candidate, ctx: EventContext) -> bool:
    """The lexicon's conditions: required and excluded objects, prepositions, modifiers, dependencies."""
    token, entry = c.token, c.entry
    if entry.object == "judged":
        frame = judgement(ctx, token)
        return frame is not None and frame.denied == entry.negated_only
    children = list(token.children)
    if token.dep_ in entry.exclude_deps:
        return False
    if entry.intransitive and any(ch.dep_ in ("dobj", "ccomp") for ch in children):
        return False
    if entry.requires_clause and not content_clauses(token):
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


def content_clauses(noun: Token) -> list[Token]:
    """The that- or to-clauses that say what a noun is: its own ("a demand that Israel ease ..."), or,
    when the parser hung it on the verb, the one after the noun as that verb's object ("reiterated its
    demand today that Israel ease ...")."""
    def says(clause: Token) -> bool:
        return any(m.lower_ in ("that", "to") for m in clause.children)

    own = [ch for ch in noun.children if (ch.dep_ in ("acl", "ccomp", "xcomp") or is_infinitive_complement(ch))
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
    # what the object is made of: "a package of weapons", "500 million euros in aid"
    objects += [g for o in objects for p in o.children if p.lower_ in ("of", "in") for g in p.children
                if g.dep_ == "pobj"]
    return objects if verb else objects[1:]


def read_sides(ctx: EventContext, c: Candidate, by_token: dict[int, Candidate]) -> None:
    if c.entry.object == "judged":
        _read_judgement(ctx, c)
    elif c.entry.pos == "NOUN":
        _read_noun(ctx, c, by_token)
    elif c.entry.pos == "AUX":
        _read_obligation(ctx, c)
    else:
        _read_verb(ctx, c, by_token)


@dataclass(frozen=True)
class Judgement:
    """"Teixeira said Trump's decision was a mistake": who judges (the speech verb), what is judged."""

    verb: Token  # the verb whose subject passes the judgement
    judged: Token  # the phrase judged
    denied: bool  # "is not acceptable"


def judgement(ctx: EventContext, word: Token) -> Judgement | None:
    """The frame in which a word of judgement ("a mistake", "unacceptable", "worrisome") is passed on
    something: predicated of a subject in reported speech ("X said Y was a mistake") or in a quotation,
    or given to an object by a verb of describing ("X described Y as worrisome", "X called Y absurd")."""
    words = ctx.knowledge.words
    head = word.head
    if word.dep_ in ("attr", "acomp") and head.lemma_ in words.copulas:
        judged = next((ch for ch in head.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
        denied = any(ch.dep_ == "neg" for ch in head.children)
        speech = head.head if head.dep_ == "ccomp" and head.head.lemma_ in ctx.knowledge.report_verbs else None
        if judged is not None and speech is not None:
            return Judgement(speech, judged, denied)
        if judged is not None and ctx.quote_speakers and _quoted(ctx, word):
            return Judgement(head, judged, denied)
        return None
    describing = head.head if head.lower_ == "as" and head.dep_ == "prep" else head
    if (word.dep_ == "oprd" or head.lower_ == "as") and describing.lemma_.lower() in words.describing_verbs:
        judged = next((ch for ch in describing.children if ch.dep_ == "dobj"), None)
        if judged is not None:
            return Judgement(describing, judged, any(ch.dep_ == "neg" for ch in describing.children))
    return None


def _quoted(ctx: EventContext, word: Token) -> bool:
    """Whether a word sits inside a quotation whose speaker is known."""
    return word.i in ctx.quoted


def _read_judgement(ctx: EventContext, c: Candidate) -> None:
    frame = judgement(ctx, c.token)
    if frame is None:
        return
    c.anchor = frame.verb
    c.adjunct = True  # "described Russia's insurgency in eastern Ukraine as ...": where the judged thing is
    c.recipients += ctx.sides(frame.judged, c, via=OBJECT_VIA)
    if not placed(c.recipients):
        c.recipients = []
        return  # a judgement on nothing the text names ("the pipeline is not acceptable") aims at no one
    c.actors += [k for ch in frame.verb.children if ch.dep_ in SUBJECTS for k in ctx.sides(ch, c)]
    if not c.actors:
        speaker = next((ctx.quote_speakers[i] for i in range(frame.verb.sent.start, frame.verb.sent.end)
                        if i in ctx.quote_speakers), None)
        c.actors += ctx.sides(speaker, c) if speaker is not None else _inherited_subject(ctx, c, frame.verb)


def _read_obligation(ctx: EventContext, c: Candidate) -> None:
    """"Mubarak said that the US must be ready": the speaker demands of the clause's subject. Only in
    reported speech, and only of someone other than the speaker and the speaker's own state."""
    verb = c.token.head if c.token.dep_ == "aux" else c.token  # "the US ought to ally": the modal heads its clause
    speech = verb.head if verb.dep_ == "ccomp" else None
    if speech is None or speech.lemma_ not in ctx.knowledge.report_verbs:
        return
    speakers = [k for ch in speech.children if ch.dep_ in SUBJECTS for k in ctx.sides(ch, c)]
    own = {s for key in speakers for s in (key, ctx.actor_state(key)) if s}
    # who is named, not looked through ("Mia's death must not be used" makes no demand of Mia), and not
    # "it", which as often stands for a situation ("it shouldn't get out of hand")
    addressees = [k for ch in verb.children if ch.dep_ in SUBJECTS | PASSIVE_SUBJECTS and ch.lower_ != "it"
                  for m in [ch, *ch.conjuncts] if (k := ctx.side_entity(m, c)) and k not in own]
    if speakers and addressees:
        c.actors, c.recipients, c.anchor = speakers, addressees, speech


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
            c.recipients += _dative_sides(ctx, child, c)
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


def _dative_sides(ctx: EventContext, dative: Token, c: Candidate) -> list[str]:
    """"gave the Ivory Coast aid" (the dative is the phrase) or "sent aid to Syria" (it is "to")."""
    if dative.pos_ == "ADP":
        return [k for obj in dative.children if obj.dep_ == "pobj" for k in ctx.sides(obj, c)]
    return ctx.sides(dative, c)


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
    visit = c.entry.mode == "visit" and word == "to"
    if word not in c.entry.recipient_preps and word != "between" and not visit:
        return
    objects = [obj for obj in prep.children if obj.dep_ == "pobj"]
    # "commitment to defending Japan": what the gerund acts on
    objects += [o for g in prep.children if g.dep_ == "pcomp" for o in g.children if o.dep_ == "dobj"]
    if visit:  # "a trip to Kuala Lumpur", "will travel to Cuba": where, and who hosts
        for obj in objects:
            place = ctx.entities.record_place(obj)
            if place and ctx.entities.kind(place) in ("Place", "State"):
                c.place = c.place or place  # "a visit to Japan" happens in Japan, and Japan is its host
        objects = [obj for obj in objects if not (c.place and ctx.entities.record_place(obj) == c.place
                                                  and ctx.entities.kind(c.place) == "Place")]
    # what an act is aimed at may be named through what it touches: "a ban on visas from Iran"
    via = ("of",) if c.entry.cls in SYMMETRIC else OBJECT_VIA
    keys = [k for obj in objects for k in ctx.sides(obj, c, via=via)]
    if not keys and c.entry.cls not in SYMMETRIC:  # "an investigation into possible Polish violations"
        keys = [ctx.entities.ensure_state(m._.gazetteer.code) for obj in objects
                for m in obj.children if m.dep_ == "amod" and m._.gazetteer.role == "demonym"]
    if word in ("between", "among") and c.entry.cls in SYMMETRIC:
        c.between_only = not c.actors and bool(keys)
        c.actors += keys
    else:
        c.recipients += keys


def _inherited_subject(ctx: EventContext, c: Candidate, verb: Token) -> list[str]:
    """A verb with no subject of its own: "agreed to meet", "met X and discussed", "legislation that would
    impose": the subject of the verb it hangs from, or the antecedent of a relative clause."""
    current, raised = verb, False
    if verb.dep_ == "acl" and verb.tag_ in ("VBG", "VBD"):  # "students demanding ...", "a newspaper called ..."
        return ctx.sides(verb.head, c)
    for _ in range(4):
        controllers = [ch for ch in current.head.children if ch.dep_ == "dobj"]
        if controllers and is_infinitive_complement(current) and current.head.lemma_.lower() in ctx.knowledge.control_verbs:
            # "pressured Greece to reject": who was pressed does the act ("helped to support": no one pressed)
            return [k for ch in controllers for k in ctx.sides(ch, c)]
        raised = current.dep_ == "xcomp"
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
            if raised and child.dep_ in PASSIVE_SUBJECTS and (keys := ctx.sides(child, c)):
                return keys  # "Duterte is expected to make a second trip": he makes it
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
            elif c.entry.cls in AIMED_BY_NAME and names and all(ctx.entities.kind(n) == "State" for n in names) \
                    and not child.text.isupper():
                c.recipients += names  # "Russia sanctions", "Syria strikes": aimed at; "Russian", "US strikes": by
            else:
                c.actors += names
        elif child.dep_ == "amod" and child.lemma_.lower() == "host" and c.entry.cls in SYMMETRIC:
            hosts = [k for m in child.children if m.dep_ in ("npadvmod", "compound", "nmod")
                     and (k := ctx.entities.record_place(m))]
            c.place = c.place or next(iter(hosts), None)  # "the Kazakhstan-hosted talks": held there
        elif child.dep_ == "amod" and child._.gazetteer.role == "demonym":
            c.actors.append(ctx.entities.ensure_state(child._.gazetteer.code))  # "Russian strikes"
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
        # "called on Poland to protect ..., amid an investigation by the EU": a standing circumstance, whose
        # mood and time are its own
        governor = None if governor.lower_ in ("amid", "despite") else governor.head
    if governor is not None and governor.pos_ in ("VERB", "AUX"):
        c.anchor = governor
        governing = by_token.get(governor.i)
        if governing is not None and (governing.entry.cls == c.entry.cls or direct and
                                      {governing.entry.cls, c.entry.cls} <= ASSISTANCE):
            c.nested_in = governing  # "sat down with Lavrov for a meeting", "provide support to the SDF": one event
        elif direct and (governor.lemma_ in ctx.knowledge.support_verbs
                         or f"{governor.lemma_} in" in ctx.knowledge.support_verbs):
            # "hosted talks between X and Y", "launched a mediation effort between X and Y": the host or
            # mediator takes part in the consultation
            # only the direct object: "Ukraine provided figures on the scale of the assault" is no assault by Ukraine
            # whom the support verb aims at is the noun's target even when the noun names its actor ("issuing the
            # administration's bluntest warning yet to North Korea")
            takes_subject = not c.actors or c.between_only and c.entry.cls == "Consult"
            known = len(c.actors)
            for child in governor.children:
                if not takes_subject and child.dep_ != "prep":
                    continue
                if child.dep_ in SUBJECTS or child.dep_ in PASSIVE_SUBJECTS and child != head:
                    c.actors += ctx.sides(child, c)  # "Serb forces were engaged in ethnic cleansing"
                elif child.dep_ == "agent":
                    c.actors += [k for obj in child.children for k in ctx.sides(obj, c)]
                elif child.dep_ == "dative":  # "gave the Ivory Coast 5 million dollars of aid"
                    c.recipients += _dative_sides(ctx, child, c)
                elif child.dep_ == "prep":
                    _read_prep(ctx, c, child)
            if takes_subject and len(c.actors) == known:  # "he would be ready to host a meeting between ..."
                c.actors += _inherited_subject(ctx, c, governor)
    c.adjunct = _is_adjunct(head)
    told_before = not c.recipients and any(ch.dep_ == "det" and ch.lower_ in ("the", "this", "that")
                                           for ch in noun.children)  # "During the meeting": the one just told
    if not c.actors and c.entry.cls in SYMMETRIC and c.adjunct and not told_before:
        # "In talks with Szydlo, Merkel addressed ...", "Merkel's comments came hours after a call with Putin": who
        # speaks or acts around the meeting took part in it; and whom they addressed, when the meeting names
        # nobody else ("During a phone call, Mattis told his German counterpart Ursula von der Leyen ...")
        clause = head.head.head if head.head.dep_ == "prep" else head.head
        c.actors += [k for child in clause.children if child.dep_ in SUBJECTS for k in ctx.sides(child, c)]
        if c.actors and not c.recipients:
            c.recipients += [k for child in clause.children if child.dep_ in ("dobj", "dative")
                             for k in ctx.sides(child, c) if k not in c.actors and ctx.entities.kind(k) in ACTOR_KINDS]
    if c.anchor is None:
        c.anchor = noun


ADJUNCT_PREPOSITIONS = {"in", "during", "after", "following", "before", "at", "on", "ahead"}


def _is_adjunct(noun: Token) -> bool:
    """A noun in a prepositional phrase that tells when or in what setting a clause happens ("in talks with",
    "after a call with", "following a meeting with")."""
    prep = noun.head
    return noun.dep_ == "pobj" and prep.dep_ in ("prep", "advcl") and prep.lower_ in ADJUNCT_PREPOSITIONS \
        and prep.head.pos_ in ("VERB", "AUX")


# Material conflict named after a state ("Russia sanctions", "Iran embargo", "Syria strikes") aims at it
AIMED_BY_NAME = {"Sanction", "Assault", "Coerce"}
# a noun of help that a verb of help governs is the verb's act told again ("provide logistical support")
ASSISTANCE = {"Aid", "Support", "Cooperate"}


def _compound_names(ctx: EventContext, token: Token, c: Candidate) -> list[str]:
    """Entities named in a chain of compounds before a noun ("Rubio - Lavrov", "U.S. - Russia")."""
    keys = []
    for member in token.subtree:
        if member.dep_ in ("compound", "nmod", "conj") or member == token:
            key = ctx.entities.entity_of(member)
            if key and key not in keys:
                keys.append(key)
    return keys

"""How triggers relate to each other: the content of a verbal act is not an event of its own; an act
without a target aims where its content, its object event, its purpose or its nested event aims."""
from __future__ import annotations

from spacy.tokens import Token

from ...records import SYMMETRIC_CLASSES as SYMMETRIC
from ..mentions import ACTOR_KINDS
from .context import (CONTENT_CLASSES, placed, is_definite, CONTENT_DEPS, Candidate, DOMESTIC_BY_DEFAULT, EventContext,
                      LOCATION_TARGETS, OBJECT_VIA, SUBJECTS, event_place, own_government, state_of_place)
from .sides import content_clauses


def _aimed(c: Candidate) -> bool:
    """Whether an act already has a target other than its own actor ("the treatment of its ministers" names
    Turkey, which is protesting)."""
    return any(r not in c.actors for r in placed(c.recipients))


def _obligation_over(verb: Token, by_token: dict[int, Candidate]) -> Candidate | None:
    """The demand a verb's modal makes of it ("the US must be ready"), if that modal is a trigger."""
    return next((by_token[ch.i] for ch in verb.children
                 if ch.dep_ == "aux" and ch.i in by_token and by_token[ch.i].entry.pos == "AUX"), None)


# what happened around an act, not what it is about
CIRCUMSTANCE_PREPOSITIONS = {"amid", "despite", "after", "following", "before", "during", "since", "while"}


def mark_content(candidates: list[Candidate], by_token: dict[int, Candidate]) -> None:
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
            if parent == current or link == "prep" and current.lower_ in CIRCUMSTANCE_PREPOSITIONS:
                break  # "called on Poland to protect ..., amid an investigation by the EU": no part of the call
            act = by_token.get(parent.i) or _carried_act(parent, by_token)
            if act is not None and act is not c and link == "prep" and _for_subject_of_infinitive(current):
                # "called for Tuesday's OAS meeting to be canceled": the call is about the meeting, which is no
                # less a fact
                c.content_of, c.presupposed = act, True
                break
            if act is not None and act is not c and act.entry.cls in CONTENT_CLASSES and (
                    link in CONTENT_DEPS and not _is_side_clause(current, act) or link == "pobj" or link == "prep"
                    or link == "dobj" and described):  # "vetoed a resolution censuring the US"
                c.content_of = act
                c.in_clause = link in CONTENT_DEPS or described
                break
            described = described or link in ("acl", "relcl")
            if link not in CONTENT_DEPS and link not in ("prep", "pobj", "aux", "conj", "dobj", "acomp"):
                break  # ("threatened to hold a general strike": through the object of "hold")
            current = parent


def _is_side_clause(clause: Token, act: Candidate) -> bool:
    """"..., as authorities in Croatia cracked down": a clause with a subordinating word of its own
    tells another event, not what the act is about; so does a participle ("denied any ambitions, instead
    accusing NATO of ..."), which tells what else the actor did, but for a protest's, which is its demand
    ("demonstrated, calling for independence")."""
    if clause.dep_ != "advcl":
        return False
    if any(ch.dep_ == "mark" and ch.lower_ not in ("that", "to") for ch in clause.children):
        return True
    return clause.tag_ == "VBG" and act.entry.cls != "Protest" \
        and not any(ch.lower_ in ("that", "to") for ch in clause.children)


def _for_subject_of_infinitive(prep: Token) -> bool:
    """"for X to be canceled": X is the subject of the infinitive after it, which is the content."""
    if prep.lower_ != "for":
        return False
    end = max(t.i for t in prep.subtree)
    return any(ch.dep_ in ("advcl", "xcomp", "ccomp") and ch.i > end
               and any(a.dep_ == "aux" and a.lower_ == "to" for a in ch.children) for ch in prep.head.children)


def _carried_act(verb: Token, by_token: dict[int, Candidate]) -> Candidate | None:
    """The act a support verb carries: "staged demonstrations to demand reforms" demands through the protest."""
    return next((by_token[ch.i] for ch in verb.children if ch.dep_ == "dobj" and ch.i in by_token), None)


def aim_at_nested(ctx: EventContext, candidates: list[Candidate], by_token: dict[int, Candidate]) -> None:
    """"Zelenskiy condemned the attacks", "took issue with the accusation": an act whose object is an event
    aims at that event's actor."""
    for c in candidates:
        if _aimed(c):
            continue
        if c.entry.pos == "NOUN":
            _aim_noun_at_nested(c, by_token)
            continue
        for child in _objects_of_act(c):
            nested = by_token.get(child.i)
            if nested is None or nested is c:
                continue
            nested.content_of = c
            # a visit named without its visitor is the one of whoever acts on it ("cancelled a planned visit")
            actors = nested.actors or (c.actors if nested.entry.mode == "visit" else _recent_actors(candidates, nested))
            if actors and set(actors) <= set(c.actors):  # "Nieto cancelled his Washington visit": his host
                actors = placed(nested.recipients) or [s for s in [_host(ctx, nested)] if s]
            c.recipients += [a for a in actors if a not in c.actors]
            if actors and not nested.actors:
                c.indirect = True


def _aim_noun_at_nested(c: Candidate, by_token: dict[int, Candidate]) -> None:
    """"an investigation into possible Polish violations", "sanctions over Russia's annexation of Crimea": a
    nominal act aimed through its preposition at an act whose actor is named aims at that actor."""
    for prep in c.token.children:
        if prep.dep_ != "prep" or prep.lower_ not in (*c.entry.recipient_preps, "over"):
            continue
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            nested = by_token.get(obj.i)
            if nested is not None and nested is not c:
                c.recipients += [a for a in placed(nested.actors) if a not in c.actors and a not in c.recipients]


def _objects_of_act(c: Candidate) -> list:
    """What an act is done to: its object, or the object of a preposition it aims through ("complained about
    the strikes", "took issue with the accusation")."""
    objects = [ch for ch in c.token.children if ch.dep_ in ("dobj", "nsubjpass")]
    for prep in c.token.children:
        if prep.dep_ == "prep" and prep.lower_ in c.entry.recipient_preps:
            # only an event told before: "called for talks with Iran" asks for talks, it answers none
            objects += [o for o in prep.children if o.dep_ == "pobj" and is_definite(o)]
    return objects


def _host(ctx: EventContext, visit: Candidate) -> str | None:
    """The state a visit goes to, by its place ("a planned Washington visit")."""
    return state_of_place(ctx, visit.place) if visit.entry.mode == "visit" and visit.place else None


def aim_at_content(ctx: EventContext, candidates: list[Candidate]) -> None:
    """A verbal act with no recipient of its own aims at whom its content aims at: "threatened to break
    off relations with Congo", "agreed to provide aid for Romania", "demanded that Hamas renounce ...".
    The recipients of the act it contains, or the subject of its that-clause (first, for a demand), else
    the objects of its complement clause."""
    for c in candidates:
        if c.entry.cls not in CONTENT_CLASSES or _aimed(c):
            continue
        inner = [d for d in candidates if d.content_of is c]
        clauses = [ch for ch in c.token.children if ch.dep_ in ("xcomp", "ccomp", "acl")]
        if c.entry.pos == "NOUN":
            clauses += [ch for ch in content_clauses(c.token) if ch not in clauses]
        addressees = [k for clause in clauses if clause.dep_ in ("ccomp", "acl") for ch in clause.children
                      if ch.dep_ in SUBJECTS for k in ctx.sides(ch, c)]
        targets = [k for d in inner for k in (placed(d.recipients) or [a for a in d.actors if a not in c.actors])]
        # a demand is addressed to who must act ("demanded that Israel ease ..."); a threat or a promise aims
        # where its content aims ("threatened to break off relations with Congo")
        found = (addressees or targets) if c.entry.cls == "Request" else (targets or addressees)
        if not found:
            found = [k for clause in clauses for k in _clause_objects(ctx, clause, c)]
        if not found and c.entry.cls == "Threaten":
            found = [k for clause in clauses for k in _condition_subjects(ctx, clause, c)]
        if not found and c.entry.cls == "Threaten":  # "threatened to impose a curfew in Algiers"
            found = [state for d in inner if d.entry.cls in LOCATION_TARGETS
                     and (place := event_place(ctx, d)) and (state := state_of_place(ctx, place))]
        if not found and c.entry.cls == "Threaten" and any(d.entry.cls in DOMESTIC_BY_DEFAULT for d in inner):
            found = own_government(ctx, c.actors)  # "the government is prepared to impose martial law"
        c.recipients += [k for k in dict.fromkeys(found) if k not in c.actors]


def _condition_subjects(ctx: EventContext, clause: Token, c: Candidate) -> list[str]:
    """"threatened to strike unless Israel rescinded ...": who must meet the condition is who is threatened."""
    conditions = [t for t in clause.subtree if t.dep_ == "advcl" and any(m.lower_ in ("unless", "if")
                                                                         for m in t.children)]
    return [k for cond in conditions for ch in cond.children if ch.dep_ in SUBJECTS for k in ctx.sides(ch, c)]


def merge_event_subjects(candidates: list[Candidate], by_token: dict[int, Candidate]) -> None:
    """"US Predator attacks have killed eight leaders": the attacks' actor did the killing; one event."""
    for c in candidates:
        if c.entry.pos != "VERB":
            continue
        for child in c.token.children:
            subject = by_token.get(child.i) if child.dep_ in SUBJECTS else None
            if subject is not None and subject.entry.cls == c.entry.cls and subject.actors:
                c.actors = [a for a in dict.fromkeys(subject.actors + c.actors) if a not in c.recipients]
                subject.nested_in = c


def borrow_from_nested(candidates: list[Candidate]) -> None:
    """An act with no recipient aims where an event named in its own phrase aims: "mobilized reservists
    for a possible war against Iraq"."""
    for c in candidates:
        if _aimed(c) or c.entry.cls in SYMMETRIC:
            continue
        nested = [d for d in candidates if d is not c and placed(d.recipients) and _in_phrase_of(d.token, c.token)]
        if nested:
            c.recipients += [r for r in nested[0].recipients if r not in c.actors]
            c.indirect = True


def aim_at_purpose(ctx: EventContext, candidates: list[Candidate]) -> None:
    """An act done for a purpose aims at whom the purpose was served on: "summoned Niger's ambassador to
    complain" complains to the ambassador; "sent personnel to Bosnia to investigate" investigates Bosnia."""
    for c in candidates:
        verb = c.token
        if _aimed(c) or c.entry.pos != "VERB" or verb.dep_ not in ("advcl", "xcomp") \
                or not any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in verb.children):
            continue
        means = verb.head
        if means.lemma_.lower() in ctx.knowledge.control_verbs:
            continue  # "pressured senators to oppose the nomination": the senators oppose, not the pressurer
        served = [k for ch in means.children if ch.dep_ == "dobj" for k in ctx.sides(ch, c)
                  if ctx.entities.kind(k) in ACTOR_KINDS]
        # the destination, or where one is: "sent a delegation to Malaysia", "were in Malaysia to seek ...";
        # the purpose is pursued there
        where = ("to", "in") if means.lemma_ == "be" else ("to",)
        places = [place for prep in means.children if prep.dep_ in ("prep", "dative") and prep.lower_ in where
                  for obj in prep.children if obj.dep_ == "pobj" and (place := ctx.entities.record_place(obj))]
        if not served:
            served = [state for place in places if (state := state_of_place(ctx, place))]
        c.recipients += [k for k in served if k not in c.actors]
        c.place = c.place or next(iter(places), None)


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
            keys += found or [k for prep in child.children if prep.dep_ == "prep" and prep.lower_ not in ctx.knowledge.words.place_prepositions
                              for obj in prep.children if obj.dep_ == "pobj" for k in ctx.sides(obj, c)]
        elif child.dep_ == "prep" and child.lower_ not in ctx.knowledge.words.place_prepositions:
            keys += [k for obj in child.children if obj.dep_ == "pobj" for k in ctx.sides(obj, c)]
    return keys


def _recent_actors(candidates: list[Candidate], target: Candidate) -> list[str]:
    """Actors of the nearest earlier event of the same class in the document that has some ("rejected the
    accusation" answers one made before)."""
    same = [c for c in candidates if c.token.i < target.token.i and c.entry.cls == target.entry.cls and c.actors]
    if not same:
        return []
    return list(max(same, key=lambda c: c.token.i).actors)

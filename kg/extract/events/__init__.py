"""PLOVER events from trigger words: sides from the dependency tree, then mode, status, date, place.

A trigger (verb or noun from `kg/data/triggers.json`, found by the `kg_triggers` component) is
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

The reading runs in this order, one module each: `sides` (per trigger), `content` (triggers read
together), `attributes` (the record: class after modality, status, date, place, default targets);
`context` holds what they share.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ...knowledge import Knowledge, TriggerEntry
from ...records import SYMMETRIC_CLASSES as SYMMETRIC
from ...records import EventRecord
from ..mentions import ACTOR_KINDS, DocumentEntities
from ..roles import DocumentRoles, title_spans
from .context import ORGANIZATION_KINDS, Candidate, EventContext, NOMINAL_DEPS, event_place, is_definite, state_of_place
from .sides import fits_entry, read_sides
from .attributes import default_targets, event_evidence, new_event, placed_sides
from .quotes import quote_speakers
from .scene import place_events_in_scenes
from .content import (aim_at_content, aim_at_nested, aim_at_purpose, borrow_from_nested, merge_event_subjects,
                      mark_content)


def find_events(doc: Doc, doc_id: str, knowledge: Knowledge, entities: DocumentEntities, roles: DocumentRoles,
                anchor_date: date | None, dateline_end: int = -1, titles: list[Span] | None = None) -> list[EventRecord]:
    titles = title_spans(doc) if titles is None else titles
    title_at = {i: span.label_ for span in titles for i in range(span.start, span.end)}
    speakers, quoted = quote_speakers(doc, knowledge.report_verbs)
    ctx = EventContext(doc, doc_id, knowledge, entities, roles, anchor_date, title_at=title_at, titles=titles,
                       dateline_end=dateline_end, quote_speakers=speakers, quoted=quoted)
    candidates = ctx.candidates = _candidates(ctx)
    by_token = {c.token.i: c for c in candidates}
    for c in candidates:
        read_sides(ctx, c, by_token)
    mark_content(candidates, by_token)
    aim_at_nested(ctx, candidates, by_token)
    aim_at_content(ctx, candidates)
    merge_event_subjects(candidates, by_token)
    borrow_from_nested(candidates)
    aim_at_purpose(ctx, candidates)
    events, one_sided = _emit(ctx, candidates)
    place_events_in_scenes(ctx, events, one_sided)
    return events


def _candidates(ctx: EventContext) -> list[Candidate]:
    """One candidate per trigger span: of the lexicon's senses of a word ("protest" with an object is an
    accusation, without one a demonstration), the first whose conditions fit, in lexicon order."""
    senses: dict[tuple[int, int], list[TriggerEntry]] = defaultdict(list)
    first_span: dict[tuple[int, int], Span] = {}
    for span in ctx.doc.spans.get("triggers", []):
        senses[(span.start, span.end)].append(ctx.knowledge.triggers[int(span.id_)])
        first_span.setdefault((span.start, span.end), span)
    out = []
    for span in filter_spans(list(first_span.values())):
        if any(ctx.entities.entity_of(t) and ctx.entities.kind(ctx.entities.entity_of(t)) != "Group" for t in span):
            continue  # part of a name: "Peace Talks Committee"
        if any(t.i in ctx.title_at for t in span) and len(span) <= _title_length(ctx, span):
            continue  # "Defence Minister" is an office; "general strike" is longer than the title "general"
        entries = sorted(senses[(span.start, span.end)], key=lambda e: e.index)
        if entries[0].pos == "VERB" and span[0].dep_ in NOMINAL_DEPS:  # "would not meet hostage-takers demands"
            entries = _noun_readings(ctx.knowledge, entries[0])  # a noun the tagger read as a verb
        fitting = (c for entry in entries if fits_entry(c := Candidate(span, entry), ctx))
        candidate = next(fitting, None)
        if candidate is not None:
            out.append(candidate)
    return out


def _noun_readings(knowledge: Knowledge, verb: TriggerEntry) -> list[TriggerEntry]:
    return [t for t in knowledge.triggers if t.lemma == verb.lemma and t.pos == "NOUN"]


def _title_length(ctx: EventContext, span: Span) -> int:
    return max((len(t) for t in ctx.titles if t.start < span.end and span.start < t.end), default=0)


def _emit(ctx: EventContext, candidates: list[Candidate]) -> tuple[list[EventRecord], list[EventRecord]]:
    """The events, and the one-sided meetings that only tell where someone is."""
    events: list[EventRecord] = []
    scenes: list[EventRecord] = []
    emitted: dict[int, EventRecord] = {}  # id(candidate) -> its event, so a folded noun finds its verb's event
    last_of_class: dict[str, EventRecord] = {}
    told_with: dict[str, EventRecord] = {}  # trigger lemma -> the last event told with it ("a pivotal meeting")
    told_again: dict[int, EventRecord] = {}  # token of a bare "the meeting" -> the meeting it tells again
    # nouns folded into their verb's event come last, whatever their order in the sentence
    for c in sorted(candidates, key=lambda c: (c.nested_in is not None, c.token.i)):
        if c.nested_in is not None:
            record = emitted.get(id(c.nested_in))
            if record is not None:
                _add_attributes(ctx, c, record)
                told_with[c.entry.lemma] = record
            continue
        actors = [a for a in _dedupe(placed_sides(ctx, c, c.actors, c.recipients))
                  if ctx.entities.kind(a) in ACTOR_KINDS]
        recipients = [r for r in _dedupe(_aimed_places(ctx, c, placed_sides(ctx, c, c.recipients, actors)))
                      if r not in actors and ctx.entities.kind(r) in ACTOR_KINDS]
        if c.content_of is not None and not c.presupposed and (c.in_clause or not (actors and recipients)):
            continue  # what was promised, demanded or threatened has not happened
        if not actors and c.entry.cls in SYMMETRIC and len(recipients) >= 2:
            actors, recipients = recipients, []
        if not actors:
            # "The meeting, which lasted an hour": one more report of the meeting just told
            # the latest told: "the meeting" after "X met Y on March 10" is that meeting, not an earlier "meeting"
            told = [r for r in (told_with.get(c.entry.lemma), last_of_class.get(c.entry.cls)) if r is not None]
            previous = max(told, key=lambda r: r.evidence[0].start, default=None)
            if previous is not None and previous.cls == c.entry.cls and not recipients and is_definite(c.token):
                previous.evidence.append(event_evidence(ctx, c, 0.4))
                told_again[c.token.i] = previous
            elif c.entry.cls == "Consult" and not recipients:
                scenes.append(new_event(ctx, c, [], []))  # "during a meeting in the Chinese capital": a scene
            continue
        record = new_event(ctx, c, actors, recipients)
        record.mode = record.mode or _content_mode(c, candidates)
        if _needs_a_counterpart(ctx, c, record):
            scenes.append(record)  # "his first visit to Asia" tells where he is, if not whom he met
            continue
        emitted[id(c)] = told_with[c.entry.lemma] = last_of_class[record.cls] = record
        events.append(record)
    _tell_again(ctx, candidates, events, emitted)
    for c in candidates:
        if id(c) in emitted:
            _during(ctx, c, emitted[id(c)], told_again)
    # an accusation, threat, sanction, attack, coercion or endorsement aimed at no one is no event (PLOVER codes
    # dyads; "Gorsuch is known to support textualism"), where a demand may stand alone ("called for dialogue"),
    # and so may support for a policy; the nouns folded into an event may have given it the place its default
    # target comes from
    for record in events:
        if record.cls in TARGETED and not record.recipients:
            record.recipients += default_targets(ctx, record)
    policies = {id(emitted[id(c)]) for c in candidates if id(c) in emitted and _supports_a_policy(ctx, c)}
    return [e for e in events if e.cls not in TARGETED or e.recipients or id(e) in policies], scenes


def _tell_again(ctx: EventContext, candidates: list[Candidate], events: list[EventRecord],
                emitted: dict[int, EventRecord]) -> None:
    """A definite noun with no date of its own ("the latest Putin and Erdogan meeting", "their talks") tells again
    the event of its class between the same sides that the document dates, before or after it."""
    if ctx.anchor_date is None:
        return
    undated = ctx.anchor_date.isoformat()
    for c in candidates:
        record = emitted.get(id(c))
        if record is None or c.entry.pos != "NOUN" or record.date != undated or record.status \
                or not is_definite(c.token):
            continue
        sides = set(record.actors) | set(record.recipients)
        told = [e for e in events if e is not record and e.cls == record.cls and not e.status
                and e.date != undated and set(e.actors) | set(e.recipients) == sides]
        if told and record in events:
            told[0].evidence += record.evidence
            events.remove(record)
            emitted[id(c)] = told[0]


def _supports_a_policy(ctx: EventContext, c: Candidate) -> bool:
    """"reaffirmed their commitment to a global plan to slow climate change", "backed the deal": support given
    to a policy or an agreement stands without an actor to receive it (PLOVER's SUPPORT)."""
    if c.entry.cls != "Support":
        return False
    objects = [ch for ch in c.token.children if ch.dep_ == "dobj"]
    objects += [o for prep in c.token.children if prep.dep_ == "prep" and prep.lower_ in ("to", "for", "behind", "of")
                for o in prep.children if o.dep_ == "pobj"]
    return any(o.lemma_.lower() in ctx.knowledge.words.supported_policies for o in objects)


def _during(ctx: EventContext, c: Candidate, record: EventRecord, told_again: dict[int, EventRecord]) -> None:
    """"During the meeting, Erdogan made it clear that Turkey expected Russia to ...": an act set in a meeting
    told before happened when and where that meeting did, unless its own clause says otherwise."""
    clauses = [c.anchor or c.token]
    while clauses[-1].dep_ in ("ccomp", "advcl", "xcomp", "conj") and len(clauses) < 4:
        clauses.append(clauses[-1].head)  # "During the meeting, Erdogan made it clear that Turkey expected ..."
    for prep in (p for verb in clauses for p in verb.children if p.dep_ == "prep"):
        meeting = next((told_again[o.i] for o in prep.children if o.dep_ == "pobj" and o.i in told_again), None)
        if meeting is None:
            continue
        if ctx.anchor_date and record.date == ctx.anchor_date.isoformat() and meeting.date:
            record.date = meeting.date
        record.place = record.place or meeting.place
        return


def _aimed_places(ctx: EventContext, c: Candidate, keys: list[str]) -> list[str]:
    """"air strikes on Gaza", "sanctions on Crimea", "criticism of Crimea": a place an act that needs a target
    aims at is where it happens, and its state is the target (PLOVER's reading of acts aimed at a location)."""
    if c.entry.cls not in TARGETED:
        return keys
    out = []
    for key in keys:
        if ctx.entities.kind(key) == "Place":
            c.place = c.place or key
            key = state_of_place(ctx, key) or key
        out.append(key)
    return out


def _needs_a_counterpart(ctx: EventContext, c: Candidate, record: EventRecord) -> bool:
    """A meeting needs two parties: "Rubio held talks" with nobody named is no consultation between actors; nor
    is "the agreement" whose parties go unnamed an agreement made, where "Akayev agreed to resign" is a
    commitment all the same. An organisation alone stands for its members ("NATO holds its summit")."""
    sides = set(record.actors) | set(record.recipients)
    if record.cls not in SYMMETRIC or len(sides) > 1 or not (record.cls == "Consult" or c.entry.pos == "NOUN"):
        return False
    return all(ctx.entities.kind(side) not in ORGANIZATION_KINDS for side in sides)


def _add_attributes(ctx: EventContext, c: Candidate, record: EventRecord) -> None:
    """A noun folded into its verb's event ("sat down ... for a meeting held in Kuala Lumpur") adds what it says."""
    record.place = record.place or event_place(ctx, c)
    for key in c.recipients:
        if key not in record.actors and key not in record.recipients and ctx.entities.kind(key) in ACTOR_KINDS:
            record.recipients.append(key)
    record.mode = record.mode or c.entry.mode or None


# Classes whose event needs a target (see _emit)
TARGETED = {"Accuse", "Threaten", "Sanction", "Assault", "Coerce", "Support"}
MATERIAL_CLASSES = {"Aid", "Cooperate", "Retreat", "Protest", "Sanction", "Mobilize", "Coerce", "Assault"}


def _content_mode(c: Candidate, candidates: list[Candidate]) -> str | None:
    """A promise or threat of a material act takes that act as its mode: "pledged to send aid" is an Agree
    of mode "aid", as "will send aid" is; "threatened to impose sanctions" a Threaten of mode "sanction"."""
    inner = next((d for d in candidates if d.content_of is c and d.entry.cls in MATERIAL_CLASSES
                  and d.token.dep_ in ("xcomp", "ccomp") and d.token.head == (c.anchor or c.token)), None)
    return (inner.entry.mode or inner.entry.cls.lower()) if inner is not None else None


def _dedupe(keys: list[str]) -> list[str]:
    return list(dict.fromkeys(keys))

"""What an event record carries beyond its sides: class after modality (a threat, an offer, a
mobilisation), status, date, place, PLOVER default targets, confidence, evidence and reporter."""
from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from ...records import EventRecord
from .. import timex
from ..evidence import sentence_evidence
from .context import (CHALLENGED_CLASSES, CHALLENGER_SECTORS, AGREE_WHEN_UNREALISED, Candidate, DOMESTIC_BY_DEFAULT, EventContext, LOCATION_TARGETS,
                      MOBILIZE_WHEN_PREPARED, SUBJECTS, THREAT_WHEN_UNREALISED,
                      UNPLACED, event_place, is_infinitive_complement, own_government, state_of_place)


def placed_sides(ctx: EventContext, c: Candidate, keys: list[str], others: list[str]) -> list[str]:
    """Collectives with no state of their own, placed by where a protest, riot or clash happens
    ("Prisoners rioted at a jail in Dili" are East Timor's), or, for challengers who demand of a government
    or whose demands it meets or refuses, by the one state the other side belongs to ("the Mozambique
    government accepted demands from rebels"); elsewhere ("leaders met in Brussels", "the US supports
    the rebels") they are left out."""
    if not any(k.startswith(UNPLACED) for k in keys):
        return keys
    place = event_place(ctx, c) if c.entry.cls in LOCATION_TARGETS else None
    state = state_of_place(ctx, place) if place else None
    other_states = {s for k in others if (s := state_of_place(ctx, k))}
    out = []
    for key in keys:
        if not key.startswith(UNPLACED):
            out.append(key)
            continue
        token = ctx.doc[int(key.removeprefix(UNPLACED))]
        if state:
            out.append(_collective_of(ctx, token, state, place))
        elif c.entry.cls in CHALLENGED_CLASSES and len(other_states) == 1 \
                and ctx.knowledge.groups[token.lemma_.lower()].get("sector") in CHALLENGER_SECTORS:
            home = other_states.pop()
            out.append(_collective_of(ctx, token, home, home))
    return out


def _collective_of(ctx: EventContext, token: Token, state: str, place: str) -> str:
    group = ctx.knowledge.groups[token.lemma_.lower()]
    if group["kind"] == "State":
        return state
    record = ctx.entities.records[state]
    label = f"{token.text} in {ctx.entities.records[place].label}"
    key = f"group:{record.iso_code}:{token.lemma_.lower()}"
    kind = "GovernmentBody" if group["kind"] == "GovernmentBody" else "Group"
    ctx.entities.add(key, kind, label, surface=label, country=state, sector=group.get("sector"))
    return key


def new_event(ctx: EventContext, c: Candidate, actors: list[str], recipients: list[str]) -> EventRecord:
    cls, status, mode = c.entry.cls, _status(ctx, c), c.entry.mode or None
    if status in ("future", "hypothetical") and cls in MOBILIZE_WHEN_PREPARED and _is_prepared(ctx, c):
        cls, status, mode = "Mobilize", None, mode or c.entry.cls.lower()  # "the army prepared to resume shelling"
    elif status in ("future", "hypothetical") and (cls in THREAT_WHEN_UNREALISED or _is_conditional(c)):
        cls, status, mode = "Threaten", None, mode or c.entry.cls.lower()
    elif status in ("future", "hypothetical") and cls in AGREE_WHEN_UNREALISED:
        cls, status, mode = "Agree", None, mode or c.entry.cls.lower()
    elif status == "negated" and (cls in YIELDING and _is_withheld(c) or cls in COOPERATION and _is_refused(ctx, c)):
        cls, status, mode = "Reject", None, mode or c.entry.cls.lower()  # "refused to meet", "cannot be lifted"
    record = EventRecord(cls=cls, actors=actors, recipients=recipients, mode=mode, status=status,
                         evidence=[event_evidence(ctx, c, _confidence(c, recipients))])
    record.date = _date(ctx, c, record.status)
    if record.status is None and record.date and ctx.anchor_date and (c.anchor or c.token).tag_ not in PAST_TAGS \
            and record.date > ctx.anchor_date.isoformat()[:len(record.date)]:
        record.status = "future"  # "NATO holds its summit on May 25", told in March
    record.place = event_place(ctx, c)
    if not record.recipients:
        record.recipients += _default_targets(ctx, c, record)
    return record


def _default_targets(ctx: EventContext, c: Candidate, record: EventRecord) -> list[str]:
    """PLOVER's coding conventions where the text names no target: a protest, strike or deployment in X
    aims at X, and so does an act the lexicon marks `place_is_recipient` ("lifted a curfew in Montenegro",
    "opened an embassy in Tehran"); a visit to X is a consultation with X's state; a protest with no place at the protesters' own government, and
    coercion (a curfew, martial law, arrests) with none at the coercer's own people."""
    if (c.entry.cls in LOCATION_TARGETS or c.entry.place_is_recipient or record.mode == "visit") and record.place:
        state = state_of_place(ctx, record.place)  # a visit is a consultation with its host ("visit to Warsaw")
        if state and state not in record.actors and state not in own_government(ctx, record.actors):
            return [state]
    if record.cls == "Protest" or c.entry.cls in DOMESTIC_BY_DEFAULT and not record.place:
        return own_government(ctx, record.actors)
    return []


def default_targets(ctx: EventContext, record: EventRecord) -> list[str]:
    """The target PLOVER's conventions give an act of conflict whose text names none, once its nouns have told
    where it happened: an act of force in a place aims at that place's state ("US drone strikes in Yemen
    killed eight militants"); challengers' acts (rebels, opposition) at their own state's government ("Kurdish
    rebels in Turkey have sworn to fight")."""
    if record.cls in LOCATION_TARGETS and record.place:
        state = state_of_place(ctx, record.place)
        if state and state not in record.actors:
            return [state]
    challengers = [a for a in record.actors if (r := ctx.entities.records.get(a)) is not None
                   and r.kind == "Group" and r.sector in CHALLENGER_SECTORS]
    return own_government(ctx, challengers)


def _confidence(c: Candidate, recipients: list[str]) -> float:
    score = 0.55 + (0.2 if recipients else 0.0) + (0.1 if c.entry.pos == "VERB" else 0.0)
    return min(0.95, score - (0.2 if c.indirect else 0.0))


def event_evidence(ctx: EventContext, c: Candidate, confidence: float):
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
    # a meeting that sets the scene happened whatever its clause says ("did not respond at his meetings in Bonn")
    verb = c.token if c.adjunct and c.entry.pos == "NOUN" else c.anchor or c.token
    chain = [verb]
    while is_infinitive_complement(chain[-1]) and len(chain) < 4:  # "vowed to fight", "have sworn to fight"
        chain.append(chain[-1].head)
    modifiers = [ch for v in chain for ch in v.children if ch.dep_ in ("aux", "auxpass", "neg", "mark", "advmod")]
    modifiers += [ch for ch in c.token.children if ch.dep_ in ("neg", "det") and ch.lower_ in ("no", "never")]
    words = {m.lower_ for m in modifiers} | {m.lemma_.lower() for m in modifiers}
    governors = {v.lemma_.lower() for v in chain[1:]}
    negation = markers.get("negation")
    if negation and (words & negation.words or governors & negation.governors) or _yet_to(chain):
        return "negated"  # "did not meet", "failed to reach agreement", "have yet to ratify"
    continuing = markers.get("continuation")
    if continuing and governors & continuing.governors:
        return None  # "will continue to support": a commitment that holds now
    for status in ("future", "hypothetical"):
        found = markers.get(status)
        if found and (words & found.words or governors & found.governors):
            return status
    return None


def _yet_to(chain: list[Token]) -> bool:
    """"the Netherlands and Spain have yet to ratify", "is yet to meet": not done so far."""
    return any(v.lemma_.lower() in ("have", "be")
               and any(ch.lower_ == "yet" and ch.dep_ == "advmod" for ch in v.children) for v in chain[1:])


# PLOVER's Reject: refusing to yield (to ease sanctions, release prisoners, withdraw) or to cooperate at all
YIELDING = {"Concede", "Retreat"}
COOPERATION = {"Agree", "Consult", "Support", "Concede", "Cooperate", "Aid", "Retreat"}


def _is_refused(ctx: EventContext, c: Candidate) -> bool:
    """The act hangs from a verb of refusal ("refused to meet", "declined to provide aid")."""
    return _governing_marker(ctx, c, "refusal") is not None


def _governing_marker(ctx: EventContext, c: Candidate, status: str) -> Token | None:
    """The verb of a modality's markers the act hangs from through infinitives ("refused to meet",
    "prepared to resume shelling"), if any."""
    markers = ctx.knowledge.modality.get(status)
    current = c.anchor or c.token
    while markers and is_infinitive_complement(current) and current.head != current:
        current = current.head
        if current.lemma_.lower() in markers.governors:
            return current
    return None


WILL_NOT = {"can", "could", "will", "would", "shall", "should", "must", "ca", "wo"}  # "ca"/"wo": "can't", "won't"


def _is_withheld(c: Candidate) -> bool:
    """"cannot be lifted", "will not withdraw": a yielding refused, not one that merely did not happen."""
    verb = c.anchor or c.token
    return any(ch.dep_ == "aux" and ch.lower_ in WILL_NOT for ch in verb.children)


def _is_prepared(ctx: EventContext, c: Candidate) -> bool:
    """The act hangs from a verb of preparation used as a deed ("prepared to", not "is prepared to")."""
    verb = _governing_marker(ctx, c, "preparation")
    return verb is not None and verb.dep_ not in ("acomp", "amod") \
        and not any(ch.dep_ in ("aux", "auxpass") and ch.lemma_ == "be" for ch in verb.children)


def _is_conditional(c: Candidate) -> bool:
    """"will withdraw its force unless ...": a promise with a condition attached is a threat. Only
    "unless": an "if" clause marks offers ("will lift sanctions if ...") as often as threats."""
    verb = c.anchor or c.token
    return any(ch.dep_ == "advcl" and any(m.lower_ == "unless" for m in ch.children) for ch in verb.children)


def _date(ctx: EventContext, c: Candidate, status: str | None) -> str | None:
    return clause_date(ctx, c.anchor or c.token, {c.token.i, (c.anchor or c.token).i}, status)


def clause_date(ctx: EventContext, verb: Token, anchors: set[int], status: str | None = None) -> str | None:
    """The date the clause gives; else, for a reported fact, the date its sentence gives, else the
    document's date (news tells what just happened). What is still to come ("will visit on Friday",
    "talks planned for December") lies after the document's date."""
    sentence_dates = []
    for ent in verb.sent.ents:
        if ent.label_ not in ("DATE", "TIME") or ent.end <= ctx.dateline_end:
            continue
        value = timex.normalize(ent.text, ctx.anchor_date, forward=status == "future")
        if value and status != "future" and ctx.anchor_date and _in_present_tense(ent.root):
            value = _nearer(ctx.anchor_date, value, timex.normalize(ent.text, ctx.anchor_date, forward=True))
        if not value or _of_an_earlier_thing(ent.root, value, ctx, anchors):
            continue
        if _attached_to(ent.root, anchors):
            return value
        if not (ent.root.dep_ in NOUN_MODIFIERS and ent.root.head.pos_ in ("NOUN", "PROPN")) \
                and not _of_a_clause_below(ent.root, verb):
            sentence_dates.append(value)  # not "the April 16 referendum": a date of the thing it names
    if ctx.anchor_date is None:
        return None
    if status == "future":  # "NATO holds its summit on May 25, where Trump will reaffirm ...": the one date to come
        later = [d for d in sentence_dates if d > ctx.anchor_date.isoformat()[:len(d)]]
        return later[0] if len(later) == 1 and len(sentence_dates) == 1 else None
    if status:
        return None
    if any(ch.lower_ == "had" and ch.dep_ == "aux" for ch in verb.children):
        return None  # past perfect: before the story's time, date unknown
    return sentence_dates[0] if len(sentence_dates) == 1 else ctx.anchor_date.isoformat()


NOUN_MODIFIERS = {"compound", "nmod", "amod", "poss"}
PAST_TAGS = {"VBD", "VBN"}  # a past act is no act to come, whatever its date


def _of_a_clause_below(date_root: Token, verb: Token) -> bool:
    """"pushed for Moscow to be punished for ... in 2014": a date of a clause the act governs (what was demanded,
    promised or said) is that clause's, not the act's."""
    governor = date_root.head
    while governor.pos_ not in ("VERB", "AUX") and governor.head != governor:
        governor = governor.head
    return governor != verb and verb in governor.ancestors


def _of_an_earlier_thing(date_root: Token, value: str, ctx: EventContext, anchors: set[int]) -> bool:
    """"accused Russia over the ceasefire agreement of February 2015": a year or month of a year before the
    story's, told through a preposition of a noun other than the act's own, dates that noun, not the act (where
    "met on the sidelines of the summit in March" may well date the meeting)."""
    prep = date_root.head if date_root.dep_ == "pobj" else None
    return prep is not None and prep.dep_ == "prep" and prep.head.pos_ in ("NOUN", "PROPN") \
        and prep.head.i not in anchors and len(value) < 10 and ctx.anchor_date is not None \
        and int(value[:4]) < ctx.anchor_date.year


def _in_present_tense(token: Token) -> bool:
    """Whether the verb a date hangs from is in the simple present: "NATO holds its summit on May 25" tells a
    date on either side of the story's, where the past tense tells one before it."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    return verb.tag_ in ("VBZ", "VBP") and not any(ch.dep_ == "aux" for ch in verb.children)


def _nearer(anchor: date, back: str, ahead: str | None) -> str:
    """Of a date read backwards and forwards from the anchor, the one closer to it."""
    if not ahead or ahead == back or len(back) != len(ahead) or len(back) == 4:
        return back

    def distance(value: str) -> int:
        if len(value) == 10:
            return abs((date.fromisoformat(value) - anchor).days)
        return abs(int(value[:4]) * 12 + int(value[5:7]) - anchor.year * 12 - anchor.month)
    return ahead if distance(ahead) < distance(back) else back


def _attached_to(token: Token, anchors: set[int]) -> bool:
    current = token
    for _ in range(6):
        if current.i in anchors:
            return True
        if current.head == current or current.pos_ in ("VERB", "AUX") and current != token:
            return False
        if current.dep_ == "poss" and current.head.i not in anchors:
            return False  # "Tuesday's meeting": the date of what it owns
        current = current.head
    return False

"""Where an event happens when its sentence does not say: the scene of the visit or summit it belongs to.

"Angela Merkel's brief visit to Warsaw on Tuesday ... Szydlo said Poland is determined to further ties
with Germany": the statement was made in Warsaw. A document's scenes are its visits and summits that
have a place, and the places its people arrive in or speak in ("arrived in the Chinese capital
Saturday", "Mr Tillerson said in Mexico City"). An event with no place of its own takes the scene of
its day that one of its sides belongs to (a visitor, a visitor's state, the host state or one of its
people) when exactly one scene fits. Phone calls happen nowhere in particular.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...records import EventRecord
from .attributes import clause_date
from .context import state_of_place
from .context import SUBJECTS, EventContext

SCENE_MODES = {"visit", "multilateral"}


@dataclass(frozen=True)
class Scene:
    place: str  # entity key of a Place or State
    date: str | None
    guests: frozenset[str]  # who came: persons, groups, states


def place_events_in_scenes(ctx: EventContext, events: list[EventRecord], one_sided: list[EventRecord]) -> None:
    """Give each event without a place the one scene it fits; `one_sided` are visits and summits that name
    nobody met, which still set a scene."""
    scenes = _scenes(ctx, events + one_sided)
    for event in events:
        if event.place or event.mode == "phone" or not scenes:
            continue
        taking_part = [s for s in scenes if _takes_part(ctx, event, s)]
        fitting = {s.place for s in taking_part if _same_day(s.date, event.date)} or \
            {s.place for s in taking_part if event.status == "future" and _days_after(s.date, event.date)}
        cities = {place for place in fitting if ctx.entities.kind(place) == "Place" and state_of_place(ctx, place)}
        if cities:  # the city of a visit to Warsaw rather than the trip to Poland or the tour of Asia
            fitting = cities
        if len(fitting) == 1:
            event.place = fitting.pop()


def _scenes(ctx: EventContext, events: list[EventRecord]) -> list[Scene]:
    scenes = [Scene(e.place, e.date, frozenset(e.actors) | (frozenset(e.recipients) if e.mode == "multilateral"
                                                            else frozenset()))
              for e in events if e.place and e.status != "negated"
              and (e.mode in SCENE_MODES or e.cls == "Consult" and not e.recipients)]  # "his meetings in Bonn"
    words = ctx.knowledge.words
    speaking_verbs = ctx.knowledge.report_verbs | words.speaking_verbs
    for verb in ctx.doc:
        if verb.pos_ != "VERB":
            continue
        lemma = verb.lemma_.lower()
        arriving = lemma in words.arrival_verbs
        if not (arriving or lemma in speaking_verbs):
            continue
        preps = words.place_prepositions | ({"to"} if arriving else set())
        places = [place for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in preps
                  for obj in prep.children if obj.dep_ == "pobj" and (place := ctx.entities.record_place(obj))]
        speaker = verb.head if verb.dep_ == "advcl" and verb.tag_ == "VBG" else verb  # "Speaking in Brussels, X said"
        guests = [k for child in speaker.children if child.dep_ in SUBJECTS for k in ctx.sides(child)]
        if len(places) == 1 and guests:
            scenes.append(Scene(places[0], clause_date(ctx, verb, {verb.i}), frozenset(guests)))
    return scenes


def _same_day(scene: str | None, event: str | None) -> bool:
    """An event dated that day, or not dated at all (a meeting still to come during the visit), or dated only by
    the month the scene is in ("days after Mattis reaffirmed ..." during his visit of the 4th)."""
    return event is None or scene == event or len(event) == 7 and bool(scene) and scene.startswith(event)


VISIT_DAYS = 3  # a visit's scene holds for what is planned in the days after it began


def _days_after(scene: str | None, event: str | None) -> bool:
    """"Tillerson arrived in Beijing on Saturday ... On Sunday, Tillerson will meet Xi Jinping"."""
    if not scene or not event or len(scene) != 10 or len(event) != 10:
        return False
    days = (date.fromisoformat(event) - date.fromisoformat(scene)).days
    return 0 < days <= VISIT_DAYS


def _takes_part(ctx: EventContext, event: EventRecord, scene: Scene) -> bool:
    """Whether the event is one of the scene's: a guest is on a side; or, with nobody on it known to be
    elsewhere ("Trump criticised Germany" while Merkel is in Warsaw), one of the host's people is, or it
    relates a guest's state and the host state."""
    sides = [*event.actors, *event.recipients]
    if any(side in scene.guests for side in sides):
        return True
    host = state_of_place(ctx, scene.place)
    if not scene.guests:  # a meeting no one is named at: an act of its host state on its very day
        return bool(host) and host in sides and event.date == scene.date
    people = {side: ctx.actor_state(side) for side in sides if ctx.entities.kind(side) == "Person"}
    if any(state and state != host for state in people.values()):
        return False
    guest_states = {ctx.actor_state(g) for g in scene.guests} - {None}
    return bool(host) and (host in people.values() or host in sides and bool(guest_states & set(sides)))

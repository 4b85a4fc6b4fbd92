"""Event merging through blocking keys gives exactly what comparing every pair gave."""
from __future__ import annotations

import copy
from collections import defaultdict
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.records import EntityRecord, EventRecord, Evidence, RoleRecord
import kg.pipeline
import kg.resolve
from kg.pipeline import BuildConfig
from kg.resolve import _absorb_report, _merge_roles, merge_events, same_event

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# A small world, so that random events often share sides, documents and dates.
ENTITIES = {
    "state:RUS": EntityRecord("state:RUS", "State", "Russia"),
    "state:USA": EntityRecord("state:USA", "State", "United States"),
    "state:UKR": EntityRecord("state:UKR", "State", "Ukraine"),
    "person:sergei lavrov": EntityRecord("person:sergei lavrov", "Person", "Sergei Lavrov", country="state:RUS"),
    "person:vladimir putin": EntityRecord("person:vladimir putin", "Person", "Vladimir Putin", country="state:RUS"),
    "person:rex tillerson": EntityRecord("person:rex tillerson", "Person", "Rex Tillerson", country="state:USA"),
    "org:NATO": EntityRecord("org:NATO", "InternationalOrganization", "NATO"),
    "place:RUS:moscow": EntityRecord("place:RUS:moscow", "Place", "Moscow", country="state:RUS"),
    "place:UKR:kyiv": EntityRecord("place:UKR:kyiv", "Place", "Kyiv", country="state:UKR"),
}
KEYS = sorted(ENTITIES)
DATES = [None, "2017", "2017-03", "2017-03-05", "2017-03-06", "2017-04", "2017-04-01", "2016"]

sides = st.lists(st.sampled_from(KEYS), max_size=3, unique=True)
evidence = st.builds(lambda doc, start: Evidence(doc_id=doc, sentence="s", start=start, end=start + 1,
                                                 confidence=0.5),
                     st.sampled_from(["d1", "d2", "d3", "d4", "d5", "d6"]), st.integers(0, 50))
events = st.builds(
    EventRecord,
    cls=st.sampled_from(["Consult", "Agree", "Accuse", "Sanction", "Assault"]),
    actors=sides, recipients=sides,
    place=st.sampled_from([None, "state:RUS", "state:UKR", "place:RUS:moscow", "place:UKR:kyiv"]),
    date=st.sampled_from(DATES), mode=st.sampled_from([None, None, "visit"]),
    status=st.sampled_from([None, None, "future", "negated"]),
    evidence=st.lists(evidence, min_size=1, max_size=2),
)


def pairwise_merge(events: list[EventRecord], entities) -> list[EventRecord]:
    """The merge as it was: each event against every earlier event of its class and status."""
    merged: list[EventRecord] = []
    by_kind: dict[tuple, list[EventRecord]] = defaultdict(list)
    for event in events:
        bucket = by_kind[(event.cls, event.status)]
        target = next((m for m in bucket if same_event(m, event, entities)), None)
        if target is None:
            merged.append(event)
            bucket.append(event)
        else:
            _absorb_report(target, event, entities)
    return merged


@settings(max_examples=1500, deadline=None)
@given(st.lists(events, max_size=40))
def test_blocking_merge_equals_the_pairwise_merge(reports):
    expected = pairwise_merge(copy.deepcopy(reports), ENTITIES)
    assert merge_events(copy.deepcopy(reports), ENTITIES) == expected


def test_the_random_reports_do_merge():
    """The generator must produce merges, or the property above proves nothing."""
    a = EventRecord("Consult", ["person:sergei lavrov"], ["state:USA"], date="2017-03",
                    evidence=[Evidence("d1", "s", 0, 1, 0.5)])
    b = EventRecord("Consult", ["state:RUS"], ["person:rex tillerson"], date="2017-03-05",
                    evidence=[Evidence("d2", "s", 0, 1, 0.5)])
    merged = merge_events([a, b], ENTITIES)
    assert len(merged) == 1 and merged[0].date == "2017-03-05" and len(merged[0].evidence) == 2


def pairwise_role_merge(roles: list[RoleRecord]) -> list[RoleRecord]:
    """The role merge as it was: an office left open scanned every merged role for the named one."""
    merged: dict[tuple, RoleRecord] = {}
    for role in roles:
        key = (role.person, role.title, role.of, role.former)
        if key in merged:
            merged[key].evidence += role.evidence
        else:
            merged[key] = role
    for key, role in list(merged.items()):
        if role.of is None:
            named = [r for k, r in merged.items() if (k[0], k[1], k[3]) == (key[0], key[1], key[3]) and r.of
                     and r is not role]
            if named:
                named[0].evidence += role.evidence
                del merged[key]
    return list(merged.values())


roles = st.builds(RoleRecord, person=st.sampled_from(["person:a", "person:b"]),
                  title=st.sampled_from(["minister", "president"]),
                  of=st.sampled_from([None, "state:RUS", "state:USA"]), former=st.booleans(),
                  evidence=st.lists(evidence, min_size=1, max_size=1))


@settings(max_examples=300, deadline=None)
@given(st.lists(roles, max_size=12))
def test_indexed_role_merge_equals_the_pairwise_merge(records):
    assert _merge_roles(copy.deepcopy(records)) == pairwise_role_merge(copy.deepcopy(records))


def test_the_seeds_graph_is_the_one_the_pairwise_merges_give(seeds_build, tmp_path, monkeypatch, data_quads):
    """On real articles: a build resolved with the pairwise merges writes exactly the graph of the build."""
    monkeypatch.setattr(kg.resolve, "merge_events", pairwise_merge)
    monkeypatch.setattr(kg.resolve, "_merge_roles", pairwise_role_merge)
    summary = kg.pipeline.build(BuildConfig((str(SEEDS),), tmp_path / "pairwise"))
    assert sum(summary.events.values()) >= 10
    assert data_quads(tmp_path / "pairwise") == data_quads(seeds_build)

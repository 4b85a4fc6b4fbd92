"""The lexicon derived from CAMEO and PLOVER (kg/data/triggers_cameo.json, scripts/derive_triggers.py).

Sentences written for the test, with verbs only the derived lexicon has: each verb + object the
dictionary names is an event of the class the CAMEO-to-PLOVER table gives its code.
"""
from __future__ import annotations

import importlib
import json
from datetime import date
from pathlib import Path

import pytest

from kg.knowledge import load

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "kg" / "data"
PUBLISHED = date(2025, 7, 10)


def hand_entries() -> list[dict]:
    return json.loads((DATA / "triggers.json").read_text(encoding="utf-8"))["triggers"]


def derived_entries() -> list[dict]:
    return json.loads((DATA / "triggers_cameo.json").read_text(encoding="utf-8"))["triggers"]


@pytest.mark.parametrize("text, verb, cls, actor, recipient", [
    ("Philippine President Rodrigo Duterte paid a visit to China on Monday.", "pay", "Consult",
     "Rodrigo Duterte", "China"),  # PAY * VISIT [042]
    ("Uganda paid compensation to Britain.", "pay", "Retreat", "Uganda", "United Kingdom"),  # [0842]
    ("Georgia broke relations with Russia in 2008.", "break", "Sanction", "Georgia", "Russia"),  # [161]
    ("Iran airlifted weapons to Syria.", "airlift", "Aid", "Iran", "Syria"),  # AIRLIFT * &WEAPON [072]
    ("The United States withheld aid from Egypt.", "withhold", "Sanction", "United States", "Egypt"),  # [162]
])
def test_a_derived_verb_with_its_object_is_an_event(read, text, verb, cls, actor, recipient):
    assert any(e["lemma"] == verb for e in derived_entries())
    assert not any(e["lemma"] == verb and e["pos"] == "VERB" for e in hand_entries())  # only derived
    x = read(text)
    found = [e for e in x.events if e.cls == cls]
    assert len(found) == 1, [(e.cls, e.actors, e.recipients) for e in x.events]
    event = found[0]
    assert [x.entities[k].label for k in event.actors] == [actor]
    assert [x.entities[k].label for k in event.recipients] == [recipient]


def test_a_derived_verb_without_a_listed_object_is_no_event(read):
    x = read("President Rodrigo Duterte paid the bill in Beijing.")
    assert not x.events


def test_derived_entries_come_after_the_hand_lexicon_and_never_share_its_words():
    hand, derived = hand_entries(), derived_entries()
    triggers = load().triggers
    assert len(triggers) == len(hand) + len(derived)
    assert [t.index for t in triggers] == list(range(len(triggers)))  # the SpanRuler's ids
    assert [(t.lemma, t.pos, t.cls) for t in triggers[:len(hand)]] == [(e["lemma"], e["pos"], e["class"]) for e in hand]
    assert {(e["lemma"], e["pos"]) for e in hand}.isdisjoint({(e["lemma"], e["pos"]) for e in derived})


def test_the_derived_file_is_what_the_script_writes(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "scripts"))
    module = importlib.import_module("derive_triggers")
    if not (module.CAMEO.exists() and module.TABLE.exists()):
        pytest.skip("the CAMEO dictionary and the CAMEO-to-PLOVER table are not beside the repository")
    module.write(module.derive(), tmp_path / "triggers_cameo.json")
    assert (tmp_path / "triggers_cameo.json").read_text(encoding="utf-8") == \
        (DATA / "triggers_cameo.json").read_text(encoding="utf-8")

"""Mechanisms for real news text (scraped pages, offices named without holders, nominal events,
places of visits), one test each, on sentences written for the test.
"""
from __future__ import annotations

from datetime import date

import pytest

from kg.extract import extract
from kg.nlp import parse, unglue_line_breaks
from kg.records import Document
from kg.resolve import resolve

PUBLISHED = date(2017, 2, 7)  # a Tuesday


@pytest.fixture(scope="module")
def read(nlp):
    def run(text: str, doc_id: str = "t", published: date | None = PUBLISHED):
        [(document, doc)] = parse(nlp, [Document(id=doc_id, text=text, published=published)])
        return extract(document, doc)
    return run


def labelled(x, label):
    found = [e for e in x.entities.values() if e.label == label]
    assert found, f"no entity labelled {label!r}; have {sorted(e.label for e in x.entities.values())}"
    return found[0]


def events(x, cls):
    return [e for e in x.events if e.cls == cls]


def names(x, keys):
    return {x.entities[k].label for k in keys}


# --- scraped text ---------------------------------------------------------------------------

def test_line_breaks_turned_hyphens_are_spaces_again():
    text = "talks with-US Defense Secretary Jim Mattis-for the first time, 2015.-Relations, Szydlo-said"
    repaired = unglue_line_breaks(text)
    assert len(repaired) == len(text)  # offsets into the document stay true
    assert repaired == "talks with US Defense Secretary Jim Mattis for the first time, 2015. Relations, Szydlo said"


def test_real_hyphenated_words_keep_their_hyphen():
    text = "a pro-EU, US-backed, so-called build-up by the would-be Secretary-General of Russia-backed rebels"
    assert unglue_line_breaks(text) == text


def test_glued_names_are_read_as_names(read):
    x = read("Merkel held talks with-Polish Prime-Minister Beata Szydlo on Tuesday,-Szydlo said.")
    szydlo = labelled(x, "Beata Szydlo")
    assert szydlo.kind == "Person"
    assert not [e for e in x.entities.values() if "-" in e.label or "," in e.label]


def test_share_rows_and_source_credits_are_not_entities(read):
    x = read("Russia criticised the drills. Send Facebook Twitter Google+ Whatsapp Tumblr linkedin stumble Digg "
             "reddit Newsvine Permalink http://dw.com/p/2WoZM dm/sms (dpa, AFP) Source:-Al Jazeera and news agencies")
    assert {e.label for e in x.entities.values()} == {"Russia"}


# --- names the model mislabels ----------------------------------------------------------------

def test_a_name_in_apposition_to_an_office_is_a_person(read):
    x = read("Washington's envoy to the United Nations, Nikki Haley, spoke on Thursday.")
    assert labelled(x, "Nikki Haley").kind == "Person"


def test_a_name_the_people_gazetteer_knows_is_a_person(read):
    x = read("Laurent Fabius denounced the decision on Tuesday.")
    fabius = labelled(x, "Laurent Fabius")
    assert fabius.kind == "Person"
    [accuse] = events(x, "Accuse")
    assert names(x, accuse.actors) == {"Laurent Fabius"}

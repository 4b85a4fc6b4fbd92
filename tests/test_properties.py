"""Properties that must hold for any input, checked on generated input (hypothesis)."""
from __future__ import annotations

import random
import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.timex import MONTHS, WEEKDAYS, normalize
from kg.rdf import Minter
from kg.records import Document, EntityRecord, EventRecord, Evidence, Extraction, xsd_kind
from kg.resolve import resolve

# ---- IRIs: two entity keys never share an IRI -------------------------------------------------------

names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)
iso3 = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)
# the shapes of key the pipeline makes (see records.EntityRecord), with any text for the names in them
keys = st.one_of(
    st.builds("state:{}".format, iso3),
    st.builds("person:{}".format, names),
    st.builds("org:{}".format, names),
    st.builds("place:{}:{}".format, st.one_of(st.just(""), st.just("region"), iso3), names),
    st.builds("group:{}:{}".format, st.one_of(st.just(""), iso3), names),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(keys, min_size=2, max_size=30, unique=True))
def test_two_entity_keys_never_share_an_iri(entity_keys):
    mint = Minter("https://example.org/kg/")
    iris = [mint.entity(key) for key in entity_keys]
    assert len(set(iris)) == len(iris), [(k, str(i)) for k, i in zip(entity_keys, iris)]


def test_keys_the_slug_would_merge_get_distinct_iris():
    mint = Minter("https://example.org/kg/")
    assert len({mint.entity(k) for k in ("person:a b", "person:a  b", "person:a-b", "person:a b ")}) == 4


# ---- dates: every value the normaliser writes is a valid XSD date, gYearMonth or gYear ----------------

phrases = st.one_of(
    st.sampled_from(WEEKDAYS + MONTHS + ["today", "yesterday", "last week", "last month", "next year",
                                         "this year", "earlier this month"]),
    st.builds("{} {}".format, st.sampled_from(["last", "next", "this", "on", "in", "early", "late"]),
              st.sampled_from(WEEKDAYS + MONTHS)),
    st.builds("{} {}".format, st.sampled_from(MONTHS), st.integers(-5, 40)),
    st.builds("{} {}, {}".format, st.sampled_from(MONTHS), st.integers(0, 35), st.integers(0, 10000)),
    st.builds("{} {} ago".format, st.integers(0, 10**6), st.sampled_from(["days", "weeks", "months", "years"])),
    st.builds(str, st.integers(0, 20000)),
    st.text(max_size=20),
)
anchors = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
XSD_FORMS = {"date": r"\d{4}-\d{2}-\d{2}", "gYearMonth": r"\d{4}-\d{2}", "gYear": r"\d{4}"}


@settings(max_examples=500, deadline=None)
@given(phrases, anchors, st.booleans())
def test_every_normalised_date_is_a_valid_xsd_value(phrase, anchor, forward):
    value = normalize(phrase, anchor, forward)
    if value is None:
        return
    kind = xsd_kind(value)
    assert re.fullmatch(XSD_FORMS[kind], value)
    assert value[:4] != "0000"
    if kind == "date":
        date.fromisoformat(value)  # a real calendar day
    elif kind == "gYearMonth":
        assert 1 <= int(value[5:]) <= 12


def test_the_date_phrases_do_normalise():
    """The generator's phrases must yield values, or the property above proves nothing."""
    assert normalize("last Thursday", date(2017, 3, 5)) == "2017-03-02"
    assert normalize("March 3, 2017", None) == "2017-03-03"


# ---- resolution: the graph does not depend on the order the documents come in -------------------------

STATES = ["RUS", "USA", "UKR", "DEU", "TUR"]
state_keys = st.sampled_from([f"state:{s}" for s in STATES])


@st.composite
def extractions(draw):
    found = []
    for number in range(draw(st.integers(1, 6))):
        doc_id = f"d{number}"
        events = [EventRecord(cls=draw(st.sampled_from(["Consult", "Accuse", "Aid"])),
                              actors=[draw(state_keys)], recipients=draw(st.lists(state_keys, max_size=1)),
                              date=draw(st.sampled_from([None, "2017", "2017-03", "2017-03-02", "2017-03-03"])),
                              evidence=[Evidence(doc_id, "s", slot, slot + 1, 0.5)])
                  for slot in range(draw(st.integers(0, 4)))]
        entities = {k: EntityRecord(k, "State", k[6:], iso_code=k[6:], mentions=1)
                    for e in events for k in (*e.actors, *e.recipients)}
        found.append(Extraction(doc=Document(doc_id, ""), entities=entities, events=events))
    return found


@settings(max_examples=200, deadline=None)
@given(extractions(), st.randoms())
def test_resolution_does_not_depend_on_the_order_of_documents(documents, rnd: random.Random):
    import copy

    shuffled = copy.deepcopy(documents)
    rnd.shuffle(shuffled)
    first, second = resolve(copy.deepcopy(documents)), resolve(shuffled)
    assert first.events == second.events and first.entities == second.entities

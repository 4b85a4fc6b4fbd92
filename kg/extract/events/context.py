"""What event reading works on: a trigger candidate, and the document context that turns a
side phrase into entity keys (names, pronouns, titles, collectives); the constants the stages share."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from ...knowledge import Knowledge, TriggerEntry, fold
from ...records import SYMMETRIC_CLASSES as SYMMETRIC
from ..mentions import ACTOR_KINDS, DocumentEntities, capital_in_a_name
from ..roles import DocumentRoles
from .quotes import HOMELAND

# Acts whose complement is what they are about: "agreed to set up", "threatened to impose", and
# protests, whose complement is their demand ("demonstrated, calling for independence").
CONTENT_CLASSES = {"Agree", "Reject", "Threaten", "Request", "Support", "Concede", "Accuse", "Protest"}

# A material act that is only planned, proposed or conditional is a threat (ONTOLOGY.md: "Sanction,
# or Threaten while only proposed"); the threat itself was made.
THREAT_WHEN_UNREALISED = {"Sanction", "Coerce", "Assault", "Protest", "Mobilize"}

# Force made ready for an attack is a mobilisation, not a threat: "the army prepared to resume shelling"
# (but "is prepared to impose martial law", a readiness declared, stays a threat).
MOBILIZE_WHEN_PREPARED = {"Assault", "Coerce"}

# Its cooperative mirror: material help only promised or offered ("France is ready to contribute troops",
# "will send aid") is an offer, which PLOVER codes as Agree (CAMEO's "express intent to cooperate").
AGREE_WHEN_UNREALISED = {"Aid", "Cooperate", "Retreat"}

CONTENT_DEPS = {"xcomp", "ccomp", "acl", "advcl", "relcl"}
SUBJECTS = {"nsubj", "csubj"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
NOMINAL_DEPS = {"dobj", "pobj", "nsubj", "nsubjpass", "compound", "poss"}
PRONOUNS_PERSON = {"he", "she", "him", "her", "his", "hers"}

# "it said", "they will release": the nearest earlier actor of a fitting kind, subjects first
PRONOUN_KINDS = {"it": {"State", "Organization", "InternationalOrganization", "GovernmentBody"},
                 "its": {"State", "Organization", "InternationalOrganization", "GovernmentBody"},
                 "they": {"Group", "State", "Organization", "GovernmentBody", "InternationalOrganization"},
                 "them": {"Group", "State", "Organization", "GovernmentBody", "InternationalOrganization"},
                 "their": {"Group", "State", "Organization", "GovernmentBody", "InternationalOrganization"}}
PLURAL_PRONOUNS = {"they", "them", "their"}
ORGANIZATION_KINDS = {"Organization", "InternationalOrganization", "GovernmentBody"}
JUDGEMENT_CLASSES = {"Accuse", "Reject", "Support"}
OWNER_REACH = 200  # tokens: a few sentences back
# "the two countries" are two states, "both leaders" two people; "the two sides" may be either
PAIR_KINDS = {noun: {"State"} for noun in ("country", "nation", "state", "government")} | \
    {noun: {"Person"} for noun in ("leader", "man", "woman", "minister", "president", "official", "diplomat")}
PRONOUN_REACH = 60  # tokens: about two sentences back
MAX_PLACE_DEPTH = 3
ANY_PERSON = "@person"  # in a lexicon's requires_object: any named person or group
ANY_ACTOR = "@actor"  # in a lexicon's requires_object: any person, group, state or organisation

# Material conflict with no stated target aims at the state where it happens (PLOVER's coding rule).
LOCATION_TARGETS = {"Protest", "Mobilize", "Coerce", "Assault"}

# Coercion with no stated target and no place is a government's act on its own people: martial law, a curfew.
DOMESTIC_BY_DEFAULT = {"Coerce"}

# A collective no demonym or location places ("Prisoners rioted at a jail in Dili") stands as this prefix
# and its token index until the event's place gives it a state.
UNPLACED = "unplaced:"
# Collectives that challenge their own government (groups.json sectors): "the government accepted demands
# from rebels" are that government's rebels, where no place or demonym says otherwise.
CHALLENGER_SECTORS = {"REB", "OPP", "LAB", "EDU", "AGR"}
CHALLENGED_CLASSES = {"Request", "Concede", "Reject"}  # a demand, and a government meeting or refusing it

# "rejected an offer from Afghanistan", "calls by Annan", "boycott contact with the US": who the object is about
OBJECT_VIA = ("of", "from", "by", "with")


def placed(keys: list[str]) -> list[str]:
    """The sides that are entities already, without the collectives still waiting for a place."""
    return [k for k in keys if not k.startswith(UNPLACED)]


@dataclass
class Candidate:
    span: Span
    entry: TriggerEntry
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    anchor: Token | None = None  # the verb that carries tense and modality (the trigger or its support verb)
    place: str | None = None  # a place the sides already gave ("a trip to Kuala Lumpur")
    indirect: bool = False  # a side came from a pronoun, a title or coreference
    nested_in: Candidate | None = None
    content_of: Candidate | None = None  # set when this trigger is the content of a verbal act
    in_clause: bool = False  # that content is a clause ("agreed to provide aid"): said, not done
    presupposed: bool = False  # content all the same told as a fact ("called for Tuesday's meeting to be canceled")
    between_only: bool = False  # its sides came from "between X and Y" alone: a host or mediator may join
    # its clause tells of other things, whose places are not its own: a noun that sets the scene ("In talks
    # with X, Merkel addressed the conflict in Ukraine"), a judgement ("described the insurgency in Ukraine as")
    adjunct: bool = False

    @property
    def token(self) -> Token:
        return self.span[-1] if self.entry.pos == "NOUN" else self.span[0]


@dataclass
class EventContext:
    doc: Doc
    doc_id: str
    knowledge: Knowledge
    entities: DocumentEntities
    roles: DocumentRoles
    anchor_date: date | None
    title_at: dict[int, str]  # token index -> title label
    titles: list[Span] = field(default_factory=list)
    dateline_end: int = -1  # first token after the dateline, whose date is the story's, not an event's
    quote_speakers: dict[int, Token] = field(default_factory=dict)  # "we" in a quotation -> who said it
    quoted: set[int] = field(default_factory=set)  # tokens inside a quotation whose speaker is known
    candidates: list[Candidate] = field(default_factory=list)  # every trigger of the document, in order
    resolving: set[int] = field(default_factory=set)  # tokens whose entity is being looked for right now

    def sides(self, token: Token, candidate: Candidate | None = None, via: tuple[str, ...] = ("of",)) -> list[str]:
        """The entities a side phrase stands for, with its coordinated members.

        A head noun that names no one is looked through: "positions of the Palestinian forces",
        "thousands of Iraqi Kurds"; for the object of an act, `via` adds "from"/"by" ("an offer
        from Afghanistan", "calls by Kofi Annan").
        """
        out = []
        for member in _members(token):
            group = self._coordinated_antecedents(member) if member.lower_ in PLURAL_PRONOUNS else \
                self._pair_antecedents(member) if _names_a_pair(member) else []
            named = self._named_in_apposition(member)  # "his Russian counterpart, Gen. Valery Gerasimov"
            key = None if group else named or self.side_entity(member, candidate)
            keys = group or ([key] if key else self._examples(member, candidate) or self._looked_through(
                member, candidate, via))
            if group and candidate is not None:
                candidate.indirect = True
            out += [k for k in keys if k not in out]
        return out

    def _looked_through(self, noun: Token, candidate: Candidate | None, via: tuple[str, ...]) -> list[str]:
        if noun.lemma_.lower() in self.knowledge.words.relational_nouns:
            # "Germany's Baltic allies", "the neighbours of Iraq" are others; "its European Community partners",
            # "NATO allies" are the members of the body named
            return self.inside(noun, candidate, (), owners=("compound", "nmod"))
        if noun.lower_ in self.knowledge.titles or noun.lemma_.lower() in self.knowledge.titles:
            via = (*via, "for")  # "a spokesman for the Kremlin", "an adviser for the president": whom they serve
        return self.inside(noun, candidate, via) or self._collective(noun)

    def _examples(self, noun: Token, candidate: Candidate | None) -> list[str]:
        """"NATO allies, such as Poland", "countries like France and Italy": the members a plural noun
        names by example."""
        if noun.tag_ not in ("NNS", "NNPS"):
            return []
        for prep in (c for c in noun.children if c.dep_ == "prep"):
            if prep.lower_ == "like" or prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children):
                return [k for obj in prep.children if obj.dep_ == "pobj"
                        for m in [obj, *obj.conjuncts] if (k := self.side_entity(m, candidate))]
        return []

    def _named_in_apposition(self, noun: Token) -> str | None:
        """The person an appositive name gives a common noun: "his Russian counterpart, Gen. Valery Gerasimov"."""
        if noun.pos_ != "NOUN":
            return None
        for appos in (c for c in noun.children if c.dep_ == "appos"):
            key = self.entities.entity_of(appos)
            if key and self.entities.kind(key) == "Person":
                return key
        return None

    def actor_state(self, key: str) -> str | None:
        """The state an actor belongs to, as far as this document tells: a group's country, a person's office,
        else the people gazetteer's country for a well-known person ("Putin said Russia must ...")."""
        record = self.entities.records.get(key)
        if record is not None and record.kind == "State":
            return key
        if record is not None and record.country:
            return record.country
        for of in (r.of for r in self.roles.roles if r.person == key and r.of):
            office = self.entities.records.get(of)
            if of.startswith("state:"):  # a demonym's state may have no record yet ("Russian ambassador")
                return self.entities.ensure_state(of.removeprefix("state:"))
            if office is not None and office.country:
                return office.country
        if record is not None and record.kind == "Person":
            entry = self.knowledge.people.likely(key)
            return self.entities.ensure_state(entry.country) if entry else None
        return None

    def _pair_antecedents(self, token: Token) -> list[str]:
        """"The two agreed on the need for a ceasefire", "both leaders": the two sides of the latest meeting,
        agreement or cooperation told before."""
        for earlier in reversed([c for c in self.candidates if c.token.i < token.i and c.entry.cls in SYMMETRIC]):
            sides = list(dict.fromkeys(placed(earlier.actors + earlier.recipients)))
            if len(sides) == 2:
                return sides
        return self._named_pair_before(token)

    def _owner_told_before(self, noun: Token) -> str | None:
        """"China responded to the US stance ... Lu welcomed that stance": a noun with nothing but "the", "this"
        or "that" before it is the same noun told before with an owner, and stands for that owner."""
        for i in range(noun.i - 1, max(-1, noun.i - OWNER_REACH), -1):
            earlier = self.doc[i]
            if earlier.lemma_ != noun.lemma_ or earlier.pos_ != "NOUN":
                continue
            for owner in (c for c in earlier.children if c.dep_ in ("poss", "compound", "nmod")):
                key = self.entities.entity_of(owner)
                if key and self.entities.kind(key) in ACTOR_KINDS:
                    return key
        return None

    def _speaker_before(self, noun: Token) -> str | None:
        """"Mattis also said no increased maneuvers were needed. Lu on Monday welcomed that stance": "that" or
        "this" before a noun of no owner told before points at what the sentence before reported, and the noun
        stands for whoever said it."""
        if not any(ch.lower_ in ("that", "this") for ch in noun.lefts) or noun.sent.start == 0:
            return None
        previous = self.doc[noun.sent.start - 1].sent
        verbs = [t for t in previous if t.pos_ == "VERB" and t.lemma_.lower() in self.knowledge.report_verbs]
        for verb in reversed(verbs):
            for subject in (c for c in verb.children if c.dep_ in SUBJECTS):
                key = self.entity(subject)
                if key and self.entities.kind(key) in ACTOR_KINDS:
                    return key
        return None

    def _body_named_before(self, noun: Token) -> str | None:
        """"the alliance" after NATO, "the bloc" after the EU, "the commission" after the Truth Commission: the
        organisation last named before whose name ends in the noun, or that the gazetteer says the noun names."""
        lemma = noun.lemma_.lower()
        for i in range(noun.i - 1, -1, -1):
            key = self.entities.token_entity.get(i)
            if not key or self.entities.kind(key) not in ORGANIZATION_KINDS:
                continue
            org = self.knowledge.orgs.get(key.removeprefix("org:"))
            if lemma in (org.nouns if org else ()) or fold(self.entities.records[key].label).split()[-1] == lemma:
                return key
        return None

    def _named_pair_before(self, token: Token) -> list[str]:
        """"ties between China and the Philippines ... the two sides agreed": else the last two names the
        document told as a pair ("X and Y"), the story's two sides however far back."""
        for i in range(token.i - 1, -1, -1):
            first = self.doc[i]
            if first.dep_ == "conj" or len(first.conjuncts) != 1:
                continue
            keys = [self.entities.entity_of(m) for m in (first, first.conjuncts[0])]
            kinds = {self.entities.kind(k) for k in keys if k}
            if all(keys) and keys[0] != keys[1] and len(kinds) == 1 and kinds != {"Place"} \
                    and kinds <= PAIR_KINDS.get(token.lemma_.lower(), kinds):
                return keys
        return []

    def _challengers_of(self, token: Token, owner: str) -> str | None:
        """"Maduro has accused his opponents": the opposition of the owner's state, a group of its own."""
        state = self.actor_state(owner)
        if state is None:
            return None
        lemma = token.lemma_.lower()
        key = f"group:{state.removeprefix('state:')}:{lemma}"
        label = f"{token.text} of {self.entities.records[owner].label}"
        group = self.knowledge.groups[lemma]
        self.entities.add(key, "Group", label, surface=label, country=state, sector=group.get("sector"))
        possessor = next((c for c in token.children if c.dep_ == "poss"), None)
        if possessor is not None and possessor.pos_ == "PRON":  # "his opponents" (not "'s opponents")
            self.entities.records[key].alt_labels.add(f"{possessor.text} {token.text}")
        return key

    def _relative_antecedent(self, pronoun: Token) -> str | None:
        """"Wang Yi, who said the US should ...": the noun the relative clause hangs from; where the parser hung
        the clause from the verb ("met with his counterpart Wang Yi, who said"), the name just before it."""
        clause = pronoun.head
        if clause.dep_ == "relcl" and clause.head.pos_ in ("NOUN", "PROPN"):
            noun = clause.head
            key = self._named_in_apposition(noun) or self.entity(noun)
            if not (key and pronoun.lower_ == "which" and self.entities.kind(key) == "Person"):
                return key
            # "Ocalan, the leader of the PKK, which has fought": "which" is never a person; the parser hung the
            # clause from the person, the name just before it is what it tells of
        before = pronoun.i - 1
        while before >= 0 and self.doc[before].is_punct:
            before -= 1
        if before < 0 or before == pronoun.i - 1:
            return None
        key = self.entities.entity_of(self.doc[before])
        return None if key and pronoun.lower_ == "which" and self.entities.kind(key) == "Person" else key

    def _governing_state(self, noun: Token) -> str | None:
        """"the government" with nothing to say whose: the state of whoever speaks of it or acts on it ("South
        Sudan's ambassador said the government ...", "the Turkish opposition accuses the government"), a
        challenger's being its own country's."""
        clause = noun.head
        for _ in range(4):
            subjects = [ch for ch in clause.children if ch.dep_ in SUBJECTS and ch != noun and noun not in ch.subtree]
            for subject in subjects:
                key = self.entity(subject)
                state = self.actor_state(key) if key else None
                if state:
                    return state
            if subjects or clause.head == clause:
                return None
            clause = clause.head
        return None

    def _first_person_owner(self, noun: Token) -> Token | None:
        return next((c for c in noun.children if c.dep_ == "poss" and c.i in self.quote_speakers), None)

    def _coordinated_antecedents(self, pronoun: Token) -> list[str]:
        """"Tillerson and Kelly will face questions in their meeting with Pena Nieto": a plural pronoun stands for
        the nearest earlier subject made of coordinated names, all of them; "their" the subject of its own
        clause ("China and European Union nations have reaffirmed their commitment")."""
        if pronoun.dep_ == "poss":
            verb = pronoun.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
                verb = verb.head
            subject = next((c for c in verb.children if c.dep_ in SUBJECTS and c.i < pronoun.i), None)
            if subject is not None and subject.lower_ not in PLURAL_PRONOUNS and _is_plural(subject):
                if keys := self.sides(subject):
                    return keys
        for i in range(pronoun.i - 1, max(-1, pronoun.i - PRONOUN_REACH), -1):
            token = self.doc[i]
            if token.dep_ in SUBJECTS and len(members := _members(token)) > 1:
                keys = [k for m in members if (k := self.entities.entity_of(m))]
                if len(keys) >= 2:
                    return list(dict.fromkeys(keys))
        return []

    def inside(self, token: Token, candidate: Candidate | None, via: tuple[str, ...], depth: int = 2,
               owners: tuple[str, ...] = ("poss", "compound", "nmod")) -> list[str]:
        if depth == 0:
            return []
        owners = [c for c in token.children if c.dep_ in owners]
        for owner in sorted(owners, key=lambda o: o.pos_ == "PRON"):  # "its European Community partners"
            if owner.dep_ == "compound" and capital_in_a_name(owner, token):
                continue
            key = self.side_entity(owner, candidate)
            if key and self.entities.kind(key) == "Place":
                key = self._state_of(owner, key)  # "Gaza residents"; a place of no known state names no one
            if key:  # "Putin's remarks", "a Security Council resolution"; "China and EU nations"
                return [key] + [k for m in owner.conjuncts if (k := self.side_entity(m, candidate)) and k != key]
            for inner in (c for c in owner.children if c.dep_ in ("compound", "nmod")):
                if key := self.side_entity(inner, candidate):  # "a Security Council resolution censuring ..."
                    return [key]
        for led in (c for c in token.children if c.dep_ == "amod" and c.lemma_.lower() == "lead" and c.tag_ == "VBN"):
            leaders = [k for m in led.children if m.dep_ in ("npadvmod", "compound", "nmod")
                       if (k := self.side_entity(m, candidate)) and self.entities.kind(k) in ACTOR_KINDS]
            if leaders:
                return leaders  # "the US-led coalition", "a Saudi-led alliance": its leader acts for it
        # "unease over comments made by Donald Trump": what is judged stands for whoever made it (not for a
        # material act: "a raid in the country authorised by Trump" is no raid on him)
        judged = candidate is not None and candidate.entry.cls in JUDGEMENT_CLASSES
        for agent in (a for acl in token.children if judged and acl.dep_ == "acl" and acl.tag_ == "VBN"
                      for a in acl.children if a.dep_ == "agent"):
            for obj in (o for o in agent.children if o.dep_ == "pobj"):
                if key := self.side_entity(obj, candidate):
                    return [key] + [k for m in obj.conjuncts if (k := self.side_entity(m, candidate))]
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in via:
                for obj in (o for o in prep.children if o.dep_ == "pobj"):
                    key = self.side_entity(obj, candidate)
                    if key and self.entities.kind(key) == "Place":
                        key = self._state_of(obj, key)  # "inhabitants of the Syrian Golan Heights"
                    keys = [key] if key else self.inside(obj, candidate, via, depth - 1) or self._collective(obj)
                    if keys:
                        return keys + [k for m in obj.conjuncts if (k := self.side_entity(m, candidate))]
        return []

    def _collective(self, token: Token) -> list[str]:
        """A collective no demonym or location placed ("Prisoners rioted at a jail in Dili"), held until the
        event tells where it belongs."""
        if token.lemma_.lower() in self.knowledge.groups and token.pos_ in ("NOUN", "PROPN"):
            return [f"{UNPLACED}{token.i}"]
        return []

    def side_entity(self, token: Token, candidate: Candidate | None) -> str | None:
        """`entity`, for a side of `candidate` (when there is one): a side reached through a pronoun, a title or
        coreference rather than named marks the candidate as indirect (it lowers the event's confidence)."""
        key = self.entity(token)
        if key and candidate is not None and not self.entities.entity_of(token):
            candidate.indirect = True
        return key

    def entity(self, token: Token) -> str | None:
        """The entity a token itself names: a name (an office's holder among them, see offices.py), a pronoun's
        antecedent, "his administration".

        The ways of finding it call each other (a speaker's side, a government's speaker, a pronoun's
        antecedent); a token already being looked for names nothing more, which ends any cycle among them."""
        key = self.entities.entity_of(token)
        if key or token.i in self.resolving:
            return key
        self.resolving.add(token.i)
        try:
            return self._entity_by_reference(token)
        finally:
            self.resolving.discard(token.i)

    def _entity_by_reference(self, token: Token) -> str | None:
        key = None
        if token.i in self.quote_speakers:  # "We urge the US side ...," Lu said
            key = next(iter(self.sides(self.quote_speakers[token.i])), None)
        elif token.lemma_.lower() in HOMELAND and (owner := self._first_person_owner(token)) is not None:
            speaker = next(iter(self.sides(self.quote_speakers[owner.i])), None)  # "the security of our country"
            key = self.actor_state(speaker) if speaker else None
        elif token.tag_ in ("WP", "WDT") and token.dep_ in SUBJECTS | PASSIVE_SUBJECTS:
            key = self._relative_antecedent(token)
        elif token.lower_ in PRONOUNS_PERSON:
            key = self._person_antecedent(token)
        elif token.lower_ in PRONOUN_KINDS:
            key = self._antecedent(token, PRONOUN_KINDS[token.lower_])
        elif token.lemma_.lower() in self.knowledge.groups:
            owner = next((c for c in token.children if c.dep_ == "poss"), None)  # "his administration"
            key = self.entity(owner) if owner is not None else None
            if owner is None and self.knowledge.groups[token.lemma_.lower()].get("sector") == "GOV" \
                    and _bare_definite(token):
                key = self._governing_state(token)  # "Malok said the government takes issue with ..."
            if key and self.knowledge.groups[token.lemma_.lower()].get("sector") in CHALLENGER_SECTORS:
                key = self._challengers_of(token, key)  # "his opponents" are not he
        elif token.tag_ == "NN" and _only_determined(token):
            # "NATO ... Trump's commitment to the alliance"; "the US stance ... Lu welcomed that stance"
            key = (self._body_named_before(token) if _bare_definite(token) else None) or \
                self._owner_told_before(token) or self._speaker_before(token)
        return key

    def _antecedent(self, token: Token, kinds: set[str]) -> str | None:
        """The nearest earlier mention of one of `kinds`, a subject if there is one within reach; for
        "they", "them", "their" a plural mention first ("paid 67 British nationals ... expelled them")."""
        found = []
        for i in range(token.i - 1, max(-1, token.i - PRONOUN_REACH), -1):
            key = self.entities.token_entity.get(i)
            if not found and key is None and token.lower_ in PLURAL_PRONOUNS and _unnamed_plural_subject(self.doc[i]) \
                    and self.doc[i].sent == token.sent:
                return None  # "Police said the women knew what they were doing": they are the women, no one named
            if key and self.entities.kind(key) in kinds and not _in_own_phrase(token, self.doc[i]):
                found.append((self.doc[i].dep_ in SUBJECTS, key, _is_plural(self.doc[i])))
        if token.lower_ in PLURAL_PRONOUNS and any(plural for _, _, plural in found):
            found = [f for f in found if f[2]]
        subjects = [key for is_subject, key, _ in found if is_subject]
        return subjects[0] if subjects else (found[0][1] if found else None)

    def _state_of(self, token: Token, place: str) -> str | None:
        """The state a place belongs to: a demonym before it ("the Syrian Golan Heights"), else the gazetteer's."""
        for child in token.children:
            if child._.gazetteer.role == "demonym":
                return self.entities.ensure_state(child._.gazetteer.code)
        return self.entities.records[place].country

    def _person_antecedent(self, pronoun: Token) -> str | None:
        """Who "he", "she", "his" or "her" stands for: the person last named as the subject of a clause (or as the
        owner of one: "Merkel's comments came ... in which she urged Putin") within reach, else the person last
        named; never one its own verb names besides ("she urged Putin" is not Putin urging himself)."""
        # a pronoun is not the other arguments of its own verb; a possessive may well be ("Duterte paid his visit")
        own = set() if pronoun.dep_ == "poss" else \
            {self.entities.entity_of(t) for t in pronoun.head.children if t.i != pronoun.i} - {None}
        before = [(i, key) for i, key in self.entities.person_mentions
                  if pronoun.i - PRONOUN_REACH < i < pronoun.i and key not in own]
        clause_subjects = SUBJECTS | PASSIVE_SUBJECTS
        subjects = [key for i, key in before if self.doc[i].dep_ in clause_subjects
                    or self.doc[i].dep_ == "poss" and self.doc[i].head.dep_ in clause_subjects]
        return (subjects or [key for _, key in before] or [None])[-1]


def is_definite(noun: Token) -> bool:
    """"the meeting", "this accusation", "Putin's visit": a noun that refers to what was told before."""
    return any(ch.dep_ == "det" and ch.lower_ in ("the", "this", "that", "these", "those") or ch.dep_ == "poss"
               for ch in noun.children)


def _members(token: Token) -> list[Token]:
    """A phrase and those coordinated with it; also "Argentina, Brazil, Canada ... and Uruguay", which the parser
    may make an apposition (or a modifier) of the first name heading the rest of the list."""
    listed = [m for a in token.children if a.dep_ in ("appos", "npadvmod") and a.conjuncts and token.ent_type_
              and a.ent_type_ == token.ent_type_ and a.i == token.i + 2 and a.nbor(-1).text == ","
              for m in (a, *a.conjuncts)]
    return [token, *token.conjuncts, *listed]


def _only_determined(noun: Token) -> bool:
    """"the alliance", "that stance": a noun with a definite determiner and nothing else before or after it."""
    return [ch.lower_ for ch in noun.lefts] in (["the"], ["that"], ["this"]) and \
        not any(ch.dep_ == "prep" for ch in noun.rights)


def _bare_definite(noun: Token) -> bool:
    """"the government", not "the Syrian government", "the government of Mexico" or "a government"."""
    return _only_determined(noun) and next(noun.lefts).lower_ == "the"


def _names_a_pair(token: Token) -> bool:
    """"the two", "the two ministers", "both leaders", "both sides"."""
    determiners = {ch.lower_ for ch in token.children if ch.dep_ in ("det", "predet", "nummod")}
    if token.lower_ in ("two", "both"):
        return token.lower_ == "both" or "the" in determiners
    return token.tag_ in ("NNS", "NNPS") and ("both" in determiners or {"the", "two"} <= determiners)


def _in_own_phrase(pronoun: Token, mention: Token) -> bool:
    """Whether the pronoun sits in the mention's own phrase ("Russia's claim that it ..." may still
    point back; "its own ..." within the phrase may not), not behind a clause hanging from it."""
    current = pronoun
    while current != mention:
        if current.head == current or current.dep_ in ("relcl", "advcl", "ccomp", "acl"):
            return False
        current = current.head
    return True


def _unnamed_plural_subject(token: Token) -> bool:
    """"the women", "protesters": a plural common noun as a subject, which a following "they" stands for."""
    return token.dep_ in SUBJECTS and token.tag_ == "NNS" and not token.ent_type_


def _is_plural(token: Token) -> bool:
    """A plural noun, or a name coordinated with another ("Russia and China ... they")."""
    return "Plur" in token.morph.get("Number") or bool(token.conjuncts)


def is_infinitive_complement(verb: Token) -> bool:
    return verb.dep_ == "xcomp" or verb.dep_ == "advcl" and any(
        ch.dep_ == "aux" and ch.lower_ == "to" for ch in verb.children)


def own_government(ctx: EventContext, actors: list[str]) -> list[str]:
    """The states the actors belong to: PLOVER aims a protest with no stated target at the protesters' own
    government, and coercion at the coercer's own people (a person's country may still be unknown here,
    then nothing is added)."""
    states = [ctx.entities.records[a].country for a in actors
              if ctx.entities.kind(a) in ("Group", "Person", "GovernmentBody")]
    return [s for s in dict.fromkeys(states) if s]


def _place_named(ctx: EventContext, token: Token) -> str | None:
    """The place a locative object names, also through "the northern city of Kirkuk", "the former Soviet
    republic of Azerbaijan" (the place it is "of" is the more precise)."""
    for of in (p for p in token.children if p.lower_ == "of"):
        place = next((p for o in of.children if o.dep_ == "pobj" and (p := ctx.entities.record_place(o))), None)
        if place is not None:
            return place
    return ctx.entities.record_place(token)


def _is_when_clause(token: Token) -> bool:
    """A clause that tells the same moment ("killed 23 people when they blew themselves up in Tel Aviv")."""
    return token.dep_ == "advcl" and any(m.lower_ == "when" and m.dep_ in ("advmod", "mark") for m in token.children)


def state_of_place(ctx: EventContext, key: str) -> str | None:
    """The state a place lies in or an actor belongs to; a state is its own."""
    record = ctx.entities.records.get(key)
    if record is None:
        return None
    return key if record.kind == "State" else record.country


def event_place(ctx: EventContext, c: Candidate) -> str | None:
    """"in Kuala Lumpur", "at the summit in Rome", "on the sidelines of a summit in X", "a meeting held in X"."""
    if c.place:
        return c.place
    # the clause a scene-setting noun hangs from tells its own places ("In talks with X, Merkel addressed the
    # conflict in Ukraine")
    frontier = [c.token] + ([c.anchor] if c.anchor is not None and c.anchor != c.token and not c.adjunct else [])
    seen = set()
    for _ in range(MAX_PLACE_DEPTH):
        next_frontier = []
        for token in frontier:
            for child in token.children:
                if child.i in seen:
                    continue
                seen.add(child.i)
                if child.dep_ == "prep" and child.lower_ not in c.entry.recipient_preps:
                    for obj in (o for o in child.children if o.dep_ == "pobj"):
                        place = _place_named(ctx, obj) if child.lower_ in ctx.knowledge.words.place_prepositions else None
                        if place:
                            return place
                        next_frontier.append(obj)
                elif child.dep_ in ("acl", "relcl") and child.pos_ == "VERB" or child.dep_ in ("dobj", "npadvmod") \
                        or _is_when_clause(child):
                    next_frontier.append(child)  # "a meeting held in X", "hosting leaders in Rome", "when they
                    # blew themselves up in Tel Aviv"
        frontier = next_frontier
    return None

"""Who did what to what: the event a word belongs to, and the names of its parts.

Every claim hangs on an event, a verb ("testified") or an event noun ("lawsuit",
"valuation"), so that reconcile can compare the date of one testimony with the
date of another. Everything here reads spaCy's dependency parse. The small
English model misreads one kind of clause often enough to matter: in "testified
that xAI utilized OpenAI models" it takes "utilized" for an adjective of
"models". `ArticleParse.clauses` repairs that reading instead of dropping the
clause, and marks the clause as repaired.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from spacy.attrs import IS_SPACE, ORTH
from spacy.tokens import Doc, Span, Token

from pipeline.extract.context import ArticleContext
from pipeline.extract.entities import NAME_LABELS, EntityIndex
from pipeline.extract.lexicons import load_words
from pipeline.extract.nlp import token_values

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
OBJECT_DEPS = ("dobj", "attr", "oprd")
COMPLEMENT_DEPS = ("ccomp", "parataxis")
SUBORDINATE_DEPS = frozenset({"advcl", "relcl", "csubj", "csubjpass", "xcomp", "prep", "pobj", "advmod"})
"""A verb hanging under one of these is part of another clause, not a claim of its own."""
ADNOMINAL_DEPS = frozenset({"prep", "compound", "nummod", "nmod", "npadvmod", "amod", "poss"})
"""Links by which a date or amount modifies a noun ("the 2024 lawsuit", "a valuation of $1 trillion")."""
EDGE_DEPS = frozenset({"cc", "mark", "punct"})
PREMODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "nummod", "quantmod", "case"})
TEMPORAL_LABELS = frozenset({"DATE", "TIME"})
LINE_BREAKS = "pipeline.extract.line_breaks"
QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb"})
CLOSING_ONLY = frozenset({"\u201d", "\u00bb"})


def is_verb(token: Token) -> bool:
    """A content verb, or a copula heading its own clause ("Musk was a co-founder");
    never a symbol the tagger took for a verb ("©")."""
    if not token.text[:1].isalpha():
        return False
    return token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ in ("ROOT", "conj", *COMPLEMENT_DEPS))


def is_pronoun(token: Token) -> bool:
    """A real pronoun, or a word standing in for one ("others", "this" as a
    subject); the tagger sometimes calls an unknown name ("xAI") PRON."""
    if token.pos_ in ("PRON", "NOUN"):
        return token.is_stop
    return token.pos_ == "DET" and token.dep_ in SUBJECT_DEPS


def subject_of(head: Token) -> Token | None:
    """The grammatical subject of a verb (inherited by conjoined verbs and
    participles: "Testifying on April 30, Musk confirmed" -> Musk testifies), or
    the possessor of an event noun ("Musk's lawsuit"). A subject on another line
    is a heading the parser glued on, not a subject."""
    subject = _subject(head)
    if subject is None or same_line(subject, head):
        return subject
    return next((c for c in subject.children if c.dep_ == "appos" and same_line(c, head)), None)


def _subject(head: Token) -> Token | None:
    subjects = [c for c in head.children if c.dep_ in SUBJECT_DEPS]
    if subjects:
        nearest = min(subjects, key=lambda c: (not same_line(c, head), abs(head.i - c.i)))
        if head.dep_ == "relcl" and nearest.tag_ in ("WDT", "WP"):
            return head.head
        return nearest
    if head.dep_ in ("conj", "advcl", "xcomp"):
        governing = next((a for a in head.ancestors if is_verb(a)), None)
        return _subject(governing) if governing is not None else None
    if head.dep_ in ("acl", "relcl") and head.tag_ == "VBG" and head.head.pos_ in ("NOUN", "PROPN"):
        return head.head
    if head.pos_ == "NOUN":
        return next((c for c in head.children if c.dep_ == "poss"), None)
    return None


def same_line(a: Token, b: Token) -> bool:
    start, end = sorted((a.i, b.i))
    breaks = line_breaks(a.doc)
    return bisect.bisect_left(breaks, start) == bisect.bisect_left(breaks, end)


def line_breaks(doc: Doc) -> list[int]:
    """Indices of the tokens that end a line, computed once per Doc (kept in its user_data)."""
    if LINE_BREAKS not in doc.user_data:
        strings = doc.vocab.strings
        spaces = zip(token_values(doc, IS_SPACE), token_values(doc, ORTH))
        doc.user_data[LINE_BREAKS] = [i for i, (space, key) in enumerate(spaces) if space and "\n" in strings[key]]
    return doc.user_data[LINE_BREAKS]


def has_own_subject(token: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in token.children)


def is_passive(head: Token) -> bool:
    """ "was trained", and a participle with an agent: "when pressed by Savitt"."""
    return any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in head.children)


def agent_of(head: Token) -> Token | None:
    """X in "was trained by X"."""
    for child in head.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def direct_object(head: Token) -> Token | None:
    """The object; a noun carrying a "that" marker is a clause the parser misread, not an object."""
    return next(
        (c for c in head.children if c.dep_ in OBJECT_DEPS and not any(g.dep_ == "mark" for g in c.children)), None
    )


def first_pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def predicate_of(head: Token, light_verbs: frozenset[str] | None = None) -> str:
    """The event's lemma; phrasal verbs keep their particle ("pull back") and
    light verbs their object ("file lawsuit", "drop bombshell")."""
    lemma = head.lemma_.lower()
    if not is_verb(head):
        return lemma
    words = [lemma, *(c.lower_ for c in head.children if c.dep_ == "prt")]
    obj = direct_object(head)
    if obj is not None and is_light_verb_object(head, obj, light_verbs or load_words("light_verbs")):
        words.append(obj.lemma_.lower())
    return " ".join(words)


def is_light_verb_object(head: Token, obj: Token, light_verbs: frozenset[str]) -> bool:
    """The object carries the meaning: "filed a lawsuit", "took the stand" (but
    not an amount: "took eight months")."""
    return (
        obj.dep_ == "dobj" and obj.pos_ == "NOUN" and obj.is_alpha and obj.head == head
        and head.lemma_.lower() in light_verbs
        and not any(c.dep_ == "nummod" for c in obj.children)
    )


def event_head(token: Token) -> Token | None:
    """The verb or event noun that a date, amount or place rooted at `token` modifies."""
    current = token
    while current.head != current:
        parent = current.head
        if is_verb(parent):
            return parent
        if parent.pos_ == "NOUN" and current.dep_ in ADNOMINAL_DEPS:
            return parent
        current = parent
    return None


def is_hypothetical(head: Token) -> bool:
    """Whether the event sits in a condition ("if they are still distilling today")."""
    conditionals = load_words("conditionals")
    for token in (head, *head.ancestors):
        if any(c.dep_ == "mark" and c.lower_ in conditionals for c in token.children):
            return True
        if token.dep_ in ("ROOT", *COMPLEMENT_DEPS):
            return False
    return False


def is_negated(head: Token) -> bool:
    """ "did not use", "never testified", "no court has ruled" (but not "not only")."""
    negations = load_words("negations")
    doc = head.doc
    for child in head.children:
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "det") and child.lower_ in negations):
            following = doc[child.i + 1].lower_ if child.i + 1 < len(doc) else ""
            if following != "only":
                return True
        if child.dep_ in SUBJECT_DEPS + OBJECT_DEPS and any(
            g.dep_ == "det" and g.lower_ in negations for g in child.children
        ):
            return True
    return False


def hedges_in(tokens: Sequence[Token]) -> list[str]:
    """Hedge words and phrases of resources/hedges.txt found in `tokens`, in text order.

    A proper noun is never a hedge ("May 1" is a date, not the modal "may").
    """
    entries = _hedge_entries()
    words = [t.lower_ for t in tokens]
    found: list[str] = []
    for i, token in enumerate(tokens):
        if token.pos_ == "PROPN":
            continue
        for entry in entries.get(words[i], ()):
            if words[i:i + len(entry)] == list(entry) and " ".join(entry) not in found:
                found.append(" ".join(entry))
    return found


@lru_cache(maxsize=1)
def _hedge_entries() -> dict[str, list[tuple[str, ...]]]:
    """Hedges by their first word, longest first."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for entry in sorted(load_words("hedges"), key=lambda e: (-len(e.split()), e)):
        words = tuple(entry.split())
        by_first.setdefault(words[0], []).append(words)
    return by_first


@dataclass(frozen=True)
class Event:
    """An event as a claim reports it: who did what to what."""

    head: Token
    subject: str
    predicate: str
    object: str
    negated: bool
    names: tuple[str, ...]
    """Canonical names of the participants (subject and object) that are names."""


@dataclass(frozen=True)
class Clause:
    """A clause of a sentence: its verb and the words that are its own."""

    head: Token
    words: tuple[Token, ...]
    """Every word of the clause in text order, nested clauses and asides left out."""
    tokens: tuple[Token, ...]
    """The words shown as evidence: `words` without fronted modifiers and edge punctuation."""
    governor: Token | None = None
    """The verb this clause is the complement of, where the parse lost the link."""
    object: Token | None = None
    """The object, where the parse put it above the verb."""
    repaired: bool = False

    @property
    def start_char(self) -> int:
        return self.tokens[0].idx

    @property
    def end_char(self) -> int:
        last = self.tokens[-1]
        return last.idx + len(last.text)


class ArticleParse:
    """A parsed article and the look-ups its extractors share, computed once."""

    def __init__(self, doc: Doc, ctx: ArticleContext, entities: EntityIndex):
        self.doc = doc
        self.ctx = ctx
        self.entities = entities
        self._canonical: dict[str, str] = {}
        self._clauses: dict[int, list[Clause]] = {}
        self._clause_at: dict[int, dict[int, Clause]] = {}

    @cached_property
    def sentence_bounds(self) -> list[tuple[int, int]]:
        """(start_char, end_char) of every sentence, in text order."""
        return [(s.start_char, s.end_char) for s in self.doc.sents]

    def line_of(self, token: Token) -> str:
        """The sentence of `token`, cut at line breaks: a heading or list item glued
        to the next line by the parser is not part of the same sentence."""
        text = self.ctx.article.text
        first, last = self.sentence_bounds[bisect.bisect_right(self.sentence_bounds, (token.idx, len(text))) - 1]
        start = text.rfind("\n", first, token.idx) + 1 or first
        end = text.find("\n", token.idx, last)
        return text[start:end if end >= 0 else last].strip()

    def canonical(self, text: str) -> str:
        if text not in self._canonical:
            self._canonical[text] = self.entities.canonical(text)
        return self._canonical[text]

    @cached_property
    def entity_at(self) -> dict[int, Span]:
        """Token index -> the named entity (person, organisation, place, ...) it is part of."""
        return {i: ent for ent in self.doc.ents if ent.label_ in NAME_LABELS for i in range(ent.start, ent.end)}

    def proper_name(self, token: Token) -> str:
        """The run of proper nouns ending at `token` ("YZ Index" in "YZ Index v6")."""
        start = token.i
        while start > 0 and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].head.i > start - 1:
            start -= 1
        return self.doc[start:token.i + 1].text

    def name_of(self, token: Token | None) -> str:
        """How a claim names a participant: the article's canonical name, the
        person a "he" stands for, or the noun phrase without its determiner."""
        if token is None:
            return ""
        token = preferred_apposition(token, self.entity_at)
        if is_pronoun(token):
            return self.entities.resolve_pronoun(token)
        ent = self.entity_at.get(token.i) or self.titled_person(token)
        if ent is not None:
            return self.canonical(ent.text)
        if token.pos_ in ("PROPN", "PRON"):
            return self.canonical(self.proper_name(token))
        return self.phrase(token)

    def titled_person(self, token: Token) -> Span | None:
        """The person a role noun introduces: "OpenAI's lawyer William Savitt"
        (the parser often leaves the name hanging elsewhere); not the subject of
        a relative clause: "the practice Musk referenced"."""
        following = self.entity_at.get(token.i + 1)
        if token.pos_ == "NOUN" and following is not None and following.start == token.i + 1 \
                and following.label_ == "PERSON" and token.whitespace_ and following.root.dep_ not in SUBJECT_DEPS:
            return following
        return None

    def is_named(self, token: Token | None) -> bool:
        """A subject worth a claim: a name, a noun, or a "he"/"she" we can resolve."""
        if token is None or token.pos_ in ("NUM", "DET", "SPACE", "PUNCT") or token.dep_ == "csubj":
            return False
        if is_pronoun(token):
            return bool(self.entities.resolve_pronoun(token))
        return token.pos_ in ("NOUN", "PROPN", "PRON")

    def phrase(self, token: Token) -> str:
        """A short noun phrase: premodifiers, the noun, and an "of" complement."""
        modifiers = [c for c in token.lefts if c.dep_ in PREMODIFIER_DEPS and not has_own_subject(c)]
        start = min((c.left_edge.i for c in modifiers), default=token.i)
        words = [t for t in self.doc[start:token.i + 1]
                 if t.dep_ not in ("det", "punct") and not t.is_space and same_line(t, token)]
        text = self.render(words)
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = first_pobj(of) if of is not None else None
        if pobj is not None and not pobj.like_num and pobj.ent_type_ not in TEMPORAL_LABELS:
            text = f"{text} of {self.phrase(pobj) if pobj.pos_ == 'NOUN' else self.name_of(pobj)}"
        return text

    def render(self, tokens: Iterable[Token]) -> str:
        """Words as written, with every named entity in its canonical form."""
        parts: list[str] = []
        previous: Token | None = None
        for token in tokens:
            ent = self.entity_at.get(token.i)
            if ent is not None and previous is not None and previous.i >= ent.start and previous.i < ent.end:
                continue
            text = self.canonical(ent.text) if ent is not None else token.text
            if parts and previous is not None and previous.i + 1 == token.i and not previous.whitespace_:
                parts[-1] += text
            else:
                parts.append(text)
            previous = self.doc[ent.end - 1] if ent is not None else token
        return " ".join(parts)

    def entity_list(self, clause: Clause | None, event: Event | None) -> str:
        """A claim's `entities`: the names mentioned in its clause and the
        event's participants, sorted and joined with "; "."""
        names = set(event.names) if event is not None else set()
        if clause is not None:
            names.update(self.entities.names_between(clause.start_char, clause.end_char))
        return "; ".join(sorted(n for n in names if n))

    def describe(self, head: Token, object_token: Token | None = None) -> Event:
        """Subject, predicate and object of the event headed by `head`.

        Passive: the agent is the subject ("trained by xAI"); without one the
        subject stays empty and the patient is the object. With no object, the
        setting stands in ("acknowledged in federal court").
        """
        light_verbs = load_words("light_verbs")
        subject_token = subject_of(head)
        if is_passive(head):
            subject_token, object_token = agent_of(head), subject_token
        elif object_token is None and is_verb(head):
            object_token = direct_object(head)
        predicate = predicate_of(head, light_verbs)
        if object_token is not None and is_light_verb_object(head, object_token, light_verbs):
            obj = self.prepositional_phrase(object_token)
        elif object_token is not None and is_pronoun(object_token):
            obj = self.pronoun_object(object_token, subject_token)
        else:
            obj = self.name_of(object_token) if object_token is not None and object_token != head else ""
        subject = self.name_of(subject_token)
        return Event(
            head=head,
            subject=subject,
            predicate=predicate,
            object=obj or self.setting_of(head),
            negated=is_negated(head),
            names=tuple(n for n in (subject, obj) if n in self.entities.names),
        )

    def pronoun_object(self, pronoun: Token, subject: Token | None) -> str:
        """The person an object "him"/"her" stands for: never the clause's own
        subject ("John Roe told her"), so the nearest other person named before."""
        name = self.entities.resolve_pronoun(pronoun)
        subject_name = self.name_of(subject) if subject is not None else ""
        if not name or name != subject_name:
            return name
        others = (
            m.name for m in reversed(self.entities.mentions)
            if m.end <= pronoun.idx and m.name != subject_name and self.entities.is_person(m.name)
        )
        return next(others, "")

    def prepositional_phrase(self, token: Token) -> str:
        """ "against OpenAI" in "filed a lawsuit against OpenAI" (on the noun or,
        as the parser often has it, on the verb)."""
        settings = load_words("setting_prepositions")
        preps = [c for c in token.children if c.dep_ == "prep"]
        preps += [c for c in token.head.children if c.dep_ == "prep" and c.lower_ not in settings]
        for prep in preps:
            pobj = first_pobj(prep)
            if pobj is not None and pobj.ent_type_ not in TEMPORAL_LABELS:
                return f"{prep.lower_} {self.name_of(pobj)}"
        return ""

    def setting_of(self, head: Token) -> str:
        """Where the event took place in words ("in federal court"), so that
        reconcile can tell an acknowledgement in court is testimony. Only after
        the verb: a fronted "In a surprising turn of events" frames the story."""
        settings = load_words("setting_prepositions")
        for prep in (c for c in head.rights if c.dep_ == "prep" and c.lower_ in settings):
            pobj = first_pobj(prep)
            if pobj is not None and pobj.pos_ in ("NOUN", "PROPN") and pobj.ent_type_ not in TEMPORAL_LABELS:
                return f"{prep.lower_} {self.name_of(pobj)}"
        return ""

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        """Token ranges [start, end) inside quotation marks; a quote never spans a line break."""
        ranges = []
        opening: int | None = None
        strings = self.doc.vocab.strings
        for i, key in enumerate(token_values(self.doc, ORTH)):  # no Token object per word
            text = strings[key]
            if "\n" in text:
                opening = None
            elif text in QUOTE_MARKS:
                if opening is None and text not in CLOSING_ONLY:
                    opening = i
                elif opening is not None:
                    ranges.append((opening + 1, i))
                    opening = None
        return ranges

    def quote_around(self, token: Token) -> tuple[int, int] | None:
        return next((r for r in self.quoted if r[0] <= token.i < r[1]), None)

    def clauses(self, sent: Span) -> list[Clause]:
        if sent.start not in self._clauses:
            self._clauses[sent.start] = list(find_clauses(sent))
        return self._clauses[sent.start]

    def clause_of(self, token: Token) -> Clause | None:
        """The clause whose words include `token`."""
        sent = token.sent
        if sent.start not in self._clause_at:
            self._clause_at[sent.start] = {t.i: c for c in self.clauses(sent) for t in c.words}
        return self._clause_at[sent.start].get(token.i)


def preferred_apposition(token: Token, entity_at: dict[int, Span]) -> Token:
    """ "his AI company xAI" -> xAI; "Tesla and SpaceX founder Elon Musk" -> Elon Musk."""
    for child in token.children:
        if child.dep_ != "appos":
            continue
        child_ent = entity_at.get(child.i)
        own_ent = entity_at.get(token.i)
        if token.pos_ == "NOUN" and child.pos_ in ("PROPN", "PRON") and not is_pronoun(child):
            return child
        if child_ent is not None and child_ent.label_ == "PERSON" and (own_ent is None or own_ent.label_ != "PERSON"):
            return child
    return token


def is_clause_head(token: Token) -> bool:
    """A verb that heads a clause of its own: a main verb, a verb conjoined to
    one, a complement clause, or a verb with its own subject that the parser
    hung somewhere odd (a clause read as an adjective or a noun modifier)."""
    if not is_verb(token):
        return False
    if token.dep_ in ("ROOT", *COMPLEMENT_DEPS):
        return True
    if token.dep_ == "conj":
        return is_clause_head(token.head)
    if token.dep_ == "advcl":
        return is_circumstance(token)
    if token.dep_ in SUBORDINATE_DEPS:
        return False
    return has_own_subject(token)


def is_circumstance(token: Token) -> bool:
    """An adverbial clause that tells what happened ("When pressed by Savitt",
    "Testifying in his own lawsuit", "while analysts warn ..."), not a condition
    ("if ..."), a purpose ("to train Grok") or a bare passive ("Asked whether")."""
    if any(c.dep_ == "mark" and c.lower_ in load_words("conditionals") for c in token.children):
        return False
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False
    start = token.left_edge.i
    if start > 0 and is_dash(token.doc[start - 1]):
        return False  # "— using a competitor's model —": an aside, its subject unknown
    return has_own_subject(token) or agent_of(token) is not None or token.tag_ == "VBG"


def misread_that_clause(token: Token) -> tuple[Token, Token, Token] | None:
    """(verb, object, governor) of a "that" clause the parser read as a noun phrase.

    "testified that xAI utilized OpenAI models": the parser hangs "that" and
    "utilized" under "models", the object of "testified". A noun with a "that"
    marker is that misreading; the verb with its own subject inside it heads
    the clause and the noun is its object.
    """
    if token.pos_ not in ("NOUN", "PROPN") or not is_verb(token.head):
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children):
        return None
    for candidate in token.subtree:
        if candidate != token and candidate.pos_ == "VERB" and has_own_subject(candidate):
            return candidate, token, token.head
    return None


def find_clauses(sent: Span) -> Iterable[Clause]:
    sentence_tokens = list(sent)  # a Span makes a new Token object for each word on each pass over it
    heads = {t.i: t for t in sentence_tokens if is_clause_head(t)}
    owner_of_root: dict[int, int] = {}
    repairs: dict[int, tuple[Token, Token]] = {}
    for token in sentence_tokens:
        repair = misread_that_clause(token)
        if repair is None:
            continue
        verb, obj, governor = repair
        heads[verb.i] = verb
        repairs[verb.i] = (obj, governor)
        marker = min(c.i for c in obj.children if c.dep_ == "mark")
        for child in governor.children:
            if child.i > marker and not child.is_punct:
                owner_of_root[child.i] = verb.i
    owners = clause_owners(sentence_tokens, set(heads), owner_of_root)
    owned: dict[int, list[Token]] = {i: [] for i in heads}
    for token in sentence_tokens:
        if owners[token.i] is not None:
            owned[owners[token.i]].append(token)
    asides = parenthesised(sentence_tokens)
    attributions = {t.i for a in sentence_tokens if a.lower_ == "according" and a.dep_ == "prep" for t in a.subtree}
    line = line_numbers(sentence_tokens)
    dashes = [t.i for t in sentence_tokens if is_dash(t)]
    for index in sorted(heads):
        head = heads[index]
        aside_from = next((i for i in dashes if i > index), sent.end)
        words = tuple(
            t for t in owned[index]
            if line[t.i] == line[index] and t.i < aside_from and t.i not in asides and t.i not in attributions
        )
        tokens = evidence(head, words)
        if not tokens:
            continue
        obj, governor = repairs.get(index, (None, None))
        yield Clause(head=head, words=words, tokens=tokens, governor=governor, object=obj, repaired=index in repairs)


def clause_owners(tokens: Sequence[Token], heads: set[int], owner_of_root: dict[int, int]) -> dict[int, int | None]:
    """Token index -> the clause head whose words it belongs to: its nearest
    ancestor (or itself) that heads a clause, or None above every clause."""
    parent = {t.i: t.head.i for t in tokens}
    owners: dict[int, int | None] = {}
    for start in parent:
        path = []
        node = start
        while node not in owners:
            if node in heads or node in owner_of_root:
                owners[node] = node if node in heads else owner_of_root[node]
                break
            path.append(node)
            if parent[node] == node:
                owners[node] = None
                break
            node = parent[node]
        for visited in path:
            owners[visited] = owners[node]
    return owners


def evidence(head: Token, words: tuple[Token, ...]) -> tuple[Token, ...]:
    """The clause from its subject on (fronted modifiers belong to other claims),
    without punctuation, conjunctions or markers at either edge, but with the
    closing mark of a quotation it opens."""
    subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
    start = subject.left_edge.i if subject is not None and subject.i < head.i else words[0].i if words else 0
    kept = [t for t in words if t.i >= start]
    while kept and (kept[0].dep_ in EDGE_DEPS or kept[0].is_space or kept[0].is_punct):
        kept.pop(0)
    while kept and (kept[-1].dep_ in EDGE_DEPS or kept[-1].is_space or kept[-1].is_punct):
        kept.pop()
    if kept and sum(t.text in QUOTE_MARKS for t in kept) % 2:
        last = kept[-1].i
        closing = next((t.i for t in words if t.i > last and t.text in QUOTE_MARKS), None)
        if closing is not None:
            kept += [t for t in words if last < t.i <= closing]
    return tuple(kept)


def is_dash(token: Token) -> bool:
    """A dash that opens an aside ("... train Grok — describing it as ..."), not a hyphen."""
    if token.text in ("\u2014", "\u2013", "--"):
        return True
    return token.text == "-" and bool(token.whitespace_) and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)


def line_numbers(tokens: Sequence[Token]) -> dict[int, int]:
    """Token index -> which line of the sentence it is on."""
    numbers = {}
    line = 0
    for token in tokens:
        numbers[token.i] = line
        if token.is_space:
            line += token.text.count("\n")
    return numbers


def parenthesised(tokens: Sequence[Token]) -> set[int]:
    inside: set[int] = set()
    depth = 0
    for token in tokens:
        if token.text == "(":
            depth += 1
        if depth:
            inside.add(token.i)
        if token.text == ")" and depth:
            depth -= 1
    return inside

"""Assertions: one claim per clause that says something happened or is the case.

Main clauses, the complements of reporting verbs ("Musk testified that xAI
used OpenAI models") and adverbial clauses that tell what happened ("When
pressed by Savitt, ...") each give one. Questions, conditions, imperatives and
clauses whose subject is not a name or a noun ("it is", "this makes") give
none: a fact-checker reads this table, and those clauses say nothing checkable.
Headlines are left out too: written in title case, they are parsed poorly, and
the article body says the same in full sentences.
"""
from __future__ import annotations

from spacy.tokens import Token

from pipeline.extract.attribution import WRITER, answered_stance, reply_to, stance_of
from pipeline.extract.lexicons import load_words
from pipeline.extract.events import TEMPORAL_LABELS, ArticleParse, Clause, Event, agent_of, is_passive, is_pronoun, subject_of
from pipeline.records import Claim

QUESTION_TAGS = frozenset({"WP", "WRB", "WDT", "WP$"})
QUESTION_MARKERS = frozenset({"whether", "if"})
"""Subordinators of an embedded question ("asked whether X")."""
CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})
REPAIRED_CONFIDENCE = 0.8
"""A clause rebuilt from a misread parse is right most of the time, not always."""
HEADLINE_CAPITALS = 0.75
"""Share of capitalised content words above which a line without final punctuation is a headline."""


def find_assertions(parse: ArticleParse) -> list[Claim]:
    claims = []
    for sent in parse.doc.sents:
        for clause in parse.clauses(sent):
            claim = assertion(clause, parse)
            if claim is not None:
                claims.append(claim)
    return claims


def assertion(clause: Clause, parse: ArticleParse) -> Claim | None:
    head = clause.head
    line = parse.line_of(head)
    reply = reply_to(clause, parse)
    if reply is None and (is_question(clause, line) or is_headline(line)):
        return None
    subject = subject_of(head)
    agent = agent_of(head) if is_passive(head) else None
    if not (parse.is_named(subject) or parse.is_named(agent)):
        return None
    if is_bare_report(clause, subject):
        return None
    event = parse.describe(head, clause.object)
    stance = answered_stance(clause, reply, parse) if reply else stance_of(clause, parse)
    if stance.kind == WRITER and parse.quote_around(head) is not None:
        return None  # words the writer puts in quotation marks: a term, not a claim
    return parse.ctx.claim(
        "assertion", clause.start_char, clause.end_char,
        value=normal_form(clause, event, subject, parse),
        subject=event.subject,
        predicate=event.predicate,
        object=event.object,
        negated=event.negated != bool(reply and reply.denies),
        entities=parse.entity_list(clause, event),
        sentence=line,
        confidence=REPAIRED_CONFIDENCE if clause.repaired else 1.0,
        **stance.fields(),
    )


def is_bare_report(clause: Clause, subject: Token | None) -> bool:
    """"Investigators said", "He confirmed", "officials said Saturday", "the governor told a news
    briefing": a verb that only passes words on, whose content is its own clause (an assertion of
    its own, carrying this attribution) or a quote; alone, with a time and the occasion of its
    words, it states nothing a reader could check."""
    if clause.head.lemma_.lower() not in load_words("plain_saying_verbs"):
        return False
    said_by = set(subject.subtree) if subject is not None else set()
    said_by.update(t for child in clause.head.children if child.dep_ in ("dobj", "dative") and child.pos_ == "PROPN"
                   for t in child.subtree)  # the one told or asked ("told CNN", "asked Musk")
    occasions = load_words("speech_occasions")
    return not any(
        t.pos_ in CONTENT_POS or (t.pos_ == "VERB" and t != clause.head)
        for t in clause.tokens
        if t not in said_by and t.ent_type_ not in TEMPORAL_LABELS and t.lemma_.lower() not in occasions
    )


def is_question(clause: Clause, line: str) -> bool:
    """A question, or a question embedded as a complement ("whether X", "how much X")."""
    head = clause.head
    if line.endswith("?"):
        return True
    if any(c.dep_ == "mark" and c.lower_ in QUESTION_MARKERS for c in head.children):
        return True
    return head.dep_ != "advcl" and clause.tokens[0].tag_ in QUESTION_TAGS  # "how much ..." but not "When pressed"


def is_headline(line: str) -> bool:
    """A line in title case without final punctuation: "Musk Testifies: xAI Used OpenAI Models"."""
    if not line or line[-1] in ".!?:;\"'\u201d":
        return False
    words = [w for w in line.split() if w[:1].isalpha()]
    if len(words) < 3:
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or not w.islower())
    return capitalised / len(words) >= HEADLINE_CAPITALS


def normal_form(clause: Clause, event: Event, subject: Token | None, parse: ArticleParse) -> str:
    """The clause in short: canonical names, verb lemmas, content words, "not".

    "xAI had used OpenAI models to train Grok" -> "xAI use OpenAI models train Grok".
    """
    words: list[str] = []
    seen_entities: set[int] = set()
    for token in clause.tokens:
        ent = parse.entity_at.get(token.i)
        if ent is not None:
            if ent.start not in seen_entities:
                seen_entities.add(ent.start)
                words.append(parse.canonical(ent.text))
        elif subject is not None and token == subject and is_pronoun(token):
            words.append(parse.name_of(token) if not is_passive(clause.head) else token.lower_)
        elif token.dep_ == "neg":
            words.append("not")
        elif token.pos_ == "VERB" or token == clause.head:
            words.append(token.lemma_.lower())
        elif token.pos_ in CONTENT_POS or (token.pos_ == "PRON" and not is_pronoun(token)):
            words.append(token.text)
    return " ".join(w for w in words if w)

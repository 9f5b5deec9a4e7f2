"""Who a claim comes from, and how firmly it is put.

The source is the writer unless the clause is the complement of a reporting
verb ("Musk testified that ..."), sits in a quotation attributed to a speaker,
or is relayed from a report ("according to TechCrunch", "reports say"). Sources
nest: in "According to TechCrunch, Musk said that xAI used OpenAI models" the
embedded claim comes from "TechCrunch > Elon Musk", outermost first.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.extract.events import (
    COMPLEMENT_DEPS,
    ArticleParse,
    Clause,
    first_pobj,
    hedges_in,
    is_passive,
    is_pronoun,
    preferred_apposition,
    subject_of,
)
from pipeline.extract.lexicons import load_words

WRITER = "writer"
DIRECT_QUOTE = "direct_quote"
INDIRECT_QUOTE = "indirect_quote"
RELAYED_REPORT = "relayed_report"
UNNAMED = "unnamed source"
ENCLOSING_STOPS = frozenset({"advcl", "relcl"})
"""A clause that only modifies another ("..., while analysts warn that ...") is
not said by whoever said the clause it modifies; an "according to" still
covers the whole sentence."""
MAX_REPLY_WORDS = 6
"""A quoted reply longer than this is a statement of its own, not a yes/no answer."""


@dataclass(frozen=True)
class Stance:
    """The source chain of a claim, and the hedges that qualify it."""

    sources: tuple[tuple[str, str], ...] = ()
    """(name, kind) links, outermost first."""
    hedges: tuple[str, ...] = ()

    @property
    def attribution(self) -> str:
        return " > ".join(name for name, _ in self.sources)

    @property
    def kind(self) -> str:
        """How the claim reached the writer: the innermost link's kind."""
        return self.sources[-1][1] if self.sources else WRITER

    @property
    def hedge(self) -> str:
        return "; ".join(self.hedges)

    def fields(self) -> dict[str, str]:
        return {"attribution": self.attribution, "attribution_kind": self.kind, "hedge": self.hedge}


@dataclass(frozen=True)
class Reply:
    """A short quoted answer to an embedded yes/no question."""

    verb: Token
    hedges: tuple[str, ...]
    denies: bool


def hedges_of(clause: Clause | None) -> list[str]:
    return hedges_in(clause.words) if clause is not None else []


def is_reporting(token: Token | None) -> bool:
    """A verb of saying, phrasal ones with their particle ("point out")."""
    if token is None:
        return False
    verbs = load_words("reporting_verbs")
    lemma = token.lemma_.lower()
    return lemma in verbs or any(f"{lemma} {c.lower_}" in verbs for c in token.children if c.dep_ == "prt")


def stance_of(clause: Clause | None, parse: ArticleParse) -> Stance:
    """The sources and hedges of a clause; a clause-less word is the writer's, unhedged."""
    if clause is None:
        return Stance()
    links: list[tuple[str, str]] = []
    hedges = hedges_in(clause.words)
    speakers_apply = True
    for node, reporter in path_up(clause):
        relayed = according_to(node, parse)
        if relayed:
            links.append((relayed, RELAYED_REPORT))
        link = speaker_link(reporter, node, parse) if speakers_apply and is_reporting(reporter) else None
        if link is not None:
            links.append(link)
            hedges += [h for h in hedges_of(parse.clause_of(reporter)) if h not in hedges]
        if node.dep_ in ENCLOSING_STOPS:
            speakers_apply = False
    return Stance(sources=tuple(dedupe(reversed(links))), hedges=tuple(hedges))


def path_up(clause: Clause) -> Iterator[tuple[Token, Token | None]]:
    """The clause's head and its ancestors to the root, each with the verb
    it is the complement of, if any."""
    node, governor = clause.head, clause.governor
    while True:
        if governor is not None:
            yield node, governor
            node, governor = governor, None
            continue
        yield node, node.head if node.dep_ in COMPLEMENT_DEPS else None
        if node.head == node:
            return
        node = node.head


def answered_stance(clause: Clause, reply: Reply, parse: ArticleParse) -> Stance:
    """The stance of an embedded question answered by a quoted reply: the
    replier's own sources, then the replier as a direct quote, with the reply's hedges."""
    replier = stance_of(parse.clause_of(reply.verb), parse)
    link = (speaker_name(reply.verb, parse), DIRECT_QUOTE)
    hedges = [*reply.hedges, *(h for h in hedges_in(clause.words) if h not in reply.hedges)]
    return Stance(sources=tuple(dedupe([*replier.sources, link])), hedges=tuple(hedges))


def reply_to(clause: Clause, parse: ArticleParse) -> Reply | None:
    """The quoted reply to a "whether" clause: 'asked whether xAI used OpenAI
    models, Musk responded "partly"'. Only a reply that says yes, no or a
    hedged yes counts; anything else leaves the question unanswered."""
    if not any(c.dep_ == "mark" and c.lower_ == "whether" for c in clause.head.children):
        return None
    replies = ((a, reply_words(a, parse)) for a in clause.head.ancestors if is_reporting(a))
    verb, words = next(((a, w) for a, w in replies if w), (None, []))
    if verb is None or len(words) > MAX_REPLY_WORDS:
        return None
    lowered = " ".join(t.lower_ for t in words)
    hedges = tuple(hedges_in(words))
    denies = any(t.lower_ in load_words("negations") for t in words)
    affirms = bool(hedges) or any(lowered == a or lowered.startswith(a + " ") for a in load_words("affirmations"))
    if not (affirms or denies):
        return None
    return Reply(verb=verb, hedges=hedges, denies=denies and not hedges)


def reply_words(verb: Token, parse: ArticleParse) -> list[Token]:
    """Words of the quotation right after the verb ('responded "partly"') or
    right before its speaker ('"Partly," Musk responded')."""
    subject = subject_of(verb)
    for start, end in parse.quoted:
        after_verb = start - 2 <= verb.i < start
        before_speaker = subject is not None and end < subject.left_edge.i <= end + 2
        if after_verb or before_speaker:
            return [t for t in parse.doc[start:end] if not t.is_punct and not t.is_space]
    return []


def speaker_link(verb: Token, clause_head: Token, parse: ArticleParse) -> tuple[str, str] | None:
    """(speaker, kind) for a clause reported by `verb`, or None when the subject
    cannot speak: "the testimony suggests that ..." is the writer's inference."""
    speaker = subject_of(verb)
    if speaker is not None and speaker.lemma_.lower() in load_words("report_nouns"):
        return speaker.lower_, RELAYED_REPORT
    if speaker is not None and not can_speak(speaker, parse):
        return None
    name = speaker_name(verb, parse)
    if verb.lemma_.lower() == "report":
        return name, RELAYED_REPORT
    quote = parse.quote_around(clause_head)
    if quote is not None and not quote[0] <= verb.i < quote[1]:
        return name, DIRECT_QUOTE
    return name, INDIRECT_QUOTE


def can_speak(speaker: Token, parse: ArticleParse) -> bool:
    """A name, a personal pronoun, or a noun of resources/speaker_nouns.txt
    (the rule quotes.py applies to reported speech)."""
    speaker = preferred_apposition(speaker, parse.entity_at)
    if is_pronoun(speaker):
        return bool(parse.entities.resolve_pronoun(speaker)) or speaker.lower_ in ("they", "we", "i")
    if speaker.i in parse.entity_at or speaker.pos_ in ("PROPN", "PRON"):
        return True
    return speaker.lemma_.lower() in load_words("speaker_nouns")


def speaker_name(verb: Token, parse: ArticleParse) -> str:
    speaker = subject_of(verb)
    if is_passive(verb):
        speaker = next((first_pobj(c) for c in verb.children if c.dep_ == "agent"), None)
    return parse.name_of(speaker) or UNNAMED


def according_to(token: Token, parse: ArticleParse) -> str:
    """X in "according to X" attached to `token`; unnamed reports keep their
    noun ("according to reports" -> "reports")."""
    for child in token.children:
        if child.lower_ != "according":
            continue
        to = next((c for c in child.children if c.lower_ == "to"), None)
        source = first_pobj(to) if to is not None else None
        if source is not None:
            if source.lemma_.lower() in load_words("report_nouns"):
                return source.lower_
            return parse.name_of(source) or UNNAMED
    return ""


def dedupe(links: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop a link that repeats the one before it ("Musk testified and admitted that ...")."""
    kept: list[tuple[str, str]] = []
    for link in links:
        if not kept or kept[-1][0] != link[0]:
            kept.append(link)
    return kept

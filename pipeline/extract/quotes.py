"""Speech: who is reported to have said what, with which verb.

Two kinds of quote claims come out of an article:

- direct: words in quotation marks with a speech cue attached, in any order
  ('"...," X said', 'said X', 'X said, "..."', 'X framed it as "..."',
  '"...," according to X'). The cue is attached when the quotation hangs from
  a reporting verb in the parse, or when only the speaker's words lie between
  the verb and the marks. Quoted words with no cue are terms, titles or scare
  quotes, not speech, and give no claim.
- reported: a reporting verb with a clausal complement that has its own subject
  ("Musk said that xAI used ...", "Musk told reporters xAI ...").

Refusals rather than guesses:
- A paragraph whose quotation marks do not pair up gives no direct quote:
  which mark is unclosed cannot be known (textacy's rule, per paragraph).
- Speech that did not happen is not reported: a cue under "if"/"unless", a
  modal or "to" ("would say", "too early to say"), or a generic speaker ("a
  CEO": indefinite article) in the present tense inside a clause describing
  something else ("a moment where a CEO says, '...'"), is the writer's
  illustration.
- A reported clause needs a speaker that can speak: a name, a personal
  pronoun or a noun from resources/speaker_nouns.txt. "The testimony suggests
  that ..." is the writer's inference.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.attrs import LOWER, POS
from spacy.tokens import Doc, Token

from pipeline.extract.context import ArticleContext
from pipeline.extract.entities import EntityIndex
from pipeline.extract.lexicons import load_words
from pipeline.extract.nlp import doc_text, token_values
from pipeline.records import Claim

ACCORDING_TO = "according to"

CONFIDENCE_NAMED = 1.0
"""The cue's own subject is a name or an unnamed source written out."""
CONFIDENCE_PRONOUN = 0.7
"""The subject is he/she, resolved to the nearest person named in full."""
CONFIDENCE_CONTINUATION = 0.6
"""A quotation standing alone right after a quoted speaker's sentence."""
CONFIDENCE_NEAREST_PERSON = 0.5
"""The cue has no subject: the nearest person named before is a guess."""
CONFIDENCE_UNRESOLVED = 0.4
"""The subject is a pronoun with no person to refer to; kept as written."""
LOOSE_ATTACHMENT = 0.9
"""Factor when the cue is only adjacent to the quotation or the subject is
shared with a coordinated verb: the parse did not link them directly."""

MAX_GAP_TOKENS = 6
"""Words allowed between a cue and the quotation marks when the parse does not
link them ("framed distillation as", "one analyst noted"); a longer gap is a
different clause."""

_CONDITIONAL_MARKS = frozenset({"if", "unless"})
_QUESTION_MARKS = frozenset({"whether", "if"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
_SPEAKER_WORDS = frozenset({"DET", "NUM", "ADJ", "NOUN", "PROPN", "PRON", "ADV", "PART"})
_GAP_WORDS = _SPEAKER_WORDS | {"ADP", "SCONJ"}
_CLAUSE_BREAKS = frozenset({"\u2014", "\u2013", ";", ":", "--"})

_DOUBLE_OPEN, _DOUBLE_CLOSE, _DOUBLE_STRAIGHT = "\u201c", "\u201d", '"'
_SINGLE_OPEN, _SINGLE_CLOSE, _SINGLE_STRAIGHT = "\u2018", "\u2019", "'"
_BEFORE_OPENING = " \t\n([{\u2014\u2013-/" + _DOUBLE_OPEN + _DOUBLE_STRAIGHT
_DOUBLE_MARKS = re.compile(f"[{_DOUBLE_OPEN}{_DOUBLE_CLOSE}{_DOUBLE_STRAIGHT}]")
_SINGLE_OPENING_MARKS = re.compile(f"[{_SINGLE_OPEN}{_SINGLE_STRAIGHT}]")
_SINGLE_CLOSING_MARKS = re.compile(f"[{_SINGLE_CLOSE}{_SINGLE_STRAIGHT}]")


@dataclass(frozen=True)
class Quotation:
    """Characters `opening` and `closing` are a matched pair of quotation marks."""

    opening: int
    closing: int

    @property
    def inner(self) -> tuple[int, int]:
        return self.opening + 1, self.closing


@dataclass(frozen=True)
class _Speaker:
    name: str
    token: Token | None
    confidence: float


@dataclass(frozen=True)
class _Cue:
    token: Token
    lemma: str
    loose: bool


def find_quotes(doc: Doc, ctx: ArticleContext, entities: EntityIndex) -> list[Claim]:
    """Direct and reported quotes of the article behind `doc`, in text order."""
    quotations, refused = _scan(doc_text(doc))
    quoted = _quoted_tokens(doc, quotations)
    claims = _direct_quotes(doc, ctx, entities, quotations, quoted)
    claims += _reported_speech(doc, ctx, entities, quoted, refused)
    return sorted(claims, key=lambda c: (c.char_start, c.char_end, c.detail))


def quotation_spans(text: str) -> list[Quotation]:
    """Top-level quotations in double or single marks, straight or curly.

    Double marks pair up within a paragraph; a paragraph where they do not
    gives none. Single marks count outside double ones only, and only at word
    edges, since the same character is the apostrophe ("it's").
    """
    return _scan(text)[0]


def _scan(text: str) -> tuple[list[Quotation], list[tuple[int, int]]]:
    """The quotations, and the paragraphs refused for unpaired double marks."""
    found: list[Quotation] = []
    refused: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        doubles = _double_quotations(paragraph)
        if doubles is None:
            refused.append((offset, offset + len(paragraph)))
            doubles = []
        singles = _single_quotations(paragraph, doubles)
        found += [Quotation(offset + q.opening, offset + q.closing) for q in doubles + singles]
        offset += len(paragraph) + 1
    return sorted(found, key=lambda q: q.opening), refused


def _double_quotations(paragraph: str) -> list[Quotation] | None:
    pairs, opening = [], None
    for mark in _DOUBLE_MARKS.finditer(paragraph):
        i, ch = mark.start(), mark.group()
        if ch == _DOUBLE_OPEN or (ch == _DOUBLE_STRAIGHT and opening is None):
            if opening is not None:
                return None
            opening = i
        else:
            if opening is None:
                return None
            pairs.append(Quotation(opening, i))
            opening = None
    return None if opening is not None else pairs


def _single_quotations(paragraph: str, doubles: list[Quotation]) -> list[Quotation]:
    def outside(i: int) -> bool:
        return not any(q.opening <= i <= q.closing for q in doubles)

    def overlaps_double(start: int, end: int) -> bool:
        return any(q.opening <= end and start <= q.closing for q in doubles)

    pairs: list[Quotation] = []
    resume = 0
    for mark in _SINGLE_OPENING_MARKS.finditer(paragraph):
        i = mark.start()
        if i < resume or not (_opens_single(paragraph, i) and outside(i)):
            continue
        closing = next(
            (m.start() for m in _SINGLE_CLOSING_MARKS.finditer(paragraph, i + 2) if _closes_single(paragraph, m.start())),
            None,
        )
        if closing is not None and not overlaps_double(i, closing):
            pairs.append(Quotation(i, closing))
            resume = closing + 1
    return pairs


def _opens_single(text: str, i: int) -> bool:
    return (
        text[i] in (_SINGLE_OPEN, _SINGLE_STRAIGHT)
        and (i == 0 or text[i - 1] in _BEFORE_OPENING)
        and i + 1 < len(text)
        and not text[i + 1].isspace()
    )


def _closes_single(text: str, i: int) -> bool:
    return (
        text[i] in (_SINGLE_CLOSE, _SINGLE_STRAIGHT)
        and not text[i - 1].isspace()
        and (i + 1 == len(text) or not text[i + 1].isalnum())
    )


def _quoted_tokens(doc: Doc, quotations: list[Quotation]) -> list[bool]:
    """For each token, whether it lies within a quotation (marks included)."""
    quoted = [False] * len(doc)
    for q in quotations:
        span = doc.char_span(q.opening, q.closing + 1, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                quoted[i] = True
    return quoted


def _direct_quotes(
    doc: Doc,
    ctx: ArticleContext,
    entities: EntityIndex,
    quotations: list[Quotation],
    quoted: list[bool],
) -> list[Claim]:
    claims: list[Claim] = []
    previous: tuple[Quotation, Claim] | None = None
    for q in quotations:
        claim = _direct_quote(doc, ctx, entities, q, quoted)
        if claim is None and previous and _continues(doc_text(doc), previous[0], q):
            claim = _continuation(doc_text(doc), ctx, q, previous[1])
        if claim is not None:
            claims.append(claim)
        previous = (q, claim) if claim is not None else None
    return claims


def _direct_quote(
    doc: Doc, ctx: ArticleContext, entities: EntityIndex, q: Quotation, quoted: list[bool]
) -> Claim | None:
    start, end = _trimmed(doc_text(doc), *q.inner)
    span = doc.char_span(q.opening, q.closing + 1, alignment_mode="expand")
    if start >= end or span is None or _looks_like_title(span):
        return None
    cue = _cue_of(doc, span.start, span.end, quoted)
    if cue is None:
        return None
    speaker = _speaker(cue, entities)
    if speaker is None or _hypothetical(cue.token, speaker.token):
        return None
    sources = _outer_sources(cue.token, entities, quoted) + [speaker.name]
    first = min(span.start, cue.token.i)
    last = max(span.end - 1, cue.token.i)
    return ctx.claim(
        "quote",
        start,
        end,
        detail="direct",
        value=" ".join(doc_text(doc)[start:end].split()),
        sentence=_sentences(doc, first, last),
        speaker=speaker.name,
        subject=speaker.name,
        cue=cue.lemma,
        predicate=cue.lemma,
        attribution=" > ".join(sources),
        attribution_kind="relayed_report" if len(sources) > 1 else "direct_quote",
        entities=_entities(entities, start, end, sources),
        negated=_negated(cue.token),
        confidence=_confidence(speaker, cue),
    )


def _continues(text: str, previous: Quotation, q: Quotation) -> bool:
    """Whether `q` is a sentence of its own right after an attributed quote's sentence."""
    between = text[previous.closing + 1:q.opening]
    after = text[q.closing + 1:q.closing + 2]
    inner = text[q.opening + 1:q.closing].rstrip()
    return (
        "\n" not in between
        and between.rstrip().endswith((".", "!", "?"))
        and inner.endswith((".", "!", "?"))
        and (after == "" or after.isspace())
    )


def _continuation(text: str, ctx: ArticleContext, q: Quotation, previous: Claim) -> Claim:
    start, end = _trimmed(text, *q.inner)
    return ctx.claim(
        "quote",
        start,
        end,
        detail="direct",
        value=" ".join(text[start:end].split()),
        sentence=text[q.opening:q.closing + 1],
        speaker=previous.speaker,
        subject=previous.subject,
        cue=previous.cue,
        predicate=previous.predicate,
        attribution=previous.attribution,
        attribution_kind=previous.attribution_kind,
        entities=previous.entities,
        confidence=min(previous.confidence, CONFIDENCE_CONTINUATION),
    )


def _cue_of(doc: Doc, start: int, end: int, quoted: list[bool]) -> _Cue | None:
    """The reporting verb the quotation doc[start:end] hangs from, or is next to.

    A quotation the parse makes the complement of a noun ("a book about '...'",
    "a game of '...'") is a term, not speech, unless the link is "as": the
    parser often hangs "framed distillation as '...'" on the object noun.
    """
    inside = range(start, end)
    nominal = False
    for token in doc[start:end]:
        if token.head.i in inside or token.is_punct or token.is_space:
            continue
        governor, via_as = _governor(token)
        lemma = cue_lemma(governor)
        if lemma and not quoted[governor.i] and governor.sent == token.sent:
            return _Cue(governor, lemma, loose=False)
        nominal = nominal or (governor.pos_ in {"NOUN", "PROPN", "PRON"} and not via_as)
    sentence = doc[start].sent
    for token in doc[sentence.start:sentence.end]:
        if token.head.i in inside and token.i not in inside and not quoted[token.i] and cue_lemma(token):
            return _Cue(token, cue_lemma(token), loose=False)
    if nominal:
        return None
    return _adjacent_cue(doc, start, -1, quoted) or _adjacent_cue(doc, end - 1, +1, quoted)


def _governor(token: Token) -> tuple[Token, bool]:
    """The content word above `token` past prepositions and markers, and whether
    the climb passed "as" ("practice" -> "as" -> "framed")."""
    governor, via_as = token.head, False
    for _ in range(2):
        function_word = governor.pos_ in {"ADP", "SCONJ", "PART"} and not cue_lemma(governor)
        if not function_word or governor.head.i == governor.i:
            break
        via_as = via_as or governor.lower_ == "as"
        governor = governor.head
    return governor, via_as


def _adjacent_cue(doc: Doc, mark: int, step: int, quoted: list[bool]) -> _Cue | None:
    """A reporting verb within a few speaker words of the quotation mark at doc[mark]."""
    i = mark + step
    if 0 <= i < len(doc) and doc[i].text in {",", ":"} and not quoted[i]:
        i += step
    allowed = _GAP_WORDS if step < 0 else _SPEAKER_WORDS
    for _ in range(MAX_GAP_TOKENS + 1):
        if not 0 <= i < len(doc) or quoted[i]:
            return None
        token = doc[i]
        lemma = cue_lemma(token)
        if lemma:
            return _Cue(token, lemma, loose=True)
        if token.pos_ not in allowed or token.is_space:
            return None
        i += step
    return None


def _possible_cues(doc: Doc) -> list[int]:
    """The tokens `cue_lemma` may accept: verbs, and "according"."""
    verb, according = doc.vocab.strings["VERB"], doc.vocab.strings["according"]
    return [
        i for i, (pos, lower) in enumerate(zip(token_values(doc, POS), token_values(doc, LOWER)))
        if pos == verb or lower == according
    ]


def cue_lemma(token: Token) -> str:
    """The reporting-verb entry `token` heads ("say", "point out", "according to"), or ""."""
    if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
        return ACCORDING_TO
    if token.pos_ != "VERB":
        return ""
    lemma = token.lemma_.lower()
    particles = [c.lower_ for c in token.children if c.dep_ == "prt"]
    cues = load_words("reporting_verbs")
    for particle in particles:
        if f"{lemma} {particle}" in cues:
            return f"{lemma} {particle}"
    return lemma if lemma in cues else ""


def _speaker(cue: _Cue, entities: EntityIndex) -> _Speaker | None:
    token, inherited = _subject(cue.token)
    if token is None:
        guess = entities.nearest_person(cue.token.idx)
        return _Speaker(guess, None, CONFIDENCE_NEAREST_PERSON) if guess else None
    name, confidence = _speaker_name(token, entities)
    if not name:
        return None
    if inherited:
        confidence *= LOOSE_ATTACHMENT
    return _Speaker(name, token, confidence)


def _subject(cue: Token) -> tuple[Token | None, bool]:
    """The cue's subject, or that of the verb it shares a subject with."""
    if cue.lower_ == "according":
        objects = [g for c in cue.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
        return (objects[0], False) if objects else (None, False)
    own = _own_subject(cue)
    if own is not None:
        return own, False
    walk = cue
    for _ in range(3):
        if walk.dep_ in {"ROOT", "ccomp", "acl", "relcl"} or walk.head.i == walk.i:
            break
        walk = walk.head
        subject = _own_subject(walk)
        if subject is not None:
            return subject, True
    return None, False


def _own_subject(verb: Token) -> Token | None:
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":
        return verb.head
    return subject


def _speaker_name(token: Token, entities: EntityIndex) -> tuple[str, float]:
    """The canonical name of a speaker, or an unnamed source as written."""
    if token.pos_ == "PRON" and "Prs" in token.morph.get("PronType"):
        resolved = entities.resolve_pronoun(token)
        return (resolved, CONFIDENCE_PRONOUN) if resolved else (token.text, CONFIDENCE_UNRESOLVED)
    named = entities.name_at(token) or next(
        (entities.name_at(c) for c in token.children if c.dep_ == "appos" and entities.name_at(c)), ""
    )
    if named:
        return named, CONFIDENCE_NAMED
    phrase = _noun_phrase(token)
    return (entities.canonical(phrase) if token.pos_ == "PROPN" else phrase), CONFIDENCE_NAMED


def _noun_phrase(token: Token) -> str:
    """The speaker as written: its modifiers and prepositional phrases, no clauses."""
    kept = [token]
    for child in token.children:
        if child.dep_ in {"det", "nummod", "amod", "compound", "poss", "quantmod", "nmod"} or (
            child.dep_ == "prep" and child.i > token.i
        ):
            kept += list(child.subtree)
    first, last = min(t.i for t in kept), max(t.i for t in kept)
    breaks = [t.i for t in token.doc[token.i:last + 1] if t.is_punct and t.text not in {"-", "'", "\u2019"}]
    span = token.doc[first:min(breaks + [last + 1])]
    return " ".join(span.text.split())


def _hypothetical(cue: Token, speaker: Token | None) -> bool:
    """Whether the cue reports speech that was not made (see the module docstring)."""
    if any(c.dep_ == "aux" and c.tag_ in {"MD", "TO"} for c in cue.children):
        return True
    walk = cue
    while True:
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in walk.children):
            return True
        if walk.head.i == walk.i or walk.dep_ == "ccomp":
            break
        walk = walk.head
    generic = speaker is not None and any(
        c.dep_ == "det" and "Ind" in c.morph.get("Definite") for c in speaker.children
    )
    speaker_i = speaker.i if speaker is not None else -1
    describes_other = cue.dep_ in {"relcl", "acl"} and cue.head.i != speaker_i
    return generic and cue.tag_ in {"VBZ", "VBP"} and describes_other


def _outer_sources(cue: Token, entities: EntityIndex, quoted: list[bool]) -> list[str]:
    """Who relays the speaker's words, outermost first.

    "Benzinga reported that Musk said ..." relays through Benzinga; "According
    to Reuters, Musk said ..." through Reuters, wherever in the clauses above
    the cue the "according to" hangs.
    """
    levels: list[list[str]] = []
    walk, came_from = cue, None
    while True:
        level = [
            name
            for child in walk.children
            if child.i not in (cue.i, came_from.i if came_from else -1) and cue_lemma(child) == ACCORDING_TO
            for name in _subject_name(child, entities)
        ]
        if came_from is not None and cue_lemma(walk) not in ("", ACCORDING_TO):
            reported = _reported_clause(walk, quoted)
            if reported is not None and reported.i == came_from.i:
                level += _subject_name(walk, entities)
        levels.append(level)
        if walk.head.i == walk.i:
            break
        walk, came_from = walk.head, walk
    return [name for level in reversed(levels) for name in level]


def _subject_name(verb: Token, entities: EntityIndex) -> list[str]:
    subject, _ = _subject(verb)
    name = _speaker_name(subject, entities)[0] if subject is not None else ""
    return [name] if name else []


def _reported_speech(
    doc: Doc,
    ctx: ArticleContext,
    entities: EntityIndex,
    quoted: list[bool],
    refused: list[tuple[int, int]],
) -> list[Claim]:
    """Reported clauses, except in paragraphs whose quotation marks do not pair up
    (what is quoted there, and so what is reported, is unknown)."""
    claims = []
    for i in _possible_cues(doc):
        token = doc[i]
        if quoted[i] or any(start <= token.idx < end for start, end in refused):
            continue
        claim = _reported_quote(ctx, entities, token, quoted)
        if claim is not None:
            claims.append(claim)
    return claims


def _reported_quote(
    ctx: ArticleContext, entities: EntityIndex, cue: Token, quoted: list[bool]
) -> Claim | None:
    lemma = cue_lemma(cue)
    if not lemma or lemma == ACCORDING_TO:
        return None
    clause = _reported_clause(cue, quoted)
    if clause is None or cue_lemma(clause):
        return None
    subject, inherited = _subject(cue)
    if subject is None or not _can_speak(subject, entities) or _hypothetical(cue, subject):
        return None
    name, confidence = _speaker_name(subject, entities)
    bounds = _clause_bounds(clause)
    if not name or bounds is None:
        return None
    start, end = bounds
    sources = _outer_sources(cue, entities, quoted) + [name]
    return ctx.claim(
        "quote",
        start,
        end,
        detail="reported",
        value=" ".join(ctx.article.text[start:end].split()),
        sentence=_sentences(cue.doc, cue.i, clause.i),
        speaker=name,
        subject=name,
        cue=lemma,
        predicate=lemma,
        attribution=" > ".join(sources),
        attribution_kind="relayed_report" if len(sources) > 1 else "indirect_quote",
        entities=_entities(entities, start, end, sources),
        negated=_negated(cue),
        confidence=round(confidence * (LOOSE_ATTACHMENT if inherited else 1.0), 2),
    )


def _reported_clause(cue: Token, quoted: list[bool]) -> Token | None:
    """The finite clause the cue reports, unless it is quoted or a question.

    The clause follows the cue ("Musk said that ..."), or precedes it when
    only the speaker stands between ("xAI used them, Musk said").
    """
    clauses = sorted(
        (c for c in cue.children if c.dep_ == "ccomp" and not quoted[c.i]),
        key=lambda c: (c.i < cue.i, c.i),
    )
    for clause in clauses:
        if not any(c.dep_ in _SUBJECT_DEPS for c in clause.children):
            continue
        if _is_question(clause):
            continue
        if clause.i < cue.i and not _only_speaker_between(clause, cue):
            continue
        return clause
    return None


def _is_question(clause: Token) -> bool:
    """An indirect question ("whether ...", "how much ...") reports no statement."""
    first = clause.left_edge
    return first.tag_ in {"WRB", "WP", "WDT", "WP$"} or any(
        c.dep_ == "mark" and c.lower_ in _QUESTION_MARKS for c in clause.children
    )


def _only_speaker_between(clause: Token, cue: Token) -> bool:
    gap = cue.doc[clause.right_edge.i + 1:cue.i]
    words = [t for t in gap if not (t.text == "," or t.is_space)]
    return len(words) <= MAX_GAP_TOKENS and all(t.pos_ in _SPEAKER_WORDS for t in words)


def _clause_bounds(clause: Token) -> tuple[int, int] | None:
    """Characters of the clause from after its "that", up to a dash or semicolon."""
    marks = [c.i for c in clause.children if c.dep_ == "mark" and c.i < clause.i]
    first = marks[-1] + 1 if marks else clause.left_edge.i
    kept = [t for t in clause.subtree if t.i >= first]
    stop = next((t.i for t in kept if t.text in _CLAUSE_BREAKS and t.i > clause.i), None)
    kept = [t for t in kept if stop is None or t.i < stop]
    while kept and (kept[0].pos_ == "PUNCT" or kept[0].is_space or kept[0].lower_ == "that"):
        kept.pop(0)
    while kept and (kept[-1].pos_ == "PUNCT" or kept[-1].is_space):
        kept.pop()
    if not kept:
        return None
    return kept[0].idx, kept[-1].idx + len(kept[-1])


def _can_speak(subject: Token, entities: EntityIndex) -> bool:
    if subject.pos_ == "PRON":
        return "Prs" in subject.morph.get("PronType") and "Neut" not in subject.morph.get("Gender")
    if entities.name_at(subject) or subject.pos_ == "PROPN":
        return True
    return subject.lemma_.lower() in load_words("speaker_nouns")


def _looks_like_title(span) -> bool:
    """Two or more words, all capitalised: a title ("The Art of War"), not speech."""
    words = [t for t in span if t.is_alpha and not t.is_stop]
    return len(words) > 1 and all(t.is_title for t in words)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The quoted words without surrounding spaces or the comma that ends the framing."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _sentences(doc: Doc, first: int, last: int) -> str:
    start = doc[first].sent.start_char
    end = doc[last].sent.end_char
    return doc_text(doc)[start:end].strip()


def _entities(entities: EntityIndex, start: int, end: int, sources: list[str]) -> str:
    named = {s for s in sources if s in entities.names}
    return "; ".join(sorted(named | set(entities.names_between(start, end))))


def _negated(cue: Token) -> bool:
    return any(c.dep_ == "neg" for c in cue.children)


def _confidence(speaker: _Speaker, cue: _Cue) -> float:
    factor = LOOSE_ATTACHMENT if cue.loose else 1.0
    return round(speaker.confidence * factor, 2)

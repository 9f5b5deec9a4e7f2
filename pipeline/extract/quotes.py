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
    speaker: _Speaker | None = None
    """Set when the cue is not a verb whose subject speaks (a label, a dash)."""


@dataclass(frozen=True)
class _Turn:
    """A turn of a transcript ("Lopez: We will appeal."): the words text[start:end]."""

    start: int
    end: int
    label_start: int
    speaker: str


def find_quotes(doc: Doc, ctx: ArticleContext, entities: EntityIndex) -> list[Claim]:
    """Direct and reported quotes of the article behind `doc`, in text order."""
    quotations, refused = _scan(doc_text(doc))
    turns = _transcript_turns(doc, entities, quotations)
    quoted = _quoted_tokens(doc, quotations + [Quotation(t.start - 1, t.end) for t in turns])
    reported = _reported_speech(doc, ctx, entities, quoted, refused)
    claims = _direct_quotes(doc, ctx, entities, quotations, quoted, reported)
    claims += [_turn_claim(doc, ctx, entities, t) for t in turns]
    claims += reported
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
    text = _entity_marks(text)
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
    found += _spanning_singles(text, found, refused)
    cut = _cut_quotation(text, refused)
    if cut is not None:
        found.append(cut)
        refused.pop()
    return sorted(found, key=lambda q: q.opening), refused


def _cut_quotation(text: str, refused: list[tuple[int, int]]) -> Quotation | None:
    """A quotation the excerpt was cut inside: the article's last paragraph,
    refused for one opening mark left open, and the text stops mid-sentence
    (no closing punctuation). The quotation runs to the end of the text."""
    stripped = text.rstrip()
    if not refused or refused[-1][1] < len(stripped) or not stripped or stripped[-1] in ".!?\"'\u201d\u2019)]":
        return None
    start, _ = refused[-1]
    marks = list(_DOUBLE_MARKS.finditer(text, start))
    pairs = _double_quotations(text[start:marks[-1].start()]) if marks else None
    if pairs is None or marks[-1].group() == _DOUBLE_CLOSE:
        return None
    return Quotation(marks[-1].start(), len(stripped))


_ENTITY_MARKS = re.compile(r"&(?:#8220|#8221|ldquo|rdquo);")


def _entity_marks(text: str) -> str:
    """`text` with the HTML entities of curly double marks written as one mark
    each, padded with spaces so that offsets stay those of `text`: the opening
    mark on the entity's last character, the closing one on its first."""
    if "&" not in text:
        return text

    def mark(m: re.Match) -> str:
        entity = m.group()
        if entity in ("&#8220;", "&ldquo;"):
            return " " * (len(entity) - 1) + _DOUBLE_OPEN
        return _DOUBLE_CLOSE + " " * (len(entity) - 1)

    return _ENTITY_MARKS.sub(mark, text)


def _double_quotations(paragraph: str) -> list[Quotation] | None:
    """Pairs of double marks. An opening curly mark while one is open closes it
    when it sits where a closing mark does (after a word, before a space or the
    end): a typesetting slip ('one by one,“ one of them said')."""
    pairs, opening = [], None
    for mark in _DOUBLE_MARKS.finditer(paragraph):
        i, ch = mark.start(), mark.group()
        closes_slip = (
            ch == _DOUBLE_OPEN
            and opening is not None
            and not paragraph[i - 1].isspace()
            and (i + 1 == len(paragraph) or paragraph[i + 1].isspace())
        )
        if not closes_slip and (ch == _DOUBLE_OPEN or (ch == _DOUBLE_STRAIGHT and opening is None)):
            if opening is not None:
                return None
            opening = i
        else:
            if opening is None:
                return None
            pairs.append(Quotation(opening, i))
            opening = None
    return None if opening is not None else pairs


MAX_SPANNING_CHARS = 1500
"""How far a curly single quotation left open at a paragraph's end may run on
into the next paragraphs before its closing mark."""


def _spanning_singles(
    text: str, found: list[Quotation], refused: list[tuple[int, int]]
) -> list[Quotation]:
    """Curly single quotations over several paragraphs: an opening mark with no
    closing one in its paragraph, closed in a later paragraph by a mark right
    after the end of a sentence, with no other quotation in between."""
    spans: list[Quotation] = []
    for mark in re.finditer(_SINGLE_OPEN, text):
        i = mark.start()
        if not _opens_single(text, i) or any(q.opening <= i <= q.closing for q in found + spans):
            continue
        paragraph_end = text.find("\n", i)
        if paragraph_end < 0:
            continue
        for close in re.finditer(_SINGLE_CLOSE, text[paragraph_end:paragraph_end + MAX_SPANNING_CHARS]):
            j = paragraph_end + close.start()
            if text[j - 1] in ".!?\u2026" and (j + 1 == len(text) or not text[j + 1].isalnum()):
                clear = not any(i < q.opening < j for q in found) and not _DOUBLE_MARKS.search(text, i, j)
                if clear and not any(s <= i < e or s <= j < e for s, e in refused):
                    spans.append(Quotation(i, j))
                break
    return spans


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
        span = doc.char_span(q.opening, min(q.closing + 1, len(doc_text(doc))), alignment_mode="expand")
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
    reported: list[Claim],
) -> list[Claim]:
    text = doc_text(doc)
    claims: list[Claim] = []
    previous: tuple[Quotation, Claim] | None = None
    for q in quotations:
        claim = _direct_quote(doc, ctx, entities, q, quoted)
        if claim is None and previous and _continues(text, previous[0], q):
            claim = _continuation(text, ctx, q, previous[1])
        if claim is None:
            anchor = _floating_anchor(text, q, claims, reported)
            if anchor is not None:
                claim = _continuation(text, ctx, q, anchor)
        if claim is not None:
            claims.append(claim)
        previous = (q, claim) if claim is not None else None
    return claims


def _floating_anchor(text: str, q: Quotation, direct: list[Claim], reported: list[Claim]) -> Claim | None:
    """The attributed speech a cue-less quotation carries on from, or None.

    The quotation is a sentence of its own (several words, ending a sentence)
    that opens its paragraph or follows a sentence end, and only the rest of
    the sentence of the last attributed speech before it lies between: that
    speech's paragraph, or a paragraph break after it ('..., said the mayor.
    "We will rebuild."'). Anything else in between breaks the chain.
    """
    inner = text[q.opening + 1:q.closing].strip()
    if len(inner.split()) < 3 or not inner.rstrip("\u201d\u2019\"'").endswith((".", "!", "?", ",", "\u2026")):
        return None
    before = text[text.rfind("\n", 0, q.opening) + 1:q.opening].rstrip()
    if before and not before.endswith((".", "!", "?", _DOUBLE_CLOSE, _DOUBLE_STRAIGHT)):
        return None
    earlier = [c for c in direct + reported if c.char_end <= q.opening and c.speaker]
    if not earlier:
        return None
    anchor = max(earlier, key=lambda c: c.char_end)
    gap = text[anchor.char_end:q.opening]
    first, *rest = gap.split("\n")
    if any(part.strip() for part in rest) or len(rest) > 2:
        return None
    body = _DOUBLE_MARKS.sub("", first).strip().rstrip(".!?")
    marks = len(_DOUBLE_MARKS.findall(first))
    if re.search(r"[.!?]\s", body + " ") or marks > (1 if anchor.detail == "direct" else 0):
        return None
    return anchor


_TURN_LABEL = re.compile(
    r"(?:^|(?<=[.?!:]\s)|(?<=[.?!:][\"\u201d\u2019\]\)]\s))"
    r"((?:[A-Z][a-z]{0,3}\. |[A-Z][\w'\u2019&-]* ){0,4}[A-Z][\w'\u2019-]*):[ \t]+(?=[^\s\"\u201c\u2018])",
    re.M,
)
MAX_TURN_DISTANCE = 600
"""Characters from one turn label to the next for both to be one exchange."""
_SENTENCE_END = re.compile(r"[.?!](?=\s+[A-Z\"\u201c])")


def _transcript_turns(doc: Doc, entities: EntityIndex, quotations: list[Quotation]) -> list[_Turn]:
    """Turns of a transcript or Q&A: "Lopez: Do you agree?" / "Becker: Partly."

    A label is a person's name (or a title before one) and a colon, at the
    start of a paragraph or after a sentence. Turns count only in an exchange:
    a label of another person within MAX_TURN_DISTANCE characters. A turn runs
    to the next label in its paragraph, else to the paragraph's end; a last
    turn that started inside a paragraph keeps only its first sentence, since
    the writer's text may follow it on the same line.
    """
    text = doc_text(doc)
    if ":" not in text:
        return []
    labels = []
    for m in _TURN_LABEL.finditer(text):
        if any(q.opening <= m.start() <= q.closing for q in quotations):
            continue
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is None:
            continue
        name = entities.name_at(span[-1]) or entities.canonical(span[-1].text)
        if name and entities.is_person(name):
            labels.append((m.start(1), m.end(), name))
    turns = []
    for k, (label_start, start, name) in enumerate(labels):
        others = [o for o in labels[max(0, k - 1):k] + labels[k + 1:k + 2] if o[2] != name]
        if not any(abs(o[0] - label_start) <= MAX_TURN_DISTANCE for o in others):
            continue
        paragraph_start = text.rfind("\n", 0, label_start) + 1
        paragraph_end = text.find("\n", start)
        paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
        following = [o[0] for o in labels[k + 1:k + 2] if o[0] < paragraph_end]
        end = following[0] if following else paragraph_end
        if not following and text[paragraph_start:label_start].strip():
            stop = _SENTENCE_END.search(text, start, end)
            end = stop.end() if stop else end
        first, last = _trimmed(text, start, end)
        if first < last and len(text[first:last].split()) >= 1:
            turns.append(_Turn(first, last, label_start, name))
    return turns


def _turn_claim(doc: Doc, ctx: ArticleContext, entities: EntityIndex, turn: _Turn) -> Claim:
    text = doc_text(doc)
    return ctx.claim(
        "quote",
        turn.start,
        turn.end,
        detail="direct",
        value=" ".join(text[turn.start:turn.end].split()),
        sentence=text[turn.label_start:turn.end],
        speaker=turn.speaker,
        subject=turn.speaker,
        cue=":",
        predicate=":",
        attribution=turn.speaker,
        attribution_kind="direct_quote",
        entities=_entities(entities, turn.start, turn.end, [turn.speaker]),
        negated=False,
        confidence=round(CONFIDENCE_NAMED * LOOSE_ATTACHMENT, 2),
    )


def _direct_quote(
    doc: Doc, ctx: ArticleContext, entities: EntityIndex, q: Quotation, quoted: list[bool]
) -> Claim | None:
    start, end = _trimmed(doc_text(doc), *q.inner)
    span = doc.char_span(q.opening, min(q.closing + 1, len(doc_text(doc))), alignment_mode="expand")
    if start >= end or span is None:
        return None
    cue = _cue_of(doc, span.start, span.end, quoted, entities)
    name_in_use = cue is not None and cue.speaker is not None and not cue.speaker.name
    if cue is None or (_looks_like_title(span) and cue.lemma != ":" and not name_in_use):
        return None
    speaker = cue.speaker or _speaker(cue, entities, before=min(q.opening, cue.token.idx))
    if speaker is None or (cue.speaker is None and _hypothetical(cue.token, speaker.token)):
        cue = _adjacent_cue(doc, span.end - 1, +1, quoted)  # "to respond to the "devastating flooding," Abbott said"
        speaker = _speaker(cue, entities, before=min(q.opening, cue.token.idx)) if cue is not None else None
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
        attribution_kind="relayed_report" if previous.attribution_kind == "relayed_report" else "direct_quote",
        entities=previous.entities,
        confidence=min(previous.confidence, CONFIDENCE_CONTINUATION),
    )


def _cue_of(doc: Doc, start: int, end: int, quoted: list[bool], entities: EntityIndex) -> _Cue | None:
    """The reporting verb the quotation doc[start:end] hangs from, or is next to.

    A quotation the parse makes the complement of a noun ("a book about '...'",
    "a game of '...'") is a term, not speech, unless the link is "as": the
    parser often hangs "framed distillation as '...'" on the object noun.
    Failing a verb: a label and colon before it ('Lopez: "..."'), a dash and a
    name after it ('"..." \u2014 Maria Lopez'), a verb of saying whose
    clause holds it ('said it was "mostly" fixed'), or a speech noun ('her
    statement, "..."').
    """
    inside = range(start, end)
    nominal = False
    for token in doc[start:end]:
        if token.head.i in inside or token.is_punct or token.is_space:
            continue
        base = token
        while base.dep_ == "conj" and base.head.i != base.i and base.head.pos_ in {"NOUN", "PROPN"}:
            base = base.head
        governor, via_as = _governor(base)
        lemma = _quote_cue(governor)
        if lemma and not quoted[governor.i] and governor.sent == token.sent:
            return _Cue(governor, lemma, loose=False)
        double = doc[start].text[:1] in (_DOUBLE_OPEN, _DOUBLE_STRAIGHT)
        naming = _naming_cue(governor, base, via_as, quoted, double)
        if naming is not None and (double or len([t for t in doc[start:end] if t.is_alpha]) > 2):
            return naming
        nominal = nominal or (governor.pos_ in {"NOUN", "PROPN", "PRON"} and not via_as)
    sentence = doc[start].sent
    for token in doc[sentence.start:sentence.end]:
        if token.head.i in inside and token.i not in inside and not quoted[token.i] and _quote_cue(token):
            return _Cue(token, _quote_cue(token), loose=False)
    labelled = _label_cue(doc, start, end, quoted, entities)
    if labelled is not None:
        return labelled
    if not nominal:
        adjacent = _adjacent_cue(doc, start, -1, quoted) or _adjacent_cue(doc, end - 1, +1, quoted)
        if adjacent is not None:
            return adjacent
    return _embedding_cue(doc, start, end, quoted, entities) if _speech_like(doc[start:end]) else None


def _quote_cue(token: Token) -> str:
    """`cue_lemma`, or a verb of resources/quote_cues.txt ("shared", "pressed")."""
    lemma = cue_lemma(token)
    if lemma or token.pos_ != "VERB":
        return lemma
    lemma = token.lemma_.lower()
    return lemma if lemma in load_words("quote_cues") else ""


def _naming_cue(governor: Token, token: Token, via_as: bool, quoted: list[bool], double: bool) -> _Cue | None:
    """A naming verb the quotation is the object or "as" complement of ('what
    they called "..."'); as a bare participle ('known as "..."') its words
    are a name in use, with no speaker."""
    if governor.pos_ != "VERB" or quoted[governor.i] or not (via_as or token.dep_ in {"oprd", "dobj", "attr"}):
        return None
    lemma = governor.lemma_.lower()
    subject = _own_subject(governor)
    if lemma in load_words("quote_naming_verbs") and subject is not None:
        return _Cue(governor, lemma, loose=False)
    passive_participle = governor.tag_ == "VBN" and governor.dep_ in {"acl", "relcl", "advcl", "conj"}
    if passive_participle and subject is None and double and lemma in load_words("quote_participle_names"):
        return _Cue(governor, lemma, loose=True, speaker=_Speaker("", None, CONFIDENCE_UNRESOLVED))
    return None


_LABEL_BREAK = re.compile(r"(?:[.!?][\"\u201d\u2019]?\s|\n)")
MAX_LABEL_TOKENS = 8
"""A colon label with no subject ('Lopez in court: "..."') is a headline's; a
longer stretch before the colon is a sentence that needs a speaking subject."""


def _label_cue(doc: Doc, start: int, end: int, quoted: list[bool], entities: EntityIndex) -> _Cue | None:
    """A speaker before a colon opening the quotation ('Lopez pressed: "..."',
    'Lopez in court: "..."'), or a name after a dash closing it ('"..." \u2014 Lopez')."""
    colon = start - 1
    while colon >= 0 and doc[colon].is_space:
        colon -= 1
    if colon > 0 and doc[colon].text == ":" and not quoted[colon]:
        text = doc_text(doc)
        breaks = list(_LABEL_BREAK.finditer(text, 0, doc[colon].idx))
        first_char = breaks[-1].end() if breaks else 0
        segment = [t for t in doc[:colon] if t.idx >= first_char and not quoted[t.i]][-40:]
        subjects = [t for t in segment if t.dep_ in {"nsubj", "nsubjpass"} and t.head.i < colon]
        if subjects:
            subject = subjects[0]
            if not _can_speak(subject, entities) or subject.tag_ in {"WP", "WDT"}:
                return None
            name, confidence = _speaker_name(subject, entities, before=subject.idx)
            verb = subject.head
            lemma = _quote_cue(verb) or verb.lemma_.lower()
            return _Cue(verb, lemma, loose=True, speaker=_Speaker(name, subject, confidence * LOOSE_ATTACHMENT))
        if 0 < len(segment) <= MAX_LABEL_TOKENS:
            person = _person_in(segment, entities)
            if person:
                return _Cue(doc[colon], ":", loose=True, speaker=_Speaker(person, None, CONFIDENCE_NAMED * LOOSE_ATTACHMENT))
        return None
    dash = end
    if dash < len(doc) and doc[dash].text in {"\u2014", "\u2013"} and not quoted[dash]:
        after = [t for t in doc[dash + 1:dash + 5] if not t.is_space]
        if after and after[0].pos_ == "PROPN":
            name = entities.name_at(after[0])
            if name and entities.is_person(name):
                return _Cue(doc[dash], "\u2014", loose=True, speaker=_Speaker(name, after[0], CONFIDENCE_NAMED * LOOSE_ATTACHMENT))
    return None


def _person_in(tokens: list[Token], entities: EntityIndex) -> str:
    """The first person named among `tokens`, or ""."""
    for token in tokens:
        name = entities.name_at(token) if token.pos_ == "PROPN" else ""
        if name and entities.is_person(name):
            return name
    return ""


MAX_EMBEDDING_STEPS = 7
"""Heads climbed from a quotation to the verb of saying whose clause holds it."""
_EMBEDDING_LINKS = frozenset({"ccomp", "xcomp", "advcl", "conj", "pcomp", "pobj", "prep", "acl", "relcl"})
"""The last link into the verb of saying: a clause or a phrase, not an object
noun phrase that the quotation only modifies ('admitted the "rough" plan')."""


def _embedding_cue(doc: Doc, start: int, end: int, quoted: list[bool], entities: EntityIndex) -> _Cue | None:
    """The verb of saying (or speech noun) whose clause holds a quotation that is
    only part of what was said ('told the court it was "partly" true')."""
    inside = range(start, end)
    tops = [t for t in doc[start:end] if t.head.i not in inside and not (t.is_punct or t.is_space)]
    if not tops:
        return None
    node = tops[0]
    for _ in range(MAX_EMBEDDING_STEPS):
        head = node.head
        if head.i == node.i or head.sent != node.sent:
            return None
        lemma = "" if quoted[head.i] else cue_lemma(head) or _quote_cue(head)
        if lemma and lemma != ACCORDING_TO and node.dep_ in _EMBEDDING_LINKS:
            subject, _ = _subject(head)
            if subject is None or not _can_speak(subject, entities):
                return None
            return _Cue(head, lemma, loose=True)
        if head.pos_ == "NOUN" and head.lemma_.lower() in load_words("quote_speech_nouns"):
            owner = next((c for c in head.children if c.dep_ in {"poss", "compound"} and _can_speak(c, entities)), None)
            if owner is not None:
                name, confidence = _speaker_name(owner, entities, before=owner.idx)
                if name:
                    return _Cue(head, head.lemma_.lower(), loose=True, speaker=_Speaker(name, owner, confidence * LOOSE_ATTACHMENT))
        node = head
    return None


def _speech_like(span) -> bool:
    """Quoted words that can be part of what someone said: not a title, not a
    term (nouns only, or one bare verb: "distillation", "copying")."""
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if not words or _looks_like_title(span):
        return False
    if all(t.pos_ in {"NOUN", "PROPN"} for t in words):
        return False
    return len(words) > 1 or words[0].pos_ in {"ADJ", "ADV"}


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
    elif step > 0 and 0 <= i < len(doc) and doc[i].text == ";" and re.search(r"&#?\w+$", doc[mark].text):
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


def _speaker(cue: _Cue, entities: EntityIndex, before: int | None = None) -> _Speaker | None:
    token, inherited = _subject(cue.token)
    if token is not None and token.lemma_.lower() in load_words("quote_speech_nouns"):
        token = next((c for c in token.children if c.dep_ == "poss"), token)  # "Boeing's statement reads": Boeing
    if token is None:
        guess = entities.nearest_person(cue.token.idx)
        return _Speaker(guess, None, CONFIDENCE_NEAREST_PERSON) if guess else None
    name, confidence = _speaker_name(token, entities, before=before)
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
    as_saying = [g for c in cue.children if c.lower_ == "as" for g in c.children if g.dep_ == "pcomp" and cue_lemma(g)]
    objects = [c for c in cue.children if c.dep_ == "dobj"]
    if as_saying and objects:  # "quoted an official as saying"
        return objects[0], False
    own = _own_subject(cue)
    if own is not None:
        return own, False
    if cue.dep_ == "pcomp" and cue.head.lower_ == "as":  # "quoted an official as saying"
        quoting = cue.head.head
        objects = [c for c in quoting.children if c.dep_ == "dobj"]
        if objects and quoting.pos_ == "VERB":
            return objects[0], False
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
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    named = [c for c in subjects if c.pos_ == "PROPN" and c.ent_type_ == "PERSON"]
    subject = (named or subjects or [None])[0]
    if subject is not None and subject.tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":
        return verb.head
    return subject


def _speaker_name(token: Token, entities: EntityIndex, before: int | None = None) -> tuple[str, float]:
    """The canonical name of a speaker, or an unnamed source as written.

    A pronoun resolves to the nearest person before `before` (the quotation,
    when it comes first: not a name inside the quoted words), "they" to the
    nearest plural subject earlier in the sentence.
    """
    if token.pos_ == "PRON" and "Prs" in token.morph.get("PronType"):
        resolved = _resolve_pronoun(token, entities, token.idx if before is None else min(before, token.idx))
        return (resolved, CONFIDENCE_PRONOUN) if resolved else (token.text, CONFIDENCE_UNRESOLVED)
    own = entities.name_at(token)
    appositions = [entities.name_at(c) for c in _appositions(token) if entities.name_at(c)]
    people = [name for name in appositions if entities.is_person(name)]
    if people and not entities.is_person(own):
        return people[0], CONFIDENCE_NAMED
    named = own or next(iter(appositions), "")
    if named and len(named.split()) == 1 and not entities.is_person(named):
        named = _misspelt_person(named, entities) or named
    if named:
        return named, CONFIDENCE_NAMED
    if token.pos_ == "PROPN":
        return _misspelt_person(token.text, entities) or entities.canonical(_noun_phrase(token)), CONFIDENCE_NAMED
    phrase = _noun_phrase(token)
    return _organisation_named(token, entities) or phrase, CONFIDENCE_NAMED


def _appositions(token: Token, depth: int = 2) -> list[Token]:
    """Words set beside `token` as another name for it ("President of X, Maria Lopez,"), nearest first."""
    found = []
    for child in token.children:
        if child.dep_ == "appos" or (child.dep_ == "conj" and _comma_apposed(token, child)):
            found.append(child)
            if depth > 1:
                found += _appositions(child, depth - 1)
    return found


def _comma_apposed(head: Token, conj: Token) -> bool:
    """A "conj" the parser made of an apposition: set off by a comma, no "and"/"or"."""
    between = head.doc[head.i + 1:conj.left_edge.i]
    return any(t.text == "," for t in between) and not any(t.dep_ == "cc" for t in between)


def _resolve_pronoun(token: Token, entities: EntityIndex, before: int) -> str:
    if token.lower_ == "they":
        earlier = [
            t for t in token.sent
            if t.i < token.i and t.dep_ == "nsubj" and t.pos_ in {"NOUN", "PROPN"} and "Plur" in t.morph.get("Number")
        ]
        return _noun_phrase(earlier[-1]) if earlier else ""
    if not entities.resolve_pronoun(token):
        return ""
    person = entities.nearest_person(before)
    described = _described_person(token, entities, person, before)
    return described or person


def _described_person(pronoun: Token, entities: EntityIndex, person: str, before: int) -> str:
    """An unnamed person the pronoun more likely refers to than `person`: the
    last subject noun that can speak and fits its gender ("A woman at the
    hospital said ... she told"), written after `person`'s last mention."""
    after = max((m.end for m in entities.mentions if m.name == person and m.end <= before), default=0)
    doc = pronoun.doc
    window = doc.char_span(after, before, alignment_mode="expand") if after < before else None
    if window is None:
        return ""
    gender = set(pronoun.morph.get("Gender"))
    fitting = load_words("quote_feminine_nouns") if "Fem" in gender else load_words("quote_masculine_nouns")
    other = load_words("quote_masculine_nouns") if "Fem" in gender else load_words("quote_feminine_nouns")
    candidates = [
        t for t in window[-120:]
        if t.dep_ in {"nsubj", "nsubjpass"} and t.pos_ == "NOUN" and "Sing" in t.morph.get("Number")
        and t.lemma_.lower() not in other
        and (t.lemma_.lower() in fitting or t.lemma_.lower() in load_words("quote_person_nouns"))
    ]
    return _noun_phrase(candidates[-1]) if candidates else ""


def _misspelt_person(word: str, entities: EntityIndex) -> str:
    """The one person whose surname `word` misspells by a letter ("Abbot"), or ""."""
    known = entities.canonical(word)
    if len(word) < 5 or (entities.is_person(known) and len(known.split()) > 1):
        return ""
    close = {
        name for name, label in entities.names.items()
        if label == "PERSON" and len(name.split()) > 1 and _one_edit(word.lower(), name.split()[-1].lower())
    }
    return close.pop() if len(close) == 1 else ""


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _organisation_named(token: Token, entities: EntityIndex) -> str:
    """The one organisation of the article whose name holds the head noun of
    "the camp", "the agency", or ""."""
    if token.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return ""
    word = token.lower_
    names = {
        name for name, label in entities.names.items()
        if label in {"ORG", "FAC", ""} and len(name.split()) > 1 and word in name.lower().split()
    }
    return names.pop() if len(names) == 1 else ""


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

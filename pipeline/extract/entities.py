"""One canonical name per person or organisation within an article.

The small English model finds names well enough but labels and bounds them
inconsistently. These rules, each a general habit of news writing, put that
right within one article:

- Possessives, titles and articles are not part of a name: "Musk's" -> "Musk",
  "CEO Sam Altman" -> "Sam Altman" (titles: resources/person_titles.txt).
- A person is named in full once and by surname after, so a shorter name that
  is a run of words of exactly one full name ("Musk" in "Elon Musk") resolves
  to it. A company may drop its legal suffix ("Apple" -> "Apple Inc.";
  resources/company_suffixes.txt). Other names are not merged by containment:
  "US" is not "US Copyright Office" and "Google" is not "Google DeepMind".
- Headlines are in title case, where capitals say nothing about names: their
  mentions resolve to names found in the body but never introduce one.
- A run of proper nouns in the body that the model left unlabelled ("Elon
  Musk" in a sentence it misread) is a name of unknown kind.
- One label per name, by vote of its mentions, with three corrections. A
  multi-word name tagged PERSON at least once is a person (its bare surname is
  often tagged ORG). A one-word name also tagged as a company, place or product
  is not a person: the model takes one-word brand names for surnames, while an
  article names a real person in full at least once. A name with a digit is
  never a person ("GPT-4").
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.attrs import POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from pipeline.extract.lexicons import load_words
from pipeline.extract.nlp import doc_text, indices_where

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT"}
PERSON = "PERSON"
SUBJECT_DEPS = {"nsubj", "nsubjpass"}

_HEADLINE_MIN_WORDS = 3
"""Title-case test: lines with at least this many words of 4+ letters ..."""
_HEADLINE_CAPITALISED_SHARE = 0.9
"""... of which at least this share start with a capital. Body sentences that
open with two names ("Sam Altman and Greg Brockman testified") stay below it."""

_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


@dataclass(frozen=True)
class Mention:
    """Where the article names an entity, and which canonical name it is."""

    start: int
    end: int
    name: str
    is_subject: bool = False


@dataclass
class EntityIndex:
    """Canonical names of one article with their labels, and where they occur.

    `names` maps each canonical name to its label ("" when the model gave none);
    `aliases` maps every lower-cased form the article uses to its canonical name.
    """

    names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    mentions: tuple[Mention, ...] = ()
    _canonical: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """Answers of `canonical`, asked for every proper noun of the article: the names are
    fixed once the index is built, and each answer scans all of them."""

    @classmethod
    def from_doc(cls, doc: Doc) -> "EntityIndex":
        headlines = _headline_spans(doc_text(doc))
        labelled = _raw_mentions(doc)
        body = [m for m in labelled if not _inside_any(m.start, m.end, headlines)]
        body += _unlabelled_name_runs(doc, body, headlines)
        index = cls._from_raw(body)
        found = [Mention(m.start, m.end, index.canonical(m.text), m.is_subject) for m in body]
        found += [
            Mention(m.start, m.end, index.aliases[_key(m.text)], m.is_subject)
            for m in labelled
            if _inside_any(m.start, m.end, headlines) and _key(m.text) in index.aliases
        ]
        found += index._bare_name_tokens(doc, found)
        index.mentions = tuple(sorted(found, key=lambda m: (m.start, m.end, m.name)))
        return index

    @classmethod
    def _from_raw(cls, raw: list["_RawMention"]) -> "EntityIndex":
        forms = sorted({m.text for m in raw}, key=lambda t: (-len(t.split()), t))
        votes: dict[str, Counter[str]] = {form: Counter() for form in forms}
        for m in raw:
            votes[m.text][m.label] += 1
        full_names = [f for f in forms if len(f.split()) > 1 and _could_be_person(f, votes[f])]
        companies = [f for f in forms if _has_company_suffix(f)]
        index = cls()
        grouped: dict[str, Counter[str]] = {}
        for form in forms:
            canonical = _longer_form(form, full_names, companies)
            index.aliases[_key(form)] = canonical
            grouped.setdefault(canonical, Counter()).update(votes[form])
        index.names = {
            name: _label(name, grouped[name], votes.get(name, Counter())) for name in sorted(grouped)
        }
        return index

    def canonical(self, text: str) -> str:
        """The fullest name the article uses for `text`, else `text` cleaned."""
        if text not in self._canonical:
            self._canonical[text] = self._find_canonical(text)
        return self._canonical[text]

    def _find_canonical(self, text: str) -> str:
        name = clean_name(text)
        if not name:
            return ""
        known = self.aliases.get(_key(name))
        if known:
            return known
        full_names = [n for n, label in self.names.items() if len(n.split()) > 1 and label in (PERSON, "")]
        companies = [n for n in self.names if _has_company_suffix(n)]
        return _longer_form(name, full_names, companies)

    def label(self, name: str) -> str:
        return self.names.get(self.canonical(name), "")

    def is_person(self, name: str) -> bool:
        return self.label(name) == PERSON

    def name_at(self, token: Token) -> str:
        """The canonical name of the mention covering `token`, or ""."""
        for mention in self.mentions:
            if mention.start <= token.idx < mention.end:
                return mention.name
        return ""

    def names_between(self, start: int, end: int) -> list[str]:
        """Canonical names mentioned within text[start:end], sorted, each once."""
        return sorted({m.name for m in self.mentions if start <= m.start and m.end <= end})

    def resolve_pronoun(self, token: Token) -> str:
        """The person a singular he/she (him, his, her) most likely refers to, or ""."""
        morph = token.morph
        if token.pos_ != "PRON" or "Sing" not in morph.get("Number") or not (
            set(morph.get("Gender")) & {"Masc", "Fem"}
        ):
            return ""
        return self.nearest_person(token.idx)

    def nearest_person(self, before: int) -> str:
        """The person named in full whose mention ends nearest before character `before`, or "".

        A one-word name is too often a product the model took for a person; a
        name of unknown kind counts when it is the subject of its clause.
        """
        for mention in reversed(self.mentions):
            if mention.end > before:
                continue
            label = self.names.get(mention.name, "")
            if len(mention.name.split()) > 1 and (label == PERSON or (label == "" and mention.is_subject)):
                return mention.name
        return ""

    def _bare_name_tokens(self, doc: Doc, found: list[Mention]) -> list[Mention]:
        """Single proper nouns outside any mention that are a form of a known name."""
        covered = bytearray(len(doc_text(doc)) + 1)
        for m in found:
            covered[m.start:m.end] = b"\x01" * (m.end - m.start)
        extra = []
        for i in proper_nouns(doc):
            token = doc[i]
            if not all(covered[token.idx:token.idx + len(token)]):
                name = self.canonical(token.text)
                if name in self.names:
                    extra.append(Mention(token.idx, token.idx + len(token), name, token.dep_ in SUBJECT_DEPS))
        return extra


@dataclass(frozen=True)
class _RawMention:
    start: int
    end: int
    text: str
    label: str
    is_subject: bool


def clean_name(text: str) -> str:
    """`text` without quotes, possessive, leading article or title: "CEO Sam Altman's" -> "Sam Altman"."""
    words = text.replace("\u2019", "'").strip().strip("'\"\u201c\u201d").split()
    while len(words) > 1 and (words[0].lower() == "the" or _is_title(words[0])):
        words = words[1:]
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1]) if words[-1].lower().endswith(("'s", "s'")) else words[-1]
    return " ".join(w for w in words if w).strip("'\".,;:")


def _raw_mentions(doc: Doc) -> list[_RawMention]:
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS or "\n" in ent.text:
            continue
        tokens = _name_tokens(ent)
        if tokens:
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            text = " ".join(doc_text(doc)[start:end].split())
            if _WORD.search(text):
                subject = any(t.dep_ in SUBJECT_DEPS for t in tokens)
                mentions.append(_RawMention(start, end, text, ent.label_, subject))
    return mentions


def _name_tokens(span: Span) -> list[Token]:
    tokens = list(span)
    while len(tokens) > 1 and (tokens[0].pos_ in {"DET", "PUNCT"} or _is_title(tokens[0].text)):
        tokens.pop(0)
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    return tokens


def _unlabelled_name_runs(
    doc: Doc, labelled: list[_RawMention], headlines: list[tuple[int, int]]
) -> list[_RawMention]:
    """Runs of two or more capitalised proper nouns in the body that no entity covers."""
    covered = [(m.start, m.end) for m in labelled]
    runs: list[list[Token]] = []
    for i in proper_nouns(doc):
        token = doc[i]
        is_name_word = token.is_title and not _is_title(token.text)
        if is_name_word and runs and runs[-1][-1].i == token.i - 1 and runs[-1][-1].whitespace_ == " ":
            runs[-1].append(token)
        elif is_name_word:
            runs.append([token])
    mentions = []
    for run in runs:
        start, end = run[0].idx, run[-1].idx + len(run[-1])
        overlaps = any(s < end and start < e for s, e in covered)
        if len(run) > 1 and not overlaps and not _inside_any(start, end, headlines):
            text = doc_text(doc)[start:end]
            mentions.append(_RawMention(start, end, text, "", any(t.dep_ in SUBJECT_DEPS for t in run)))
    return mentions


def proper_nouns(doc: Doc) -> list[int]:
    return indices_where(doc, POS, frozenset({PROPN}))


def _headline_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the lines written in title case."""
    spans, offset = [], 0
    for line in text.split("\n"):
        words = [w for w in _WORD.findall(line) if len(w) >= 4]
        capitalised = sum(w[0].isupper() for w in words)
        if len(words) >= _HEADLINE_MIN_WORDS and capitalised >= _HEADLINE_CAPITALISED_SHARE * len(words):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _longer_form(name: str, full_names: list[str], companies: list[str]) -> str:
    """The one full name `name` abbreviates, else `name` (two candidates: no guess)."""
    words = name.lower().split()
    longer = [f for f in full_names + companies if len(f.split()) > len(words)]
    persons = {f for f in longer if f in full_names and _contains_run(f.lower().split(), words)}
    firms = {f for f in longer if f in companies and f.lower().split()[: len(words)] == words}
    candidates = persons or firms
    return next(iter(candidates)) if len(candidates) == 1 else name


def _could_be_person(form: str, votes: Counter[str]) -> bool:
    if any(ch.isdigit() for ch in form):
        return False
    return votes[PERSON] > 0 or set(votes) == {""}


def _label(name: str, votes: Counter[str], own_votes: Counter[str]) -> str:
    """The label of a canonical name from the labels of all its mentions (see the module
    docstring); ties go to the label first in alphabetical order."""
    labelled = Counter({label: n for label, n in votes.items() if label})
    if not labelled:
        return ""
    if any(ch.isdigit() for ch in name):
        labelled.pop(PERSON, None)
        return _most_common(labelled) if labelled else "PRODUCT"
    if len(name.split()) > 1 and own_votes[PERSON]:
        return PERSON
    if len(name.split()) == 1 and len(labelled) > 1:
        labelled.pop(PERSON, None)
    return _most_common(labelled)


def _most_common(labels: Counter[str]) -> str:
    return max(sorted(labels), key=lambda label: labels[label])


def _has_company_suffix(name: str) -> bool:
    words = name.split()
    return len(words) > 1 and words[-1].lower().rstrip(".") in _company_suffixes()


def _contains_run(words: list[str], part: list[str]) -> bool:
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _inside_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _key(text: str) -> str:
    return " ".join(clean_name(text).lower().split())


def _is_title(word: str) -> bool:
    return word.lower().rstrip(".") in _person_titles()


def _person_titles() -> frozenset[str]:
    return load_words("person_titles")


def _company_suffixes() -> frozenset[str]:
    return load_words("company_suffixes")

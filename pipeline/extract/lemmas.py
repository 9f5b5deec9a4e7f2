"""spaCy's lemmatizer, asked once per kind of word instead of once per word.

The English lemmatizer's answer depends only on a word's text, part of speech and
morphology (it caches on those three itself), but spaCy still makes a Token,
reads its morphology and sets its lemma word by word: 3% of the whole run in a
worker's profile. Here the three values come from one array per Doc, each
combination is sent to the lemmatizer once, and the lemmas go back as one array.
A word the memo has not seen goes to a copy of the rule-based lemmatizer whose word
indexes are sets (set_indexed). tests/test_lemmas.py checks every lemma against the
lemmatizer itself.
"""
from __future__ import annotations

import copy

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.lookups import Lookups, Table
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

CACHE_LIMIT = 1_000_000
"""Kinds of word remembered at most; the table starts again past it."""
READS_ONLY_THE_WORD = (Lemmatizer, EnglishLemmatizer)
"""Lemmatizers whose answer depends on nothing but ORTH, POS and MORPH (language subclasses may read more)."""


class MemoLemmatizer:
    """Callable on a tagged Doc, in place of the model's `lemmatizer` (whose `overwrite` it reads
    on each Doc). `lemmatize`: what a word not yet seen is sent to (default: the lemmatizer's own).
    Like the memo itself, it takes the lemmatizer's tables as they are when it is made."""

    def __init__(self, lemmatizer: Lemmatizer, lemmatize=None) -> None:
        self.lemmatizer = lemmatizer
        self.lemmatize = lemmatize
        self.lemmas: dict[tuple[int, int, int], int] = {}
        self.checked = False

    def __call__(self, doc: Doc) -> Doc:
        if not self.checked:  # the component checks its tables on its first Doc
            self.checked = True
            return self.lemmatizer(doc)
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        if not len(rows):
            return doc
        lemmas = rows[:, 3].copy()
        strings, overwrite, known = doc.vocab.strings, self.lemmatizer.overwrite, self.lemmas
        lemmatize = self.lemmatize or self.lemmatizer.lemmatize
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            value = known.get(key)
            if value is None:
                if len(known) > CACHE_LIMIT:
                    known.clear()
                value = known[key] = strings.add(lemmatize(doc[i])[0])
            lemmas[i] = value
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype=numpy.uint64).reshape(-1, 1))
        return doc


def memo_lemmatizer(component) -> MemoLemmatizer | None:
    """The memo for `component`, or None where its answers may depend on more than the word."""
    if type(component) not in READS_ONLY_THE_WORD or component.mode not in ("rule", "lookup"):
        return None
    return MemoLemmatizer(component, set_indexed(component).lemmatize if component.mode == "rule" else None)


def set_indexed(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A copy of the rule-based `lemmatizer` that tests whether a candidate form is a known
    word in a set: spaCy keeps each part of speech's index as the list it was stored as
    and scans it for every candidate form (57,528 nouns in the small English model). Over
    the 1,174 kinds of word of 100 synthetic articles, the same lemmas took 85 ms from the
    lists and 5 ms from sets (made once per process, in about 3 ms); a new worker meets most
    of its kinds of word at once. The model's own tables and cache are left as they are."""
    tables = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            table = Table(name, {key: frozenset(words) for key, words in table.items()})
        tables.set_table(name, table)
    fast = copy.copy(lemmatizer)
    fast.lookups = tables
    fast.cache = {}
    fast.lemmatize = fast.rule_lemmatize
    return fast

"""The attribute ruler through lookup tables sets what spaCy's own ruler sets, token for token."""
from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from pipeline.extract.attribute_rules import compile_ruler
from pipeline.ingest import ingest
from pipeline.records import Article
from tests.conftest import SAMPLE, SEEDS, needs_seeds

HARD_CASES = [
    "I gonna tell you: y'all ain't seen nothing, let's go.",  # two-token rules
    "There is a vote, and there were three before it.",  # expl + be
    "But the board did it anyway, but slowly; it was what it was.",  # DEP rules on 'it', 'but', 'did'
    "Which one?  That one, which the mayor has had.",  # WDT/DT as pronoun, double space
    "C'mon, he got ta go, and he gets it.",
]


def annotated(nlp, texts: list[str]) -> list[Doc]:
    """Docs parsed up to the attribute ruler, which is left to the caller."""
    ruler_at = nlp.pipe_names.index("attribute_ruler")
    with nlp.select_pipes(enable=nlp.pipe_names[:ruler_at]):
        return list(nlp.pipe(texts))


def token_attributes(docs: list[Doc]) -> list[tuple]:
    return [(t.text, t.pos_, str(t.morph), t.lemma_) for doc in docs for t in doc]


def compare(nlp, texts: list[str]) -> tuple[list[tuple], list[tuple]]:
    docs = annotated(nlp, texts)
    copies = [Doc(nlp.vocab).from_bytes(doc.to_bytes()) for doc in docs]
    spacy_ruler, compiled = nlp.get_pipe("attribute_ruler"), compile_ruler(nlp)
    assert compiled is not None
    return token_attributes([AttributeRuler.__call__(spacy_ruler, d) for d in docs]), token_attributes([compiled(d) for d in copies])


def test_hard_cases_get_the_same_attributes(nlp):
    expected, ours = compare(nlp, HARD_CASES)
    assert ours == expected
    assert ("gon", "go") in [(text, lemma) for text, _, _, lemma in ours]


def test_a_rule_that_sets_the_second_token_of_two(nlp):
    ours = dict((text, lemma) for text, _, _, lemma in compare(nlp, ["Let's see."])[1])
    assert ours["'s"] == "us"


def test_the_sample_corpus_gets_the_same_attributes(nlp):
    texts = [a.text for a in ingest([SAMPLE]) if isinstance(a, Article) and a.text]
    expected, ours = compare(nlp, texts)
    assert len(expected) > 2000
    assert ours == expected


@needs_seeds
def test_the_seeds_get_the_same_attributes(nlp):
    texts = [a.text for a in ingest([SEEDS]) if isinstance(a, Article) and a.text]
    expected, ours = compare(nlp, texts)
    assert ours == expected


def test_a_ruler_with_a_pattern_it_cannot_read_is_left_to_spacy():
    nlp = Language()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"SHAPE": "Xxxx"}]], {"POS": "PROPN"})
    assert compile_ruler(nlp) is None


def test_a_pipeline_without_a_ruler_has_nothing_to_compile():
    assert compile_ruler(Language()) is None


@pytest.mark.parametrize("pattern", [[{"LOWER": {"REGEX": "^colou?r$"}}], [{"TAG": {"NOT_IN": ["NN"]}, "LOWER": "red"}]])
def test_operators_are_read_as_spacy_reads_them(nlp, pattern):
    blank = Language(nlp.vocab)
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([pattern], {"LEMMA": "hue"})
    compiled = compile_ruler(blank)
    words = ["colour", "color", "red", "colours"]
    tags = ["NN", "NN", "JJ", "NNS"]
    expected = ruler(Doc(nlp.vocab, words=words, tags=tags))
    ours = compiled(Doc(nlp.vocab, words=words, tags=tags))
    assert [t.lemma_ for t in ours] == [t.lemma_ for t in expected]
    assert "hue" in [t.lemma_ for t in ours]


@pytest.mark.parametrize("pattern, index", [
    ([{"IS_SPACE": {"REGEX": "."}}], 0),  # spaCy reads a flag's regex against other strings
    ([{"LOWER": "gon"}, {"LOWER": "na"}], 2),  # spaCy raises when such a rule matches
])
def test_a_pattern_read_differently_here_is_left_to_spacy(pattern, index):
    nlp = Language()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([pattern], {"LEMMA": "x"}, index=index)
    assert compile_ruler(nlp) is None


def test_the_component_compiles_its_patterns_again_when_they_change():
    blank = Language()
    ruler = blank.add_pipe("pipeline_attribute_ruler")
    ruler.add_patterns([{"patterns": [[{"LOWER": "ferry"}]], "attrs": {"LEMMA": "boat"}}])
    assert [t.lemma_ for t in blank("the ferry")] == ["", "boat"]
    ruler.add_patterns([{"patterns": [[{"LOWER": "the"}]], "attrs": {"LEMMA": "a"}}])
    assert [t.lemma_ for t in blank("the ferry")] == ["a", "boat"]
    ruler.add_patterns([{"patterns": [[{"ORTH": "ferry"}]], "attrs": {"LEMMA": "ship"}}])  # read by spaCy's ruler
    assert [t.lemma_ for t in blank("the ferry")] == ["a", "ship"] and ruler.compiled is None

"""The pipeline's entity recogniser (pipeline_ner) finds what spaCy's finds: the same entities, the same claims."""
from __future__ import annotations

import dataclasses

import pytest

from pipeline.extract import is_extractable
from pipeline.extract.claims import claims_for_doc
from pipeline.extract.nlp import parse
from pipeline.ingest import ingest
from pipeline.records import Article
from pipeline.settings import Settings
from tests.conftest import SAMPLE, SEEDS, needs_seeds

TEXT = (
    "The vote was close and the hall was quiet. "
    "Mayor Ines Walcott said the ferry would run again on 4 June. "
    "Nobody expected that to happen so soon. "
    "It will carry 300 passengers."
)


def entities(doc) -> list[tuple[str, str]]:
    return [(ent.text, ent.label_) for ent in doc.ents]


def test_entities_match_those_of_spacys_recogniser(nlp, spacy_nlp):
    ours = next(parse(nlp, [(TEXT, None)], batch_size=4))[0]
    assert entities(ours) == entities(spacy_nlp(TEXT))
    assert ("Ines Walcott", "PERSON") in entities(ours)
    assert {t.ent_iob_ for t in ours[:10]} == {"O"}


def test_a_pipeline_without_a_recogniser_parses_as_usual(nlp):
    with nlp.select_pipes(disable=["ner"]):
        doc, context = next(parse(nlp, [(TEXT, "ctx")], batch_size=4))
    assert context == "ctx" and doc.ents == () and doc.has_annotation("DEP")


def claims_both_ways(nlp, spacy_nlp, inputs) -> tuple[list[dict], list[dict]]:
    articles = [a for a in ingest(inputs) if isinstance(a, Article) and is_extractable(a, Settings())]
    items = [(a.text, a) for a in articles]
    theirs = [dataclasses.asdict(c) for doc, a in spacy_nlp.pipe(items, as_tuples=True) for c in claims_for_doc(doc, a)]
    ours = [dataclasses.asdict(c) for doc, a in parse(nlp, items, 8) for c in claims_for_doc(doc, a)]
    return theirs, ours


@pytest.mark.slow
def test_the_claims_of_the_sample_corpus_are_spacys(nlp, spacy_nlp):
    theirs, ours = claims_both_ways(nlp, spacy_nlp, [SAMPLE])
    assert len(theirs) > 100
    assert ours == theirs


@pytest.mark.slow
@needs_seeds
def test_the_claims_of_the_seeds_are_spacys(nlp, spacy_nlp):
    theirs, ours = claims_both_ways(nlp, spacy_nlp, [SEEDS])
    assert len(theirs) > 100
    assert ours == theirs

"""The entity recogniser runs only on sentences that may hold an entity, and no claim is lost."""
from __future__ import annotations

import dataclasses

import pytest

from pipeline.extract import is_extractable
from pipeline.extract.claims import claims_for_doc
from pipeline.extract.nlp import entity_regions, parse
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


def test_sentences_without_names_numbers_or_dates_are_not_sent_to_the_recogniser(nlp):
    doc = next(parse(nlp, [(TEXT, None)], batch_size=4))[0]
    part, positions = entity_regions(doc)
    assert part.text.split() == "Mayor Ines Walcott said the ferry would run again on 4 June. It will carry 300 passengers.".split()
    assert [doc[i].text for i in positions] == [t.text for t in part]


def test_entities_match_those_of_the_whole_pipeline(nlp):
    selective = next(parse(nlp, [(TEXT, None)], batch_size=4))[0]
    assert entities(selective) == entities(nlp(TEXT))
    assert ("Ines Walcott", "PERSON") in entities(selective)


def test_every_token_of_a_skipped_sentence_is_outside_any_entity(nlp):
    doc = next(parse(nlp, [(TEXT, None)], batch_size=4))[0]
    assert doc.has_annotation("ENT_IOB")
    assert {t.ent_iob_ for t in doc[:10]} == {"O"}


def test_a_pipeline_without_a_recogniser_parses_as_usual(nlp):
    with nlp.select_pipes(disable=["ner"]):
        doc, context = next(parse(nlp, [(TEXT, "ctx")], batch_size=4))
    assert context == "ctx" and doc.ents == () and doc.has_annotation("DEP")


def claims_both_ways(nlp, inputs) -> tuple[list[dict], list[dict]]:
    articles = [a for a in ingest(inputs) if isinstance(a, Article) and is_extractable(a, Settings())]
    items = [(a.text, a) for a in articles]
    whole = [dataclasses.asdict(c) for doc, a in nlp.pipe(items, as_tuples=True) for c in claims_for_doc(doc, a)]
    selective = [dataclasses.asdict(c) for doc, a in parse(nlp, items, 8) for c in claims_for_doc(doc, a)]
    return whole, selective


@pytest.mark.slow
def test_no_claim_of_the_sample_corpus_is_lost(nlp):
    whole, selective = claims_both_ways(nlp, [SAMPLE])
    assert len(whole) > 100
    assert selective == whole


@pytest.mark.slow
@needs_seeds
def test_no_claim_of_the_seeds_is_lost(nlp):
    whole, selective = claims_both_ways(nlp, [SEEDS])
    assert len(whole) > 100
    assert selective == whole

"""`nlp(text)` annotates as the pipeline does: the same entities, tags and lemmas, the same claims."""
from __future__ import annotations

import dataclasses

from pipeline.extract import extract, is_extractable
from pipeline.extract.claims import claims_for_doc
from pipeline.extract.nlp import parse
from pipeline.ingest import ingest
from pipeline.records import Article
from pipeline.settings import Settings
from tests.conftest import SAMPLE


def annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_) for t in doc]


def sample_articles() -> list[Article]:
    return [a for a in ingest([SAMPLE]) if isinstance(a, Article) and is_extractable(a, Settings())]


def test_nlp_of_a_text_annotates_as_the_pipeline(nlp):
    articles = sample_articles()
    assert len(articles) >= 5
    parsed = [doc for doc, _ in parse(nlp, ((a.text, None) for a in articles), Settings().batch_size)]
    for article, doc in zip(articles, parsed, strict=True):
        alone = nlp(article.text)
        assert [(e.start, e.end, e.label_) for e in alone.ents] == [(e.start, e.end, e.label_) for e in doc.ents]
        assert annotations(alone) == annotations(doc)


def test_claims_of_nlp_of_a_text_are_those_of_extract(nlp):
    articles = sample_articles()
    ours = [dataclasses.asdict(c) for c in extract(articles, Settings(), nlp=nlp)]
    theirs = [dataclasses.asdict(c) for a in articles for c in claims_for_doc(nlp(a.text), a)]
    assert len(ours) > 100 and ours == theirs

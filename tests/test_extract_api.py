"""The extract stage as callers use it: Article in, Claim out."""
from __future__ import annotations

import dataclasses

from pipeline.extract import extract
from pipeline.records import Article

TEXT = (
    "Acme Corp said on Tuesday that it would close its Dayton plant.\n"
    "On March 3, 2025, the company confirmed that about 300 workers would lose their jobs. "
    "Jane Doe, the plant manager, said the closure cost $12 million.\n"
    "According to the Dayton Herald, Acme did not notify the city council."
)
ARTICLE = Article(doc_id="acme-1", source="inline", label="acme", text=TEXT, published="2025-03-05")


def test_every_claim_points_at_its_evidence(nlp):
    claims = list(extract([ARTICLE], nlp=nlp))
    assert {c.type for c in claims} >= {"event_date", "number", "assertion"}
    assert all(TEXT[c.char_start:c.char_end] == c.surface for c in claims)


def test_claims_carry_the_article_fields(nlp):
    claims = list(extract([ARTICLE], nlp=nlp))
    assert {(c.doc_id, c.source, c.published) for c in claims} == {("acme-1", "acme", "2025-03-05")}


def test_claim_ids_and_order_are_stable_across_runs(nlp):
    first = [dataclasses.astuple(c) for c in extract([ARTICLE], nlp=nlp)]
    second = [dataclasses.astuple(c) for c in extract([ARTICLE], nlp=nlp)]
    assert first == second
    assert len({row[0] for row in first}) == len(first)


def test_claims_come_in_text_order(nlp):
    starts = [c.char_start for c in extract([ARTICLE], nlp=nlp)]
    assert starts == sorted(starts)


def test_the_inline_article_claims(nlp):
    claims = list(extract([ARTICLE], nlp=nlp))
    dated = next(c for c in claims if c.type == "event_date" and c.surface == "March 3, 2025")
    assert (dated.value, dated.subject, dated.predicate) == ("2025-03-03", "company", "confirm")
    cost = next(c for c in claims if c.type == "number" and c.unit == "USD")
    assert (cost.surface, cost.value) == ("$12 million", "12000000")
    denial = next(c for c in claims if c.type == "assertion" and c.negated)
    assert (denial.subject, denial.predicate, denial.attribution, denial.attribution_kind) == (
        "Acme Corp", "notify", "Dayton Herald", "relayed_report"
    )


def test_rejected_articles_give_no_claims(nlp):
    rejected = dataclasses.replace(ARTICLE, status="rejected", reason="no article text")
    assert list(extract([rejected], nlp=nlp)) == []

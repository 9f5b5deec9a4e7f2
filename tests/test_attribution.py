"""Attribution: who a claim comes from, outermost source first."""
from __future__ import annotations

import pytest

from pipeline.extract.assertions import find_assertions
from pipeline.extract.context import ArticleContext
from pipeline.extract.entities import EntityIndex
from pipeline.extract.events import ArticleParse
from pipeline.records import Article


def claim_about_acme(nlp, text: str):
    """The assertion whose subject is Acme ("Acme copied the design")."""
    doc = nlp(text)
    article = Article(doc_id="doc", source="test", label="test", text=text)
    claims = find_assertions(ArticleParse(doc, ArticleContext.of(article), EntityIndex.from_doc(doc)))
    return next(c for c in claims if c.subject == "Acme")


@pytest.mark.parametrize("text, attribution, kind", [
    ("Acme copied the design.", "", "writer"),
    ("Jane Doe said that Acme copied the design.", "Jane Doe", "indirect_quote"),
    ('"Acme copied the design," Jane Doe said.', "Jane Doe", "direct_quote"),
    ("Reports say Acme copied the design.", "reports", "relayed_report"),
    ("The Daily Planet reported that Acme copied the design.", "Daily Planet", "relayed_report"),
    ("According to the Daily Planet, Acme copied the design.", "Daily Planet", "relayed_report"),
    ("Critics point out that Acme copied the design.", "Critics", "indirect_quote"),
    ("The testimony suggests that Acme copied the design.", "", "writer"),
    ("The lawsuit alleges that Acme copied the design.", "lawsuit", "indirect_quote"),
])
def test_source_and_kind(nlp, text, attribution, kind):
    claim = claim_about_acme(nlp, text)
    assert (claim.attribution, claim.attribution_kind) == (attribution, kind)


@pytest.mark.parametrize("text, attribution, kind", [
    ("According to the Daily Planet, Jane Doe said that Acme copied the design.",
     "Daily Planet > Jane Doe", "indirect_quote"),
    ("Jane Doe said that John Roe told her that Acme copied the design.", "Jane Doe > John Roe", "indirect_quote"),
])
def test_chains_run_outermost_first(nlp, text, attribution, kind):
    claim = claim_about_acme(nlp, text)
    assert (claim.attribution, claim.attribution_kind) == (attribution, kind)


def test_a_hedge_on_the_reporting_verb_qualifies_the_reported_claim(nlp):
    claim = claim_about_acme(nlp, "Jane Doe reportedly said that Acme copied the design.")
    assert (claim.hedge, claim.attribution) == ("reportedly", "Jane Doe")


def test_a_clause_that_only_modifies_a_reported_one_is_not_said_by_its_speaker(nlp):
    text = "Jane Doe confirmed that the deal closed, while analysts warned that Acme copied the design."
    claim = claim_about_acme(nlp, text)
    assert (claim.attribution, claim.attribution_kind) == ("analysts", "indirect_quote")

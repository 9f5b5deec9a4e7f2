"""Acceptance on the five reference articles in ../shared/seeds (read at run time)."""
from __future__ import annotations

import pytest

from pipeline.extract import extract
from pipeline.ingest import ingest
from tests.conftest import SEEDS, gold_document, needs_seeds

pytestmark = needs_seeds


@pytest.fixture(scope="module")
def seed_claims(nlp) -> dict[str, tuple]:
    """Seed prefix ("003") -> (article, its claims), through ingest and extract."""
    articles = [a for a in ingest([SEEDS]) if a.status == "ok"]
    claims = list(extract(articles, nlp=nlp))
    return {a.label[:3]: (a, [c for c in claims if c.doc_id == a.doc_id]) for a in articles}


def of_type(seed_claims, prefix: str, type_: str):
    return [c for c in seed_claims[prefix][1] if c.type == type_]


def one(claims, **fields):
    matches = [c for c in claims if all(getattr(c, k) == v for k, v in fields.items())]
    assert len(matches) == 1, f"{len(matches)} claims with {fields}"
    return matches[0]


def test_000_dates_the_testimony_may_1(seed_claims):
    claim = one(of_type(seed_claims, "000", "event_date"), value="2026-05-01")
    assert (claim.subject, claim.predicate) == ("Elon Musk", "testify")


@pytest.mark.parametrize("value, predicate", [("2026-04-30", "testify"), ("2026-04-29", "acknowledge")])
def test_003_gives_both_dates_of_the_testimony(seed_claims, value, predicate):
    claim = one(of_type(seed_claims, "003", "event_date"), value=value)
    assert (claim.subject, claim.predicate) == ("Elon Musk", predicate)


def test_003_places_the_acknowledgement_in_court(seed_claims):
    claim = one(of_type(seed_claims, "003", "event_date"), value="2026-04-29")
    assert "court" in claim.object


def test_002_this_week_is_an_unresolved_date_of_musks_testimony(seed_claims):
    claim = one(of_type(seed_claims, "002", "event_date"), surface="this week")
    assert (claim.value, claim.subject, claim.predicate) == ("", "Elon Musk", "drop bombshell")
    assert claim.reason


@pytest.mark.parametrize("surface, predicate", [("2018", "leave"), ("2024", "file lawsuit")])
def test_001_dates_the_board_departure_and_the_lawsuit(seed_claims, surface, predicate):
    claim = one(of_type(seed_claims, "001", "event_date"), surface=surface)
    assert (claim.value, claim.subject, claim.predicate) == (surface, "Elon Musk", predicate)


def test_003_donation_and_valuation(seed_claims):
    numbers = of_type(seed_claims, "003", "number")
    donation = one(numbers, surface="$38 million")
    assert (donation.value, donation.unit, donation.subject, donation.predicate) == (
        "38000000", "USD", "Elon Musk", "donate"
    )
    valuation = one(numbers, surface="roughly $1 trillion")
    assert (valuation.value, valuation.unit, valuation.approximate, valuation.predicate) == (
        "1000000000000", "USD", True, "valuation"
    )


def test_000_range_and_duration(seed_claims):
    numbers = of_type(seed_claims, "000", "number")
    saving = one(numbers, surface="60%-90%")
    assert (saving.value, saving.value_high, saving.unit) == ("60", "90", "percent")
    duration = one(numbers, surface="about 8 months")
    assert (duration.value, duration.unit, duration.detail, duration.approximate) == ("8", "months", "duration", True)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_gold_event_dates_and_numbers_are_found(seed_claims, seeds_gold, prefix):
    article, _ = seed_claims[prefix]
    for expected in gold_document(seeds_gold, prefix)["claims"]:
        if expected["type"] == "event_date" and expected["surface"]:
            start = article.text.index(expected["surface"])
            end = start + len(expected["surface"])
            dates = of_type(seed_claims, prefix, "event_date")
            inside = [c for c in dates if start <= c.char_start and c.char_end <= end]
            assert [c.value for c in inside] == [expected["value"] or ""]
        if expected["type"] == "number":
            low, high = expected["value"] if isinstance(expected["value"], list) else (expected["value"], None)
            claim = one(of_type(seed_claims, prefix, "number"), surface=expected["surface"])
            expected_values = (str(low), str(high) if high else "", expected["unit"])
            assert (claim.value, claim.value_high, claim.unit) == expected_values
            assert claim.approximate is expected.get("approximate", False)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_the_training_sentence_gives_an_assertion_about_xai(seed_claims, seeds_gold, prefix):
    article, claims = seed_claims[prefix]
    gold_claims = gold_document(seeds_gold, prefix)["claims"]
    gold = next(c for c in gold_claims if c.get("fact") == "xai_used_openai_outputs_for_grok")
    start = article.text.index(gold["surface"])
    covering = [
        c for c in claims
        if c.type == "assertion" and c.char_start <= start and start + len(gold["surface"]) <= c.char_end
    ]
    assert [c.subject for c in covering] == ["xAI"]
    assert {"Grok", "OpenAI"} <= set(covering[0].entities.split("; "))


@pytest.mark.parametrize("prefix, hedges", [
    ("000", {""}), ("001", {""}), ("002", {""}), ("003", {"", "partly"}), ("004", {""}),
])
def test_only_003_hedges_the_training_claim(seed_claims, prefix, hedges):
    about_training = [
        c for c in of_type(seed_claims, prefix, "assertion")
        if c.subject == "xAI" and {"Grok", "OpenAI"} <= set(c.entities.split("; "))
    ]
    assert {c.hedge for c in about_training} == hedges


def test_003_partly_answers_whether_xai_used_openai_technology(seed_claims):
    claim = one(of_type(seed_claims, "003", "assertion"), hedge="partly", subject="xAI")
    assert (claim.predicate, claim.attribution, claim.attribution_kind) == ("use", "Elon Musk", "direct_quote")


def test_003_places_the_courtroom_in_oakland(seed_claims):
    claim = one(of_type(seed_claims, "003", "location"), value="Oakland")
    assert claim.surface == "the Oakland courtroom"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_claim_is_its_span_of_the_article(seed_claims, prefix):
    article, claims = seed_claims[prefix]
    assert claims
    assert all(article.text[c.char_start:c.char_end] == c.surface for c in claims)

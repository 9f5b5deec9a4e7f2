"""Numbers: money, percentages, counts and durations, and what is not a number claim."""
from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.extract.context import ArticleContext
from pipeline.extract.entities import EntityIndex
from pipeline.extract.events import ArticleParse
from pipeline.extract.numbers import find_numbers, plain
from pipeline.records import Article


def numbers_in(nlp, text: str):
    doc = nlp(text)
    article = Article(doc_id="doc", source="test", label="test", text=text)
    return find_numbers(ArticleParse(doc, ArticleContext.of(article), EntityIndex.from_doc(doc)))


@pytest.mark.parametrize("text, surface, value, high, unit, detail, approximate", [
    ("The charity received $38 million from a donor.", "$38 million", "38000000", "", "USD", "money", False),
    ("Acme is valued at roughly \u20ac2.5bn.", "roughly \u20ac2.5bn", "2500000000", "", "EUR", "money", True),
    ("The repair cost \u00a3300.", "\u00a3300", "300", "", "GBP", "money", False),
    ("Prices rose 60%-90% in a month.", "60%-90%", "60", "90", "percent", "percent", False),
    ("Turnout was between 40 and 45 percent.", "40 and 45 percent", "40", "45", "percent", "percent", False),
    ("Rates fell to 0.5 percent.", "0.5 percent", "0.5", "", "percent", "percent", False),
    ("The project took about 8 months.", "about 8 months", "8", "", "months", "duration", True),
    ("The strike lasted eight months.", "eight months", "8", "", "months", "duration", False),
    ("Three workers were hurt.", "Three workers", "3", "", "worker", "count", False),
    ("Nearly 1,200 employees signed the letter.", "Nearly 1,200 employees", "1200", "", "employee", "count", True),
    ("The fund holds more than twenty-five paintings.", "more than twenty-five paintings", "25", "", "painting",
     "count", True),
])
def test_number_values_units_and_ranges(nlp, text, surface, value, high, unit, detail, approximate):
    [claim] = numbers_in(nlp, text)
    assert (claim.surface, claim.value, claim.value_high, claim.unit, claim.detail, claim.approximate) == (
        surface, value, high, unit, detail, approximate
    )
    assert text[claim.char_start:claim.char_end] == surface


@pytest.mark.parametrize("text", [
    "GPT-4 and Grok 3 were compared with Qwen 2.5 and LLaMA 3.",
    "The plant opened on May 1, 2026.",
    "The company was founded in 2018.",
    "She finished first in the race.",
    "Call 555-123-4567 for details.",
    "1. Introduction\nThe council met.",
    "The merger happened three years ago.",
    "One analyst disagreed.",
    "The two companies merged.",
    "Acme sold 4G phones.",
])
def test_dates_versions_ordinals_codes_and_references_are_not_numbers(nlp, text):
    assert numbers_in(nlp, text) == []


@pytest.mark.parametrize("text, subject, predicate, object_", [
    ("Jane Doe donated $5 million to the museum.", "Jane Doe", "donate", ""),
    ("Globex is seeking a valuation of about $3 billion.", "", "valuation", ""),
    ("Distillation can save 60%-90% of computational overhead.", "Distillation", "save", "computational overhead"),
    ("The blaze caused $5.3 million in damage.", "blaze", "cause", "damage"),  # a sum counted in something
    ("Officials put the damage at $6.6 million.", "Officials", "put", "damage"),  # what an estimate measures
    ("Sales rose by $3 million in March.", "Sales", "rise", ""),  # "in March" is when, not what
])
def test_a_number_is_tied_to_what_it_measures(nlp, text, subject, predicate, object_):
    [claim] = numbers_in(nlp, text)
    assert (claim.subject, claim.predicate, claim.object) == (subject, predicate, object_)


def test_plain_writes_decimals_without_exponent_or_trailing_zeros():
    assert [plain(Decimal(v)) for v in ("3.8E+7", "0.50", "1E+12")] == ["38000000", "0.5", "1000000000000"]

"""Counts as news gives them: bare counts of people, tolls, bounds, words and spaced thousands."""
from __future__ import annotations

import pytest

from pipeline.extract import extract
from pipeline.records import Article

pytestmark = pytest.mark.slow


def numbers(text: str) -> list[tuple[str, str, str]]:
    """(surface, value, unit) of each number claim of a one-article text."""
    article = Article(doc_id="a", source="a.txt", label="a", text=text, language="en")
    return [(c.surface, c.value, c.unit) for c in extract([article]) if c.type == "number"]


def test_a_bare_number_told_as_injured_counts_people():
    assert ("60", "60", "people") in numbers("Officials said at least 30 people were killed and 60 were injured in the crush.")


def test_a_bare_number_a_toll_comes_to_counts_deaths():
    found = numbers("The death toll from the floods in the valley has risen to 109, officials in Dunmere said on Monday.")
    assert ("109", "109", "deaths") in found


def test_the_value_a_toll_is_put_at():
    assert ("nearly 40", "40", "deaths") in numbers("Two witnesses put the toll at nearly 40 after the bridge gave way.")


def test_a_bound_word_is_part_of_the_figure():
    assert ("At least a dozen others", "12", "other") in numbers("At least a dozen others were hurt when the roof fell in.")


def test_a_space_as_the_thousands_mark():
    assert ("2 418 people", "2418", "people") in numbers("The storm left 2 418 people homeless across the district.")


def test_lakh_and_crore_scale_a_number():
    found = numbers("The state paid Rs 5 lakh to each family, and 20 crore pilgrims visited the fair.")
    assert ("Rs 5 lakh", "500000", "INR") in found


def test_a_group_within_a_count_said_after_it():
    assert ("14", "14", "child") in numbers("Sheriff Ada Vell said 32 people had died; 14 were children.")


def test_a_count_behind_a_hyphenated_modifier():
    assert ("24 flood-related fatalities", "24", "fatality") in numbers("There were 24 flood-related fatalities in the county.")

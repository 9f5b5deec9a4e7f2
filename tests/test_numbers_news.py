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


def test_one_beside_another_count_is_a_count():
    assert ("one guide", "1", "guide") in numbers("Rangers said 12 hikers and one guide have still not been found.")


def test_one_with_a_role_word_in_its_clause_is_a_count():
    assert ("one ranger", "1", "ranger") in numbers("At the lake, one ranger was injured by falling rocks.")


def test_one_without_a_role_word_in_its_own_clause_stays_an_indefinite():
    found = numbers("One analyst said 30 people were killed in the blast.")
    assert [f for f in found if f[1] == "1"] == []


def test_the_number_who_a_role_verb_tells_is_a_count():
    assert ("12", "12", "people") in numbers("The mayor was among the 12 who lost their lives in the fire.")


def test_a_bare_number_followed_by_who_counts_people():
    assert ("31", "31", "people") in numbers("Some 40 families were paid in full, and 31 who applied late received nothing.")


def test_bracketed_counts_after_places_in_a_sentence_of_deaths():
    found = numbers("Further deaths were confirmed in Alder County (6), Birch County (4) and Cedar County (2).")
    assert {("6", "6", "deaths"), ("4", "4", "deaths"), ("2", "2", "deaths")} <= set(found)


def test_a_number_set_off_after_a_place_gives_the_toll_there():
    assert ("64", "64", "deaths") in numbers("The death toll in Alder County, 64, did not change on Friday.")


def test_a_number_set_off_after_a_person_is_an_age():
    assert ("42", "42", "years") in numbers("Park ranger Mara Quell, 42, described the night the river rose.")


def test_a_number_of_a_named_group_counts_that_group():
    assert ("Nine", "9", "deaths") in numbers("Nine of these victims were found near the old mill.")


def test_a_bare_number_a_harm_verb_takes_as_object_counts_people():
    assert ("at least 58", "58", "people") in numbers("Rescuers searched the valley after the mudslide that killed at least 58.")


def test_a_bare_number_after_an_opening_of_phrase_counts_that_group():
    assert ("41", "41", "deaths") in numbers("Of the fatalities, 41 occurred in the northern district, officials said.")


def test_a_bound_after_the_is_a_count_not_a_reference():
    assert ("more than 50 people", "50", "people") in numbers("The hunt for the more than 50 people missing goes on.")


def test_a_unit_counted_once_after_a_bound():
    assert ("about a mile", "1", "mile") in numbers("The bridge gave way about a mile from the town square.")


def test_and_a_half_adds_a_half():
    assert ("three and a half hours", "3.5", "hours") in numbers("Rain fell for three and a half hours without a break.")


def test_a_unit_written_against_its_number():
    assert ("as much as 25cm", "25", "cm") in numbers("The storm dumped as much as 25cm of rain on the hills.")


def test_a_span_between_two_events_is_a_duration():
    assert ("more than 9 hours", "9", "hours") in numbers("Crews were still arriving more than 9 hours after the collapse.")


def test_a_toll_figure_the_recogniser_reads_as_a_date_is_kept():
    assert ("52", "52", "deaths") in numbers("While the official death toll stands at 52, reporters counted more bodies.")


def test_a_day_numbered_by_an_ordinal_tells_how_long_something_ran():
    assert ("fourth day", "4", "days") in numbers("During the fourth day of the hearing, the judge called a recess.")


def test_a_bare_number_that_remained_unidentified_counts_people():
    assert ("five", "5", "people") in numbers("Most of the bodies were claimed by Sunday, while five remained unidentified.")


def test_the_digits_of_a_dateline_are_not_counts():
    found = numbers("date 2025-03-14 The death toll from the storm has risen to 90, officials said.")
    assert [f for f in found if f[1] in ("3", "14")] == [] and ("90", "90", "deaths") in found


def test_one_added_by_along_with_to_a_count_of_the_missing_is_a_count():
    found = numbers("At least four hikers are still missing, along with one guide, the park chief was quoted as saying.")
    assert ("one guide", "1", "guide") in found


@pytest.mark.parametrize("text, expected", [
    ("The two survivors were recovering in hospital on Monday.", ("two survivors", "2", "survivor")),
    ("Only two of the 151 people on board survived the crash.", ("151 people", "151", "people")),
])
def test_a_definite_count_that_says_what_it_counts_is_a_count(text, expected):
    assert expected in numbers(text)


def test_a_definite_count_that_refers_back_is_not_counted_again():
    assert numbers("The two parties met again on Monday.") == []

"""Dates as real news writes them: lower-cased text, holidays, days counted from the article's
own dates, datelines, publication labels and numbers that are no dates.

Each test is one (text, publication date, expected dates) case, with invented sentences;
an expected date is (surface, value), value "" when it cannot be resolved.
"""
from __future__ import annotations

from datetime import date

from pipeline.extract.dates import find_dates


def dates(nlp, text: str, published: date | None) -> list[tuple[str, str]]:
    return [(m.surface, m.value) for m in find_dates(nlp(text), published)]


def mention(nlp, text: str, published: date | None, surface: str):
    return next(m for m in find_dates(nlp(text), published) if m.surface == surface)


# Lower-case month names


def test_a_lower_case_month_with_a_day_after_a_preposition_is_a_date(nlp):
    text, published = "the ferry sank on april 30, local time, officials said.", date(2025, 5, 2)
    assert dates(nlp, text, published) == [("april 30", "2025-04-30")]


def test_a_lower_case_may_before_a_count_is_no_date(nlp):
    text, published = "officials said the storm may 30 homes damage.", date(2025, 5, 2)
    assert dates(nlp, text, published) == []


def test_a_lower_case_month_without_a_year_or_publication_date_stays_unresolved(nlp):
    text, published = "the ferry sank on april 30, local time.", None
    assert dates(nlp, text, published) == [("april 30", "")]


# Holidays


def test_christmas_eve_takes_the_year_of_the_publication_date(nlp):
    text, published = "The warehouse fire broke out on Christmas Eve.", date(2025, 12, 28)
    assert dates(nlp, text, published) == [("Christmas Eve", "2025-12-24")]


def test_labor_day_is_the_first_monday_of_september(nlp):
    text, published = "Road crews worked through Labor Day to reopen the pass.", date(2025, 9, 5)
    assert dates(nlp, text, published) == [("Labor Day", "2025-09-01")]


def test_the_fourth_of_july_and_independence_day_are_july_4(nlp):
    text, published = ("Crowds gathered on the Fourth of July, and the fireworks on Independence Day "
                       "were cancelled."), date(2025, 7, 6)
    assert dates(nlp, text, published) == [("the Fourth of July", "2025-07-04"), ("Independence Day", "2025-07-04")]


def test_new_years_day_with_a_curly_apostrophe(nlp):
    text, published = "The toll bridge reopened on New Year\u2019s Day.", date(2026, 1, 3)
    assert dates(nlp, text, published) == [("New Year\u2019s Day", "2026-01-01")]


def test_a_holiday_with_its_year_is_explicit(nlp):
    text, published = "The museum was robbed on Christmas Day 2019.", None
    assert dates(nlp, text, published) == [("Christmas Day 2019", "2019-12-25")]


def test_a_holiday_without_any_year_stays_unresolved(nlp):
    text, published = "The museum was robbed on Christmas Eve.", None
    assert dates(nlp, text, published) == [("Christmas Eve", "")]


def test_a_holiday_name_before_a_thing_is_no_date(nlp):
    text, published = "Volunteers sold every Christmas tree in the lot.", date(2025, 12, 20)
    assert dates(nlp, text, published) == []


def test_another_countrys_independence_day_is_not_july_4(nlp):
    text, published = "Ruritania's Independence Day parade was held in the capital.", date(2025, 8, 30)
    assert dates(nlp, text, published) == []


# Days counted from a date the article gives


def test_the_next_day_counts_from_the_date_before_it(nlp):
    text, published = "The inquiry opened on March 3. The mayor testified the next day.", date(2025, 3, 10)
    assert dates(nlp, text, published) == [("March 3", "2025-03-03"), ("the next day", "2025-03-04")]


def test_two_days_later_counts_from_an_explicit_date_without_a_publication_date(nlp):
    text, published = "The barge left port on June 2, 2024, and ran aground two days later.", None
    assert dates(nlp, text, published) == [("June 2, 2024", "2024-06-02"), ("two days later", "2024-06-04")]


def test_the_following_morning_keeps_its_part_of_day(nlp):
    text, published = "The levee broke on Friday. The following morning, boats arrived.", date(2025, 7, 6)
    following = mention(nlp, text, published, "The following morning")
    assert (following.value, following.timex, following.resolved_from) == (
        "2025-07-05", "2025-07-05TMO", "relative_to_article")


def test_earlier_that_day_is_the_same_day(nlp):
    text, published = "The levee broke on Friday. Earlier that day, residents had left.", date(2025, 7, 6)
    assert dates(nlp, text, published) == [("Friday", "2025-07-04"), ("Earlier that day", "2025-07-04")]


def test_the_next_day_without_an_earlier_date_stays_unresolved(nlp):
    text, published = "Rescue boats arrived the next day.", date(2025, 7, 6)
    next_day = mention(nlp, text, published, "the next day")
    assert next_day.value == "" and "does not give" in next_day.reason


def test_earlier_in_the_week_is_the_week_of_publication(nlp):
    text, published = "The toll had doubled from earlier in the week.", date(2025, 7, 15)
    assert dates(nlp, text, published) == [("earlier in the week", "2025-W29")]


# Parts of day and clock times


def test_a_weekday_keeps_its_part_of_day(nlp):
    text, published = "The levee broke on Friday evening.", date(2025, 7, 6)
    friday = mention(nlp, text, published, "Friday evening")
    assert (friday.value, friday.timex) == ("2025-07-04", "2025-07-04TEV")


def test_a_clock_time_is_attached_to_its_weekday(nlp):
    text, published = "The levee broke at 4:15 pm on Friday.", date(2025, 7, 6)
    assert dates(nlp, text, published) == [("4:15 pm on Friday", "2025-07-04T16:15")]


def test_a_clock_time_takes_the_day_its_sentence_gives(nlp):
    text, published = "The crush began at 2 am on January 29, police said.", date(2025, 1, 30)
    assert dates(nlp, text, published) == [("2 am", "2025-01-29T02:00"), ("January 29", "2025-01-29")]


def test_a_clock_time_in_capitals_keeps_its_afternoon(nlp):
    text, published = "The levee broke at 1:41 PM on July 4, officials said.", date(2025, 7, 6)
    assert ("1:41 PM", "2025-07-04T13:41") in dates(nlp, text, published)


# Datelines


def test_a_weekday_counts_from_the_dateline_when_it_differs_from_the_publication_date(nlp):
    text, published = ("LAKEVILLE, March 5 (Wire) - Police said on Wednesday that the market burned."), date(2025, 3, 4)
    assert dates(nlp, text, published) == [("March 5", "2025-03-05"), ("Wednesday", "2025-03-05")]


def test_a_dateline_without_any_year_leaves_the_weekday_unresolved(nlp):
    text, published = "LAKEVILLE, March 5 (Wire) - Police said on Wednesday that the market burned.", None
    assert dates(nlp, text, published) == [("March 5", ""), ("Wednesday", "")]


# Publication labels and numbers that are no dates


def test_the_date_of_a_publication_label_is_no_event_date(nlp):
    text, published = "date 2025-07-09 The river crested on Tuesday.", date(2025, 7, 9)
    assert dates(nlp, text, published) == [("Tuesday", "2025-07-08")]


def test_a_label_glued_to_its_date_is_no_event_date(nlp):
    text, published = "DateMay 1, 2026\nThe council voted on Thursday.", date(2026, 5, 1)
    assert dates(nlp, text, published) == [("Thursday", "2026-04-30")]


def test_published_and_updated_lines_are_no_event_dates(nlp):
    text = "Published: May 3, 2025\nUpdated 10:30 am, 4 May 2025\nThe council voted on Thursday."
    assert dates(nlp, text, date(2025, 5, 3)) == [("Thursday", "2025-05-01")]


def test_a_phone_number_is_no_year(nlp):
    text, published = "Relatives can call 1900 555 0100 for news of the missing.", date(2025, 7, 9)
    assert dates(nlp, text, published) == []


def test_a_flight_number_is_no_year(nlp):
    text, published = "Passengers of flight 2024 waited six hours.", date(2025, 7, 9)
    assert dates(nlp, text, published) == []


def test_a_year_before_a_plural_noun_is_a_year(nlp):
    text, published = "The lawyer pointed to 2017 discussions about a merger.", None
    assert dates(nlp, text, published) == [("2017", "2017")]


# Weekdays against the publication date


def test_a_weekday_is_the_latest_on_or_before_publication_same_day_included(nlp):
    text, published = "The council voted on Friday.", date(2026, 5, 1)
    assert dates(nlp, text, published) == [("Friday", "2026-05-01")]


def test_a_weekday_in_a_participle_clause_is_before_publication(nlp):
    text, published = "The figures, reported on Friday, were grim.", date(2025, 7, 15)
    assert dates(nlp, text, published) == [("Friday", "2025-07-11")]


def test_a_weekday_without_a_publication_date_stays_unresolved_with_its_reason(nlp):
    friday = mention(nlp, "The council voted on Friday.", None, "Friday")
    assert friday.value == "" and "no publication date" in friday.reason


def test_the_weekday_after_the_publication_day_is_not_guessed(nlp):
    text, published = "The plane crashed on Sunday, officials said.", date(2024, 12, 28)
    sunday = mention(nlp, text, published, "Sunday")
    assert (sunday.value, sunday.detail) == ("", "unresolved")
    assert "day after the publication date" in sunday.reason

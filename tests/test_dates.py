"""The temporal tagger: which phrases are dates, and what each resolves to."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from pipeline.extract.dates import DateMention, _dateparser_read, find_dates
from tests.conftest import SEEDS, needs_seeds

FRIDAY = date(2026, 5, 1)
"""A Friday, in ISO week 2026-W18."""


def only(nlp, sentence: str, published: date | None) -> DateMention:
    mentions = find_dates(nlp(sentence), published)
    assert len(mentions) == 1, mentions
    return mentions[0]


def resolved(mention: DateMention) -> tuple[str, str, str, str]:
    return mention.surface, mention.value, mention.detail, mention.resolved_from


@pytest.mark.parametrize("sentence, surface, value, detail", [
    ("The plant reopened on 14 March 2021 after repairs.", "14 March 2021", "2021-03-14", "day"),
    ("Shares fell on Oct. 3, 2019, traders said.", "Oct. 3, 2019", "2019-10-03", "day"),
    ("The board met on 2021-06-30 to vote.", "2021-06-30", "2021-06-30", "day"),
    ("The treaty was signed in August 1991.", "August 1991", "1991-08", "month"),
    ("The bridge opened in 1932.", "1932", "1932", "year"),
    ("Sales peaked in mid-2024 before slowing.", "mid-2024", "2024", "year"),
    ("Sales peaked in mid - 2024 before slowing.", "mid - 2024", "2024", "year"),
    ("The mine closed at the end of March 2021.", "the end of March 2021", "2021-03", "month"),
    ("The dam was finished in early 1958.", "early 1958", "1958", "year"),
    ("Pagers were common in the 1990s.", "1990s", "199", "decade"),
    ("The canal was dug in the 19th century.", "19th century", "18", "century"),
    ("Steam mills spread in the 1800s.", "1800s", "18", "century"),
    ("The festival moved in the summer of 2019.", "summer of 2019", "2019-SU", "season"),
])
def test_explicit_dates_keep_the_precision_the_text_gives(nlp, sentence, surface, value, detail):
    mention = only(nlp, sentence, None)
    assert resolved(mention) == (surface, value, detail, "explicit")
    assert (mention.anchor, mention.reason, mention.relative) == ("", "", False)


@pytest.mark.parametrize("sentence, published, surface, value, detail", [
    ("The mayor resigned on April 30.", date(2025, 5, 2), "April 30", "2025-04-30", "day"),
    ("The mayor resigned on April 30.", date(2011, 5, 2), "April 30", "2011-04-30", "day"),
    ("The shop closed on December 30.", date(2026, 1, 3), "December 30", "2025-12-30", "day"),
    ("The festival will open on January 5.", date(2025, 12, 20), "January 5", "2026-01-05", "day"),
    ("The law was passed on Feb. 29.", date(2024, 3, 5), "Feb. 29", "2024-02-29", "day"),
    ("Prices rose in November.", date(2026, 2, 10), "November", "2025-11", "month"),
    ("The report is due to be published in June.", date(2026, 2, 10), "June", "2026-06", "month"),
])
def test_a_date_without_year_takes_it_from_the_publication_date_by_tense(
        nlp, sentence, published, surface, value, detail):
    mention = only(nlp, sentence, published)
    assert resolved(mention) == (surface, value, detail, "year_inferred_from_publication")
    assert mention.anchor == published.isoformat()


@pytest.mark.parametrize("text, surface, value, anchor", [
    ("The hearing opened on 12 June 2023. On June 14 the judge ruled.", "June 14", "2023-06-14", "2023-06-12"),
    ("On June 14 the judge ruled; the hearing had opened on 12 June 2023.", "June 14", "2023-06-14", "2023-06-12"),
    ("The court sat on 2 January 2026, after a recess on December 30.", "December 30", "2025-12-30",
     "2026-01-02"),
])
def test_a_date_without_year_takes_it_from_the_nearest_full_date_of_the_article(nlp, text, surface, value, anchor):
    partial = next(m for m in find_dates(nlp(text), date(2024, 1, 10)) if m.surface == surface)
    assert (partial.value, partial.resolved_from, partial.anchor) == (value, "year_inferred_from_article", anchor)


def test_a_date_without_year_in_an_undated_article_is_unresolved(nlp):
    mention = only(nlp, "The mayor resigned on April 30.", None)
    assert (mention.value, mention.detail, mention.resolved_from) == ("", "unresolved", "unresolved")
    assert mention.reason == (
        "date 'April 30' has no year, and the article has neither a full date nor a publication date")


@pytest.mark.parametrize("sentence, published, value, detail, resolved_from", [
    ("The council voted on Thursday.", FRIDAY, "2026-04-30", "day", "weekday_before_publication"),
    ("The council will vote on Monday.", FRIDAY, "2026-05-04", "day", "relative_to_publication"),
    ("The council voted last Friday.", FRIDAY, "2026-04-24", "day", "weekday_before_publication"),
    ("The council will vote next Friday.", FRIDAY, "2026-05-08", "day", "relative_to_publication"),
    ("The talks ended this week.", date(2026, 4, 29), "2026-W18", "week", "relative_to_publication"),
    ("The talks ended last week.", date(2026, 4, 29), "2026-W17", "week", "relative_to_publication"),
    ("Prices fell last month.", date(2026, 1, 15), "2025-12", "month", "relative_to_publication"),
    ("Output grew earlier this month.", date(2026, 1, 15), "2026-01", "month", "relative_to_publication"),
    ("Rates will rise next year.", date(2026, 1, 15), "2027", "year", "relative_to_publication"),
    ("The storm hit yesterday.", date(2026, 3, 1), "2026-02-28", "day", "relative_to_publication"),
    ("The firm was sold two days ago.", date(2026, 3, 1), "2026-02-27", "day", "relative_to_publication"),
    ("He moved there four years ago.", date(2026, 3, 1), "2022", "year", "relative_to_publication"),
    ("The river flooded last summer.", date(2026, 3, 1), "2025-SU", "season", "relative_to_publication"),
    ("The museum reopened late last July.", date(2026, 3, 1), "2025-07", "month", "relative_to_publication"),
])
def test_relative_dates_count_from_the_publication_date(nlp, sentence, published, value, detail, resolved_from):
    mention = only(nlp, sentence, published)
    assert (mention.value, mention.detail, mention.resolved_from) == (value, detail, resolved_from)
    assert (mention.anchor, mention.relative) == (published.isoformat(), True)


@pytest.mark.parametrize("sentence", [
    "The council voted on Friday.",
    "The council will vote on Friday.",
    "The council votes on Friday.",
])
def test_the_publication_weekday_is_the_publication_day_whatever_the_tense(nlp, sentence):
    # dateparser's PREFER_DATES_FROM="past" answers the Friday a week before.
    mention = only(nlp, sentence, FRIDAY)
    assert (mention.surface, mention.value) == ("Friday", "2026-05-01")


@pytest.mark.parametrize("sentence, surface, reason", [
    ("Musk testified this week.", "this week", "relative date 'this week' and the article has no publication date"),
    ("The council voted on Thursday.", "Thursday",
     "weekday 'Thursday' and the article has no publication date"),
    ("The storm hit yesterday.", "yesterday", "relative date 'yesterday' and the article has no publication date"),
    ("Prices fell last month.", "last month", "relative date 'last month' and the article has no publication date"),
    ("The council will vote next Friday.", "next Friday",
     "weekday 'next Friday' and the article has no publication date"),
    ("The firm was sold two days ago.", "two days ago",
     "relative date 'two days ago' and the article has no publication date"),
    ("Output grew earlier this year.", "earlier this year",
     "relative date 'earlier this year' and the article has no publication date"),
])
def test_relative_dates_without_a_publication_date_stay_unresolved(nlp, sentence, surface, reason):
    mention = only(nlp, sentence, None)
    assert resolved(mention) == (surface, "", "unresolved", "unresolved")
    assert (mention.reason, mention.relative, mention.anchor) == (reason, True, "")


@pytest.mark.parametrize("sentence", [
    "Officials said the plan may change.",
    "Thousands March on the capital each spring.",
    "The analyst Sarah March wrote the note.",
    "2 0 0",
    "4 Mins Read",
    "1,197 Views",
    "Grok 3 beat GPT-4 on the test.",
    "Section 230 shields the platforms.",
    "The company hired 1500 engineers.",
    "The case dragged on for three years.",
    "The witness is 42 years old.",
    "Researchers have argued about it for decades.",
    "The first week of the trial was quiet.",
    "Prices rose over the past year.",
    "Flu cases rose in the past several months.",
])
def test_ordinary_words_numbers_durations_and_ages_are_not_dates(nlp, sentence):
    assert find_dates(nlp(sentence), FRIDAY) == []


@pytest.mark.parametrize("sentence, surface", [
    ("The vote took place on April 30.", "April 30"),
    ("The vote took place in 2018.", "2018"),
    ("The vote took place this week.", "this week"),
    ("The vote took place on Thursday.", "Thursday"),
])
def test_the_surface_is_the_date_phrase_without_its_preposition(nlp, sentence, surface):
    doc = nlp(sentence)
    mention = only(nlp, sentence, FRIDAY)
    assert mention.surface == surface
    assert doc.text[mention.start:mention.end] == surface


def test_a_year_range_gives_both_years(nlp):
    mentions = find_dates(nlp("The expedition of 1957-58 crossed the continent."), None)
    assert [(m.surface, m.value) for m in mentions] == [("1957", "1957"), ("58", "1958")]


@pytest.mark.parametrize("sentence, published, value, timex", [
    ("He left for Jordan on Friday afternoon.", date(2013, 3, 22), "2013-03-22", "2013-03-22TAF"),
    ("The match was moved until 15:00 GMT Saturday.", date(2013, 3, 22), "2013-03-23T15:00", "2013-03-23T15:00"),
    ("The jury returned at 10:30 a.m. ET on Tuesday.", date(2013, 3, 22), "2013-03-19T10:30", "2013-03-19T10:30"),
    ("Twenty senators now chair committees.", date(2013, 3, 21), "2013-03-21", "PRESENT_REF"),
    ("The ship was in open water at the time.", date(2013, 3, 21), "", "PAST_REF"),
    ("The company was hit by a storm this weekend.", date(2013, 3, 21), "2013-W12", "2013-W12-WE"),
])
def test_the_timeml_value_keeps_what_iso_cannot_say(nlp, sentence, published, value, timex):
    mention = only(nlp, sentence, published)
    assert (mention.value, mention.timex) == (value, timex)


def test_mentions_are_sorted_by_position(nlp):
    text = "After the vote on Thursday, which followed talks in May 2019, the board met in 2020."
    mentions = find_dates(nlp(text), FRIDAY)
    assert [m.surface for m in mentions] == ["Thursday", "May 2019", "2020"]


def seed_mentions(nlp, prefix: str) -> list[DateMention]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return find_dates(nlp(path.read_text(encoding="utf-8")), None)


@needs_seeds
def test_seed_000_dates_the_testimony_on_may_1(nlp):
    mentions = seed_mentions(nlp, "000")
    assert ("May 1, 2026", "2026-05-01", "day", "explicit") in [resolved(m) for m in mentions]


@needs_seeds
def test_seed_003_infers_the_year_of_april_30_from_its_own_full_date(nlp):
    by_surface = {m.surface: m for m in seed_mentions(nlp, "003")}
    assert resolved(by_surface["29 April 2026"]) == ("29 April 2026", "2026-04-29", "day", "explicit")
    april_30 = by_surface["April 30"]
    assert resolved(april_30) == ("April 30", "2026-04-30", "day", "year_inferred_from_article")
    assert april_30.anchor == "2026-04-29"


@needs_seeds
def test_seed_002_this_week_is_unresolved_without_a_publication_date(nlp):
    this_week = next(m for m in seed_mentions(nlp, "002") if m.surface == "this week")
    assert (this_week.value, this_week.detail, this_week.resolved_from) == ("", "unresolved", "unresolved")
    assert this_week.reason == "relative date 'this week' and the article has no publication date"


@needs_seeds
@pytest.mark.parametrize("preposition, year", [("in", "2018"), ("In", "2024")])
def test_seed_001_years_after_in_are_year_dates(nlp, preposition, year):
    text = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    mentions = [m for m in seed_mentions(nlp, "001") if m.value == year]
    assert [(m.detail, text[m.start - 3:m.start]) for m in mentions] == [("year", f"{preposition} ")]


def test_a_date_far_into_a_long_article_is_found_like_one_at_its_start(nlp):
    filler = "The committee discussed the budget and the new library at length. " * 60
    mentions = find_dates(nlp(filler + "The library opened on 3 May 2022."), None)
    assert [resolved(m) for m in mentions] == [("3 May 2022", "2022-05-03", "day", "explicit")]


def test_dateparser_reads_a_phrase_once_per_base():
    base = datetime(2026, 5, 1)
    hits = _dateparser_read.cache_info().hits
    _dateparser_read("30 April", base, "past", ())
    _dateparser_read("30 April", base, "past", ())
    assert _dateparser_read.cache_info().hits == hits + 1

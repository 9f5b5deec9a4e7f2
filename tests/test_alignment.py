"""Lining up one fact told in other words by several articles: events, measures, bounds, time.

Each test reads a few short articles of its own (invented, inline), extracts their claims with the
model and reconciles them, as a run does.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.extract import extract
from pipeline.reconcile import reconcile
from pipeline.records import Article, content_id

pytestmark = pytest.mark.slow

FERRY = "the Marla Queen ferry"


def article(label: str, text: str, published: str = "2031-03-10", url: str = "") -> Article:
    text = " ".join(text.split())
    return Article(doc_id=content_id(text), source=f"{label}.txt", label=label, text=text, published=published,
                   url=url, language="en")


def facts_of(*articles: Article):
    return reconcile(list(extract(list(articles))))


def only(facts, **match):
    found = [f for f in facts if all(getattr(f, k) == v for k, v in match.items())]
    assert len(found) == 1, [(f.fact, f.values) for f in facts if f.type in ("number", "event_date")]
    return found[0]


def with_label(facts, words: str):
    return [f for f in facts if words in f.fact]


STORY_SINKING = [
    article("coast-herald", f"""Ferry sinks off Vell Island. {FERRY} sank off Vell Island on Monday, the Vell Island
        coastguard said. At least 212 people died when the vessel capsized in heavy seas, and 40 people were injured.
        The coastguard said rescue boats from Port Arlen and Vell Island searched the water through the night."""),
    article("harbour-news", f"""Vell Island disaster: toll rises. The death toll from Monday's sinking of {FERRY} rose
        to 230 on Tuesday, officials in Port Arlen said. The Vell Island coastguard said 12 rescuers were among
        the dead.""", published="2031-03-11"),
    article("island-times", f"""Families wait at Port Arlen. The vessel went down on Monday near Vell Island, and
        226 fatalities have been confirmed by the Vell Island coastguard, which said 40 people were injured.
        {FERRY} had sailed from Port Arlen that morning.""", published="2031-03-11"),
]


def test_one_measure_told_in_other_words_by_three_articles_is_one_fact_with_every_value():
    facts = facts_of(*STORY_SINKING)

    deaths = only(facts, type="number", fact=next(f.fact for f in facts if f.fact.endswith(": deaths")))
    assert deaths.status == "conflict"
    assert {"at least 212", "230", "226"} <= {v.split(" [")[0] for v in deaths.values.split(" | ")}
    assert deaths.n_sources == 3


def test_a_group_within_a_count_is_another_measure_not_a_conflict():
    facts = facts_of(*STORY_SINKING)

    rescuers = [f for f in facts if f.type == "number" and f.fact.endswith("deaths (rescuers)")]
    assert len(rescuers) == 1 and rescuers[0].values.startswith("12 ")
    assert "12" not in next(f for f in facts if f.fact.endswith(": deaths")).values.split(" [")[0]


def test_a_measure_all_sources_agree_on_is_agreed():
    injured = only(facts_of(*STORY_SINKING), type="number", fact=next(
        f.fact for f in facts_of(*STORY_SINKING) if f.fact.endswith(": injured")))

    assert (injured.status, injured.value, injured.n_sources) == ("agreed", "40", 2)


def test_the_event_said_in_other_words_is_one_dated_fact():
    facts = facts_of(*STORY_SINKING)

    dated = [f for f in facts if f.type == "event_date" and f.value == "2031-03-10"]
    assert len(dated) == 1, [(f.fact, f.values) for f in facts if f.type == "event_date"]
    assert dated[0].n_sources == 3


def test_a_count_that_rose_is_a_conflict_of_time_with_the_newer_value_suggested():
    facts = facts_of(*STORY_SINKING)

    deaths = next(f for f in facts if f.fact.endswith(": deaths"))
    assert "time" in deaths.conflict_kind
    assert deaths.value in ("230", "226")
    assert "newest report" in deaths.rationale


def test_a_bound_and_the_figure_within_it_agree():
    facts = facts_of(
        article("valley-post", "Storm hits Dunmere. At least 24 people died in Dunmere when the storm hit the valley."),
        article("dunmere-daily", "Storm hits Dunmere. Officials in Dunmere said 24 people died when the storm hit the valley."),
        article("valley-radio", "Storm hits Dunmere. More than 20 people were killed in Dunmere when the storm hit the valley."),
    )

    deaths = next(f for f in facts if f.type == "number" and f.fact.lower().endswith("deaths"))
    assert (deaths.status, deaths.n_sources) == ("agreed", 3)


def test_sums_in_two_currencies_agree_at_the_rate_an_article_gives():
    facts = facts_of(
        article("gallery-news", """Paintings stolen from the Orrin Gallery. Thieves took paintings worth €40 million
            ($46 million) from the Orrin Gallery in Talmont on Sunday, police in Talmont said."""),
        article("talmont-wire", """Orrin Gallery theft. Paintings valued at $46 million were stolen from the Orrin
            Gallery in Talmont on Sunday, police in Talmont said."""),
    )

    value = [f for f in facts if f.type == "number" and "value" in f.fact]
    assert len(value) == 1, [(f.fact, f.values) for f in facts if f.type == "number"]
    assert value[0].status == "agreed" and value[0].n_sources == 2


def test_two_products_in_one_article_are_two_facts_not_a_conflict():
    facts = facts_of(article("gadget-page", """Tablets on sale. The Larkin Slate comes with an 11-inch screen for $799,
        and the Larkin Slate Max with a 12.9-inch screen for $1,099, the shop said on Friday."""))

    assert not [f for f in facts if f.status == "conflict"], [(f.fact, f.values) for f in facts if f.status == "conflict"]


def test_founding_years_of_two_companies_are_two_facts():
    facts = facts_of(article("biz-desk", """Orrin Motors, founded in 1998, said on Monday it would buy Talmont
        Batteries. Talmont Batteries was founded in 2015 by two engineers."""))

    assert not [f for f in facts if f.type == "event_date" and f.status == "conflict"]


def test_a_part_of_a_count_is_not_the_count():
    facts = facts_of(
        article("coast-herald", f"""{FERRY} sank off Vell Island on Monday. At least 212 people died, the coastguard
            said. Twenty of these victims were children."""),
        article("island-times", f"""The vessel went down on Monday near Vell Island, and 212 people died, the
            coastguard said. Officials have identified 150 of the 212 dead."""),
    )

    deaths = only(facts, type="number", fact=next(f.fact for f in facts if f.fact.endswith(": deaths")))
    assert {v.split(" [")[0] for v in deaths.values.split(" | ")} == {"at least 212", "212"}
    assert deaths.status == "agreed"


def test_a_count_at_one_named_site_is_not_the_whole_toll():
    facts = facts_of(
        article("coast-herald", """A fire swept through Port Arlen on Vell Island on Monday. At least 40 people died
            in Port Arlen, officials said. Eleven people died at Harbour View Hotel, the fire service said."""),
        article("island-times", """At least 44 people were killed when a fire swept through Port Arlen on Vell Island
            on Monday, officials said. Eleven people were killed at Harbour View Hotel, its owner said."""),
    )

    site = only(facts, type="number", fact=next(f.fact for f in facts if f.fact.endswith("(Harbour View Hotel)")))
    assert (site.value, site.n_sources, site.status) == ("11", 2, "agreed")
    assert "11" not in {v.split(" [")[0] for f in facts if f.fact.endswith(": deaths") for v in f.values.split(" | ")}


def test_those_a_payment_is_for_are_not_the_toll():
    facts = facts_of(
        article("coast-herald", f"""{FERRY} sank off Vell Island on Monday and 212 people died, the coastguard said.
            The island council has approved compensation payments for only 150 victims."""),
        article("island-times", f"""The vessel went down on Monday near Vell Island, and 212 people died, the
            coastguard said."""),
    )

    deaths = only(facts, type="number", fact=next(f.fact for f in facts if f.fact.endswith(": deaths")))
    assert (deaths.status, deaths.value, deaths.n_sources) == ("agreed", "212", 2)


def test_a_headline_gives_each_of_its_figures_its_own_role():
    with_headline = article("coast-herald", f"{FERRY} sank off Vell Island on Monday, the coastguard said.")
    with_headline = replace(with_headline, text="Ferry sinking: at least 213 dead, 3 still missing\n" + with_headline.text)
    facts = facts_of(
        with_headline,
        article("island-times", f"""The vessel went down on Monday near Vell Island. Three people are still missing
            and 213 people died, the coastguard said."""),
    )

    missing = only(facts, type="number", fact=next(f.fact for f in facts if f.fact.endswith(": missing")))
    assert (missing.value, missing.n_sources) == ("3", 2)


STORY_CRASH = [
    article("air-herald", """Flight 301, a passenger plane carrying 151 people, crashed at Vell Island Airport on Monday. The death
        toll has risen to 120 people, officials said. The dead include 60 women, 50 men and 10 others whose sex was not
        known. Two Vellish passengers were among the dead."""),
    article("island-times", """Flight 301 crashed on landing at Vell Island Airport on Monday with 151 people on board.
        Officials said 124 people were confirmed dead, including 62 women and 52 men."""),
]


def test_a_breakdown_of_the_dead_by_sex_is_facts_of_its_own():
    facts = facts_of(*STORY_CRASH)

    deaths = only(facts, type="number", fact=next(f.fact for f in facts if f.fact.endswith(": deaths")))
    assert {v.split(" [")[0] for v in deaths.values.split(" | ")} == {"120", "124"}
    women = only(facts, type="number", fact=next(f.fact for f in facts if f.fact.endswith("deaths (women)")))
    assert (women.status, women.n_sources) == ("conflict", 2)


def test_people_on_board_counted_where_the_plane_crashed_are_one_fact():
    facts = facts_of(*STORY_CRASH)

    on_board = only(facts, type="number", fact=next(f.fact for f in facts if f.fact.endswith(": on board")))
    assert (on_board.value, on_board.n_sources, on_board.status) == ("151", 2, "agreed")


def test_the_whole_a_part_is_counted_from_is_not_the_part():
    facts = facts_of(
        article("coast-herald", f"""{FERRY} sank off Vell Island on Monday. Of the 750 who were staying at the port,
            more than 40 are still missing, the coastguard said."""),
        article("island-times", f"""The vessel went down on Monday near Vell Island. At least 40 people are still
            missing, the coastguard said."""),
    )

    missing = only(facts, type="number", fact=next(f.fact for f in facts if f.fact.endswith(": missing")))
    assert "750" not in missing.values


def test_passengers_and_crew_are_everyone_on_board():
    facts = facts_of(
        article("air-herald", """Flight 301 crashed at Vell Island Airport on Monday carrying 151 passengers and crew,
            officials said."""),
        article("island-times", """Flight 301 crashed on landing at Vell Island Airport on Monday with 151 people on
            board, officials said."""),
    )

    on_board = only(facts, type="number", fact=next(f.fact for f in facts if f.fact.endswith(": on board")))
    assert (on_board.value, on_board.n_sources) == ("151", 2)


def test_a_nationality_among_those_on_board_is_one_fact_however_named():
    facts = facts_of(
        article("air-herald", """Flight 301 crashed at Vell Island Airport on Monday. A total of 151 passengers
            (including two Vellish nationals) were on board, officials said."""),
        article("island-times", """Flight 301 crashed on landing at Vell Island Airport on Monday. Two Vellish
            citizens were on board, officials said."""),
    )

    vellish = only(facts, type="number", fact=next(f.fact for f in facts if f.fact.endswith("(Vellish)")))
    assert (vellish.value, vellish.n_sources) == ("2", 2)


def test_how_long_an_event_took_is_one_fact_across_articles():
    facts = facts_of(
        article("coast-herald", """Thieves stole six paintings from the Vell Island gallery on Monday. The theft took
            just seven minutes, police said."""),
        article("island-times", """Six paintings were stolen from the Vell Island gallery on Monday. The theft lasted
            four minutes, police said."""),
    )

    duration = only(facts, type="number", fact=next(f.fact for f in facts if "theft duration" in f.fact))
    assert (duration.status, duration.n_sources) == ("conflict", 2)


def test_a_rise_timed_for_another_amount_is_another_fact():
    facts = facts_of(
        article("coast-herald", """The Vell river flooded on Monday. The river rose 20 feet in 45 minutes, officials said."""),
        article("island-times", """The Vell river flooded on Monday. The river rose 8 feet in two hours, officials said."""),
    )

    assert len([f for f in facts if "rise duration" in f.fact]) == 2

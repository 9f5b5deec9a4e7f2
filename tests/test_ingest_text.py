"""Plain-text page dumps: the article is kept, the page chrome around it is not."""
from __future__ import annotations

import pytest

from conftest import FIXTURES
from pipeline.ingest.text import chrome_on_page, classify_lines, line_key, page_from_dump, repeated_lines

ORCHARD = (FIXTURES / "ingest" / "orchard_dump.txt").read_text(encoding="utf-8")

PARAGRAPH_ONE = (
    "The town council of Wexley voted on Monday to close the old swimming baths on Mill Lane at the end "
    "of the summer, after an engineer's report found that the roof over the main pool was no longer safe "
    "to stand under during heavy snow."
)
PARAGRAPH_TWO = (
    "Council leader Hana Brook said the decision had been the hardest of her time in office, and that the "
    "council would look for money to build a new pool on the same site within the next five years."
)
PARAGRAPH_THREE = (
    "Swimming clubs that use the baths will be offered lanes at the leisure centre in Hatton, a twenty "
    "minute bus ride away, until a new pool opens; the council will pay for the extra bus journeys."
)
SITE_NOTE = "Readers can send corrections and news tips to the newsroom at any hour of the day."


def test_a_dump_of_another_site_keeps_only_its_article():
    page = page_from_dump(ORCHARD)

    assert page.text.startswith("Frost damage leaves Kessel Valley orchards short of blossom\nGrowers across the Kessel Valley")
    assert page.text.endswith("explain how to judge which buds are still alive.")
    for chrome in ["Sign in", "Most Read", "9 Feb 2025", "Print this page", "Filed under: Farming, Kessel Valley, Weather",
                   "Cider makers report record sales at winter fair", "11 Feb 2025", "Cookie settings"]:
        assert chrome not in page.text


def test_a_headline_in_title_case_stays_out_of_the_text():
    page = page_from_dump("\n".join(["Frost Damage Leaves Kessel Valley Orchards Short Of Blossom",
                                     "By Tomas Reyes | 14 Feb 2025", PARAGRAPH_THREE, PARAGRAPH_ONE]))

    assert page.title == "Frost Damage Leaves Kessel Valley Orchards Short Of Blossom"
    assert page.text.startswith("Swimming clubs")


def test_a_paragraph_dense_with_names_and_figures_is_kept():
    dense = ("Kessel County was the hardest-hit, with 43 confirmed cases, 28 adults and 15 children. "
             "Officials in Hatton say 27 families remain without water after Brill Dam failed.")
    page = page_from_dump("Home | News | Sport\n" + dense + "\n" + PARAGRAPH_THREE + "\n" + SITE_NOTE)

    assert page.text.split("\n")[0] == dense


def test_paragraphs_a_scraper_glued_together_are_spaced_apart():
    glued = PARAGRAPH_ONE + "\u201cWe will miss the baths,\u201d a swimmer said." + PARAGRAPH_TWO

    text = page_from_dump("\n".join([glued, PARAGRAPH_THREE])).text

    assert (PARAGRAPH_ONE + " \u201cWe will miss") in text and "said. " + PARAGRAPH_TWO[:20] in text


def test_short_lines_inside_the_article_survive():
    lines = page_from_dump(ORCHARD).text.split("\n")

    assert "What growers can do now" in lines
    assert "- log losses by variety" in lines


def test_title_author_and_date_come_from_the_header():
    page = page_from_dump(ORCHARD)

    assert (page.title, page.author, page.published, page.published_from) == (
        "Frost damage leaves Kessel Valley orchards short of blossom",
        "Tomas Reyes",
        "2025-02-14",
        "byline",
    )
    assert page.outlet == "Valley Ledger Group"


def test_dates_under_listed_headlines_are_not_the_publication_date():
    dump = "\n".join(["Popular now", "Pier reopens after winter repairs", "March 3, 2025",
                      "Wexley baths to close", PARAGRAPH_ONE, PARAGRAPH_TWO])

    page = page_from_dump(dump)

    assert (page.published, page.published_from) == ("", "")
    assert "March 3, 2025" not in page.text


@pytest.mark.parametrize(
    "byline, author, published",
    [
        ("By Hana BrookMay 2, 2025", "Hana Brook", "2025-05-02"),
        ("Hana BrookBy Hana BrookMay 2, 2025No Comments3 Mins Read", "Hana Brook", "2025-05-02"),
        ("by Sam Ito | 2 May 2025", "Sam Ito", "2025-05-02"),
        ("Updated 2025-05-02 09:30", "", "2025-05-02"),
    ],
)
def test_byline_variants(byline, author, published):
    page = page_from_dump("\n".join(["Wexley baths to close at the end of summer", byline, PARAGRAPH_ONE, PARAGRAPH_TWO]))

    assert (page.author, page.published) == (author, published)
    assert page.title == "Wexley baths to close at the end of summer"


def test_title_from_a_breadcrumb():
    dump = "\n".join(["Menu", "Home » Local » Wexley baths to close at the end of summer", "Share", PARAGRAPH_ONE, PARAGRAPH_TWO])

    assert page_from_dump(dump).title == "Wexley baths to close at the end of summer"


def test_title_from_a_line_the_page_repeats():
    dump = "\n".join(["Wexley baths to close at the end of summer", "Wexley baths to close at the end of summer",
                      "4 comments", PARAGRAPH_ONE, PARAGRAPH_TWO])

    assert page_from_dump(dump).title == "Wexley baths to close at the end of summer"


def test_without_a_byline_the_title_is_the_longest_headline_of_the_header():
    dump = "\n".join(["Connect with us", "Local News", "Wexley baths to close at the end of summer; pool users move",
                      "Published on", PARAGRAPH_ONE, PARAGRAPH_TWO])

    assert page_from_dump(dump).title == "Wexley baths to close at the end of summer; pool users move"


def test_a_clean_article_keeps_its_whole_body_and_loses_its_footer():
    dump = "\n".join(["Wexley baths to close at the end of summer", PARAGRAPH_ONE, "Where swimmers will go",
                      PARAGRAPH_TWO, PARAGRAPH_THREE, "Source: Wexley Weekly (www.wexleyweekly.example)",
                      "Please credit Wexley Weekly when republishing."])

    page = page_from_dump(dump)

    assert page.text == "\n".join(["Wexley baths to close at the end of summer", PARAGRAPH_ONE, "Where swimmers will go",
                                    PARAGRAPH_TWO, PARAGRAPH_THREE])
    assert page.title == "Wexley baths to close at the end of summer"


def test_a_line_on_pages_of_different_articles_is_chrome():
    other_article = "\n".join([
        "Ferry timetable changes for the winter",
        "The harbour company will run four crossings a day instead of six from November, citing the cost of fuel "
        "and the small number of passengers on the early and late sailings during the colder months of the year.",
        SITE_NOTE,
    ])
    this_article = "\n".join([PARAGRAPH_ONE, PARAGRAPH_TWO, SITE_NOTE])

    alone = page_from_dump(this_article)
    in_dump = page_from_dump(this_article, repeated_lines([this_article, other_article]))

    assert SITE_NOTE in alone.text
    assert SITE_NOTE not in in_dump.text
    assert in_dump.text == "\n".join([PARAGRAPH_ONE, PARAGRAPH_TWO])


def test_the_chrome_of_a_page_is_its_short_lines_repeated_in_the_dump():
    other_article = "\n".join(["Ferry timetable changes for the winter", SITE_NOTE, "  Share this story  "])
    this_article = "\n".join([PARAGRAPH_ONE, "Share this   story", SITE_NOTE, PARAGRAPH_TWO])
    repeated = repeated_lines([this_article, other_article])

    assert chrome_on_page(this_article, repeated) == sorted([line_key(SITE_NOTE), line_key("Share this story")])
    assert chrome_on_page(this_article, repeated | {line_key(PARAGRAPH_ONE)}) == chrome_on_page(this_article, repeated)
    assert chrome_on_page(this_article, frozenset()) == []


def test_copies_of_one_article_do_not_make_its_lines_chrome():
    copy_one = "\n".join([PARAGRAPH_ONE, "Where swimmers will go", PARAGRAPH_TWO, "Wexley Weekly"])
    copy_two = "\n".join([PARAGRAPH_ONE, "Where swimmers will go", PARAGRAPH_TWO, "Hatton Herald"])

    repeated = repeated_lines([copy_one, copy_two])

    assert "Where swimmers will go" in page_from_dump(copy_two, repeated).text


def test_an_article_of_short_paragraphs_is_kept():
    short_paragraphs = [
        "Wexley's old swimming baths will close at the end of the summer, the town council decided on Monday.",
        "An engineer found that the roof over the main pool was no longer safe in heavy snow.",
        "The council said it would look for money to build a new pool on the same site.",
    ]

    page = page_from_dump("\n".join(["Menu", "Wexley baths to close", *short_paragraphs, "Share this story"]))

    assert page.text == "\n".join(["Wexley baths to close", *short_paragraphs])


def test_classes_follow_justext_rules():
    lines = ["Menu", "Share", PARAGRAPH_ONE, "Where swimmers will go", PARAGRAPH_TWO, "© 2025 Wexley Weekly"]

    assert classify_lines(lines) == ["bad", "bad", "good", "good", "good", "chrome"]

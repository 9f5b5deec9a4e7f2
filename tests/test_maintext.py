"""The main-text rules: each fixes a way news pages commonly mislead an extractor."""
from __future__ import annotations

import pytest
from lxml.html import tostring
from trafilatura.utils import load_html

from conftest import FIXTURES
from pipeline.ingest import ingest, maintext
from pipeline.ingest.maintext import (
    headlines, join_split_bodies, main_text, preferred, prose_chars, without_cross_links, without_leading_headlines,
)

SPLIT_BODY = FIXTURES / "maintext" / "split_body.html"
QUOTED_TWEET = FIXTURES / "maintext" / "quoted_tweet.html"

PROSE = "The council voted on Tuesday to rebuild the harbour wall before the winter storms arrive in the bay."
OTHER_PROSE = "Engineers said the work would take eleven weeks and that the ferry would keep running throughout it."


def page(path) -> object:
    return load_html(path.read_text(encoding="utf-8"))


def test_an_article_body_split_by_an_advert_comes_out_whole():
    lines = main_text(page(SPLIT_BODY)).splitlines()

    assert len(lines) == 6
    assert lines[0].startswith("Night trains will run on the valley line again")
    assert lines[3].startswith("The old carriages have been refitted")
    assert lines[5].endswith("on an unstaffed platform after dark.")
    assert not any("Advertisement" in line or "bus lanes" in line for line in lines)


def test_split_parts_are_joined_in_page_order_into_the_first():
    tree = load_html(
        "<html><body><div class='article-body'><p>" + " ".join(["first"] * 40) + "</p></div>"
        "<div class='ad'>Advert</div><div class='article-body'><p>" + " ".join(["second"] * 40) + "</p></div></body></html>"
    )
    join_split_bodies(tree)
    (first,) = tree.xpath("/html/body/div[@class='article-body']")

    assert [p.text.split()[0] for p in first.iter("p")] == ["first", "second"]
    assert [div.get("class") for div in tree.xpath("/html/body/div")] == ["article-body", "ad"]


@pytest.mark.parametrize(
    "html",
    [
        # a teaser of a few words in a container of the same class is not a part of the article
        "<div class='article-body'><p>{long}</p></div><div class='article-body'><p>Next: ferry fares rise</p></div>",
        # a body container nested in another is one body
        "<div class='article-body'><p>{long}</p><div class='article-body'><p>{long}</p></div></div>",
        # containers of different classes are different things
        "<div class='article-body'><p>{long}</p></div><div class='article-body teaser'><p>{long}</p></div>",
    ],
)
def test_containers_that_are_not_parts_of_one_body_stay_apart(html):
    tree = load_html("<html><body>" + html.format(long=" ".join(["word"] * 40)) + "</body></html>")
    before = tostring(tree)
    join_split_bodies(tree)

    assert tostring(tree) == before


def test_a_quoted_tweet_stays_in_the_text_where_it_was_quoted():
    lines = main_text(page(QUOTED_TWEET)).splitlines()

    tweet = lines.index("Sunday opening would help every family that works all week. I voted for it and I hope you will too.")
    assert lines[tweet - 1] == "Several councillors shared their own views online before the poll closed."
    assert lines[tweet + 1].startswith("— Councillor Ada Kerr (@adakerr)")
    assert lines[-1].startswith("The council will publish the full results next week")
    assert not any("Share on" in line for line in lines)


@pytest.mark.parametrize(
    "precise, default, chosen",
    [
        (f"{PROSE}\n{OTHER_PROSE}", f"Home\nMenu\n{PROSE}\n{OTHER_PROSE}\nShare", "precise"),
        (f"{PROSE}", f"{PROSE}\n{OTHER_PROSE}", "precise"),  # half the prose is enough
        ("Order reprints\nPrint article", f"Order reprints\n{PROSE}\n{OTHER_PROSE}", "default"),
        ("", f"{PROSE}", "default"),
        ("", "", "precise"),
    ],
)
def test_precision_mode_is_preferred_unless_it_lost_most_of_the_prose(precise, default, chosen):
    assert preferred(precise, default) == {"precise": precise, "default": default}[chosen]


def test_prose_counts_each_paragraph_once_and_ignores_short_lines():
    assert prose_chars(f"{PROSE}\nMenu\n{PROSE}\nBy Ada Kerr") == len(PROSE)


def test_main_text_falls_back_to_the_default_mode_when_precision_mode_loses_the_body(monkeypatch):
    outputs = {True: "This copy is for your personal use only.", False: f"{PROSE}\n{OTHER_PROSE}"}
    monkeypatch.setattr(maintext, "_extract", lambda tree, url, favor_precision: outputs[favor_precision])

    assert main_text(load_html("<html><body><p>page</p></body></html>")) == f"{PROSE}\n{OTHER_PROSE}"


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["Harbour wall to be rebuilt", PROSE], [PROSE]),
        (["HARBOUR WALL  TO BE REBUILT", PROSE], [PROSE]),
        ([PROSE, "Harbour wall to be rebuilt"], [PROSE, "Harbour wall to be rebuilt"]),
        (["Harbour wall to be rebuilt"], []),
    ],
)
def test_the_headline_above_the_text_is_not_body(lines, expected):
    tree = load_html(f"<html><body><h1>Harbour wall to be <em>rebuilt</em></h1><p>{PROSE}</p></body></html>")

    assert without_leading_headlines(lines, headlines(tree)) == expected


@pytest.mark.parametrize(
    "lines, expected",
    [
        ([PROSE, "Related: Storm closes the ferry for a week", OTHER_PROSE], [PROSE, OTHER_PROSE]),
        ([PROSE, "READ MORE: Ferry fares to rise in spring", "Read also | Bus lanes for the ring road"], [PROSE]),
        (
            [PROSE, "DON'T MISS", "Storm closes the ferry [PICTURES]", "Ferry fares to rise in spring", OTHER_PROSE],
            [PROSE, OTHER_PROSE],
        ),
        ([PROSE, "You may also like...", "Storm closes the ferry"], [PROSE]),
        # a cue stops covering lines at the first sentence
        (["Related stories", PROSE, "Storm closes the ferry"], [PROSE, "Storm closes the ferry"]),
        # words that only start like a cue are prose
        (["Related charges were filed against two other men on Friday.", "See more photos:"],
         ["Related charges were filed against two other men on Friday.", "See more photos:"]),
    ],
)
def test_cross_links_to_other_stories_are_dropped(lines, expected):
    assert without_cross_links(lines) == expected


def test_the_html_reader_uses_these_rules(tmp_path):
    (tmp_path / "valley.html").write_bytes(SPLIT_BODY.read_bytes())
    (article,) = list(ingest([tmp_path]))

    assert article.title == "Night trains return to the valley line"
    assert article.text.startswith("Night trains will run on the valley line again")
    assert "The old carriages have been refitted" in article.text


def test_the_same_page_gives_the_same_text():
    assert main_text(page(QUOTED_TWEET)) == main_text(page(QUOTED_TWEET))


def test_an_article_given_only_as_embedded_json_is_found():
    body = " ".join([PROSE, OTHER_PROSE] * 8)
    html = (
        '<html><head><script type="application/ld+json">{"@context": "https://schema.org", '
        f'"@type": "NewsArticle", "headline": "Harbour wall", "articleBody": "{body}"}}</script></head>'
        '<body><div id="root"></div></body></html>'
    )
    assert PROSE in main_text(load_html(html))

"""Figures, notebook tables and evidence highlighting, on small inline tables."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from matplotlib import dates as mdates
from matplotlib.colors import to_hex

from pipeline.errors import InputError
from pipeline.highlight import highlight, highlighted, sentence_span
from pipeline.plots import (
    STANCE_COLOURS,
    Bound,
    conflicts,
    fact_claims,
    parse_labelled,
    parse_values,
    period,
    quotes_by_speaker,
    source_matrix,
    source_stances,
    split_list,
    supporting_claims,
    timeline,
    timeline_rows,
)
from pipeline.records import Claim, Fact, field_names, to_dict

FERRY = Fact(
    fact_id="f-ferry",
    fact="ferry service resumed",
    type="event_date",
    subject="ferry service",
    predicate="resume",
    status="conflict",
    conflict_kind="value",
    value="2024-06-03",
    values="2024-06-03 [harbour-news, island-daily] | 2024-06 [coast-radio] | 2024-06-10 [pier-blog]",
    n_sources=5,
    sources="coast-radio; harbour-news; island-daily; pier-blog; weekly",
    claim_ids="c-coast; c-harbour; c-island; c-pier; c-weekly",
    bounds="tide-times: <= 2024-06-05",
    unresolved_mentions="weekly: on Monday (no publication date to anchor it)",
)
CABLE = Fact(
    fact_id="f-cable",
    fact="cable car reopened",
    type="event_date",
    subject="cable car",
    predicate="reopen",
    status="conflict",
    value="",
    values="2023-W40 [harbour-news] | 2024 [coast-radio]",
    n_sources=2,
    sources="coast-radio; harbour-news",
    claim_ids="c-cable-1; c-cable-2",
)
TOLL = Fact(
    fact_id="f-toll",
    fact="bridge toll doubled",
    type="assertion",
    subject="bridge toll",
    predicate="double",
    status="agreed",
    value="bridge toll doubled",
    values="bridge toll doubled [harbour-news, island-daily]",
    n_sources=2,
    sources="harbour-news; island-daily",
    claim_ids="c-toll-1; c-toll-2",
)
LONE = Fact(
    fact_id="f-lone",
    fact="new pier planned",
    type="assertion",
    subject="pier",
    predicate="plan",
    status="single_source",
    value="new pier planned",
    values="new pier planned [pier-blog]",
    n_sources=1,
    sources="pier-blog",
    claim_ids="c-lone",
)


def date_claim(claim_id: str, source: str, value: str, surface: str, detail: str = "exact") -> Claim:
    return Claim(claim_id=claim_id, doc_id=f"doc-{source}", type="event_date", surface=surface,
                 char_start=0, char_end=len(surface), detail=detail, value=value, source=source)


CLAIMS = [
    date_claim("c-coast", "coast-radio", "2024-06", "in June", detail="month"),
    date_claim("c-harbour", "harbour-news", "2024-06-03", "3 June"),
    date_claim("c-island", "island-daily", "2024-06-03", "June 3"),
    date_claim("c-pier", "pier-blog", "2024-06-10", "10 June"),
    date_claim("c-weekly", "weekly", "", "on Monday", detail="unresolved"),
    date_claim("c-cable-1", "harbour-news", "2023-W40", "in week 40", detail="week"),
    date_claim("c-cable-2", "coast-radio", "2024", "this year", detail="year"),
]


def facts_table(*facts: Fact) -> pd.DataFrame:
    return pd.DataFrame([to_dict(f) for f in facts])


def claims_table(claims: list[Claim]) -> pd.DataFrame:
    return pd.DataFrame([to_dict(c) for c in claims], columns=field_names(Claim))


@pytest.fixture
def ferry_axes():
    figure = timeline(facts_table(FERRY, TOLL), claims_table(CLAIMS))
    (ax,) = figure.axes
    return ax


def with_gid(artists, gid: str) -> list:
    return [a for a in artists if a.get_gid() == gid]


def num(year: int, month: int, day: int, hour: int = 0) -> float:
    return float(mdates.date2num(datetime(year, month, day, hour)))


# Reading the facts table


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("a; b;c", ["a", "b", "c"]),
        ("", []),
        (None, []),
    ],
)
def test_split_list(cell, expected):
    assert split_list(cell) == expected


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("2024-06-03 [a, b] | 2024-06 [c]", [("2024-06-03", ["a", "b"]), ("2024-06", ["c"])]),
        ("fares | prices rose [a]", [("fares | prices rose", ["a"])]),
        ("", []),
    ],
)
def test_parse_values(cell, expected):
    assert parse_values(cell) == expected


def test_parse_labelled_splits_at_the_first_colon_space():
    assert parse_labelled("dump:3: <= 2024-06-05; weekly: on Monday (no date: none)") == [
        ("dump:3", "<= 2024-06-05"),
        ("weekly", "on Monday (no date: none)"),
    ]


@pytest.mark.parametrize(
    "value, start, end",
    [
        ("2024-06-03", date(2024, 6, 3), date(2024, 6, 4)),
        ("2024-06", date(2024, 6, 1), date(2024, 7, 1)),
        ("2024-12", date(2024, 12, 1), date(2025, 1, 1)),
        ("2024", date(2024, 1, 1), date(2025, 1, 1)),
        ("2024-W18", date(2024, 4, 29), date(2024, 5, 6)),
    ],
)
def test_period_covers_the_days_a_partial_date_names(value, start, end):
    days = period(value)
    assert (days.start, days.end) == (start, end)


@pytest.mark.parametrize("value", ["", "last week", "2024-13", "2024-02-30", "2024-W60"])
def test_period_is_none_for_what_is_not_a_date(value):
    assert period(value) is None


@pytest.mark.parametrize(
    "text, before, at",
    [
        ("<= 2024-06-05", True, date(2024, 6, 6)),
        ("< 2024-06-05", True, date(2024, 6, 5)),
        (">= 2024-06", False, date(2024, 6, 1)),
        ("> 2024-06", False, date(2024, 7, 1)),
    ],
)
def test_bound_parse(text, before, at):
    assert Bound.parse(text) == Bound(text, before, at)


def test_bound_parse_refuses_a_phrase():
    assert Bound.parse("on or before the launch") is None


# Timeline


def test_timeline_rows_gather_dates_bounds_and_unresolved_mentions():
    rows = timeline_rows(pd.Series(to_dict(FERRY)), claims_table(CLAIMS))
    assert [(r.source, [p.value for p in r.periods], [b.text for b in r.bounds], r.notes) for r in rows] == [
        ("coast-radio", ["2024-06"], [], []),
        ("harbour-news", ["2024-06-03"], [], []),
        ("island-daily", ["2024-06-03"], [], []),
        ("pier-blog", ["2024-06-10"], [], []),
        ("tide-times", [], ["<= 2024-06-05"], []),
        ("weekly", [], [], ["on Monday (no publication date to anchor it)"]),
    ]


def test_timeline_rows_note_an_unresolved_claim_by_its_surface():
    fact = dataclasses.replace(FERRY, unresolved_mentions="")
    rows = timeline_rows(pd.Series(to_dict(fact)), claims_table(CLAIMS))
    assert [r.notes for r in rows if r.source == "weekly"] == [["on Monday"]]


def test_timeline_has_one_row_per_source(ferry_axes):
    labels = [t.get_text() for t in ferry_axes.get_yticklabels()]
    assert labels == ["coast-radio", "harbour-news", "island-daily", "pier-blog", "tide-times", "weekly"]


def test_timeline_title_is_the_fact_label(ferry_axes):
    assert ferry_axes.get_title() == "ferry service resumed"


def test_timeline_draws_a_dot_per_day_claimed_in_the_middle_of_that_day(ferry_axes):
    dots = with_gid(ferry_axes.lines, "claim")
    assert sorted((float(d.get_xdata()[0]), float(d.get_ydata()[0])) for d in dots) == [
        (num(2024, 6, 3, 12), 1.0),
        (num(2024, 6, 3, 12), 2.0),
        (num(2024, 6, 10, 12), 3.0),
    ]


def test_timeline_draws_a_month_claim_as_a_bar_over_the_month(ferry_axes):
    (bar,) = with_gid(ferry_axes.patches, "claim-range")
    assert (bar.get_x(), bar.get_x() + bar.get_width()) == (num(2024, 6, 1), num(2024, 7, 1))
    assert bar.get_y() + bar.get_height() / 2 == 0


def test_timeline_marks_an_unresolved_date_with_an_empty_marker_at_the_row_end(ferry_axes):
    (marker,) = with_gid(ferry_axes.lines, "unresolved")
    assert (marker.get_xdata()[0], marker.get_ydata()[0], marker.get_markerfacecolor()) == (0.985, 5, "none")
    assert "on Monday (no publication date to anchor it)" in [t.get_text() for t in ferry_axes.texts]


def test_timeline_draws_a_bound_as_an_arrow_to_the_left_edge(ferry_axes):
    (arrow,) = with_gid(ferry_axes.texts, "bound")
    assert arrow.xy == (ferry_axes.get_xlim()[0], 4)
    assert arrow.xyann == (num(2024, 6, 6), 4)


def test_timeline_marks_the_suggested_value_with_a_vertical_line(ferry_axes):
    (line,) = with_gid(ferry_axes.lines, "suggested")
    assert list(line.get_xdata()) == [num(2024, 6, 3, 12)] * 2


def test_timeline_without_fact_id_draws_every_conflicting_date_fact():
    figure = timeline(facts_table(FERRY, CABLE, TOLL), claims_table(CLAIMS))
    assert [ax.get_title() for ax in figure.axes] == ["cable car reopened", "ferry service resumed"]


def test_timeline_draws_week_and_year_claims_as_bars():
    figure = timeline(facts_table(FERRY, CABLE), claims_table(CLAIMS), fact_id="f-cable")
    bars = with_gid(figure.axes[0].patches, "claim-range")
    assert sorted((b.get_x(), b.get_x() + b.get_width()) for b in bars) == [
        (num(2023, 10, 2), num(2023, 10, 9)),
        (num(2024, 1, 1), num(2025, 1, 1)),
    ]
    assert with_gid(figure.axes[0].lines, "suggested") == []


def test_timeline_draws_into_the_axes_given():
    from matplotlib.figure import Figure

    figure = Figure()
    left, right = figure.subplots(1, 2)
    assert timeline(facts_table(FERRY), claims_table(CLAIMS), fact_id="f-ferry", ax=right) is figure
    assert (left.get_title(), right.get_title()) == ("", "ferry service resumed")


@pytest.mark.parametrize(
    "facts, fact_id, message",
    [
        ((FERRY,), "f-missing", "no fact 'f-missing' in the facts table"),
        ((TOLL,), None, "no conflicting event-date fact to draw: pass fact_id to draw another fact"),
    ],
)
def test_timeline_says_when_there_is_nothing_to_draw(facts, fact_id, message):
    with pytest.raises(InputError) as error:
        timeline(facts_table(*facts), claims_table(CLAIMS), fact_id=fact_id)
    assert str(error.value) == message


def test_timeline_refuses_several_facts_on_one_axes():
    from matplotlib.figure import Figure

    with pytest.raises(InputError) as error:
        timeline(facts_table(FERRY, CABLE), claims_table(CLAIMS), ax=Figure().subplots())
    assert str(error.value) == "2 conflicting event-date facts and one axes: pass fact_id"


# Source matrix


def test_source_stances_keep_shared_facts_conflicts_first():
    stances = source_stances(facts_table(TOLL, LONE, FERRY), claims_table(CLAIMS))
    expected = pd.DataFrame(
        {
            "f-ferry": ["vague", "agree", "agree", "conflict", "vague", "vague"],
            "f-toll": ["silent", "agree", "agree", "silent", "silent", "silent"],
        },
        index=pd.Index(["coast-radio", "harbour-news", "island-daily", "pier-blog", "tide-times", "weekly"],
                       name="source"),
    )
    pd.testing.assert_frame_equal(stances, expected)


def test_source_stances_max_facts():
    stances = source_stances(facts_table(TOLL, FERRY), claims_table(CLAIMS), max_facts=1)
    assert list(stances.columns) == ["f-ferry"]


def test_source_stances_without_a_suggested_value_every_value_conflicts():
    stances = source_stances(facts_table(CABLE), claims_table(CLAIMS))
    assert stances.loc[["coast-radio", "harbour-news"], "f-cable"].tolist() == ["conflict", "conflict"]


def test_source_stances_every_source_backs_an_agreed_fact_without_a_value():
    agreed = dataclasses.replace(TOLL, value="", values="")
    stances = source_stances(facts_table(agreed), claims_table(CLAIMS))
    assert stances["f-toll"].to_dict() == {
        "coast-radio": "silent", "harbour-news": "agree", "island-daily": "agree",
        "pier-blog": "silent", "weekly": "silent",
    }

def test_source_matrix_colours_each_source_and_fact():
    figure = source_matrix(facts_table(TOLL, LONE, FERRY), claims_table(CLAIMS))
    (ax,) = figure.axes
    (image,) = ax.images
    cells = image.get_array()
    assert cells.shape == (6, 2)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["ferry service resumed", "bridge toll doubled"]
    colour = lambda row, column: to_hex(image.cmap(image.norm(cells[row, column])))  # noqa: E731
    assert [colour(row, 0) for row in range(6)] == [
        STANCE_COLOURS[s] for s in ["vague", "agree", "agree", "conflict", "vague", "vague"]
    ]
    assert colour(0, 1) == STANCE_COLOURS["silent"]


def test_source_matrix_says_when_no_fact_is_shared():
    figure = source_matrix(facts_table(LONE), claims_table(CLAIMS))
    assert len(figure.axes[0].images) == 0
    assert "no fact has two or more sources" in [t.get_text() for t in figure.axes[0].texts]


# Tables for the notebook


def test_conflicts_lists_values_bounds_and_unresolved_mentions():
    table = conflicts(facts_table(TOLL, FERRY))
    assert table[["kind", "value", "sources", "suggested"]].values.tolist() == [
        ["value", "2024-06-03", "harbour-news, island-daily", True],
        ["value", "2024-06", "coast-radio", False],
        ["value", "2024-06-10", "pier-blog", False],
        ["bound", "<= 2024-06-05", "tide-times", False],
        ["unresolved", "on Monday (no publication date to anchor it)", "weekly", False],
    ]


def test_fact_claims_are_the_claims_of_the_fact_by_source():
    table = fact_claims(pd.Series(to_dict(CABLE)), claims_table(CLAIMS))
    assert table["claim_id"].tolist() == ["c-cable-2", "c-cable-1"]


def test_supporting_claims_list_the_claims_behind_each_agreed_fact():
    toll_claims = [
        Claim(claim_id="c-toll-1", doc_id="h", type="assertion", surface="toll doubled", char_start=0,
              char_end=12, sentence="The toll doubled.", source="harbour-news"),
        Claim(claim_id="c-toll-2", doc_id="i", type="assertion", surface="toll is twice", char_start=0,
              char_end=13, sentence="The toll is twice what it was.", source="island-daily"),
    ]
    table = supporting_claims(facts_table(FERRY, TOLL), claims_table(CLAIMS + toll_claims))
    assert table[["fact", "source", "surface", "sentence"]].values.tolist() == [
        ["bridge toll doubled", "harbour-news", "toll doubled", "The toll doubled."],
        ["bridge toll doubled", "island-daily", "toll is twice", "The toll is twice what it was."],
    ]


def test_quotes_by_speaker_groups_quotes_and_puts_unattributed_last():
    def quote(claim_id: str, source: str, speaker: str, start: int) -> Claim:
        return Claim(claim_id=claim_id, doc_id=source, type="quote", surface="q", char_start=start,
                     char_end=start + 1, value=f"words {claim_id}", speaker=speaker, source=source)

    claims = [quote("q1", "b", "Rosa Vell", 9), quote("q2", "a", "", 1), quote("q3", "b", "Rosa Vell", 2),
              quote("q4", "a", "Ivo Kren", 5), date_claim("d1", "a", "2024", "2024")]
    table = quotes_by_speaker(claims_table(claims))
    assert table[["speaker", "value"]].values.tolist() == [
        ["Ivo Kren", "words q4"],
        ["Rosa Vell", "words q3"],
        ["Rosa Vell", "words q1"],
        ["(no speaker)", "words q2"],
    ]


# Highlighting evidence

TEXT = 'The <b>council</b> said on 3 June: "Fares stay at 2 & 3 euros."\nNext paragraph.'


def span_claim(claim_id: str, type_: str, surface: str, value: str = "", sentence: str = "") -> Claim:
    start = TEXT.index(surface)
    return Claim(claim_id=claim_id, doc_id="d", type=type_, surface=surface, char_start=start,
                 char_end=start + len(surface), value=value, sentence=sentence)


def test_highlight_escapes_the_text():
    assert highlight(TEXT, claims_table([])) == (
        '<div style="white-space: pre-wrap">The &lt;b&gt;council&lt;/b&gt; said on 3 June: '
        '&quot;Fares stay at 2 &amp; 3 euros.&quot;\nNext paragraph.</div>'
    )


def test_highlight_marks_the_span_of_a_claim_with_its_type_and_value():
    markup = highlight(TEXT, claims_table([span_claim("c1", "event_date", "3 June", value="2024-06-03")]))
    assert (
        'said on <mark style="background-color: #ffd166" title="event_date: 2024-06-03" '
        'data-claims="c1">3 June</mark>: &quot;Fares'
    ) in markup


def test_highlight_titles_a_claim_without_value_with_its_reason():
    claim = dataclasses.replace(span_claim("c1", "event_date", "3 June"), reason="no year to anchor it")
    assert 'title="event_date: no value (no year to anchor it)"' in highlight(TEXT, claims_table([claim]))

def test_highlight_splits_overlapping_claims_into_flat_marks():
    claims = [
        span_claim("c-quote", "quote", '"Fares stay at 2 & 3 euros."', value="Fares stay at 2 & 3 euros."),
        span_claim("c-number", "number", "2 & 3 euros", value="2-3"),
    ]
    markup = highlight(TEXT, claims_table(claims), start=TEXT.index('"'), end=TEXT.index("\n"))
    assert markup == (
        '<div style="white-space: pre-wrap">'
        '<mark style="background-color: #a0c4ff" title="quote: Fares stay at 2 &amp; 3 euros." '
        'data-claims="c-quote">&quot;Fares stay at </mark>'
        '<mark style="background-color: #b9fbc0; outline: 1px dashed #555" '
        'title="quote: Fares stay at 2 &amp; 3 euros.&#10;number: 2-3" data-claims="c-quote c-number">'
        '2 &amp; 3 euros</mark>'
        '<mark style="background-color: #a0c4ff" title="quote: Fares stay at 2 &amp; 3 euros." '
        'data-claims="c-quote">.&quot;</mark></div>'
    )


def test_highlight_window_clips_a_claim_it_cuts_through():
    claims = [span_claim("c1", "assertion", "council</b> said")]
    markup = highlight(TEXT, claims_table(claims), start=TEXT.index("said"), end=TEXT.index(" on"))
    assert markup == (
        '<div style="white-space: pre-wrap"><mark style="background-color: #ffc6ff" title="assertion" '
        'data-claims="c1">said</mark></div>'
    )


def test_highlight_refuses_claims_of_another_text():
    claim = Claim(claim_id="c9", doc_id="other", type="quote", surface="elsewhere", char_start=4, char_end=13)
    with pytest.raises(InputError) as error:
        highlight(TEXT, claims_table([claim]))
    assert str(error.value) == (
        "claim c9 (4:13, 'elsewhere') does not match the text (79 chars): "
        "pass the claims of this article only"
    )


def test_highlighted_is_html_for_notebooks():
    assert highlighted(TEXT, claims_table([]))._repr_html_() == highlight(TEXT, claims_table([]))


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ('The <b>council</b> said on 3 June: "Fares stay at 2 & 3 euros."', (0, 63)),
        ("a sentence the extractor normalised", (0, 63)),
    ],
)
def test_sentence_span_finds_the_sentence_or_falls_back_to_the_paragraph(sentence, expected):
    claim = span_claim("c1", "event_date", "3 June", sentence=sentence)
    assert sentence_span(TEXT, claim) == expected

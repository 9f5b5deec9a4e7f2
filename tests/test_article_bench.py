"""The article-extraction benchmark script: the benchmark's metric, and a smoke run on a few pages."""
from __future__ import annotations

import pytest

from benchmarks.article_extraction import DEFAULT_DATA, PageScore, evaluate, figures, main, score_page, shingles

needs_article_benchmark = pytest.mark.skipif(
    not (DEFAULT_DATA / "ground-truth.json").is_file(),
    reason="../shared/benchmarks/article-extraction is not beside this checkout",
)

BODY = "The ferry ran again on Tuesday after nine days of repairs to the loading ramp."


def test_shingles_are_token_four_grams_with_counts():
    assert shingles("a b c d a b c d") == {
        ("a", "b", "c", "d"): 2, ("b", "c", "d", "a"): 1, ("c", "d", "a", "b"): 1, ("d", "a", "b", "c"): 1,
    }


def test_a_text_shorter_than_four_tokens_is_one_short_shingle():
    assert shingles("Breaking news!") == {("Breaking", "news"): 1}
    assert shingles("") == {}


def test_the_same_tokens_score_one_whatever_the_punctuation_and_lines():
    page = score_page("p", BODY, BODY.replace(" after", "\nafter").replace(".", ""))

    assert (page.tp, page.fp, page.fn, page.exact) == (1.0, 0.0, 0.0, True)
    assert (page.precision, page.recall, page.f1) == (1.0, 1.0, 1.0)


def test_extra_text_costs_precision_and_counts_are_shares_of_their_sum():
    page = score_page("p", "one two three four five", "one two three four five six")

    # true shingles: (1234, 2345); ours add (3456): 2 shared, 1 extra, 0 missed.
    assert (page.tp, page.fp, page.fn) == (2 / 3, 1 / 3, 0.0)
    assert (page.precision, page.recall, page.exact) == (2 / 3, 1.0, False)


def test_a_page_without_our_text_counts_in_recall_only():
    scores = [score_page("full", BODY, BODY), score_page("empty", BODY, "")]
    result = figures(scores)

    assert (result.precision, result.recall, result.accuracy, result.empty) == (1.0, 0.5, 0.5, 1)
    assert result.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)


def test_f1_comes_from_the_averaged_precision_and_recall():
    scores = [PageScore("a", 0.5, 0.5, 0.0, False), PageScore("b", 0.5, 0.0, 0.5, False)]
    result = figures(scores)

    assert (result.precision, result.recall) == (0.75, 0.75)
    assert result.f1 == pytest.approx(0.75)


def test_a_missing_benchmark_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["--data", str(tmp_path)]) == 2
    assert "does not hold the article-extraction benchmark" in capsys.readouterr().err


@needs_article_benchmark
def test_five_pages_score_like_a_working_extractor():
    scores = evaluate(DEFAULT_DATA, limit=5)
    result = figures(scores)

    assert len(scores) == 5 and result.empty == 0
    # The whole page's text scores about 0.67 here, an extractor that misses the body far less.
    assert result.f1 > 0.9
    assert 0.0 <= result.accuracy <= 1.0


@needs_article_benchmark
def test_the_script_prints_our_figures_beside_the_published_ones(capsys):
    assert main(["--limit", "2", "--show-worst", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("article-extraction, 2 pages in ")
    assert "\nours " in out and "\nrs_trafilatura 9261e08 * " in out
    assert "worst 1 pages by F1:" in out

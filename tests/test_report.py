"""report.html: the facts of a run as a page to work through, built from the run's files."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from pipeline import report
from pipeline.cli import main
from tests.conftest import write_run
from tests.story import ARTICLES, CLAIMS, FACTS, FIRE


@pytest.fixture
def page(tmp_path) -> str:
    return report.build(write_run(tmp_path / "out", ARTICLES, CLAIMS, FACTS))


def fact_block(page: str, fact_id: str) -> str:
    start = page.index(f'id="f-{fact_id}"')
    return page[start:page.index("</article>", start)]


def test_a_conflict_shows_every_value_with_the_outlets_giving_it(page):
    block = fact_block(page, FIRE.fact_id)

    assert "<td>2026-03-12</td><td>The Courier (" in block
    assert "<td>2026-03-13</td><td>The Post (" in block
    assert "conflict: value" in block


def test_a_fact_shows_the_suggested_value_with_its_confidence_rationale_and_bounds(page):
    block = fact_block(page, FIRE.fact_id)

    assert "Suggested: <b>2026-03-12</b>, confidence 0.6." in block
    assert "the earlier report." in block
    assert "<b>Bounds:</b> courier: &lt;= 2026-03-13" in block


def test_the_claimed_words_are_marked_in_their_sentence(page):
    block = fact_block(page, FIRE.fact_id)

    assert "<blockquote>A fire broke out at the plant on <mark>March 12, 2026</mark>. <small>→ 2026-03-12</small></blockquote>" in block
    assert "<blockquote>The fire started on <mark>13 March 2026</mark>, officials said. <small>→ 2026-03-13</small></blockquote>" in block


def test_evidence_names_the_outlet_the_date_and_links_to_the_page(page):
    block = fact_block(page, FIRE.fact_id)

    assert '<cite>The Courier (courier) · 2026-03-13 · <a href="https://courier.example/fire">page</a></cite>' in block


def test_an_address_that_is_not_a_web_page_is_no_link(page):
    assert "javascript:" not in page


def test_a_script_in_an_article_is_shown_as_text(page):
    assert "<script>alert(1)</script>" not in page
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in page
    assert page.count("<script>") == 1  # the page's own filters


def test_conflicts_come_first_then_agreed_facts_and_the_rest_is_folded(page):
    conflicts, agreed, rest = (page.index(marker) for marker in ("<h3>Conflicts (1)", "<h3>Agreed by two or more sources (1)", '<details class="rest">'))

    assert conflicts < page.index(FIRE.fact_id) < agreed < page.index("workers000000000") < rest < page.index("chief00000000000")


def test_a_date_fact_shows_its_values_on_a_timeline(page):
    timeline = re.search(r"<svg class=\"timeline\".*?</svg>", fact_block(page, FIRE.fact_id)).group(0)

    assert '<text x="40.0" y="30">2026-03-12</text>' in timeline
    assert '<text x="280.0" y="8">2026-03-13</text>' in timeline
    assert "<svg" not in fact_block(page, "workers000000000")


def test_the_filters_offer_each_status_type_and_outlet(page):
    for select, option in (("status", "conflict"), ("type", "event_date"), ("outlet", "The Post")):
        assert re.search(f'<select id="{select}".*<option value="{option}">', page)
    assert 'data-outlets="The Courier|The Post"' in fact_block(page, FIRE.fact_id)


def test_the_page_fetches_nothing(page):
    assert not re.search(r"<(script|link|img|iframe)[^>]*(src|href)=", page)


def test_the_same_files_give_the_same_bytes(tmp_path, page):
    again = report.build(write_run(tmp_path / "again", ARTICLES, CLAIMS, FACTS))

    assert again == page


def test_a_run_writes_the_report_and_names_it_in_its_manifest(tiny_dump):
    out = tiny_dump / "out"
    main(["run", str(tiny_dump), "--out", str(out), "--jobs", "1", "--quiet"])

    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["files"]["report.html"]["bytes"] == (out / "report.html").stat().st_size
    assert "<h1>Reconciled claims</h1>" in (out / "report.html").read_text(encoding="utf-8")


def test_the_report_command_writes_it_again_from_the_run_files(tmp_path):
    out = write_run(tmp_path / "out", ARTICLES, CLAIMS, FACTS)

    assert main(["report", str(out)]) == 0
    assert (out / "report.html").read_text(encoding="utf-8") == report.build(out)
    assert "report.html" in json.loads((out / "run.json").read_text(encoding="utf-8"))["files"]


def test_the_report_command_refuses_a_folder_without_a_run(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    assert "no run there" in capsys.readouterr().err


FILTER_HARNESS = r"""
// The page's script on a stand-in for the DOM: two facts of one story.
function el(attrs) { var classes = new Set(); return Object.assign({
  classList: { toggle: function (c, on) { if (on) classes.add(c); else classes.delete(c); }, has: function (c) { return classes.has(c); } },
  listeners: {}, addEventListener: function (t, f) { this.listeners[t] = f; }, value: "", checked: false, textContent: "",
}, attrs); }
var fire = el({dataset: {status: "conflict", type: "event_date", outlets: "The Courier|The Post"}, textContent: "Fire: date"});
var workers = el({dataset: {status: "agreed", type: "number", outlets: "The Courier"}, textContent: "Workers evacuated 312"});
var story = el({querySelector: function () { return [fire, workers].find(function (f) { return !f.classList.has("hidden"); }) || null; },
                querySelectorAll: function () { return []; }});
var fields = {q: el({}), status: el({}), type: el({}), outlet: el({}), open: el({}), shown: el({})};
global.document = {
  querySelectorAll: function (s) { return s === "article.fact" ? [fire, workers] : s === "section.story" ? [story] : []; },
  getElementById: function (id) { return fields[id]; },
};
require(process.argv[2]);
var shown = function () { return [fire, workers].filter(function (f) { return !f.classList.has("hidden"); }).length; };
fields.outlet.value = "The Post"; fields.outlet.listeners.input();
var byOutlet = [!fire.classList.has("hidden"), !workers.classList.has("hidden")];
fields.outlet.value = ""; fields.q.value = "312"; fields.q.listeners.input();
var bySearch = [!fire.classList.has("hidden"), !workers.classList.has("hidden")];
fields.q.value = ""; fields.status.value = "unresolved"; fields.status.listeners.input();
console.log(JSON.stringify({byOutlet: byOutlet, bySearch: bySearch, none: shown(), storyHidden: story.classList.has("hidden"),
                            shown: fields.shown.textContent}));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed to run the page's script")
def test_the_filters_show_the_facts_of_an_outlet_a_search_or_a_status(tmp_path):
    (tmp_path / "harness.js").write_text(FILTER_HARNESS, encoding="utf-8")
    done = subprocess.run(["node", str(tmp_path / "harness.js"), str(report.RESOURCES / "report.js")],
                          capture_output=True, text=True, check=True)

    assert json.loads(done.stdout) == {"byOutlet": [True, False], "bySearch": [False, True], "none": 0,
                                       "storyHidden": True, "shown": "0 of 2 facts shown"}

"""The TempEval-3 benchmark script: it reads TimeML, matches spans and scores values."""
from __future__ import annotations

from benchmarks.tempeval import (
    DEFAULT_DATA, Predicted, evaluate, load_documents, main, match, read_dct, read_timeml, score,
)
from pipeline.extract.dates import find_dates
from tests.conftest import needs_benchmarks

INLINE = """<?xml version="1.0" ?>
<TimeML>
<DOCID>inline_example</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2020-06-12" functionInDocument="CREATION_TIME">June 12, 2020</TIMEX3></DCT>
<TEXT>The council voted on <TIMEX3 tid="t1" type="DATE" value="2020-06-11">Thursday</TIMEX3> to shut the bridge \
for <TIMEX3 tid="t2" type="DURATION" value="P3W">three weeks</TIMEX3>, reopening it <TIMEX3 tid="t3" type="DATE" \
value="XXXX-XX-XX">the day after the regatta</TIMEX3>.</TEXT>
</TimeML>"""


def test_timeml_text_and_timex_offsets():
    doc_id, text, timexes = read_timeml(INLINE)
    assert doc_id == "inline_example"
    assert read_dct(INLINE).isoformat() == "2020-06-12"
    assert [(text[t.start:t.end], t.type, t.value) for t in timexes] == [
        ("Thursday", "DATE", "2020-06-11"),
        ("three weeks", "DURATION", "P3W"),
        ("the day after the regatta", "DATE", "XXXX-XX-XX"),
    ]


def test_the_inline_example_scores_one_hit_and_one_miss(nlp):
    _, text, timexes = read_timeml(INLINE)
    gold = [t for t in timexes if t.type in ("DATE", "TIME")]
    predicted = [Predicted(m.start, m.end, m.surface, m.timex) for m in find_dates(nlp(text), read_dct(INLINE))]
    outcomes = match("inline_example", gold, predicted)
    assert [(o.gold.text, o.kind) for o in outcomes] == [("Thursday", "right"), ("the day after the regatta", "missed")]
    result = score(outcomes)
    assert (result.gold, result.predicted, result.span_hits, result.value_hits) == (2, 1, 1, 1)
    assert result.figures()["value_f1"] == 2 * 1.0 * 0.5 / 1.5


def test_an_overlap_with_a_wrong_value_counts_for_the_span_only():
    _, _, timexes = read_timeml(INLINE)
    predicted = [Predicted(18, 29, "on Thursday", "2020-06-18"), Predicted(0, 3, "The", "2020")]
    outcomes = match("inline_example", timexes[:1], predicted)
    assert [o.kind for o in outcomes] == ["wrong value", "false positive"]
    result = score(outcomes)
    assert (result.gold, result.predicted, result.span_hits, result.value_hits) == (1, 2, 1, 0)


@needs_benchmarks
def test_two_platinum_documents_score_within_bounds(nlp):
    documents = load_documents(DEFAULT_DATA, limit=2)
    total, _ = evaluate(documents, nlp)
    assert len(documents) == 2 and total.gold > 0
    assert all(0.0 <= figure <= 1.0 for figure in total.figures().values())


@needs_benchmarks
def test_the_script_prints_our_figures_beside_the_published_ones(capsys):
    assert main(["--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("TempEval-3 platinum, 2 documents:")
    assert "\nours " in out and "\nHeidelTime * " in out

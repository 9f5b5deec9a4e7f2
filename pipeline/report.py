"""report.html: the reconciled facts as one page a fact-checker works through.

Built from the files of a run (reconciled_claims.csv, claims.csv, articles.csv, and the texts
in articles.jsonl to place each claim in its sentence), so that `run` and `report OUT` write
the same bytes. One self-contained file: inline CSS and a little vanilla JavaScript, nothing
fetched, no time written into it. Per story: conflicts, then facts two or more sources agree
on, then the rest folded away; per fact its values and outlets, the suggestion and why, the
evidence sentences with the claimed words marked, and a person's decision where there is one.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from datetime import date
from pathlib import Path

from pipeline import export
from pipeline.highlight import sentence_span
from pipeline.review import value_sources

REPORT_FILE = "report.html"
RESOURCES = Path(__file__).resolve().parent / "resources"
SECTIONS = (("conflict", "Conflicts"), ("agreed", "Agreed by two or more sources"))
TIMELINE_WIDTH, TIMELINE_HEIGHT = 320, 34
VALUE_SHOWN = ("event_date", "number")
"""Claims whose value an evidence line shows after its sentence: a quote's or an assertion's is its own words again."""


def write_report(folder: str | Path, path: str | Path, facts_csv: str | Path | None = None) -> None:
    """The report of the run whose files are in `folder` (its facts from `facts_csv` if given),
    written atomically to `path`."""
    markup = build(Path(folder), Path(facts_csv) if facts_csv is not None else None)
    with export.atomic_open(Path(path)) as handle:
        handle.write(markup)


def build(folder: Path, facts_csv: Path | None = None, *, actions: bool = False) -> str:
    """The report's HTML for the run files in `folder` (its facts from `facts_csv` if given); with
    `actions`, the review page `pipeline.serve` serves: buttons on each fact that post decisions."""
    facts = _read_csv(facts_csv or folder / "reconciled_claims.csv")
    claims = {row["claim_id"]: row for row in _read_csv(folder / "claims.csv")}
    articles = {row["doc_id"]: row for row in _read_csv(folder / "articles.csv")}
    by_label = {row["label"]: row for row in articles.values()}
    wanted = {claim_id for fact in facts for claim_id in _split(fact["claim_ids"])}
    spans = _sentence_spans(folder / "articles.jsonl", [claims[c] for c in sorted(wanted) if c in claims])
    return _render(facts, _Sources(claims, articles, by_label, spans, actions))


@dataclass(frozen=True)
class _Sources:
    """What a fact's block is made from besides the fact: the run's claims and articles."""

    claims: dict
    articles: dict
    by_label: dict
    spans: dict
    actions: bool = False


def _render(facts: list[dict], run: _Sources) -> str:
    stories: dict[str, list[dict]] = defaultdict(list)
    for fact in facts:
        stories[fact["story"]].append(fact)
    ranked = sorted(stories, key=lambda s: (-sum(f["status"] == "conflict" for f in stories[s]), s))
    statuses = Counter(fact["status"] for fact in facts)
    types = sorted({fact["type"] for fact in facts})
    outlets = sorted({_outlet(run.by_label.get(label, {}), label) for fact in facts for label in _split(fact["sources"])})
    parts = [
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>Reconciled claims</title>\n<style>\n", (RESOURCES / "report.css").read_text(encoding="utf-8"),
        "</style>\n</head>\n<body>\n<header>\n<h1>Reconciled claims</h1>\n",
        f"<p class=\"summary\">{len(stories)} stories, {len(facts)} facts: "
        + ", ".join(f"{statuses[s]} {_e(s.replace('_', '-'))}" for s in ("conflict", "agreed", "single_source", "unresolved"))
        + f"; {sum(1 for f in facts if f.get('review_status'))} reviewed</p>\n",
        "<form class=\"filters\" onsubmit=\"return false\">\n"
        "<input type=\"search\" id=\"q\" placeholder=\"Search facts, values, sentences\" aria-label=\"Search\">\n",
        _select("status", "all statuses", sorted(statuses, key=lambda s: (s != "conflict", s))),
        _select("type", "all types", types), _select("outlet", "all outlets", outlets),
        "<label><input type=\"checkbox\" id=\"open\"> show folded facts</label>\n",
        "<label>name <input id=\"by\" size=\"10\" aria-label=\"your name\"></label>\n" if run.actions else "",
        "<span id=\"shown\"></span>\n</form>\n</header>\n<main>\n",
    ]
    for story in ranked:
        parts.append(_story(story, stories[story], run))
    scripts = ["report.js", "review.js"] if run.actions else ["report.js"]
    parts += ["</main>\n<script>\n", *((RESOURCES / name).read_text(encoding="utf-8") for name in scripts), "</script>\n</body>\n</html>\n"]
    return "".join(parts)


def _story(story: str, facts: list[dict], run: _Sources) -> str:
    parts = [f"<section class=\"story\">\n<h2>Story: {_e(story)}</h2>\n"]
    shown = set()
    for status, title in SECTIONS:
        group = [f for f in facts if f["status"] == status and (status == "conflict" or int(f["n_sources"] or 0) >= 2)]
        if group:
            parts.append(f"<h3>{_e(title)} ({len(group)})</h3>\n")
            parts += [_fact(f, run) for f in group]
            shown.update(id(f) for f in group)
    rest = [f for f in facts if id(f) not in shown]
    if rest:
        parts.append(f"<details class=\"rest\">\n<summary>Other facts ({len(rest)}: single-source, unresolved)</summary>\n")
        parts += [_fact(f, run) for f in rest]
        parts.append("</details>\n")
    parts.append("</section>\n")
    return "".join(parts)


def _fact(fact: dict, run: _Sources) -> str:
    claims, articles, by_label, spans = run.claims, run.articles, run.by_label, run.spans
    told = value_sources(fact["values"])
    labels = _split(fact["sources"])
    outlets = sorted({_outlet(by_label.get(label, {}), label) for label in labels})
    status = fact["status"]
    parts = [
        f"<article class=\"fact {_e(status)}\" id=\"f-{_e(fact['fact_id'])}\" data-status=\"{_e(status)}\" "
        f"data-type=\"{_e(fact['type'])}\" data-outlets=\"{_e('|'.join(outlets))}\">\n",
        f"<h4>{_e(fact['fact'])} <span class=\"badge {_e(status)}\">{_e(status.replace('_', ' '))}"
        + (f": {_e(fact['conflict_kind'])}" if fact["conflict_kind"] else "")
        + f"</span> <span class=\"type\">{_e(fact['type'])}</span> <code class=\"id\">{_e(fact['fact_id'])}</code></h4>\n",
    ]
    if fact.get("review_status"):
        parts.append(
            f"<p class=\"decision\">Reviewed: <b>{_e(fact['review_status'])}</b>"
            + (f" <q>{_e(fact['reviewed_value'])}</q>" if fact.get("reviewed_value") else "")
            + f" by {_e(fact.get('reviewed_by') or 'someone')} at {_e(fact.get('reviewed_at', ''))}"
            + (f": {_e(fact['review_note'])}" if fact.get("review_note") else "") + "</p>\n"
        )
    if told:
        parts.append("<table class=\"values\"><tr><th>value</th><th>told by</th></tr>\n")
        for value, sources in told:
            mark = " class=\"suggested\"" if value == fact["value"] else ""
            who = ", ".join(_source_name(by_label.get(label, {}), label) for label in sources)
            parts.append(f"<tr{mark}><td>{_e(value)}</td><td>{who}</td></tr>\n")
        parts.append("</table>\n")
    if fact["type"] == "event_date":
        parts.append(timeline(told, fact["value"]))
    parts.append(
        f"<p class=\"suggestion\">Suggested: <b>{_e(fact['value'] or '(none)')}</b>, confidence {_e(fact['confidence'])}. "
        f"<span class=\"rationale\">{_e(fact['rationale'])}</span></p>\n"
    )
    for name, title in (("bounds", "Bounds"), ("unresolved_mentions", "Unresolved mentions"), ("intra_source_conflict", "Contradicts itself")):
        if fact.get(name):
            parts.append(f"<p class=\"more\"><b>{title}:</b> {_e(fact[name])}</p>\n")
    evidence = [claims[c] for c in _split(fact["claim_ids"]) if c in claims]
    evidence.sort(key=lambda c: (articles.get(c["doc_id"], {}).get("label", ""), c["doc_id"], int(c["char_start"]), c["claim_id"]))
    parts.append(f"<details class=\"evidence\"{' open' if status == 'conflict' else ''}><summary>Evidence ({len(evidence)})</summary>\n<ul>\n")
    for doc_id, group in groupby(evidence, key=itemgetter("doc_id")):
        parts.append(_evidence(list(group), articles.get(doc_id, {"label": doc_id}), spans))
    parts.append("</ul>\n</details>\n")
    if run.actions:
        parts.append(_actions(fact["fact_id"], [value for value, _ in told] or [fact["value"]]))
    parts.append("</article>\n")
    return "".join(parts)


def _evidence(claims: list[dict], article: dict, spans: dict) -> str:
    """One article's claims of a fact: who, when and where, then each sentence with the claimed words marked."""
    url = article.get("url", "")
    link = f" · <a href=\"{_e(url)}\">page</a>" if url.startswith(("http://", "https://")) else ""
    parts = [f"<li><cite>{_source_name(article, article.get('label', ''))} · {_e(article.get('published') or 'no date')}{link}</cite>"]
    for claim in claims:
        span = spans.get(claim["claim_id"])
        if span is None:
            sentence = claim["sentence"] or claim["surface"]
            start = sentence.find(claim["surface"])
            span = (sentence, start, start + len(claim["surface"])) if start >= 0 else (sentence, 0, 0)
        sentence, start, end = span
        marked = _e(sentence[:start]) + (f"<mark>{_e(sentence[start:end])}</mark>" if end > start else "") + _e(sentence[end:])
        said = [_e(claim["attribution"])] if claim.get("attribution") else []
        said += [f"→ {_e(claim['value'])}"] if claim.get("value") and claim["type"] in VALUE_SHOWN else []
        parts.append(f"<blockquote>{marked}" + (f" <small>{' '.join(said)}</small>" if said else "") + "</blockquote>")
    parts.append("</li>\n")
    return "".join(parts)


def _actions(fact_id: str, values: list[str]) -> str:
    """The review page's buttons for one fact (see resources/review.js)."""
    accept = "".join(f"<button type=\"button\" data-action=\"accept\" data-value=\"{_e(v)}\">accept {_e(v)}</button> " for v in values if v)
    return (
        f"<form class=\"actions\" data-fact=\"{_e(fact_id)}\" onsubmit=\"return false\">{accept}"
        "<input name=\"value\" size=\"12\" placeholder=\"another value\" aria-label=\"another value\"> "
        "<button type=\"button\" data-action=\"correct\">correct</button> "
        "<button type=\"button\" data-action=\"not_conflict\">not a conflict</button> "
        "<button type=\"button\" data-action=\"split\">not the same fact</button> "
        "<input name=\"note\" size=\"24\" placeholder=\"note: why\" aria-label=\"note\"> "
        "<button type=\"button\" data-action=\"note\">add note</button> <span class=\"answer\"></span></form>\n"
    )


def timeline(told: list[tuple[str, list[str]]], suggested: str) -> str:
    """An inline SVG placing each dated value on a line from the earliest to the latest."""
    points = [(day, value, len(sources)) for value, sources in told if (day := _day(value)) is not None]
    if not points:
        return ""
    first, last = min(p[0] for p in points), max(p[0] for p in points)
    span = max(last - first, 1)
    pad = 40
    parts = [
        f"<svg class=\"timeline\" width=\"{TIMELINE_WIDTH}\" height=\"{TIMELINE_HEIGHT}\" "
        f"viewBox=\"0 0 {TIMELINE_WIDTH} {TIMELINE_HEIGHT}\" role=\"img\" aria-label=\"values on a timeline\">",
        f"<line x1=\"{pad}\" y1=\"12\" x2=\"{TIMELINE_WIDTH - pad}\" y2=\"12\" />",
    ]
    for i, (day, value, count) in enumerate(sorted(points)):
        x = pad + (TIMELINE_WIDTH - 2 * pad) * (day - first) / span if last > first else TIMELINE_WIDTH / 2
        cls = " class=\"suggested\"" if value == suggested else ""
        parts.append(
            f"<circle{cls} cx=\"{x:.1f}\" cy=\"12\" r=\"{min(3 + count, 8)}\"><title>{_e(value)}: {count} source(s)</title></circle>"
            f"<text x=\"{x:.1f}\" y=\"{30 if i % 2 == 0 else 8}\">{_e(value)}</text>"
        )
    parts.append("</svg>\n")
    return "".join(parts)


def _day(value: str) -> int | None:
    """The ordinal of the first day a (partial) ISO date names: "2026-03" -> 1 March 2026."""
    bits = value.split("-")
    try:
        numbers = [int(bits[0]), int(bits[1]) if len(bits) > 1 else 1, int(bits[2][:2]) if len(bits) > 2 else 1]
        return date(*numbers).toordinal()
    except (ValueError, IndexError):
        return None


def _sentence_spans(articles_jsonl: Path, claims: list[dict]) -> dict[str, tuple[str, int, int]]:
    """claim_id -> (its sentence, where its words start and end in it), from the article texts."""
    if not articles_jsonl.is_file():
        return {}
    of_doc: dict[str, list[dict]] = defaultdict(list)
    for claim in claims:
        of_doc[claim["doc_id"]].append(claim)
    spans = {}
    with articles_jsonl.open(encoding="utf-8") as handle:
        for line in handle:
            if not of_doc or not line.strip():
                continue
            record = json.loads(line)
            for claim in of_doc.pop(record.get("doc_id", ""), []):
                text = record.get("text", "")
                start, end = int(claim["char_start"]), int(claim["char_end"])
                if text[start:end] != claim["surface"]:
                    continue
                row = _ClaimPlace(start, end, claim["sentence"])
                first, last = sentence_span(text, row)
                spans[claim["claim_id"]] = (text[first:last], start - first, end - first)
    return spans


class _ClaimPlace:
    """What `sentence_span` reads of a claim."""

    def __init__(self, char_start: int, char_end: int, sentence: str) -> None:
        self.char_start, self.char_end, self.sentence = char_start, char_end, sentence


def _select(name: str, everything: str, options: Iterable[str]) -> str:
    items = "".join(f"<option value=\"{_e(o)}\">{_e(o.replace('_', ' '))}</option>" for o in options)
    return f"<select id=\"{name}\" aria-label=\"{name}\"><option value=\"\">{_e(everything)}</option>{items}</select>\n"


def _outlet(article: dict, label: str) -> str:
    return article.get("outlet") or label


def _source_name(article: dict, label: str) -> str:
    """"The Northern Post (northern-post)": the outlet and the article's label, escaped."""
    outlet = article.get("outlet", "")
    return f"{_e(outlet)} ({_e(label)})" if outlet and outlet != label else _e(label)


_NEUTRALISED_CELL = re.compile(r"[,\n]\"?'[=+\-@\t\r]")


def _read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text, newline=""))
    if not _NEUTRALISED_CELL.search("\n" + text):  # no cell was neutralised: nothing to undo
        return list(rows)
    return [{k: _unneutralised(v) for k, v in row.items()} for row in rows]


def _unneutralised(value: str) -> str:
    """A cell as the pipeline made it: without the quote `export.neutralise_cell` put before a formula."""
    return value[1:] if value.startswith("'") and value[1:2] in export.FORMULA_TRIGGERS else value


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _e(value: object) -> str:
    return _escaped(str(value))


@lru_cache(maxsize=1 << 16)
def _escaped(text: str) -> str:
    """Labels, outlets and dates recur in every fact: each is escaped once."""
    return html.escape(text, quote=True)

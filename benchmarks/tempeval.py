"""TempEval-3 platinum: how well `find_dates` finds and normalises dates and times.

Reads ../shared/benchmarks/tempeval3-platinum at run time: each `input/*.TE3input`
gives the raw text and the document creation time (DCT); the `gold/*.tml` file
with the same DOCID gives the TIMEX3 annotations. The text goes through spaCy
and `find_dates(doc, dct)` as in the pipeline, and is scored against the gold
TIMEX3 of type DATE and TIME inside <TEXT> (the DCT in the header is not one):

- span: relaxed match, a prediction overlapping a gold timex (one to one);
- value: the span matches and our `timex` equals the gold `value`.

Every prediction counts, so a duration we mistook for a date is a false positive.

Example: python benchmarks/tempeval.py --limit 5
"""
from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "tempeval3-platinum"
SCORED_TYPES = ("DATE", "TIME")
PUBLISHED = [
    # TempEval-3 task A results (UzZaman et al., 2013), over all TIMEX3 types.
    ("HeidelTime", None, None, 0.903, None, None, 0.776),
    ("SUTime", None, None, None, None, None, 0.674),
]


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class Document:
    doc_id: str
    text: str
    dct: date
    timexes: tuple[Timex, ...]


@dataclass(frozen=True)
class Predicted:
    start: int
    end: int
    text: str
    timex: str


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    span_hits: int = 0
    value_hits: int = 0

    def add(self, other: "Score") -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.span_hits += other.span_hits
        self.value_hits += other.value_hits

    def figures(self) -> dict[str, float]:
        return {
            "span_p": _ratio(self.span_hits, self.predicted),
            "span_r": _ratio(self.span_hits, self.gold),
            "span_f1": _f1(self.span_hits, self.predicted, self.gold),
            "value_p": _ratio(self.value_hits, self.predicted),
            "value_r": _ratio(self.value_hits, self.gold),
            "value_f1": _f1(self.value_hits, self.predicted, self.gold),
        }


@dataclass(frozen=True)
class Outcome:
    """One gold timex and what we made of it, or one prediction with no gold."""

    doc_id: str
    gold: Timex | None
    predicted: Predicted | None

    @property
    def kind(self) -> str:
        if self.gold is None:
            return "false positive"
        if self.predicted is None:
            return "missed"
        return "right" if self.predicted.timex == self.gold.value else "wrong value"


def read_timeml(xml: str) -> tuple[str, str, list[Timex]]:
    """(DOCID, text of <TEXT>, its TIMEX3 with offsets in that text) of a TimeML document."""
    root = ET.fromstring(xml)
    body = root.find("TEXT")
    if body is None:
        raise ValueError("TimeML document without a <TEXT> element")
    pieces: list[str] = []
    timexes: list[Timex] = []

    def walk(element: ET.Element) -> None:
        start = sum(map(len, pieces))
        pieces.append(element.text or "")
        for child in element:
            walk(child)
            pieces.append(child.tail or "")
        if element.tag == "TIMEX3":
            end = start + len("".join(element.itertext()))
            timexes.append(Timex(start, end, "".join(element.itertext()), element.get("type", ""),
                                 element.get("value", "")))

    walk(body)
    doc_id = (root.findtext("DOCID") or "").strip()
    return doc_id, "".join(pieces), timexes


def read_dct(xml: str) -> date:
    value = ET.fromstring(xml).find("DCT/TIMEX3").get("value")
    return date.fromisoformat(value[:10])


def load_documents(data: Path, limit: int | None = None) -> list[Document]:
    """Input text and DCT paired with the gold timexes of the same DOCID, sorted by DOCID."""
    gold = {}
    for path in sorted((data / "gold").glob("*.tml")):
        doc_id, text, timexes = read_timeml(path.read_text(encoding="utf-8"))
        gold[doc_id] = (text, timexes)
    documents = []
    for path in sorted((data / "input").glob("*.TE3input")):
        xml = path.read_text(encoding="utf-8")
        doc_id, text, _ = read_timeml(xml)
        if doc_id not in gold:
            raise ValueError(f"{path.name}: no gold file has DOCID {doc_id}")
        gold_text, timexes = gold[doc_id]
        if gold_text != text:
            raise ValueError(f"{path.name}: the gold text of {doc_id} differs from the input text")
        scored = tuple(t for t in timexes if t.type in SCORED_TYPES)
        documents.append(Document(doc_id, text, read_dct(xml), scored))
    documents.sort(key=lambda d: d.doc_id)
    return documents[:limit] if limit else documents


def predict(document: Document, nlp) -> list[Predicted]:
    from pipeline.extract.dates import find_dates

    mentions = find_dates(nlp(document.text), document.dct)
    return [Predicted(m.start, m.end, m.surface, m.timex) for m in mentions]


def match(doc_id: str, gold: list[Timex] | tuple[Timex, ...], predicted: list[Predicted]) -> list[Outcome]:
    """Pair each gold timex with the unpaired prediction that overlaps it most."""
    free = list(predicted)
    outcomes = []
    for timex in gold:
        overlaps = [(min(p.end, timex.end) - max(p.start, timex.start), -i, p) for i, p in enumerate(free)]
        overlaps = [o for o in overlaps if o[0] > 0]
        if overlaps:
            best = max(overlaps, key=lambda o: o[:2])[2]
            free.remove(best)
            outcomes.append(Outcome(doc_id, timex, best))
        else:
            outcomes.append(Outcome(doc_id, timex, None))
    outcomes.extend(Outcome(doc_id, None, p) for p in free)
    return outcomes


def score(outcomes: list[Outcome]) -> Score:
    result = Score()
    for outcome in outcomes:
        result.gold += outcome.gold is not None
        result.predicted += outcome.predicted is not None
        result.span_hits += outcome.kind in ("right", "wrong value")
        result.value_hits += outcome.kind == "right"
    return result


def evaluate(documents: list[Document], nlp) -> tuple[Score, list[Outcome]]:
    total = Score()
    outcomes: list[Outcome] = []
    for document in documents:
        found = match(document.doc_id, document.timexes, predict(document, nlp))
        total.add(score(found))
        outcomes.extend(found)
    return total, outcomes


KINDS = [
    ("weekday", r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
    ("clock time", r"\d:\d\d|\b(a\.?m\.?|p\.?m\.?|noon|midnight)\b"),
    ("month and day", r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z.]*\s+\d"),
    ("this/last/next period", r"\b(this|last|next|past|coming|previous)\b"),
    ("counted from now", r"\b(ago|from now)\b"),
    ("present/past reference", r"^(now|currently|today|the past|at the time|nowadays|the future)$"),
    ("month", r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\b"),
    ("year", r"\b\d{4}\b|^\d\d$"),
    ("century or decade", r"\bcentury\b|\d0s\b"),
    ("anaphoric day", r"\bday\b"),
]


def kind_of(surface: str) -> str:
    """A rough family of a date expression, to group what we miss."""
    lowered = surface.lower()
    return next((name for name, pattern in KINDS if re.search(pattern, lowered)), "other")


def report(total: Score, outcomes: list[Outcome], n_documents: int) -> str:
    figures = total.figures()
    lines = [
        f"TempEval-3 platinum, {n_documents} documents: {total.gold} gold DATE/TIME timexes, "
        f"{total.predicted} predicted",
        "",
        f"{'system':<14}{'span P':>8}{'span R':>8}{'span F1':>9}{'value P':>9}{'value R':>9}{'value F1':>10}",
        f"{'ours':<14}{figures['span_p']:>8.3f}{figures['span_r']:>8.3f}{figures['span_f1']:>9.3f}"
        f"{figures['value_p']:>9.3f}{figures['value_r']:>9.3f}{figures['value_f1']:>10.3f}",
    ]
    for name, *published in PUBLISHED:
        cells = ["-" if f is None else f"{f:.3f}" for f in published]
        widths = (8, 8, 9, 9, 9, 10)
        lines.append(f"{name + ' *':<14}" + "".join(f"{c:>{w}}" for c, w in zip(cells, widths)))
    lines.append("* published TempEval-3 figures (all TIMEX3 types; ours: DATE and TIME only)")
    for label in ("missed", "wrong value", "false positive"):
        grouped: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in outcomes:
            if outcome.kind == label:
                surface = (outcome.gold or outcome.predicted).text
                grouped[kind_of(surface)].append(outcome)
        count = sum(map(len, grouped.values()))
        lines += ["", f"{label}: {count}"]
        for kind, items in sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            examples = Counter(_describe(o) for o in items)
            shown = "; ".join(text for text, _ in sorted(examples.items(), key=lambda kv: (-kv[1], kv[0]))[:6])
            lines.append(f"  {len(items):>3}  {kind:<24} {shown}")
    return "\n".join(lines)


def _describe(outcome: Outcome) -> str:
    if outcome.gold is None:
        return f"{outcome.predicted.text!r} -> {outcome.predicted.timex}"
    if outcome.predicted is None:
        return f"{outcome.gold.text!r} ({outcome.gold.value})"
    return f"{outcome.gold.text!r} {outcome.predicted.timex} for {outcome.gold.value}"


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def _f1(hits: int, predicted: int, gold: int) -> float:
    precision, recall = _ratio(hits, predicted), _ratio(hits, gold)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Example: python benchmarks/tempeval.py --limit 5")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="the tempeval3-platinum folder (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents (by DOCID)")
    parser.add_argument("--model", default="", help="spaCy model (default: the pipeline's)")
    args = parser.parse_args(argv)
    if not (args.data / "input").is_dir() or not (args.data / "gold").is_dir():
        print(f"Error: {args.data} has no input/ and gold/ folders; pass --data DIR", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    from pipeline.extract.nlp import load_model

    documents = load_documents(args.data, args.limit)
    total, outcomes = evaluate(documents, load_model(args.model))
    print(report(total, outcomes, len(documents)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

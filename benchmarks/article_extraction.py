"""Main-text extraction against the Zyte article-extraction benchmark (issue 6 part 1).

Reads ../shared/benchmarks/article-extraction at run time: 181 pages
(`html/<id>.html.gz`) and `ground-truth.json` (`{id: {articleBody, url}}`).
Each page goes through `pipeline.ingest.ingest` as the CLI reads a .html.gz
file (gunzip, charset, trafilatura, our cleanup, headline removal); a page we
reject counts as an empty body. The score is the benchmark's own
(scrapinghub/article-extraction-benchmark, evaluate.py): per page, the multisets
of token 4-gram shingles (tokens are `\\w+` runs) of our text and of
`articleBody` give true positive, false positive and false negative counts,
normalised to sum to one so that every page weighs the same; precision and
recall are averaged over pages and F1 is computed from the two averages.
Exact-match accuracy is the share of pages whose token sequences are equal.

Example:
    python benchmarks/article_extraction.py
    python benchmarks/article_extraction.py --limit 20 --show-worst 5
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest import ingest
from pipeline.records import Article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "article-extraction"
PAGE_SUFFIX = ".html.gz"
SHINGLE_SIZE = 4
PUBLISHED = [
    # (system, F1, precision, recall, accuracy): the benchmark's README; the last row measured on this machine.
    ("rs_trafilatura 9261e08", 0.970, 0.951, 0.990, 0.287),
    ("trafilatura 2.0.0", 0.958, 0.938, 0.978, 0.293),
    ("newspaper4k 0.9.3.1", 0.949, 0.964, 0.934, 0.326),
    ("readability-lxml 0.8.4.1", 0.922, 0.913, 0.931, 0.315),
    ("trafilatura 2.3.1 defaults (measured here)", 0.953, None, None, None),
]
TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class PageScore:
    """One page's shingle counts as shares of their sum (true positive, false positive, false negative)."""

    page_id: str
    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float:
        return precision_score(self.tp, self.fp, self.fn)

    @property
    def recall(self) -> float:
        return recall_score(self.tp, self.fp, self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Figures:
    pages: int
    precision: float
    recall: float
    f1: float
    accuracy: float
    empty: int
    """Pages for which we found no text (they count in recall only, as in evaluate.py)."""


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text or "")


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Token n-grams with their counts; a text shorter than n is one short shingle, as in evaluate.py."""
    words = tokens(text)
    return Counter(tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1)) if words[i : i + size])


def score_page(page_id: str, expected: str, predicted: str) -> PageScore:
    true, found = shingles(expected), shingles(predicted)
    counts = [sum((true & found).values()), sum((found - true).values()), sum((true - found).values())]
    total = sum(counts)
    tp, fp, fn = (count / total for count in counts) if total else (0.0, 0.0, 0.0)
    return PageScore(page_id, tp, fp, fn, exact=tokens(expected) == tokens(predicted))


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def figures(scores: list[PageScore]) -> Figures:
    """The benchmark's averages: a page without predicted shingles has no precision, one without true ones no recall."""
    precision = _mean([s.precision for s in scores if s.tp + s.fp > 0])
    recall = _mean([s.recall for s in scores if s.tp + s.fn > 0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = _mean([float(s.exact) for s in scores])
    empty = sum(1 for s in scores if s.tp + s.fp == 0)
    return Figures(len(scores), precision, recall, f1, accuracy, empty)


def _mean(values: list[float]) -> float:
    return statistics.mean(values) if values else 0.0


def benchmark_pages(folder: Path, limit: int | None = None) -> list[Path]:
    """The first `limit` pages in sorted order; a clear error when the benchmark is not there."""
    truth_file, html = folder / "ground-truth.json", folder / "html"
    if not truth_file.is_file() or not html.is_dir():
        raise FileNotFoundError(
            f"{folder} does not hold the article-extraction benchmark (ground-truth.json and html/); "
            "put ../shared/benchmarks beside this checkout or pass --data"
        )
    pages = sorted(html.glob(f"*{PAGE_SUFFIX}"))
    return pages[:limit] if limit is not None else pages


def ground_truth(folder: Path) -> dict[str, str]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return {page_id: item.get("articleBody", "") for page_id, item in truth.items()}


def extracted_bodies(pages: list[Path]) -> dict[str, str]:
    """Our main text of each page by its id (the file name: its label is its outlet and title), read
    the way the CLI reads it; "" for a page we reject."""
    return {
        Path(record.source).name.removesuffix(PAGE_SUFFIX): record.text if isinstance(record, Article) else ""
        for record in ingest(pages)
    }


def evaluate(folder: Path = DEFAULT_DATA, limit: int | None = None) -> list[PageScore]:
    pages = benchmark_pages(folder, limit)
    truth = ground_truth(folder)
    bodies = extracted_bodies(pages)
    page_ids = [page.name.removesuffix(PAGE_SUFFIX) for page in pages]
    return [score_page(page_id, truth[page_id], bodies[page_id]) for page_id in page_ids]


def report(scores: list[PageScore], seconds: float, show_worst: int = 0) -> str:
    ours = figures(scores)
    lines = [
        f"article-extraction, {ours.pages} pages in {seconds:.1f} s ({ours.empty} without text):",
        f"{'system':<44} {'F1':>6} {'prec':>6} {'recall':>6} {'exact':>6}",
        f"{'ours':<44} {ours.f1:>6.3f} {ours.precision:>6.3f} {ours.recall:>6.3f} {ours.accuracy:>6.3f}",
    ]
    for name, *published in PUBLISHED:
        cells = " ".join(f"{value:>6.3f}" if value is not None else f"{'-':>6}" for value in published)
        lines.append(f"{name + ' *':<44} {cells}")
    lines.append("* published in the benchmark's README over all 181 pages; the last row is the figure measured on")
    lines.append("  this machine for trafilatura with its defaults (../shared/benchmarks/README.md)")
    if show_worst:
        lines.append(f"worst {show_worst} pages by F1:")
        for page in sorted(scores, key=lambda s: (s.f1, s.page_id))[:show_worst]:
            lines.append(f"  {page.page_id}  F1 {page.f1:.3f}  precision {page.precision:.3f}  recall {page.recall:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"benchmark folder (default {DEFAULT_DATA})")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages (sorted by id)")
    parser.add_argument("--show-worst", type=int, default=0, metavar="K", help="list the K pages with the lowest F1")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    started = time.perf_counter()
    try:
        scores = evaluate(args.data, args.limit)
    except FileNotFoundError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    print(report(scores, time.perf_counter() - started, args.show_worst))
    return 0


if __name__ == "__main__":
    sys.exit(main())

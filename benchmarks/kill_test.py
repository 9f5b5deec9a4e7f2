"""Kill tests: SIGKILL `python -m pipeline run` at random moments and check what it leaves.

After each kill: no process of the run is left (its session is empty) and its stdout pipe
is closed; the output folder holds a complete set (the manifest `run.json` matches its
files) that is either the one there before the try or the one the try was writing. At the
end, a run that is not killed writes the bytes of a clean run into the same folder.

The dump: pages made from the sample's HTML and text pages (data/raw), with small changes
so that every page is its own; two versions of it (B changes a tenth of the pages), so
that the set before a try and the set it writes differ. Kill moments are drawn
(seeded): every other try over the length of a first run, the others within 0.3 s of its
first output file staged; each try runs one of the two versions, drawn.

    python benchmarks/kill_test.py --tries 20 --seed 0
"""
from __future__ import annotations

import argparse
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.outputs import read_manifest  # noqa: E402

SAMPLE = ROOT / "data" / "raw"
OUTPUTS = ("articles.csv", "articles.jsonl", "claims.csv", "claims.jsonl", "reconciled_claims.csv", "report.html")
TOWNS = ("Ashby", "Carden", "Dunmore", "Elston", "Farleigh", "Greyholt", "Hambrook", "Ivel")
GONE_WITHIN = 5.0
"""Seconds the run's processes and its stdout pipe have to go after the kill."""


def build_dump(folder: Path, pages: int = 200, seed: int = 0, changed: float = 0.0) -> Path:
    """`pages` pages made from the sample's HTML and text pages; `changed`: the share of pages
    given another figure (a second version of the same dump)."""
    sources = sorted(path for path in SAMPLE.iterdir() if path.suffix in (".html", ".txt"))
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for number in range(pages):
        source = sources[number % len(sources)]
        text = source.read_text(encoding="utf-8")
        town = TOWNS[rng.randrange(len(TOWNS))]
        figure = rng.randint(2, 900) + (1 if rng.random() < changed else 0)
        note = f"Residents of {town} counted {figure} boats on the river on day {number}."
        if source.suffix == ".html":
            text = text.replace("</p>", f" {note}</p>", 1)
        else:
            text = text.rstrip("\n") + f"\n{note}\n"
        (folder / f"{number:03d}-{source.stem}{source.suffix}").write_text(text, encoding="utf-8")
    return folder


def command(dump: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "pipeline", "run", str(dump), "--out", str(out), "-q", "--jobs", str(jobs)]


def start(dump: Path, out: Path, jobs: int) -> subprocess.Popen:
    """The run in a session of its own (so its processes can be found), stdout a pipe as in `run ... | grep`."""
    return subprocess.Popen(
        command(dump, out, jobs), cwd=ROOT, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )


def pipe_closed(fd: int, deadline: float) -> bool:
    """Whether the write end of the pipe is closed by every process before `deadline` (what it wrote is skipped)."""
    while (left := deadline - time.monotonic()) > 0:
        if select.select([fd], [], [], left)[0] and os.read(fd, 65536) == b"":
            return True
    return False


def session_processes(session: int) -> list[int]:
    """Live (not zombie) processes of a session, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, _ppid, _group, sid = stat.rsplit(")", 1)[1].split()[:4]
        if int(sid) == session and state != "Z":
            found.append(int(entry.name))
    return found


def left_at(session: int, deadline: float) -> list[int]:
    """The processes of a session still alive at `deadline`, or none as soon as they are all gone."""
    while (left := session_processes(session)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def outputs_of(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def complete_set(out: Path) -> dict[str, bytes] | None:
    """The outputs in `out` if they are a complete set: the manifest matches them and names them all."""
    manifest = read_manifest(out)
    if manifest is None or sorted(manifest["files"]) != sorted(OUTPUTS):
        return None
    return outputs_of(out)


@dataclass
class Figures:
    tries: int = 0
    while_writing: int = 0
    """Kills that found the outputs being written (files in a staging folder)."""
    finished_first: int = 0
    """Runs that ended before their kill came."""
    failures: list[str] = field(default_factory=list)


def staged_files(out: Path) -> list[Path]:
    return [path for folder in out.glob(".staging-*") for path in folder.iterdir()]


def killed_while_writing(out: Path) -> bool:
    return bool(staged_files(out)) or any(out.glob(".commit-*"))


def one_try(
    number: int, dump: Path, out: Path, jobs: int, delay: float, once_writing: bool,
    allowed: list[dict[str, bytes] | None], figures: Figures,
) -> None:
    """Start a run, SIGKILL it after `delay` seconds (counted from when its first output file is
    staged if `once_writing`), check what it leaves; `allowed`: the sets the folder may hold."""
    figures.tries += 1
    run = start(dump, out, jobs)
    while once_writing and run.poll() is None and not staged_files(out):
        time.sleep(0.005)
    time.sleep(delay)
    if run.poll() is not None:
        figures.finished_first += 1
    else:
        os.kill(run.pid, signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + GONE_WITHIN
    if left := left_at(run.pid, deadline):
        figures.failures.append(f"try {number}: processes {left} still alive {GONE_WITHIN:.0f} s after the kill")
        for pid in left:
            os.kill(pid, signal.SIGKILL)
    if not pipe_closed(run.stdout.fileno(), deadline):
        figures.failures.append(f"try {number}: its stdout pipe still open {GONE_WITHIN:.0f} s after the kill")
    run.stdout.close()
    figures.while_writing += killed_while_writing(out)
    found = complete_set(out)
    if found not in allowed:
        what = "no complete set" if found is None else "a set that is neither the previous one nor the new one"
        figures.failures.append(f"try {number} (killed after {delay:.2f} s): {what} in {out}")


def clean_run(dump: Path, out: Path, jobs: int) -> tuple[dict[str, bytes], float]:
    started = time.monotonic()
    subprocess.run(command(dump, out, jobs), cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return outputs_of(out), time.monotonic() - started


def kill_test(work: Path, tries: int, seed: int, pages: int, jobs: int, log=print) -> Figures:
    dumps = [build_dump(work / "dump-a", pages, seed), build_dump(work / "dump-b", pages, seed, changed=0.1)]
    clean, lengths = [], []
    for name, dump in zip("ab", dumps):
        expected, cold = clean_run(dump, work / f"clean-{name}", jobs)
        _, warm = clean_run(dump, work / f"clean-{name}", jobs)
        clean.append(expected)
        lengths.append(cold)
        log(f"clean run of dump {name}: {cold:.1f} s, again from its cache {warm:.1f} s")
    out = work / "out"
    rng = random.Random(seed)
    figures = Figures()
    previous: dict[str, bytes] | None = None
    for number in range(1, tries + 1):
        which, once_writing = rng.randrange(2), number % 2 == 0
        delay = rng.uniform(0.0, 0.3) if once_writing else rng.uniform(0.1, max(lengths))
        one_try(number, dumps[which], out, jobs, delay, once_writing, [previous, clean[which]], figures)
        # A set killed while it moved into place (a failure above) is finished by the next start.
        previous = complete_set(out) or (clean[which] if any(out.glob(".commit-*")) else None)
    subprocess.run(command(dumps[0], out, jobs), cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    if outputs_of(out) != clean[0] or complete_set(out) is None:
        figures.failures.append("the final re-run did not write the bytes of a clean run")
    leftovers = sorted(path.name for path in out.iterdir() if path.name not in (*OUTPUTS, "run.json", ".lock", ".cache"))
    if leftovers:
        figures.failures.append(f"left in {out} after the final re-run: {leftovers}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tries", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, help="folder for the dumps and outputs (default: a temporary one, removed)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="kill-test-"))
    try:
        figures = kill_test(work, args.tries, args.seed, args.pages, args.jobs)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(
        f"{figures.tries} tries: {figures.tries - figures.finished_first} killed "
        f"({figures.while_writing} while writing the outputs), {figures.finished_first} finished before the kill; "
        f"{len(figures.failures)} failure(s)"
    )
    for failure in figures.failures:
        print(f"FAILED {failure}")
    return 1 if figures.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

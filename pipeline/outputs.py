"""The output folder: one command's files written as a set, under a lock.

A command writes its files into a staging folder inside the output folder, then
moves them into place together and writes the manifest, `run.json`, last: it names
each file of the set with its size and SHA-256, so a reader can tell a complete set
(the files the manifest names, with those bytes) from one a killed run left half
moved. While the files move there is no manifest, and the next command into the
folder finishes the move (it is already complete in `.commit-*`). Staging folders
and temporary files of runs that died are removed at the next start.

One command at a time writes into a folder: a second one stops with `OutputBusy`,
or waits if asked to. The lock is an flock on `.lock` in the folder, released by
the system however the holder ends.

    with OutputSet(Path("out"), "run") as outputs:
        export.write_rows_csv(rows, export.ARTICLE_COLUMNS, outputs.path("articles.csv"))
        outputs.commit({"counts": {"articles": len(rows)}})
"""
from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from collections.abc import Iterable
from typing import Any

from pipeline import export
from pipeline.errors import PipelineError

PACKAGE = "news-claims-pipeline"
MANIFEST = "run.json"
LOCK_FILE = ".lock"
STAGING_PREFIX = ".staging-"
COMMIT_PREFIX = ".commit-"
HASH_CHUNK = 1024 * 1024

log = logging.getLogger(__name__)


class OutputError(PipelineError):
    """The output folder cannot be made or written into."""


class OutputBusy(OutputError):
    """Another command is writing into the output folder."""


def make_folder(out: Path) -> None:
    """Create the output folder (and its parents) unless it is there; OutputError naming it if it cannot be."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder for the outputs")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder: {exc.strerror or exc}") from exc


class OutputSet:
    """The files one command writes into `out`, under the folder's lock (see the module's docstring)."""

    def __init__(self, out: str | Path, command: str, *, wait: bool = False) -> None:
        self.out = Path(out)
        self.command = command
        self.wait = wait
        self.staging: Path | None = None
        self._lock: int | None = None

    def __enter__(self) -> "OutputSet":
        make_folder(self.out)
        self._lock = _lock(self.out, self.wait)
        try:
            clean_leftovers(self.out)
            self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.out))
        except BaseException:
            self._release()
            raise
        return self

    def path(self, name: str) -> Path:
        """Where to write the file `name` of the set: in the staging folder, whose every file is of the set."""
        return self.staging / name

    def commit(self, details: dict[str, Any] | None = None, keep: Iterable[str] = ()) -> Path:
        """Move the files written into place and write the manifest; its path. `details` (settings,
        counts) should hold no times, so that the same run writes the same manifest. `keep` names
        files already in the folder that stay of the set (a command that rewrites part of a run's)."""
        names = sorted(p.name for p in self.staging.iterdir() if p.is_file() and not p.name.startswith("."))
        files = {name: _describe(self.out / name) for name in keep if name not in names}
        files.update({name: _describe(self.staging / name) for name in names})
        manifest = {
            "command": self.command,
            "version": package_version(),
            **(details or {}),
            "files": dict(sorted(files.items())),
        }
        with export.atomic_open(self.staging / MANIFEST) as handle:
            handle.write(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        moving = self.out / (COMMIT_PREFIX + self.staging.name[len(STAGING_PREFIX):])
        os.rename(self.staging, moving)
        # From here the set is complete: if moving it fails, the next start finishes the move.
        self.staging = None
        _finish_move(moving, self.out)
        return self.out / MANIFEST

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
                self.staging = None
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def read_manifest(out: str | Path, unchecked: Iterable[str] = ()) -> dict[str, Any] | None:
    """The manifest of the set in `out` if the files it names have the bytes it says (but those
    `unchecked`: files a command writes again), else None."""
    out = Path(out)
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        complete = all(
            name in unchecked or (out / name).is_file() and _describe(out / name) == described
            for name, described in manifest["files"].items()
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return manifest if complete else None


def clean_leftovers(out: Path) -> None:
    """Finish moving a set a killed run left half moved; remove staging folders and temporary files."""
    for moving in sorted(out.glob(COMMIT_PREFIX + "*")):
        try:
            _finish_move(moving, out)
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("%s: removed an unfinished set of outputs that could not be put in place", moving)
        shutil.rmtree(moving, ignore_errors=True)
    for staging in out.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(staging, ignore_errors=True)
    for temporary in out.glob(".*.tmp"):
        temporary.unlink(missing_ok=True)


def _finish_move(moving: Path, out: Path) -> None:
    """The files of a complete set in `moving` into `out`, the manifest last (the old one first
    removed: while files move, no manifest describes the folder)."""
    manifest = json.loads((moving / MANIFEST).read_text(encoding="utf-8"))
    (out / MANIFEST).unlink(missing_ok=True)
    for name in manifest["files"]:
        if (moving / name).exists():
            os.replace(moving / name, out / name)
    os.replace(moving / MANIFEST, out / MANIFEST)
    _sync_folder(out)
    shutil.rmtree(moving, ignore_errors=True)


def _lock(out: Path, wait: bool) -> int:
    try:
        fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write there: {exc.strerror or exc}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            if not wait:
                raise OutputBusy(
                    f"{out}: another run{holder} is writing there; try again when it ends, or use --wait"
                ) from None
            log.warning("%s: waiting for another run%s writing there to end", out, holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:
            log.warning("%s: cannot lock the folder (%s): make sure no other run writes there at once", out, exc.strerror or exc)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _holder(fd: int) -> str:
    """" (process 1234)": who holds the lock, as it wrote in the lock file, if it has yet."""
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return f" (process {text})" if text.isdigit() else ""


def _describe(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _sync_folder(folder: Path) -> None:
    """The renames into `folder` on disk (the files' own bytes were synced as they were written)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def package_version() -> str:
    """This package's version, from its installed metadata."""
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"

"""The command line: help for every command, usage errors, exit codes."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from pipeline.cli import build_parser, main
from tests.conftest import SAMPLE

COMMANDS = ["run", "ingest", "extract", "reconcile"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert "Example: python -m pipeline " + command in capsys.readouterr().out


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run"])
    assert exit_.value.code == 2


def test_missing_claims_file_is_a_clear_error(tmp_path, capsys):
    assert main(["reconcile", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path)]) == 2
    assert f"Error: {tmp_path / 'nope.jsonl'}: no such file" in capsys.readouterr().err


def test_python_dash_m_pipeline_works():
    done = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    assert set(COMMANDS) <= set(build_parser()._subparsers._group_actions[0].choices)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_counts_articles_and_their_rate(tiny_dump, tmp_path, monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["run", str(tiny_dump), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache"]) == 0
    bar = terminal.getvalue()
    assert "2 articles" in bar and "articles/s" in bar and "rejected=0" in bar
    assert "articles/s" not in (tmp_path / "out" / "articles.csv").read_text()


@pytest.mark.parametrize("stream", [io.StringIO, Terminal])
def test_quiet_prints_nothing_on_a_clean_run(tiny_dump, tmp_path, monkeypatch, stream):
    monkeypatch.setattr(sys, "stderr", stream())
    assert main(["run", str(tiny_dump), "--out", str(tmp_path / "out"), "--jobs", "1", "-q"]) == 0
    assert sys.stderr.getvalue() == ""


def test_no_progress_bar_when_stderr_is_not_a_terminal(tiny_dump, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert main(["run", str(tiny_dump), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 0
    assert "articles/s" not in sys.stderr.getvalue()
    assert "2 article(s), 0 rejected" in sys.stderr.getvalue()


@pytest.mark.parametrize(
    "options, message",
    [
        (["--jobs", "0"], "Error: batch_size and jobs must be positive"),
        (["--engine", "spark"], "invalid choice: 'spark'"),
        (["--no-cache", "--cache", "c.sqlite"], "not allowed with argument"),
    ],
)
def test_runtime_option_errors_exit_2(tiny_dump, tmp_path, capsys, options, message):
    try:
        code = main(["run", str(tiny_dump), "--out", str(tmp_path / "out"), *options])
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2
    assert message in capsys.readouterr().err


def test_run_defaults_to_one_job_per_core():
    args = build_parser().parse_args(["run", "in", "--out", "out"])
    assert (args.jobs, args.engine, args.scheduler, args.cache) == (os.cpu_count() or 1, "local", "", True)


def test_the_command_line_leaves_the_page_readers_to_whoever_reads():
    # trafilatura, htmldate and warcio take 0.15 s to import: only a process that reads pages imports them.
    code = "import sys, pipeline.cli; print(sorted(m for m in ('trafilatura', 'htmldate', 'warcio') if m in sys.modules))"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_a_run_from_the_command_line_writes_its_files_without_pandas(tmp_path):
    # pandas takes 0.4 s to import, before the workers' fork server can start: only tables for notebooks need it.
    code = (
        "import sys; from pipeline.cli import main; "
        f"rc = main(['run', {str(SAMPLE)!r}, '--out', {str(tmp_path)!r}, '--jobs', '1', '--quiet']); "
        "print(rc, 'pandas' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["0", "False"]
    assert (tmp_path / "articles.csv").read_text(encoding="utf-8").startswith("doc_id,source,")


def test_version_is_the_installed_package_version(capsys):
    import importlib.metadata

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"news-claims-pipeline {importlib.metadata.version('news-claims-pipeline')}\n"


def test_out_that_is_a_file_is_a_usage_error_naming_it(tiny_dump, tmp_path, capsys):
    taken = tmp_path / "results.csv"
    taken.write_text("a,b\n")
    assert main(["run", str(tiny_dump), "--out", str(taken), "--jobs", "1"]) == 2
    assert capsys.readouterr().err == f"Error: {taken}: is a file, not a folder for the outputs\n"


def test_out_that_cannot_be_created_is_a_usage_error_naming_it(tiny_dump, tmp_path, capsys):
    (tmp_path / "results.csv").write_text("a,b\n")
    inside_a_file = tmp_path / "results.csv" / "out"
    assert main(["ingest", str(tiny_dump), "--out", str(inside_a_file), "--jobs", "1"]) == 2
    assert capsys.readouterr().err == f"Error: {inside_a_file}: cannot create the output folder: Not a directory\n"


@pytest.mark.parametrize(
    "size, max_bytes",
    [("300000", 300_000), ("500KB", 500_000), ("10MB", 10_000_000), ("1.5 GB", 1_500_000_000), ("2gb", 2_000_000_000)],
)
def test_max_bytes_takes_sizes_with_units(size, max_bytes):
    assert build_parser().parse_args(["run", "in", "--out", "out", "--max-bytes", size]).max_bytes == max_bytes


def test_max_bytes_with_an_unknown_unit_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run", "in", "--out", "out", "--max-bytes", "10XB"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "python -m pipeline run: error: argument --max-bytes: invalid size '10XB': a number of bytes, or of KB, MB or GB (10MB)"
    )


def test_ctrl_c_ends_with_one_line_and_exit_130(tiny_dump, tmp_path, monkeypatch, capsys):
    from pipeline import cli

    def interrupted(args, settings):
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.COMMANDS, "run", interrupted)
    assert main(["run", str(tiny_dump), "--out", str(tmp_path / "out")]) == 130
    assert capsys.readouterr().err == "interrupted\n"

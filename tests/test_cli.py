"""The command line: help for every command, usage errors, exit codes."""
from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.cli import build_parser, main

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

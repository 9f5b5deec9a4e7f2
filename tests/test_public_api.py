"""The package's top-level functions, as a notebook calls them."""
from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import pipeline


def in_a_new_interpreter(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_stage_functions_stay_callable_after_their_packages_are_imported():
    for module in ("pipeline.ingest.text", "pipeline.extract.dates", "pipeline.reconcile.group"):
        importlib.import_module(module)
    assert all(callable(getattr(pipeline, name)) for name in ("ingest", "extract", "reconcile", "run"))
    assert not any(hasattr(getattr(pipeline, name), "__path__") for name in ("ingest", "extract", "reconcile"))


def test_a_stage_package_imported_first_in_a_new_interpreter_leaves_its_function():
    code = "import pipeline.reconcile.group, pipeline; print(pipeline.reconcile.__module__)"
    assert in_a_new_interpreter(code) == "pipeline"


def test_a_module_of_a_stage_package_imports_by_its_dotted_name():
    code = "import pipeline.reconcile.measures as m; print(m.__name__)"
    assert in_a_new_interpreter(code) == "pipeline.reconcile.measures"


def test_a_stage_function_is_not_its_package():
    with pytest.raises(AttributeError):
        pipeline.reconcile.FactMemo


def test_importing_the_package_leaves_spacy_for_the_first_extraction():
    assert in_a_new_interpreter("import sys, pipeline; print('spacy' in sys.modules)") == "False"


def test_ingest_then_reconcile_through_the_top_level_api(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    items = list(pipeline.ingest([tmp_path]))
    assert [item.status for item in items] == ["rejected"]
    assert list(pipeline.reconcile([])) == []


def test_run_takes_the_runner_options(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    result = pipeline.run([tmp_path / "in"], out_dir=tmp_path / "out", cache=tmp_path / "claims.sqlite")
    assert result.articles["reason"].tolist() == ["empty file"]
    assert (tmp_path / "claims.sqlite").is_file()
    assert not (tmp_path / "out" / ".cache").exists()

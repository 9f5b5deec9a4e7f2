"""Publication dates as written in bylines, record fields and URLs."""
from __future__ import annotations

import pytest

from pipeline.ingest.dates import date_in_url, find_written_date, is_date_only, parse_date_value


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-04-02 07:45:00", "2025-04-02"),
        ("2025-04-02T23:30:00-05:00", "2025-04-02"),
        ("2025-04-02T07:45:00Z", "2025-04-02"),
        ("2025-04-02", "2025-04-02"),
        ("Wed, 02 Apr 2025 07:45:00 GMT", "2025-04-02"),
        ("April 2, 2025", "2025-04-02"),
        ("2 April 2025", "2025-04-02"),
        (1743579900, "2025-04-02"),
        (1743579900000, "2025-04-02"),
        ("April 2025", ""),
        ("last Tuesday", ""),
        ("", ""),
        (None, ""),
        (True, ""),
    ],
)
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("By Jo LeeMay 1, 2026No Comments", "2026-05-01"),
        ("Posted Sept. 9th, 2024 at noon", "2024-09-09"),
        ("Jo Lee | 14 Feb 2025", "2025-02-14"),
        ("Updated 2025-02-30", None),
        ("The Mayor 1 said", None),
    ],
)
def test_find_written_date(text, expected):
    match = find_written_date(text)

    assert (match.iso if match else None) == expected


@pytest.mark.parametrize(
    "line, expected",
    [("June 3, 2026", True), ("3 June 2026.", True), ("By Jo Lee June 3, 2026", False), ("Share this", False)],
)
def test_is_date_only(line, expected):
    assert is_date_only(line) is expected


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://news.example/2025/06/30/library-sundays", "2025-06-30"),
        ("https://news.example/archive/2025-06-30-library.html", "2025-06-30"),
        ("https://news.example/stories/2024/dec/28/plane-lands-safely", "2024-12-28"),
        ("https://news.example/2024/mayor/28/", ""),
        ("https://news.example/story/12345", ""),
        ("", ""),
    ],
)
def test_date_in_url(url, expected):
    assert date_in_url(url) == expected

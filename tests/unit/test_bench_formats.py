"""bench/formats.py: the same seed in six formats; the prose formats agree with the text file."""

from __future__ import annotations

from pathlib import Path

from bench.formats import measure, write_sample


def test_every_format_loads_and_prose_formats_agree_with_txt() -> None:
    figures = measure("002", repeat=1)
    assert set(figures) == {"txt", "html", "docx", "pdf", "xlsx", "csv"}
    assert all(f["loaded"] and f["mb_per_s_per_core"] for f in figures.values()), figures
    for fmt in ("html", "docx", "pdf"):
        assert figures[fmt]["targets"] == figures["txt"]["targets"], (fmt, figures)
        assert figures[fmt]["projects"] == figures["txt"]["projects"], (fmt, figures)
    # the spreadsheet holds the text file's projects as a table, one row each
    assert figures["xlsx"]["projects"] == figures["csv"]["projects"] == figures["txt"]["projects"]


def test_write_sample_writes_each_seed_in_every_format(tmp_path: Path) -> None:
    written = write_sample(tmp_path, seeds=("002",))
    assert sorted(p.suffix for p in written) == [".csv", ".docx", ".html", ".pdf", ".txt", ".xlsx"]

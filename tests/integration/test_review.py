"""Curator corrections: export, apply (fix, drop, add), and survival across re-extraction."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from etl.review import parse_corrections
from tests.helpers import guihua, rows, scalar

pytestmark = pytest.mark.db


def test_parse_rejects_bad_rows() -> None:
    good, problems = parse_corrections([
        {"doc": "a.txt", "record_type": "target", "record_key": "k1", "action": "fix", "field": "value",
         "new_value": "12.5"},
        {"doc": "a.txt", "record_type": "target", "record_key": "k2", "action": "fix", "field": "value",
         "new_value": "twelve"},
        {"doc": "a.txt", "record_type": "target", "record_key": "k3", "action": "fix", "field": "colour",
         "new_value": "red"},
        {"doc": "a.txt", "record_type": "target", "record_key": "", "action": "drop"},
        {"doc": "a.txt", "record_type": "target", "action": "add", "indicator": "x", "value": "NaN",
         "unit": "%", "kind": "share", "char_start": "1", "char_end": "2"},
        {"doc": "a.txt", "record_type": "target", "action": "", "record_key": "k9"},
    ])
    assert [c["record_key"] for c in good] == ["k1"]
    assert len(problems) == 4


def test_corrections_survive_reextraction(run_env: dict[str, str], fresh_db: str, tmp_path: Path,
                                         seeds: list[Path]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seed = seeds[0]
    (corpus / seed.name).write_bytes(seed.read_bytes())
    assert guihua("run", str(corpus), env=run_env).returncode == 0
    targets = rows(fresh_db, "select record_key, value, indicator from core.target order by char_start")
    assert len(targets) >= 3
    fix_key, _, _ = targets[0]
    drop_key = targets[1][0]
    out = tmp_path / "review.csv"
    exported = guihua("review", "export", "--out", str(out), "--max-confidence", "1", env=run_env)
    assert exported.returncode == 0, exported.stderr
    with out.open(encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    assert {"doc", "record_key", "action", "field", "new_value"} <= set(header)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerow({"doc": seed.name, "record_type": "target", "record_key": fix_key, "action": "fix",
                         "field": "value", "new_value": "4321.5", "reviewer": "test"})
        writer.writerow({"doc": seed.name, "record_type": "target", "record_key": drop_key, "action": "drop"})
        writer.writerow({"doc": seed.name, "record_type": "target", "action": "add", "indicator": "人工补录指标",
                         "value": "7", "unit": "%", "comparator": ">=", "year": "2025", "kind": "share",
                         "char_start": "0", "char_end": "4", "quote": "测试"})
    applied = guihua("review", "apply", str(out), env=run_env)
    assert applied.returncode == 0, applied.stderr

    def check() -> None:
        assert scalar(fresh_db, "select value from marts.fct_targets where record_key = %s",
                      (fix_key,)) == Decimal("4321.5")
        assert scalar(fresh_db, "select count(*) from marts.fct_targets where record_key = %s", (drop_key,)) == 0
        assert scalar(fresh_db, "select count(*) from marts.fct_targets where indicator = '人工补录指标'"
                                " and is_reviewed") == 1
        # The raw extraction is untouched in core.
        assert scalar(fresh_db, "select count(*) from core.target where record_key = %s", (drop_key,)) == 1

    check()
    # The document changes (text appended at the end) and is re-extracted and reloaded.
    (corpus / seed.name).write_bytes(seed.read_bytes() + "\n(完)\n".encode())
    rerun = guihua("run", str(corpus), env=run_env)
    assert rerun.returncode == 0 and "1 loaded" in rerun.stderr, rerun.stderr
    check()
    status = guihua("review", "status", env=run_env)
    assert "0 no longer match" in status.stdout

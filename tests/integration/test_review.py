"""Curator corrections: export, apply (fix, drop, add), and survival across re-extraction."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import psycopg
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


def test_parse_validates_corrections_like_input() -> None:
    """Issue 14.5: out-of-range numbers, odd offsets and formula cells are refused; full-width digits
    are read as ASCII (and stored so, so that dbt's casts never see them)."""
    row = {"doc": "a.txt", "record_type": "target", "record_key": "k", "action": "fix"}
    add = {"doc": "a.txt", "record_type": "target", "action": "add", "indicator": "x", "value": "5", "unit": "%",
           "kind": "share", "char_start": "1", "char_end": "3"}
    good, problems = parse_corrections([
        {**row, "field": "value", "new_value": "1e999999"},
        {**row, "field": "value", "new_value": "1e-999999"},
        {**row, "field": "year", "new_value": "２０２５"},
        {**row, "field": "value", "new_value": "１２.５０"},
        {**add, "char_start": "99999999999", "char_end": "99999999999"},
        {**add, "char_start": "5", "char_end": "3"},
        {**row, "field": "indicator", "new_value": "=HYPERLINK(\"http://x\",\"GDP\")"},
        {**row, "field": "unit", "new_value": "@SUM(A1)"},
        {**add, "indicator": "+cmd|' /C calc'!A0"},
        {**row, "field": "year", "new_value": "2019"},
        {**row, "field": "indicator_code", "new_value": "no_such_code"},
        {**row, "field": "value", "new_value": "-3.5"},
    ])
    assert [(c["field"], c["new_value"]) for c in good] == [("year", "2025"), ("value", "12.5"), ("value", "-3.5")]
    assert [p.split(":")[0] for p in problems] == [f"line {n}" for n in (2, 3, 6, 7, 8, 9, 10, 11, 12)]
    assert "out of range" in problems[0] and "offset" in problems[2] and "before char_end" in problems[3]
    assert all("formula" in p for p in problems[4:7])
    assert "2021" in problems[7] and "unknown indicator code" in problems[8]


def _one_seed_run(run_env: dict[str, str], tmp_path: Path, seed: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / seed.name).write_bytes(seed.read_bytes())
    result = guihua("run", str(corpus), env=run_env)
    assert result.returncode == 0, result.stderr
    return corpus


def test_bad_stored_corrections_are_skipped_never_fatal(run_env: dict[str, str], fresh_db: str, tmp_path: Path,
                                                       seeds: list[Path]) -> None:
    """Issue 14.5: corrections stored before validation (or by hand) that would not cast used to fail
    int_targets_reviewed on every build; now the build skips and reports them, and `review remove`
    deletes them."""
    seed = seeds[0]
    _one_seed_run(run_env, tmp_path, seed)
    keys = [r[0] for r in rows(fresh_db, "select record_key from core.target order by char_start limit 5")]
    bad = [
        (keys[0], "fix", "value", "1e999999", None),
        (keys[1], "fix", "year", "２０２５", None),
        ("review:x1", "add", "", None, '{"indicator": "x", "value": "1", "unit": "%", "kind": "share",'
                                       ' "char_start": "99999999999", "char_end": "99999999999"}'),
        (keys[2], "fix", "indicator", "=HYPERLINK(\"http://evil\")", None),
    ]
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        for key, action, field, value, record in bad:
            conn.execute("insert into core.review_correction (doc, record_type, record_key, action, field, new_value,"
                         " record) values (%s, 'target', %s, %s, %s, %s, %s::jsonb)",
                         (seed.name, key, action, field, value, record))
        conn.execute("insert into core.review_correction (doc, record_type, record_key, action, field, new_value)"
                     " values (%s, 'target', %s, 'fix', 'value', '77.5')", (seed.name, keys[3]))
    rebuilt = guihua("run", "--dbt", "always", env=run_env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert scalar(fresh_db, "select value from marts.fct_targets where record_key = %s", (keys[3],)) == Decimal("77.5")
    assert scalar(fresh_db, "select count(*) from marts.fct_targets where indicator like '=%%'") == 0
    assert scalar(fresh_db, "select count(*) from marts.fct_targets where record_key = 'review:x1'") == 0
    status = guihua("review", "status", env=run_env)
    assert status.returncode == 0, status.stderr
    assert "4 skipped by the last build" in status.stdout, status.stdout
    ids = [str(r[0]) for r in rows(fresh_db, "select correction_id from core.review_correction"
                                             " where new_value is distinct from '77.5' order by 1")]
    assert all(f"#{i} " in status.stdout for i in ids)
    removed = guihua("review", "remove", *ids, env=run_env)
    assert removed.returncode == 0, removed.stderr
    assert "4 corrections removed" in removed.stderr
    assert scalar(fresh_db, "select count(*) from core.review_correction") == 1
    assert "0 skipped by the last build" in guihua("review", "status", env=run_env).stdout
    assert guihua("review", "remove", "999999", "--no-build", env=run_env).returncode == 2
    by_doc = guihua("review", "remove", "--doc", seed.name, "--no-build", env=run_env)
    assert by_doc.returncode == 0 and "1 corrections removed" in by_doc.stderr


def test_apply_refuses_rows_that_contradict_the_catalogue(run_env: dict[str, str], fresh_db: str, tmp_path: Path,
                                                         seeds: list[Path]) -> None:
    """Issue 16.5 (a code whose unit does not convert, an unknown code, a non-number are refused with a
    reason per row, the rest apply), 14.5 (hostile cells) and 16.7 (`indicators unmapped` forgets a
    phrase once a correction gave it a code)."""
    seed = seeds[0]
    _one_seed_run(run_env, tmp_path, seed)

    def key_of(indicator: str) -> str:
        return str(scalar(fresh_db, "select record_key from core.target where indicator = %s", (indicator,)))

    unmapped = guihua("indicators", "unmapped", "--json", "--limit", "500", env=run_env)
    assert "换点车位" in unmapped.stdout
    count_key, rate_key = key_of("换点车位"), key_of("小区业主委员会成立率")
    fix = {"doc": seed.name, "record_type": "target", "action": "fix"}
    add = {"doc": seed.name, "record_type": "target", "action": "add", "indicator": "人工补录", "value": "5",
           "unit": "%", "kind": "share", "year": "2025", "char_start": "0", "char_end": "4"}
    csv_rows = [
        {**fix, "record_key": count_key, "field": "indicator_code", "new_value": "gdp"},        # 个 vs 亿元
        {**fix, "record_key": rate_key, "field": "indicator_code", "new_value": "no_such_code"},
        {**fix, "record_key": rate_key, "field": "value", "new_value": "abc"},
        {**fix, "record_key": rate_key, "field": "value", "new_value": "1e999999"},
        {**add, "char_start": "99999999999", "char_end": "99999999999"},
        {**add, "char_start": "0", "char_end": "99999999"},                                      # past the text
        {**add, "indicator": "=1+1"},
        {**fix, "record_key": "no-such-key", "field": "value", "new_value": "1"},
        {**fix, "record_key": count_key, "field": "indicator_code", "new_value": "charging_piles"},  # 个 → 个
        {**fix, "record_key": rate_key, "field": "year", "new_value": "２０２５"},
        {**add, "indicator_code": "rd_share"},                                                   # % → %
    ]
    out = tmp_path / "review.csv"
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=sorted({k for r in csv_rows for k in r}))
        writer.writeheader()
        writer.writerows(csv_rows)
    applied = guihua("review", "apply", str(out), env=run_env)
    assert applied.returncode == 3, applied.stderr
    skipped = [line for line in applied.stderr.splitlines() if line.strip().startswith("skipped line")]
    assert [line.split(":")[0].split()[-1] for line in skipped] == [str(n) for n in range(2, 10)], applied.stderr
    assert "gdp is measured in 亿元" in skipped[0] and "个" in skipped[0]
    assert "unknown indicator code" in skipped[1] and "not a number" in skipped[2]
    assert "outside the document" in skipped[5] and "formula" in skipped[6] and "no target" in skipped[7]
    assert "3 corrections stored, 8 rows skipped" in applied.stderr
    assert scalar(fresh_db, "select indicator_code from marts.fct_targets where record_key = %s",
                  (count_key,)) == "charging_piles"
    assert scalar(fresh_db, "select target_year from marts.fct_targets where record_key = %s", (rate_key,)) == 2025
    assert scalar(fresh_db, "select quote from marts.fct_targets where indicator = '人工补录'") == \
        scalar(fresh_db, "select substr(text, 1, 4) from core.document_text")
    assert scalar(fresh_db, "select count(*) from core.review_correction where new_value = 'gdp'") == 0
    unmapped = guihua("indicators", "unmapped", "--json", "--limit", "500", env=run_env)
    assert unmapped.returncode == 0, unmapped.stderr
    phrases = {entry["indicator"] for entry in json.loads(unmapped.stdout)}
    assert "换点车位" not in phrases and "小区业主委员会成立率" in phrases

"""The dbt project's SQL passes sqlfluff (postgres dialect, jinja templater, dbt_project/.sqlfluff)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DBT_DIR = ROOT / "dbt_project"
LINTED = ("models", "tests")


def test_dbt_sql_has_no_lint_violations() -> None:
    files = sorted(p for folder in LINTED for p in (DBT_DIR / folder).rglob("*.sql"))
    assert len(files) >= 20, "expected the dbt models and tests to be found"
    result = subprocess.run(
        [sys.executable, "-m", "sqlfluff", "lint", *LINTED, "--format", "json", "--processes", "2",
         "--disable-progress-bar", "--nofail"],
        check=False, cwd=DBT_DIR, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    linted = {Path(entry["filepath"]).as_posix() for entry in report}
    assert len(linted) == len(files), f"linted {len(linted)} of {len(files)} files: {result.stderr[-1000:]}"
    problems = [
        f"{entry['filepath']}:{v.get('start_line_no', v.get('line_no'))}:"
        f"{v.get('start_line_pos', v.get('line_pos'))} {v['code']} {v['description']}"
        for entry in report
        for v in entry["violations"]
    ]
    assert not problems, "sqlfluff violations (`sqlfluff fix` in dbt_project/):\n" + "\n".join(problems)

"""Span lineage in linear time (issue 14 point 4): the dbt test reads each text once, whatever its size,
checks every document (not only the latest ones), and still catches a quote that is not its span."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.helpers import guihua, scalar

pytestmark = pytest.mark.db

LINEAGE_TEST = "assert_every_target_traces_to_its_span"


def _dbt_test(url: str, env: dict[str, str], *, check_all: bool = False) -> tuple[bool, str, float]:
    script = ("import sys; from etl.transform import run_dbt; "
              f"o = run_dbt(sys.argv[1], ['test', '--select', '{LINEAGE_TEST}'], "
              f"dbt_vars={{'lineage_check_all': {check_all}}}); print(o.success, o.message)")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", script, url], env=env, capture_output=True, text=True,
                            timeout=900, check=False)
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    return result.stdout.startswith("True"), result.stdout, seconds


def test_lineage_of_a_2mb_document_is_checked_quickly_and_a_wrong_quote_is_caught(
        run_env: dict[str, str], fresh_db: str, tmp_path: Path, seeds: list[Path]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seed = seeds[0].read_bytes()
    size = 2 * 1024 * 1024
    # Copies of one plan, each marked as its own volume: a text printed twice word for word is a
    # scraper's repeat and is read once (issue 15), which would leave this text few facts.
    lines = seed.split(b"\n")
    volumes = [b"\n".join(line + f"（第{i}卷）".encode() if k < 12 and line.strip() else line
                          for k, line in enumerate(lines)) for i in range(size // len(seed) + 1)]
    (corpus / "big plan.txt").write_bytes(b"\n".join(volumes)[:size].rsplit(b"\n", 1)[0])
    (corpus / seeds[3].name).write_bytes(seeds[3].read_bytes())
    result = guihua("run", str(corpus), env=run_env)  # its build checked both documents
    assert result.returncode == 0, result.stderr
    facts = scalar(fresh_db, "select count(*) from core.target t join core.document d using (document_id)"
                             " where d.doc = 'big plan.txt'")
    assert facts > 300  # one substr per fact on this text took minutes before
    ok, message, seconds = _dbt_test(fresh_db, run_env, check_all=True)
    assert ok, message
    assert seconds < 120, f"lineage test took {seconds:.0f}s"
    # The test's own query, as dbt compiled it, timed alone (one substr per fact: ~7 s on this text)
    compiled = (Path(run_env["GUIHUA_HOME"]) / "dbt" / "target" / "compiled" / "guihua" / "tests"
                / f"{LINEAGE_TEST}.sql").read_text(encoding="utf-8")
    with psycopg.connect(fresh_db) as conn:
        started = time.monotonic()
        assert conn.execute(f"select count(*) from ({compiled}) as failures").fetchone()[0] == 0
        query_seconds = time.monotonic() - started
    assert query_seconds < 3, f"lineage query took {query_seconds:.1f}s on a 2 MB text"
    # A quote that is not the text at its span, late in the big text and in the other document.
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("update core.target set quote = quote || '改' where target_id = (select max(target_id)"
                     " from core.target t join core.document d using (document_id) where d.doc = 'big plan.txt')")
        conn.execute("update core.actual set char_start = char_start + 1 where actual_id = (select min(actual_id)"
                     " from core.actual a join core.document d using (document_id) where d.doc = %s)",
                     (seeds[3].name,))
    ok, message, _ = _dbt_test(fresh_db, run_env, check_all=True)
    assert not ok and "2 results" in message, message
    # By default a build checks the documents loaded since the last successful build: these were
    # checked by the first run's build; documents loaded without a build are checked by the next.
    ok, message, _ = _dbt_test(fresh_db, run_env)
    assert ok, message
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("update core.etl_run set dbt_status = null")  # as if loaded with --dbt never
    ok, message, _ = _dbt_test(fresh_db, run_env)
    assert not ok and "2 results" in message, message

"""Nothing lost, nothing duplicated: kills at several moments, concurrent runs, dropped connections.

Each test breaks a real run on purpose (subprocess, real PostgreSQL) and then checks
that a re-run leaves the database equal to the one an uninterrupted run builds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import psycopg
import pytest

from tests.helpers import GUIHUA, guihua, rows, scalar, snapshot

pytestmark = [pytest.mark.db, pytest.mark.slow]

COPIES = 3  # 5 seeds × 3 = 15 documents, each with its own bytes


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, seeds: list[Path]) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for copy in range(COPIES):
        for seed in seeds:
            # A trailing line makes each copy distinct bytes (duplicates would be rejected).
            data = seed.read_bytes() + f"\n(本文第{copy + 1}份)\n".encode()
            (folder / f"{seed.stem}_{copy}.txt").write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def reference(corpus: Path, pg_server: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Snapshot of the database after one uninterrupted run (built once per module)."""
    import uuid

    name = f"guihua_test_ref_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_server["admin_url"], autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    base, _, query = pg_server["admin_url"].partition("?")
    url = base.rsplit("/", 1)[0] + f"/{name}" + (f"?{query}" if query else "")
    env = dict(os.environ, DATABASE_URL=url, GUIHUA_HOME=str(tmp_path_factory.mktemp("refhome")),
               GUIHUA_WORKERS="2")
    result = guihua("run", str(corpus), env=env)
    assert result.returncode == 0, result.stderr
    snap = snapshot(url)
    with psycopg.connect(pg_server["admin_url"], autocommit=True) as conn:
        conn.execute(f'drop database "{name}" with (force)')
    return snap


def _start_paused(args: list[str], env: dict[str, str], point: str, marker: Path,
                  seconds: float | None = None) -> subprocess.Popen[str]:
    # batches of 2 documents per load transaction, so that load checkpoints fall mid-run
    env = dict(env, GUIHUA_PAUSE_AT=point, GUIHUA_PAUSE_MARKER=str(marker), GUIHUA_LOAD_BATCH_DOCS="2")
    if seconds is not None:
        env["GUIHUA_PAUSE_SECONDS"] = str(seconds)
    return subprocess.Popen([*GUIHUA, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, stdin=subprocess.DEVNULL)


def _wait_for(marker: Path, proc: subprocess.Popen[str], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"run ended before the checkpoint (code {proc.returncode}): {err[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError("checkpoint not reached in time")
        time.sleep(0.05)


def _kill_group(proc: subprocess.Popen[str]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its extraction workers, no cleanup possible
    proc.wait(timeout=60)


def _no_duplicates(url: str) -> None:
    assert scalar(url, "select count(*) - count(distinct doc) from core.document") == 0
    assert scalar(url, "select count(*) from (select document_id, path from core.section"
                       " group by 1, 2 having count(*) > 1) d") == 0
    assert scalar(url, "select count(*) from (select document_id, record_key from core.target"
                       " group by 1, 2 having count(*) > 1) d") == 0


@pytest.mark.parametrize("point", ["extract:4", "load:3", "dbt"])
def test_sigkill_then_rerun_equals_uninterrupted_run(point: str, corpus: Path, reference: dict,
                                                     run_env: dict[str, str], fresh_db: str,
                                                     tmp_path: Path) -> None:
    marker = tmp_path / "paused"
    if point == "dbt":
        # Pass the checkpoint at once, then kill while dbt is building the models.
        proc = _start_paused(["run", str(corpus)], run_env, point, marker, seconds=0)
        _wait_for(marker, proc)
        time.sleep(4)
    else:
        proc = _start_paused(["run", str(corpus)], run_env, point, marker)
        _wait_for(marker, proc)
    _kill_group(proc)
    assert proc.returncode == -signal.SIGKILL
    if point.startswith("load"):
        # Killed mid-transaction (the third batch of 2): its half-written documents are not visible,
        # the two batches committed before are.
        loaded = scalar(fresh_db, "select count(*) from core.document")
        assert loaded == 4
        assert scalar(fresh_db, "select count(*) from core.document d where not exists"
                                " (select 1 from core.document_text t where t.document_id = d.document_id)") == 0
    rerun = guihua("run", str(corpus), env=run_env)
    assert rerun.returncode == 0, rerun.stderr
    _no_duplicates(fresh_db)
    assert snapshot(fresh_db) == reference
    statuses = [r[0] for r in rows(fresh_db, "select status from core.etl_run order by run_id")]
    assert statuses == ["abandoned", "succeeded"]
    assert scalar(fresh_db, "select count(*) from marts.fct_targets") == len(reference["target"])


def test_two_runs_at_once_never_both_load(corpus: Path, reference: dict, run_env: dict[str, str],
                                          fresh_db: str, tmp_path: Path) -> None:
    marker = tmp_path / "paused"
    first = _start_paused(["run", str(corpus), "--dbt", "never"], run_env, "extract", marker, seconds=5)
    _wait_for(marker, first)
    second = guihua("run", str(corpus), "--dbt", "never", env=run_env, timeout=120)
    assert second.returncode == 4, second.stderr
    assert "another guihua run" in second.stderr
    first.communicate(timeout=600)
    assert first.returncode == 0
    # With --wait the second run queues behind the first and then finds nothing to do.
    third = _start_paused(["run", str(corpus)], run_env, "extract", tmp_path / "again", seconds=0)
    waiting = guihua("run", str(corpus), "--wait", env=run_env)
    third.communicate(timeout=600)
    assert waiting.returncode == 0, waiting.stderr
    _no_duplicates(fresh_db)
    assert snapshot(fresh_db) == reference


def test_dropped_connection_mid_load_is_retried(corpus: Path, reference: dict, run_env: dict[str, str],
                                                fresh_db: str, tmp_path: Path) -> None:
    marker = tmp_path / "paused"
    proc = _start_paused(["run", str(corpus)], run_env, "load:2", marker, seconds=3)
    _wait_for(marker, proc)
    # Drop the loader's connection while its transaction is open (the lock session stays).
    terminated = scalar(fresh_db, "select count(pg_terminate_backend(pid)) from pg_stat_activity"
                                  " where datname = current_database() and pid <> pg_backend_pid()"
                                  " and state like 'idle in transaction%'")
    assert terminated == 1
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert "retrying" in err or "connection lost" in err or "15 loaded" in err
    _no_duplicates(fresh_db)
    assert snapshot(fresh_db) == reference


def test_server_stops_mid_run_then_next_run_completes(corpus: Path, reference: dict, tmp_path: Path) -> None:
    from etl.db.embedded import EmbeddedServer
    from tests.conftest import _free_port, embedded_home

    home = embedded_home()
    server = EmbeddedServer(home, preferred_port=_free_port())
    server.start(persistent=True)
    try:
        url = server.url()
        env = dict(os.environ, DATABASE_URL=url, GUIHUA_HOME=str(tmp_path / "home"), GUIHUA_WORKERS="2")
        marker = tmp_path / "paused"
        proc = _start_paused(["run", str(corpus)], env, "load:2", marker, seconds=3)
        _wait_for(marker, proc)
        server.stop()  # fast shutdown: every session is cut, the open transaction is lost
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 1, err
        assert "Traceback" not in err
        assert "cannot reach the database server" in err or "database error" in err
        server.start(persistent=True)
        # The batch whose transaction was cut is not there; the one committed before is.
        assert scalar(url, "select count(*) from core.document") == 2
        rerun = guihua("run", str(corpus), env=env)
        assert rerun.returncode == 0, rerun.stderr
        _no_duplicates(url)
        assert snapshot(url) == reference
        statuses = [r[0] for r in rows(url, "select status from core.etl_run order by run_id")]
        assert statuses[-1] == "succeeded" and "running" not in statuses
    finally:
        server.stop()
        import shutil

        shutil.rmtree(home, ignore_errors=True)

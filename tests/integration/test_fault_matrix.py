"""The fault matrix (issue 14): break a run at each moment, then the next run must make core AND
the marts equal to an uninterrupted run's, row for row, and exit 0.

Faults: SIGKILL of the main process alone (its extraction workers must die with it) and of the
whole process group, at extraction, at load and during dbt; the embedded postmaster SIGKILLed at
load and during dbt; `guihua db stop` during dbt. The dbt scenarios start from marts built from
an older core (a first run over 10 of the 15 documents), so a re-run that skips dbt "because
nothing changed" leaves stale marts and fails the comparison. (Not a template database: a copy
carries its sequences' pre-logged values, which a crash of the new database then hands out twice.)

All scenarios use one dedicated embedded server (killing it must not disturb the other tests).
Figures (exit codes, rows compared, seconds) go to GUIHUA_MATRIX_REPORT when it names a file.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.helpers import GUIHUA, guihua, marts_snapshot, rows, scalar, snapshot, wait_group_gone

pytestmark = [pytest.mark.db, pytest.mark.slow]

COPIES = 3  # 5 seeds × 3 = 15 documents, each with its own bytes
PRE_DOCS = 10  # the template's marts were built from the first 10 documents only


@dataclass(frozen=True)
class Fault:
    name: str
    target: str  # main | group | postmaster | db-stop
    point: str  # a checkpoint of etl/faults.py
    from_old_marts: bool  # start from the template whose marts reflect an older core


MATRIX = [
    Fault("sigkill-main-extract", "main", "extract:4", False),
    Fault("sigkill-group-extract", "group", "extract:4", False),
    Fault("sigkill-main-load", "main", "load:3", False),
    Fault("sigkill-group-load", "group", "load:3", False),
    Fault("sigkill-main-dbt", "main", "dbt", True),
    Fault("sigkill-group-dbt", "group", "dbt", True),
    Fault("postmaster-kill-load", "postmaster", "load:3", False),
    Fault("postmaster-kill-dbt", "postmaster", "dbt", True),
    Fault("db-stop-dbt", "db-stop", "dbt", True),
]
FIGURES: dict[str, dict[str, object]] = {}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, seeds: list[Path]) -> Path:
    folder = tmp_path_factory.mktemp("matrix-corpus")
    for copy in range(COPIES):
        for seed in seeds:
            data = seed.read_bytes() + f"\n(本文第{copy + 1}份，修订{copy * 7 + 3}处)\n".encode()
            (folder / f"{copy}_{seed.stem}.txt").write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from etl.db.embedded import EmbeddedServer
    from tests.conftest import _free_port, embedded_home

    home = embedded_home()
    srv = EmbeddedServer(home, preferred_port=_free_port())
    srv.start(persistent=True)
    try:
        yield srv
    finally:
        srv.stop()
        shutil.rmtree(home, ignore_errors=True)


def _write_figures() -> None:
    report = os.environ.get("GUIHUA_MATRIX_REPORT")
    if report:
        Path(report).write_text(json.dumps(FIGURES, indent=1, ensure_ascii=False))


def _db_url(srv: object, name: str) -> str:
    return srv.url(database=name)  # type: ignore[attr-defined]


def _admin(srv: object, sql: str) -> None:
    with psycopg.connect(_db_url(srv, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _env(url: str, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "GUIHUA_TEST_DATABASE_URL"}
    env.update(DATABASE_URL=url, GUIHUA_HOME=str(home), GUIHUA_WORKERS="2")
    return env


@pytest.fixture(scope="module")
def reference(server: object, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Core and marts after one uninterrupted run."""
    home = tmp_path_factory.mktemp("matrix-home")
    _admin(server, "create database matrix_ref")
    url = _db_url(server, "matrix_ref")
    started = time.monotonic()
    result = guihua("run", str(corpus), env=_env(url, home))
    assert result.returncode == 0, result.stderr
    seconds = time.monotonic() - started
    ref = {"core": snapshot(url), "marts": marts_snapshot(url)}
    assert ref["marts"]["dim_plan"] and ref["marts"]["fct_targets"]
    FIGURES["uninterrupted"] = {"exit": 0, "seconds": round(seconds, 1),
                                "core_rows": sum(map(len, ref["core"].values())),
                                "marts_rows": sum(map(len, ref["marts"].values()))}
    _write_figures()
    return ref


def _start_paused(args: list[str], env: dict[str, str], point: str, marker: Path,
                  seconds: float | None = None) -> subprocess.Popen[str]:
    env = dict(env, GUIHUA_PAUSE_AT=point, GUIHUA_PAUSE_MARKER=str(marker), GUIHUA_LOAD_BATCH_DOCS="2")
    if seconds is not None:
        env["GUIHUA_PAUSE_SECONDS"] = str(seconds)
    return subprocess.Popen([*GUIHUA, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, stdin=subprocess.DEVNULL)


def _wait_for(marker: Path, proc: subprocess.Popen[str], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            _, err = proc.communicate()
            raise AssertionError(f"run ended before the checkpoint (code {proc.returncode}): {err[-2000:]}")
        assert time.monotonic() < deadline, "checkpoint not reached in time"
        time.sleep(0.05)


def _restart(srv: object) -> None:
    """Start the server again (after a postmaster SIGKILL its orphan backends need a moment to exit)."""
    from etl.db.embedded import EmbeddedError

    deadline = time.monotonic() + 60
    while True:
        try:
            srv.start(persistent=True)  # type: ignore[attr-defined]
            return
        except EmbeddedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


@pytest.mark.parametrize("fault", MATRIX, ids=[f.name for f in MATRIX])
def test_fault_then_rerun_equals_uninterrupted_run(fault: Fault, server: object, corpus: Path,
                                                   reference: dict, tmp_path: Path) -> None:
    name = "matrix_" + fault.name.replace("-", "_")
    _admin(server, f'drop database if exists "{name}" with (force)')
    _admin(server, f'create database "{name}"')
    url = _db_url(server, name)
    env = _env(url, tmp_path / "home")
    started = time.monotonic()
    if fault.from_old_marts:  # marts built from the first PRE_DOCS documents only
        pre_corpus = tmp_path / "pre"
        pre_corpus.mkdir()
        for path in sorted(corpus.iterdir())[:PRE_DOCS]:
            shutil.copy(path, pre_corpus / path.name)
        pre = guihua("run", str(pre_corpus), env=env)
        assert pre.returncode == 0, pre.stderr
    marker = tmp_path / "paused"
    at_dbt = fault.point == "dbt"
    # A run killed by signal may pause until killed; one whose server goes away must wake up to notice.
    pause = 0 if at_dbt else (None if fault.target in ("main", "group") else 3)
    proc = _start_paused(["run", str(corpus)], env, fault.point, marker, seconds=pause)
    _wait_for(marker, proc)
    if at_dbt:
        time.sleep(4)  # dbt is building the models
    if fault.target == "main":
        os.kill(proc.pid, signal.SIGKILL)
    elif fault.target == "group":
        os.killpg(proc.pid, signal.SIGKILL)
    elif fault.target == "postmaster":
        pid = int((server.pgdata / "postmaster.pid").read_text().split()[0])  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)
    else:
        stop_env = {k: v for k, v in os.environ.items()
                    if k not in ("DATABASE_URL", "GUIHUA_TEST_DATABASE_URL")}
        stop_env["GUIHUA_HOME"] = str(server.home)  # type: ignore[attr-defined]
        stopped = guihua("db", "stop", env=stop_env, timeout=120)
        assert stopped.returncode == 0, stopped.stderr
    _, err = proc.communicate(timeout=300)
    killed_exit = proc.returncode
    said = ""
    if fault.target in ("main", "group"):
        assert killed_exit == -signal.SIGKILL
        # No worker outlives its run (they would hold the run's lock session).
        assert wait_group_gone(proc.pid) == [], "extraction workers outlived the killed run"
    else:
        _restart(server)
        # The run fails with one line that says what happened, never a traceback or pg_ctl's words.
        assert killed_exit == 1, err
        lines = [line for line in err.splitlines() if line.startswith("error:")]
        assert len(lines) == 1, err
        assert "Traceback" not in err and "pg_ctl" not in err
        stage = "dbt" if at_dbt else "load"
        assert stage in lines[0], lines[0]
        said = lines[0]
    rerun = guihua("run", str(corpus), env=env)
    assert rerun.returncode == 0, rerun.stderr
    core, marts = snapshot(url), marts_snapshot(url)
    assert scalar(url, "select count(*) - count(distinct doc) from core.document") == 0
    assert core == reference["core"]
    for table, expected in reference["marts"].items():
        assert marts.get(table) == expected, f"marts.{table} differs from the uninterrupted run's"
    assert set(marts) == set(reference["marts"])
    statuses = [r[0] for r in rows(url, "select status from core.etl_run order by run_id")]
    assert statuses[-1] == "succeeded" and "running" not in statuses
    FIGURES[fault.name] = {
        "killed_exit": killed_exit, "killed_said": said, "rerun_exit": rerun.returncode,
        "rerun": rerun.stderr.strip().splitlines()[-1],
        "core_rows": sum(map(len, core.values())), "marts_rows": sum(map(len, marts.values())),
        "seconds": round(time.monotonic() - started, 1)}
    _write_figures()
    _admin(server, f'drop database "{name}" with (force)')

"""Issue 14, points 1, 3, 8 and 9: a run succeeds only when the marts reflect core; a dead run's
processes and sessions never lock the others out; simultaneous first runs never collide;
`db start` keeps its port. (The kill-at-every-moment matrix is test_fault_matrix.py.)
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.helpers import GUIHUA, guihua, scalar, wait_group_gone

pytestmark = [pytest.mark.db, pytest.mark.slow]


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def test_core_ahead_of_marts_is_rebuilt_and_a_failed_build_fails_the_run(run_env: dict[str, str],
                                                                          fresh_db: str) -> None:
    first = guihua("run", env=run_env)
    assert first.returncode == 0, first.stderr
    # core changes behind the run's back (a loader, a curator, a crash between load and build):
    # one target year out of the range a dbt test allows.
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        target_id, year = conn.execute("select target_id, year from core.target where year is not null"
                                       " order by target_id limit 1").fetchone()
        conn.execute("update core.target set year = 1999 where target_id = %s", (target_id,))
    broken = guihua("run", env=run_env)
    # 0 documents loaded, yet core moved past the marts: dbt runs, fails, and so does the run.
    assert "0 loaded" in broken.stderr
    assert broken.returncode == 1, broken.stderr
    lines = _error_lines(broken.stderr)
    assert len(lines) == 1 and "dbt build failed: " in lines[0], broken.stderr
    assert "test.guihua." in lines[0] or "model.guihua." in lines[0], lines[0]  # names what failed
    assert scalar(fresh_db, "select dbt_status from core.etl_run order by run_id desc limit 1") == "error"
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("update core.target set year = %s where target_id = %s", (year, target_id))
    fixed = guihua("run", env=run_env)
    assert fixed.returncode == 0, fixed.stderr
    assert "dbt success" in fixed.stderr  # the failed build is not forgotten: rebuilt although 0 loaded
    assert scalar(fresh_db, "select marts_generation = core_generation from core.build_state") is True
    again = guihua("run", env=run_env)
    assert again.returncode == 0 and "dbt skipped_unchanged" in again.stderr, again.stderr


def _paused_run(env: dict[str, str], corpus: Path, marker: Path) -> subprocess.Popen[str]:
    env = dict(env, GUIHUA_PAUSE_AT="extract:2", GUIHUA_PAUSE_MARKER=str(marker))
    proc = subprocess.Popen([*GUIHUA, "run", str(corpus), "--dbt", "never"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return proc


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killing_the_main_process_leaves_no_worker_and_no_lock(sig: signal.Signals, run_env: dict[str, str],
                                                               fresh_db: str, seeds: list[Path],
                                                               tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for copy in range(2):
        for seed in seeds:
            (corpus / f"{copy}_{seed.name}").write_bytes(seed.read_bytes() + f"\n({copy})\n".encode())
    proc = _paused_run(run_env, corpus, tmp_path / "paused")
    os.kill(proc.pid, sig)  # the main process only: its workers are not signalled
    _, stderr = proc.communicate(timeout=60)
    assert wait_group_gone(proc.pid) == [], "extraction workers outlived the run"
    if sig == signal.SIGTERM:  # a scheduler's stop: one line, exit 143, the run recorded as failed
        assert proc.returncode == 143, stderr
        assert "Traceback" not in stderr and "terminated by SIGTERM" in stderr, stderr
        assert scalar(fresh_db, "select status || ': ' || message from core.etl_run order by run_id desc limit 1") == (
            "failed: terminated by SIGTERM (during ingest/extract/load)")
    after = guihua("run", str(corpus), "--dbt", "never", env=run_env, timeout=300)
    assert after.returncode == 0, after.stderr  # not 4: nothing holds the dead run's lock
    assert scalar(fresh_db, "select count(*) from core.document") == 10


def test_a_lock_left_by_a_dead_run_is_released(run_env: dict[str, str], fresh_db: str) -> None:
    from etl.load import RUN_LOCK_KEY, run_session_name

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    # A session that names a run process of this host that no longer exists holds the lock
    # (its socket inherited by something that outlived the run).
    holder = psycopg.connect(fresh_db, autocommit=True, application_name=run_session_name(dead.pid))
    alive = psycopg.connect(fresh_db, autocommit=True, application_name=run_session_name(os.getpid()))
    try:
        holder.execute("select pg_advisory_lock(%s)", (RUN_LOCK_KEY,))
        run = guihua("run", "--dbt", "never", env=run_env, timeout=300)
        assert run.returncode == 0, run.stderr
        assert holder.closed or holder.broken or _terminated(holder)
        # A live run's lock is respected.
        alive.execute("select pg_advisory_lock(%s)", (RUN_LOCK_KEY,))
        locked = guihua("run", "--dbt", "never", env=run_env, timeout=300)
        assert locked.returncode == 4, locked.stderr
    finally:
        holder.close()
        alive.close()


def _terminated(conn: psycopg.Connection) -> bool:
    try:
        conn.execute("select 1")
    except psycopg.OperationalError:
        return True
    return False


def test_a_killed_clients_query_does_not_keep_running(fresh_db: str) -> None:
    code = ("import sys; from etl.db.connection import connect; c = connect(sys.argv[1], autocommit=True); "
            "print(c.info.backend_pid, flush=True); c.execute('select pg_sleep(120)')")
    proc = subprocess.Popen([sys.executable, "-c", code, fresh_db], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    backend = int(proc.stdout.readline())
    deadline = time.monotonic() + 30
    while scalar(fresh_db, "select state from pg_stat_activity where pid = %s", (backend,)) != "active":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while scalar(fresh_db, "select count(*) from pg_stat_activity where pid = %s", (backend,)):
        assert time.monotonic() < deadline, "the dead client's query is still running on the server"
        time.sleep(0.2)


def test_simultaneous_first_runs_exit_0_or_4(run_env: dict[str, str], fresh_db: str) -> None:
    procs = [subprocess.Popen([*GUIHUA, "run", "--dbt", "never"], env=run_env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL) for _ in range(3)]
    results = [(p.wait(timeout=600), p.communicate()[1]) for p in procs]
    codes = sorted(code for code, _ in results)
    assert set(codes) <= {0, 4}, results
    assert 0 in codes
    assert not any("duplicate key" in err for _, err in results)
    assert scalar(fresh_db, "select count(*) from core.document") == 5


def test_port_in_time_wait_is_not_left(tmp_path: Path) -> None:
    """Right after connections closed on the configured port (TIME_WAIT), `db start` still takes it."""
    from etl.db.embedded import EmbeddedServer
    from tests.conftest import embedded_home

    # A listener like the PostgreSQL that just stopped (it binds with SO_REUSEADDR, which its
    # connections in TIME_WAIT keep): a plain bind() fails on the port, PostgreSQL's does not.
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.listen()
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = listener.accept()
    accepted.close()  # the server side closes first: its end of the connection waits in TIME_WAIT
    time.sleep(0.2)
    client.close()
    listener.close()
    with socket.socket() as plain, pytest.raises(OSError):
        plain.bind(("127.0.0.1", port))  # the port is in TIME_WAIT indeed
    home = embedded_home()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GUIHUA_TEST_DATABASE_URL")}
    env.update(GUIHUA_HOME=str(home / "home"), GUIHUA_PG_PORT=str(port))
    try:
        started = guihua("db", "start", env=env, timeout=180)
        assert started.returncode == 0, started.stderr
        assert f"127.0.0.1:{port}/" in started.stdout, started.stdout
    finally:
        EmbeddedServer(home / "home").stop()
        import shutil

        shutil.rmtree(home, ignore_errors=True)


def test_db_start_on_a_busy_port_says_so(tmp_path: Path) -> None:
    from tests.conftest import embedded_home

    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = busy.getsockname()[1]
    home = embedded_home()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GUIHUA_TEST_DATABASE_URL")}
    env.update(GUIHUA_HOME=str(home / "home"), GUIHUA_PG_PORT=str(port))
    try:
        started = guihua("db", "start", env=env, timeout=180)
        assert started.returncode == 1, started.stdout + started.stderr
        lines = _error_lines(started.stderr)
        assert len(lines) == 1 and str(port) in lines[0] and "GUIHUA_PG_PORT" in lines[0], started.stderr
        assert started.stdout.strip() == ""  # no URL of a server on another port
    finally:
        busy.close()
        from etl.db.embedded import EmbeddedServer

        EmbeddedServer(home / "home").stop()
        import shutil

        shutil.rmtree(home, ignore_errors=True)

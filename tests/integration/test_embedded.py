"""The embedded server: TCP on 127.0.0.1, 0700 data directory, lifetime rules, psql from outside."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.db.embedded import EmbeddedServer, _bin_dir
from tests.conftest import embedded_home
from tests.helpers import guihua

pytestmark = pytest.mark.db


@pytest.fixture
def home_env() -> Iterator[dict[str, str]]:
    home = embedded_home()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GUIHUA_TEST_DATABASE_URL")}
    env["GUIHUA_HOME"] = str(home / "home")
    env["GUIHUA_PG_PORT"] = str(_free_port())
    yield env
    EmbeddedServer(home / "home").stop()
    shutil.rmtree(home, ignore_errors=True)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_db_start_url_psql_and_stop(home_env: dict[str, str]) -> None:
    started = guihua("db", "start", env=home_env, timeout=120)
    assert started.returncode == 0, started.stderr
    try:
        url = guihua("db", "url", env=home_env).stdout.strip()
        assert url.startswith("postgresql://guihua@127.0.0.1:")
        pgdata = Path(home_env["GUIHUA_HOME"]) / "pgdata"
        assert stat.S_IMODE(pgdata.stat().st_mode) == 0o700
        assert stat.S_IMODE((Path(home_env["GUIHUA_HOME"]) / "pgpass").stat().st_mode) == 0o600
        # A run against the persistent server leaves it running, and psql from "another shell" sees the marts.
        run = guihua("run", env=home_env)
        assert run.returncode == 0, run.stderr
        psql = subprocess.run([str(_bin_dir() / "psql"), url, "-tA", "-c", "select count(*) from marts.dim_plan"],
                              capture_output=True, text=True, timeout=60)
        assert psql.returncode == 0, psql.stderr
        assert psql.stdout.strip() == "5"
        # A second start finds the running server instead of starting another one.
        again = guihua("db", "start", env=home_env, timeout=120)
        assert again.returncode == 0 and "already running" in again.stderr
    finally:
        stopped = guihua("db", "stop", env=home_env, timeout=120)
    assert stopped.returncode == 0
    assert not EmbeddedServer(Path(home_env["GUIHUA_HOME"])).is_running()


def test_run_alone_starts_and_stops_the_server(home_env: dict[str, str]) -> None:
    run = guihua("run", "--dbt", "never", env=home_env, timeout=300)
    assert run.returncode == 0, run.stderr
    assert not EmbeddedServer(Path(home_env["GUIHUA_HOME"])).is_running()
    url = guihua("db", "url", env=home_env)
    assert url.returncode == 1 and "not running" in url.stderr

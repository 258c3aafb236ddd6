"""Shared fixtures: a real PostgreSQL for integration tests (never a mock, never SQLite).

By default the tests start their own embedded server (the project's own
`EmbeddedServer`) in a temporary GUIHUA_HOME, and give each test that asks for
one a fresh database on it. GUIHUA_TEST_DATABASE_URL points the tests at another
server instead (its databases named guihua_test_* are created and dropped).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from etl.config import SAMPLE_CORPUS_DIR

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(SAMPLE_CORPUS_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def seeds() -> list[Path]:
    return SEEDS


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A running PostgreSQL: {'admin_url': ..., 'home': ...}."""
    external = os.environ.get("GUIHUA_TEST_DATABASE_URL")
    if external:
        yield {"admin_url": external, "home": str(tmp_path_factory.mktemp("home"))}
        return
    from etl.db.embedded import EmbeddedServer

    home = embedded_home()
    server = EmbeddedServer(home, preferred_port=_free_port())
    server.start(persistent=True)
    try:
        yield {"admin_url": server.url(database="postgres"), "home": str(home), "server": server}
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


def embedded_home() -> Path:
    """A GUIHUA_HOME outside pytest's basetemp: pytest re-restricts /tmp/pytest-of-<user> to 0700 at
    every session start, which would lock the unprivileged postgres user (used when running as root)
    out of a data directory below it."""
    return Path(tempfile.mkdtemp(prefix="guihua-test-"))


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _with_database(admin_url: str, name: str) -> str:
    base, _, query = admin_url.partition("?")
    prefix = base.rsplit("/", 1)[0]
    return f"{prefix}/{name}" + (f"?{query}" if query else "")


@pytest.fixture
def fresh_db(pg_server: dict[str, str]) -> Iterator[str]:
    """URL of a new, empty database; dropped after the test."""
    name = f"guihua_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_server["admin_url"], autocommit=True) as conn:
        conn.execute(f'create database "{name}"')  # generated identifier, no document text
    url = _with_database(pg_server["admin_url"], name)
    try:
        yield url
    finally:
        with psycopg.connect(pg_server["admin_url"], autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture
def run_env(fresh_db: str, pg_server: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """Environment for a `guihua` subprocess that loads into `fresh_db`."""
    env = dict(os.environ)
    env["DATABASE_URL"] = fresh_db
    env["GUIHUA_HOME"] = str(tmp_path / "home")
    env["GUIHUA_WORKERS"] = "2"
    env.pop("GUIHUA_TEST_DATABASE_URL", None)
    return env

"""Security: hostile text stays data, secrets stay out of logs, the reader only reads marts."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from etl.extract.document import extract_bytes
from tests.helpers import guihua, rows, scalar

pytestmark = pytest.mark.db

HOSTILE = (
    "长春市朝阳区国民经济和社会发展第十四个五年规划纲要\n"
    "第一章 发展目标\n"
    "到2025年,地区生产总值超过1000亿元'); DROP TABLE core.document; --\n"
    "反斜杠 \\ 和 \\N 和 \\\\ 以及制表符\t和分号;以及 \"双引号\" 'single' $$dollar$$ E'\\x00'\n"
    "回车\r\n换行\n专栏1 重点项目\n1.朝阳区'); delete from core.project; --项目,总投资10亿元。\n"
)


def test_hostile_text_is_loaded_intact(run_env: dict[str, str], fresh_db: str, tmp_path: Path) -> None:
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    raw = HOSTILE.encode("utf-8")
    (corpus / "hostile'; drop table x; --.txt").write_bytes(raw)
    result = guihua("run", str(corpus), "--dbt", "never", env=run_env)
    assert result.returncode == 0, result.stderr
    expected = extract_bytes(raw, "hostile'; drop table x; --.txt")
    stored = scalar(fresh_db, "select t.text from core.document_text t join core.document d using (document_id)")
    assert stored == expected.text
    assert "DROP TABLE core.document" in stored
    assert scalar(fresh_db, "select doc from core.document") == "hostile'; drop table x; --.txt"
    # Every quote that was loaded is exactly its span of the stored text.
    for quote, start, end in rows(fresh_db, "select quote, char_start, char_end from core.target"
                                            " union all select quote, char_start, char_end from core.project_mention"):
        assert stored[start:end] == quote


def test_password_never_reaches_the_logs(run_env: dict[str, str], fresh_db: str) -> None:
    secret = "s3cret-Pw-7f1e"
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute(f"create role loader_user login superuser password '{secret}'")  # test-owned literal
    host_part = fresh_db.split("@", 1)[1].split("?")[0]
    env = dict(run_env, DATABASE_URL=f"postgresql://loader_user:{secret}@{host_part}")
    result = guihua("--log-format", "json", "--verbose", "run", env=env)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert secret not in output
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert lines and all("level" in line and "message" in line for line in lines)
    status = guihua("--log-format", "json", "status", "--json", env=env)
    assert status.returncode == 0 and secret not in status.stdout + status.stderr


def test_reader_role_reads_marts_only(run_env: dict[str, str], fresh_db: str) -> None:
    assert guihua("run", env=run_env).returncode == 0
    env = dict(run_env, GUIHUA_READER_PASSWORD="reader-pw-1")
    granted = guihua("db", "grant-reader", env=env)
    assert granted.returncode == 0, granted.stderr
    # A rebuild keeps the reader's access (grants re-applied by dbt, default privileges on new tables).
    assert guihua("run", "--dbt", "always", env=run_env).returncode == 0
    host_part = fresh_db.split("@", 1)[1].split("?")[0]
    reader_url = f"postgresql://guihua_reader:reader-pw-1@{host_part}"
    with psycopg.connect(reader_url, autocommit=True) as conn:
        assert conn.execute("select count(*) from marts.dim_plan").fetchone()[0] == 5
        for statement in (
            "insert into marts.dim_plan (plan_id, doc) values (-1, 'x')",
            "update marts.dim_plan set title = 'x'",
            "delete from marts.dim_plan",
            "create table marts.evil (id int)",
            "create table public.evil (id int)",
            "select count(*) from core.document",
            "select count(*) from staging.stg_documents",
        ):
            with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.ReadOnlySqlTransaction)):
                conn.execute(statement)
        # Privileges alone forbid writing, even when the session is switched to read-write.
        conn.execute("set default_transaction_read_only = off")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("insert into marts.dim_plan (plan_id, doc) values (-1, 'x')")


def _reader_url(fresh_db: str, password: str, role: str = "guihua_reader") -> str:
    host_part = fresh_db.split("@", 1)[1].split("?")[0]
    return f"postgresql://{role}:{password}@{host_part}"


def test_reader_cannot_write_even_in_a_read_write_transaction(run_env: dict[str, str], fresh_db: str) -> None:
    """Issue 14.6: `set default_transaction_read_only = off` / `begin read write` used to let the reader
    create temp tables and functions; every write path is now closed by privileges."""
    assert guihua("run", env=run_env).returncode == 0
    env = dict(run_env, GUIHUA_READER_PASSWORD="reader-pw-2", GUIHUA_READER_CONNECTION_LIMIT="3",
               GUIHUA_READER_STATEMENT_TIMEOUT_MS="30000", GUIHUA_READER_IDLE_TIMEOUT_MS="20000",
               GUIHUA_READER_TEMP_FILE_LIMIT_MB="64")
    granted = guihua("db", "grant-reader", env=env)
    assert granted.returncode == 0, granted.stderr
    reader_url = _reader_url(fresh_db, "reader-pw-2")
    denied = (psycopg.errors.InsufficientPrivilege, psycopg.errors.ReadOnlySqlTransaction)
    with psycopg.connect(reader_url, autocommit=True) as conn:
        settings = {name: conn.execute(f"show {name}").fetchone()[0] for name in (
            "statement_timeout", "idle_in_transaction_session_timeout", "temp_file_limit",
            "default_transaction_read_only")}
        assert settings == {"statement_timeout": "30s", "idle_in_transaction_session_timeout": "20s",
                            "temp_file_limit": "64MB", "default_transaction_read_only": "on"}
        conn.execute("set default_transaction_read_only = off")
        for statement in (
            "create temp table evil (id int)",
            "create table pg_temp.evil (id int)",
            "create function public.evil() returns int language sql as 'select 1'",
            "create function pg_temp.evil() returns int language sql as 'select 1'",
            "create table public.evil (id int)",
            "create view marts.evil as select 1 as x",
            "create schema evil",
            "insert into marts.dim_plan (plan_id, doc) values (-1, 'x')",
            "select lo_create(0)",
            "select lo_from_bytea(0, 'x'::bytea)",
            "truncate marts.dim_plan",
        ):
            for begin in ("begin read write", "begin"):
                conn.execute(begin)
                with pytest.raises(denied):
                    conn.execute(statement)
                conn.execute("rollback")
        # temp_file_limit cannot be raised by the role itself (a superuser-only setting)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("set temp_file_limit = -1")
        assert conn.execute("select count(*) from marts.dim_plan").fetchone()[0] == 5
        # connection limit: 3 in all
        extra = [psycopg.connect(reader_url) for _ in range(2)]
        try:
            with pytest.raises(psycopg.OperationalError, match="too many connections"):
                psycopg.connect(reader_url)
        finally:
            for other in extra:
                other.close()
    assert scalar(fresh_db, "select rolconnlimit from pg_roles where rolname = 'guihua_reader'") == 3


def test_dbt_swap_waits_a_bounded_time_for_a_reader_lock(run_env: dict[str, str], fresh_db: str) -> None:
    """Issue 14.6: a reader holding a transaction open on dim_plan stalled dbt (and the readers queued
    behind it). dbt's sessions now wait at most GUIHUA_LOCK_TIMEOUT_MS, retry, and fail clearly; the
    previous marts stay whole meanwhile, and a lock released in time lets the retry succeed."""
    import threading
    import time

    assert guihua("run", env=run_env).returncode == 0
    env = dict(run_env, GUIHUA_READER_PASSWORD="reader-pw-3", GUIHUA_READER_IDLE_TIMEOUT_MS="600000")
    assert guihua("db", "grant-reader", env=env).returncode == 0
    reader_url = _reader_url(fresh_db, "reader-pw-3")
    fast = dict(run_env, GUIHUA_LOCK_TIMEOUT_MS="1000", GUIHUA_DBT_LOCK_RETRIES="1")
    holder = psycopg.connect(reader_url)
    try:
        assert holder.execute("select count(*) from marts.dim_plan").fetchone()[0] == 5  # lock held: open tx
        started = time.monotonic()
        blocked = guihua("run", "--dbt", "always", env=fast, timeout=300)
        elapsed = time.monotonic() - started
        assert blocked.returncode == 1, blocked.stderr
        assert "lock" in blocked.stderr and "dim_plan" in blocked.stderr, blocked.stderr
        assert elapsed < 240, elapsed
        # the old marts are still whole for every other reader
        with psycopg.connect(reader_url, autocommit=True) as other:
            for mart in ("dim_plan", "fct_targets", "fct_projects"):
                assert other.execute(f"select count(*) from marts.{mart}").fetchone()[0] > 0, mart
    finally:
        holder.rollback()
    # A reader that lets go within the retry window: the retry completes the build.
    holder.execute("select count(*) from marts.dim_plan")
    release = threading.Timer(2.5, holder.rollback)
    release.start()
    try:
        retried = guihua("run", "--dbt", "always", env=dict(fast, GUIHUA_DBT_LOCK_RETRIES="3"), timeout=300)
    finally:
        release.join()
        holder.close()
    assert retried.returncode == 0, retried.stderr
    assert scalar(fresh_db, "select count(*) from marts.dim_plan") == 5


def test_readme_connect_steps_work_after_a_grant_without_the_variable(run_env: dict[str, str], fresh_db: str,
                                                                      tmp_path: Path) -> None:
    """Issue 16.4: a second `grant-reader` without GUIHUA_READER_PASSWORD left no password anywhere and
    `psql "$(guihua db url --role guihua_reader)"` failed with `fe_sendauth: no password supplied`."""
    import shutil
    import subprocess

    from etl.db.embedded import _bin_dir

    psql = shutil.which("psql") or str(_bin_dir() / "psql")
    assert guihua("run", env=run_env).returncode == 0
    env = {k: v for k, v in run_env.items() if k not in ("PGPASSWORD", "PGPASSFILE", "GUIHUA_READER_PASSWORD")}
    assert guihua("db", "grant-reader", env=dict(env, GUIHUA_READER_PASSWORD="chosen-pw-4")).returncode == 0

    def readme_connect() -> subprocess.CompletedProcess[str]:
        url = guihua("db", "url", "--role", "guihua_reader", env=env)
        assert url.returncode == 0, url.stderr
        assert "pgpass" in url.stderr, url.stderr  # says where the password is
        return subprocess.run([psql, url.stdout.strip(), "-Atc", "select count(*) from marts.dim_plan"],
                              env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)

    again = guihua("db", "grant-reader", env=env)
    assert again.returncode == 0, again.stderr
    connected = readme_connect()
    assert connected.returncode == 0 and connected.stdout.strip() == "5", connected.stderr
    # The chosen password was kept (not replaced behind the BI tool's back).
    with psycopg.connect(_reader_url(fresh_db, "chosen-pw-4")) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
    # A role whose password guihua never held (made before it stored them): a new one, and the steps work.
    (Path(env["GUIHUA_HOME"]) / "pgpass").unlink()
    renewed = guihua("db", "grant-reader", env=env)
    assert renewed.returncode == 0 and "new one was generated" in renewed.stderr, renewed.stderr
    connected = readme_connect()
    assert connected.returncode == 0 and connected.stdout.strip() == "5", connected.stderr
    assert "chosen-pw-4" not in renewed.stderr + connected.stdout + connected.stderr

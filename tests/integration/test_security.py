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

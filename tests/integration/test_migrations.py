"""Alembic: models = migrations, round trip, upgrade with data present keeps the data."""

from __future__ import annotations

import psycopg
import pytest

from etl.db import migrate
from tests.helpers import scalar

pytestmark = pytest.mark.db


def test_models_and_migrations_agree(fresh_db: str) -> None:
    migrate.upgrade(fresh_db)
    migrate.check(fresh_db)  # raises when autogenerate would find a difference


def test_round_trip_upgrade_downgrade_upgrade(fresh_db: str) -> None:
    migrate.upgrade(fresh_db)
    assert scalar(fresh_db, "select to_regclass('core.document') is not null")
    migrate.downgrade(fresh_db, "base")
    assert not scalar(fresh_db, "select to_regclass('core.document') is not null")
    migrate.upgrade(fresh_db)
    migrate.check(fresh_db)


def test_upgrade_with_data_present_keeps_it(fresh_db: str) -> None:
    migrate.upgrade(fresh_db)
    with psycopg.connect(fresh_db) as conn:
        conn.execute("insert into core.etl_run (status) values ('succeeded')")
    migrate.upgrade(fresh_db)  # idempotent at head
    assert scalar(fresh_db, "select count(*) from core.etl_run") == 1


def test_core_constraints_are_named(fresh_db: str) -> None:
    migrate.upgrade(fresh_db)
    names = scalar(fresh_db, "select array_agg(conname::text) from pg_constraint c join pg_namespace n"
                             " on n.oid = c.connamespace where n.nspname = 'core' and c.contype in ('p', 'f', 'u', 'c')"
                             " and c.conrelid <> 'core.alembic_version'::regclass")
    assert names and all(n.split("_")[0] in ("pk", "fk", "uq", "ck") for n in names), names


def test_migration_fails_fast_when_a_reader_holds_a_lock(fresh_db: str, run_env: dict[str, str]) -> None:
    import time

    from tests.helpers import guihua

    migrate.upgrade(fresh_db)
    # below 4d1f0c2a9b7e, whose upgrade drops an index of core.target (ACCESS EXCLUSIVE); later
    # heads (e.g. c3a7e51d9f20's triggers) need no lock a reader's ACCESS SHARE blocks
    migrate.downgrade(fresh_db, "7b1438f8fe94")
    reader = psycopg.connect(fresh_db)
    try:
        # a BI session's open transaction on the tables the head migration alters (whichever it is)
        for table in ("target", "document", "etl_run", "rejected_input"):
            reader.execute(f"select count(*) from core.{table}").fetchone()
        started = time.monotonic()
        env = dict(run_env, GUIHUA_LOCK_TIMEOUT_MS="1000")
        result = guihua("run", "--dbt", "never", env=env, timeout=120)
        assert time.monotonic() - started < 60
        assert result.returncode == 1
        assert "lock_timeout" in result.stderr and "Traceback" not in result.stderr
    finally:
        reader.close()
    retry = guihua("run", "--dbt", "never", env=run_env, timeout=300)
    assert retry.returncode == 0, retry.stderr

"""Alembic environment: schema `core` only, URL from guihua's settings.

Migrations run with a lock_timeout so that a BI session's open transaction makes
them fail fast with a clear message instead of stalling every reader (LESSONS.md).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool, text

from etl.db.models import SCHEMA, metadata

config = context.config
VERSION_TABLE_SCHEMA = SCHEMA


def _include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001 - Alembic hook signature
    # Only `core` belongs to the migrations; dbt owns staging and marts.
    if type_ == "table":
        return obj.schema == SCHEMA
    return True


def _include_name(name, type_, parent_names):  # noqa: ANN001 - Alembic hook signature
    if type_ == "schema":
        return name == SCHEMA
    return True


def _url() -> str:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        from etl.db.connection import resolve_url_for_cli

        url = resolve_url_for_cli()
    return url


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=metadata,
        literal_binds=True,
        include_schemas=True,
        include_object=_include_object,
        include_name=_include_name,
        version_table_schema=VERSION_TABLE_SCHEMA,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from etl.db.connection import sqlalchemy_url

        engine = create_engine(sqlalchemy_url(_url()), poolclass=pool.NullPool)
        connection = engine.connect()
        owns = True
    else:
        owns = False
    try:
        lock_timeout = int(config.attributes.get("lock_timeout_ms", 5000))
        connection.execute(text(f"set lock_timeout = {lock_timeout:d}"))
        # The version table lives in `core`, so the schema must exist before Alembic writes it.
        connection.execute(text(f"create schema if not exists {SCHEMA}"))
        connection.commit()
        context.configure(
            connection=connection,
            target_metadata=metadata,
            include_schemas=True,
            include_object=_include_object,
            include_name=_include_name,
            version_table_schema=VERSION_TABLE_SCHEMA,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    finally:
        if owns:
            connection.close()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

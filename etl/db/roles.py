"""The read-only role for BI tools and SQL clients.

USAGE on `marts` and SELECT on its tables (now and, through default privileges,
for every table dbt creates later) — nothing on `core` or `staging`. LESSONS:
`pg_read_all_data` would read every table of every database: too broad.
"""

from __future__ import annotations

import secrets

import psycopg
from psycopg import sql

DEFAULT_READER = "guihua_reader"


def role_exists(conn: psycopg.Connection, role: str) -> bool:
    row = conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone()
    return row is not None


def grant_reader(conn: psycopg.Connection, role: str = DEFAULT_READER, password: str | None = None) -> str | None:
    """Create (if needed) and grant the read-only role; returns a generated password, if one was made."""
    generated = None
    ident = sql.Identifier(role)
    with conn.transaction():
        if not role_exists(conn, role):
            if password is None:
                password = generated = secrets.token_urlsafe(18)
            conn.execute(sql.SQL("create role {} login password {}").format(ident, sql.Literal(password)))
        elif password is not None:
            conn.execute(sql.SQL("alter role {} password {}").format(ident, sql.Literal(password)))
        conn.execute(sql.SQL("alter role {} set default_transaction_read_only = on").format(ident))
        conn.execute("create schema if not exists marts")
        conn.execute(sql.SQL("grant usage on schema marts to {}").format(ident))
        conn.execute(sql.SQL("grant select on all tables in schema marts to {}").format(ident))
        conn.execute(sql.SQL("alter default privileges in schema marts grant select on tables to {}")
                     .format(ident))
        for schema in ("core", "staging"):
            conn.execute(sql.SQL("revoke all on schema {} from {}").format(sql.Identifier(schema), ident)
                         if _schema_exists(conn, schema) else sql.SQL("select 1"))
        conn.execute(sql.SQL("revoke create on schema public from {}").format(ident))
        dbname = conn.info.dbname
        conn.execute(sql.SQL("grant connect on database {} to {}").format(sql.Identifier(dbname), ident))
    return generated


def _schema_exists(conn: psycopg.Connection, schema: str) -> bool:
    return conn.execute("select 1 from pg_namespace where nspname = %s", (schema,)).fetchone() is not None

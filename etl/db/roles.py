"""The read-only role for BI tools and SQL clients.

USAGE on `marts` and SELECT on its tables (now and, through default privileges,
for every table dbt creates later) — nothing on `core` or `staging`. LESSONS:
`pg_read_all_data` would read every table of every database: too broad.

Read-only is a wall of privileges, not a default: any role may `SET
default_transaction_read_only = off` (or `BEGIN READ WRITE`), so every write path is
closed by privileges the role cannot give itself — no TEMP on the database (no temp
tables, no pg_temp functions), no CREATE on any schema (no tables, views or
functions), no large-object creation, no INSERT/UPDATE/DELETE anywhere. Role-level
settings bound what it can hold: statement and idle-in-transaction timeouts (a role
can lower them, and dbt's own lock_timeout bounds the harm when it raises them), a
temp_file_limit it cannot raise, and a connection limit.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

import psycopg
from psycopg import sql

DEFAULT_READER = "guihua_reader"
log = logging.getLogger("guihua")

# pg_catalog functions that write a large object: callable by PUBLIC by default, and a read-write
# transaction would let the reader fill the disk through them.
LARGE_OBJECT_WRITERS = ("lo_create(oid)", "lo_creat(integer)", "lo_from_bytea(oid, bytea)")


@dataclass(frozen=True, slots=True)
class ReaderLimits:
    """Resource bounds of the reader role (GUIHUA_READER_* settings)."""

    statement_timeout_ms: int = 120_000
    idle_in_transaction_timeout_ms: int = 60_000
    temp_file_limit_kb: int = 256 * 1024
    connection_limit: int = 20


@dataclass(slots=True)
class GrantOutcome:
    """What grant_reader did: a generated password (if any) and warnings for the operator."""

    generated_password: str | None = None
    warnings: list[str] | None = None


class ReaderNotReadOnly(RuntimeError):
    """The reader could still write (its privileges could not all be revoked): names what and why."""


def role_exists(conn: psycopg.Connection, role: str) -> bool:
    row = conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone()
    return row is not None


def reader_roles(conn: psycopg.Connection) -> list[str]:
    """Roles dbt's grants config must keep SELECT for (its `reader_roles` var) on every rebuilt mart."""
    return [DEFAULT_READER] if role_exists(conn, DEFAULT_READER) else []


def grant_reader(conn: psycopg.Connection, role: str = DEFAULT_READER, password: str | None = None,
                 limits: ReaderLimits | None = None, *, generate: bool = False) -> GrantOutcome:
    """Create (if needed), grant and wall in the read-only role.

    A new role gets `password`, or a generated one; an existing role's password changes only when
    `password` is given or `generate` asks for a new one. Raises ReaderNotReadOnly when a write path
    stays open (e.g. the connecting role may not revoke TEMP from PUBLIC).
    """
    limits = limits or ReaderLimits()
    outcome = GrantOutcome(warnings=[])
    ident = sql.Identifier(role)
    dbname = sql.Identifier(conn.info.dbname)
    attributes = sql.SQL("login nosuperuser nocreatedb nocreaterole noreplication nobypassrls noinherit"
                         " connection limit {}").format(sql.Literal(limits.connection_limit))
    with conn.transaction():
        if not role_exists(conn, role):
            if password is None:
                password = outcome.generated_password = secrets.token_urlsafe(18)
            conn.execute(sql.SQL("create role {} {} password {}").format(ident, attributes, sql.Literal(password)))
        else:
            if password is None and generate:
                password = outcome.generated_password = secrets.token_urlsafe(18)
            conn.execute(sql.SQL("alter role {} {}").format(ident, attributes))
            if password is not None:
                conn.execute(sql.SQL("alter role {} password {}").format(ident, sql.Literal(password)))
        for name, value in (("default_transaction_read_only", "on"),
                            ("statement_timeout", str(limits.statement_timeout_ms)),
                            ("idle_in_transaction_session_timeout", str(limits.idle_in_transaction_timeout_ms))):
            conn.execute(sql.SQL("alter role {} set {} = {}").format(ident, sql.Identifier(name),
                                                                      sql.Literal(value)))
        # temp_file_limit is superuser-only (the role cannot raise it); a non-superuser loader may not set it
        if not _try(conn, sql.SQL("alter role {} set temp_file_limit = {}").format(
                ident, sql.Literal(f"{limits.temp_file_limit_kb}kB"))):
            outcome.warnings.append("temp_file_limit not set for the reader (needs a superuser)")

        conn.execute("create schema if not exists marts")
        conn.execute(sql.SQL("grant usage on schema marts to {}").format(ident))
        conn.execute(sql.SQL("grant select on all tables in schema marts to {}").format(ident))
        conn.execute(sql.SQL("alter default privileges in schema marts grant select on tables to {}")
                     .format(ident))
        for schema in ("core", "staging"):
            if _schema_exists(conn, schema):
                conn.execute(sql.SQL("revoke all on schema {} from {}").format(sql.Identifier(schema), ident))
        # The walls: TEMP and CREATE come from PUBLIC's default grants, so they are revoked from PUBLIC
        # (guihua's own loader owns the database and its schemas and keeps them).
        conn.execute(sql.SQL("revoke temporary on database {} from public, {}").format(dbname, ident))
        conn.execute(sql.SQL("revoke create on database {} from {}").format(dbname, ident))
        conn.execute(sql.SQL("grant connect on database {} to {}").format(dbname, ident))
        for schema in _schemas(conn):
            schema_ident = sql.Identifier(schema)
            conn.execute(sql.SQL("revoke create on schema {} from public, {}").format(schema_ident, ident))
        for function in LARGE_OBJECT_WRITERS:
            _try(conn, sql.SQL(f"revoke execute on function pg_catalog.{function} from public"))  # constants
        open_paths = _write_paths(conn, role)
    if open_paths:
        raise ReaderNotReadOnly(f"role {role} could still write ({'; '.join(open_paths)}): run grant-reader as "
                                "the database owner or a superuser")
    return outcome


def _try(conn: psycopg.Connection, statement: sql.Composable) -> bool:
    """Run one statement in a savepoint; False (rolled back) when the server refuses it."""
    try:
        with conn.transaction():
            conn.execute(statement)
    except psycopg.errors.InsufficientPrivilege:
        return False
    return True


def _schemas(conn: psycopg.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema'"
        " order by 1").fetchall()]


def _write_paths(conn: psycopg.Connection, role: str) -> list[str]:
    """Every way `role` could still write, as the server's own privilege checks see it."""
    found = []
    dbname = conn.info.dbname
    for privilege in ("TEMPORARY", "CREATE"):
        if conn.execute("select has_database_privilege(%s, %s, %s)", (role, dbname, privilege)).fetchone()[0]:
            found.append(f"{privilege} on database {dbname}")
    for schema in _schemas(conn):
        if conn.execute("select has_schema_privilege(%s, %s, 'CREATE')", (role, schema)).fetchone()[0]:
            found.append(f"CREATE on schema {schema}")
    for function in LARGE_OBJECT_WRITERS:
        if conn.execute("select has_function_privilege(%s, %s, 'EXECUTE')", (role, function)).fetchone()[0]:
            found.append(f"EXECUTE on {function}")
    tables = conn.execute(
        "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where c.relkind in ('r', 'p', 'v', 'm', 'f') and n.nspname not like 'pg\\_%%'"
        " and n.nspname <> 'information_schema'"
        " and (has_table_privilege(%s, c.oid, 'INSERT') or has_table_privilege(%s, c.oid, 'UPDATE')"
        " or has_table_privilege(%s, c.oid, 'DELETE') or has_table_privilege(%s, c.oid, 'TRUNCATE'))",
        (role, role, role, role)).fetchone()[0]
    if tables:
        found.append(f"INSERT/UPDATE/DELETE/TRUNCATE on {tables} tables")
    return found


def _schema_exists(conn: psycopg.Connection, schema: str) -> bool:
    return conn.execute("select 1 from pg_namespace where nspname = %s", (schema,)).fetchone() is not None

"""Which database to use, and connecting to it with clear errors and bounded retries."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import psycopg

from etl.config import Settings, load_settings, redact_url
from etl.db.embedded import EmbeddedError, EmbeddedServer

T = TypeVar("T")


class DatabaseError(RuntimeError):
    """A one-line, user-facing database problem (never carries a password)."""


def sqlalchemy_url(url: str) -> str:
    """libpq URL → SQLAlchemy URL for psycopg 3."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def libpq_url(url: str) -> str:
    """SQLAlchemy URL → libpq URL (psycopg.connect and psql want the plain scheme)."""
    for prefix in ("postgresql+psycopg://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix):]
    return url


def with_user(url: str, user: str, *, passfile: Path | None = None) -> str:
    """The same URL for another role (its password comes from `passfile`, the URL's pass file or the
    environment)."""
    from urllib.parse import quote

    from psycopg.conninfo import conninfo_to_dict

    info = conninfo_to_dict(libpq_url(url))
    info.pop("password", None)
    info["user"] = user
    if passfile is not None:
        info["passfile"] = str(passfile)
    host, port, dbname = info.pop("host", "127.0.0.1"), info.pop("port", "5432"), info.pop("dbname", user)
    query = "&".join(f"{k}={quote(str(v), safe='/')}" for k, v in info.items() if k != "user")
    return f"postgresql://{quote(user, safe='')}@{host}:{port}/{dbname}" + (f"?{query}" if query else "")


def embedded_server(settings: Settings) -> EmbeddedServer:
    return EmbeddedServer(settings.home, preferred_port=settings.embedded_port)


@contextlib.contextmanager
def database(settings: Settings | None = None) -> Iterator[str]:
    """The database URL for a block of work: DATABASE_URL, or the embedded server (started if needed)."""
    settings = settings or load_settings()
    if settings.database_url:
        yield libpq_url(settings.database_url)
        return
    server = embedded_server(settings)
    try:
        session = server.session()
        url = session.__enter__()
    except EmbeddedError as exc:
        raise DatabaseError(f"embedded PostgreSQL: {exc}") from exc
    failed = False
    try:
        yield url
    except BaseException:
        failed = True
        raise
    finally:
        try:
            session.__exit__(None, None, None)
        except EmbeddedError as exc:
            if not failed:  # the block's own error says what happened; this one would mask it
                raise DatabaseError(f"embedded PostgreSQL: {exc}") from exc
            import logging

            logging.getLogger("guihua.db").warning("embedded PostgreSQL: %s", exc)


def resolve_url_for_cli(settings: Settings | None = None) -> str:
    """URL for a command that must not start a server (alembic CLI, `db url`)."""
    settings = settings or load_settings()
    if settings.database_url:
        return libpq_url(settings.database_url)
    try:
        return embedded_server(settings).url()
    except EmbeddedError as exc:
        raise DatabaseError(str(exc)) from exc


def describe_error(exc: BaseException, url: str | None = None) -> str:
    """One line that says what went wrong with the database, without the password."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    where = f" ({redact_url(url)})" if url else ""
    lowered = text.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return f"database authentication failed{where}: check the user and password in DATABASE_URL"
    if "does not exist" in lowered and "database" in lowered:
        return f"database does not exist{where}: {text}"
    if "connection refused" in lowered or "could not connect" in lowered or "connection failed" in lowered:
        return f"cannot reach the database server{where}: is it running?"
    if "invalid dsn" in lowered or "invalid connection option" in lowered or "missing" in lowered:
        return f"invalid DATABASE_URL{where}: {text}"
    return f"database error{where}: {text}"


TRANSIENT_SQLSTATES = {"08000", "08001", "08003", "08004", "08006", "57P01", "57P02", "57P03", "40001", "40P01"}


def is_transient(exc: BaseException) -> bool:
    """Connection losses, server restarts, serialization failures: worth a bounded retry."""
    if isinstance(exc, psycopg.OperationalError):
        sqlstate = getattr(exc, "sqlstate", None)
        if sqlstate is None:
            text = str(exc).lower()
            return "authentication" not in text and "does not exist" not in text and "invalid" not in text
        return sqlstate in TRANSIENT_SQLSTATES
    return False


def with_retries(action: Callable[[], T], *, attempts: int = 4, first_delay: float = 0.5,
                 on_retry: Callable[[int, BaseException], None] | None = None) -> T:
    """Run `action`, retrying transient database errors with exponential backoff (bounded)."""
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except Exception as exc:  # re-raised unless transient and attempts remain
            if attempt == attempts or not is_transient(exc):
                raise
            if on_retry:
                on_retry(attempt, exc)
            time.sleep(delay)
            delay = min(delay * 2, 8.0)
    raise AssertionError("unreachable")


# Server-side settings of every guihua session so that its backend ends soon after the client
# dies (a SIGKILLed run must not leave its queries running): a busy query checks the socket every
# 2 s (PostgreSQL 14+), an idle one learns it from TCP keepalives when the host itself vanished.
SESSION_GUARDS = {"tcp_keepalives_idle": "30", "tcp_keepalives_interval": "10", "tcp_keepalives_count": "3"}
CLIENT_CHECK = ("client_connection_check_interval", "2s", 140000)  # setting, value, first server version


def session_guards(server_version: int | None) -> dict[str, str]:
    """The guard settings a server of this version (PQserverVersion; None = unknown) accepts."""
    guards = dict(SESSION_GUARDS)
    name, value, since = CLIENT_CHECK
    if server_version is not None and server_version >= since:
        guards[name] = value
    return guards


def session_guard_options(server_version: int | None) -> str:
    """The guards as libpq `options` / PGOPTIONS text (for sessions guihua does not open itself: dbt)."""
    return " ".join(f"-c {name}={value}" for name, value in session_guards(server_version).items())


def connect(url: str, *, autocommit: bool = False, attempts: int = 4,
            application_name: str = "guihua") -> psycopg.Connection:
    """psycopg connection with retries for transient failures and a one-line error otherwise."""
    try:
        conn = with_retries(lambda: psycopg.connect(libpq_url(url), autocommit=autocommit,
                                                    application_name=application_name, connect_timeout=10),
                            attempts=attempts)
        for name, value in session_guards(conn.info.server_version).items():
            conn.execute("select set_config(%s, %s, false)", (name, value))
        if not autocommit:
            conn.commit()
        return conn
    except psycopg.Error as exc:
        raise DatabaseError(describe_error(exc, url)) from exc

"""dbt, invoked in-process through dbtRunner with the run's own connection.

The dbt profile (dbt_project/profiles.yml) reads only environment variables; this
module sets them from the URL for the duration of one invocation. A password that
lives in a libpq pass file stays there (PGPASSFILE), it is never copied around.

dbt swaps each rebuilt mart in with ALTER TABLE … RENAME, which waits for every reader's
lock and makes the readers behind it queue. Its sessions get a `lock_timeout`
(GUIHUA_LOCK_TIMEOUT_MS, through PGOPTIONS): a swap that cannot get its lock in time rolls
back (the old mart stays, whole), and the failed models are retried with `dbt retry`
(GUIHUA_DBT_LOCK_RETRIES times) before the build fails with a message that says so.

Which state of core the marts reflect lives in core.build_state (migration c3a7e51d9f20):
core_generation moves with every committed change to a table dbt reads, and a successful
build records the generation it started from (`build_marts`), so `marts_state` tells
whether the marts lag core whatever interrupted the last build.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import psycopg
from psycopg.conninfo import conninfo_to_dict

from etl.config import DBT_PROJECT_DIR, load_settings
from etl.db.connection import libpq_url, session_guard_options
from etl.logs import log_format


@dataclass(slots=True)
class DbtOutcome:
    success: bool
    message: str
    failures: list[str]


def dbt_env(url: str) -> dict[str, str]:
    """Environment variables the dbt profile reads, derived from a libpq URL."""
    info = conninfo_to_dict(libpq_url(url))
    env = {
        "GUIHUA_DB_HOST": str(info.get("host") or "127.0.0.1"),
        "GUIHUA_DB_PORT": str(info.get("port") or "5432"),
        "GUIHUA_DB_USER": str(info.get("user") or "postgres"),
        "GUIHUA_DB_PASSWORD": str(info.get("password") or ""),
        "GUIHUA_DB_NAME": str(info.get("dbname") or "postgres"),
        "GUIHUA_DB_SSLMODE": str(info.get("sslmode") or "prefer"),
    }
    if info.get("passfile"):
        env["PGPASSFILE"] = str(info["passfile"])
    return env


def lock_timeout_options(lock_timeout_ms: int, existing: str | None = None) -> str:
    """PGOPTIONS that give every dbt session a bounded lock wait (keeping options already set)."""
    return " ".join(part for part in (existing, f"-c lock_timeout={int(lock_timeout_ms)}") if part)


def _lock_timed_out(outcome: DbtOutcome) -> bool:
    text = " ".join([outcome.message, *outcome.failures]).lower()
    return "lock timeout" in text or "lock_timeout" in text or "lock not available" in text


@dataclass(frozen=True, slots=True)
class MartsState:
    """Which generation of core exists and which one the marts were built from."""

    core_generation: int
    marts_generation: int | None
    models_sha256: str | None
    marts_exist: bool

    def current(self, models_sha256: str) -> bool:
        """True when the marts exist and were built from this core by these models."""
        return (self.marts_exist and self.marts_generation is not None
                and self.marts_generation >= self.core_generation and self.models_sha256 == models_sha256)

    def describe(self) -> str:
        if not self.marts_exist or self.marts_generation is None:
            return f"marts never built from core generation {self.core_generation}"
        return f"marts built from core generation {self.marts_generation}, core is at {self.core_generation}"


def models_fingerprint() -> str:
    """SHA-256 of the dbt project's files: marts built by other models are stale too."""
    digest = hashlib.sha256()
    files = [DBT_PROJECT_DIR / "dbt_project.yml"]
    for folder in ("models", "macros", "tests", "seeds", "snapshots"):
        files += sorted(p for p in (DBT_PROJECT_DIR / folder).rglob("*") if p.is_file())
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(DBT_PROJECT_DIR)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def marts_state(conn: psycopg.Connection) -> MartsState:
    """The build state (the schema must be migrated: core.build_state exists)."""
    row = conn.execute(
        "select core_generation, marts_generation, marts_models_sha256,"
        " to_regclass('marts.dim_plan') is not null from core.build_state"
    ).fetchone()
    if row is None:  # the row was deleted by hand: nothing is known, so everything is stale
        return MartsState(0, None, None, False)
    return MartsState(int(row[0]), None if row[1] is None else int(row[1]), row[2], bool(row[3]))


def build_marts(conn: psycopg.Connection, url: str, *, run_id: int | None = None,
                dbt_vars: dict[str, object] | None = None) -> DbtOutcome:
    """`dbt build`, then record the core generation it started from (only when it succeeded).

    The generation is read before dbt reads anything: a change committed during the build
    moves core past the recorded value, so the next run rebuilds. `conn` is autocommit.
    """
    state = marts_state(conn)
    fingerprint = models_fingerprint()
    outcome = run_dbt(url, ["build"], dbt_vars=dbt_vars, server_version=conn.info.server_version)
    if outcome.success:
        conn.execute(
            "update core.build_state set marts_generation = %s, marts_models_sha256 = %s, marts_run_id = %s,"
            " marts_built_at = now()", (state.core_generation, fingerprint, run_id))
    return outcome


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def dbt_args(command: Sequence[str]) -> list[str]:
    """Arguments that point dbt at the project, its env-only profile and a writable work folder."""
    work = load_settings().home / "dbt"
    return [
        *command,
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(work / "target"),
        "--log-path", str(work / "logs"),
    ]


def run_dbt(url: str, command: Sequence[str] = ("build",), *, quiet: bool = True,
            dbt_vars: dict[str, object] | None = None, server_version: int | None = None) -> DbtOutcome:
    """Invoke dbt (e.g. ["build"]) against `url`; failures are summarised in one line.

    Models whose swap timed out on a reader's lock are retried (`dbt retry`) a bounded number of times.
    """
    settings = load_settings()
    outcome = _invoke(url, [*command], quiet=quiet, dbt_vars=dbt_vars, lock_timeout_ms=settings.lock_timeout_ms,
                      server_version=server_version)
    attempt = 0
    while not outcome.success and _lock_timed_out(outcome) and attempt < settings.dbt_lock_retries:
        attempt += 1
        time.sleep(min(2.0 * attempt, 10.0))
        outcome = _invoke(url, ["retry"], quiet=quiet, dbt_vars=dbt_vars,
                          lock_timeout_ms=settings.lock_timeout_ms, server_version=server_version)
    if not outcome.success and _lock_timed_out(outcome):
        outcome.message = (f"a reader held a mart's lock longer than {settings.lock_timeout_ms} ms, "
                           f"{attempt + 1} times (the previous marts stay in place): {outcome.message}")
    return outcome


def _invoke(url: str, command: list[str], *, quiet: bool, dbt_vars: dict[str, object] | None,
            lock_timeout_ms: int, server_version: int | None = None) -> DbtOutcome:
    import json

    from dbt.cli.main import dbtRunner

    args = dbt_args(command)
    if dbt_vars:
        args += ["--vars", json.dumps(dbt_vars)]
    if quiet:
        args = ["--quiet", *args]
    if log_format() == "json":  # what dbt itself prints (its errors) is JSON lines too
        args += ["--log-format", "json"]
    # PGOPTIONS: a bounded lock wait for the swaps, and every session dbt opens ends its query when
    # guihua dies (see session_guard_options)
    pgoptions = " ".join(filter(None, (lock_timeout_options(lock_timeout_ms, os.environ.get("PGOPTIONS")),
                                       session_guard_options(server_version))))
    env = {**dbt_env(url), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "PGOPTIONS": pgoptions}
    with _environment(env):
        result = dbtRunner().invoke(args)
    failures: list[str] = []
    res = result.result
    for node in getattr(res, "results", None) or []:
        status = str(getattr(node, "status", ""))
        if status.lower() in ("error", "fail", "runtimeerror"):
            name = getattr(getattr(node, "node", None), "unique_id", "?")
            # one line, but the whole reason ("Database Error in model x" alone does not say "lock timeout")
            text = " ".join(str(getattr(node, "message", "") or status).split())
            failures.append(f"{name}: {text[:300]}")
    if result.success:
        return DbtOutcome(True, "ok", [])
    if result.exception is not None:
        message = str(result.exception).strip().splitlines()[0] if str(result.exception).strip() else "error"
    elif failures:
        message = failures[0] + (f" (and {len(failures) - 1} more failing)" if len(failures) > 1 else "")
    else:
        message = "dbt reported failure"
    return DbtOutcome(False, message, failures)

"""dbt, invoked in-process through dbtRunner with the run's own connection.

The dbt profile (dbt_project/profiles.yml) reads only environment variables; this
module sets them from the URL for the duration of one invocation. A password that
lives in a libpq pass file stays there (PGPASSFILE), it is never copied around.

dbt swaps each rebuilt mart in with ALTER TABLE … RENAME, which waits for every reader's
lock and makes the readers behind it queue. Its sessions get a `lock_timeout`
(GUIHUA_LOCK_TIMEOUT_MS, through PGOPTIONS): a swap that cannot get its lock in time rolls
back (the old mart stays, whole), and the failed models are retried with `dbt retry`
(GUIHUA_DBT_LOCK_RETRIES times) before the build fails with a message that says so.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from psycopg.conninfo import conninfo_to_dict

from etl.config import DBT_PROJECT_DIR, load_settings
from etl.db.connection import libpq_url
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
            dbt_vars: dict[str, object] | None = None) -> DbtOutcome:
    """Invoke dbt (e.g. ["build"]) against `url`; failures are summarised in one line.

    Models whose swap timed out on a reader's lock are retried (`dbt retry`) a bounded number of times.
    """
    settings = load_settings()
    outcome = _invoke(url, [*command], quiet=quiet, dbt_vars=dbt_vars, lock_timeout_ms=settings.lock_timeout_ms)
    attempt = 0
    while not outcome.success and _lock_timed_out(outcome) and attempt < settings.dbt_lock_retries:
        attempt += 1
        time.sleep(min(2.0 * attempt, 10.0))
        outcome = _invoke(url, ["retry"], quiet=quiet, dbt_vars=dbt_vars, lock_timeout_ms=settings.lock_timeout_ms)
    if not outcome.success and _lock_timed_out(outcome):
        outcome.message = (f"a reader held a mart's lock longer than {settings.lock_timeout_ms} ms, "
                           f"{attempt + 1} times (the previous marts stay in place): {outcome.message}")
    return outcome


def _invoke(url: str, command: list[str], *, quiet: bool, dbt_vars: dict[str, object] | None,
            lock_timeout_ms: int) -> DbtOutcome:
    import json

    from dbt.cli.main import dbtRunner

    args = dbt_args(command)
    if dbt_vars:
        args += ["--vars", json.dumps(dbt_vars)]
    if quiet:
        args = ["--quiet", *args]
    if log_format() == "json":  # what dbt itself prints (its errors) is JSON lines too
        args += ["--log-format", "json"]
    env = {**dbt_env(url), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
           "PGOPTIONS": lock_timeout_options(lock_timeout_ms, os.environ.get("PGOPTIONS"))}
    with _environment(env):
        result = dbtRunner().invoke(args)
    failures: list[str] = []
    res = result.result
    for node in getattr(res, "results", None) or []:
        status = str(getattr(node, "status", ""))
        if status.lower() in ("error", "fail", "runtimeerror"):
            name = getattr(getattr(node, "node", None), "unique_id", "?")
            # one line, but the whole reason ("Database Error in model x" alone does not say "lock timeout")
            text = " ".join(str(getattr(node, "message", "") or "").split())
            failures.append(f"{name}: {text[:300]}")
    if result.success:
        return DbtOutcome(True, "ok", [])
    if result.exception is not None:
        message = str(result.exception).strip().splitlines()[0] if str(result.exception).strip() else "error"
    else:
        message = "; ".join(failures[:3]) or "dbt reported failure"
    return DbtOutcome(False, message, failures)

"""Settings: the only module that reads environment variables.

Secrets (a password inside DATABASE_URL) come from the environment or from a
libpq pass file, never from a file in the repository, and are never logged
(`redact_url`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

PACKAGE_DIR = Path(__file__).resolve().parent
SAMPLE_CORPUS_DIR = PACKAGE_DIR / "data" / "corpus"
DATA_DIR = PACKAGE_DIR / "data"
# An installed wheel carries the migrations and the dbt project here (copied by setup.py's build
# step from the repository's top-level migrations/ and dbt_project/).
SHIPPED_DIR = PACKAGE_DIR / "resources"


def _checkout_root() -> Path | None:
    """The repository root when guihua runs from a checkout (editable install), else None."""
    root = PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "migrations").is_dir() and (root / "dbt_project").is_dir():
        return root
    return None


CHECKOUT_ROOT = _checkout_root()
# Where the benchmark writes (bench/out): the checkout, else the current folder.
PROJECT_ROOT = CHECKOUT_ROOT or Path.cwd()
MIGRATIONS_DIR = (CHECKOUT_ROOT or SHIPPED_DIR) / "migrations"
DBT_PROJECT_DIR = (CHECKOUT_ROOT or SHIPPED_DIR) / "dbt_project"


def default_home() -> Path:
    """The data home without GUIHUA_HOME: .guihua of a checkout, else a per-user folder
    ($XDG_DATA_HOME/guihua, ~/.local/share/guihua) — never the current folder."""
    if CHECKOUT_ROOT is not None:
        return CHECKOUT_ROOT / ".guihua"
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "guihua"


@dataclass(frozen=True, slots=True)
class Settings:
    """Runtime settings, read once from the environment."""

    database_url: str | None
    home: Path
    workers: int
    max_input_bytes: int
    embedded_port: int
    lock_timeout_ms: int
    load_batch_docs: int = 32
    reader_statement_timeout_ms: int = 120_000
    reader_idle_in_transaction_timeout_ms: int = 60_000
    reader_temp_file_limit_mb: int = 256
    reader_connection_limit: int = 20
    dbt_lock_retries: int = 2

    @property
    def uses_embedded(self) -> bool:
        return not self.database_url


class SettingsError(ValueError):
    """A GUIHUA_* variable that cannot be used (its message names it)."""


def _int_env(name: str, default: int, minimum: int = 0) -> int:
    """An integer setting from the environment, with a message that names it when it is not one."""
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def load_settings() -> Settings:
    """Read the environment (GUIHUA_* and DATABASE_URL)."""
    home = Path(os.environ.get("GUIHUA_HOME") or default_home()).expanduser().resolve()
    return Settings(
        database_url=os.environ.get("DATABASE_URL") or None,
        home=home,
        workers=_int_env("GUIHUA_WORKERS", os.cpu_count() or 1, minimum=1),
        max_input_bytes=_int_env("GUIHUA_MAX_INPUT_BYTES", 50 * 1024 * 1024, minimum=1),
        embedded_port=_int_env("GUIHUA_PG_PORT", 54329, minimum=1),
        lock_timeout_ms=_int_env("GUIHUA_LOCK_TIMEOUT_MS", 5000),
        load_batch_docs=_int_env("GUIHUA_LOAD_BATCH_DOCS", 32, minimum=1),
        reader_statement_timeout_ms=_int_env("GUIHUA_READER_STATEMENT_TIMEOUT_MS", 120_000, minimum=1),
        reader_idle_in_transaction_timeout_ms=_int_env("GUIHUA_READER_IDLE_TIMEOUT_MS", 60_000, minimum=1),
        reader_temp_file_limit_mb=_int_env("GUIHUA_READER_TEMP_FILE_LIMIT_MB", 256),
        reader_connection_limit=_int_env("GUIHUA_READER_CONNECTION_LIMIT", 20, minimum=1),
        dbt_lock_retries=_int_env("GUIHUA_DBT_LOCK_RETRIES", 2),
    )


def redact_url(url: str) -> str:
    """A connection URL fit for logs and messages: the password is masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is echoed without anything after '@'
        return url.split("@")[-1] if "@" in url else "<unparsable DATABASE_URL>"

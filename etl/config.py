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


def _project_root() -> Path:
    """The repository root when running from a checkout (editable install), else the cwd."""
    root = PACKAGE_DIR.parent
    if (root / "pyproject.toml").exists() and (root / "migrations").is_dir():
        return root
    return Path.cwd()


PROJECT_ROOT = _project_root()
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"


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

    @property
    def uses_embedded(self) -> bool:
        return not self.database_url


def load_settings() -> Settings:
    """Read the environment (GUIHUA_* and DATABASE_URL)."""
    home = Path(os.environ.get("GUIHUA_HOME") or PROJECT_ROOT / ".guihua").expanduser().resolve()
    return Settings(
        database_url=os.environ.get("DATABASE_URL") or None,
        home=home,
        workers=int(os.environ.get("GUIHUA_WORKERS") or (os.cpu_count() or 1)),
        max_input_bytes=int(os.environ.get("GUIHUA_MAX_INPUT_BYTES") or 50 * 1024 * 1024),
        embedded_port=int(os.environ.get("GUIHUA_PG_PORT") or 54329),
        lock_timeout_ms=int(os.environ.get("GUIHUA_LOCK_TIMEOUT_MS") or 5000),
        load_batch_docs=max(1, int(os.environ.get("GUIHUA_LOAD_BATCH_DOCS") or 32)),
    )


def redact_url(url: str) -> str:
    """A connection URL fit for logs and messages: the password is masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is echoed without anything after '@'
        return url.split("@")[-1] if "@" in url else "<unparsable DATABASE_URL>"

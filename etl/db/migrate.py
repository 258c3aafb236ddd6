"""Alembic, driven from guihua: upgrade to head before a run, and the models = migrations check."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, pool

from etl.config import MIGRATIONS_DIR
from etl.db.connection import sqlalchemy_url


def alembic_config(url: str, *, lock_timeout_ms: int = 5000) -> Config:
    config = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["url"] = url
    config.attributes["lock_timeout_ms"] = lock_timeout_ms
    return config


def upgrade(url: str, revision: str = "head", *, lock_timeout_ms: int = 5000) -> None:
    """Bring schema `core` to `revision` (one connection, one transaction, lock_timeout set)."""
    engine = create_engine(sqlalchemy_url(url), poolclass=pool.NullPool)
    with engine.connect() as connection:
        config = alembic_config(url, lock_timeout_ms=lock_timeout_ms)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def downgrade(url: str, revision: str = "base") -> None:
    engine = create_engine(sqlalchemy_url(url), poolclass=pool.NullPool)
    with engine.connect() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    engine.dispose()


def check(url: str) -> None:
    """Raise when the models and the migrations disagree (alembic check)."""
    engine = create_engine(sqlalchemy_url(url), poolclass=pool.NullPool)
    with engine.connect() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.check(config)
    engine.dispose()

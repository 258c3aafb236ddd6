"""etl.config: settings from the environment, and a clear message when one is unusable."""

from __future__ import annotations

import pytest

from etl.config import SettingsError, load_settings


def test_defaults_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GUIHUA_LOAD_BATCH_DOCS", raising=False)
    monkeypatch.setenv("GUIHUA_WORKERS", "3")
    settings = load_settings()
    assert (settings.workers, settings.load_batch_docs) == (3, 32)
    monkeypatch.setenv("GUIHUA_LOAD_BATCH_DOCS", "1")
    assert load_settings().load_batch_docs == 1


@pytest.mark.parametrize(("name", "value", "message"), [
    ("GUIHUA_LOAD_BATCH_DOCS", "abc", "GUIHUA_LOAD_BATCH_DOCS must be a whole number, got 'abc'"),
    ("GUIHUA_WORKERS", "0", "GUIHUA_WORKERS must be at least 1, got 0"),
    ("GUIHUA_PG_PORT", "5432.5", "GUIHUA_PG_PORT must be a whole number, got '5432.5'"),
])
def test_unusable_values_are_named(monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert str(info.value) == message

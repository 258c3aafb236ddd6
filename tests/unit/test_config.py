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


def test_data_home_is_the_checkouts_or_a_per_user_folder_never_the_cwd(
        monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # noqa: ANN001 - pytest's tmp_path
    """Issue 16 point 8: an installed guihua keeps its data per user, wherever it is run from."""
    import etl.config as config

    monkeypatch.delenv("GUIHUA_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    assert config.CHECKOUT_ROOT is not None  # the tests run from a checkout
    assert load_settings().home == config.CHECKOUT_ROOT / ".guihua"
    assert config.MIGRATIONS_DIR == config.CHECKOUT_ROOT / "migrations"

    monkeypatch.setattr(config, "CHECKOUT_ROOT", None)  # as installed from a wheel
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert load_settings().home == tmp_path / "xdg" / "guihua"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/xdg")  # not absolute: ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    assert load_settings().home == tmp_path / "user" / ".local" / "share" / "guihua"
    monkeypatch.setenv("GUIHUA_HOME", str(tmp_path / "elsewhere"))
    assert load_settings().home == tmp_path / "elsewhere"

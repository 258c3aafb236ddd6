"""The pass file guihua keeps passwords in: libpq's format, escaped, one line per user, mode 0600."""

from __future__ import annotations

import stat
from pathlib import Path

from etl.db.passfile import store_password, stored_password


def test_store_replaces_the_users_line_and_escapes(tmp_path: Path) -> None:
    path = tmp_path / "home" / "pgpass"
    path.parent.mkdir()
    path.write_text("127.0.0.1:*:*:postgres:super\n")
    store_password(path, "*", "*", "guihua_reader", "a:b\\c")
    store_password(path, "*", "*", "guihua_reader", "p:w\\2")
    lines = path.read_text().splitlines()
    assert lines == ["127.0.0.1:*:*:postgres:super", "*:*:*:guihua_reader:p\\:w\\\\2"]
    assert stored_password(path, "guihua_reader") == "p:w\\2"
    assert stored_password(path, "postgres") == "super"
    assert stored_password(path, "nobody") is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stored_password(tmp_path / "missing", "guihua_reader") is None

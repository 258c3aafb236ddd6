"""The libpq pass file where guihua keeps the passwords it sets ($GUIHUA_HOME/pgpass, mode 0600).

The embedded server's superuser password lives there already; the reader role's password is
written there too (whichever server it is on), so that `psql "$(guihua db url --role …)"` finds it
through the URL's `passfile` parameter and a later `grant-reader` without GUIHUA_READER_PASSWORD
keeps it. Format: https://www.postgresql.org/docs/current/libpq-pgpass.html
"""

from __future__ import annotations

import os
from pathlib import Path


def _escape(field: str) -> str:
    return field.replace("\\", "\\\\").replace(":", "\\:")


def _split(line: str) -> list[str]:
    """The five fields of a pass file line (`\\:` and `\\\\` unescaped)."""
    fields, current, escaped = [], [], False
    for ch in line:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ":":
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
    fields.append("".join(current))
    return fields


def stored_password(path: Path, user: str) -> str | None:
    """The password the pass file holds for `user` (any host), or None."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, PermissionError):
        return None
    for line in lines:
        fields = _split(line)
        if len(fields) == 5 and fields[3] == user and not line.startswith("#"):
            return fields[4]
    return None


def store_password(path: Path, host: str, port: str, user: str, password: str) -> None:
    """Write `user`'s password (replacing any earlier line for that user); the file stays 0600."""
    try:
        kept = [line for line in path.read_text(encoding="utf-8").splitlines()
                if not (len(_split(line)) == 5 and _split(line)[3] == user)]
    except FileNotFoundError:
        kept = []
    kept.append(":".join(_escape(f) for f in (host, port, "*", user, password)))
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(kept) + "\n")
    path.chmod(0o600)

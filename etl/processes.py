"""Facts about processes of this host that the run relies on (Linux /proc where it exists).

A SIGKILLed process stays a zombie until its parent reaps it — forever under a container's
PID 1 that reaps nothing — and a zombie still answers kill(pid, 0). Treating it as alive made
a dead postmaster look running (`pg_ctl: server does not shut down`, issue 14) and a dead run's
workers wait for it.
"""

from __future__ import annotations

import os
from pathlib import Path


def pid_alive(pid: int) -> bool:
    """True while a process with this id runs on this host (a killed one not yet reaped is dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    state = _state(pid)
    return state not in ("Z", "X")


def is_zombie(pid: int) -> bool:
    """A process that ended and was not reaped yet."""
    return _state(pid) in ("Z", "X")


def processes_in(directory: Path) -> list[int]:
    """Live processes whose working directory is `directory` (PostgreSQL backends chdir to PGDATA)."""
    target = os.path.realpath(directory)
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.readlink(entry / "cwd") == target and pid_alive(int(entry.name)):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _state(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None  # no /proc (or the process is gone)

"""Named checkpoints where fault-injection tests pause a run (inert unless the test asks).

A test sets GUIHUA_PAUSE_AT=<checkpoint>[:<nth>] and GUIHUA_PAUSE_MARKER=<file>; the
run writes the marker when it reaches the nth passage of that checkpoint and then
sleeps (GUIHUA_PAUSE_SECONDS, default: until killed), so the test can SIGKILL it,
drop its connection or stop the server at a precise moment. Nothing here reads or
changes data.
"""

from __future__ import annotations

import os
import time
from collections import Counter

_passages: Counter[str] = Counter()


def checkpoint(name: str) -> None:
    """Pause here when a test asked for it (no effect otherwise)."""
    wanted = os.environ.get("GUIHUA_PAUSE_AT")
    if not wanted:
        return
    point, _, nth = wanted.partition(":")
    if point != name:
        return
    _passages[name] += 1
    if _passages[name] != int(nth or 1):
        return
    marker = os.environ.get("GUIHUA_PAUSE_MARKER")
    if marker:
        with open(marker, "w") as handle:
            handle.write(f"{name} {os.getpid()}\n")
    seconds = float(os.environ.get("GUIHUA_PAUSE_SECONDS") or 3600)
    time.sleep(seconds)

#!/usr/bin/env python3
"""Bootstrap for a fresh machine whose only prerequisite is Python 3.11+.

    python3 scripts/dev.py run [ARGS...]   # install into .venv if needed, then `guihua run ARGS`
    python3 scripts/dev.py test [ARGS...]  # install (with test extras) if needed, then pytest ARGS
    python3 scripts/dev.py guihua ARGS...  # any guihua command through the project's venv

The virtual environment lives in .venv next to pyproject.toml and is refreshed
whenever pyproject.toml changes (a stamp file records its hash).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def _ensure_env(extras: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"guihua needs Python 3.11 or newer (this is {sys.version.split()[0]})")
    stamp = VENV / f".installed-{extras or 'base'}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text().strip() == wanted and (BIN / "guihua").exists():
        return
    if not (BIN / "python").exists():
        print("creating .venv …", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    print("installing guihua and its dependencies into .venv …", file=sys.stderr)
    target = f".[{extras}]" if extras else "."
    subprocess.run([*pip, "install", "-e", target], cwd=ROOT, check=True)
    stamp.write_text(wanted + "\n")


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "run":
        _ensure_env("")
        return subprocess.call([str(BIN / "guihua"), "run", *rest], cwd=ROOT)
    if command == "guihua":
        _ensure_env("")
        return subprocess.call([str(BIN / "guihua"), *rest], cwd=ROOT)
    if command == "test":
        _ensure_env("test")
        return subprocess.call([str(BIN / "python"), "-m", "pytest", *rest], cwd=ROOT)
    print(f"unknown command {command!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

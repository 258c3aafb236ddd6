"""An installed guihua works wherever it is run from (issue 16, point 8).

The wheel is built from a copy of the source tree (as a fresh clone would build it), installed
into a fresh virtual environment, and `guihua run` loads the sample corpus from an empty folder:
the wheel carries its migrations, dbt project and sample corpus, and the data lives in the
per-user data folder ($XDG_DATA_HOME/guihua), not in the current folder nor in the package.

Dependencies: by default the fresh environment borrows the test environment's installed
dependencies through a .pth line (no network, well under the test budget) while guihua itself
comes only from the wheel; GUIHUA_TEST_INSTALL_DEPS=1 installs them from the package index instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.db]

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "etl", "bench", "migrations", "dbt_project")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "target", "logs", "dbt_packages", "*.egg-info", "out")


def _run(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if "__pycache__" not in p.parts}


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_wheel_in_a_fresh_venv_runs_from_an_empty_folder() -> None:
    # Outside pytest's basetemp: as root the embedded server's system user must traverse it.
    work = Path(tempfile.mkdtemp(prefix="guihua-install-"))
    try:
        src = work / "src"
        src.mkdir()
        for name in SOURCE:
            path = ROOT / name
            if path.is_dir():
                shutil.copytree(path, src / name, ignore=IGNORE)
            else:
                shutil.copy2(path, src / name)
        built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(src)],
                     timeout=300)
        assert built.returncode == 0, built.stderr[-2000:]
        (wheel,) = (work / "dist").glob("guihua-*.whl")

        venv = work / "venv"
        made = _run([sys.executable, "-m", "venv", str(venv)], timeout=120)
        assert made.returncode == 0, made.stderr
        python = venv / "bin" / "python"
        if os.environ.get("GUIHUA_TEST_INSTALL_DEPS"):
            install = [str(python), "-m", "pip", "install", "-q", str(wheel)]
        else:
            install = [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)]
        installed = _run(install, timeout=900)
        assert installed.returncode == 0, installed.stderr[-2000:]
        site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
                         ).stdout.strip())
        if not os.environ.get("GUIHUA_TEST_INSTALL_DEPS"):
            # appended after the venv's own site-packages: `etl` still comes from the wheel
            (site / "zz_guihua_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
        package = site / "etl"
        assert (package / "resources" / "migrations" / "env.py").is_file()
        assert (package / "resources" / "dbt_project" / "dbt_project.yml").is_file()
        assert list((package / "data" / "corpus").glob("*.txt"))
        shipped = _files(package)

        empty = work / "empty"
        empty.mkdir()
        env = {k: v for k, v in os.environ.items()
               if k not in ("GUIHUA_HOME", "DATABASE_URL", "GUIHUA_TEST_DATABASE_URL", "PYTHONPATH")}
        env.update(XDG_DATA_HOME=str(work / "xdg"), GUIHUA_PG_PORT=str(_free_port()), GUIHUA_WORKERS="2")
        guihua = str(venv / "bin" / "guihua")
        where = _run([str(python), "-c", "import etl.config as c; print(c.__file__); print(c.load_settings().home)"],
                     cwd=empty, env=env)
        assert where.stdout.splitlines() == [str(package / "config.py"), str(work / "xdg" / "guihua")], where

        result = _run([guihua, "run"], cwd=empty, env=env, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "5 loaded" in result.stderr and "dbt success" in result.stderr, result.stderr
        status = _run([guihua, "status", "--json"], cwd=empty, env=env, timeout=300)
        assert status.returncode == 0, status.stderr
        assert '"loaded": 5' in status.stdout

        assert list(empty.iterdir()) == []  # nothing in the folder it was run from
        home = work / "xdg" / "guihua"
        assert (home / "pgdata" / "PG_VERSION").is_file() and (home / "dbt" / "target").is_dir()
        assert _files(package) == shipped  # dbt's target/ and logs/ went to the data home, not the package
    finally:
        shutil.rmtree(work, ignore_errors=True)

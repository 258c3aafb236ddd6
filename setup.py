"""Build step of the wheel (the metadata is in pyproject.toml).

The migrations and the dbt project stay at the repository's top level (migrations/, dbt_project/),
where Alembic, dbt and the design expect them; an installed guihua needs them too, so the wheel
carries copies inside the package, under etl/resources/ (etl.config finds them there). An
editable install (scripts/dev.py) reads them from the checkout instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("migrations", "dbt_project")
# dbt's and Python's work files never ship (dbt writes into the data home at run time)
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "target", "logs", "dbt_packages", ".user.yml")


class BuildWithProjectFiles(build_py):
    """build_py, then copy migrations/ and dbt_project/ into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in SHIPPED:
            target = Path(self.build_lib) / "etl" / "resources" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / name, target, ignore=IGNORE)


setup(cmdclass={"build_py": BuildWithProjectFiles})

"""No import fallbacks (issue 15): a broken import must fail, not be papered over.

The one allowed place is etl/distributed.py, whose optional `dask` extra is named to the user
when it is not installed.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {Path("etl/distributed.py")}
FALLBACK = re.compile(r"except\s*\(?[^:\n]*\b(?:ImportError|ModuleNotFoundError)\b")


def test_the_pattern_finds_fallbacks() -> None:
    for line in ("except ImportError:", "except ImportError as exc:", "except (ImportError, OSError):",
                 "except ModuleNotFoundError:"):
        assert FALLBACK.search(line), line
    assert not FALLBACK.search("except ValueError:")


def test_no_import_fallback_in_production_or_tests() -> None:
    found = []
    for folder in ("etl", "tests", "bench", "scripts"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT)
            if rel in ALLOWED or rel == Path(__file__).relative_to(ROOT):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if FALLBACK.search(line):
                    found.append(f"{rel}:{number}: {line.strip()}")
    assert found == []

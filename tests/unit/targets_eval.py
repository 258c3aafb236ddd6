"""Scoring the figure extractor against the hand-checked expectations of the seeds.

Used by tests/unit/test_targets.py and by bench/ or a person at a shell::

    .venv/bin/python tests/unit/targets_eval.py          # per-seed precision/recall and misses

An expectation row is ``[indicator, value, unit, comparator, year, kind, {extras}]`` (see
tests/expectations/targets/*.yaml). An extracted figure matches a row when value, year and
kind are equal and the indicators name the same thing (one contains the other, or they share
most of their characters). On a match, unit and comparator (and value_max, period, base_year
when the row gives them) must be exactly right; those are reported as field errors.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from etl.normalize import normalize_bytes

ROOT = Path(__file__).resolve().parents[2]
EXPECTATIONS = ROOT / "tests" / "expectations" / "targets"
SEEDS_DIR = ROOT / "etl" / "data" / "corpus"


def normalized_seed(stem: str) -> str:
    """The seed's normalized text, through etl.normalize (a broken import fails the test)."""
    return normalize_bytes((SEEDS_DIR / f"{stem}.txt").read_bytes()).text


@dataclass
class Row:
    indicator: str
    value: Decimal
    unit: str
    comparator: str
    year: int
    kind: str
    extras: dict[str, Any] = field(default_factory=dict)


def load_expectations(stem: str) -> dict[str, Any]:
    data = yaml.safe_load((EXPECTATIONS / f"{stem}.yaml").read_text(encoding="utf-8"))
    for key in ("targets", "actuals"):
        rows = []
        for r in data.get(key) or []:
            extras = r[6] if len(r) > 6 else {}
            rows.append(Row(str(r[0]), Decimal(str(r[1])), str(r[2]), str(r[3]), int(r[4]), str(r[5]),
                            dict(extras or {})))
        data[key] = rows
    return data


_CLEAN_RE = re.compile(r"[\s“”\"‘’'《》()（）、,，的]")


def _clean(s: str) -> str:
    return _CLEAN_RE.sub("", s or "")


def similarity(a: str, b: str) -> float:
    a, b = _clean(a), _clean(b)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    sa, sb = set(a), set(b)
    return len(sa & sb) / min(len(sa), len(sb))


@dataclass
class Score:
    expected: int
    extracted: int
    matched: int
    misses: list[Row]
    extras: list[Any]
    field_errors: list[str]

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


def score(rows: list[Row], figures: list[Any], text: str, threshold: float = 0.6) -> Score:
    used: set[int] = set()
    matched = 0
    misses: list[Row] = []
    errors: list[str] = []
    for row in rows:
        best = None
        best_sim = threshold
        for i, f in enumerate(figures):
            if i in used or f.value != row.value or f.year != row.year or f.kind != row.kind:
                continue
            sim = similarity(row.indicator, f.indicator)
            if sim < threshold:
                continue
            # ties go to the figure whose other fields agree (two mentions of one indicator)
            sim += 0.01 * ((f.comparator == row.comparator) + (f.unit == row.unit))
            if sim >= best_sim:
                best, best_sim = i, sim
        if best is None:
            misses.append(row)
            continue
        used.add(best)
        matched += 1
        f = figures[best]
        problems = []
        if f.unit != row.unit:
            problems.append(f"unit {f.unit!r} != {row.unit!r}")
        if f.comparator != row.comparator:
            problems.append(f"comparator {f.comparator!r} != {row.comparator!r}")
        ex = row.extras
        if "value_max" in ex and (f.value_max is None or f.value_max != Decimal(str(ex["value_max"]))):
            problems.append(f"value_max {f.value_max} != {ex['value_max']}")
        if "value_max" not in ex and f.value_max is not None:
            problems.append(f"value_max {f.value_max} != None")
        if "period" in ex and list(f.period or []) != list(ex["period"]):
            problems.append(f"period {f.period} != {ex['period']}")
        if "base_year" in ex and f.base_year != ex["base_year"]:
            problems.append(f"base_year {f.base_year} != {ex['base_year']}")
        if text[f.char_start:f.char_end] != f.quote:
            problems.append("quote is not text[char_start:char_end]")
        if problems:
            errors.append(f"{row.indicator} {row.value}{row.unit} {row.year} {row.kind}: " + "; ".join(problems))
    extras = [f for i, f in enumerate(figures) if i not in used]
    return Score(len(rows), len(figures), matched, misses, extras, errors)


def run_seed(stem: str):
    from etl.extract.targets import FigureContext, extract_figures
    from etl.structure import parse_sections

    data = load_expectations(stem)
    text = normalized_seed(stem)
    sections = parse_sections(text)
    period = data.get("plan_period")
    ctx = FigureContext(plan_period=tuple(period) if period else None, vision_year=data.get("vision_year"),
                        doc_kind=data.get("doc_kind", "plan_outline"))
    targets, actuals = extract_figures(text, sections, ctx)
    return data, text, targets, actuals


def stems() -> list[str]:
    return sorted(p.stem for p in EXPECTATIONS.glob("*.yaml"))


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    chosen = [a for a in argv if not a.startswith("-")] or stems()
    for stem in chosen:
        stem = next((s for s in stems() if s.startswith(stem)), stem)
        data, text, targets, actuals = run_seed(stem)
        for label, rows, figs in (("targets", data["targets"], targets), ("actuals", data["actuals"], actuals)):
            sc = score(rows, figs, text)
            print(f"{stem} {label}: expected {sc.expected} extracted {sc.extracted} matched {sc.matched} "
                  f"P={sc.precision:.3f} R={sc.recall:.3f} field errors {len(sc.field_errors)}")
            if verbose:
                for r in sc.misses:
                    print(f"   MISS {r.indicator} {r.value}{r.unit} {r.comparator} {r.year} {r.kind} {r.extras or ''}")
                for f in sc.extras:
                    print(f"   EXTRA {f.indicator!r} {f.value}{f.unit} {f.comparator} {f.year} {f.kind} "
                          f"| {f.quote[-50:]}")
                for e in sc.field_errors:
                    print(f"   FIELD {e}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))

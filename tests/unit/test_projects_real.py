"""Project extraction on real project news (tests/fixtures/projects_real, hand-labelled).

Scored like the shared devset's score.py: predictions and labels are matched one to one within a
document by amount and then name (equal, or one containing the other); a label's amount is right
when the matched prediction carries exactly that 亿元 amount. These documents are news, not plans:
extract_projects is called directly, whatever the document-level relevance decides.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from etl.extract.projects import extract_projects
from etl.ingest import decode_bytes
from etl.normalize import normalize_decoded
from etl.records import Project
from etl.structure import parse_sections

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "projects_real"
DOCS = sorted(p.stem for p in FIXTURES.glob("*.txt"))


@cache
def _extract(stem: str) -> tuple[Project, ...]:
    text = normalize_decoded(decode_bytes((FIXTURES / f"{stem}.txt").read_bytes())).text
    return tuple(extract_projects(text, parse_sections(text)))


def _labels(stem: str) -> list[dict]:
    lines = (FIXTURES / f"{stem}.projects.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _same_name(a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    return bool(a and b and (a == b or a in b or b in a))


def _match(stem: str) -> tuple[int, int, int, int]:
    """(labels, predictions, matched, matched with the exact amount)."""
    gold, pred = _labels(stem), list(_extract(stem))
    used: set[int] = set()
    matched = amounts = 0
    for g in gold:
        want = None if g["investment_yi"] is None else Decimal(str(g["investment_yi"]))
        candidates = [i for i, p in enumerate(pred) if i not in used and _same_name(p.name, g["name"])]
        exact = [i for i in candidates if pred[i].investment_yi == want]
        pick = (exact or candidates or [None])[0]
        if pick is None:
            continue
        used.add(pick)
        matched += 1
        amounts += pred[pick].investment_yi == want
    return len(gold), len(pred), matched, amounts


@pytest.mark.parametrize("stem", DOCS)
def test_every_labelled_project_found_with_its_amount(stem: str) -> None:
    gold, pred, matched, amounts = _match(stem)
    assert matched >= 0.9 * gold, (stem, matched, gold, [p.name for p in _extract(stem)])
    assert amounts >= 0.9 * gold, (stem, amounts, gold)
    assert matched >= 0.9 * pred, (stem, "fragments or repeats", [p.name for p in _extract(stem)])


def test_list_items_keep_their_ordinals_and_quotes() -> None:
    for stem in ("A05", "A06"):
        listed = [g for g in _labels(stem) if g["in_list"]]
        items = [p for p in _extract(stem) if p.source == "list"]
        assert [p.ordinal for p in items] == [g["ordinal"] for g in listed]
    text = normalize_decoded(decode_bytes((FIXTURES / "A05.txt").read_bytes())).text
    for p in _extract("A05"):
        assert text[p.char_start:p.char_end] == p.quote

"""Curator review: export doubtful records to CSV, store corrections that survive re-runs.

Corrections live in core.review_correction keyed by document file name and the
record's stable key (derived from its span and fields). dbt applies them on every
build (int_*_reviewed models), so re-extracting a document never undoes them.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import psycopg
import simplejson

from etl.records import COMPARATORS, FIGURE_KINDS

EXPORT_COLUMNS = (
    "doc", "record_type", "record_key", "reason", "char_start", "char_end", "quote", "indicator", "indicator_code",
    "value", "value_max", "unit", "comparator", "year", "kind", "confidence",
    "action", "field", "new_value", "reviewer", "note",
)

FIGURE_FIELDS = {
    "indicator": "text", "indicator_code": "text", "value": "numeric", "value_max": "numeric", "unit": "text",
    "comparator": "comparator", "kind": "kind", "year": "year", "base_year": "year", "period_start": "year",
    "period_end": "year",
}
PROJECT_FIELDS = {"name": "text", "investment_yi": "numeric", "currency": "text", "location": "text",
                  "sponsor": "text", "box": "text"}
ADD_REQUIRED = ("indicator", "value", "unit", "kind", "char_start", "char_end")


@dataclass
class ApplyReport:
    stored: int = 0
    problems: list[str] = field(default_factory=list)


def export_review(conn: psycopg.Connection, out: Path, *, max_confidence: float = 0.6) -> int:
    """Write low-confidence and unmapped targets/actuals to CSV for a reviewer; returns the row count."""
    query = """
        select d.doc, %(type)s, f.record_key,
               case when f.indicator_code is null then 'unmapped' else 'low_confidence' end,
               f.char_start, f.char_end, f.quote, f.indicator, f.indicator_code, f.value, f.value_max, f.unit,
               f.comparator, f.year, f.kind, f.confidence
        from core.{table} f join core.document d using (document_id)
        where f.confidence <= %(conf)s or f.indicator_code is null
        order by d.doc, f.char_start
    """
    count = 0
    with out.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPORT_COLUMNS)
        for record_type, table in (("target", "target"), ("actual", "actual")):
            sql = query.replace("{table}", table)  # constant table names only
            for row in conn.execute(sql, {"type": record_type, "conf": max_confidence}):
                writer.writerow([*("" if v is None else v for v in row), "", "", "", "", ""])
                count += 1
    return count


def _check(kind: str, value: str) -> str | None:
    """Problem with a field value, or None when it is acceptable."""
    if kind == "numeric":
        try:
            number = Decimal(value)
        except InvalidOperation:
            return f"not a number: {value!r}"
        if not number.is_finite():
            return f"not a finite number: {value!r}"
    elif kind == "year":
        if not (value.isdigit() and 1949 <= int(value) <= 2100):
            return f"not a year: {value!r}"
    elif kind == "comparator" and value not in COMPARATORS:
        return f"comparator must be one of {', '.join(COMPARATORS)}"
    elif kind == "kind" and value not in FIGURE_KINDS:
        return f"kind must be one of {', '.join(FIGURE_KINDS)}"
    return None


def _added_key(doc: str, row: dict[str, str]) -> str:
    parts = [doc, row.get("record_type", ""), row.get("char_start", ""), row.get("char_end", ""),
             row.get("indicator", ""), row.get("year", ""), row.get("value", "")]
    return "review:" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def parse_corrections(rows: Iterable[dict[str, str]]) -> tuple[list[dict[str, object]], list[str]]:
    """Validate reviewer rows (blank action = no correction); returns corrections and problems."""
    corrections: list[dict[str, object]] = []
    problems: list[str] = []
    for line, row in enumerate(rows, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        action = row.get("action", "").lower()
        if not action:
            continue
        doc, record_type = row.get("doc", ""), row.get("record_type", "")
        where = f"line {line}"
        if not doc or record_type not in ("target", "actual", "project"):
            problems.append(f"{where}: doc and record_type (target|actual|project) are required")
            continue
        base = {"doc": doc, "record_type": record_type, "action": action, "field": "", "new_value": None,
                "record": None, "reviewer": row.get("reviewer") or None, "note": row.get("note") or None}
        if action in ("fix", "drop"):
            if not row.get("record_key"):
                problems.append(f"{where}: record_key is required to {action} a record")
                continue
            base["record_key"] = row["record_key"]
            if action == "fix":
                allowed = PROJECT_FIELDS if record_type == "project" else FIGURE_FIELDS
                name = row.get("field", "")
                if name not in allowed:
                    problems.append(f"{where}: field must be one of {', '.join(allowed)}")
                    continue
                problem = _check(allowed[name], row.get("new_value", "")) if row.get("new_value") else None
                if problem:
                    problems.append(f"{where}: {problem}")
                    continue
                base["field"], base["new_value"] = name, row.get("new_value") or None
        elif action == "add":
            if record_type == "project":
                problems.append(f"{where}: adding projects is not supported yet; add targets or actuals")
                continue
            missing = [c for c in ADD_REQUIRED if not row.get(c)]
            if missing:
                problems.append(f"{where}: an added record needs {', '.join(missing)}")
                continue
            checks = [_check(FIGURE_FIELDS[c], row[c]) for c in ("value", "kind") if row.get(c)]
            checks += [_check("year", row["year"])] if row.get("year") else []
            checks += [_check("comparator", row["comparator"])] if row.get("comparator") else []
            if not (row["char_start"].isdigit() and row["char_end"].isdigit()):
                checks.append("char_start and char_end must be offsets")
            checks = [c for c in checks if c]
            if checks:
                problems.append(f"{where}: {'; '.join(checks)}")
                continue
            base["record_key"] = _added_key(doc, row)
            base["record"] = {c: row.get(c) or None for c in (
                "indicator", "indicator_code", "value", "value_max", "unit", "comparator", "year", "kind",
                "char_start", "char_end", "quote")}
        else:
            problems.append(f"{where}: action must be fix, drop or add")
            continue
        corrections.append(base)
    return corrections, problems


def apply_review(conn: psycopg.Connection, csv_path: Path) -> ApplyReport:
    """Store valid corrections from a reviewer's CSV (upsert: the latest correction of a field wins)."""
    with csv_path.open(newline="", encoding="utf-8-sig") as handle:
        corrections, problems = parse_corrections(csv.DictReader(handle))
    report = ApplyReport(problems=problems)
    with conn.transaction():
        for c in corrections:
            conn.execute(
                "insert into core.review_correction (doc, record_type, record_key, action, field, new_value,"
                " record, reviewer, note) values (%(doc)s, %(record_type)s, %(record_key)s, %(action)s,"
                " %(field)s, %(new_value)s, %(record)s::jsonb, %(reviewer)s, %(note)s)"
                " on conflict (doc, record_type, record_key, action, field) do update set"
                " new_value = excluded.new_value, record = excluded.record, reviewer = excluded.reviewer,"
                " note = excluded.note, created_at = now()",
                {**c, "record": simplejson.dumps(c["record"], ensure_ascii=False) if c["record"] else None},
            )
            report.stored += 1
    return report


def unmatched_corrections(conn: psycopg.Connection) -> list[tuple[str, str, str, str]]:
    """Fix/drop corrections whose record no longer exists (the extractor changed its key): for curators."""
    return conn.execute(
        """
        select c.doc, c.record_type, c.record_key, c.action
        from core.review_correction c
        where c.action in ('fix', 'drop') and not exists (
            select 1 from core.document d
            left join core.target t on c.record_type = 'target' and t.document_id = d.document_id
                and t.record_key = c.record_key
            left join core.actual a on c.record_type = 'actual' and a.document_id = d.document_id
                and a.record_key = c.record_key
            left join core.project p on c.record_type = 'project' and p.document_id = d.document_id
                and p.project_key = c.record_key
            where d.doc = c.doc and coalesce(t.target_id, a.actual_id, p.project_id) is not null
        )
        order by 1, 2
        """
    ).fetchall()

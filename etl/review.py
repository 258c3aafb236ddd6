"""Curator review: export doubtful records to CSV, store corrections that survive re-runs.

Corrections live in core.review_correction keyed by document file name and the
record's stable key (derived from its span and fields). dbt applies them on every
build (int_*_reviewed models), so re-extracting a document never undoes them.
"""

from __future__ import annotations

import csv
import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path

import psycopg
import simplejson

from etl.extract.indicators import catalogue
from etl.extract.numbers import base_unit, unit_scale
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


# A cell that starts like a spreadsheet formula is refused: it would be stored and shown to BI users
# (and run by the next spreadsheet that opens an export). OWASP's CSV-injection list.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
YEARS = (1949, 2100)
# Targets commit to these years (dbt test assert_target_year_in_range): a target year outside them
# would fail every build.
TARGET_YEARS = (2021, 2050)
# Values a planning document can state (1e15 亿元 is far beyond any economy) with at most this many
# decimals; both keep the stored text a clean NUMERIC for dbt's casts. dbt's stg_review_corrections
# applies the same bounds to corrections stored before these checks existed.
MAX_ABS_VALUE = Decimal("1e15")
MAX_DECIMALS = 10
MAX_OFFSET = 2**31 - 1


def _ascii(value: str) -> str:
    """Full-width digits, signs and letters as ASCII (２０２５ → 2025, －１ → -1, ％ → %)."""
    return unicodedata.normalize("NFKC", value).strip()


def _check(kind: str, value: str, *, years: tuple[int, int] = YEARS) -> tuple[str | None, str | None]:
    """(normalized value, None) when a field value is acceptable, else (None, problem)."""
    if kind == "numeric":
        text = _ascii(value).replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None, f"not a number: {value!r}"
        if not number.is_finite():
            return None, f"not a finite number: {value!r}"
        if abs(number) >= MAX_ABS_VALUE:
            return None, f"number out of range (|value| < {MAX_ABS_VALUE:.0e}): {value!r}"
        if number != number.quantize(Decimal(1).scaleb(-MAX_DECIMALS), rounding=ROUND_HALF_EVEN):
            return None, f"more than {MAX_DECIMALS} decimals: {value!r}"
        normal = number.normalize()
        return (format(normal, "f") if normal != 0 else "0"), None
    if kind == "year":
        text = _ascii(value)
        if not (text.isascii() and text.isdigit() and years[0] <= int(text) <= years[1]):
            return None, f"not a year between {years[0]} and {years[1]}: {value!r}"
        return str(int(text)), None
    if kind == "offset":
        text = _ascii(value)
        if not (text.isascii() and text.isdigit() and int(text) <= MAX_OFFSET):
            return None, f"not a character offset: {value!r}"
        return str(int(text)), None
    if kind == "comparator":
        text = _ascii(value)
        if text not in COMPARATORS:
            return None, f"comparator must be one of {', '.join(COMPARATORS)}"
        return text, None
    if kind == "kind":
        text = _ascii(value).lower()
        if text not in FIGURE_KINDS:
            return None, f"kind must be one of {', '.join(FIGURE_KINDS)}"
        return text, None
    if kind == "code":
        text = _ascii(value)
        if text not in catalogue():
            return None, f"unknown indicator code {value!r} (not in etl/data/indicators.csv)"
        return text, None
    if kind == "unit":
        value = value.replace("％", "%").strip()
    if value.startswith(FORMULA_LEADS):
        return None, f"a cell may not start with = + - @ (spreadsheet formula): {value!r}"
    return value, None


def unit_problem(code: str | None, unit: str | None, kind: str | None) -> str | None:
    """Why a figure in `unit` cannot carry indicator `code` (its catalogue unit does not convert), or None.

    The rule of dbt's int_facts (unit_scale): the stated unit is the canonical unit with or without a
    magnitude (万元 for 亿元). Also accepted, as the extractor produces them: 倍 for a multiple
    (翻一番 of anything) and 百分点 for an indicator measured in %.
    """
    if not code or not unit:
        return None
    indicator = catalogue().get(code)
    if indicator is None:
        return f"unknown indicator code {code!r} (not in etl/data/indicators.csv)"
    canonical = indicator.canonical_unit
    base = base_unit(unit)
    if not canonical or unit == canonical:
        return None
    if base is not None and unit_scale(canonical, base) is not None:
        return None
    if (base == "倍" and kind == "multiple") or (base == "百分点" and canonical == "%"):
        return None
    return f"indicator {code} is measured in {canonical}; a figure in {unit} does not convert to it"


def _added_key(doc: str, row: dict[str, str]) -> str:
    parts = [doc, row.get("record_type", ""), row.get("char_start", ""), row.get("char_end", ""),
             row.get("indicator", ""), row.get("year", ""), row.get("value", "")]
    return "review:" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def _field_kind(record_type: str, name: str) -> str:
    allowed = PROJECT_FIELDS if record_type == "project" else FIGURE_FIELDS
    return allowed[name]


def parse_corrections(rows: Iterable[dict[str, str]]) -> tuple[list[dict[str, object]], list[str]]:
    """Validate reviewer rows like input (blank action = no correction); returns corrections and problems.

    Numbers are finite and in range, digits and years are normalized to ASCII (２０２５ → 2025), years
    are in range, indicator codes are in the catalogue, formula-leading cells are refused. Checks that
    need the database (the record, its unit, the document's text) are made by `apply_review`.
    """
    corrections: list[dict[str, object]] = []
    problems: list[str] = []
    for line, row in enumerate(rows, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        action = _ascii(row.get("action", "")).lower()
        if not action:
            continue
        doc, record_type = row.get("doc", ""), _ascii(row.get("record_type", "")).lower()
        where = f"line {line}"
        if not doc or record_type not in ("target", "actual", "project"):
            problems.append(f"{where}: doc and record_type (target|actual|project) are required")
            continue
        checks: list[str] = []
        extra: dict[str, str | None] = {}
        for name in ("reviewer", "note"):
            extra[name], problem = _check("text", row[name]) if row.get(name) else (None, None)
            checks += [problem] if problem else []
        base = {"doc": doc, "record_type": record_type, "action": action, "field": "", "new_value": None,
                "record": None, "line": line, **extra}
        if action in ("fix", "drop"):
            if not row.get("record_key"):
                problems.append(f"{where}: record_key is required to {action} a record")
                continue
            base["record_key"] = row["record_key"]
            if action == "fix":
                allowed = PROJECT_FIELDS if record_type == "project" else FIGURE_FIELDS
                name = _ascii(row.get("field", ""))
                if name not in allowed:
                    problems.append(f"{where}: field must be one of {', '.join(allowed)}")
                    continue
                kind = "code" if name == "indicator_code" else "unit" if name == "unit" else allowed[name]
                years = TARGET_YEARS if (record_type, name) == ("target", "year") else YEARS
                new_value, problem = (_check(kind, row["new_value"], years=years) if row.get("new_value")
                                      else (None, None))
                checks += [problem] if problem else []
                base["field"], base["new_value"] = name, new_value
        elif action == "add":
            if record_type == "project":
                problems.append(f"{where}: adding projects is not supported yet; add targets or actuals")
                continue
            missing = [c for c in ADD_REQUIRED if not row.get(c)]
            if missing:
                problems.append(f"{where}: an added record needs {', '.join(missing)}")
                continue
            years = TARGET_YEARS if record_type == "target" else YEARS
            kinds = {"indicator": "text", "indicator_code": "code", "value": "numeric", "value_max": "numeric",
                     "unit": "unit", "comparator": "comparator", "year": "year", "kind": "kind",
                     "char_start": "offset", "char_end": "offset", "quote": "text"}
            record: dict[str, str | None] = {}
            for name, kind in kinds.items():
                record[name], problem = (_check(kind, row[name], years=years) if row.get(name) else (None, None))
                checks += [problem] if problem else []
            if not checks:
                if int(record["char_start"] or 0) >= int(record["char_end"] or 0):
                    checks.append("char_start must be before char_end")
                if record["value_max"] is not None and Decimal(record["value_max"]) < Decimal(record["value"] or 0):
                    checks.append("value_max is below value")
                problem = unit_problem(record["indicator_code"], record["unit"], record["kind"])
                checks += [problem] if problem else []
            base["record_key"] = _added_key(doc, {**row, **{k: v or "" for k, v in record.items()}})
            base["record"] = record
        else:
            problems.append(f"{where}: action must be fix, drop or add")
            continue
        if checks:
            problems.append(f"{where}: {'; '.join(checks)}")
            continue
        corrections.append(base)
    return corrections, problems


def _record_problem(conn: psycopg.Connection, c: dict[str, object],
                    pending: dict[tuple[str, str, str], dict[str, str | None]]) -> str | None:
    """What the database says against a correction (missing record, unit vs catalogue, span), or None."""
    doc, record_type, key = str(c["doc"]), str(c["record_type"]), str(c["record_key"])
    if c["action"] == "add":
        record = c["record"]
        assert isinstance(record, dict)
        row = conn.execute(
            "select t.text from core.document d join core.document_text t using (document_id) where d.doc = %s",
            (doc,),
        ).fetchone()
        if row is None:
            return f"no loaded document {doc!r}"
        text = str(row[0])
        start, end = int(record["char_start"]), int(record["char_end"])
        if end > len(text):
            return f"span {start}..{end} lies outside the document's text ({len(text)} characters)"
        if not record.get("quote"):
            record["quote"] = text[start:end]
        return None
    if record_type == "project":
        found = conn.execute(
            "select 1 from core.project p join core.document d using (document_id)"
            " where d.doc = %s and p.project_key = %s", (doc, key)).fetchone()
        return None if found else f"no project {key!r} in {doc!r}"
    table = "target" if record_type == "target" else "actual"
    found = conn.execute(
        f"select f.indicator_code, f.unit, f.kind from core.{table} f join core.document d"  # constant names
        " using (document_id) where d.doc = %s and f.record_key = %s", (doc, key)).fetchone()
    if found is None:
        return f"no {record_type} {key!r} in {doc!r}"
    if c["action"] != "fix" or c["field"] not in ("indicator_code", "unit", "kind"):
        return None
    stored = dict(conn.execute(
        "select field, new_value from core.review_correction where doc = %s and record_type = %s"
        " and record_key = %s and action = 'fix' and field in ('indicator_code', 'unit', 'kind')",
        (doc, record_type, key)).fetchall())
    effective = {"indicator_code": found[0], "unit": found[1], "kind": found[2],
                 **{k: v for k, v in stored.items() if v is not None},
                 **{k: v for k, v in pending.get((doc, record_type, key), {}).items() if v is not None},
                 **({str(c["field"]): c["new_value"]} if c["new_value"] is not None else {})}
    return unit_problem(effective["indicator_code"], effective["unit"], effective["kind"])


def apply_review(conn: psycopg.Connection, csv_path: Path) -> ApplyReport:
    """Store valid corrections from a reviewer's CSV (upsert: the latest correction of a field wins).

    Each row is checked like input and against the database (the record exists, a unit converts to
    the indicator's catalogue unit, an added span lies inside the text); a refused row is reported
    with its reason and the others are stored.
    """
    with csv_path.open(newline="", encoding="utf-8-sig") as handle:
        corrections, problems = parse_corrections(csv.DictReader(handle))
    report = ApplyReport(problems=problems)
    pending: dict[tuple[str, str, str], dict[str, str | None]] = {}
    for c in corrections:
        if c["action"] == "fix":
            key = (str(c["doc"]), str(c["record_type"]), str(c["record_key"]))
            pending.setdefault(key, {})[str(c["field"])] = c["new_value"]  # type: ignore[assignment]
    with conn.transaction():
        for c in corrections:
            problem = _record_problem(conn, c, pending)
            if problem:
                report.problems.append(f"line {c['line']}: {problem}")
                continue
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
    report.problems.sort(key=lambda p: int(p.split(":")[0].removeprefix("line ")))
    return report


def remove_corrections(conn: psycopg.Connection, *, ids: Iterable[int] = (), doc: str | None = None) -> int:
    """Delete corrections by id and/or all of one document's; returns how many were removed."""
    ids = list(ids)
    if not ids and doc is None:
        return 0
    with conn.transaction():
        cur = conn.execute(
            "delete from core.review_correction where correction_id = any(%s)"
            " or (%s::text is not null and doc = %s)", (ids, doc, doc))
        return cur.rowcount


def skipped_corrections(conn: psycopg.Connection) -> list[tuple[int, str, str, str, str]]:
    """Stored corrections the last dbt build skipped (they would not cast or break a test), with why."""
    exists = conn.execute(
        "select 1 from information_schema.columns where table_schema = 'staging'"
        " and table_name = 'stg_review_corrections' and column_name = 'skip_reason'").fetchone()
    if exists is None:
        return []
    return conn.execute(
        "select correction_id, doc, record_type, record_key, skip_reason from staging.stg_review_corrections"
        " where skip_reason is not null order by correction_id").fetchall()


def unmapped_phrases(conn: psycopg.Connection, limit: int) -> list[tuple[str, int, int, str | None]]:
    """Indicator phrases without a catalogue code after the curators' corrections (a fix that gave a
    code, or a drop, removes a record from the list; an added record without a code joins it)."""
    return conn.execute(
        """
        with corrections as (
            select doc, record_type, record_key,
                   bool_or(action = 'drop') as dropped,
                   max(new_value) filter (where action = 'fix' and field = 'indicator_code') as code,
                   max(new_value) filter (where action = 'fix' and field = 'indicator') as indicator
            from core.review_correction where record_type in ('target', 'actual')
            group by doc, record_type, record_key
        ),
        figures as (
            select 'target' as record_type, record_key, indicator, indicator_code, document_id, quote
            from core.target
            union all
            select 'actual', record_key, indicator, indicator_code, document_id, quote from core.actual
        ),
        reviewed as (
            select coalesce(c.indicator, f.indicator) as indicator, coalesce(c.code, f.indicator_code) as code,
                   f.document_id, f.quote
            from figures f join core.document d using (document_id)
            left join corrections c on c.doc = d.doc and c.record_type = f.record_type
                and c.record_key = f.record_key
            where not coalesce(c.dropped, false)
            union all
            select r.record ->> 'indicator', r.record ->> 'indicator_code', d.document_id, r.record ->> 'quote'
            from core.review_correction r join core.document d using (doc)
            where r.action = 'add'
        )
        select indicator, count(*) as n, count(distinct document_id) as docs, min(quote) as example
        from reviewed where code is null
        group by indicator order by n desc, indicator limit %s
        """,
        (limit,),
    ).fetchall()


def unmatched_corrections(conn: psycopg.Connection) -> list[tuple[int, str, str, str, str]]:
    """Fix/drop corrections whose record no longer exists (the extractor changed its key): for curators."""
    return conn.execute(
        """
        select c.correction_id, c.doc, c.record_type, c.record_key, c.action
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
        order by 2, 3, 1
        """
    ).fetchall()

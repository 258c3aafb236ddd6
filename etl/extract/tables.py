"""Facts read from tables as tables: project tables → projects, indicator tables → targets/actuals.

Pure: reads the `TableSpan`s that `etl.read.assemble` laid into the normalized text (every
cell with its span) and returns records whose spans point at their row and cell, with
`table`, `row`, `column` lineage. Column meanings come from the header words, mapped by the
curator-edited synonym table `etl/data/table_headers.csv` (header words vary:
项目名称/名称, 总投资/计划总投资, 业主单位/责任单位 …). Units stated in a header
("总投资(万元)") or in a caption line ("单位:亿元") are carried to every row.

- A project table (a name column and at least one of investment, location, owner, content,
  years) gives one project per body row: total investment (亿元; 万元 converted), annual
  planned investment, location, owner, start/end year, ordinal.
- An indicator table (an indicator column, or a unit column with year columns) gives, per
  row, a target for each target-year column, an actual for the base-year column, a growth
  target for a 年均增长 column, each with `binding` from the 属性 column (预期性 → expected,
  约束性 → binding).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from etl import vocabulary
from etl.extract.indicators import map_indicator
from etl.extract.numbers import parse_money, parse_quantity
from etl.extract.projects import project_key, split_location_sponsor
from etl.layout import Layout
from etl.read.assemble import TableSpan
from etl.records import Actual, Figure, Project, Section, Target
from etl.structure import section_path_at
from etl.table_rows import TableCell, TableRow

__all__ = ["TableFacts", "classify_columns", "extract_table_facts", "header_synonyms"]

_HEADERS_CSV = Path(__file__).resolve().parent.parent / "data" / "table_headers.csv"
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_UNIT_IN_HEADER_RE = re.compile(r"[(（]\s*(?:单位\s*[:：]?\s*)?([^()（）]{1,8}?)\s*[)）]")
_CAPTION_UNIT_RE = re.compile(r"单位\s*[:：]\s*([^\s,，;；)）]{1,6})")
_CELL_VALUE_RE = re.compile(
    r"^(?P<sign>[<>≤≥＜＞]=?|不低于|不高于|不超过|超过|大于|小于|约)?\s*"
    r"(?P<bracket>[\[【〔(（])?\s*(?P<num>-?\d+(?:\.\d+)?)(?:\s*[-~～至]\s*(?P<upper>\d+(?:\.\d+)?))?\s*[\]】〕)）]?\s*"
    r"(?P<unit>" + vocabulary.alternation(vocabulary.CELL_UNITS) + r")?\s*(?P<word>左右|以上|以下|以内|内)?$")
_LEADING_ORDINAL_RE = re.compile(r"^\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[.、．)）]?\s*(?=\D)")
_RANGE_YEARS_RE = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*(?:[-—–~～至到]+\s*((?:19|20)?\d{2}))?")
_BINDING = {"预期性": "expected", "约束性": "binding"}
_PROJECT_DETAIL = ("investment_total", "investment_annual", "location", "owner", "content", "years", "start_year",
                   "nature")


@dataclass(slots=True)
class TableFacts:
    """What the tables of one document say."""

    targets: list[Target]
    actuals: list[Actual]
    projects: list[Project]


@lru_cache(maxsize=1)
def header_synonyms() -> tuple[tuple[str, str], ...]:
    """(header word, field) pairs from etl/data/table_headers.csv, longest word first."""
    with open(_HEADERS_CSV, encoding="utf-8", newline="") as fh:
        pairs = [(row["header"].strip(), row["field"].strip()) for row in csv.DictReader(fh) if row["header"].strip()]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _squash(header: str) -> str:
    return re.sub(r"\s+", "", header)


def classify_columns(table: TableSpan) -> dict[int, tuple[str, str]]:
    """Column → (field, header text); year columns get field "year"."""
    width = max((len(r.cells) for r in table.rows), default=0)
    fields: dict[int, tuple[str, str]] = {}
    candidates: dict[int, list[str]] = {}
    for col in range(width):
        header = _squash(table.header(col))
        if not header:
            continue
        bare = _UNIT_IN_HEADER_RE.sub("", header)
        matched = [f for word, f in header_synonyms() if word in bare]
        if matched and matched[0] in ("investment_annual", "investment_total", "investment_done", "growth"):
            fields[col] = (matched[0], header)
            continue
        if _YEAR_RE.search(header) and not (matched and matched[0] in ("years", "start_year", "end_year")):
            fields[col] = ("year", header)
            continue
        if matched:
            candidates[col] = matched
    is_indicator = any("indicator" in m for m in candidates.values())
    used: set[str] = set()
    for col, matched in sorted(candidates.items()):
        choice = matched[0]
        if "性质" in table.header(col):
            choice = "binding" if is_indicator else "nature"
        if choice in used and choice in ("name", "indicator", "unit"):
            continue  # a second "名称" column (e.g. 单位名称) is not the name
        used.add(choice)
        fields[col] = (choice, _squash(table.header(col)))
    return fields


def _kind_of_table(fields: dict[int, tuple[str, str]]) -> str | None:
    names = {f for f, _ in fields.values()}
    if "name" in names and names & set(_PROJECT_DETAIL) and "indicator" not in names:
        return "project"
    if "indicator" in names and ({"year", "target", "base", "growth"} & names):
        return "indicator"
    if "unit" in names and "year" in names:
        return "indicator"
    return None


def _header_unit(header: str) -> str | None:
    m = _UNIT_IN_HEADER_RE.search(header)
    return m.group(1).strip() if m else None


def _caption_unit(table: TableSpan, text: str) -> str | None:
    """A unit stated once above the table ("单位:万元") or in its caption."""
    before = text[max(0, table.char_start - 80):table.char_start]
    last = before.rstrip("\n").rsplit("\n", 1)[-1]
    for source in (table.caption or "", last):
        m = _CAPTION_UNIT_RE.search(source)
        if m:
            return m.group(1)
    return None


def extract_table_facts(source: Layout | Sequence[TableSpan], text: str = "",
                        sections: list[Section] | None = None, *, base_year: int | None = None,
                        target_year: int | None = None) -> TableFacts:
    """Targets, actuals and projects of every project and indicator table.

    ``source`` is the document's `etl.layout.Layout` (its format tables, text and sections are
    read; ``text`` and ``sections`` are then not used) or the tables with the ``text`` they stand
    in. `base_year` / `target_year`: the years a 基期 / 目标 column means when its header names
    none (the plan's base and end year, or a work report's previous and own year).
    """
    if isinstance(source, Layout):
        tables, text, sections = source.tables, source.text, source.sections
    else:
        tables = source
    facts = TableFacts([], [], [])
    for table in tables:
        fields = classify_columns(table)
        kind = _kind_of_table(fields)
        if kind == "project":
            facts.projects.extend(_projects(table, fields, text, sections))
        elif kind == "indicator":
            targets, actuals = _indicators(table, fields, text, sections, base_year, target_year)
            facts.targets.extend(targets)
            facts.actuals.extend(actuals)
    return facts


def _cell(row: TableRow, col: int | None) -> TableCell | None:
    if col is None:
        return None
    for cell in row.cells:
        if cell.column == col:
            return cell
    return None


def _col(fields: dict[int, tuple[str, str]], name: str) -> int | None:
    return next((c for c, (f, _) in sorted(fields.items()) if f == name), None)


def _is_group_row(row: TableRow) -> bool:
    """A row that only names a group ("一、交通基础设施", a merged "经济发展"): one distinct text."""
    distinct = {c.text for c in row.cells if c.text}
    return len(distinct) <= 1


def _projects(table: TableSpan, fields: dict[int, tuple[str, str]], text: str,
              sections: list[Section] | None) -> list[Project]:
    name_col = _col(fields, "name")
    total_col = _col(fields, "investment_total")
    annual_col = _col(fields, "investment_annual")
    caption_unit = _caption_unit(table, text)
    total_unit = _header_unit(fields[total_col][1]) if total_col is not None else None
    annual_unit = _header_unit(fields[annual_col][1]) if annual_col is not None else None
    out: list[Project] = []
    box: str | None = None
    for row in table.body:
        if _is_group_row(row):
            box = next((c.text for c in row.cells if c.text), None)
            continue
        name_cell = _cell(row, name_col)
        if name_cell is None or not name_cell.text or not re.search(r"[\u4e00-\u9fff]", name_cell.text):
            continue
        name = name_cell.text
        if name in ("合计", "总计", "小计") or name.startswith(("合计", "总计", "小计")):
            continue
        total = _money(_cell(row, total_col), total_unit or caption_unit)
        annual = _money(_cell(row, annual_col), annual_unit or caption_unit)
        location = _text(row, _col(fields, "location"))
        owner = _text(row, _col(fields, "owner"))
        start, end = _years(row, fields)
        ordinal = _int(_text(row, _col(fields, "ordinal")))
        loc_prefix, sponsor, _ = split_location_sponsor(name)
        total_cell = _cell(row, total_col)
        out.append(Project(
            name=name,
            project_key=project_key(name),
            investment_yi=total,
            investment_text=(total_cell.text or None) if total_cell is not None else None,
            currency="CNY" if total is not None else None,
            location=location or loc_prefix,
            sponsor=sponsor,
            sector=box or (table.caption if table.caption and not table.caption.lower().startswith("sheet") else None),
            box=box,
            ordinal=ordinal,
            source="table",
            section_path=section_path_at(sections, row.char_start) if sections else None,
            char_start=row.char_start,
            char_end=row.char_end,
            quote=text[row.char_start:row.char_end],
            investment_unit_source=("header" if (total_unit or caption_unit) and total is not None
                                    and not _has_unit(total_cell) else "text" if total is not None else None),
            annual_investment_yi=annual,
            start_year=start,
            end_year=end,
            owner=owner,
            table=table.table,
            row=row.row,
            column=name_cell.column,
        ))
    return out


def _has_unit(cell: TableCell | None) -> bool:
    return cell is not None and bool(re.search(r"[万亿]", cell.text))


def _text(row: TableRow, col: int | None) -> str | None:
    cell = _cell(row, col)
    return cell.text.strip() or None if cell is not None else None


def _int(value: str | None) -> int | None:
    if value and value.strip().isdigit():
        return int(value.strip())
    return None


def _money(cell: TableCell | None, unit: str | None) -> Decimal | None:
    if cell is None or not cell.text.strip() or not re.search(r"\d", cell.text):
        return None
    default = unit if unit and unit.endswith("元") else ("亿元" if unit in ("亿",) else "万元" if unit in ("万",) else None)
    money = parse_money(cell.text, default_unit=default)
    return money.amount_yi if money is not None else None


def _years(row: TableRow, fields: dict[int, tuple[str, str]]) -> tuple[int | None, int | None]:
    start = end = None
    years_text = _text(row, _col(fields, "years"))
    if years_text:
        m = _RANGE_YEARS_RE.search(years_text)
        if m:
            start = int(m.group(1))
            if m.group(2):
                tail = m.group(2)
                end = int(tail) if len(tail) == 4 else int(m.group(1)[:2] + tail)
            else:
                end = start
    for field_name in ("start_year", "end_year"):
        value = _text(row, _col(fields, field_name))
        m = _YEAR_RE.search(value or "")
        if m:
            if field_name == "start_year":
                start = int(m.group(1))
            else:
                end = int(m.group(1))
    return start, end


def _indicators(table: TableSpan, fields: dict[int, tuple[str, str]], text: str, sections: list[Section] | None,
                base_default: int | None, target_default: int | None) -> tuple[list[Target], list[Actual]]:
    name_col = _col(fields, "indicator")
    if name_col is None:
        name_col = min((c for c, (f, _) in fields.items() if f not in ("ordinal", "category")), default=0)
        name_col = 0 if name_col != 0 and _col(fields, "ordinal") != 0 else name_col
    unit_col = _col(fields, "unit")
    binding_col = _col(fields, "binding")
    years = sorted({int(_YEAR_RE.search(h).group(1)) for c, (f, h) in fields.items() if f == "year"})
    base_year = base_default
    if len(years) >= 2 or any(f == "year" and re.search(r"基期|现状|基数|完成|实际", h) for f, h in fields.values()):
        base_year = years[0] if years else base_default
    columns: list[tuple[int, str, int | None]] = []  # (column, role, year)
    for col, (f, header) in sorted(fields.items()):
        if f == "year":
            year = int(_YEAR_RE.search(header).group(1))
            role = "actual" if (year == base_year and (len(years) >= 2 or re.search(r"基期|现状|基数|完成|实际", header))) \
                else "target"
            columns.append((col, role, year))
        elif f == "base":
            columns.append((col, "actual", base_default))
        elif f == "target":
            columns.append((col, "target", max(years) if years else target_default))
        elif f == "growth":
            columns.append((col, "growth", max(years) if years else target_default))
    targets: list[Target] = []
    actuals: list[Actual] = []
    target_years = [y for _, r, y in columns if r == "target" and y]
    last_target = max(target_years) if target_years else target_default
    for row in table.body:
        if _is_group_row(row):
            continue
        name_cell = _cell(row, name_col)
        if name_cell is None or not re.search(r"[\u4e00-\u9fff]", name_cell.text):
            continue
        name = _LEADING_ORDINAL_RE.sub("", name_cell.text).strip()
        unit = _text(row, unit_col) or _header_unit(name) or ""
        name = _UNIT_IN_HEADER_RE.sub("", name).strip() or name
        if unit in ("-", "—", "/"):
            unit = ""
        binding = _BINDING.get((_text(row, binding_col) or "").strip())
        section = section_path_at(sections, row.char_start) if sections else None
        for col, role, year in columns:
            cell = _cell(row, col)
            if cell is None or not cell.text:
                continue
            header_unit = _header_unit(fields[col][1])
            figure = _figure(name, cell, unit or header_unit or "", role, year, base_year, last_target)
            if figure is None:
                continue
            figure.binding = binding
            figure.section_path = section
            figure.char_start = row.char_start
            figure.char_end = cell.char_end
            figure.quote = text[row.char_start:cell.char_end]
            figure.table, figure.row, figure.column = table.table, row.row, cell.column
            if isinstance(figure, Actual):
                actuals.append(figure)
            else:
                targets.append(figure)
    return targets, actuals


def _figure(name: str, cell: TableCell, unit: str, role: str, year: int | None, base_year: int | None,
            last_target: int | None) -> Figure | None:
    m = _CELL_VALUE_RE.match(cell.text.replace(" ", ""))
    if m is None:
        return None
    try:
        value = Decimal(m.group("num"))
        upper = Decimal(m.group("upper")) if m.group("upper") else None
    except InvalidOperation:
        return None
    sign, word, bracket = m.group("sign") or "", m.group("word") or "", m.group("bracket")
    if m.group("unit"):
        unit = m.group("unit")
    if role == "growth":
        unit = "%" if unit not in ("%", "‰", "个百分点") else unit
    comparator = "="
    if sign in (">", "≥", "＞", ">=", "不低于", "超过", "大于") or word == "以上":
        comparator = ">="
    elif sign in ("<", "≤", "＜", "<=", "不高于", "不超过", "小于") or word in ("以下", "以内", "内"):
        comparator = "<="
    elif sign == "约" or word == "左右":
        comparator = "~"
    if role == "growth":
        kind = "growth"
    elif bracket or "累计" in name:
        kind = "cumulative"
    elif comparator == "<=" and role != "actual":
        kind = "cap"
    elif unit in ("%", "‰") and re.search(r"比重|占|比例|率", name):
        kind = "share"
    elif unit in ("%", "‰") and re.search(r"增长|增速|增幅", name):
        kind = "growth"
    else:
        kind = "level"
    q = parse_quantity(m.group("num") + unit) if unit else None
    value_base = q.value_base if q is not None and q.value == value else value
    unit_base = q.unit_base if q is not None else (unit or None)
    period = None
    if kind in ("cumulative", "growth") and base_year and year and year > base_year:
        period = [base_year + 1, year]
    cls = Actual if role == "actual" else Target
    return cls(
        indicator=name,
        value=value,
        unit=unit,
        comparator=comparator,
        kind=kind,
        indicator_code=map_indicator(name, kind),
        value_max=upper,
        value_base=value_base if value_base >= 0 else None,
        unit_base=unit_base,
        year=year if year else last_target,
        period=period,
        confidence=0.8,
    )

"""Indicator tables flattened to text: rows of (indicator, unit, cells by column, attribute).

A plan's 主要指标 table reaches us as text in three shapes that the line-per-row reader in
etl.extract.targets does not see:

- **pipe cells** ("指标 | 2015年 | 2020年 | 〔累计〕 | 属性", one cell per line, "|" leading), often
  with anti-scraping junk glued to the cells (runs of 1–6 character ASCII tokens:
  "| >804 b!F! {9 U, _; [* H" is ">80"; the junk's first character may be glued to the value,
  "666 ^3 V" is 66) and "。" written for the decimal point ("76。7");
- **transposed pipe tables**: a row of names, a "2022年目标值" label, a row of values with
  their units (">6亿吨 | 61.5% | 5.5万元/人"), a 属性 row;
- **glued rows**: the whole table on one line with no separators, row numbers glued onto the
  values ("…参保率% ≥9818 城镇登记失业率…" is ≥98, then row 18), units between the name and the
  comparator ("研发经费支出占GDP比重% ≥ 2.8"), the 资料来源 column between rows ("省统计局").

Only tables with an indicator header (主要指标, 指标名称, 目标值 with a year) are read, so a
project table ("序号 | 项目名称 | 总投资 …") is never taken for one. Rows and cells are
etl.table_rows' records (a cell with its column's year, 累计 or 年均增长; a row with its
indicator, unit and 属性), the model format tables share. Offsets point into the text as
given. Pure functions, no I/O.
"""

from __future__ import annotations

import re

from etl import vocabulary
from etl.table_rows import TableCell, TableRow

__all__ = ["read_text_tables", "parse_cell_value"]


_BINDING = {"约束性": "binding", "预期性": "expected"}
_CJK = re.compile(f"[{vocabulary.CJK_URO}]")
# a real cell separator: "|" with space (or a line edge) on both sides; junk glues "|" to text
_SEPARATOR = re.compile(r"(?:(?<=\s)|(?<=^))\|(?=\s|$)", re.M)
_ROW_BREAK = re.compile(r"\n(?=[ \t]*[\u4e00-\u9fff])")
_JUNK_TOKEN = r"(?!\|(?:\s|$))[!-~]{1,6}"
# a run of junk: at least three whitespace-separated short ASCII tokens, some of them punctuation
_JUNK_RUN = re.compile(r"(?:\s+" + _JUNK_TOKEN + r"(?=\s|$)){3,}")
_VALUE = re.compile(
    r"^(?P<sign>[<>≤≥＜＞=]?)\s*(?P<num>\d+(?:[.。]\d+)?)(?:\s*[-~～—]\s*(?P<max>\d+(?:[.。]\d+)?))?"
    r"(?P<word>左右|以上|以下|以内)?(?P<unit>[^\d\s|<>≤≥＜＞=〔〕\[\]]{0,8})"
)
_COLUMN_WORD = re.compile(r"累计|年均|增长|增速|(?:19|20)\d{2}\s*年")
_CELL_UNIT = re.compile(r"^[万亿千百]?[\u4e00-\u9fff]{1,3}(?:/[\u4e00-\u9fff])?$")
_TOTAL = re.compile(r"^[〔\[](?P<num>\d+(?:[.。]\d+)?)[〕\]]")
_EMPTY = re.compile(r"^[-—–/]{1,2}(?![\d.])")
_HEADER_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_TARGET_LABEL = re.compile(r"((?:19|20)\d{2})\s*年\s*目\s*标\s*值?")
_INDICATOR_HEADER = re.compile(r"主\s*要\s*指\s*标|指\s*标\s*名\s*称|^\s*指\s*标\s*$|目\s*标\s*值")
_NAME = re.compile(r"^[\u4e00-\u9fff\dⅠ-Ⅻ“”\"()（）%‰、,，/·A-Za-z]+")
_UNIT_IN_NAME = re.compile(r"[（(](?P<unit>[^()（）]{1,8})[)）]$")
_FOOTNOTE_DIGIT = re.compile(r"(?<=[\u4e00-\u9fff])\d(?=[\u4e00-\u9fff])")
_CATEGORY = re.compile(r"^(?:\d{1,2}[.。、]|[一二三四五六七八九十]+、)")


def _clean_cell(raw: str, start: int) -> tuple[str, int, int]:
    """(the cell's meaning without junk, its start, its end) for a raw cell at ``start``."""
    lead = len(raw) - len(raw.lstrip())
    body = raw.strip()
    junk = _JUNK_RUN.search(body)
    if junk is not None:
        cut = junk.start()
        kept = body[:cut]
        # "666 ^3 V": the junk's first character is glued to the value when a space follows it
        if body[cut:cut + 1] in " \t" and len(kept) >= 2 and kept[-1].isascii() and (
                kept[-2].isdigit() or kept[-2] in "-—〕)）性"):
            kept = kept[:-1]
        body = kept
    body = body.rstrip()
    # a junk character glued after a value and before a line break: "约束性7", "〔25〕7?5"
    return body, start + lead, start + lead + len(body)


def parse_cell_value(cell: str) -> tuple[str, str, str | None, str | None, str] | None:
    """(comparator, number, upper number, word, unit) of a value cell, or None.

    ">80" → (">", "80", None, None, ""); "15左右" → ("", "15", None, "左右", "");
    "5.5万元/人" → ("", "5.5", None, None, "万元/人"); "76。7" → ("", "76.7", …)."""
    m = _VALUE.match(cell)
    if m is None:
        return None
    number = m.group("num").replace("。", ".")
    upper = m.group("max").replace("。", ".") if m.group("max") else None
    unit = m.group("unit").strip()
    if _CJK.search(unit) and len(unit) > 4 and not _CELL_UNIT.match(unit):
        return None  # words after a number: not a value cell
    return m.group("sign"), number, upper, m.group("word"), unit


def _cells(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The cleaned cells of a pipe table between ``start`` and ``end``."""
    out: list[tuple[str, int, int]] = []
    position = start
    bounds = [(m.start(), m.end()) for m in _SEPARATOR.finditer(text, start, end)] + [(end, end)]
    for cut, after in bounds:
        # a line break before a name also ends a cell: rows written one per line without a closing "|"
        piece_start = position
        for line_break in _ROW_BREAK.finditer(text, position, cut):
            out.append(_clean_cell(text[piece_start:line_break.start()], piece_start))
            piece_start = line_break.end()
        out.append(_clean_cell(text[piece_start:cut], piece_start))
        position = after
    return [c for c in out if c[0]]


def _binding(cell: str) -> str | None:
    return _BINDING.get(cell.replace(" ", "")[:3])


def _kind_of(cell: str) -> str:
    if _binding(cell):
        return "attr"
    stripped = cell.replace(" ", "")
    if _TARGET_LABEL.search(cell) and "目标" in stripped:
        return "target_label"
    if stripped == "属性":
        return "attr_label"
    if stripped in ("主要指标", "指标", "指标名称", "序号", "单位", "计量单位", "类别", "领域"):
        return "label"
    if _HEADER_YEAR.fullmatch(stripped) or (len(stripped) <= 10 and _COLUMN_WORD.search(stripped)):
        return "column"
    if _TOTAL.match(cell) or _EMPTY.match(cell) or parse_cell_value(cell) is not None:
        return "value"
    if _CJK.match(cell) or _CATEGORY.match(cell):
        return "name"
    return "other"


def _name_of(cell: str) -> tuple[str, str]:
    """(indicator, unit) from a name cell: "地级及以上城市2空气质量优良天数比率(%)" →
    ("地级及以上城市空气质量优良天数比率", "%"); a leading "1.空气质量" category line is dropped."""
    lines = [line.strip() for line in cell.splitlines() if _CJK.search(line)]
    name = lines[-1] if lines else cell
    m = _NAME.match(name)
    name = m.group(0) if m else name
    unit = ""
    mu = _UNIT_IN_NAME.search(name)
    if mu:
        unit = mu.group("unit")
        name = name[:mu.start()]
    name = _FOOTNOTE_DIGIT.sub("", name).strip(" ,，、")
    return name, unit


def _pipe_tables(text: str) -> list[TableRow]:
    """Rows of indicator tables written with "|" cells (one per line or one row per line)."""
    rows: list[TableRow] = []
    for header in _INDICATOR_HEADER.finditer(text):
        if rows and header.start() < rows[-1].char_end:
            continue
        line_start = text.rfind("\n", 0, header.start()) + 1
        if "|" not in text[line_start:min(len(text), header.end() + 200)]:
            continue
        end = _table_end(text, header.start())
        cells = _cells(text, line_start, end)
        rows.extend(_rows_from_cells(cells))
    return rows


def _table_end(text: str, start: int) -> int:
    """The end of a pipe table: the first line after ``start`` without a "|" and with a
    sentence in it (a paragraph of prose), or the text's end."""
    for line in re.finditer(r"[^\n]*(?:\n|$)", text[start:]):
        body = line.group(0)
        if not body:
            break
        if "|" not in body and "。" in body and len(_CJK.findall(body)) > 20:
            return start + line.start()
    return len(text)


def _rows_from_cells(cells: list[tuple[str, int, int]]) -> list[TableRow]:
    kinds = [_kind_of(c[0]) for c in cells]
    rows: list[TableRow] = []
    columns: list[tuple[int | None, bool, bool]] = []  # (year, cumulative, growth) per value column
    i = 0
    while i < len(cells):
        kind = kinds[i]
        if kind == "column":
            columns = []
            while i < len(cells) and kinds[i] in ("column",):
                label = cells[i][0].replace(" ", "")
                year = _HEADER_YEAR.search(label)
                growth = year is None and bool(re.search(r"年均|增长|增速", label))
                columns.append((int(year.group(1)) if year else None, "累计" in label, growth))
                i += 1
            continue
        if kind == "name":
            names = []
            while i < len(cells) and kinds[i] == "name":
                names.append(cells[i])
                i += 1
            if i < len(cells) and kinds[i] == "target_label" and len(names) >= 2:
                i = _transposed(cells, kinds, names, i, rows)
                continue
            name_cell = names[-1]
            values = []
            while i < len(cells) and kinds[i] == "value":
                values.append(cells[i])
                i += 1
            binding = None
            if i < len(cells) and kinds[i] == "attr":
                binding = _binding(cells[i][0])
                i += 1
            if not values or not columns:
                continue
            indicator, unit = _name_of(name_cell[0])
            if len(indicator) < 2:
                continue
            row_cells = []
            for (value, start, end), (year, cumulative, growth) in zip(values, columns, strict=False):
                row_cells.append(TableCell(value, start, end, year=year, cumulative=cumulative, growth=growth))
            rows.append(TableRow(name_cell[1], values[-1][2], tuple(row_cells), indicator=indicator, unit=unit,
                                 binding=binding))
            continue
        i += 1
    return rows


def _transposed(cells, kinds, names, i, rows: list[TableRow]) -> int:
    """Names row, "2022年目标值", values row, "属性" row: one row per name."""
    label = _TARGET_LABEL.search(cells[i][0])
    year = int(label.group(1)) if label else None
    i += 1
    values = []
    while i < len(cells) and kinds[i] == "value" and len(values) < len(names):
        values.append(cells[i])
        i += 1
    bindings: list[str | None] = []
    if i < len(cells) and kinds[i] == "attr_label":
        i += 1
        while i < len(cells) and kinds[i] == "attr" and len(bindings) < len(names):
            bindings.append(_binding(cells[i][0]))
            i += 1
    if len(values) != len(names):
        return i
    for k, (name_cell, value) in enumerate(zip(names, values, strict=True)):
        indicator, unit = _name_of(name_cell[0])
        binding = bindings[k] if k < len(bindings) else None
        rows.append(TableRow(value[1], value[2], (TableCell(value[0], value[1], value[2], year=year),),
                             indicator=indicator, unit=unit, binding=binding))
    return i


# -- glued rows ------------------------------------------------------------------------------
_GLUED_HEADER = re.compile(r"指标名称[^。]{0,20}?((?:19|20)\d{2})\s*年\s*目标值")
_GLUED_VALUE = re.compile(
    r"(?P<sign>[≥≤<>=＜＞])\s*(?P<num>\d+(?:\.\d+)?)(?P<unit>万元|亿元|元|%)?"
    r"|(?P<double>翻一番|翻两番|翻番)"
)
_ROW_NUMBER = re.compile(r"(?<![\d.])(\d{1,2})\s*(?=[\u4e00-\u9fff])")
_SOURCE_LEAD = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,8}?(?:局|厅|委|办|总队)(?:\s*/\s*[\u4e00-\u9fff]{1,6}?(?:局|厅|委|办))?)"
)
_CATEGORY_GLUED = re.compile(r"[一二三四五六七八九十]+、[\u4e00-\u9fff]{2,6}?(?=\d)")
_GLUED_UNIT = re.compile(f"(?:{vocabulary.alternation(vocabulary.GLUED_UNITS)})$")
_BASE_YEAR = re.compile(r"[(（]\s*((?:19|20)\d{2})\s*年不变价\s*[)）]")


def _glued_tables(text: str) -> list[TableRow]:
    """Rows of a table flattened onto one line ("6常住人口城镇化率% ≥ 72省统计局7企业…")."""
    rows: list[TableRow] = []
    for header in _GLUED_HEADER.finditer(text):
        year = int(header.group(1))
        line_end = text.find("\n", header.end())
        line_end = len(text) if line_end < 0 else line_end
        body_start = text.find("资料来源", header.end(), header.end() + 20)
        position = body_start + 4 if body_start >= 0 else header.end()
        expected = 1
        segment_start = position
        pending: list[str] = []
        # row numbers seen so far: the next one tells a glued "9818" (98, row 18) apart
        for value in _GLUED_VALUE.finditer(text, position, line_end):
            segment = text[segment_start:value.start()]
            row_start = segment_start  # the row's span covers its number too
            for number in _ROW_NUMBER.finditer(segment):
                if int(number.group(1)) == expected:
                    expected += 1
                    segment_start_in = number.end()
                    segment = segment[segment_start_in:]
                    segment_start += segment_start_in
            cell = value.group(0)
            cell_end = value.end()
            if value.group("num") and "." not in value.group("num") and not value.group("unit"):
                digits = value.group("num")
                suffix = str(expected)
                rest = text[value.end():value.end() + 12].lstrip()
                if len(digits) > len(suffix) and digits.endswith(suffix) and _CJK.match(rest[:1] or "x") \
                        and not _SOURCE_LEAD.match(rest):  # "≥ 55省农委5…": 55, then the source
                    cell = cell[: len(cell) - len(suffix)]
                    cell_end -= len(suffix)
                    expected += 1
            indicator, unit = _glued_name(segment)
            if pending and segment.strip() in ("/", ""):
                indicator = pending.pop(0)  # "城镇登记失业率/城镇调查失业率% <4/<5.5": the second name
                unit = rows[-1].unit if rows else unit
            elif "/" in indicator:
                pending = [n for n in indicator.split("/") if n]
                indicator = pending.pop(0) if pending else ""
            else:
                pending = []
            if indicator in ("全省", "全市", "全县", "全区", "全国") and rows:
                indicator = rows[-1].indicator  # "(全省≥3.4万元)": the same indicator, another measure
            if indicator:
                base = _BASE_YEAR.search(text, segment_start, value.start())
                value_cell = TableCell(cell.strip(), value.start(), cell_end, year=year)
                rows.append(TableRow(row_start, cell_end, (value_cell,),
                                     indicator=indicator, unit=value.group("unit") or unit,
                                     base_year=int(base.group(1)) if base else None))
            segment_start = cell_end
    return rows


def _glued_name(segment: str) -> tuple[str, str]:
    """(indicator, unit) from the text between two values: the previous row's source, a
    category ("二、创新驱动"), a row number and a parenthesis are dropped."""
    segment = _CATEGORY_GLUED.sub("", segment)
    segment = re.sub(r"[(（][^()（）]*[)）]", "", segment).strip(" )）(（")
    segment = _SOURCE_LEAD.sub("", segment).strip()
    segment = re.sub(r"^\d{1,2}\s*", "", segment)
    segment = re.sub(r"\s+", "", segment)
    unit = ""
    m = _GLUED_UNIT.search(segment)
    if m:
        unit = m.group(0)
        segment = segment[:m.start()]
    name = segment.strip("、,，:：")
    if name == "/":
        return "", ""
    if len(name) < 2 or not _CJK.search(name):
        return "", ""
    return name[-40:], unit


def read_text_tables(text: str) -> list[TableRow]:
    """Every indicator-table row in ``text`` that the line-per-row reader cannot see."""
    if "指" not in text or "标" not in text:
        return []
    rows = _pipe_tables(text) if "|" in text else []
    return [*rows, *_glued_tables(text)]

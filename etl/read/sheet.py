"""Spreadsheets: XLSX (every sheet a table) and CSV (a table, or one report per row).

XLSX is read with openpyxl in read-only mode (rows streamed, memory flat); merged
cells are read from each sheet's <mergeCells> and their value repeated into every cell
they cover, so a merged header "2025年" over two columns heads both. Header rows are the
rows above the first row holding a number.

CSV is decoded like any text file (GBK, UTF-8 with BOM …). A CSV whose columns include
a long-text column (full_text, content, 正文 …) holds whole documents, one per row: that
text becomes the document and the title and publish_date columns its title and date
(the realdocs 2026 reports); several such rows are several documents, and the file is rejected
`multiple_documents` (split it). Any other CSV is a table.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from typing import Any

from etl.read.model import Block, ReadDocument, Rejection, Table

__all__ = ["read_csv", "read_xlsx"]

MAX_CELLS = 2_000_000  # a sheet larger than this is data, not a document
_NUMBER_RE = re.compile(r"^[<>≤≥＜＞~约]?\s*-?\d+(?:\.\d+)?\s*(?:%|以上|以下|左右)?$")
_TEXT_COLUMNS = ("full_text", "fulltext", "content", "text", "body", "正文", "全文", "内容")
_TITLE_COLUMNS = ("title", "标题", "题名")
_DATE_COLUMNS = ("publish_date", "published_on", "pubdate", "date", "发布日期", "发布时间", "日期")
_DATE_RE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format(value, "f").rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\n", " ").strip()


_ORDINAL_RE = re.compile(r"^\d{1,4}$")
_YEAR_CELL_RE = re.compile(r"^(?:19|20)\d{2}(?:年)?$")


def header_rows(rows: list[list[str]]) -> int:
    """Rows above the first body row (at least 1).

    A body row opens with a row number (1, 2 …), holds a number in another cell, or names a
    group across the table; a year (2025, 2025年) is a header word, not a number.
    """
    for i, row in enumerate(rows):
        if i and len({c.strip() for c in row if c.strip()}) == 1:
            return i  # a group row ("一、交通基础设施" across the table) opens the body
        first = row[0].strip() if row else ""
        if _ORDINAL_RE.match(first) and not _YEAR_CELL_RE.match(first):
            return max(1, i)
        if any(_NUMBER_RE.match(c.strip()) and not _YEAR_CELL_RE.match(c.strip()) for c in row[1:] if c.strip()):
            return max(1, i)
    return 1


def _merged_ranges(raw: bytes, sheet_paths: dict[str, str]) -> dict[str, list[tuple[int, int, int, int]]]:
    """Per sheet title, its merged ranges (min_row, min_col, max_row, max_col), read from the sheet XML."""
    from openpyxl.utils.cell import range_boundaries

    out: dict[str, list[tuple[int, int, int, int]]] = {}
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        for title, path in sheet_paths.items():
            try:
                xml = zf.read(path)
            except KeyError:
                continue
            ranges = []
            for ref in re.findall(rb'<(?:\w+:)?mergeCell [^>]*ref="([A-Z]+\d+:[A-Z]+\d+)"', xml):
                min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
                ranges.append((min_row, min_col, max_row, max_col))
            out[title] = ranges
    return out


def read_xlsx(raw: bytes) -> ReadDocument:
    """Every non-empty sheet as a table (caption: the sheet name); never raises."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as err:
        return ReadDocument("xlsx", rejection=Rejection("corrupt_file", f"XLSX does not open: {type(err).__name__}: {err}"[:300]))
    doc = ReadDocument("xlsx")
    try:
        paths = {}
        for ws in wb.worksheets:
            path = getattr(ws, "_worksheet_path", None) or getattr(ws, "worksheet_path", None)
            if path:
                paths[ws.title] = path.lstrip("/")
        merged = _merged_ranges(raw, paths)
        cells = 0
        for ws in wb.worksheets:
            grid: list[list[str]] = []
            for row in ws.iter_rows(values_only=True):
                cells += len(row)
                if cells > MAX_CELLS:
                    return ReadDocument("xlsx", rejection=Rejection("too_large", f"more than {MAX_CELLS} cells"))
                grid.append([_cell_text(v) for v in row])
            for min_row, min_col, max_row, max_col in merged.get(ws.title, []):
                if min_row - 1 >= len(grid):
                    continue
                value = grid[min_row - 1][min_col - 1] if min_col - 1 < len(grid[min_row - 1]) else ""
                for r in range(min_row - 1, min(max_row, len(grid))):
                    row_cells = grid[r]
                    while len(row_cells) < max_col:
                        row_cells.append("")
                    for c in range(min_col - 1, max_col):
                        row_cells[c] = value
            grid = [r for r in grid if any(c.strip() for c in r)]
            if not grid:
                continue
            width = max(len(r) for r in grid)
            keep = [c for c in range(width) if any(c < len(r) and r[c].strip() for r in grid)]
            grid = [[r[c] if c < len(r) else "" for c in keep] for r in grid]
            title, grid = _title_row(grid)
            if title:
                doc.parts.append(Block(title))
            if grid:
                doc.parts.append(Table(grid, header_rows=header_rows(grid), caption=ws.title))
    except Exception as err:
        return ReadDocument("xlsx", rejection=Rejection("corrupt_file", f"XLSX unreadable: {type(err).__name__}: {err}"[:300]))
    finally:
        wb.close()
    return doc


def _title_row(grid: list[list[str]]) -> tuple[str | None, list[list[str]]]:
    """A first row with one distinct text (a title merged across the sheet) is the sheet's title."""
    if len(grid) < 2:
        return None, grid
    distinct = {c.strip() for c in grid[0] if c.strip()}
    if len(distinct) == 1 and len(grid[1]) >= 2:
        return distinct.pop(), grid[1:]
    return None, grid


def read_csv(text: str, encoding: str | None) -> ReadDocument:
    """A decoded CSV: documents in a text column, or a table."""
    doc = ReadDocument("csv", encoding=encoding)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0] + "\n", delimiters=",\t;|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    rows = [[c.strip() for c in r] for r in rows if any(c.strip() for c in r)]
    if not rows:
        doc.rejection = Rejection("empty", "a CSV without rows")
        return doc
    header = [c.strip().lower().lstrip("\ufeff") for c in rows[0]]
    text_col = next((header.index(c) for c in _TEXT_COLUMNS if c in header), None)
    if text_col is not None and len(rows) >= 2:
        title_col = next((header.index(c) for c in _TITLE_COLUMNS if c in header), None)
        date_col = next((header.index(c) for c in _DATE_COLUMNS if c in header), None)
        texts = [row[text_col] for row in rows[1:] if text_col < len(row) and row[text_col].strip()]
        if len(texts) > 1:  # one file is one document: which report would the facts belong to?
            doc.rejection = Rejection("multiple_documents", f"{len(texts)} texts in the {rows[0][text_col]!r} "
                                                            "column: split the CSV into one file per row")
            return doc
        doc.parts.extend(Block(t) for t in texts)
        first = rows[1]
        if title_col is not None and title_col < len(first) and first[title_col].strip():
            doc.title = first[title_col].strip()
        if date_col is not None and date_col < len(first):
            m = _DATE_RE.search(first[date_col])
            if m:
                y, mo, d = (int(g) for g in m.groups())
                try:
                    doc.published_on = dt.date(y, mo, d).isoformat()
                except ValueError:
                    pass
        if doc.title and doc.parts and isinstance(doc.parts[0], Block) and doc.title not in doc.parts[0].text[:200]:
            doc.parts.insert(0, Block(doc.title))
        return doc
    width = max(len(r) for r in rows)
    grid = [r + [""] * (width - len(r)) for r in rows]
    title, grid = _title_row(grid)
    if title:
        doc.parts.append(Block(title))
    doc.parts.append(Table(grid, header_rows=header_rows(grid)))
    return doc

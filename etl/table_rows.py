"""Rows and cells of a table as they stand in the normalized text: the one model of every table.

A format table (HTML, DOCX, PDF, XLSX) is laid into the text by etl.read.assemble, one line
per row, and its rows and cells come out as these records with their column and header flag;
an indicator table that reached us flattened to text (etl.extract.text_tables: pipe cells,
transposed, glued, or one row per line) gives the same records, with what its header said
about each cell (year, 累计, 年均增长) and about the row (indicator, unit, 属性). Spans are
offsets into the document text, so a fact read from a cell quotes the text where it stands.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TableCell", "TableRow"]


@dataclass(frozen=True, slots=True)
class TableCell:
    """One cell: what it says (normalized; a text table's cell cleaned: ">80", "〔18〕") and where.

    ``char_start == -1`` marks a cell of a row read one per line that its line does not hold
    again after the cell before it (never read).
    """

    text: str
    char_start: int
    char_end: int
    column: int | None = None  # its column in a format table
    year: int | None = None  # the header year of its column (a text table)
    cumulative: bool = False  # a 〔累计〕 (five-year total) column
    growth: bool = False  # a 年均增长 (average growth) column


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row: its span (a format table's rendered line; a text table's row from its name to
    its last value) and its cells in order."""

    char_start: int
    char_end: int
    cells: tuple[TableCell, ...]
    row: int | None = None  # its index in a format table
    is_header: bool = False  # a format table's header row
    indicator: str = ""  # a text table's indicator name
    unit: str = ""  # from "(%)" after the name, a unit cell or the unit before the comparator
    binding: str | None = None  # binding (约束性) | expected (预期性) | None
    base_year: int | None = None  # "(2010年不变价)…翻一番": the base of a multiple
    header_years: tuple[int, ...] = ()  # a row read one per line: the years of the header line above
    header_growth: bool = False  # … and whether that header names a growth column

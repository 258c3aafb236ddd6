"""A read document → the normalized text every extractor reads, with each table cell's span.

Paragraphs are normalized as one text (`etl.normalize.normalize_text`: chrome, scripts,
spaces, numerals…). Each table stands in that text as a one-line placeholder while it is
normalized; afterwards the placeholder is replaced by the table's rows, one line per
row, cells separated by a tab. Cells get the same character repairs as the text (widths,
script, spaces, numeral years) one by one, so no step can move a cell across a
separator, and every cell's character span in the final text is known exactly
(lineage: table, row, column). Tabs occur nowhere else in normalized text. Rows and cells are
etl.table_rows' records, the model every table reader shares.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from etl.normalize import (
    NormalizedText,
    ProtectedNames,
    clean_characters,
    compile_protected_names,
    convert_numeral_years,
    normalize_text,
    tidy_spaces,
    to_half_width,
    to_simplified,
)
from etl.read.model import Block, ReadDocument, Table
from etl.records import QualityFlag
from etl.table_rows import TableCell, TableRow

__all__ = ["CELL_SEPARATOR", "AssembledText", "TableSpan", "assemble"]

CELL_SEPARATOR = "\t"
_PLACEHOLDER = "\ue000{}\ue001"
_PLACEHOLDER_RE = re.compile("\ue000(\\d+)\ue001")


@dataclass(slots=True)
class TableSpan:
    """A table as it stands in the normalized text: rows with cell spans; headers first."""

    table: int  # 0-based index of the table in the document
    char_start: int
    char_end: int
    header_rows: int
    rows: list[TableRow] = field(default_factory=list)  # one per rendered line; cells with column
    caption: str | None = None
    page: int | None = None

    def header(self, column: int) -> str:
        """The column's header words: its header cells top to bottom, repeats once."""
        words: list[str] = []
        for row in self.rows:
            if not row.is_header:
                break
            for cell in row.cells:
                if cell.column == column and cell.text and cell.text not in words:
                    words.append(cell.text)
        return " ".join(words)

    @property
    def body(self) -> list[TableRow]:
        return [r for r in self.rows if not r.is_header]


@dataclass(slots=True)
class AssembledText:
    """The normalized text (with flags and script) and the tables standing in it."""

    normalized: NormalizedText
    tables: list[TableSpan] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.normalized.text

    def table_spans(self) -> list[tuple[int, int]]:
        return [(t.char_start, t.char_end) for t in self.tables]


def _normalize_cells(cells: list[str], traditional: bool, protected: ProtectedNames) -> list[str]:
    """The text's character repairs, cell by cell (one line each, so no cell runs into another)."""
    joined = "\n".join(re.sub(r"[\r\n\t\u2028\u2029\x0b\x0c\x85]+", " ", c) for c in cells)
    joined, _ = clean_characters(joined)
    joined = to_half_width(joined)
    if traditional:
        joined, _, _ = to_simplified(joined, protected)
    joined = tidy_spaces(joined)
    joined, _ = convert_numeral_years(joined)
    out = joined.split("\n")
    return out if len(out) == len(cells) else [c.strip() for c in cells]


def assemble(read: ReadDocument, protected_names: Iterable[str] | ProtectedNames = ()) -> AssembledText:
    """Normalize a read document's paragraphs and lay its tables into the text, cell spans kept."""
    protected = compile_protected_names(protected_names)
    tables = [p for p in read.parts if isinstance(p, Table)]
    pieces: list[str] = []
    for part in read.parts:
        if isinstance(part, Block):
            pieces.append(part.text.replace("\ue000", "").replace("\ue001", ""))
        else:
            pieces.append(_PLACEHOLDER.format(tables.index(part)))
    normalized = normalize_text("\n".join(pieces), protected)
    flags = list(read.flags) + list(normalized.quality_flags)
    if not tables:
        normalized.quality_flags = _merge(flags)
        normalized.encoding = read.encoding
        return AssembledText(normalized)
    traditional = normalized.source_script == "traditional"
    cell_texts = [_normalize_cells([c for row in t.rows for c in row], traditional, protected) for t in tables]
    out: list[str] = []
    spans: list[TableSpan] = []
    pos = 0
    cursor = 0
    text = normalized.text
    for m in _PLACEHOLDER_RE.finditer(text):
        out.append(text[cursor:m.start()])
        pos += m.start() - cursor
        cursor = m.end()
        index = int(m.group(1))
        table = tables[index]
        flat = iter(cell_texts[index])
        span = TableSpan(table=index, char_start=pos, char_end=pos, header_rows=table.header_rows,
                         caption=table.caption, page=table.page)
        lines: list[str] = []
        for r, row in enumerate(table.rows):
            texts = [next(flat) for _ in row]
            if not any(texts):
                continue
            if lines:
                lines.append("\n")
                pos += 1
            row_start = pos
            cells: list[TableCell] = []
            for c, cell in enumerate(texts):
                if c:
                    lines.append(CELL_SEPARATOR)
                    pos += 1
                cells.append(TableCell(cell, pos, pos + len(cell), column=c))
                lines.append(cell)
                pos += len(cell)
            span.rows.append(TableRow(row_start, pos, tuple(cells), row=r, is_header=r < table.header_rows))
        span.char_end = pos
        out.extend(lines)
        spans.append(span)
    out.append(text[cursor:])
    normalized.text = "".join(out)
    if "\ue000" in normalized.text:  # a placeholder damaged by normalization: never leave it in the text
        normalized.text = normalized.text.replace("\ue000", "").replace("\ue001", "")
    normalized.quality_flags = _merge(flags + [QualityFlag("tables", len(spans))])
    normalized.encoding = read.encoding
    return AssembledText(normalized, spans)


def _merge(flags: list[QualityFlag]) -> list[QualityFlag]:
    counts: dict[str, int] = {}
    for f in flags:
        counts[f.flag] = counts.get(f.flag, 0) + f.count
    return [QualityFlag(k, v) for k, v in sorted(counts.items()) if v]

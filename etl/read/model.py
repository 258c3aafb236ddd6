"""The shape every format reader returns: text blocks and tables, in reading order.

A reader's only job is to turn a file's bytes into this shape; `etl.read.assemble`
turns it into the normalized text every extractor reads, with each table cell's
character span on the side (lineage: table, row, column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl import vocabulary
from etl.ingest import Rejection
from etl.records import QualityFlag

__all__ = ["Block", "ReadDocument", "Rejection", "Table", "join_wrapped"]


@dataclass(slots=True)
class Block:
    """One paragraph (or heading) of running text; may hold several lines (plain text does)."""

    text: str


@dataclass(slots=True)
class Table:
    """A table as rows of cell texts; the first `header_rows` rows are headers.

    Merged cells are repeated into every cell they cover (a merged header "2025年"
    over two columns gives both columns that header), so a column's header is
    always its own cells of the header rows.
    """

    rows: list[list[str]]
    header_rows: int = 1
    caption: str | None = None  # the sheet name of a spreadsheet, or the paragraph above
    page: int | None = None  # 1-based page of a PDF


@dataclass(slots=True)
class ReadDocument:
    """A file read: its parts in reading order, what the file says about itself, damage seen."""

    format: str  # txt | html | pdf | docx | xlsx | csv
    parts: list[Block | Table] = field(default_factory=list)
    encoding: str | None = None
    title: str | None = None
    published_on: str | None = None  # ISO date, when the file states it (CSV publish_date, HTML meta)
    flags: list[QualityFlag] = field(default_factory=list)
    rejection: Rejection | None = None

    @property
    def tables(self) -> list[Table]:
        return [p for p in self.parts if isinstance(p, Table)]


_CJK = vocabulary.CJK
# A line that ends where a sentence cannot: no closing punctuation. The next line continues it.
_JOIN_TIGHT_RE = re.compile(rf"[{_CJK}0-9.%、，,（(“]$")
_OPENS_TIGHT_RE = re.compile(rf"^[{_CJK}0-9.%、，,。；;：:）)”]")
_LATIN_END_RE = re.compile(r"[A-Za-z]$")
_LATIN_START_RE = re.compile(r"^[A-Za-z]")


def join_wrapped(lines: list[str]) -> str:
    """Join lines a layout wrapped mid-sentence or mid-number ("364.2" + "亿元", "失" + "业率").

    Latin words keep a space between them; everything else is joined tight, as
    Chinese text is written without spaces.
    """
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and _LATIN_END_RE.search(out) and _LATIN_START_RE.match(line):
            out += " " + line
        else:
            out += line
    return out

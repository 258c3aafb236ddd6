"""The layout of one document, found once: lines, sentences, clauses, sections, project boxes and
lists, table rows with their cells and header years, footnote lines.

Every extractor reads the same `Layout` (etl.extract.document builds it once per document with
`build_layout`) instead of finding boxes, lists and tables again from the text:

- the figure reader (etl.extract.targets) bisects its sentence, clause and line boundaries,
  skips the project spans and footnote lines, and reads the table rows;
- the project reader (etl.extract.projects) returns the project mentions found here;
- the format-table reader (etl.extract.tables) reads `tables` (cells of HTML/DOCX/PDF/XLSX
  tables, with their spans in `text`).

Two texts of the same length: `text` is the document as loaded (every record's quote points
into it); `prose` is the same text with the format tables' rows blanked (each character a line
end), so a table's facts are read once, as a table, and never again as prose. Offsets hold in
both. Every boundary below is an offset into `prose`.

Pure: no database, no state shared between documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from etl.extract.projects import ProjectPass, project_pass
from etl.extract.targets import read_line_table_rows
from etl.extract.text_tables import read_text_tables
from etl.read.assemble import TableSpan
from etl.records import Section
from etl.structure import SectionList, parse_sections
from etl.table_rows import TableRow

__all__ = ["CLAUSE_END_RE", "FOOTNOTE_LINE_RE", "SENTENCE_END_RE", "Layout", "build_layout",
           "blank_tables"]

# sentence ends: a figure's sentence never reaches across these
SENTENCE_END_RE = re.compile(r"[。！？!?\n]")
# clause boundaries: a figure's indicator never reaches across these
# (one opening character class, "——" as — followed by —: `re` then scans for it in C)
CLAUSE_END_RE = re.compile(r"[,，;；:：。！？!?\n—](?:(?<=—)—|(?<!—))")
# footnotes: "4. 中国城区高质量发展百强区:…", "8.“三社联动”是指…"
FOOTNOTE_LINE_RE = re.compile(
    r"^\s*(?:注\s*[:：]\s*)?\d{1,2}\s*(?:[.．、]\s*)?"
    r"(?:“[^”]{1,20}”[^,，。;；:：“]{0,6}?\s*(?:是指|指|:|：)|(?<=[.．、 ])(?!年)[^,，。;；:：]{2,30}[:：])")
# the only lines FOOTNOTE_LINE_RE can match: a digit or 注 after the line's leading spaces, and a
# colon or 指 further on
_NOTE_OR_DIGIT_LINE_RE = re.compile(r"^[^\S\n]*(?:注|\d)[^\n]*[:：指]", re.M)


@dataclass(frozen=True, slots=True)
class Layout:
    """Where everything stands in one document (see the module docstring)."""

    text: str  # the document text: records quote it
    prose: str  # `text` with the format tables' rows blanked: the prose readers read this
    line_starts: list[int]  # of every line of `prose` (0 first)
    sentence_ends: list[int]  # offsets of SENTENCE_END_RE in `prose`
    clause_ends: list[int]  # offsets of CLAUSE_END_RE in `prose`
    footnote_lines: frozenset[int]  # starts of the lines that are numbered notes or definitions
    sections: SectionList  # the heading tree (headings, 专栏 boxes), with its lookup index
    projects: ProjectPass  # project boxes, lists, text tables and prose mentions; the spans they cover
    table_rows: list[TableRow]  # indicator tables flattened to text (pipe, transposed, glued)
    line_table_rows: list[TableRow]  # indicator tables written one row per line, with header years
    tables: list[TableSpan]  # format tables (HTML/DOCX/PDF/XLSX) with their cells' spans in `text`

    @property
    def project_spans(self) -> tuple[tuple[int, int], ...]:
        """The spans of project mentions, in order: numbers inside them describe a project."""
        return self.projects.spans


def blank_tables(text: str, tables: Sequence[TableSpan]) -> str:
    """``text`` with every table's rows blanked (each character a line end): offsets unchanged.

    The prose readers read this, so a fact of a table comes out once, from the table reader.
    """
    if not tables:
        return text
    pieces: list[str] = []
    cursor = 0
    for table in tables:
        start, end = table.char_start, table.char_end
        pieces.append(text[cursor:start])
        pieces.append("\n" * (end - start))  # empty lines: every scanner skips them at once
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def build_layout(text: str, tables: Sequence[TableSpan] = (),
                 sections: Sequence[Section] | None = None) -> Layout:
    """The layout of a normalized document and its format tables (as etl.read.assemble laid them
    into ``text``). ``sections``: the heading tree when the caller has one (else parsed here)."""
    prose = blank_tables(text, tables)
    line_starts = [0, *map(re.Match.end, re.finditer(r"\n", prose))]
    if sections is None:
        section_list = parse_sections(prose)
    elif isinstance(sections, SectionList):
        section_list = sections
    else:
        section_list = SectionList(sections)
    projects = project_pass(prose, section_list, line_starts)
    table_rows = read_text_tables(prose)
    return Layout(
        text=text,
        prose=prose,
        line_starts=line_starts,
        # map(Match.start, …) rather than a comprehension: thousands of matches per document
        sentence_ends=list(map(re.Match.start, SENTENCE_END_RE.finditer(prose))),
        clause_ends=list(map(re.Match.start, CLAUSE_END_RE.finditer(prose))),
        footnote_lines=_footnote_lines(prose),
        sections=section_list,
        projects=projects,
        table_rows=table_rows,
        line_table_rows=read_line_table_rows(prose, line_starts, projects.spans, table_rows),
        tables=list(tables),
    )


def _footnote_lines(text: str) -> frozenset[int]:
    """Starts of the lines FOOTNOTE_LINE_RE matches (each line read on its own)."""
    found: set[int] = set()
    for m in _NOTE_OR_DIGIT_LINE_RE.finditer(text):
        start = m.start()  # a line's start: the pattern opens with ^
        end = text.find("\n", start)
        if FOOTNOTE_LINE_RE.match(text[start:end if end >= 0 else len(text)]):
            found.add(start)
    return frozenset(found)

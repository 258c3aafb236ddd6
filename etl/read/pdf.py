"""PDF with a text layer → paragraphs and tables, page by page, in reading order.

PDFium (pypdfium2) reads the text layer: fast (C), and it repairs broken cross-reference
tables as viewers do. Each text line comes with its position; lines wrapped by the layout are
joined back into paragraphs: a paragraph starts where a line is indented or the line before
stops well short of the right margin (Chinese paragraphs open with a two-character indent;
CJK line breaking leaves a few characters of room before a number or a closing mark).
Running page numbers ("- 3 -", "3") are dropped. Pages that draw ruling lines are handed to
pdfplumber, whose find_tables turns ruled tables into tables; their text is kept out of the
paragraphs. A PDF without a text layer (a scan) is rejected `no_text_layer`: OCR is not
guessed here.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from etl.read.model import Block, ReadDocument, Rejection, Table, join_wrapped
from etl.records import QualityFlag

__all__ = ["read_pdf"]

MAX_PAGES = 2000  # beyond this a file is a book or a scan dump, not a plan; rejected too_many_pages
_RULING_OBJECTS = 4  # path objects on a page before it is searched for ruled tables
_PAGE_NUMBER_RE = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?[-—–\s]*(?:/\s*\d{1,4}\s*)?$")
_SENTENCE_END_RE = re.compile(r"[。！？!?：:；;]$")


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float  # distance from the top of the page
    height: float


def _reject(reason: str, detail: str) -> ReadDocument:
    return ReadDocument("pdf", rejection=Rejection(reason, detail))


def _is_password_error(err: BaseException) -> bool:
    text = f"{type(err).__name__} {err}".lower()
    return "password" in text or "encrypt" in text or "security" in text


def read_pdf(raw: bytes) -> ReadDocument:
    """Read a PDF's text layer; never raises (encrypted, corrupt or scanned files are rejections)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(raw)
    except Exception as err:  # PdfiumError: password, format or file errors
        if _is_password_error(err):
            return _reject("encrypted", "password-protected PDF")
        return _reject("corrupt_file", f"PDF does not open: {err}"[:300])
    doc = ReadDocument("pdf")
    tables = _Tables(raw)
    try:
        pages = len(pdf)
        if pages > MAX_PAGES:
            return _reject("too_many_pages", f"{pages} pages > limit {MAX_PAGES}")
        doc.title = _title(pdf)
        chars = empty_pages = broken_pages = 0
        paragraph: list[str] = []
        previous_short = True  # the line before ended a paragraph (carried across pages)
        for index in range(pages):
            try:
                items, n_chars, previous_short = _read_page(pdf, index, previous_short, tables)
            except Exception:  # one unreadable page: flag it, read the rest
                broken_pages += 1
                items, n_chars = [], 0
            chars += n_chars
            if not n_chars:
                empty_pages += 1
            for item in items:
                if isinstance(item, Table):
                    if paragraph:
                        doc.parts.append(Block(join_wrapped(paragraph)))
                        paragraph = []
                    doc.parts.append(item)
                    continue
                text, starts_paragraph = item
                if starts_paragraph and paragraph:
                    doc.parts.append(Block(join_wrapped(paragraph)))
                    paragraph = []
                paragraph.append(text)
        if paragraph:
            doc.parts.append(Block(join_wrapped(paragraph)))
    except Exception as err:
        if _is_password_error(err):
            return _reject("encrypted", "password-protected PDF")
        return _reject("corrupt_file", f"PDF unreadable: {type(err).__name__}: {err}"[:300])
    finally:
        tables.close()
        pdf.close()
    if not chars:
        return _reject("no_text_layer", f"{empty_pages} page(s) and no text layer (a scan? OCR it first)")
    if empty_pages:
        doc.flags.append(QualityFlag("pdf_page_without_text", empty_pages))
    if broken_pages:
        doc.flags.append(QualityFlag("pdf_page_unreadable", broken_pages))
    return doc


def _title(pdf: Any) -> str | None:
    try:
        title = (pdf.get_metadata_dict() or {}).get("Title")
    except Exception:
        return None
    if isinstance(title, str) and len(title.strip()) >= 4 and any("\u4e00" <= c <= "\u9fff" for c in title):
        return title.strip()
    return None


class _Tables:
    """pdfplumber, opened only when a page draws ruling lines, to find the ruled tables on it."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.pdf: Any = None

    def find(self, index: int) -> list[tuple[tuple[float, float, float, float], list[list[str]]]]:
        """(bbox as x0, top, x1, bottom from the page's top-left; rows) of each ruled table on the page."""
        import pdfplumber

        if self.pdf is None:
            self.pdf = pdfplumber.open(io.BytesIO(self.raw))
        page = self.pdf.pages[index]
        try:
            found = []
            for table in page.find_tables():
                rows = [[_cell(c) for c in row] for row in table.extract()]
                rows = [r for r in rows if any(r)]
                if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                    found.append((table.bbox, rows))
            return found
        finally:
            page.close()  # frees the page's cached objects

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def _lines(page: Any, height: float, skip: list[tuple[float, float, float, float]]) -> tuple[list[_Line], int]:
    """The page's text lines with their extent (PDFium's line breaks), chars inside `skip` boxes left out.

    A line's extent comes from the boxes of its first and last visible characters (two calls per
    line, not one per character), except on a page with tables, where every character is placed.
    """
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if not count:
            return [], 0
        text = textpage.get_text_range(0, count)
        if len(text) != count:  # generated characters out of step with indices: place each one
            text = "".join(textpage.get_text_range(i, 1) or " " for i in range(count))
        lines: list[_Line] = []
        pos = 0
        for raw_line in text.split("\n"):
            start, end = pos, pos + len(raw_line)
            pos = end + 1
            if skip:
                kept = []
                for i in range(start, end):
                    left, bottom, right, top = textpage.get_charbox(i)
                    cx, cy = (left + right) / 2, height - (bottom + top) / 2
                    if not any(x0 <= cx <= x1 and t <= cy <= b for x0, t, x1, b in skip):
                        kept.append(i)
                visible = [i for i in kept if not text[i].isspace()]
                line = "".join(text[i] for i in kept).strip()
            else:
                visible = [i for i in (start, end - 1) if start <= i < end]
                line = raw_line.strip()
                if line:
                    first = start + (len(raw_line) - len(raw_line.lstrip()))
                    last = start + len(raw_line.rstrip()) - 1
                    visible = [first, last]
            if not line or not visible:
                continue
            a = textpage.get_charbox(visible[0])
            b = textpage.get_charbox(visible[-1])
            x0, x1 = min(a[0], b[0]), max(a[2], b[2])
            top, bottom = max(a[3], b[3]), min(a[1], b[1])
            lines.append(_Line(line, x0, x1, height - top, top - bottom))
        return lines, count
    finally:
        textpage.close()


def _read_page(pdf: Any, index: int, previous_short: bool, tables: _Tables) -> tuple[
        list[tuple[str, bool] | Table], int, bool]:
    """The page's lines (text, starts a paragraph) and tables, top to bottom; its char count; and
    whether its last line ended a paragraph (a paragraph runs on over a page break)."""
    import pypdfium2.raw as pdfium_c

    page = pdf[index]
    try:
        _, height = page.get_size()
        found: list[tuple[tuple[float, float, float, float], list[list[str]]]] = []
        paths = sum(1 for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2))
        if paths >= _RULING_OBJECTS:
            found = tables.find(index)
        lines, n_chars = _lines(page, height, [bbox for bbox, _ in found])
    finally:
        page.close()
    if not n_chars:
        return [], 0, previous_short
    lines = [ln for ln in lines if not _PAGE_NUMBER_RE.match(ln.text)]
    pending = sorted(((bbox[1], Table(rows, header_rows=1, page=index + 1)) for bbox, rows in found),
                     key=lambda it: it[0])
    items: list[tuple[str, bool] | Table] = []
    if lines:
        lefts = Counter(round(ln.x0) for ln in lines)
        left = min((x for x, n in lefts.items() if n >= 2), default=min(lefts))
        right = max(ln.x1 for ln in lines)
        size = Counter(round(ln.height) for ln in lines).most_common(1)[0][0] or 10
        for ln in lines:  # the content stream's order: reading order, columns included
            while pending and pending[0][0] < ln.top:
                items.append(pending.pop(0)[1])  # a table sits where its top is
                previous_short = True
            indented = ln.x0 > left + 0.8 * size
            starts = indented or previous_short
            room = right - ln.x1
            previous_short = room > 4 * size or (bool(_SENTENCE_END_RE.search(ln.text)) and room > 0.5 * size)
            items.append((ln.text, starts))
    items.extend(table for _, table in pending)
    if pending:
        previous_short = True
    return items, n_chars, previous_short


def _cell(value: str | None) -> str:
    return join_wrapped((value or "").split("\n"))

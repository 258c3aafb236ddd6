"""PDF with a text layer → paragraphs and tables, page by page, in reading order.

pdfplumber (on pdfminer.six) gives each text line with its position. Lines wrapped by
the layout are joined back into paragraphs: a paragraph starts where a line is
indented or the line before stops short of the right margin (Chinese paragraphs open
with a two-character indent). Running page numbers ("- 3 -", "3") are dropped.
Ruled tables (pdfplumber's find_tables) become tables, their text kept out of the
paragraphs. A PDF without a text layer (a scan) is rejected `no_text_layer`: OCR is not
guessed here.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

from etl.read.model import Block, ReadDocument, Rejection, Table, join_wrapped
from etl.records import QualityFlag

__all__ = ["read_pdf"]

MAX_PAGES = 2000  # beyond this a file is a book or a scan dump, not a plan; rejected too_many_pages
_PAGE_NUMBER_RE = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?[-—–\s]*(?:/\s*\d{1,4}\s*)?$")
_SENTENCE_END_RE = re.compile(r"[。！？!?：:；;]$")


def _reject(reason: str, detail: str) -> ReadDocument:
    return ReadDocument("pdf", rejection=Rejection(reason, detail))


def read_pdf(raw: bytes) -> ReadDocument:
    """Read a PDF's text layer; never raises (encrypted, corrupt or scanned files are rejections)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except (PDFPasswordIncorrect, PDFEncryptionError) as err:
        return _reject("encrypted", f"password-protected PDF ({type(err).__name__})")
    except PDFSyntaxError as err:
        return _reject("corrupt_file", f"PDF does not parse: {err}"[:300])
    except Exception as err:  # pdfminer raises many kinds on broken files
        name = type(err).__name__
        if any(word in f"{name} {err!r}" for word in ("Password", "Encrypt")):
            return _reject("encrypted", f"password-protected PDF ({name})")
        return _reject("corrupt_file", f"PDF does not open: {name}: {err}"[:300])
    doc = ReadDocument("pdf")
    try:
        with pdf:
            try:
                pages = pdf.pages
            except Exception as err:
                return _reject("corrupt_file", f"PDF page tree unreadable: {type(err).__name__}: {err}"[:300])
            if len(pages) > MAX_PAGES:
                return _reject("too_many_pages", f"{len(pages)} pages > limit {MAX_PAGES}")
            chars = 0
            empty_pages = 0
            broken_pages = 0
            info = _info(pdf)
            doc.title = info
            paragraph: list[str] = []
            previous_short = True  # the line before ended a paragraph (carried across pages)
            for number, page in enumerate(pages, start=1):
                try:
                    items, n_chars, previous_short = _read_page(page, number, previous_short)
                except Exception:  # one unreadable page: flag it, read the rest
                    broken_pages += 1
                    items, n_chars = [], 0
                finally:
                    _close(page)
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
    except (PDFPasswordIncorrect, PDFEncryptionError) as err:
        return _reject("encrypted", f"password-protected PDF ({type(err).__name__})")
    except Exception as err:
        if any(word in f"{type(err).__name__} {err!r}" for word in ("Password", "Encrypt")):
            return _reject("encrypted", f"password-protected PDF ({type(err).__name__})")
        return _reject("corrupt_file", f"PDF unreadable: {type(err).__name__}: {err}"[:300])
    if not chars:
        return _reject("no_text_layer", f"{empty_pages} page(s) and no text layer (a scan? OCR it first)")
    if empty_pages:
        doc.flags.append(QualityFlag("pdf_page_without_text", empty_pages))
    if broken_pages:
        doc.flags.append(QualityFlag("pdf_page_unreadable", broken_pages))
    return doc


def _info(pdf: Any) -> str | None:
    try:
        title = (pdf.metadata or {}).get("Title")
    except Exception:
        return None
    if isinstance(title, bytes):
        title = title.decode("utf-16" if title[:2] in (b"\xfe\xff", b"\xff\xfe") else "utf-8", "replace")
    if isinstance(title, str) and len(title.strip()) >= 4 and any("\u4e00" <= c <= "\u9fff" for c in title):
        return title.strip()
    return None


def _close(page: Any) -> None:
    try:
        page.close()  # frees the page's cached objects: memory stays flat over 500 pages
    except Exception:
        pass


def _read_page(page: Any, number: int, previous_short: bool) -> tuple[list[tuple[str, bool] | Table], int, bool]:
    """The page's lines (text, starts a paragraph) and tables, top to bottom; its char count; and
    whether its last line ended a paragraph (a paragraph runs on over a page break)."""
    n_chars = len(page.chars)
    if not n_chars:
        return [], 0, previous_short
    tables: list[tuple[float, Table]] = []
    body = page
    if page.lines or page.rects:
        for found in page.find_tables():
            rows = [[_cell(c) for c in row] for row in found.extract()]
            rows = [r for r in rows if any(r)]
            if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                tables.append((found.bbox[1], Table(rows, header_rows=1, page=number)))
                body = body.outside_bbox(found.bbox)
    lines = [ln for ln in body.extract_text_lines(return_chars=False, keep_blank_chars=True)
             if ln["text"].strip() and not _PAGE_NUMBER_RE.match(ln["text"].strip())]
    items: list[tuple[float, tuple[str, bool] | Table]] = [(top, t) for top, t in tables]
    if lines:
        lefts = Counter(round(ln["x0"]) for ln in lines)
        left = min((x for x, n in lefts.items() if n >= 2), default=min(lefts))
        right = max(ln["x1"] for ln in lines)
        size = Counter(round(ln["bottom"] - ln["top"]) for ln in lines).most_common(1)[0][0] or 10
        for ln in lines:
            text = ln["text"].strip()
            indented = ln["x0"] > left + 0.8 * size
            starts = indented or previous_short
            # A line ends its paragraph when it stops well short of the right margin (CJK line
            # breaking leaves up to a few characters of room before a number or a closing mark),
            # or stops short after closing punctuation.
            room = right - ln["x1"]
            previous_short = room > 4 * size or (bool(_SENTENCE_END_RE.search(text)) and room > 0.5 * size)
            items.append((ln["top"], (text, starts)))
    items.sort(key=lambda it: it[0])
    if tables and (not lines or tables[-1][0] > lines[-1]["top"]):
        previous_short = True
    return [it for _, it in items], n_chars, previous_short


def _cell(value: str | None) -> str:
    return join_wrapped((value or "").split("\n"))

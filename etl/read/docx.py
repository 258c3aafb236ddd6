"""DOCX (Word and WPS) → paragraphs and tables in body order, with list numbering written out.

python-docx reads the package; the body is walked in order so a table stays between
the paragraphs around it. Automatic numbering (w:numPr) is not part of a paragraph's
text in the file: it is rendered from numbering.xml ("一、", "（一）", "1.") so the
heading tree and numbered project lists read the same as in a text file. Merged cells
(gridSpan / vMerge) repeat their text into every cell they cover.
"""

from __future__ import annotations

import io
from typing import Any

from etl.read.model import Block, ReadDocument, Rejection, Table, join_wrapped

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (list numbers stay small)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _format_number(fmt: str, n: int) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
               "taiwaneseCounting", "japaneseCounting"):
        return _chinese(n)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman" or fmt == "upperRoman":
        roman = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
        r = roman[n] if n < len(roman) else str(n)
        return r.upper() if fmt == "upperRoman" else r
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class _Numbering:
    """Level formats of numbering.xml, and counters per list as paragraphs go by."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.styles: dict[str, tuple[str, int]] = {}  # paragraph style → (numId, ilvl) it numbers with
        try:
            based: dict[str, str] = {}
            for style in document.styles.element.iter(f"{_W}style"):
                sid = style.get(f"{_W}styleId", "")
                parent = style.find(f"{_W}basedOn")
                if parent is not None:
                    based[sid] = _val(parent) or ""
                numpr = style.find(f"{_W}pPr/{_W}numPr")
                if numpr is not None and numpr.find(f"{_W}numId") is not None:
                    self.styles[sid] = (_val(numpr.find(f"{_W}numId")) or "", int(_val(numpr.find(f"{_W}ilvl")) or "0"))
            for sid in list(based):
                seen, cur = set(), sid
                while cur not in self.styles and cur in based and cur not in seen:
                    seen.add(cur)
                    cur = based[cur]
                if cur in self.styles and sid not in self.styles:
                    self.styles[sid] = self.styles[cur]
        except Exception:  # no styles part: numbering only from paragraphs
            pass
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part: no automatic numbers
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iter(f"{_W}abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in an.iter(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = _val(lvl.find(f"{_W}numFmt")) or "decimal"
                text = _val(lvl.find(f"{_W}lvlText")) or ""
                start = int(_val(lvl.find(f"{_W}start")) or "1")
                levels[ilvl] = (fmt, text, start)
            abstract[an.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            levels = abstract.get(_val(ref) or "", {})
            for ilvl, spec in levels.items():
                self.levels[(num.get(f"{_W}numId", ""), ilvl)] = spec

    def label(self, p: Any) -> str:
        ppr = p.find(f"{_W}pPr")
        numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if numpr is not None and numpr.find(f"{_W}numId") is not None:
            num_id = _val(numpr.find(f"{_W}numId")) or ""
            ilvl = int(_val(numpr.find(f"{_W}ilvl")) or "0")
        else:
            style = _val(ppr.find(f"{_W}pStyle")) if ppr is not None else None
            if not style or style not in self.styles:
                return ""
            num_id, ilvl = self.styles[style]
        if num_id == "0" or (num_id, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        if ilvl >= len(counters):
            return ""
        fmt, text, start = self.levels[(num_id, ilvl)]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = 0
        if fmt in ("bullet", "none"):
            return ""
        label = text
        for level in range(ilvl + 1):
            lfmt = self.levels.get((num_id, level), ("decimal", "", 1))[0]
            label = label.replace(f"%{level + 1}", _format_number(lfmt, counters[level] or 1))
        return label.strip()


def _val(el: Any) -> str | None:
    return None if el is None else el.get(f"{_W}val")


def read_docx(raw: bytes) -> ReadDocument:
    """Read a .docx package; never raises (a broken package is `corrupt_file`)."""
    import docx

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as err:
        return ReadDocument("docx", rejection=Rejection("corrupt_file", f"DOCX does not open: {type(err).__name__}: {err}"[:300]))
    doc = ReadDocument("docx")
    numbering = _Numbering(document)
    try:
        title = document.core_properties.title
        if title and any("\u4e00" <= c <= "\u9fff" for c in title) and len(title) >= 4:
            doc.title = title.strip()
    except Exception:
        pass
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            text = _paragraph_text(child)
            label = numbering.label(child)
            if text.strip() or label:
                doc.parts.append(Block((label + text).strip() if label else text))
        elif child.tag == f"{_W}tbl":
            rows = _table_rows(child)
            if rows:
                doc.parts.append(Table(rows, header_rows=1))
        elif child.tag == f"{_W}sdt":  # content controls (a cover page, a TOC) hold paragraphs
            for p in child.iter(f"{_W}p"):
                text = _paragraph_text(p)
                if text.strip():
                    doc.parts.append(Block(text))
    return doc


def _paragraph_text(p: Any) -> str:
    """The visible text of a w:p: runs' w:t, tabs as spaces, breaks as line ends; no deleted text."""
    out: list[str] = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}delText"):
        tag = el.tag
        if tag == f"{_W}t":
            out.append(el.text or "")
        elif tag == f"{_W}tab":
            out.append(" ")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
    return "".join(out)


def _table_rows(tbl: Any) -> list[list[str]]:
    """Rows of cell texts; horizontal spans and vertical merges repeated into the cells they cover."""
    rows: list[list[str]] = []
    above: dict[int, str] = {}
    for tr in tbl.iterchildren(f"{_W}tr"):
        row: list[str] = []
        for tc in tr.iterchildren(f"{_W}tc"):
            tcpr = tc.find(f"{_W}tcPr")
            span = 1
            merge = None
            if tcpr is not None:
                gs = tcpr.find(f"{_W}gridSpan")
                span = int(_val(gs) or 1) if gs is not None else 1
                vm = tcpr.find(f"{_W}vMerge")
                if vm is not None:
                    merge = _val(vm) or "continue"
            lines = [_paragraph_text(p) for p in tc.iter(f"{_W}p")]
            text = join_wrapped([seg for ln in lines for seg in ln.split("\n")])
            col = len(row)
            if merge == "continue":
                text = above.get(col, "")
            for k in range(span):
                above[col + k] = text
                row.append(text)
        if any(c.strip() for c in row):
            rows.append(row)
    return rows

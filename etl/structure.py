"""The heading tree of a normalized planning document, and its table of contents.

Headings recognised, each at the start of a line (leading spaces of any width allowed):

=========  ================================  ======  ==============================
kind       written                           rank    becomes a section
=========  ================================  ======  ==============================
part       第一篇 …                          1       always
chapter    第一章 …                          2       always
section    第一节 …                          3       always
item       一、…                             4       always (title = first clause)
item       （一）… / (一)…                   5       always (title = first clause)
item       1. … / 1、…                       6       only when it reads as a heading:
item       （1）… / (1)…                     7       a short line, no 。, no amount,
                                                     and not inside a 专栏 box
box        专栏1 重点项目 / 2:商贸服务业…    -       always; a box whose "专栏" was lost
                                                     ("2:商贸服务业重点项目") only when a
                                                     numbered list follows it
=========  ================================  ======  ==============================

A heading's title is the rest of its line, or the next line when the heading stands
alone ("第一篇" then "立足新时代,…"). ``path`` joins the written numbers of the heading
and its ancestors ("2.5.1" is 第二篇 › 第五章 › 第一节; a document that numbers chapters
anew inside each 篇 still gets unique paths because the 篇 number leads); a box's
segment is "b" + its number ("2.5.b2"). A repeated number among siblings gets a
"_2" suffix. ``level`` is the depth in the tree (1 = top).

``char_end`` is the start of the next heading of the same or a higher rank (or the end
of the text); a box ends with its list (the numbered lines under it, with their
wrapped continuations), or at the next heading when it has no list.

A table of contents (a "目录" block, lines with dot leaders and page numbers, or a run
of headings that the body repeats) is recognised by ``toc_span`` and yields no
section.

Public API::

    parse_sections(text) -> SectionList                  # a list[Section] with a lookup index
    section_path_at(sections, offset) -> str | None      # deepest section containing offset
    toc_span(text) -> tuple[int, int] | None
    SectionIndex(sections).path_at(offset)               # the O(log n) lookup, built once
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from etl import vocabulary
from etl.records import Section

__all__ = ["SectionIndex", "SectionList", "parse_sections", "section_path_at", "toc_span"]

_CN_DIGITS = vocabulary.CN_DIGITS
_CN_UNITS = vocabulary.CN_SMALL_UNITS
_CN_NUM = "[" + "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "]+"

# Lines start after any whitespace (NBSP, ideographic space…); these see the stripped line.
_RE_PCS = re.compile(rf"第\s*({_CN_NUM}|[0-9０-９]{{1,3}})\s*([篇章节])")
_RE_BOX = re.compile(r"专栏\s*([0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})?\s*[:：.．、]?\s*")
_RE_BARE_BOX = re.compile(r"([0-9０-９]{1,2})\s*[:：]\s*")
_RE_ITEM_CN = re.compile(r"([一二三四五六七八九十]{1,3})\s*、\s*")
_RE_ITEM_PAREN_CN = re.compile(r"[（(]\s*([一二三四五六七八九十]{1,3})\s*[)）]\s*")
_RE_ITEM_NUM = re.compile(r"([0-9０-９]{1,2})\s*(?:[、．]|\.(?![0-9０-９]))\s*")
_RE_ITEM_PAREN_NUM = re.compile(r"[（(]\s*([0-9０-９]{1,2})\s*[)）]\s*")
# the start of a list line (inside a box)
_RE_LIST_LINE = re.compile(
    r"(?:[0-9０-９]{1,3}\s*(?:[、．)）]|\.(?![0-9０-９]))|[（(][0-9０-９]{1,3}[)）]|[①-⑳]|——|[-•·])"
)
_LEADER_CHARS = "…．.·-_─"
_DIGITS = "0123456789０１２３４５６７８９"
_RE_AMOUNT = re.compile(r"[0-9０-９]\s*(?:亿|万|元|%|％|公顷|平方)")
_RE_CLAUSE_END = re.compile(r"[。；;：:！!？?]")
_TOC_MARKERS = frozenset({"目录", "目次", "目錄"})
_LEADING_PUNCT = " \t:：、.．,，-—"

_RANK = {"part": 1, "chapter": 2, "section": 3}
_RANK_ITEM_CN, _RANK_ITEM_PAREN_CN, _RANK_ITEM_NUM, _RANK_ITEM_PAREN_NUM = 4, 5, 6, 7
_LIST_RANKS = (_RANK_ITEM_NUM, _RANK_ITEM_PAREN_NUM)  # 1. and (1): list items inside a box
_MAX_TITLE = 60
_MAX_SHORT_ITEM = 30


def _cn_to_int(text: str) -> int | None:
    """'十四' → 14, '二十一' → 21, '一百零二' → 102, '12' / '１２' → 12; None when unreadable."""
    text = text.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if all("０" <= ch <= "９" for ch in text):
        return int(text.translate({ord("０") + i: ord("0") + i for i in range(10)}))
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


@dataclass(slots=True)
class _Heading:
    kind: str
    rank: int  # 0 for boxes
    number: int | None
    number_text: str
    title: str
    start: int  # offset of the heading's first character
    line_index: int
    title_from_next_line: bool = False


@dataclass(slots=True)
class _Line:
    start: int  # offset of the first non-space character
    end: int  # offset after the last character before the line break
    text: str  # stripped


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            start = offset + lead
            out.append(_Line(start, start + len(stripped), stripped))
        else:
            out.append(_Line(offset, offset, ""))
        offset += len(raw)
    return out


def _no_space(text: str) -> str:
    """``text`` without whitespace (= re.sub(r"\\s+", "", text): str.split's whitespace is re's \\s)."""
    return "".join(text.split())


def _has_leader(line: str) -> bool:
    """A TOC entry: dot leaders then a page number ("第一章 发展环境……………2")."""
    tail = line.rstrip()
    if not tail or tail[-1] not in _DIGITS:
        return False
    without_page = tail.rstrip(_DIGITS)
    if len(tail) - len(without_page) > 4:
        return False
    without_page = without_page.rstrip()
    leaders = len(without_page) - len(without_page.rstrip(_LEADER_CHARS))
    return leaders >= 2 and (leaders >= 4 or without_page.endswith("…"))


def _strip_leader(text: str) -> str:
    tail = text.rstrip()
    without_page = tail.rstrip(_DIGITS).rstrip()
    stripped = without_page.rstrip(_LEADER_CHARS + " \u3000")
    if len(without_page) - len(without_page.rstrip(_LEADER_CHARS)) >= 2:
        return stripped
    return tail


def _clean_title(rest: str) -> str:
    return _strip_leader(rest).strip(_LEADING_PUNCT + "\u3000").strip()


def _first_clause(rest: str) -> str:
    match = _RE_CLAUSE_END.search(rest)
    head = rest[: match.start()] if match else rest
    return head[:_MAX_TITLE].strip()


def _classify(line: str) -> _Heading | None:
    """The heading this stripped line starts with, or None. ``start`` is left 0."""
    first = line[0]
    if first == "第":
        match = _RE_PCS.match(line)
        if match:
            rest = line[match.end():]
            if "。" in rest or len(rest) > _MAX_TITLE + 20:
                return None
            kind = {"篇": "part", "章": "chapter", "节": "section"}[match.group(2)]
            number_text = _no_space(match.group(0))
            return _Heading(kind, _RANK[kind], _cn_to_int(match.group(1)), number_text,
                            _clean_title(rest), 0, 0)
        return None
    if first == "专":
        match = _RE_BOX.match(line)
        if match:
            rest = line[match.end():]
            number = match.group(1)
            number_text = "专栏" + (number or "")
            title = _first_clause(_clean_title(rest)) if rest else ""
            return _Heading("box", 0, _cn_to_int(number) if number else None, number_text, title, 0, 0)
        return None
    if first in "一二三四五六七八九十":
        match = _RE_ITEM_CN.match(line)
        if match:
            rest = line[match.end():]
            if not rest or rest[0] in "一二三四五六七八九十是" or rest[0] in _LEADING_PUNCT:
                return None  # 一、二、三产业 / 一是
            return _Heading("item", _RANK_ITEM_CN, _cn_to_int(match.group(1)), match.group(0).strip(),
                            _first_clause(rest), 0, 0)
        return None
    if first in "(（":
        match = _RE_ITEM_PAREN_CN.match(line)
        if match:
            rest = line[match.end():]
            if not rest:
                return None
            return _Heading("item", _RANK_ITEM_PAREN_CN, _cn_to_int(match.group(1)),
                            _no_space(match.group(0)), _first_clause(rest), 0, 0)
        match = _RE_ITEM_PAREN_NUM.match(line)
        if match and _reads_as_heading(line[match.end():]):
            return _Heading("item", _RANK_ITEM_PAREN_NUM, _cn_to_int(match.group(1)),
                            _no_space(match.group(0)), _clean_title(line[match.end():]), 0, 0)
        return None
    if first.isdigit():
        match = _RE_ITEM_NUM.match(line)
        if match and _reads_as_heading(line[match.end():]):
            return _Heading("item", _RANK_ITEM_NUM, _cn_to_int(match.group(1)),
                            match.group(0).strip(), _clean_title(line[match.end():]), 0, 0)
    return None


def _classify_lines(lines: list[_Line]) -> list[_Heading | None]:
    """Each line's heading (outside any box), once per document."""
    return [_classify(line.text) if line.text else None for line in lines]


def _reads_as_heading(rest: str) -> bool:
    rest = rest.strip()
    return (
        0 < len(rest) <= _MAX_SHORT_ITEM
        and not _RE_CLAUSE_END.search(rest)
        and "，" not in rest
        and "," not in rest
        and not _RE_AMOUNT.search(rest)
        and not _has_leader(rest)
    )


def _bare_box(lines: list[_Line], index: int) -> _Heading | None:
    """"2:商贸服务业重点项目" followed by a numbered list: a 专栏 whose prefix was lost."""
    text = lines[index].text
    match = _RE_BARE_BOX.match(text)
    if not match:
        return None
    rest = text[match.end():]
    if not (2 <= len(rest) <= 30) or _RE_CLAUSE_END.search(rest) or _RE_AMOUNT.search(rest):
        return None
    for following in lines[index + 1 : index + 6]:
        if following.text:
            if not _RE_LIST_LINE.match(following.text) or following.text[0] not in "1１(（":
                return None
            return _Heading("box", 0, _cn_to_int(match.group(1)), match.group(1), _clean_title(rest), 0, 0)
    return None


def _is_body(line: str) -> bool:
    """A line of running prose (not a heading, not a TOC entry)."""
    return len(line) > 50 or line.endswith(("。", "；", ";"))


def _toc_span_lines(lines: list[_Line], heads: list[_Heading | None]) -> tuple[int, int] | None:
    """(first line index, last line index) of the table of contents, if any."""
    n = len(lines)
    i = 0
    while i < n:
        text = lines[i].text
        is_marker = text and _no_space(text) in _TOC_MARKERS
        is_leader = bool(text) and _has_leader(text)
        if not (is_marker or is_leader):
            i += 1
            continue
        first = i
        last = i if is_leader else None
        entries = 1 if is_leader else 0
        seen: set[tuple[str, str]] = set()
        seen_numbers: set[str] = set()
        if is_leader:
            heading = heads[i]
            if heading is not None:
                seen.add((heading.number_text, heading.title))
                seen_numbers.add(heading.number_text)
        j = i + 1
        while j < n:
            text = lines[j].text
            if not text:
                j += 1
                continue
            if _has_leader(text):
                entries += 1
                last = j
                heading = heads[j]
                if heading is not None:
                    seen.add((heading.number_text, heading.title))
                    seen_numbers.add(heading.number_text)
                j += 1
                continue
            heading = heads[j]
            if heading is not None and heading.kind != "box":
                key = (heading.number_text, heading.title)
                if key in seen or (not heading.title and heading.number_text in seen_numbers):
                    break  # the body repeats a TOC entry ("第一篇" + title line): the body starts here
                seen.add(key)
                seen_numbers.add(heading.number_text)
                entries += 1
                last = j
                j += 1
                continue
            if _is_body(text) or len(text) > 20:
                break
            last = j  # a short unnumbered entry (前言, 附件 …)
            j += 1
        if last is not None and entries >= 3:
            return first, last
        i = max(i + 1, j)  # a later start inside this run cannot find more entries: stay linear
    return _repeated_heading_run(lines, heads)


def _repeated_heading_run(lines: list[_Line], heads: list[_Heading | None]) -> tuple[int, int] | None:
    """A run of ≥ 5 headings with no prose between them, repeated later by the body."""
    run: list[int] = []
    keys: list[tuple[str, str]] = []
    for index, line in enumerate(lines):
        if not line.text:
            continue
        heading = heads[index]
        if heading is not None and heading.kind in ("part", "chapter", "section"):
            run.append(index)
            keys.append((heading.number_text, heading.title))
            continue
        if len(run) >= 5:
            break
        run, keys = [], []
    if len(run) < 5:
        return None
    first_key = keys[0]
    for heading in heads[run[-1] + 1 :]:
        if heading is not None and (heading.number_text, heading.title) == first_key:
                return run[0], run[-1]
    return None


def toc_span(text: str) -> tuple[int, int] | None:
    """(char_start, char_end) of the table of contents, or None when there is none."""
    lines = _lines(text)
    span = _toc_span_lines(lines, _classify_lines(lines))
    if span is None:
        return None
    return lines[span[0]].start, lines[span[1]].end


class SectionIndex:
    """Deepest section at an offset in O(log n), built once from a (nested) section list."""

    __slots__ = ("_paths", "_positions")

    def __init__(self, sections: Iterable[Section]):
        ordered = sorted(sections, key=lambda s: (s.char_start, -s.char_end))
        positions: list[int] = []
        paths: list[str | None] = []
        stack: list[Section] = []

        def mark(position: int, path: str | None) -> None:
            if positions and positions[-1] == position:
                paths[-1] = path
            else:
                positions.append(position)
                paths.append(path)

        for section in ordered:
            while stack and stack[-1].char_end <= section.char_start:
                closed = stack.pop()
                mark(closed.char_end, stack[-1].path if stack else None)
            if section.char_end <= section.char_start:
                continue  # empty: contains no offset
            mark(section.char_start, section.path)
            stack.append(section)
        while stack:
            closed = stack.pop()
            mark(closed.char_end, stack[-1].path if stack else None)
        self._positions = positions
        self._paths = paths

    def path_at(self, offset: int) -> str | None:
        i = bisect_right(self._positions, offset) - 1
        return self._paths[i] if i >= 0 else None


class SectionList(list):  # list[Section]
    """The sections of one document, with a lookup index built on first use."""

    __slots__ = ("_index", "_indexed_len")

    def __init__(self, sections: Iterable[Section] = ()):
        super().__init__(sections)
        self._index: SectionIndex | None = None
        self._indexed_len = -1

    @property
    def index(self) -> SectionIndex:
        if self._index is None or self._indexed_len != len(self):
            self._index = SectionIndex(self)
            self._indexed_len = len(self)
        return self._index


def section_path_at(sections: list[Section] | SectionIndex, offset: int) -> str | None:
    """Path of the deepest section whose [char_start, char_end) contains ``offset``.

    O(log n) for a ``SectionList`` (what ``parse_sections`` returns) or a ``SectionIndex``;
    a plain list is indexed on every call (O(n log n)), so build a ``SectionIndex`` once.
    """
    if isinstance(sections, SectionIndex):
        return sections.path_at(offset)
    if isinstance(sections, SectionList):
        return sections.index.path_at(offset)
    return SectionIndex(sections).path_at(offset)


@dataclass(slots=True)
class _Children:
    """Path segments already given to the children of one node (all O(1) per child)."""

    used: set[str] = field(default_factory=set)
    boxes: int = 0
    others: int = 0
    next_suffix: dict[str, int] = field(default_factory=dict)

    def segment(self, heading: _Heading) -> str:
        if heading.kind == "box":
            self.boxes += 1
            base = f"b{heading.number if heading.number is not None else self.boxes}"
        else:
            self.others += 1
            base = str(heading.number if heading.number is not None else self.others)
        segment = base
        if segment in self.used:
            k = self.next_suffix.get(base, 2)
            while f"{base}_{k}" in self.used:
                k += 1
            segment = f"{base}_{k}"
            self.next_suffix[base] = k + 1
        self.used.add(segment)
        return segment


@dataclass(slots=True)
class _Open:
    heading: _Heading
    path: str
    level: int
    result_index: int
    children: _Children


def parse_sections(text: str) -> SectionList:
    """The heading tree of ``text`` in document order (see the module docstring)."""
    lines = _lines(text)
    heads = _classify_lines(lines)
    toc = _toc_span_lines(lines, heads)
    headings: list[_Heading] = []
    box_ends: dict[int, int] = {}  # heading index -> char_end of a box with a list
    in_box = False
    box_until: int | None = None  # a box's list end: numbered lines before it are list items
    skip_until = -1
    for index, line in enumerate(lines):
        if not line.text or index <= skip_until:
            continue
        if in_box and box_until is not None and line.start >= box_until:
            in_box = False
        if toc is not None and toc[0] <= index <= toc[1]:
            continue
        heading = heads[index]
        if heading is not None and in_box and heading.rank in _LIST_RANKS:
            heading = None  # a numbered line inside a 专栏 is a list item
        if heading is None and line.text[0].isdigit():
            heading = _bare_box(lines, index)
        if heading is None:
            continue
        heading.start = line.start
        heading.line_index = index
        if not heading.title and heading.rank <= 3:  # 篇/章/节/专栏 alone on its line
            title_index = _next_nonblank(lines, index)
            if title_index is not None:
                candidate = lines[title_index].text
                if (len(candidate) <= 40 and not _is_body(candidate)
                        and heads[title_index] is None and not _has_leader(candidate)
                        and not (heading.kind == "box" and _RE_LIST_LINE.match(candidate))):
                    heading.title = candidate
                    heading.title_from_next_line = True
                    skip_until = title_index
        headings.append(heading)
        if heading.kind == "box":
            in_box = True
            box_until = _box_list_end(lines, heads, skip_until if heading.title_from_next_line else index)
            if box_until is not None:
                box_ends[len(headings) - 1] = box_until
        else:
            in_box = False

    result = SectionList()
    stack: list[_Open] = []
    root = _Children()

    def close(entry: _Open, position: int) -> None:
        section = result[entry.result_index]
        section.char_end = max(section.char_start, min(section.char_end, position))

    for h_index, heading in enumerate(headings):
        # boxes are leaves: close any open box first
        while stack and stack[-1].heading.kind == "box":
            close(stack.pop(), heading.start)
        if heading.kind != "box":
            while stack and stack[-1].heading.rank >= heading.rank:
                close(stack.pop(), heading.start)
        parent = stack[-1] if stack else None
        segment = (parent.children if parent else root).segment(heading)
        path = f"{parent.path}.{segment}" if parent else segment
        level = parent.level + 1 if parent else 1
        section = Section(
            path=path,
            level=level,
            kind=heading.kind,
            number_text=heading.number_text,
            title=heading.title,
            char_start=heading.start,
            char_end=box_ends.get(h_index, len(text)),
        )
        result.append(section)
        stack.append(_Open(heading, path, level, len(result) - 1, _Children()))
    while stack:
        close(stack.pop(), len(text))
    return result


def _next_nonblank(lines: list[_Line], index: int) -> int | None:
    for j in range(index + 1, min(index + 6, len(lines))):
        if lines[j].text:
            return j
    return None


def _box_list_end(lines: list[_Line], heads: list[_Heading | None], index: int) -> int | None:
    """End offset of the numbered list under a box heading, or None when none follows."""
    last: _Line | None = None
    previous_blank = False
    for j in range(index + 1, len(lines)):
        line = lines[j]
        text = line.text
        if not text:
            previous_blank = True
            continue
        heading = heads[j]
        if heading is not None and heading.rank not in _LIST_RANKS:
            break
        if text[0].isdigit() and _bare_box(lines, j):
            break
        if _RE_LIST_LINE.match(text):
            last = line
        elif last is not None and not previous_blank and not last.text.endswith("。"):
            last = line  # a wrapped list item
        else:
            break
        previous_blank = False
    return last.end if last is not None else None

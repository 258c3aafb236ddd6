"""Text repair: decoded text -> normalized simplified Chinese text + quality flags.

Everything downstream (char offsets, quotes, lineage) points into the text this
module returns, so `normalize_text` is a pure, deterministic function of its
input (and of the protected names): no I/O, no state kept between calls.

Steps, in order (each is a small function below):

1. ``repair_mojibake`` — GBK byte-shift runs such as "龍?zhí)秴^" (see its docstring).
   It runs first, on the input as given, so `Repair.char_start` points into the input.
2. ``clean_characters`` — line endings to ``\\n``, NFC, NUL and other control
   characters out, every horizontal space character (NBSP, U+3000, tab…) to " ".
3. ``to_half_width`` — full-width ASCII variants U+FF01–FF5E to ASCII.
4. ``strip_web_chrome`` — breadcrumbs, font/print widgets, nav and footer lines,
   a title repeated as a running header.
5. ``remove_pinyin_readings`` — "經(jīng)濟(jì)" -> "經濟".
   ``fold_variants`` — glyph variants OpenCC does not know, to their standard form: "寧陜縣" ->
   "寧陕縣" (Unihan kZVariant, ``etl/data/char_variants.csv``), so region names are found.
6. ``to_simplified`` — OpenCC t2s with protected names masked.
7. ``tidy_spaces`` — " 2025 年" -> "2025年", "“ 十四五 ”" -> "“十四五”".
8. ``convert_numeral_years`` — "二〇三〇年" -> "2030年".
9. ``collapse_blank_lines`` — no trailing spaces, at most one blank line in a row.

Canonical form of the output (downstream regexes need to handle only this):

- Line ends are ``\\n``; lines carry no leading or trailing spaces; a blank line
  separates paragraphs at most once; the only horizontal space is U+0020, never
  doubled.
- Digits, Latin letters and the ASCII punctuation , . : ; ? ! ( ) % + - / are ASCII
  (the seeds already mix "," and "，"; we fold the full-width forms U+FF01–FF5E).
- Chinese-only punctuation stays as it is: 、 。 “ ” ‘ ’ 《 》 【 】 … — ·.
- No space next to a digit or next to Chinese punctuation when the other side is
  Chinese: "2025年", "“十四五”期间", "216户". A single space between two Chinese
  characters is kept (it separates a heading number from its title: "第一章 发展环境").
- Years written in Chinese numerals are Arabic: "2035年".
"""

from __future__ import annotations

import csv
import math
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import opencc

from etl import vocabulary
from etl.records import QualityFlag

if TYPE_CHECKING:
    from etl.ingest import Decoded

__all__ = [
    "NormalizedText",
    "ProtectedNames",
    "Repair",
    "collapse_blank_lines",
    "compile_protected_names",
    "convert_numeral_years",
    "normalize_bytes",
    "normalize_decoded",
    "normalize_text",
    "remove_pinyin_readings",
    "repair_mojibake",
    "strip_web_chrome",
    "tidy_spaces",
    "to_half_width",
    "to_simplified",
]


@dataclass(slots=True)
class Repair:
    """One mojibake run and what it was repaired to (offsets into the input text)."""

    original: str
    repaired: str
    char_start: int


@dataclass(slots=True)
class NormalizedText:
    """The normalized text of one document with what was seen and done on the way."""

    text: str
    source_script: str  # simplified | traditional
    quality_flags: list[QualityFlag] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    encoding: str | None = None


# ---------------------------------------------------------------------------
# Character classes shared by several steps
# ---------------------------------------------------------------------------

# CJK ideographs: Ext A, the URO, and the compatibility block.
_CJK = vocabulary.CJK
# Letters of Hanyu Pinyin as the seed-004 converter printed them (with tone marks).
_PY_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PY = "a-zü" + _PY_TONED
_CJK_RE = re.compile(f"[{_CJK}]")



# ---------------------------------------------------------------------------
# 1. Mojibake: GBK byte-shift runs (seed 004)
# ---------------------------------------------------------------------------
#
# The quirk.  Seed 004 went through a web converter that rewrote a GBK byte stream
# into traditional characters and appended a pinyin reading "(jīng)" after some
# characters.  Now and then it read the stream one byte off: it paired the trail
# byte of one character with the lead byte of the next, took that pair for a
# character (龍 fd88 + 潭 ccb6 -> pair 88cc = 執) and inserted that character's
# reading "(zhí)" *between the two bytes of 潭*.  Decoding the result as GBK:
#
#     fd88 | cc 28 | "zhí)" | b6 85 | 5e | "(qū)"      (28 = "(")
#     龍   |  ?    |  zhí)  |  秴   | ^  |  (qū)
#
# - the lead byte cc met the "(" and came out as "?" (the byte is lost);
# - the bytes after the insertion are read one byte off (秴 = b6 85) until an
#   ASCII byte resynchronises the decoder: either a character's ASCII trail byte
#   (區 = 85 5e, 5e is "^") or an ASCII character (the lead byte pending at that
#   point meets it and both come out as "?");
# - pairs that fall into GBK's unassigned/user-defined areas were dropped.
# The seed was later folded to half-width, so "；" (a3bb) and "？" (a3bf) inside a
# run read ";" and "?".
#
# Repair: GBK-encode the run, put back the lost lead byte, re-pair the bytes with a
# one-byte shift and decode.  What the bytes do not tell is recovered only from
# evidence, never guessed: the reading left behind ("zhí" + previous trail byte 88
# -> 執 = 88cc -> the lost byte is cc), the reading after the run, and characters
# and bigrams attested elsewhere in the same document (or in the protected names).
# A run whose every uncertain character is not attested, or that has two equally
# good readings, stays as it is and is flagged mojibake_unrepaired.

# A run starts with "?" right after a Chinese character (possibly after that
# character's own reading), optionally followed by the remnant "zhí)" of a reading
# whose "(" the lost byte swallowed.
_MOJIBAKE_MARKER_RE = re.compile(rf"([{_CJK}])(\([{_PY}]{{1,7}}\))?\?(?:([{_PY}]{{1,7}})\))?")
_READING_RE = re.compile(rf"([{_CJK}])\(([{_PY}]{{1,7}})\)")
_BARE_READING_RE = re.compile(rf"\(([{_PY}]{{1,7}})\)")
_LOST_READING_RE = re.compile(rf"\?([{_PY}]{{1,7}})\)")
# Half-width punctuation that stands for a full-width GBK pair inside a run (the
# seed was folded to half-width after the damage was done).
_RUN_PUNCT_GBK = {";": b"\xa3\xbb", ",": b"\xa3\xac", ":": b"\xa3\xba", "?": b"\xa3\xbf", "!": b"\xa3\xa1"}
_FOLD_FULL, _FOLD_HALF = "，；：？！（）", ",;:?!()"
_FOLD_PUNCT = str.maketrans(_FOLD_FULL, _FOLD_HALF)
_RUN_MAX_BODY = 40


def _fold_punct(text: str) -> str:
    """`text.translate(_FOLD_PUNCT)` for a whole document: one str.replace per full-width mark
    present (translate costs a dict lookup per character of a mostly-CJK text, ~100x slower)."""
    for full, half in zip(_FOLD_FULL, _FOLD_HALF):
        if full in text:
            text = text.replace(full, half)
    return text


_RUN_PLAUSIBLE_PUNCT = frozenset("。，、；：？！“”《》（）")
_TIE_MARGIN = 0.5


def _build_gbk_tables() -> tuple[dict[int, str], dict[int, tuple[tuple[int, str], ...]], dict[int, tuple[tuple[int, str], ...]]]:
    """Every valid two-byte GBK pair, and the plausible ones indexed by lead and by trail."""
    pairs: dict[int, str] = {}
    by_lead: dict[int, list[tuple[int, str]]] = {}
    by_trail: dict[int, list[tuple[int, str]]] = {}
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                ch = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                continue
            pairs[(lead << 8) | trail] = ch
            if _CJK_RE.match(ch) or ch in _RUN_PLAUSIBLE_PUNCT:
                folded = ch.translate(_FOLD_PUNCT)
                by_lead.setdefault(lead, []).append((trail, folded))
                by_trail.setdefault(trail, []).append((lead, folded))
    return (
        pairs,
        {k: tuple(v) for k, v in by_lead.items()},
        {k: tuple(v) for k, v in by_trail.items()},
    )


# Constant lookup tables (about 24k pairs), built once at import and never mutated.
_GBK_PAIRS, _GBK_BY_LEAD, _GBK_BY_TRAIL = _build_gbk_tables()
_LEADS = tuple(range(0x81, 0xFF))
_TRAILS = tuple(t for t in range(0x40, 0xFF) if t != 0x7F)
_LEAD_SET = frozenset(_LEADS)


def _plausible_pair(lead: int, trail: int) -> str | None:
    """The (half-width folded) character of a GBK pair if it could occur in Chinese prose."""
    ch = _GBK_PAIRS.get((lead << 8) | trail)
    if ch is None or not (_CJK_RE.match(ch) or ch in _RUN_PLAUSIBLE_PUNCT):
        return None
    return ch.translate(_FOLD_PUNCT)


def _droppable(x: int, y: int) -> bool:
    """A pair the converter dropped: GBK lead, non-ASCII trail, not a GBK character."""
    return y >= 0x80 and ((x << 8) | y) not in _GBK_PAIRS


def _gbk_bytes(ch: str) -> bytes | None:
    try:
        enc = ch.encode("gbk")
    except UnicodeEncodeError:
        return None
    return enc if len(enc) == 2 else None


@dataclass(slots=True, frozen=True)
class _Run:
    """One way to read a run: marker, body read one byte off, terminator."""

    start: int  # offset of the marker "?" in the input
    end: int  # offset just after the run
    prev_char: str  # the intact character before the run
    marker_reading: str | None  # "zhí" in "龍?zhí)秴^"
    body: bytes  # GBK bytes of the characters read one byte off
    terminator: str  # ascii | reading | lost | none
    term_byte: int | None = None  # the ASCII trail byte for "ascii"
    term_reading: str | None = None  # the reading after the run for "reading"
    next_char: str | None = None  # the first character after the run (context)


class _Counts:
    """A document's counts plus a lexicon's, summed on lookup (as one merged Counter would be).

    Keys are characters (unigrams) or `_pair_key`s of two characters (bigrams).
    """

    __slots__ = ("doc", "lex")

    def __init__(self, doc: Counter[Any], lex: Counter[Any]) -> None:
        self.doc = doc
        self.lex = lex

    def get(self, key: Any, default: int = 0) -> int:
        n = self.doc.get(key, 0) + self.lex.get(key, 0)
        return n if n else default

    def __contains__(self, key: object) -> bool:
        return key in self.doc or key in self.lex


def _pair_key(a: str, b: str) -> int:
    """Two characters as one integer: their UTF-32 read as one 64-bit word, as `_bigram_counts` reads them."""
    return int.from_bytes((a + b).encode("utf-32-le", "surrogatepass"), sys.byteorder)


def _bigram_counts(text: str) -> Counter[int]:
    """How often each pair of neighbouring characters occurs, keyed by `_pair_key`.

    The text's UTF-32 read as 64-bit words from offset 0 (pairs 0-1, 2-3, …) and from offset 4
    (pairs 1-2, 3-4, …): every neighbouring pair once, counted in C without building a string or
    a tuple per position (2x faster than counting zip's tuples; 4-5 ms on seed 004).
    """
    raw = text.encode("utf-32-le", "surrogatepass")
    counts: Counter[int] = Counter()
    for words in (raw, raw[4:]):
        counts.update(memoryview(words[: len(words) - len(words) % 8]).cast("Q"))
    return counts


@lru_cache(maxsize=4)
def _lexicon_counts(lexicon: tuple[str, ...]) -> tuple[Counter[str], Counter[int]]:
    """Unigram and bigram counts of a lexicon (the region names: the same for every document)."""
    extra = "\n".join(lexicon)
    return Counter(extra), _bigram_counts(extra)


# A reading right after an ideograph, matched without the ideograph (removed with sub("")).
# The readings' patterns open with "(" and look behind it for the ideograph: a pattern that
# opens with a lookbehind is tried at every position of the text, one that opens with a
# literal lets `re` scan for the literal in C (40x faster on a document without readings).
_READING_AFTER_RE = re.compile(rf"\((?<=[{_CJK}]\()[{_PY}]{{1,7}}\)")


class _Evidence:
    """Characters, bigrams and readings attested in one document (plus a lexicon)."""

    def __init__(self, text: str, spans: list[tuple[int, int]], lexicon: Iterable[str]) -> None:
        pieces: list[str] = []
        pos = 0
        for start, end in spans:
            pieces.append(text[pos:start])
            pieces.append("\n")
            pos = end
        pieces.append(text[pos:])
        clean = _fold_punct("".join(pieces))
        readings: dict[str, set[str]] = {}
        for char, reading in _READING_RE.findall(clean):
            readings.setdefault(reading, set()).add(char)
        self.readings = readings
        clean = _READING_AFTER_RE.sub("", clean)  # = _READING_RE.sub(r"\1", clean), without templates
        lex_unigrams, lex_bigrams = _lexicon_counts(tuple(lexicon))
        self.unigrams = _Counts(Counter(clean), lex_unigrams)
        self.bigrams = _Counts(_bigram_counts(clean), lex_bigrams)

    def bigram(self, a: str | None, b: str | None) -> float:
        if a is None or b is None:
            return 0.0
        return math.log1p(self.bigrams.get(_pair_key(a, b), 0))

    def attested(self, ch: str) -> bool:
        return ch in self.unigrams

    def vouches(self, seq: list[str], i: int) -> bool:
        """Whether seq[i] occurs elsewhere next to the neighbour it has here.

        An ideograph must be vouched for by an ideograph ("燃氣"), not by the
        punctuation beside it: "化、" occurs everywhere and proves nothing.
        """
        ch = seq[i]
        ideograph = bool(_CJK_RE.match(ch))
        for a, b, other in ((seq[i - 1], ch, seq[i - 1]), (ch, seq[i + 1] if i + 1 < len(seq) else "", None)):
            partner = other if other is not None else b
            if not partner or (ideograph and not _CJK_RE.match(partner)):
                continue
            if self.bigrams.get(_pair_key(a, b), 0):
                return True
        return False


def _context_after(text: str, i: int) -> str | None:
    """The first character after a run, skipping a reading "(qū)" that sits there."""
    m = _BARE_READING_RE.match(text, i)
    if m:
        i = m.end()
    return text[i] if i < len(text) else None


def _parse_runs(text: str, m: re.Match[str]) -> list[_Run]:
    """Every way to read the run that starts at marker `m` (a "?" may be body or end)."""
    n = len(text)
    start = m.start() + 1 + (len(m.group(2)) if m.group(2) else 0)
    common = {"start": start, "prev_char": m.group(1), "marker_reading": m.group(3)}
    parses: list[_Run] = []
    i = m.end()
    body = bytearray()
    while i < n and len(body) // 2 <= _RUN_MAX_BODY:
        ch = text[i]
        if ch == "?":
            r = _LOST_READING_RE.match(text, i)
            if r:  # the pending lead byte swallowed the "(" of the next reading
                parses.append(_Run(**common, end=r.end(), body=bytes(body), terminator="reading",
                                   term_reading=r.group(1), next_char=_context_after(text, r.end())))
                return parses
            # the pending byte swallowed an ASCII character…
            parses.append(_Run(**common, end=i + 1, body=bytes(body), terminator="lost",
                               next_char=_context_after(text, i + 1)))
            # …or this is a folded "？" read one byte off: go on
            body += _RUN_PUNCT_GBK["?"]
            i += 1
            continue
        if ch in _RUN_PUNCT_GBK:
            body += _RUN_PUNCT_GBK[ch]
            i += 1
            continue
        code = ord(ch)
        if code <= 0x7F:
            if 0x40 <= code <= 0x7E:  # a character's ASCII trail byte resynchronised the read
                parses.append(_Run(**common, end=i + 1, body=bytes(body), terminator="ascii",
                                   term_byte=code, next_char=_context_after(text, i + 1)))
            else:
                parses.append(_Run(**common, end=i, body=bytes(body), terminator="none"))
            return parses
        enc = _gbk_bytes(ch)
        if enc is None:
            break
        body += enc
        i += 1
    if not parses:
        parses.append(_Run(**common, end=i, body=bytes(body), terminator="none"))
    return parses


def _find_runs(text: str) -> list[list[_Run]]:
    """Candidate mojibake runs, each as its list of possible readings."""
    found: list[list[_Run]] = []
    pos = 0
    while True:
        m = _MOJIBAKE_MARKER_RE.search(text, pos)
        if m is None:
            return found
        parses = _parse_runs(text, m)
        found.append(parses)
        pos = max(m.end(), max(p.end for p in parses))


def _looks_like_mojibake(parses: list[_Run], ev: _Evidence) -> bool:
    """Tell a run from an ordinary question mark ("再上新台阶?如何…")."""
    first = parses[0]
    if first.marker_reading or any(p.terminator == "reading" for p in parses):
        return True
    longest = max(parses, key=lambda p: len(p.body))
    chars = longest.body.decode("gbk", "replace")
    if any(not (_CJK_RE.match(c) or c in _RUN_PLAUSIBLE_PUNCT) for c in chars):
        return True  # box drawing, kana, Greek… inside Chinese text
    # Ordinary prose after a question mark is made of bigrams seen elsewhere in the
    # document; a shifted read is made of characters that rarely meet.
    folded = chars.translate(_FOLD_PUNCT)
    pairs = [_pair_key(a, b) for a, b in zip(folded, folded[1:])]
    if len(pairs) >= 2 and sum(1 for p in pairs if ev.bigrams.get(p, 0)) >= 0.5 * len(pairs):
        return False
    rare = sum(1 for c in folded if ev.unigrams.get(c, 0) <= 1)
    if any(p.terminator == "ascii" for p in parses):
        # an ASCII letter glued between Chinese ("?;a(chǎn)", "??v深")
        return rare >= 1 or len(chars) <= 2
    return rare >= 2 and rare >= 0.3 * len(chars)


def _candidate_chars(left: tuple[int, ...], right: tuple[int, ...], ev: _Evidence) -> list[str]:
    """The characters one re-paired (lead, trail) position can stand for.

    With both bytes known there is at most one; with one byte unknown, only
    characters attested elsewhere in the document (or the lexicon) are candidates.
    A position with both bytes unknown has no candidates: that would be a guess.
    """
    if len(left) == 1 and len(right) == 1:
        ch = _plausible_pair(left[0], right[0])
        return [ch] if ch is not None and ev.attested(ch) else []
    if len(right) == 1:
        leftset = set(left)
        return [ch for a, ch in _GBK_BY_TRAIL.get(right[0], ()) if a in leftset and ev.attested(ch)]
    if len(left) == 1:
        rightset = set(right)
        return [ch for b, ch in _GBK_BY_LEAD.get(left[0], ()) if b in rightset and ev.attested(ch)]
    return []


def _lost_lead_candidates(run: _Run, ev: _Evidence) -> tuple[int, ...]:
    """The lead byte the marker "?" swallowed, narrowed by the reading left behind.

    "龍?zhí)": the converter read 龍's trail byte 88 and the lost byte as one
    character read zhí; among the document's characters read zhí, 執 = 88cc starts
    with 88, so the lost byte is cc.
    """
    if not run.marker_reading:
        return _LEADS
    prev = _gbk_bytes(run.prev_char)
    if prev is None:
        return _LEADS
    found = sorted(
        {
            enc[1]
            for c in ev.readings.get(run.marker_reading, ())
            if (enc := _gbk_bytes(c)) is not None and enc[0] == prev[1] and enc[1] in _LEAD_SET
        }
    )
    return tuple(found) if found else _LEADS


def _drop_options(
    left: tuple[int, ...], right: tuple[int, ...], right_chars: set[str] | None, ev: _Evidence
) -> list[tuple[str, ...]]:
    """Two characters for one position when the converter dropped the pair between them.

    left+X and Y+right are characters attested side by side in the document, and
    X+Y is no GBK character (so the decoder dropped it): 向?qū)I -> 專業 with a3 98
    dropped. Only where both outer bytes are known (or the reading after the run
    fixes the second character).
    """
    if len(left) != 1:
        return []
    firsts = [(x, ch) for x, ch in _GBK_BY_LEAD.get(left[0], ()) if ev.attested(ch)]
    if right_chars is not None:
        seconds = [(enc[0], ch) for ch in sorted(right_chars) if (enc := _gbk_bytes(ch)) is not None]
    elif len(right) == 1:
        seconds = [(y, ch) for y, ch in _GBK_BY_TRAIL.get(right[0], ()) if y >= 0x80 and ev.attested(ch)]
    else:
        return []
    return [
        (c1, c2)
        for x, c1 in firsts
        for y, c2 in seconds
        if _droppable(x, y) and ev.bigrams.get(_pair_key(c1, c2), 0) and _CJK_RE.match(c1) and _CJK_RE.match(c2)
    ]


def _decode_run(run: _Run, ev: _Evidence) -> tuple[int, float, str] | None:
    """Decode one parse of a run: (number of uncertain positions, score, repaired text).

    Returns None when a position has no plausible attested character, when more
    than one position is uncertain (choosing both would be a guess), when two
    readings fit about equally well, or when a character is not vouched for by an
    attested bigram with a neighbour.
    """
    body = run.body
    lefts: list[tuple[int, ...]] = [_lost_lead_candidates(run, ev)] + [(b,) for b in body[1::2]]
    rights: list[tuple[int, ...]] = [(b,) for b in body[0::2]]
    reading_chars: set[str] | None = None
    if run.terminator == "ascii":
        rights.append((run.term_byte,))  # type: ignore[arg-type]
    elif run.terminator == "reading":
        reading_chars = ev.readings.get(run.term_reading or "", set())
        rights.append(_TRAILS)
    elif run.terminator == "lost":
        rights.append(_TRAILS)
    else:
        return None
    last = len(lefts) - 1
    positions: list[list[tuple[str, ...]]] = []
    uncertain: list[int] = []
    for k, (left, right) in enumerate(zip(lefts, rights)):
        pinned = reading_chars if k == last else None
        options: list[tuple[str, ...]] = [(c,) for c in _candidate_chars(left, right, ev)]
        if pinned is not None:
            options = [o for o in options if o[0] in pinned]
        if not options:
            options = _drop_options(left, right, pinned, ev)
            if options:
                uncertain.append(k)
        elif len(options) > 1:
            uncertain.append(k)
        if not options:
            return None
        positions.append(options)
    if len(uncertain) > 1:
        return None

    def render(choice: tuple[str, ...] | None) -> list[str]:
        seq = [run.prev_char]
        for k, options in enumerate(positions):
            seq.extend(choice if (choice is not None and k in uncertain) else options[0])
        if run.next_char:
            seq.append(run.next_char)
        return seq

    if uncertain:
        scored = []
        for choice in positions[uncertain[0]]:
            seq = render(choice)
            scored.append((sum(ev.bigram(a, b) for a, b in zip(seq, seq[1:])), choice))
        scored.sort(key=lambda s: (-s[0], s[1]))
        if len(scored) > 1 and scored[0][0] - scored[1][0] < _TIE_MARGIN:
            return None  # two readings fit about equally well: do not choose
        score, choice = scored[0]
        seq = render(choice)
    else:
        seq = render(None)
        score = sum(ev.bigram(a, b) for a, b in zip(seq, seq[1:]))
    inner = len(seq) - (1 if run.next_char else 0)
    if not uncertain and len(lefts[0]) == 1:
        # Every byte is known (the reading fixed the lost one): the characters
        # only need to occur in the document, and one of them next to its neighbour.
        if not any(ev.vouches(seq, i) for i in range(1, inner)):
            return None
    else:
        for i in range(1, inner):
            if not ev.vouches(seq, i):
                return None  # a character that no neighbour vouches for
    repaired = "".join(seq[1:inner])
    if run.terminator == "reading":
        repaired += f"({run.term_reading})"
    return len(uncertain), score, repaired


def repair_mojibake(text: str, lexicon: Iterable[str] = ()) -> tuple[str, list[Repair], Counter[str]]:
    """Find GBK byte-shift runs (seed 004) and repair those the evidence supports.

    Returns the text with repaired runs replaced, one `Repair` per repaired run
    (offsets into `text`), and counts for the flags mojibake_run (detected),
    mojibake_repaired and mojibake_unrepaired. Unrepaired runs stay as they are.
    `lexicon` (e.g. region names, both scripts) adds attested words.
    """
    counts: Counter[str] = Counter()
    if "?" not in text:
        return text, [], counts
    candidates = _find_runs(text)
    if not candidates:
        return text, [], counts
    spans = [(p[0].start, max(r.end for r in p)) for p in candidates]
    ev = _Evidence(text, spans, lexicon)
    runs = [p for p in candidates if _looks_like_mojibake(p, ev)]
    if not runs:
        return text, [], counts
    repairs: list[Repair] = []
    pieces: list[str] = []
    pos = 0
    for parses in runs:
        counts["mojibake_run"] += 1
        results = sorted(
            ((res, run) for run in parses if (res := _decode_run(run, ev)) is not None),
            key=lambda r: (r[0][0], -r[0][1]),
        )
        # Parses that disagree: take the one that needs fewer uncertain characters,
        # then the clearly better supported one; otherwise do not choose.
        if not results or (
            len(results) > 1
            and results[0][0][2] != results[1][0][2]
            and results[0][0][0] == results[1][0][0]
            and results[0][0][1] - results[1][0][1] < _TIE_MARGIN
        ):
            counts["mojibake_unrepaired"] += 1
            continue
        (_, _, repaired), run = results[0]
        counts["mojibake_repaired"] += 1
        repairs.append(Repair(original=text[run.start : run.end], repaired=repaired, char_start=run.start))
        pieces.append(text[pos : run.start])
        pieces.append(repaired)
        pos = run.end
    pieces.append(text[pos:])
    return "".join(pieces), repairs, counts


# ---------------------------------------------------------------------------
# 2. Characters: line ends, NFC, control characters, space characters
# ---------------------------------------------------------------------------

# Line ends other than \n and \r (\r and \r\n are replaced with str.replace, which scans in
# C; an alternation that opens with "\r\n?" is tried at every position).
_OTHER_LINE_END_RE = re.compile(r"[\u2028\u2029\x0b\x0c\x85]")
# C0/C1 controls other than \t and \n, zero-width characters and a stray BOM.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200d\u2060\ufeff\ufffe]")
# Every horizontal space character becomes " ": the seeds indent with U+3000 and
# NBSP (000 has 610 NBSPs) and separate heading numbers from titles with them.
_HSPACE_RE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def clean_characters(text: str) -> tuple[str, Counter[str]]:
    """Normalise line ends to \\n, compose to NFC, drop control characters, unify spaces."""
    counts: Counter[str] = Counter()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _OTHER_LINE_END_RE.sub("\n", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text, n = _CONTROL_RE.subn("", text)
    if n:
        counts["control_char"] += n
    text = _HSPACE_RE.sub(" ", text)
    return text, counts


# ---------------------------------------------------------------------------
# 3. Width: full-width ASCII variants to ASCII
# ---------------------------------------------------------------------------

# U+FF01–FF5E map one to one onto U+0021–007E. Chinese punctuation outside that
# block (、。“”‘’《》【】…) is kept: it carries meaning ASCII cannot (、 lists,
# 《》 titles) and the seeds use it that way.
_HALF_WIDTH = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})


_FULL_WIDTH_RE = re.compile("[\uff01-\uff5e]")


def to_half_width(text: str) -> str:
    """Fold full-width digits, letters and ASCII punctuation (U+FF01–FF5E) to ASCII.

    One str.replace per distinct full-width character present: str.translate with a dict
    costs a lookup per character of the whole (mostly CJK) text, ten times slower.
    """
    for ch in set(_FULL_WIDTH_RE.findall(text)):
        text = text.replace(ch, chr(ord(ch) - 0xFEE0))
    return text


# ---------------------------------------------------------------------------
# 4. Web chrome
# ---------------------------------------------------------------------------

# Whole lines that are page furniture of government portals, never content.
# Anchored at the line start and kept specific: a plan may well say "加强版权保护".
_CHROME_LINE_RE = re.compile(
    r"^(?:"
    r"(?:您(?:当前)?的?(?:所在)?位置|当前位置)\s*[:：].*"  # breadcrumb: 您当前的位置: 首页 > …
    r"|首页\s*(?:>|›|»|/|＞).*"  # breadcrumb without its label
    r"|.{0,20}登录\s*\|\s*注册.{0,20}"  # 一网搜 登录| 注册
    r"|【\s*字体.*|字体\s*[:：]\s*\[?[大中小].*|【\s*(?:打印|关闭|收藏)\s*】.*"  # 【字体: 打印
    r"|(?:打印本页|关闭窗口|返回顶部|分享到\s*[:：]?.*|扫一扫.{0,20}|网站地图|无障碍.{0,10}|简体版?|繁体版?|繁體)"
    r"|(?:下载|打印|全屏|收藏|分享|加大|还原|减小|默认|【\s*字号\s*[:：]?|字号\s*[:：]?\s*【?|】)"  # page buttons, one a line
    r"|(?:政府信息公开|信息公开|政务公开)(?:目录|指南)?"  # nav headings on their own line
    r"|版权声明\s*[:：].*|版权所有.*|Copyright.*|©.*|\(c\)\s*\d{4}.*"
    r"|(?:主办单位|承办单位|协办单位|技术支持|网站标识码|联系我们|联系电话|网站维护)\s*[:：].*"
    r"|.{0,40}ICP\s*备.*|.{0,40}公网安备.*"
    r")\s*$",
    re.MULTILINE | re.IGNORECASE,
)
_TITLE_MIN_CHARS = 8


def strip_web_chrome(text: str) -> tuple[str, Counter[str]]:
    """Remove portal furniture lines and later copies of the title line.

    Keeps "时间:2021-09-28 11:01 来源:朝阳区发改局": metadata extraction needs the
    date and the issuer. Seed 002 prints its title three times as a running header:
    later lines identical to the first content line are removed.
    """
    counts: Counter[str] = Counter()
    text, n = _CHROME_LINE_RE.subn("", text)
    if n:
        counts["chrome_line"] += n
    lines = text.split("\n")
    title = next((ln.strip() for ln in lines if ln.strip()), "")
    if len(title) >= _TITLE_MIN_CHARS:
        seen = False
        kept: list[str] = []
        for ln in lines:
            if ln.strip() == title:
                if seen:
                    counts["repeated_title"] += 1
                    continue
                seen = True
            kept.append(ln)
        lines = kept
    return "\n".join(lines), counts


# ---------------------------------------------------------------------------
# 5. Pinyin readings after characters (seed 004)
# ---------------------------------------------------------------------------

# Quirk: seed 004's converter printed a reading after many characters, "經(jīng)濟(jì)".
# A reading is lowercase pinyin in parentheses right after an ideograph; with a tone
# mark it is unambiguous. Toneless syllables ("們(men)") are removed only in a
# document that has toned readings, so "面积(ha)" elsewhere survives; "(GDP)" and
# "(2021-2025年)" never match.
# (Each opens with "(" and looks behind it for the ideograph: see _READING_AFTER_RE.)
_TONED_READING_RE = re.compile(rf"\((?<=[{_CJK}]\()[a-zü]*[{_PY_TONED}][{_PY}]*\)")
_TONELESS_READING_RE = re.compile(
    rf"\((?<=[{_CJK}]\()(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:a|o|e|ai|ei|ao|ou|an|en|ang|eng|ong|er"
    rf"|i|ia|ie|iao|iu|ian|in|iang|ing|iong|u|ua|uo|uai|ui|uan|un|uang|ü|üe|üan|ün)\)"
)
_READINGS_FOR_TONELESS = 3


def remove_pinyin_readings(text: str) -> tuple[str, int]:
    """Remove "(jīng)"-style readings printed after characters; return the count."""
    text, n = _TONED_READING_RE.subn("", text)
    if n >= _READINGS_FOR_TONELESS:
        text, m = _TONELESS_READING_RE.subn("", text)
        n += m
    return text, n


# Glyph variants (Unihan kZVariant) that neither OpenCC nor GB 2312 knows, e.g. 陜 U+965C for 陝:
# t2s leaves them, so "寧陜縣" never became 宁陕县 and no region was found. The table is built from
# the Unicode data by scripts/build_char_variants.py (its '#' lines name the Unihan version).
_VARIANTS_CSV = Path(__file__).resolve().parent / "data" / "char_variants.csv"


@lru_cache(maxsize=1)
def _variant_folds() -> tuple[dict[str, str], re.Pattern[str] | None]:
    with _VARIANTS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    folds = {row["variant"]: row["standard"] for row in rows
             if len(row["variant"]) == 1 and len(row["standard"]) == 1}
    if not folds:
        return folds, None
    return folds, re.compile("[" + "".join(re.escape(ch) for ch in sorted(folds)) + "]")


def fold_variants(text: str) -> tuple[str, int]:
    """Replace glyph variants OpenCC does not know by their standard (simplified) character.

    One character for one, so offsets are kept. Returns (text, characters replaced)."""
    folds, pattern = _variant_folds()
    if pattern is None:
        return text, 0
    found = pattern.findall(text)
    if not found:
        return text, 0
    for ch in set(found):
        text = text.replace(ch, folds[ch])
    return text, len(found)


# ---------------------------------------------------------------------------
# 6. Traditional -> simplified, protecting names
# ---------------------------------------------------------------------------

# Config choice: t2s, not tw2s. Our traditional texts are mainland documents run
# through a converter (OpenCC-standard forms), not Taiwan texts. tw2s also turns
# every 著 into 着, which breaks the frequent 显著/著名/著作 ("显著提升"); t2s keeps
# 著, and the few verb phrases where mainland writes 着 are fixed by _ZHE_FIX below.
_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")
# 着 phrases t2s leaves as 著 (著力 -> 着力, 随著 -> 随着); explicit, short list.
# (Written to start with 著 so the regex engine scans for it instead of trying every position.)
_ZHE_FIX_RE = re.compile(r"著(?:(?=力|眼|手|重|想|落|陆|装|实)|(?<=[跟随沿朝向本意绕围接顺靠]著)(?![名作称述]))")
# Proper nouns met in the corpus that t2s damages (乾 -> 干), besides region names:
# 乾仁 (吉林乾仁, a company in seed 004), 乾安 (松原市乾安县, OpenCC issue 1154).
CURATED_PROTECTED_NAMES: tuple[str, ...] = ("乾安", "乾仁", "乾县")
# Placeholders for masked names: Supplementary Private Use Area-A, which OpenCC
# passes through and which no decoded document of ours contains.
_MASK_BASE = 0xF0000
_MASK_RE = re.compile("[\U000f0000-\U000ffffd]")
_TRADITIONAL_SHARE = 0.01


@dataclass(slots=True, frozen=True)
class ProtectedNames:
    """Names OpenCC must not touch, compiled once (build with `compile_protected_names`).

    `pattern` matches a name in either script; `canonical` maps each matched form to
    the simplified name written in the output (乾安縣 -> 乾安县).
    """

    names: tuple[str, ...]
    pattern: re.Pattern[str] | None
    canonical: dict[str, str]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)


@lru_cache(maxsize=16)
def _compile_protected(names: tuple[str, ...]) -> ProtectedNames:
    canonical: dict[str, str] = {}
    joined = "\n".join(names)
    traditional = _S2T.convert(joined).split("\n")
    for name, trad in zip(names, traditional):
        for form in (name, trad):
            # Only names that t2s would change need masking (乾安县 -> 干安县).
            if form and _T2S.convert(form) != name:
                canonical.setdefault(form, name)
    if not canonical:
        return ProtectedNames(names, None, {})
    alternation = "|".join(re.escape(f) for f in sorted(canonical, key=lambda f: (-len(f), f)))
    return ProtectedNames(names, re.compile(alternation), canonical)


def compile_protected_names(names: Iterable[str]) -> ProtectedNames:
    """Prepare names (e.g. every region name) for `normalize_text`; reuse the result."""
    if isinstance(names, ProtectedNames):
        return names
    unique = sorted({n.strip() for n in names if n and n.strip()} | set(CURATED_PROTECTED_NAMES))
    return _compile_protected(tuple(unique))


def _count_differences(a: str, b: str) -> int:
    """How many positions of two strings of equal length hold different characters.

    The same as ``sum(map(str.__ne__, a, b))``, done on whole buffers in C (that loop costs
    ~10 ms on a 100k-character traditional document; this ~1 ms): XOR the strings' UTF-32
    code units as two big integers, OR each unit's three low bytes into its lowest byte (a code
    point has 21 bits), and count the units whose lowest byte is non-zero.
    """
    # surrogatepass: a lone surrogate (from a damaged file) is a code unit like any other
    x = (int.from_bytes(a.encode("utf-32-le", "surrogatepass"), "little")
         ^ int.from_bytes(b.encode("utf-32-le", "surrogatepass"), "little"))
    folded = (x | (x >> 8) | (x >> 16)).to_bytes(4 * len(a), "little")
    return len(a) - folded[0::4].count(0)


def to_simplified(text: str, protected: ProtectedNames) -> tuple[str, int, int]:
    """Convert to simplified with OpenCC t2s, leaving protected names as their canonical form.

    Returns (text, characters changed by OpenCC, names protected).

    The text between protected names is converted piece by piece, which is converting the text
    with each name masked by a placeholder that no phrase contains (OpenCC segments around it),
    without the placeholders: a Supplementary Private Use placeholder made OpenCC and every
    later step work on a four-byte-per-character string (twice as slow on seed 004).
    """
    pieces = [text]  # the text around the protected names
    names: list[str] = []  # the canonical form of each name, in order
    if protected.pattern is not None and not _MASK_RE.search(text) and len(text) < 0xFFFD:
        pieces, pos = [], 0
        for m in protected.pattern.finditer(text):
            pieces.append(text[pos:m.start()])
            names.append(protected.canonical[m.group()])
            pos = m.end()
        pieces.append(text[pos:])
    converted = [_T2S.convert(piece) for piece in pieces]
    if all(map(str.__eq__, pieces, converted)):  # a simplified document: nothing to count
        changed = 0
    elif all(len(a) == len(b) for a, b in zip(pieces, converted)):
        changed = sum(map(_count_differences, pieces, converted))
    else:  # OpenCC phrase tables keep lengths for t2s; be safe anyway (counted as before on the whole)
        whole, whole_converted = _with_placeholders(pieces), _with_placeholders(converted)
        changed = abs(len(whole_converted) - len(whole)) + sum(map(str.__ne__, whole, whole_converted))
    # 着 phrases, piece by piece: a name is never one of their neighbours
    fixed = [_ZHE_FIX_RE.sub("着", piece) for piece in converted]
    out = [fixed[0]]
    for name, piece in zip(names, fixed[1:]):
        out += (name, piece)
    return "".join(out), changed, len(names)


def _with_placeholders(pieces: list[str]) -> str:
    """The pieces joined by one placeholder character per protected name between them."""
    out = [pieces[0]]
    for k, piece in enumerate(pieces[1:]):
        out += (chr(_MASK_BASE + k), piece)
    return "".join(out)


# ---------------------------------------------------------------------------
# 7. Spaces inside numbers and around quotes
# ---------------------------------------------------------------------------

# "Chinese context": ideographs and Chinese punctuation, plus the ASCII punctuation
# that stands for folded full-width marks in Chinese text.
_ZH = rf"[{_CJK}、。“”‘’《》【】…—·,;:!?()]"
# These two run after runs of spaces are collapsed, so they match one space; each starts
# with that space (the regex engine then scans for it) and looks behind over "X ".
_SPACE_NEAR_ZH_RE = re.compile(
    rf" (?:(?<=[0-9A-Za-z%.] )(?<!\d:\d\d )(?<!\d-\d\d )(?={_ZH})"  # "2025 年", "GDP 比重", not "11:01 来源"
    rf"|(?<={_ZH} )(?=[0-9A-Za-z%])"  # "约 216", "( 2021"
    rf"|(?<=[、。“”‘’《》【】,;:!?()] )(?={_ZH})"  # "“ 十四五"
    rf"|(?<={_ZH} )(?=[、。“”‘’《》【】,;:!?()]))"  # "十四五 ”"
)
_SPACE_IN_NUMBER_RE = re.compile(r" (?:(?<=\d )(?=[.%])|(?<=\d\. )(?=\d))")
_MULTISPACE_RE = re.compile(r"  +")  # opens with a literal: scanned for in C
_EDGE_SPACE_RE = re.compile(r"^[ ]+|[ ]+$", re.MULTILINE)


def tidy_spaces(text: str) -> str:
    """Remove spaces next to digits and Chinese punctuation; one space at most elsewhere.

    Seed 004 writes "“ 十三五 ” 期间" and "( 2021-2025 年)". A single space between two
    ideographs stays (heading number and title), as does the space between Latin words.
    """
    text = _MULTISPACE_RE.sub(" ", text)
    if " " not in text:
        return text
    text = "\n".join(line.strip(" ") for line in text.split("\n"))  # = _EDGE_SPACE_RE.sub("", text)
    text = _SPACE_IN_NUMBER_RE.sub("", text)
    return _SPACE_NEAR_ZH_RE.sub("", text)


# ---------------------------------------------------------------------------
# 8. Years in Chinese numerals
# ---------------------------------------------------------------------------

# "二〇三〇年": four digit-by-digit numerals, read as digits. The zero appears as
# 〇 (U+3007), ○ (U+25CB, common in government typesetting), 零 or a letter O.
# A plain digit map is exact here; cn2an's value parsing ("二千零三十") is for
# numbers, not for years spelled digit by digit.
_NUMERAL_DIGITS = str.maketrans({ch: str(value) for ch, value in vocabulary.CN_YEAR_DIGITS.items()})
_NUMERAL_YEAR_RE = re.compile(
    r"[一二][〇○零Oo一二三四五六七八九]{3}(?=年|[-—–~至到][一二][〇○零Oo一二三四五六七八九]{3}年)"
)


def convert_numeral_years(text: str) -> tuple[str, int]:
    """Rewrite four-digit Chinese-numeral years before 年 as Arabic digits."""
    return _NUMERAL_YEAR_RE.subn(lambda m: m.group().translate(_NUMERAL_DIGITS), text)


# ---------------------------------------------------------------------------
# 9. Blank lines
# ---------------------------------------------------------------------------

_BLANK_RUN_RE = re.compile(r"\n\n\n+")  # opens with a literal: scanned for in C


def collapse_blank_lines(text: str) -> str:
    """At most one blank line in a row; no blank lines at the start or end; final \\n."""
    text = _BLANK_RUN_RE.sub("\n\n", text).strip("\n")
    return text + "\n" if text else ""


# ---------------------------------------------------------------------------
# The whole road
# ---------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _mojibake_lexicon(names: tuple[str, ...]) -> tuple[str, ...]:
    """The protected names in both scripts, evidence for mojibake repair (built once, not per document)."""
    return names + tuple(_S2T.convert("\n".join(names)).split("\n"))


def normalize_text(text: str, protected_names: Iterable[str] | ProtectedNames = ()) -> NormalizedText:
    """Normalize decoded text to the canonical simplified form described above.

    `protected_names`: names OpenCC must not alter (all region names, e.g. 乾安县);
    pass a `compile_protected_names(...)` result when normalizing many documents.
    """
    protected = compile_protected_names(protected_names)
    flags: Counter[str] = Counter()
    replacement = text.count("\ufffd")
    if replacement:
        flags["replacement_char"] = replacement
    lexicon = _mojibake_lexicon(protected.names) if "?" in text and protected.names else protected.names
    text, repairs, mojibake = repair_mojibake(text, lexicon)
    flags.update(mojibake)
    text, counts = clean_characters(text)
    flags.update(counts)
    text = to_half_width(text)
    text, counts = strip_web_chrome(text)
    flags.update(counts)
    text, readings = remove_pinyin_readings(text)
    if readings:
        flags["pinyin_reading"] = readings
    text, variants = fold_variants(text)
    if variants:
        flags["variant_folded"] = variants
    size = len(text)
    converted, changed, _ = to_simplified(text, protected)
    # source_script: the share of characters OpenCC changed (004: about 17%).
    traditional = size > 0 and changed / size >= _TRADITIONAL_SHARE
    if traditional:
        flags["traditional_converted"] = changed
        text = converted
    # A simplified document keeps its own characters: t2s would still turn legitimate
    # simplified 乾 (乾源地产, 乾隆) into 干 and 著 (著名) into 着 (seed 000's sponsor 乾源地产).
    text = tidy_spaces(text)
    text, _years = convert_numeral_years(text)
    text = collapse_blank_lines(text)
    return NormalizedText(
        text=text,
        source_script="traditional" if traditional else "simplified",
        quality_flags=_flag_list(flags),
        repairs=repairs,
    )


def _flag_list(counts: Counter[str]) -> list[QualityFlag]:
    """Damage counts as QualityFlag records, sorted by name (deterministic)."""
    return [QualityFlag(flag=name, count=n) for name, n in sorted(counts.items()) if n]


def normalize_decoded(decoded: Decoded, protected_names: Iterable[str] | ProtectedNames = ()) -> NormalizedText:
    """`normalize_text` on the output of `etl.ingest.decode_bytes`, merging its flags."""
    result = normalize_text(decoded.text, protected_names)
    merged: Counter[str] = Counter({f.flag: f.count for f in result.quality_flags})
    for f in decoded.flags:
        merged[f.flag] += f.count
    result.quality_flags = _flag_list(merged)
    result.encoding = decoded.encoding
    return result


def normalize_bytes(raw: bytes, protected_names: Iterable[str] | ProtectedNames = ()) -> NormalizedText:
    """Decode raw bytes (see `etl.ingest.decode_bytes`) and normalize the text."""
    from etl.ingest import decode_bytes  # ingest does the byte work; no import cycle at load

    return normalize_decoded(decode_bytes(raw), protected_names)

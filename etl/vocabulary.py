"""The vocabulary of quantities: units, magnitude multipliers, Chinese numerals, character classes.

One place for the words every reader of numbers shares, so that a unit or a multiplier is added
once and the number reader, the target and project extractors, the table readers and dbt's
unit_scale macro all see it. The words are curator data, read once at import:

- ``etl/data/units.csv`` — unit, base (the unit without a magnitude: 万亩 → 亩), kind (money,
  rate, count, area, length, mass, time, …), currency (ISO code of a currency word), tags naming
  who reads it:
  ``read`` (the number reader reads it after a number), ``cn`` (a Chinese numeral before it is an
  amount: 三亩), ``per`` (written after "/" as a denominator: 元/人), ``skip`` (a figure in it is
  never a target: years, durations, bandwidth), ``table`` (the unit of an indicator-table row:
  地区生产总值 亿元 727.5), ``glued`` (written at the end of an indicator name in a flattened
  table row), ``cell`` (written after a value in a table cell), ``land`` (a project's land area).
- ``etl/data/multipliers.csv`` — prefix, factor, ``in_text`` (yes: read between a number and
  its unit, 3.5亿元), ``converts`` (yes: converted between units of one base, 亿元 over 元 — the
  rule of dbt's unit_scale macro, which reads the same rows from ``core.unit_multiplier``, loaded
  from this file by every run), and the words a prefix must (``only_before``) or must not
  (``not_before``) precede in text.
- ``etl/data/numerals.csv`` — Chinese numeral characters: digits, the colloquial 两, look-alike
  letters typed for 〇 in years, and the units 十 … 亿.
- ``etl/data/unit_lookalike_words.csv`` — words that open with a unit character (项目, 人才): a
  number before them is not a figure in that unit.

The Unicode ranges of Chinese characters are constants here too (not curator data).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

__all__ = [
    "AREA_UNITS",
    "CELL_UNITS",
    "CJK",
    "CJK_URO",
    "CN_DIGITS",
    "CN_ORDINAL_DIGITS",
    "CN_SMALL_UNITS",
    "CN_UNITS",
    "CN_YEAR_DIGITS",
    "CURRENCIES",
    "COUNT_UNITS",
    "DATA_DIR",
    "GLUED_UNITS",
    "LAND_AREA_UNITS",
    "MULTIPLIERS",
    "MULTIPLIER_ROWS",
    "PER_UNITS",
    "SCALE_PREFIXES",
    "SKIP_TARGET_UNITS",
    "TABLE_UNITS",
    "UNITS",
    "UNIT_LOOKALIKE_WORDS",
    "UNIT_WORDS",
    "CN_AMOUNT_UNITS",
    "Multiplier",
    "Unit",
    "alternation",
    "cn_digits_int",
    "load_multipliers",
    "load_numerals",
    "load_units",
    "multiplier_pattern",
]

DATA_DIR = Path(__file__).resolve().parent / "data"

#: CJK ideographs: Extension A, the Unified Ideographs (URO) and the compatibility block.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: The Unified Ideographs block only (U+4E00–U+9FFF): what the extractors' patterns call a
#: Chinese character.
CJK_URO = "\u4e00-\u9fff"

_UNIT_TAGS = frozenset({"read", "cn", "per", "skip", "table", "glued", "cell", "land"})
_YES_NO = {"yes": True, "no": False}
_NUMERAL_KINDS = frozenset({"digit", "colloquial", "lookalike", "unit"})


@dataclass(frozen=True, slots=True)
class Unit:
    """One row of units.csv."""

    unit: str
    base: str
    kind: str
    currency: str | None
    tags: frozenset[str]


@dataclass(frozen=True, slots=True)
class Multiplier:
    """One row of multipliers.csv: a magnitude prefix (万, 亿) and its factor."""

    prefix: str
    factor: Decimal
    in_text: bool
    converts: bool
    only_before: tuple[str, ...]
    not_before: tuple[str, ...]


def _rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a curated CSV, stripped; ValueError naming the file on a missing column or a row
    with more fields than the header (an unquoted comma in the notes)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path.name}: missing column(s) {', '.join(missing)}")
        rows = []
        for row in reader:
            if None in row:
                raise ValueError(f"{path.name} line {reader.line_num}: more fields than the header"
                                 " (quote a comma)")
            rows.append({k: (v or "").strip() for k, v in row.items()})
        return rows


def _tags(value: str, allowed: frozenset[str], where: str) -> frozenset[str]:
    tags = frozenset(value.split())
    unknown = tags - allowed
    if unknown:
        raise ValueError(f"{where}: unknown tag(s) {', '.join(sorted(unknown))}")
    return tags


def load_units(path: Path) -> tuple[Unit, ...]:
    """The rows of a units.csv; ValueError on a unit that does not end with its base or an unknown tag."""
    units = []
    for row in _rows(path, ("unit", "base", "kind", "tags")):
        if not row["unit"] or not row["base"] or not row["unit"].endswith(row["base"]):
            raise ValueError(f"units.csv: {row['unit']!r} must end with its base {row['base']!r}")
        units.append(Unit(row["unit"], row["base"], row["kind"], row.get("currency") or None,
                          _tags(row["tags"], _UNIT_TAGS, f"units.csv {row['unit']}")))
    return tuple(units)


def _yes_no(row: dict[str, str], column: str) -> bool:
    if row[column] not in _YES_NO:
        raise ValueError(f"multipliers.csv {row['prefix']}: {column} must be yes or no, not {row[column]!r}")
    return _YES_NO[row[column]]


def load_multipliers(path: Path) -> tuple[Multiplier, ...]:
    """The rows of a multipliers.csv; ValueError on a factor that is not an integer above 1 or a flag
    that is not yes/no."""
    rows = []
    for row in _rows(path, ("prefix", "factor", "in_text", "converts", "only_before", "not_before")):
        try:
            factor = Decimal(row["factor"])
        except InvalidOperation:
            factor = Decimal("NaN")
        if not row["prefix"] or not factor.is_finite() or factor <= 1 or factor != factor.to_integral_value():
            raise ValueError(f"multipliers.csv: bad row {row['prefix']!r} ({row['factor']!r})")
        rows.append(Multiplier(row["prefix"], factor, _yes_no(row, "in_text"), _yes_no(row, "converts"),
                               tuple(row["only_before"].split()), tuple(row["not_before"].split())))
    return tuple(rows)


def load_numerals(path: Path) -> dict[str, dict[str, int]]:
    """numerals.csv as {kind: {character: value}}; ValueError on an unknown kind or a longer "character"."""
    kinds: dict[str, dict[str, int]] = {kind: {} for kind in _NUMERAL_KINDS}
    for row in _rows(path, ("char", "value", "kind")):
        value = row["value"]
        if (row["kind"] not in _NUMERAL_KINDS or len(row["char"]) != 1
                or not (value.isascii() and value.isdigit())):
            raise ValueError(f"numerals.csv: bad row {row['char']!r} ({row['kind']!r})")
        number = int(value)
        if (number > 9) if row["kind"] != "unit" else (number < 10 or str(number).rstrip("0") != "1"):
            raise ValueError(f"numerals.csv: bad row {row['char']!r} ({row['kind']!r} {value})")
        kinds[row["kind"]][row["char"]] = number
    return kinds


def _tagged(tag: str) -> tuple[str, ...]:
    return tuple(u.unit for u in UNITS if tag in u.tags)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first (千瓦时 before 千瓦), ties in the given order."""
    return "|".join(re.escape(w) for w in sorted(dict.fromkeys(words), key=len, reverse=True))


def _lookaround(words: tuple[str, ...]) -> str:
    if all(len(w) == 1 for w in words):
        return "[" + "".join(re.escape(w) for w in words) + "]"
    return "(?:" + alternation(words) + ")"


def multiplier_pattern() -> str:
    """The multipliers read in text as a regex alternation, longest first, each with its
    only_before/not_before condition (兆(?=元|…), 千(?![米…]))."""
    parts = []
    for m in sorted((m for m in MULTIPLIER_ROWS if m.in_text), key=lambda m: len(m.prefix), reverse=True):
        part = re.escape(m.prefix)
        if m.not_before:
            part += "(?!" + _lookaround(m.not_before) + ")"
        if m.only_before:
            part += "(?=" + "|".join(re.escape(w) for w in m.only_before) + ")"
        parts.append(part)
    return "|".join(parts)


UNITS: tuple[Unit, ...] = load_units(DATA_DIR / "units.csv")
MULTIPLIER_ROWS: tuple[Multiplier, ...] = load_multipliers(DATA_DIR / "multipliers.csv")
_NUMERALS = load_numerals(DATA_DIR / "numerals.csv")

# ----------------------------------------------------------------------------- units

#: units the number reader reads after a number, longest first (千瓦时 wins over 千瓦 and 千)
UNIT_WORDS: tuple[str, ...] = tuple(sorted(_tagged("read"), key=len, reverse=True))
#: units after which a Chinese numeral is an amount (三亩, 两千人), not a word (一批)
CN_AMOUNT_UNITS: tuple[str, ...] = _tagged("cn")
#: denominators written after "/" (元/人, 亿元/平方公里)
PER_UNITS: tuple[str, ...] = _tagged("per")
#: units of an indicator-table row, in the order of the data file (地区生产总值 亿元 727.5 1000)
TABLE_UNITS: tuple[str, ...] = _tagged("table")
#: currency word → ISO code (元 → CNY, 美元 → USD)
CURRENCIES: dict[str, str] = {u.unit: u.currency for u in UNITS if u.currency and u.unit == u.base}
#: units glued to the end of an indicator name in a flattened table row (常住人口城镇化率%)
GLUED_UNITS: tuple[str, ...] = _tagged("glued")
#: units written after a value in an indicator-table cell (≥ 72%)
CELL_UNITS: tuple[str, ...] = _tagged("cell")
#: units of a project's land area (占地120亩)
LAND_AREA_UNITS: tuple[str, ...] = _tagged("land")
#: base units in which a figure is never a target (years, durations, bandwidth)
SKIP_TARGET_UNITS: frozenset[str] = frozenset(_tagged("skip"))
#: base units of things counted one by one (件, 户, 家, 个 …)
COUNT_UNITS: frozenset[str] = frozenset(
    u.unit for u in UNITS if u.kind == "count" and u.unit == u.base and "read" in u.tags)
#: base units of a place's size: areas and lengths (平方公里, 亩, 公里 …)
AREA_UNITS: frozenset[str] = frozenset(
    u.unit for u in UNITS if u.kind in ("area", "length") and u.unit == u.base and "read" in u.tags)
#: words that open with a unit character but are no unit (6项目, 3个人)
UNIT_LOOKALIKE_WORDS: frozenset[str] = frozenset(
    row["word"] for row in _rows(DATA_DIR / "unit_lookalike_words.csv", ("word",)))

# ----------------------------------------------------------------------------- multipliers

#: magnitude prefixes read between a number and its unit (3.5亿元, 2万件), with their factors
MULTIPLIERS: dict[str, Decimal] = {m.prefix: m.factor for m in MULTIPLIER_ROWS if m.in_text}
#: prefixes converted between two units of one base (亿元 over 元 → 1e8): dbt's unit_scale rule
SCALE_PREFIXES: dict[str, Decimal] = {m.prefix: m.factor for m in MULTIPLIER_ROWS if m.converts}

# ----------------------------------------------------------------------------- Chinese numerals

#: digits of amounts, the colloquial 两 included: 〇 零 ○ 一 … 九 → 0 … 9
CN_DIGITS: dict[str, int] = {**_NUMERALS["digit"], **_NUMERALS["colloquial"]}
#: digits of ordinals and plan numbers (第十四, 十四五): 一 … 九, no zero, no 两
CN_ORDINAL_DIGITS: dict[str, int] = {ch: v for ch, v in _NUMERALS["digit"].items() if v}
#: digits of years written digit by digit (二〇二五, 二ＯＯ五): no 两, look-alike letters for 〇
CN_YEAR_DIGITS: dict[str, int] = {**_NUMERALS["digit"], **_NUMERALS["lookalike"]}
#: numeral units 十 百 千 万 亿
CN_UNITS: dict[str, int] = dict(_NUMERALS["unit"])
#: numeral units below 万 (十 百 千): those of ordinals (第一百零二章)
CN_SMALL_UNITS: dict[str, int] = {ch: v for ch, v in CN_UNITS.items() if v < 10000}


def cn_digits_int(text: str) -> int:
    """A numeral written digit by digit ("二〇二五", "二ＯＯ五") as int; KeyError on other characters."""
    return int("".join(str(CN_YEAR_DIGITS[ch]) for ch in text))

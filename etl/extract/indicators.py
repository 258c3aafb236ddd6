"""The indicator catalogue (etl/data/indicators.csv) and the mapper from phrases to codes.

The catalogue is data that curators edit: one row per canonical indicator with ``code``,
``name_zh``, ``name_en``, ``category``, ``canonical_unit`` and ``aliases`` (separated by
``|``). Conventions the mapper relies on:

- a level indicator ``X`` may have siblings ``X_growth`` (its growth rate) and
  ``X_cumulative`` (its total over a plan period); a phrase that names ``X`` in a growth
  figure maps to ``X_growth`` when that sibling exists, and so on;
- Chinese puts the head noun last, so an alias must end the phrase (up to a generic tail
  such as 总额, 数量, 规模): "金融业占地区生产总值比重" does not map to GDP;
- an alias written ``=X`` names the indicator only as the whole phrase (after a scope word such
  as 全省, 我市): the region's own aggregate. A qualifier before it makes a sub-aggregate
  ("=生产总值": "全省生产总值" is GDP, "海洋生产总值" is not; "=经济": "经济增长5%" is GDP growth,
  "数字经济增长15%" is not).

``map_indicator(phrase, kind=None)`` returns a code or None; unmapped phrases keep
``indicator_code`` null so that ``guihua indicators unmapped`` can list them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["Indicator", "catalogue", "load_catalogue", "map_indicator"]


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    category: str
    canonical_unit: str
    aliases: tuple[str, ...]
    whole_aliases: tuple[str, ...] = ()  # "=X" in the CSV: X names it only as the whole phrase


# Generic tails that do not change what is measured ("社会消费品零售总额" ~ "社会消费品零售额").
_TAILS = ("", "数", "数量", "总数", "总额", "总量", "规模", "水平", "额", "量", "人数", "户数", "个数",
          "总值", "值", "指标")
_NOISE_RE = re.compile(r"[\s“”\"‘’'《》「」]")
_LEADING_RE = re.compile(r"^(?:全区|全市|全县|全省|全旗|全州|全镇|全盟|本区|本市|本省|我区|我市|我省|我县|区内|市内|域内|其中|"
                         r"力争|争取|确保|现有|新增(?!就业|城镇就业))+")


def _clean(phrase: str) -> str:
    phrase = _NOISE_RE.sub("", phrase)
    phrase = phrase.replace("（", "(").replace("）", ")")
    return phrase


def _csv_path() -> Path:
    return Path(str(resources.files("etl") / "data" / "indicators.csv"))


def load_catalogue(path: str | Path | None = None) -> dict[str, Indicator]:
    """Read the catalogue CSV (the bundled one by default) into {code: Indicator}."""
    path = Path(path) if path is not None else _csv_path()
    out: dict[str, Indicator] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = (row.get("code") or "").strip()
            if not code:
                continue
            written = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
            aliases = [a for a in written if not a.startswith("=")]
            whole = [a[1:].strip() for a in written if a.startswith("=") and a[1:].strip()]
            name = (row.get("name_zh") or "").strip()
            if name and name not in aliases and name not in whole:
                aliases.insert(0, name)
            out[code] = Indicator(
                code=code,
                name_zh=name,
                name_en=(row.get("name_en") or "").strip(),
                category=(row.get("category") or "").strip(),
                canonical_unit=(row.get("canonical_unit") or "").strip(),
                aliases=tuple(_clean(a) for a in aliases),
                whole_aliases=tuple(_clean(a) for a in whole),
            )
    return out


class _Mapper:
    def __init__(self, indicators: dict[str, Indicator]) -> None:
        self.indicators = indicators
        self.exact: dict[str, str] = {}
        self.alias_code: dict[str, str] = {}  # aliases that may end a longer phrase
        for ind in indicators.values():
            for alias in ind.whole_aliases:
                self.exact.setdefault(alias, ind.code)  # the whole phrase only: never a suffix match
            for alias in ind.aliases:
                # the first code to claim an alias keeps it (rows earlier in the CSV win)
                self.exact.setdefault(alias, ind.code)
                self.alias_code.setdefault(alias, ind.code)
        self.cache: dict[tuple[str, str | None], str | None] = {}

    def _base_code(self, phrase: str) -> str | None:
        """The code of the longest alias that ends the phrase (up to a generic tail); of two
        equally long ones, the one that starts first. Aliases may overlap ("绿化覆盖率" inside
        "建成区绿化覆盖率"), so every start position is tried, against the few places an alias
        can end: a dictionary lookup per (start, end), no scan of the alias list."""
        if phrase in self.exact:
            return self.exact[phrase]
        n = len(phrase)
        ends = sorted({n - len(tail) for tail in _TAILS if phrase.endswith(tail)}, reverse=True)
        best: tuple[int, str] | None = None
        for start in range(n):
            if best is not None and ends[0] - start <= best[0]:
                break  # no alias starting here or later can be longer
            for end in ends:  # the longest alias at this start that ends the phrase
                if end <= start:
                    break
                cand = phrase[start:end]
                if cand in self.alias_code:
                    if best is None or len(cand) > best[0]:
                        best = (len(cand), self.alias_code[cand])
                    break
        return best[1] if best else None

    def map(self, phrase: str, kind: str | None = None) -> str | None:
        key = (phrase, kind)
        if key in self.cache:
            return self.cache[key]
        cleaned = _LEADING_RE.sub("", _clean(phrase)) or _clean(phrase)
        code = self._base_code(cleaned) or self._base_code(_clean(phrase))
        if code is not None:
            code = self._adjust(code, kind)
        self.cache[key] = code
        return code

    def _adjust(self, code: str, kind: str | None) -> str | None:
        if kind is None:
            return code
        stem = code.removesuffix("_growth").removesuffix("_cumulative")
        if kind == "growth":
            if code.endswith("_growth"):
                return code
            sibling = stem + "_growth"
            if sibling in self.indicators:
                return sibling
            unit = self.indicators[code].canonical_unit
            return code if unit in ("%", "‰") else None
        if kind == "cumulative":
            sibling = stem + "_cumulative"
            return sibling if sibling in self.indicators else stem
        if code.endswith("_growth") and kind in ("level", "count", "increment"):
            # "地区生产总值增长" read as a level: the growth code is still what it names
            return code
        return code


@lru_cache(maxsize=1)
def _default_mapper() -> _Mapper:
    return _Mapper(load_catalogue())


def catalogue() -> dict[str, Indicator]:
    """The bundled catalogue, loaded once."""
    return _default_mapper().indicators


def map_indicator(phrase: str | None, kind: str | None = None) -> str | None:
    """The catalogue code for an indicator phrase as written, or None when unmapped."""
    if not phrase:
        return None
    return _default_mapper().map(phrase, kind)

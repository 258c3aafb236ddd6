"""Numbers, units and money in normalized Chinese text, as exact Decimals.

One module reads every quantity the extractors need:

- Arabic numbers (``1000``, ``3541.07``) and Chinese numerals (``两万``, ``一百二十``,
  ``一点五``, ``二〇三〇``); cn2an reads the integer part of a Chinese numeral, and every
  value is built as a ``Decimal`` (cn2an's floats turn "16.4亿" into 1639999999, see
  LESSONS.md),
- ranges (``5-8%``, ``5%-8%``, ``5至8``, ``6%~6.5%``),
- 万/亿 multipliers fused with units (``万件``, ``亿元``, ``万平方米``, ``亿美元``),
  an omitted 元 after 亿 (``超过1000亿`` → 亿元),
- percentages (``%``, ``百分之五``), ``个百分点``, ``倍``, ``翻一番``/``翻两番``.

A number starts only where no digit or decimal point precedes it and ends where no
digit follows, and a unit must follow it directly: "投资3541.07万元2.3本项目" reads
3541.07万元 and never glues the next list item's "2." onto the amount (LESSONS.md,
JioNLP issue 49).

Public API::

    parse_quantity(text) -> Quantity | None        # the first quantity in text
    parse_money(text, default_unit=None) -> Money | None
    find_quantities(text, ...) -> Iterator[Quantity]  # every quantity, with spans
    parse_number(text) -> Decimal | None           # one numeral, Arabic or Chinese
    base_unit(unit) -> str | None                  # 亿元 → 元, 万件 → 件, % → %
    unit_scale(unit, base) -> Decimal | None       # how many `base` make one `unit`
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

from etl import vocabulary

__all__ = [
    "Money",
    "Quantity",
    "find_quantities",
    "parse_money",
    "parse_number",
    "parse_quantity",
    "base_unit",
    "unit_scale",
    "CURRENCIES",
]

# --------------------------------------------------------------------------- numerals

_CN_DIGITS = vocabulary.CN_DIGITS
_CN_D = "".join(vocabulary.CN_DIGITS)  # 〇 零 ○ 一 … 九 两 (etl/data/numerals.csv)
_CN_NUMERAL_CHARS = _CN_D + "".join(vocabulary.CN_UNITS) + "点"


def _cn_integer(text: str) -> int | None:
    """A Chinese integer numeral ("两千三百万", "二〇三〇", "十五") as int, or None."""
    if not text:
        return None
    if all(ch in _CN_DIGITS for ch in text):
        # digit-by-digit numerals: 二〇三〇 → 2030 (cn2an reads 二〇 oddly in some modes)
        if len(text) == 1:
            return _CN_DIGITS[text]
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    text = text.replace("○", "〇")
    if text[0] in "百千":  # 千亿 → 一千亿: the 一 is implied
        text = "一" + text
    try:
        value = cn2an.cn2an(text, "normal")
    except Exception:  # cn2an raises ValueError and friends on anything it does not read
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _cn_number(text: str) -> Decimal | None:
    """A Chinese numeral with an optional 点 fraction ("一点五") as Decimal."""
    if "点" in text:
        whole, _, frac = text.partition("点")
        if not frac or not all(ch in _CN_DIGITS for ch in frac):
            return None
        integer = _cn_integer(whole) if whole else 0
        if integer is None:
            return None
        digits = "".join(str(_CN_DIGITS[ch]) for ch in frac)
        return Decimal(f"{integer}.{digits}")
    integer = _cn_integer(text)
    return None if integer is None else Decimal(integer)


@lru_cache(maxsize=4096)
def parse_number(text: str) -> Decimal | None:
    """One numeral, Arabic ("3541.07") or Chinese ("一百二十", "一点五"), as Decimal."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text, flags=re.ASCII):
        text = text.replace(",", "")  # "1,200": a thousands separator
    if re.fullmatch(r"\d+(?:\.\d+)?", text, flags=re.ASCII):
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern guarantees a number
            return None
    if all(ch in _CN_NUMERAL_CHARS for ch in text):
        return _cn_number(text)
    return None


# --------------------------------------------------------------------------- units

#: currency word → ISO code
CURRENCIES: dict[str, str] = vocabulary.CURRENCIES

_MULTIPLIERS: dict[str, Decimal] = vocabulary.MULTIPLIERS

# Units after a number, longest first so that 千瓦时 wins over 千瓦 and 千 (a multiplier).
_UNIT_WORDS = list(vocabulary.UNIT_WORDS)

# A unit may carry a per-denominator: 元/人, 亿元/平方公里, 微克/立方米.
_PER_UNIT = r"(?:/(?:" + vocabulary.alternation(vocabulary.PER_UNITS) + r"))?"
# a unit that is only a denominator: 孕产妇死亡率16.5/10万
_PER_ONLY = r"/(?:10万|十万|万|千|100000|1000|10000)(?:人)?"

_UNIT_ALT = "|".join(re.escape(u) for u in _UNIT_WORDS)
_MULT_ALT = vocabulary.multiplier_pattern()

# "1,200万人": thousands separators (three digits after each comma, none before the first group)
_ARABIC = r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?(?![\d])"
_CN_NUM_BODY = "(?:[" + _CN_D + "十][" + _CN_NUMERAL_CHARS + "]*|[百千](?=[万亿])[万亿]*|万(?=亿))"
# A Chinese numeral counts only when a unit, a multiplier, a percent sign or a range follows it:
# "一批", "统一", "十四五" are words. find_quantities checks this after the numeral run before it
# tries the full pattern, so the scan does not stop at every 一.
_CN_FOLLOW_RE = re.compile(
    r"(?:[万亿%‰倍余多\-~～—–至到]|个百分点|"
    + vocabulary.alternation(vocabulary.CN_AMOUNT_UNITS)
    + r")"
)
_CN_NUM = _CN_NUM_BODY
# where a quantity can start: a digit run, a Chinese numeral run, 百分之, 翻…番
# Where a quantity can start: a digit not inside a number, 百分之, 翻…番, a Chinese numeral run (group
# cn), 万亿. Written to open with one character class so that `re` scans for it in C instead of
# trying every branch at every position of the text (the alternation alone cost ~15% of figure
# extraction); each branch then checks the character it opened with by lookbehind.
_CANDIDATE_RE = re.compile(
    r"[\d百翻" + _CN_D + "十千万]"
    r"(?:(?<=\d)(?<![\d.]\d)"
    r"|(?<=百)分之"
    r"|(?<=翻)(?=[一两二三四\d]?番)"
    r"|(?P<cn>(?<=[" + _CN_D + "十百千])[" + _CN_D + "十百千点]*|(?<=万)(?=亿)))"
)

# one value with its own unit: 8%, 1000亿元, 2万件, 百分之五, 3个百分点
_QUANTITY_RE = re.compile(
    r"""
    (?P<pct_cn>百分之(?P<pct_num>[""" + _CN_D + r"""十百点]+|\d+(?:\.\d+)?))
    |
    (?P<fan>翻(?P<fan_n>一|两|二|三|四|\d)?番)
    |
    (?:
        (?P<num>"""
    + _ARABIC
    + r"""|"""
    + _CN_NUM
    + r""")
        (?:
            (?P<range_sep>\s?(?:-|~|～|—|–|－|至|到)\s?)
            (?P<num2>"""
    + _ARABIC
    + r"""|"""
    + _CN_NUM
    + r""")
        )?
        (?P<pct>%|‰)?
        (?:
            (?P<range_sep2>\s?(?:-|~|～|—|–|－|至|到)\s?)
            (?P<num3>"""
    + _ARABIC
    + r""")(?P<pct3>%|‰)
        )?
        (?(pct)|
            (?P<approx0>余|多)?
            (?P<mult>"""
    + _MULT_ALT
    + r""")?
            (?P<approx>余|多)?
            (?P<unit>(?:"""
    + _UNIT_ALT
    + r")"
    + _PER_UNIT
    + r"|"
    + _PER_ONLY
    + r""")?
        )
    )
    """,
    re.VERBOSE,
)

_CN_FAN = {"一": 2, None: 2, "两": 4, "二": 4, "三": 8, "四": 16}


@dataclass(slots=True, frozen=True)
class Quantity:
    """One quantity as written and in its base unit.

    ``unit`` is as written, except that a bare 亿 (``1000亿``) reads 亿元 (SPEC §1).
    ``value_base``/``unit_base``: the same quantity without its multiplier
    (2万件 → 20000 件; 1000亿元 → 1.0e11 元; 10.5% → 10.5 %; 3亿美元 → 3.0e8 美元).
    """

    value: Decimal
    unit: str
    value_base: Decimal
    unit_base: str
    value_max: Decimal | None = None
    text: str = ""
    char_start: int = 0
    char_end: int = 0
    is_chinese_numeral: bool = False
    has_multiplier: bool = False
    approx: str | None = None  # "余"/"多" written between number and unit (200余家): at least


    @property
    def currency(self) -> str | None:
        """ISO code when the unit is money (亿元 → CNY, 万美元 → USD), else None."""
        return CURRENCIES.get(self.unit_base.split("/")[0]) if self.unit_base else None

    @property
    def is_money(self) -> bool:
        return self.currency is not None and "/" not in self.unit_base


@dataclass(slots=True, frozen=True)
class Money:
    """An amount of money in 亿 of its currency (万元 → /10000), as written."""

    amount_yi: Decimal
    currency: str
    text: str
    amount_max_yi: Decimal | None = None
    char_start: int = 0
    char_end: int = 0


def _num(text: str) -> Decimal | None:
    return parse_number(text)


def _split_cn_multiplier(numeral: str) -> tuple[str, str]:
    """"三千万" → ("三千", "万"); "十亿" → ("十", "亿"); "二十" → ("二十", "")."""
    for mult in ("万亿", "亿", "万"):
        if numeral.endswith(mult) and len(numeral) > len(mult):
            head = numeral[: -len(mult)]
            if head[-1] not in "万亿":
                return head, mult
    return numeral, ""


def _build(m: re.Match[str], allow_chinese: bool, require_unit: bool) -> Quantity | None:
    text = m.group(0)
    start, end = m.span()
    if m.group("pct_cn"):
        value = _num(m.group("pct_num"))
        if value is None:
            return None
        return Quantity(value, "%", value, "%", None, text, start, end, True, False)
    if m.group("fan"):
        n = m.group("fan_n")
        if n is not None and n.isdigit():
            times = Decimal(2) ** int(n)
        else:
            times = Decimal(_CN_FAN.get(n, 2))
        return Quantity(times, "倍", times, "倍", None, text, start, end, n is not None and not
                        (n or "").isdigit(), False)

    num_text = m.group("num")
    is_cn = not num_text[0].isdigit()
    if is_cn and not allow_chinese:
        return None
    pct = m.group("pct") or m.group("pct3")
    mult = m.group("mult") or ""
    unit = m.group("unit") or ""
    num2_text = m.group("num2")
    if num2_text is None and m.group("num3"):
        num2_text = m.group("num3")

    if is_cn and num_text == "万" and mult == "亿":
        num_text, mult = "一", "万亿"  # "过万亿元", "超万亿": one 万亿 (a bare 万 is read only before 亿)
    if is_cn and not pct:
        numeral, cn_mult = _split_cn_multiplier(num_text)
        if cn_mult and not mult:
            num_text, mult = numeral, cn_mult
        elif cn_mult and mult:  # "三万万" - not a reading we trust
            return None
    if num2_text and not num2_text[0].isdigit():
        if not allow_chinese:
            return None
        n2, cn_mult2 = _split_cn_multiplier(num2_text)
        if cn_mult2:
            if mult and mult != cn_mult2:
                return None
            num2_text, mult = n2, cn_mult2

    value = _num(num_text)
    if value is None:
        return None
    value_max = _num(num2_text) if num2_text else None
    if num2_text and value_max is None:
        return None

    if pct:
        unit_written = pct
        unit_base = pct
        factor = Decimal(1)
    else:
        if not unit and not mult:
            if require_unit:
                return None
            unit_written = ""
            unit_base = ""
            factor = Decimal(1)
        else:
            if mult and not unit and mult in ("亿", "万亿", "千亿", "百亿"):
                unit = "元"  # 超过1000亿 → 亿元 (SPEC §1)
                unit_written = mult + unit
            else:
                unit_written = mult + unit
            unit_base = unit
            factor = _MULTIPLIERS.get(mult, Decimal(1)) if mult else Decimal(1)
            if unit in ("个百分点", "百分点", "倍"):
                if mult:
                    return None
                unit_base = "百分点" if "百分点" in unit else "倍"
    if value_max is not None and value_max < value:
        # "5-8" is a range; "2020-2025" is not a value at all; a descending pair is two numbers.
        return None
    value_base = _normal(value * factor)
    approx = m.group("approx0") or m.group("approx") if not pct else None
    return Quantity(
        approx=approx,
        value=value,
        unit=unit_written,
        value_base=value_base,
        unit_base=unit_base,
        value_max=value_max,
        text=text,
        char_start=start,
        char_end=end,
        is_chinese_numeral=is_cn,
        has_multiplier=bool(mult),
    )


def find_quantities(
    text: str,
    *,
    allow_chinese: bool = True,
    require_unit: bool = True,
    start: int = 0,
    end: int | None = None,
) -> Iterator[Quantity]:
    """Every quantity in ``text[start:end]`` in order, with offsets into ``text``.

    ``require_unit`` (default) skips bare numbers ("2.3本项目", "2025年" is read with the
    unit 年 — callers decide what a year is). ``allow_chinese=False`` skips Chinese
    numerals, which are mostly words ("一批", "十四五") rather than amounts.
    """
    end = len(text) if end is None else end
    last_end = start
    # Try the full pattern only where a quantity can start (a digit run, a Chinese numeral that
    # a unit follows, 百分之, 翻…番): a handful of positions instead of every character.
    for c in _CANDIDATE_RE.finditer(text, start, end):
        pos = c.start()
        if pos < last_end:
            continue
        if c.lastgroup == "cn":
            if not allow_chinese or not _CN_FOLLOW_RE.match(text, c.end(), end):
                continue
        m = _QUANTITY_RE.match(text, pos, end)
        if m is None or not m.group(0):
            continue
        q = _build(m, allow_chinese, require_unit)
        if q is not None and q.is_chinese_numeral and q.unit == "元" and len(q.text) == 2 \
                and m.end() < len(text) and _is_cjk(text[m.end()]):
            # 三元区, 三元里, 二元结构, 一元化: a one-character numeral + 元 inside a word is a
            # name, not money (plans write amounts in digits or with 万/亿).
            continue
        if q is not None:
            last_end = m.end()
            yield q


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity with a unit in ``text`` ("超过1000亿" → 1000 亿元), or None."""
    for q in find_quantities(text):
        return q
    return None


_BARE_NUMBER_RE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d])")


def parse_money(text: str, default_unit: str | None = None) -> Money | None:
    """The first amount of money in ``text``, in 亿 of its currency.

    "总投资3541.07万元" → 0.354107 亿 CNY; "投资450亿元" → 450; "1.2亿美元" → 1.2 USD;
    "超过1000亿" → 1000 CNY. With ``default_unit`` (a unit stated once in a table or list
    header, e.g. "亿元" or "万元"), a bare number ("10.00") is read in that unit.
    """
    for q in find_quantities(text):
        if q.is_money:
            return _money_from_quantity(q)
    if default_unit:
        unit_q = parse_quantity("1" + default_unit)
        if unit_q is not None and unit_q.is_money:
            m = _BARE_NUMBER_RE.search(text)
            if m:
                value = Decimal(m.group(0))
                factor = unit_q.value_base  # base value of 1 unit, e.g. 1万元 → 10000
                q = Quantity(value, unit_q.unit, value * factor, unit_q.unit_base, None,
                             m.group(0), m.start(), m.end())
                return _money_from_quantity(q)
    return None


_YI = Decimal(10) ** 8


def _money_from_quantity(q: Quantity) -> Money:
    factor = q.value_base / q.value if q.value else _MULTIPLIERS.get(q.unit[:-len(q.unit_base)],
                                                                     Decimal(1))
    amount = _normal(q.value_base / _YI)
    amount_max = _normal(q.value_max * factor / _YI) if q.value_max is not None else None
    return Money(
        amount_yi=amount,
        currency=q.currency or "CNY",
        text=q.text,
        amount_max_yi=amount_max,
        char_start=q.char_start,
        char_end=q.char_end,
    )


def _normal(d: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (4.50E+2 → 450)."""
    d = d.normalize()
    if d == d.to_integral():
        return d.quantize(Decimal(1))
    return d


# --------------------------------------------------------------------------- conversions

# The prefixes dbt's unit_scale macro converts: both read etl/data/multipliers.csv (converts = yes).
_SCALE_PREFIXES: dict[str, Decimal] = vocabulary.SCALE_PREFIXES


def base_unit(unit: str) -> str | None:
    """The unit without its magnitude, as the extractor records it (亿元 → 元, 万件 → 件, 个百分点 →
    百分点); None when `unit` is not a unit the extractor reads."""
    unit = unit.strip()
    if not unit:
        return None
    quantity = parse_quantity("1" + unit)
    if quantity is None or quantity.char_end != len(unit) + 1:
        return None
    return quantity.unit_base or None


def unit_scale(unit: str, base: str) -> Decimal | None:
    """How many `base` make one `unit` (亿元 over 元 → 1e8, % over % → 1), None when `unit` is not
    `base` with a Chinese magnitude prefix: the same rule as dbt's unit_scale macro."""
    if not base or not unit:
        return None
    if unit == base:
        return Decimal(1)
    if unit.endswith(base):
        return _SCALE_PREFIXES.get(unit[: -len(base)])
    return None

"""etl.extract.numbers: numerals, units, ranges and money as exact Decimals."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract.numbers import find_quantities, parse_money, parse_number, parse_quantity
from tests.helpers import examples


# ------------------------------------------------------------------ parse_money
@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("总投资3541.07万元", D("0.354107"), "CNY"),
        ("投资450亿元", D("450"), "CNY"),
        ("1.2亿美元", D("1.2"), "USD"),
        ("利用外资5000万美元", D("0.5"), "USD"),
        ("超过1000亿", D("1000"), "CNY"),
        ("16.4亿元", D("16.4"), "CNY"),
        ("三千万元", D("0.3"), "CNY"),
        ("一点五亿元", D("1.5"), "CNY"),
        ("5000万欧元", D("0.5"), "EUR"),
        ("总投资12000元", D("0.00012"), "CNY"),
        ("投资10万亿元", D("100000"), "CNY"),
    ],
)
def test_parse_money(text: str, amount: D, currency: str) -> None:
    money = parse_money(text)
    assert money is not None
    assert money.amount_yi == amount
    assert isinstance(money.amount_yi, D)
    assert money.currency == currency


def test_list_numbering_does_not_glue_onto_amount() -> None:
    # LESSONS: JioNLP read this as 200000.20
    money = parse_money("投资3541.07万元2.3本项目")
    assert money is not None
    assert money.amount_yi == D("0.354107")
    assert money.text == "3541.07万元"
    assert (money.char_start, money.char_end) == (2, 11)


def test_money_keeps_exact_text_and_no_float_error() -> None:
    money = parse_money("项目总投资16.4亿元,建设期3年")
    assert money is not None and money.amount_yi == D("16.4") and money.text == "16.4亿元"


def test_money_with_header_unit() -> None:
    assert parse_money("10.00", default_unit="亿元").amount_yi == D("10")
    assert parse_money("3541", default_unit="万元").amount_yi == D("0.3541")
    assert parse_money("无金额") is None
    assert parse_money("2.3本项目") is None


def test_money_range() -> None:
    money = parse_money("投资50-80亿元")
    assert money.amount_yi == D("50") and money.amount_max_yi == D("80")


def test_non_money_is_not_money() -> None:
    assert parse_money("面积7.74平方公里") is None
    assert parse_money("增长7%") is None
    assert parse_money("人均可支配收入达到5万元/人") is None


# ------------------------------------------------------------------ parse_quantity
@pytest.mark.parametrize(
    ("text", "value", "unit", "value_base", "unit_base", "value_max"),
    [
        ("2万件", D(2), "万件", D(20000), "件", None),
        ("超过1000亿", D(1000), "亿元", D("1E11"), "元", None),
        ("10.5%", D("10.5"), "%", D("10.5"), "%", None),
        ("5-8%", D(5), "%", D(5), "%", D(8)),
        ("5%-8%", D(5), "%", D(5), "%", D(8)),
        ("6%~6.5%", D(6), "%", D(6), "%", D("6.5")),
        ("5至8个", D(5), "个", D(5), "个", D(8)),
        ("百分之五", D(5), "%", D(5), "%", None),
        ("百分之一点五七", D("1.57"), "%", D("1.57"), "%", None),
        ("提高2个百分点", D(2), "个百分点", D(2), "百分点", None),
        ("1.5倍", D("1.5"), "倍", D("1.5"), "倍", None),
        ("翻一番", D(2), "倍", D(2), "倍", None),
        ("翻两番", D(4), "倍", D(4), "倍", None),
        ("两万人", D(2), "万人", D(20000), "人", None),
        ("100万平方米", D(100), "万平方米", D(1000000), "平方米", None),
        ("3亿美元", D(3), "亿美元", D(300000000), "美元", None),
        ("50万美元", D(50), "万美元", D(500000), "美元", None),
        ("面积7.74平方公里", D("7.74"), "平方公里", D("7.74"), "平方公里", None),
        ("发电3千瓦时", D(3), "千瓦时", D(3), "千瓦时", None),
        ("5千万元", D(5), "千万元", D(50000000), "元", None),
        ("高新技术企业超过300户", D(300), "户", D(300), "户", None),
        ("2.5万人次", D("2.5"), "万人次", D(25000), "人次", None),
        ("10万千瓦", D(10), "万千瓦", D(100000), "千瓦", None),
        ("人均5万元/人", D(5), "万元/人", D(50000), "元/人", None),
    ],
)
def test_parse_quantity(text, value, unit, value_base, unit_base, value_max) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.value, q.unit, q.value_base, q.unit_base, q.value_max) == (
        value, unit, value_base, unit_base, value_max)
    assert text[q.char_start:q.char_end] == q.text


def test_two_thousand_thirty_in_chinese_digits() -> None:
    assert parse_number("二〇三〇") == D(2030)
    assert parse_number("二〇三五") == D(2035)
    assert parse_number("一百二十") == D(120)
    assert parse_number("两千三百万") == D(23000000)
    assert parse_number("零点五") == D("0.5")
    assert parse_number("十") == D(10)
    assert parse_number("3541.07") == D("3541.07")
    assert parse_number("十四五") is None
    assert parse_number("") is None


def test_bare_numbers_need_a_unit() -> None:
    assert parse_quantity("2.3本项目") is None
    assert parse_quantity("一批项目") is None


def test_quantities_in_a_sentence() -> None:
    text = "专利申请量超过2万件,企业研发投入占GDP比重超过2%,高新技术企业超过300户"
    qs = list(find_quantities(text))
    assert [(q.value, q.unit) for q in qs] == [(D(2), "万件"), (D(2), "%"), (D(300), "户")]


def test_chinese_numerals_can_be_switched_off() -> None:
    assert list(find_quantities("建设两个中心", allow_chinese=False)) == []
    assert [q.value for q in find_quantities("建设两个中心")] == [D(2)]


def test_year_span_is_not_a_range() -> None:
    qs = list(find_quantities("2025-2021年"))
    assert all(q.value_max is None for q in qs)


# ------------------------------------------------------------------ property tests
_units = st.sampled_from(["", "%", "万元", "亿元", "亿", "万件", "户", "个百分点", "倍", "万平方米",
                          "亿美元", "万人", "平方公里", "年", "元/人", "-", "至"])
_numbers = st.one_of(
    st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False).map(str),
    st.integers(min_value=0, max_value=10**12).map(str),
    st.sampled_from(["两", "十", "一百二十", "二〇三〇", "一点五", "三千万", "零"]),
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.tuples(st.text(max_size=4), _numbers, _units), max_size=6))
def test_numbers_with_units_never_break(parts) -> None:
    text = "".join(a + b + c for a, b, c in parts)
    for q in find_quantities(text):
        assert 0 <= q.char_start < q.char_end <= len(text)
        assert text[q.char_start:q.char_end] == q.text
        assert q.value_base >= 0 and not q.value_base.is_nan()
        assert q.value >= 0
    parse_money(text)
    parse_money(text, default_unit="万元")


@settings(max_examples=examples(300), deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_breaks(text: str) -> None:
    for q in find_quantities(text):
        assert text[q.char_start:q.char_end] == q.text
        assert q.value_base >= 0
    parse_quantity(text)
    parse_money(text)


def test_numeral_yuan_inside_a_place_name_is_no_money() -> None:
    # 三元区 (Sanming), 三元里, 二元结构: one numeral character + 元 inside a word is a name
    assert list(find_quantities("2.三元区智慧医疗建设项目。")) == []
    assert list(find_quantities("推动城乡二元结构改革")) == []
    (q,) = find_quantities("每人奖励五元。")
    assert (q.value, q.unit) == (D(5), "元")
    (q,) = find_quantities("投资三亿元建设")
    assert (q.value, q.unit) == (D(3), "亿元")


def test_base_unit_and_unit_scale_follow_the_dbt_macro() -> None:
    """The review's catalogue check converts units by the rule of dbt's unit_scale macro."""
    from etl.extract.numbers import base_unit, unit_scale

    assert base_unit("亿元") == "元" and base_unit("万件") == "件" and base_unit("个百分点") == "百分点"
    assert base_unit("") is None and base_unit("not a unit") is None
    assert unit_scale("亿元", "元") == D(10) ** 8
    assert unit_scale("万人次", "人次") == 10000 and unit_scale("%", "%") == 1
    assert unit_scale("亿元", "个") is None and unit_scale("%", "百分点") is None

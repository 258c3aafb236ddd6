"""Indicator tables flattened to text: etl.extract.text_tables and the targets read from them.

The three shapes are shortened from real pages (a provincial 小康 indicator table flattened onto
one line, the national 乡村振兴 table transposed into pipe rows on a city site, a forum copy
of an environmental-plan table with anti-scraping junk glued to its cells), in the text
normalization leaves. The expected rows were read off the text by hand.
"""

from __future__ import annotations

from decimal import Decimal as D

from etl.extract.targets import FigureContext, extract_figures
from etl.extract.text_tables import parse_cell_value, read_text_tables

GLUED = (
    "1江苏高水平全面建成小康社会指标解释及计算方法指标名称计量单位2020年目标值资料来源一、经济发展"
    "1地区生产总值(2010年不变价)亿元翻一番(全省人均GDP ≥ 10万元)省统计局"
    "2战略性新兴产业增加值占GDP比重% ≥ 15省统计局3服务业增加值占GDP比重% ≥ 53省统计局"
    "4种植业“三品”比重% ≥ 55省农委5服务贸易占对外贸易比重% ≥ 10省商务厅"
    "6基本社会保障城乡基本养老保险参保率% ≥98省人社厅失业保险参保率% ≥987城镇登记失业率/城镇调查失业率% <4/<5.5 "
    "省人社厅 /统计局8药品生产环节抽验合格率% ≥96省食药监局2 指标名称计量单位2020年目"
)

TRANSPOSED = (
    "以文化为笔 绘就乡村振兴新图景\n"
    "主 要 指 标 |\n"
    "粮食综合生产能力 | 农业科技进步贡献率 | 农业劳动生产率 | 农产品加工产值与农业产值比 |\n"
    "2022年 目 标 值 |\n"
    ">6亿吨 | 61.5% | 5.5万元/人 | 2.5 |\n"
    "属 性 | 约束性 | 预期性 | 预期性 | 预期性 |\n"
)

JUNK = (
    "专栏1“十三五”生态环境保护主要指标- ?7 D(R- u' J7 p\" p\n|\n"
    "指标- k7 u)h% z8 i:s)d* b. M5 Q\n| 2015年\n1 x:M& J3 k)k2 y4 ]9 e | 2020年\n"
    "0 m\" w- ]# |2 b% X& o: ~ | 〔累计〕1\n6 ]& c; @,H9 k4 M | 属性- S ^- a\" d(r B\n|\n"
    "1。空气质量\n4 `(T7 w% H) [, ~3 z | 地级及以上城市2空气质量优良天数比率(%)$ `!k6 u2 K6 V7 @9 O+ Y% _& x\n"
    "| 76。7' t. {(b;u0 S5?: ^\n| >80\n;N1 D!B6 z' R,u9 Y\" b | -* _+ _!z* l8 W M+ G' ~' O\n| 约束性\n"
    "/ W& q3 p8 U9 b$ _ |\n细颗粒物未达标地级及以上城市浓度下降(%)\n* L' I0 p0 F- [# h(I | -\n"
    "3 |8 R9?. |(n,X7 N- d7 l4 l | -7 h. L J% r8 `\n| 〔18〕\n"
    "5 P8 T1 S(b/ _. `9 Z,D2 s | 约束性7 H4 v; [; ]0 M5 p\n|\n"
    "| 地表水质量3达到或好于Ⅲ类水体比例(%)\n\" ?1 t$ y5 y& L; _)t5 b. A | 666 ^3 V `7 x;w% V\n| >70\n"
    "! }8 B6 J+ P. |0 U' v4 _2 T' d | -\n. n6 s7 I% H' o8 X$ P' }' b | 约束性\n:b/ ~\" m3 @3 u1 Z |\n"
    "重要江河湖泊水功能区水质达标率(%); }% T\" N& x!T(i6 B;A\" t\n| 70。83 b* f2 I R5 I# S8 L\n"
    "| >804 b!F! {9 U, _; [* H\n| 预期性+ d(X1 D5 I1 Q\n|\n"
)

PROJECT_TABLE = (
    "序号 | 项目名称 | 建设规模及内容 | 总投资 | 建设起止年限 | 2022年工作计划 | 责任单位 |\n"
    "1 | 中小学校护眼灯光工程 | 对全县70所中小学校1658间教室照明进行护眼灯光提升 | 1800 | 2022 | 建成 | 县教育局 |\n"
)


def _rows(text):
    return {(r.indicator, tuple(c.text for c in r.cells)): r for r in read_text_tables(text)}


def test_glued_rows_split_row_numbers_from_values():
    rows = read_text_tables(GLUED)
    got = [(r.indicator, r.cells[0].text.replace(" ", ""), r.cells[0].year) for r in rows]
    assert ("地区生产总值", "翻一番", 2020) in got
    assert ("战略性新兴产业增加值占GDP比重", "≥15", 2020) in got
    assert ("种植业“三品”比重", "≥55", 2020) in got  # 55 then the source 省农委, then row 5
    assert ("服务贸易占对外贸易比重", "≥10", 2020) in got
    assert ("失业保险参保率", "≥98", 2020) in got  # "≥987城镇…": 98, then row 7
    assert ("城镇登记失业率", "<4", 2020) in got and ("城镇调查失业率", "<5.5", 2020) in got
    assert ("药品生产环节抽验合格率", "≥96", 2020) in got  # then the page number 2
    assert len(rows) == 11
    gdp = next(r for r in rows if r.cells[0].text == "翻一番")
    assert gdp.base_year == 2010 and gdp.unit == "亿元"


def test_transposed_rows_take_names_values_and_attributes_by_position():
    rows = read_text_tables(TRANSPOSED)
    assert [(r.indicator, r.cells[0].text, r.cells[0].year, r.binding) for r in rows] == [
        ("粮食综合生产能力", ">6亿吨", 2022, "binding"),
        ("农业科技进步贡献率", "61.5%", 2022, "expected"),
        ("农业劳动生产率", "5.5万元/人", 2022, "expected"),
        ("农产品加工产值与农业产值比", "2.5", 2022, "expected"),
    ]


def test_junk_glued_to_cells_is_dropped():
    rows = {r.indicator: r for r in read_text_tables(JUNK)}
    air = rows["地级及以上城市空气质量优良天数比率"]  # the footnote mark 2 is not part of the name
    assert [(c.text, c.year) for c in air.cells[:2]] == [("76。7", 2015), (">80", 2020)]
    assert air.unit == "%" and air.binding == "binding"
    pm = rows["细颗粒物未达标地级及以上城市浓度下降"]
    assert [c.text for c in pm.cells if c.cumulative] == ["〔18〕"]
    water = rows["地表水质量达到或好于Ⅲ类水体比例"]
    assert [c.text for c in water.cells[:2]] == ["66", ">70"]  # "666 ^3": the junk's first 6
    rivers = rows["重要江河湖泊水功能区水质达标率"]
    assert [c.text for c in rivers.cells[:2]] == ["70。8", ">80"] and rivers.binding == "expected"


def test_cell_values():
    assert parse_cell_value(">80") == (">", "80", None, None, "")
    assert parse_cell_value("15左右") == ("", "15", None, "左右", "")
    assert parse_cell_value("5.5万元/人") == ("", "5.5", None, None, "万元/人")
    assert parse_cell_value("76。7") == ("", "76.7", None, None, "")
    assert parse_cell_value("约束性") is None


def test_a_project_table_is_not_an_indicator_table():
    assert read_text_tables(PROJECT_TABLE) == []


def test_table_rows_become_targets_with_binding_and_base_year_actuals():
    ctx = FigureContext(plan_period=(2016, 2020), vision_year=None, doc_kind="plan_outline")
    targets, actuals = extract_figures(JUNK, [], ctx)
    by_name = {(t.indicator, t.value): t for t in targets}
    air = by_name[("地级及以上城市空气质量优良天数比率", D(80))]
    assert (air.comparator, air.year, air.unit, air.binding) == (">=", 2020, "%", "binding")
    pm = by_name[("细颗粒物未达标地级及以上城市浓度下降", D(18))]
    assert (pm.year, pm.kind, pm.direction, pm.period) == (2020, "growth", "decrease", [2016, 2020])
    assert {(a.indicator, a.value, a.year) for a in actuals} >= {
        ("地级及以上城市空气质量优良天数比率", D("76.7"), 2015), ("地表水质量达到或好于Ⅲ类水体比例", D(66), 2015)}
    assert all(JUNK[t.char_start:t.char_end] == t.quote for t in targets)


def test_glued_table_targets_are_read_once():
    ctx = FigureContext(plan_period=None, vision_year=None, doc_kind="plan_outline")
    targets, _ = extract_figures(GLUED, [], ctx)
    values = sorted((t.indicator, t.value, t.year) for t in targets)
    assert len(values) == len(set(values))  # the prose reader does not read the table again
    gdp = [t for t in targets if t.kind == "multiple"]
    assert [(t.indicator, t.value, t.base_year, t.year) for t in gdp] == [("地区生产总值", D(2), 2010, 2020)]
    assert ("人均GDP", D(10)) in {(t.indicator[-5:], t.value) for t in targets}
    transposed, _ = extract_figures(TRANSPOSED, [], FigureContext(plan_period=None, vision_year=None,
                                                                   doc_kind="plan_outline"))
    grain = next(t for t in transposed if t.indicator == "粮食综合生产能力")
    assert (grain.value, grain.unit, grain.value_base, grain.comparator, grain.year) == (
        D(6), "亿吨", D(600000000), ">=", 2022)


ROW_PER_LINE = (
    "表1 “十四五”时期经济社会发展主要指标\n指标 | 2020年 | 2025年 | 年均增长 | 属性\n"
    "地区生产总值(亿元) | 727.5 | 1000 | 6.6 | 预期性\n城镇登记失业率(%) | 3.5 | <4 | — | 预期性\n"
    "单位地区生产总值能耗降低(%) | — | — | 〔14〕 | 约束性\n"
)


def test_a_pipe_table_with_one_row_per_line_and_a_growth_column():
    targets, actuals = extract_figures(ROW_PER_LINE, [], FigureContext())
    got = sorted((t.indicator, t.value, t.unit, t.comparator, t.year, t.kind, t.binding) for t in targets)
    assert got == [
        ("单位地区生产总值能耗降低", D(14), "%", "=", 2025, "growth", "binding"),
        ("地区生产总值", D("6.6"), "%", "=", 2025, "growth", "expected"),
        ("地区生产总值", D(1000), "亿元", "=", 2025, "level", "expected"),
        ("城镇登记失业率", D(4), "%", "<=", 2025, "cap", "expected"),
    ]
    assert sorted((a.indicator, a.value, a.year) for a in actuals) == [
        ("地区生产总值", D("727.5"), 2020), ("城镇登记失业率", D("3.5"), 2020)]


def test_a_line_table_row_carries_its_attribute():
    text = "主要指标\n指标 2020年 2025年 属性\n地区生产总值(亿元) 727.5 1000 预期性\n森林覆盖率(%) 40.1 41 约束性\n"
    targets, _ = extract_figures(text, [], FigureContext())
    assert sorted((t.indicator, t.value, t.binding) for t in targets) == [
        ("地区生产总值", D(1000), "expected"), ("森林覆盖率", D(41), "binding")]

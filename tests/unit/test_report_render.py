"""The report page is rendered from mart rows alone: escaped, offline, and robust to missing data."""

from __future__ import annotations

from decimal import Decimal

from etl.report import ReportData, path_figure, render_report

HOSTILE = "朝阳区</script><script>alert(1)</script>"


def external_resources(page: str) -> list[str]:
    """src/href of every script, link, img or iframe tag (the inlined plotly.js is script *text*)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "link", "img", "iframe"):
                found.extend(value or "" for name, value in attrs if name in ("src", "href"))

    Collector().feed(page)
    return found


def _data() -> ReportData:
    return ReportData(
        gdp=[
            {"region_code": "220104", "region_name": HOSTILE, "region_level": "county",
             "gdp_yi": Decimal(1000), "gdp_comparator": ">=", "gdp_baseline_year": 2020,
             "gdp_baseline_yi": Decimal("727.5"), "gdp_implied_cagr_pct": Decimal("6.5696")},
            {"region_code": "220105", "region_name": "长春市二道区", "region_level": "county", "gdp_yi": None,
             "gdp_comparator": None, "gdp_baseline_year": None, "gdp_baseline_yi": None,
             "gdp_implied_cagr_pct": None},
        ],
        investment=[
            {"region_code": "220104", "region_name": "长春市朝阳区", "region_level": "county", "box": HOSTILE,
             "project_count": 5, "cny_project_count": 5, "total_investment_yi": Decimal("608.3"),
             "largest_project_name": "<b>项目</b>", "largest_investment_yi": Decimal(450)},
            {"region_code": "220200", "region_name": "吉林市", "region_level": "prefecture", "box": None,
             "project_count": 22, "cny_project_count": 0, "total_investment_yi": None,
             "largest_project_name": None, "largest_investment_yi": None},
        ],
        paths=[
            {"region_code": "220104", "region_name": "长春市朝阳区", "region_level": "county",
             "indicator_code": "gdp", "indicator_name_zh": "地区生产总值", "fact_type": fact_type,
             "fact_kind": "level", "fact_year": year, "comparator": "=", "confidence": Decimal("0.9"),
             "value": Decimal(value), "unit": "亿元", "quote": HOSTILE}
            for fact_type, year, value in (("actual", 2015, "437.2"), ("actual", 2020, "727.5"),
                                           ("target", 2025, "1000"), ("vision", 2035, "1455"))
        ],
        top_projects=[{"region_name": "长春市朝阳区", "region_level": "county", "project_name": HOSTILE,
                       "box": "文旅康养业重点项目", "investment_yi": Decimal(450), "rank_in_plan": 1,
                       "share_of_plan_investment": Decimal("0.377")}],
        coverage=[{"region_name": HOSTILE, "region_level": "county", "doc": "000_89700a7a8f41e7e7.txt",
                   "title": "长春市朝阳区国民经济和社会发展第十四个五年规划<b>纲要</b>",
                   "doc_kind": "plan_outline", "plan_start_year": 2021, "plan_end_year": 2025,
                   "target_count": 53, "vision_target_count": 2,
                   "actual_count": 19, "project_count": 89, "target_indicator_count": 30,
                   "unmapped_target_share": Decimal("0.4151"), "quality_flag_summary": "chrome_line×2",
                   "trust_level": "high"}],
        generated_at="2025-01-01 00:00 UTC",
    )


def test_page_is_offline_and_escapes_document_text() -> None:
    page = render_report(_data())
    assert external_resources(page) == []  # plotly.js inlined: no CDN, works offline
    assert "<script>alert(1)" not in page  # neither in HTML tables nor in the plotly JSON
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page
    for chart in ("chart-gdp", "chart-investment", "chart-paths"):
        assert f'id="{chart}"' in page
    assert "长春市二道区" in page  # named as having no 2025 GRP target
    assert "吉林市 (地级) (22)" in page  # projects without amounts are reported, not charted as 0
    assert "42%" in page  # unmapped share as a percentage


def test_page_renders_without_any_data() -> None:
    page = render_report(ReportData())
    assert "no 2025 GRP target" in page and "no planned investment amounts" in page
    assert "no indicator with a baseline and a target" in page and "no rows" in page


def test_path_chart_never_mixes_units() -> None:
    rows = [
        {"region_code": "A", "region_name": "甲区", "region_level": "county", "indicator_code": "gdp",
         "indicator_name_zh": "地区生产总值", "fact_type": "actual", "fact_kind": "level", "fact_year": 2020,
         "comparator": "=", "confidence": 1, "value": Decimal(700), "unit": "亿元", "quote": ""},
        {"region_code": "A", "region_name": "甲区", "region_level": "county", "indicator_code": "gdp",
         "indicator_name_zh": "地区生产总值", "fact_type": "target", "fact_kind": "level", "fact_year": 2025,
         "comparator": ">=", "confidence": 1, "value": Decimal(1000), "unit": "亿元", "quote": ""},
        {"region_code": "A", "region_name": "甲区", "region_level": "county", "indicator_code": "gdp",
         "indicator_name_zh": "地区生产总值", "fact_type": "vision", "fact_kind": "level", "fact_year": 2035,
         "comparator": "=", "confidence": 1, "value": Decimal(3), "unit": "万亿元", "quote": ""},
    ]
    fig = path_figure(rows)
    assert len(fig.data) == 1
    assert list(fig.data[0].x) == [2020, 2025] and list(fig.data[0].y) == [700.0, 1000.0]


def test_coverage_names_plans_by_region_and_title_with_the_file_as_a_detail() -> None:
    """A reader looks for 长春市朝阳区's plan, not for 000_89700a7a8f41e7e7.txt (issue 16, point 6)."""
    import re

    page = render_report(_data())
    table = page[page.index('id="table-coverage"'):]
    table = table[:table.index("</table>")]
    row = re.findall(r"<td[^>]*>(.*?)</td>", table)
    plan = row[2]  # region, level, plan
    assert plan.startswith('<span class="plan-title">长春市朝阳区国民经济和社会发展第十四个五年规划&lt;b&gt;纲要')
    assert '<small class="file">000_89700a7a8f41e7e7.txt</small>' in plan  # the file, second
    assert "<th>规划 plan (file)</th>" in table and "文件 file</th>" not in table
    untitled = ReportData(coverage=[dict(_data().coverage[0], title=None)])
    assert '<span class="plan-title">000_89700a7a8f41e7e7.txt</span>' in render_report(untitled)

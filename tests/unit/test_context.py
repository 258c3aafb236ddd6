"""etl.extract.context: what a document is and when it speaks from.

The texts are shortened from real public pages of the kinds the product meets (county work
report pages, NPC-session news, plan news, Taiwan reprints); each expectation was read off
the text by hand.
"""

from __future__ import annotations

import pytest

from etl.extract.context import (
    document_kind,
    fyp_period,
    is_byline,
    is_national,
    own_year,
    plan_cycle,
    read_context,
    repeat_start,
    strip_title_prefix,
    vision_year,
)

# a county page that carries only the targets part of its 2025 report (no 政府工作报告 anywhere)
WORK_REPORT_PAGE = (
    "2025年发展目标和重点工作\n2025年是“十四五”规划的收官之年,是“十五五”规划的谋篇布局之年。\n"
    "今年政府工作的总体要求是:坚持稳中求进工作总基调。\n"
    "2025年主要预期目标是:地区生产总值增长6%以上,固定资产投资增长7%左右。\n"
)
# news of an NPC session that delivered the report and set the year's targets
SESSION_NEWS = (
    "2023年1月31日上午,西安市灞桥区第十八届人民代表大会第二次会议开幕。\n"
    "灞桥区区长苏晓梅代表灞桥区人民政府向大会作政府工作报告,全面回顾总结了2022年的工作,提出了2023年目标任务。\n"
)
# the same session also adopted the five-year plan: the news is about the plan, not the report
PLAN_NEWS_AT_A_SESSION = (
    "2月4号上午,仙桃市第九届人民代表大会第六次会议开幕。市长余珂向大会作政府工作报告。\n"
    "会议印发了《仙桃市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要(草案)》,"
    "确定今后五年的主要发展目标:地区生产总值超过1200亿元。\n"
)


@pytest.mark.parametrize(
    ("title", "head", "kind"),
    [
        ("2025年发展目标和重点工作", WORK_REPORT_PAGE, "work_report"),
        ("", SESSION_NEWS, "work_report"),
        ("", PLAN_NEWS_AT_A_SESSION, "news_summary"),
        ("福建省十五五规划纲要出炉", "《纲要》明确提出:未来五年GDP年均增长5%左右。", "news_summary"),
        ("", "主 要 指 标 |\n粮食综合生产能力 |\n2022 年 目 标 值 |\n>6亿吨 |\n属 性 | 约束性 |", "plan_outline"),
        ("泰州市姜堰区2026年政府工作报告", "", "work_report"),
        ("城口县2024年国民经济和社会发展计划执行情况与2025年计划草案报告", "", "work_report"),
    ],
)
def test_document_kind(title, head, kind):
    assert document_kind(title, head, plan_title=False, chapter_headings=0) == kind


@pytest.mark.parametrize(
    ("kind", "title", "head", "published", "year"),
    [
        ("work_report", "2025年发展目标和重点工作", WORK_REPORT_PAGE, None, 2025),
        ("work_report", "", SESSION_NEWS, None, 2023),
        # "今年是“十五五”开局之年": the first year of the 15th plan
        ("work_report", "", "报告提出了今年乐山发展的主要目标。\n今年是“十五五”开局之年。", None, 2026),
        # a review of 2025 comes first: the report speaks from 2026
        ("work_report", "", "要点如下:\n一、2025 年工作回顾\n国内生产毛额增长5%", None, 2026),
        ("news_summary", "", "会议开幕。", "2021-01-20", 2021),
        # no year of its own: the report reviews 2018 (not the 2035 vision it names)
        ("work_report", "", "过去一年,经济社会发展迈出坚实步伐。2018年,芙蓉区入选百强区。锚定2035年远景目标。", None, 2019),
        ("work_report", "城口县2024年国民经济和社会发展计划执行情况与2025年计划草案报告", "", "2025-02-21", 2025),
        ("news_summary", "", "会议开幕。", None, None),
    ],
)
def test_own_year(kind, title, head, published, year):
    assert own_year(kind, title, head, published)[0] == year


@pytest.mark.parametrize(
    ("title", "head", "year", "period"),
    [
        ("《解读甘肃十三五规划建议》", "", 2015, [2016, 2020]),
        # Taiwan writes 规画 for 规划
        ("", "福建省十五五规画纲要明确提出:未来五年GDP年均增长百分之五左右", 2026, [2026, 2030]),
        ("专栏1“十三五”生态环境保护主要指标", "", None, [2016, 2020]),
        # no plan named: "今后五年 … 到2020年" in a text of 2016
        ("", "今后五年,该县将坚持以脱贫攻坚统揽全局,确保2020年全面建成小康社会。到2020年,实现四大目标", 2016,
         [2016, 2020]),
        ("", "今后五年,该县将加快发展。到2020年,实现四大目标", 2021, None),
        ("吉林市“十五”计划纲要", "", None, [2001, 2005]),
        ("", "规划期为2018-2022年。", None, [2018, 2022]),
    ],
)
def test_plan_cycle(title, head, year, period):
    assert plan_cycle(title, head, year) == period


def test_fyp_period():
    assert fyp_period(13) == [2016, 2020] and fyp_period(15) == [2026, 2030]


@pytest.mark.parametrize(
    ("head", "year"),
    [
        ("上海:到2035年基本建成具有世界影响力的社会主义现代化国际大都市", 2035),
        ("锚定2035年远景目标", 2035),
        ("到2030年率先基本实现社会主义现代化", None),  # the plan's own end, not a vision
    ],
)
def test_vision_year(head, year):
    assert vision_year("", head) == year


@pytest.mark.parametrize(
    "line",
    ["文/广州日报·新花城记者 李某", "川观新闻记者 杨艺茂", "(湖北广电融媒体记者 郑莉莉 责任编辑 徐珊珊)",
     "date 2026-03-05 巨亨网编译钟咏翔", "本网讯(朱志坚 李顺杰)漳浦县招商引资“开门红”", "2016-08-11 14:34:58"],
)
def test_bylines_are_recognised(line):
    assert is_byline(line)


@pytest.mark.parametrize("line", ["长春市朝阳区国民经济和社会发展第十四个五年规划", "青岛|确保“十五五”开好局起好步"])
def test_titles_are_not_bylines(line):
    assert not is_byline(line)


def test_a_scrapers_title_label_is_dropped():
    assert strip_title_prefix("标题:长春市南关区规划纲要") == "长春市南关区规划纲要"
    assert strip_title_prefix("原标题：厦门重大项目集中开工") == "厦门重大项目集中开工"
    assert strip_title_prefix("标题党的崛起") == "标题党的崛起"


@pytest.mark.parametrize(
    ("head", "national"),
    [
        ("中国国务院总理李强周四向十四届全国人大四次会议宣读政府工作报告", True),
        ("国务院关于印发“十四五”数字经济发展规划的通知", True),
        ("贯彻落实党中央国务院决策部署,吉林市高举旗帜", False),
    ],
)
def test_national_level(head, national):
    assert is_national(head) is national


def test_a_text_printed_twice_is_read_once():
    body = ("2024年,全县实现地区生产总值252.58亿元,同比增长4.2%。\n"
            "2025年主要预期目标是:地区生产总值增长6%以上,固定资产投资增长7%左右,"
            "规上工业增加值增长7%左右,社会消费品零售总额增长5%左右,一般公共预算收入增长3%左右。\n"
            "围绕实现上述目标,我们必须把握好以下几点:坚定信心,践行权为民所用,激发市场活力。\n")
    text = "某县政府工作报告\n" + body + "某县政府工作报告\n" + body + "版权所有 某县人民政府"
    assert repeat_start(text) == text.index("某县政府工作报告", 5)
    assert repeat_start("某县政府工作报告\n" + body) is None
    # one paragraph quoted again at the end is not a second copy of the text
    quoted = "某县政府工作报告\n" + body + "\n".join(["其他工作。" * 20] * 5) + "\n" + body[:170]
    assert repeat_start(quoted) is None


def test_read_context_for_a_work_report_page():
    context = read_context(WORK_REPORT_PAGE, "2025年发展目标和重点工作", WORK_REPORT_PAGE, None,
                           plan_title=False, chapter_headings=0)
    assert (context.kind, context.own_year, context.plan_period) == ("work_report", 2025, [2025, 2025])
    assert context.vision_year is None and not context.is_national and context.repeat_start is None


def test_a_work_report_without_its_title_page_is_known_by_its_opening():
    # 2024年北京市政府工作报告.pdf as published: the PDF opens on the body, no title page
    head = ("各位代表:\n现在,我代表北京市人民政府,向大会报告政府工作,请予审议,并请市政协委员提出意见。\n"
            "一、2023年工作回顾\n2023年是全面贯彻落实党的二十大精神的开局之年。")
    context = read_context(head, "", head, None, plan_title=False, chapter_headings=0)
    assert (context.kind, context.own_year, context.plan_period) == ("work_report", 2024, [2024, 2024])
    # the opening alone, without a review or targets, is not enough ("向大会报告工作" in news of a session)
    news = "市长向大会报告政府工作。会议听取了报告。"
    assert read_context(news, "", news, None, plan_title=False, chapter_headings=0).kind == "news_summary"

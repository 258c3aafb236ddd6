"""The document's own time and counts that are not targets (issue 15, batch 8 classes 1 and 2).

Sentence shapes from real public pages (a provincial report's news with a page dateline, a
county report page that opens with its target paragraph, a city report's table of contents, a
State Council report's news in traditional script, the 十五五 section of the national report,
project news of a batch); every expectation was read off the sentence by hand. Each rule has a
negative case.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from etl.extract.context import national_session_year, own_year, read_context
from etl.extract.metadata import extract_metadata
from etl.extract.targets import FigureContext, extract_figures

UNKNOWN_NEWS = FigureContext(plan_period=None, vision_year=None, doc_kind="news_summary")
NEWS_2024 = FigureContext(plan_period=None, vision_year=None, doc_kind="news_summary", own_year=2024)


def _wr(year: int) -> FigureContext:
    return FigureContext(plan_period=(year, year), vision_year=None, doc_kind="work_report", report_year=year,
                         own_year=year)


def _years(figures):
    return sorted((f.indicator, f.value, f.year) for f in figures)


# -- the document's own year ----------------------------------------------------------------


def test_a_dateline_opening_the_page_is_its_publication_date():
    text = ("2026-01-28 04:26:44 来源:参考消息网 责任编辑:刘天霖\n\n参考消息网2026-01-28号报道\n\n"
            "辽宁省省长王新伟代表辽宁省人民政府向大会作政府工作报告。\n"
            "王新伟说,2026年是“十五五”开局之年。今年经济社会发展的主要预期目标是:地区生产总值增长4.5%左右。\n")
    meta = extract_metadata(text, "t.txt")
    assert meta.published_on == "2026-01-28"
    assert (meta.doc_kind, meta.report_year) == ("work_report", 2026)


def test_a_date_inside_a_sentence_is_not_a_dateline():
    meta = extract_metadata("会议听取了报告。\n据悉,项目于2026-01-28 04:26开工建设。\n", "t.txt")
    assert meta.published_on is None


@pytest.mark.parametrize(
    ("head", "year"),
    [
        # said by a person, in the middle of a sentence: not only at a sentence's start
        ("政府工作报告。王新伟说,2026年是“十五五”开局之年,必须迈好第一步。", 2026),
        ("省长说:今年是“十四五”收官之年。", 2025),
        # "2026年" named as the year spoken of is not a reviewed year: no fallback to 2027
        ("政府工作报告。2025年,全省地区生产总值增长3.7%。今年工作。2026年主要工作安排如下。", 2026),
    ],
)
def test_the_year_a_work_report_speaks_of(head, year):
    assert own_year("work_report", "", head, None)[0] == year


@pytest.mark.parametrize(
    ("head", "year"),
    [
        # the annual heading with 主要/重点 between 年 and 工作任务/工作安排
        ("报告分三个部分,2020年和十三五时期工作回顾、“十四五”时期总体把握和主要目标及2021年主要工作任务。", 2021),
        ("今年经济社会发展主要预期目标是:全县地区生产总值增长8%左右。\n三、2024年主要工作安排\n", 2024),
        # a review heading with words between the year and 工作回顾
        ("政府工作报告\n2022年和过去五年工作回顾\n", 2023),
    ],
)
def test_annual_and_review_headings_outrank_the_fallback(head, year):
    assert own_year("work_report", "", head, None)[0] == year


@pytest.mark.parametrize(
    ("head", "year"),
    [
        ("新華社受權全文播發李克強總理代表國務院在十四届全国人大一次会议上所作的《政府工作报告》", 2023),
        ("在第十三届全国人民代表大会第四次会议上", 2021),
        ("全国政协十四届三次会议开幕", 2025),
        ("辽宁省第十四届人民代表大会第五次会议开幕", None),  # a province numbers its own sessions
        ("全国人大常委会第十次会议", None),
    ],
)
def test_the_national_congress_session_dates_a_text(head, year):
    assert national_session_year(head) == year


def test_a_state_council_report_with_no_date_speaks_from_its_session():
    head = "新华社北京3月14日电 李克强总理代表国务院在十四届全国人大一次会议上所作的《政府工作报告》。报告指出,今年发展主要预期目标是:国内生产总值增长5%左右。"
    context = read_context(head, "", head, None, plan_title=False, chapter_headings=0)
    assert (context.kind, context.own_year) == ("work_report", 2023)


@pytest.mark.parametrize(
    ("title", "head", "year"),
    [
        ("", "宁陕县举行2024年一季度重点项目集中开工", 2024),
        ("项目为王!2023年度中心城市建设重点工程计划实施项目220个", "", 2023),
        ("通渭县2020年第一批开复工项目43个", "", 2020),
        # a target year or a vision is not the year of the news
        ("", "到2025年全市重点项目投资突破千亿元", None),
        ("", "锚定2035年远景目标,加快建设", None),
    ],
)
def test_news_of_one_years_event_speaks_from_that_year(title, head, year):
    assert own_year("news_summary", title, head, None)[0] == year


def test_a_published_news_text_keeps_its_publication_year():
    assert own_year("news_summary", "2020年第一批开复工项目", "", "2021-03-01")[0] == 2021


# -- the target year ------------------------------------------------------------------------


def test_no_year_in_the_text_gives_a_null_target_year():
    # nothing dates the text: neither 2021 ("今年" against an invented start) nor 2025
    no_time = FigureContext(plan_period=None, vision_year=None, doc_kind="work_report")
    targets, _ = extract_figures("今年发展主要预期目标是:国内生产总值增长5%左右,城镇新增就业1200万人左右。",
                                 [], no_time)
    assert [(t.indicator, t.year) for t in targets] == [("国内生产总值", None), ("城镇新增就业", None)]


def test_a_year_the_text_writes_is_kept_when_the_document_has_no_time():
    targets, _ = extract_figures("到2030年,森林覆盖率达到45%。", [], UNKNOWN_NEWS)
    assert _years(targets) == [("森林覆盖率", D(45), 2030)]


def test_the_years_planned_investment_is_of_the_documents_own_year():
    text = "生态旅游项目5个,年度计划投资3.2亿元;市级清单项目当年计划完成投资32亿元。"
    targets, _ = extract_figures(text, [], NEWS_2024)
    assert {(t.value, t.year) for t in targets} == {(D("3.2"), 2024), (D(32), 2024)}


def test_a_paragraph_opening_the_next_plans_goals_scopes_them_to_its_end():
    text = ("国务院总理李强在政府工作报告中介绍,国务院编制了《中华人民共和国国民经济和社会发展第十五个五年规划纲要(草案)》,"
            "提交大会审查。这里就主要目标指标作简要报告。\n"
            "创新驱动方面\n"
            "围绕创新投入及其成效提出3项指标。其中,提出全社会研发经费投入年均增长7%以上\n"
            "三是突出推进全体人民共同富裕\n"
            "人均预期寿命提高到80岁\n")
    targets, _ = extract_figures(text, [], _wr(2026))
    assert {(t.value, t.year) for t in targets} == {(D(7), 2030), (D(80), 2030)}


def test_a_paragraph_that_names_the_plan_and_this_years_goals_stays_annual():
    text = ("王新伟说,2026年是“十五五”开局之年。今年经济社会发展的主要预期目标是:地区生产总值增长4.5%左右。\n"
            "城镇新增就业45万人以上。\n")
    targets, _ = extract_figures(text, [], _wr(2026))
    assert {(t.value, t.year) for t in targets} == {(D("4.5"), 2026), (D(45), 2026)}


# -- counts that are not targets ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "完成今年发展目标,重点做好10个方面工作:统筹促消费和扩投资。",
        "《纲要》共分十八篇,并设置27个“专栏”。",
        "今年继续安排20件民生实事,一定把实事办实。",
        "主要目标指标\n细化提出20项\n",
        "重大战略任务\n突出体现4个方面\n",
        "规划提出的目标中,关于经济发展类目标(13个),关于生态文明类目标(8个)。",
        "其中重大产业转型升级类6个,重大基础设施建设类3个。",
    ],
)
def test_counts_of_the_texts_parts_and_items_of_work_are_not_targets(text):
    assert extract_figures(text, [], _wr(2024))[0] == []


def test_promised_items_reported_done_are_an_actual():
    # the agenda ("安排20件民生实事") is not a target, but the year's result is a count of things done
    text = "过去五年,344项民生实事全部兑现,城镇新增就业12万人。今年继续安排20件民生实事。"
    targets, actuals = extract_figures(text, [], _wr(2021))
    assert [(a.indicator, a.value) for a in actuals if a.unit == "项"] == [("民生实事", D(344))]
    assert [t for t in targets if t.value == D(20)] == []


@pytest.mark.parametrize(
    ("text", "category_counts"),
    [
        ("今年计划开工项目43个,这些项目具体包括4个循环农业项目,4个文化旅游项目,2个脱贫攻坚项目。", {D(4), D(2)}),
        ("据了解,2024年,全县计划实施重点建设项目134个,其中:续建项目46个,新建项目88个,总投资383.05亿元,"
         "年度计划投资76.79亿元。", {D(46), D(88)}),
    ],
)
def test_category_and_batch_counts_of_projects_in_news_are_not_targets(text, category_counts):
    targets = extract_figures(text, [], NEWS_2024)[0]
    assert {t.value for t in targets} & category_counts == set()
    assert any(t.unit == "亿元" or t.value in (D(43), D(134)) for t in targets)  # the pool itself stays


def test_a_count_with_a_commitment_verb_of_its_own_stays_a_target():
    news = "打好招商引资攻坚战,力争谋划80个亿元以上项目,新增规上工业企业30个。"
    assert {t.value for t in extract_figures(news, [], NEWS_2024)[0]} == {D(80), D(30)}
    report = "(二)加快重大项目建设。今年将实施市级重点项目350个,新建5G基站1000个。"
    assert {t.value for t in extract_figures(report, [], _wr(2024))[0]} == {D(350), D(1000)}


def test_news_with_no_plan_named_aims_at_its_own_year():
    text = "何雄代表介绍,郑州将围绕郑州市地区生产总值增长7%左右目标,全力抓开局。"
    assert [(t.value, t.year) for t in extract_figures(text, [], NEWS_2024)[0]] == [(D(7), 2024)]
    # a plan named by the news keeps the plan's end year
    plan_news = FigureContext(plan_period=(2021, 2025), vision_year=None, doc_kind="news_summary",
                              own_year=2021)
    assert [t.year for t in extract_figures("规划提出,森林覆盖率达到45%。", [], plan_news)[0]] == [2025]


@pytest.mark.parametrize(
    ("head", "year"),
    [
        ("政府工作报告提出,2025年北京经济社会发展主要预期目标是地区生产总值增长5%左右。", 2025),
        ("政府工作报告提出,2020年全区地区生产总值增长3.7%,2021年全区生产总值增长目标为7.5%以上。", 2021),
    ],
)
def test_the_year_whose_targets_a_report_states(head, year):
    assert own_year("work_report", "", head, None)[0] == year


def test_an_annual_plans_title_gives_its_year():
    context = read_context("", "咸阳市2023年国民经济和社会发展计划", "", "2023-12-10", plan_title=True,
                           chapter_headings=0)
    assert context.plan_period == [2023, 2023]
    five_year = read_context("", "咸阳市国民经济和社会发展第十四个五年规划纲要", "", None, plan_title=True,
                             chapter_headings=0)
    assert five_year.plan_period == [2021, 2025]


# -- a report on a plan's execution in the middle of the year ---------------------------------


def test_a_mid_year_execution_report_states_results_not_targets():
    text = ("一、2023年上半年国民经济和社会发展计划执行情况\n"
            "(一)主要目标完成情况\n"
            "2023年上半年,全区实现地区生产总值806亿元,同比增长3.2%,塌目标1.8个百分点;规模以上工业增加值同比增长"
            "10.1%,高于目标2.1个百分点。\n")
    targets, actuals = extract_figures(text, [], _wr(2023))
    assert targets == []
    assert D("10.1") in {a.value for a in actuals}
    assert not {D("1.8"), D("2.1")} & {f.value for f in actuals}  # a gap to a target is neither


def test_this_years_plan_in_a_work_report_is_still_a_target():
    text = "二、2023年主要预期目标\n地区生产总值增长6%左右,规模以上工业增加值增长8%。\n"
    targets = extract_figures(text, [], _wr(2023))[0]
    assert {(t.value, t.year) for t in targets} == {(D(6), 2023), (D(8), 2023)}


# -- region: the title's city over the places inside project names ------------------------------


def test_a_city_named_in_a_news_title_outranks_a_county_inside_a_project_name():
    text = ("2023年全省第四批重大项目开工动员会举行 刘玉杰胡明文在阜阳分会场参加\n"
            "2023-10-08 16:15:17 稿件来源:阜阳日报\n"
            "市委书记刘玉杰在阜阳分会场参加会议。包括总投资102亿元的人民控股太和先进制造项目。\n")
    assert extract_metadata(text, "t.txt").region_code == "341200"


def test_a_short_name_in_a_title_that_the_page_never_repeats_is_not_taken():
    text = "推进长治久安 建设平安乡村\n会议强调,要扎实做好基层治理工作。\n"
    assert extract_metadata(text, "t.txt").region_code is None


def test_the_state_councils_report_is_national_whatever_its_dateline_says():
    text = ("新华社北京3月14日电 新华社受权全文播发李克强总理代表国务院在十四届全国人大一次会议上所作的《政府工作报告》。\n"
            "报告指出,今年发展主要预期目标是:国内生产总值增长5%左右。\n报社地址:北京市宣武门西大街57号\n")
    meta = extract_metadata(text, "t.txt")
    assert (meta.region_code, meta.region_level, meta.report_year) == (None, "national", 2023)
    # a city's report news filed from Beijing stays the city's
    local = ("新华社北京3月5日电 全国人大代表、郑州市市长何雄表示,郑州市将全力抓开局。\n郑州市地区生产总值增长7%左右。\n")
    assert extract_metadata(local, "t.txt").region_code == "410100"


@pytest.mark.parametrize(
    ("kind", "head", "year"),
    [
        # news of a district's sessions with no date: the year its work is set for
        ("news_summary", "兴庆区“两会”胜利召开。\n2025年,兴庆区将重点做好八个方面工作,高质量完成规划目标任务。", 2025),
        ("work_report", "2025年,兴庆区将重点做好八个方面工作。", 2025),
        # a year of results is not one
        ("news_summary", "2024年,兴庆区地区生产总值增长6%。", None),
    ],
)
def test_the_year_whose_work_a_text_sets_out(kind, head, year):
    assert own_year(kind, "", head, None)[0] == year


def test_a_work_report_citing_the_2035_vision_has_no_vision_year():
    head = "现在,我代表市人民政府,向大会报告政府工作。\n2021年主要工作任务\n到2035年,基本实现社会主义现代化远景目标。"
    assert read_context(head, "", head, None, plan_title=False, chapter_headings=0).vision_year is None
    news = "长春市“十四五”规划纲要发布。到2035年,基本实现社会主义现代化远景目标。"
    assert read_context(news, "", news, None, plan_title=False, chapter_headings=0).vision_year == 2035


def test_a_date_and_time_glued_to_the_sites_name_is_the_publication_date():
    text = "NBD图数馆2018-03-20 10:33:06\n2月25日上午10时,成都市第十七届人民代表大会第一次会议开幕。市长向大会作政府工作报告。\n"
    assert extract_metadata(text, "t.txt").published_on == "2018-03-20"
    # a date without a time inside a sentence is not a stamp
    assert extract_metadata("成都市工作报告。\n项目计划2018-03-20开工。\n", "t.txt").published_on is None


def test_news_of_a_quarters_project_starts_speaks_from_that_year():
    assert own_year("news_summary", "", "四川省2022年第一季度重大项目集中开工广元分会场活动举行", None)[0] == 2022


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        # a county report's second page: no title, no 今年
        ("县政府工作的总体要求是:坚持稳中求进。全年主要预期目标是:全县地区生产总值增长6%。", "work_report"),
        # a plan's news naming its goals is not one
        ("《纲要》提出,未来五年主要目标是地区生产总值年均增长6%。", "news_summary"),
    ],
)
def test_a_work_reports_later_page_is_known_by_its_words(head, kind):
    from etl.extract.context import document_kind

    assert document_kind("", head, plan_title=False, chapter_headings=0) == kind


def test_news_of_a_report_drawing_the_five_years_blueprint_is_a_work_report():
    from etl.extract.context import document_kind

    head = "政府工作报告描绘了未来五年全省经济社会发展的美好蓝图。\n王宪魁作政府工作报告。\n"
    assert document_kind("", head, plan_title=False, chapter_headings=0) == "work_report"


def test_a_base_year_is_not_a_reviewed_year():
    # "比2010年翻一番" names the base of a goal: the report does not speak from 2011
    head = "政府工作报告。到2017年,预期全省地区生产总值比2010年翻一番以上。"
    assert own_year("work_report", "", head, None)[0] is None
    assert own_year("work_report", "", "政府工作报告。过去一年,2018年,芙蓉区入选百强区。", None)[0] == 2019


# -- batch 9: past results read as targets, the title's year (FIRST_LOOK batch 9, classes 1-2) ------


def test_a_year_next_to_targets_in_a_reports_title_is_its_year():
    # the page's lead misnames the year ("2011年政府工作总体要求"); the headline names the targets' year
    title = "政府工作报告提出:2012年某市经济社会发展预期目标"
    head = title + "\n代市长在政府工作报告中提出2011年政府工作总体要求。"
    assert own_year("work_report", title, head, None) == (2012, "title")
    # a title that reports how last year's targets went is a review, not the year's targets
    assert own_year("work_report", "2012年经济社会发展目标完成情况", "", None)[0] is None


def test_a_year_called_extraordinary_is_the_year_looked_back_on():
    head = "县长代表县人民政府向大会报告工作。他说,2025年是“十四五”规划的收官之年,是极不平凡的一年。"
    assert own_year("work_report", "", head, None)[0] == 2026
    assert own_year("work_report", "", "王某说,2026年是“十五五”开局之年,做好今年工作意义重大。", None)[0] == 2026


def test_a_paragraph_opened_on_a_past_year_goes_on_reporting_it():
    text = ("2019年,全市经济运行稳中有进,全面完成市人代会确定的主要预期目标。"
            "工业增加值增长8.5%,社会消费品零售总额增长9%。")
    for ctx in (_wr(2020), FigureContext(plan_period=None, vision_year=None, doc_kind="news_summary", own_year=2020)):
        targets, actuals = extract_figures(text, [], ctx)
        assert targets == []
        assert {(a.value, a.year) for a in actuals} == {(D("8.5"), 2019), (D(9), 2019)}
    # a sentence of the paragraph that aims is a target of the report's year
    aimed = "2019年,全市经济运行稳中有进。今年力争工业增加值增长8.5%。"
    assert [(t.value, t.year) for t in extract_figures(aimed, [], _wr(2020))[0]] == [(D("8.5"), 2020)]


def test_a_span_of_years_looked_back_on_is_neither_a_plan_nor_targets():
    from etl.extract.context import plan_cycle

    head = "数据显示,2019年至2023年间,某县地区生产总值年均增速达5.1%。"
    assert plan_cycle("", head, 2024) is None
    assert plan_cycle("", "某县2021—2025年乡村振兴规划", 2021) == [2021, 2025]
    text = head + "城乡居民人均可支配收入分别达3.2万元和1.5万元。"
    assert extract_figures(text, [], NEWS_2024)[0] == []


def test_sums_and_progress_so_far_are_results_not_targets():
    news = ("全县上下攻坚克难,固定资产投资累计突破150亿元。"
            "全县重点项目年度计划投资64.2亿元,1-9月累计完成投资52.3亿元,占年计划投资的81.5%。")
    targets = extract_figures(news, [], NEWS_2024)[0]
    assert [(t.value, t.year) for t in targets] == [(D("64.2"), 2024)]  # the year's plan stays a target
    plan_news = FigureContext(plan_period=(2021, 2025), vision_year=None, doc_kind="news_summary", own_year=2021)
    aimed = "到2025年,全县地区生产总值达到200亿元,全社会固定资产投资五年累计突破400亿元。"
    assert D(400) in {t.value for t in extract_figures(aimed, [], plan_news)[0]}


def test_a_review_heading_scopes_the_results_below_it():
    text = ("2023年和“十四五”以来工作回顾\n"
            "坚持改革开放,发展活力进一步释放\n"
            "新设企业412家,京津冀“区域通办”事项达1200项。\n")
    assert extract_figures(text, [], NEWS_2024)[0] == []
    # a task's heading that names a base ("发展基础") is no review
    plan_news = FigureContext(plan_period=(2021, 2025), vision_year=None, doc_kind="news_summary")
    tasks = "2021年:\n打牢更加坚实的发展基础\n力争新材料产业产值增长50%。\n"
    assert [(t.value, t.year) for t in extract_figures(tasks, [], plan_news)[0]] == [(D(50), 2021)]


def test_a_rate_held_under_a_level_is_a_cap():
    capped = extract_figures("今年预期目标是:居民消费价格涨幅控制在3%左右。", [], _wr(2024))[0]
    assert [(t.value, t.kind) for t in capped] == [(D(3), "cap")]
    plain = extract_figures("今年预期目标是:居民消费价格涨幅3%左右。", [], _wr(2024))[0]
    assert [(t.value, t.kind) for t in plain] == [(D(3), "growth")]

"""Tense and time of figures in real news and work-report text (issue 15, point 2).

A figure is a target, an actual or neither, from its clause, its paragraph and the document's
own time. The sentences are shortened from real public pages (county and city work-report
pages, NPC-session news, plan news, project news, a Taiwan reprint); every expectation was read
off the sentence by hand.
"""

from __future__ import annotations

from decimal import Decimal as D

from etl.extract.targets import FigureContext, extract_figures

NEWS_2023 = FigureContext(plan_period=None, vision_year=None, doc_kind="news_summary", own_year=2023)
FYP14_NEWS = FigureContext(plan_period=(2021, 2025), vision_year=2035, doc_kind="news_summary", own_year=2021)
FYP13_NEWS = FigureContext(plan_period=(2016, 2020), vision_year=None, doc_kind="news_summary", own_year=2015)
FYP15_NEWS = FigureContext(plan_period=(2026, 2030), vision_year=None, doc_kind="news_summary", own_year=2026)


def _wr(year: int) -> FigureContext:
    return FigureContext(plan_period=(year, year), vision_year=None, doc_kind="work_report", report_year=year,
                         own_year=year)


def _pairs(figures):
    return sorted((f.indicator, f.value, f.year) for f in figures)


def test_a_work_report_page_sets_its_own_years_targets_and_splits_respective_rates():
    text = ("2025年发展目标和重点工作\n今年政府工作的总体要求是:坚持稳中求进。\n"
            "2025年主要预期目标是:地区生产总值增长6%以上,城乡居民人均可支配收入分别增长5.5%左右和6.5%左右。")
    targets, actuals = extract_figures(text, [], _wr(2025))
    assert _pairs(targets) == [("农村居民人均可支配收入", D("6.5"), 2025), ("地区生产总值", D(6), 2025),
                               ("城镇居民人均可支配收入", D("5.5"), 2025)]
    assert actuals == []


def test_last_years_results_in_a_work_report_are_actuals():
    text = ("一、2025年工作回顾\n国内生产毛额增长5%\n城镇新增就业1,267万人\n"
            "三、2026年经济社会发展总体要求和政策取向\n经济增长4.5%—5%\n城镇新增就业1,200万人以上\n")
    targets, actuals = extract_figures(text, [], _wr(2026))
    assert {(t.value, t.year) for t in targets} == {(D("4.5"), 2026), (D(1200), 2026)}
    assert {(a.value, a.year) for a in actuals} == {(D(5), 2025), (D(1267), 2025)}
    employment = next(t for t in targets if t.value == D(1200))
    assert (employment.comparator, employment.value_base) == (">=", D(12000000))


def test_news_of_an_event_has_no_targets():
    # the session's attendance and the day's project starts are things that happened
    text = ("大会应到代表307名,实到281名,符合法定人数。\n"
            "本次集中开工的92个重大项目涵盖产业、基础设施、社会事业等领域。其中,产业项目41个,总投资629亿元。\n"
            "12月27日,湖南省发展和改革委员会批准了11个新的风电项目,总装机容量达到878.5MW。\n")
    assert extract_figures(text, [], NEWS_2023)[0] == []


def test_a_projects_description_is_not_a_target():
    text = ("天福养老产业项目是这次签约中投资量最大的项目,计划投资2.5亿元,将建设养生文化村,规划用地面积250亩,"
            "设计养老床位480张,预计2022年投入使用。")
    assert extract_figures(text, [], NEWS_2023)[0] == []


def test_a_years_project_pool_in_a_work_report_is_a_target():
    text = "(二)加快重大项目建设。全年安排区重点项目180个,年度计划投资680亿元。"
    assert {t.value for t in extract_figures(text, [], _wr(2022))[0]} == {D(180), D(680)}


def test_a_goal_paragraph_scopes_the_paragraphs_that_continue_it():
    text = ("到“十四五”末,万源全市地区生产总值要达到300亿元。\n"
            "同时,城区建成区面积达到20平方公里,城区常住人口达到20万人,城镇化率达到45%以上。\n")
    targets, _ = extract_figures(text, [], FYP14_NEWS)
    assert {(t.value, t.year) for t in targets} == {(D(300), 2025), (D(20), 2025), (D(45), 2025)}


def test_a_goal_list_under_its_heading():
    text = ("二、「十五五」时期主要目标和重大任务\n国内生产毛额增长保持在合理区间\n"
            "全社会研发经费投入年均增长7%以上\n粮食综合生产能力达到1.45兆斤左右\n")
    targets, _ = extract_figures(text, [], _wr(2026))
    assert {(t.value, t.year, t.comparator) for t in targets} == {(D(7), 2030, ">="), (D("1.45"), 2030, "~")}
    grain = next(t for t in targets if t.value == D("1.45"))
    assert (grain.unit, grain.value_base) == ("兆斤", D("1.45E12"))  # Taiwan's 兆 is 万亿


def test_a_year_inside_a_documents_title_is_not_a_scope():
    text = ("会议印发了《仙桃市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要(草案)》,"
            "确定今后五年的主要发展目标:地区生产总值超过1200亿元,年均增长7%。")
    targets, _ = extract_figures(text, [], FYP14_NEWS)
    assert {(t.value, t.year) for t in targets} == {(D(1200), 2025), (D(7), 2025)}


def test_the_plans_middle_year_and_named_thresholds():
    text = ("“十四五”中期,地区生产总值在全省县域率先跃上千亿元新台阶、财政收入在全省县域率先突破百亿元大关。")
    targets, _ = extract_figures(text, [], FYP14_NEWS)
    assert sorted((t.indicator, t.value, t.unit, t.comparator, t.year) for t in targets) == [
        ("地区生产总值", D(1000), "亿元", ">=", 2023), ("财政收入", D(100), "亿元", ">=", 2023)]


def test_a_review_paragraph_stays_a_review():
    text = ("实现目标,要有足够的底气,十二五期间,我省综合实力实现重大跨越。"
            "累计完成固定资产投资3.2万亿元,是“十一五”时期的3.3倍。")
    targets, actuals = extract_figures(text, [], FYP13_NEWS)
    assert targets == [] and {a.value for a in actuals} == {D("3.2"), D("3.3")}


def test_a_perfective_sentence_without_an_aim_is_no_target():
    text = ("《纲要》突出民主决策。建言献策活动不仅覆盖了全省所有县市区,还有海外华侨也提出了宝贵意见,"
            "直接参与的总人数超过100万。\n此外,《纲要》还明确了40多个具体领域的工作目标。\n"
            "未来五年,全省GDP年均增长5%左右。")
    targets, _ = extract_figures(text, [], FYP15_NEWS)
    assert [(t.value, t.year) for t in targets] == [(D(5), 2030)]


def test_doubling_as_a_word_is_not_a_figure():
    text = "到2020年生产总值比2010年翻一番以上。这是一个翻番。“十三五”时期年均增长3.1%,即可实现翻一番目标。"
    targets, _ = extract_figures(text, [], FYP13_NEWS)
    multiples = [(t.value, t.base_year, t.year) for t in targets if t.kind == "multiple"]
    assert multiples == [(D(2), 2010, 2020)]


def test_this_year_is_the_documents_own_year():
    text = "全面提升产业体系现代化水平,湖北今年力争高技术制造业增加值增长20%以上。"
    targets, _ = extract_figures(text, [], FYP15_NEWS)
    assert [(t.value, t.year) for t in targets] == [(D(20), 2026)]


def test_a_text_printed_twice_gives_each_fact_once():
    once = "某县政府工作报告\n2025年主要预期目标是:地区生产总值增长6%以上,固定资产投资增长7%左右。\n"
    text = once + once
    ctx = FigureContext(plan_period=(2025, 2025), vision_year=None, doc_kind="work_report", report_year=2025,
                        own_year=2025, repeat_start=len(once))
    assert [t.value for t in extract_figures(text, [], ctx)[0]] == [D(6), D(7)]


def test_a_work_reports_task_sections_are_commitments_under_any_heading():
    text = ("各位代表:\n大会应到代表307名,实到281名。\n一、2021年工作回顾\n全年实现地区生产总值2252.58亿元,增长4.2%。\n"
            "二、2022年工作安排\n今年政府工作的总体要求是:稳中求进。\n(一)推进城市更新\n"
            "改造老旧小区120个,新建口袋公园10个。\n(二)扩大有效投资\n实施重点项目200个。\n")
    targets, actuals = extract_figures(text, [], _wr(2022))
    assert sorted((t.value, t.year) for t in targets) == [(D(10), 2022), (D(120), 2022), (D(200), 2022)]
    assert sorted((a.value, a.year) for a in actuals) == [(D("4.2"), 2021), (D("2252.58"), 2021)]


def test_what_a_plan_proposes_in_the_news_is_an_aim():
    text = "《纲要》提出,全市地区生产总值年均增长6%左右。\n孟芊说,福建已经提出了很多建议,参与人数超过100万。"
    targets, _ = extract_figures(text, [], FYP15_NEWS)
    assert [(t.value, t.year, t.comparator) for t in targets] == [(D(6), 2030, "~")]


def test_results_reported_before_the_year_ahead_are_actuals():
    text = ("县长代表县政府作工作报告。\n2024年,全县实现地区生产总值2252.58亿元,同比增长4.2%。\n"
            "2025年主要预期目标是:地区生产总值增长5%左右。")
    targets, actuals = extract_figures(text, [], _wr(2025))
    assert [(t.value, t.year) for t in targets] == [(D(5), 2025)]
    assert sorted((a.value, a.year) for a in actuals) == [(D("4.2"), 2024), (D("2252.58"), 2024)]
    text = "全县上下团结奋斗,全年实现地区生产总值252.58亿元,比上年增长6.1%。"
    targets, actuals = extract_figures(text, [], _wr(2025))
    assert targets == [] and sorted((a.value, a.year) for a in actuals) == [(D("6.1"), 2024), (D("252.58"), 2024)]


def test_a_heading_for_this_year_ends_the_review_above_it():
    text = ("一、2024年工作回顾\n国内生产总值增长5%\n城镇新增就业1256万人\n"
            "二、今年主要预期目标\n国内生产总值增长5%左右\n城镇新增就业1200万人以上\n"
            "三、今年部分重点工作\n财政: 赤字率拟按4%左右安排\n")
    targets, actuals = extract_figures(text, [], _wr(2025))
    assert sorted((t.indicator, t.value, t.year) for t in targets) == [
        ("国内生产总值", D(5), 2025), ("城镇新增就业", D(1200), 2025), ("赤字率", D(4), 2025)]
    assert sorted((a.value, a.year) for a in actuals) == [(D(5), 2024), (D(1256), 2024)]


def test_a_news_text_speaks_from_its_own_year():
    ctx = FigureContext(plan_period=None, vision_year=None, doc_kind="news_summary", own_year=2025)
    text = ("一、2024年国民经济和社会发展计划执行情况\n2024年,全县锚定“三县一城一枢纽”目标,扎实做好经济运行调度。"
            "全年实现地区生产总值68.5亿元,增长5.1%。\n二、2025年计划草案\n今年全县力争地区生产总值增长6%。")
    targets, actuals = extract_figures(text, [], ctx)
    assert [(t.value, t.year) for t in targets] == [(D(6), 2025)]
    assert sorted((a.value, a.year) for a in actuals) == [(D("5.1"), 2024), (D("68.5"), 2024)]


def test_what_the_outline_proposes_is_not_part_of_the_indicator():
    text = ("创新驱动方面,围绕创新投入及其成效提出3项指标。其中,充分考虑研发投入增长趋势和企业投入能力,"
            "提出全社会研发经费投入年均增长7%以上,与“十四五”规划目标保持一致。")
    targets, _ = extract_figures(text, [], FYP15_NEWS)
    assert [(t.indicator, t.value, t.comparator, t.year) for t in targets] == [("全社会研发经费投入", D(7), ">=", 2030)]


def test_a_rate_referred_to_again_is_not_a_new_target():
    text = ("福建省十五五规画纲要明确提出:未来五年GDP年均增长百分之五左右。\n"
            "专家指出,百分之五左右的增速为产业升级预留了空间。要实现百分之五左右的增长目标,福建已勾勒出施工图。")
    targets, _ = extract_figures(text, [], FYP15_NEWS)
    assert [(t.indicator, t.value, t.year) for t in targets] == [("GDP", D(5), 2030)]


def test_goals_named_after_是_and_城_乡_split():
    text = ("提出了2019年经济社会发展主要预期目标:区属地区生产总值增长9%,"
            "城、乡居民人均可支配收入分别增长8%、9%。\n今年全区经济社会发展主要预期目标是地区生产总值增长7.5%以上。")
    targets, _ = extract_figures(text, [], _wr(2019))
    assert sorted((t.indicator, t.value) for t in targets) == [
        ("农村居民人均可支配收入", D(9)), ("区属地区生产总值", D(9)), ("地区生产总值", D("7.5")),
        ("城镇居民人均可支配收入", D(8))]


# ---- provincial work reports as published (tests/fixtures/realdocs, tests/fixtures/progress)

def test_a_work_reports_review_reports_results_whatever_the_title_line_above_says():
    # 2026年吉林省政府工作报告: the title line names the report's year, the review opens below it
    text = ("2026年吉林省政府工作报告\n——2026年1月27日在吉林省第十四届人民代表大会第五次会议上\n各位代表：\n"
            "一、工作回顾\n2025年是“十四五”收官之年。我们牢记嘱托、感恩奋进、顶压前行，地区生产总值增长5%，"
            "一般公共预算收入增长13.3%。\n二、2026年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。\n")
    targets, actuals = extract_figures(text, [], _wr(2026))
    assert _pairs(targets) == [("地区生产总值", D(5), 2026)]
    assert _pairs(actuals) == [("一般公共预算收入", D("13.3"), 2025), ("地区生产总值", D(5), 2025)]


def test_a_review_sentence_naming_indicators_is_still_a_result():
    # 2026年内蒙古自治区政府工作报告: "主要经济指标" is not an aim; no review heading, only "刚刚过去的"
    text = ("各位代表：\n刚刚过去的2025年，我们坚决落实党中央、国务院决策部署。一是保持经济平稳运行。"
            "主要经济指标增长保持在合理区间，地区生产总值增长4.7%。\n2026年重点工作\n"
            "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。\n")
    targets, actuals = extract_figures(text, [], _wr(2026))
    assert _pairs(targets) == [("地区生产总值", D(5), 2026)]
    assert _pairs(actuals) == [("地区生产总值", D("4.7"), 2025)]


def test_the_years_expected_targets_belong_to_the_report_year_under_a_plan_heading():
    # 2026年辽宁省政府工作报告: one heading for the 15th plan and the year ahead
    text = ("一、2025年工作回顾\n地区生产总值增长3.7%。\n二、“十五五”时期目标任务和2026年工作安排\n"
            "《纲要（草案）》明确了经济社会发展主要指标：其中地区生产总值年均增长5%左右。\n"
            "全省经济社会发展的主要预期目标是：地区生产总值增长4.5%左右，在实际工作中努力争取更好结果。\n")
    targets, actuals = extract_figures(text, [], _wr(2026))
    assert sorted((t.value, t.year) for t in targets) == [(D("4.5"), 2026), (D(5), 2030)]
    assert _pairs(actuals) == [("地区生产总值", D("3.7"), 2025)]


def test_growth_since_a_plan_end_is_not_one_years_growth():
    # 2026年甘肃省政府工作报告: the five-year review, then the year's result
    text = ("一、工作回顾\n——这是追赶进位、综合实力快速跃升的五年。全省地区生产总值达到13697.5亿元，"
            "较“十三五”末的9323.1亿元增加4374.4亿元、增长33.6%。\n过去一年，地区生产总值增长5.8%。\n"
            "二、2026年工作安排\n今年主要预期目标是：地区生产总值增长5.5%左右。\n")
    _, actuals = extract_figures(text, [], _wr(2026))
    growth = {(a.value, tuple(a.period) if a.period else None) for a in actuals if a.kind == "growth"}
    assert growth == {(D("33.6"), (2021, 2025)), (D("5.8"), None)}


def test_the_next_plans_goals_after_the_plan_review_are_its_targets():
    # 2026年北京市政府工作报告: "二、“十四五”时期发展成就和“十五五”时期主要目标任务"
    text = ("一、2025年工作回顾\n全市地区生产总值增长5.4%。\n"
            "二、“十四五”时期发展成就和“十五五”时期主要目标任务\n"
            "“十四五”时期是极不平凡的五年。过去五年，地区生产总值年均增长5.2%，经济总量连续迈上4万亿、5万亿两个台阶。\n"
            "“十五五”时期是基本实现社会主义现代化夯实基础、全面发力的关键时期。\n"
            "围绕上述目标，《纲要草案》设置了29项主要指标，包括：地区生产总值年均增速4.5%-5%、努力争取更好结果，"
            "城镇调查失业率控制在5%以内。\n三、2026年重点工作\n"
            "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。\n")
    targets, actuals = extract_figures(text, [], _wr(2026))
    assert sorted((t.indicator, t.value, t.value_max, t.year) for t in targets) == [
        ("地区生产总值", D("4.5"), D(5), 2030), ("地区生产总值", D(5), None, 2026), ("城镇调查失业率", D(5), None, 2030)]
    assert sorted((a.value, a.year, tuple(a.period) if a.period else None) for a in actuals
                  if a.kind == "growth") == [(D("5.2"), 2025, (2021, 2025)), (D("5.4"), 2025, None)]


def test_a_rank_between_a_subject_and_its_growth_keeps_the_subject():
    # 2026年湖南省政府工作报告
    text = ("一、2025年工作回顾\n全省地区生产总值达到5.53万亿元、稳居全国前十强、增长4.8%，"
            "其中规模工业增加值增长6.2%。\n二、2026年工作安排\n今年主要预期目标是：地区生产总值增长5%左右。\n")
    _, actuals = extract_figures(text, [], _wr(2026))
    assert sorted((a.indicator_code, a.value, a.year) for a in actuals if a.kind == "growth") == [
        ("gdp_growth", D("4.8"), 2025), ("industrial_value_added_growth", D("6.2"), 2025)]


def test_an_average_over_the_years_reviewed_is_not_the_last_years_growth():
    # 2026年云南省政府工作报告: the five-year review, then the year's result
    text = ("一、工作回顾\n这五年，我们完整准确全面贯彻新发展理念，经济实力迈上新台阶。\n"
            "地区生产总值突破3万亿元、年均增长4.7%，人均地区生产总值超1万美元。\n"
            "过去一年，全省地区生产总值增长4.1%。\n二、2026年工作安排\n今年主要预期目标是：地区生产总值增长4.5%左右。\n")
    _, actuals = extract_figures(text, [], _wr(2026))
    assert sorted((a.value, tuple(a.period) if a.period else None) for a in actuals if a.kind == "growth") == [
        (D("4.1"), None), (D("4.7"), (2021, 2025))]


def test_the_indicators_set_for_the_next_five_years_are_for_their_end():
    # 2026年福建省政府工作报告: the 15th plan's indicators, stated under no heading of their own
    text = ("一、工作回顾\n全省地区生产总值增长5%。\n二、2026年工作安排\n"
            "《纲要草案》据此细化设定了今后五年我省经济发展、创新驱动等五大类24个主要指标，包括地区生产总值年均增长5%左右。\n"
            "今年主要预期目标是：全省地区生产总值增长5%左右。\n")
    targets, _ = extract_figures(text, [], _wr(2026))
    assert sorted((t.value, t.year) for t in targets) == [(D(5), 2026), (D(5), 2030)]


def test_a_vision_named_in_passing_does_not_date_the_plans_goal():
    # 2026年湖南省政府工作报告, under "二、“十五五”时期主要目标任务"
    text = ("一、2025年工作回顾\n全省地区生产总值增长4.8%。\n二、“十五五”时期主要目标任务\n"
            "综合考虑实现2035年远景目标、扛牢经济大省责任担当以及我省现实支撑条件，提出地区生产总值年均增长5%—5.5%。\n"
            "三、2026年工作安排\n今年主要预期目标是：地区生产总值增长5%左右。\n")
    targets, _ = extract_figures(text, [], _wr(2026))
    assert sorted((t.year, t.value, t.value_max) for t in targets) == [(2026, D(5), None), (2030, D(5), D("5.5"))]

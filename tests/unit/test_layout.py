"""etl.layout: one layout per document, read by every extractor (issue 15, point 3).

The layout is built once; the figure, project and table readers take what it found (sections,
project boxes and lists with their spans, table rows with cells and header years, footnote
lines, sentence and clause boundaries) and never find it again from the text.
"""

from __future__ import annotations

import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import etl.extract.projects as projects_module
from etl.extract.document import extract_bytes
from etl.extract.projects import extract_projects
from etl.extract.tables import extract_table_facts
from etl.extract.targets import FigureContext, extract_figures
from etl.extract.text_tables import read_text_tables
from etl.layout import CLAUSE_END_RE, FOOTNOTE_LINE_RE, SENTENCE_END_RE, Layout, build_layout
from etl.normalize import normalize_bytes
from etl.read.assemble import assemble
from etl.read.model import Block, ReadDocument, Table
from etl.structure import parse_sections
from etl.table_rows import TableCell, TableRow

CORPUS = Path(__file__).resolve().parents[2] / "etl" / "data" / "corpus"
PLAN = FigureContext(plan_period=(2021, 2025), vision_year=2035, doc_kind="plan_outline")

TEXT = """第一章 发展目标
主要指标 2020年 2025年
地区生产总值(亿元) 727.5 1000 6.6 预期性
专栏1 重点项目
1.长春北湖科技园二期项目,总投资35亿元,新建厂房12万平方米。
2.城西水厂扩建工程,总投资12亿元。
第二章 保障措施
1.“六个回归”是指企业回归、人才回归。
到2025年,全市森林覆盖率达到45%,城镇新增就业5万人。
"""


def _at(text: str, needle: str) -> int:
    return text.index(needle)


def test_the_layout_holds_sections_boxes_lists_rows_footnotes_and_boundaries() -> None:
    layout = build_layout(TEXT)
    assert layout.text == layout.prose == TEXT  # no format table: nothing blanked
    assert [s.kind for s in layout.sections] == ["chapter", "box", "chapter"]
    # the box's items are project mentions and the figure reader skips their spans
    names = [p.name for p in layout.projects.mentions if p.source == "list"]
    assert names == ["长春北湖科技园二期项目", "城西水厂扩建工程"]
    item = _at(TEXT, "新建厂房12万")
    assert any(a <= item < b for a, b in layout.project_spans)
    assert any(a <= item < b for a, b in layout.projects.item_spans)
    box = _at(TEXT, "专栏1")
    assert [TEXT[a:b] for a, b in layout.projects.heading_spans if a <= box < b] == ["专栏1 重点项目"]
    assert all(p.section_path == "1.b1" for p in layout.projects.mentions if p.source == "list")
    # the numbered definition is a footnote line; the list items are not
    assert layout.footnote_lines == {_at(TEXT, "1.“六个回归”")}
    # the one-line indicator row, with its header's years and its cells where they stand
    (row,) = layout.line_table_rows
    assert (row.indicator, row.unit, row.binding, row.header_years) == ("地区生产总值", "亿元", "expected",
                                                                        (2020, 2025))
    assert [TEXT[c.char_start:c.char_end] for c in row.cells] == ["727.5", "1000", "6.6"]
    assert layout.line_starts == [0, *(m.end() for m in re.finditer("\n", TEXT))]
    assert layout.sentence_ends == [m.start() for m in SENTENCE_END_RE.finditer(TEXT)]
    assert layout.clause_ends == [m.start() for m in CLAUSE_END_RE.finditer(TEXT)]


def test_extractors_read_the_layout_and_never_run_the_project_pass_again(monkeypatch) -> None:  # noqa: ANN001
    layout = build_layout(TEXT)

    def again(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the project pass ran twice for one document")

    monkeypatch.setattr(projects_module, "project_pass", again)
    targets, actuals = extract_figures(layout, context=PLAN)
    assert {(t.indicator, t.value, t.year) for t in targets} >= {("森林覆盖率", D(45), 2025),
                                                                 ("地区生产总值", D(1000), 2025)}
    assert ("地区生产总值", D("727.5"), 2020) in {(a.indicator, a.value, a.year) for a in actuals}
    # numbers of the project items describe the projects: no figure from them
    assert not any("厂房" in f.indicator for f in [*targets, *actuals])
    assert [p.name for p in extract_projects(layout) if p.source == "list"] == ["长春北湖科技园二期项目",
                                                                               "城西水厂扩建工程"]


def test_no_module_keeps_a_document_between_calls() -> None:
    """The project pass lives in the document's layout: no module-level cache keyed by text grows."""
    import etl.extract.targets as targets_module

    def cache_sizes() -> dict[str, int]:
        return {f"{m.__name__}.{name}": len(value) for m in (projects_module, targets_module)
                for name, value in vars(m).items() if isinstance(value, dict)}

    before = cache_sizes()
    first = extract_figures(TEXT, parse_sections(TEXT), PLAN)
    extract_projects(TEXT + "\n推进某某港口码头项目建设。")
    assert cache_sizes() == before
    assert extract_figures(TEXT, parse_sections(TEXT), PLAN) == first


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt"))[:3], ids=lambda p: p.stem[:3])
def test_a_layout_gives_what_the_text_gives(path: Path) -> None:
    text = normalize_bytes(path.read_bytes()).text
    sections = parse_sections(text)
    layout = build_layout(text)
    assert layout.sections == sections
    assert extract_figures(layout, context=PLAN) == extract_figures(text, sections, PLAN)
    assert extract_projects(layout) == extract_projects(text, sections)


def test_format_tables_and_text_tables_are_the_same_rows_and_cells() -> None:
    read = ReadDocument("html", parts=[
        Block("主要指标"),
        Table([["指标", "2020年", "2025年"], ["地区生产总值(亿元)", "727.5", "1000"]], header_rows=1),
        Block("指标 | 2015年 | 2020年 | 属性\n| 森林覆盖率(%) | 40 | 45 | 约束性 |"),
    ])
    assembled = assemble(read)
    layout = build_layout(assembled.text, assembled.tables)
    (table,) = layout.tables
    format_row = table.rows[1]
    assert isinstance(format_row, TableRow) and all(isinstance(c, TableCell) for c in format_row.cells)
    assert [(c.column, layout.text[c.char_start:c.char_end]) for c in format_row.cells] == [
        (0, "地区生产总值(亿元)"), (1, "727.5"), (2, "1000")]
    # the table's rows are blanked in the prose: the prose readers never read them again
    assert set(layout.prose[table.char_start:table.char_end]) == {"\n"}
    assert len(layout.prose) == len(layout.text)
    (text_row,) = layout.table_rows
    assert isinstance(text_row, TableRow) and all(isinstance(c, TableCell) for c in text_row.cells)
    assert (text_row.indicator, text_row.binding) == ("森林覆盖率", "binding")
    assert [(c.text, c.year) for c in text_row.cells] == [("40", 2015), ("45", 2020)]
    assert read_text_tables(layout.prose) == layout.table_rows
    # the table reader takes the layout as it takes the pieces
    facts = extract_table_facts(layout)
    assert facts == extract_table_facts(assembled.tables, assembled.text, parse_sections(layout.prose))
    assert [(t.indicator, t.value, t.year) for t in facts.targets] == [("地区生产总值", D(1000), 2025)]


@pytest.mark.parametrize("text", ["", "\n", "\r\n\r\n", "\n" * 5000, "1." * 3000, "专栏" * 2000, "|" * 100])
def test_hostile_text_gives_an_empty_or_bounded_layout(text: str) -> None:
    layout = build_layout(text)
    assert isinstance(layout, Layout)
    assert layout.line_starts[0] == 0 and len(layout.line_starts) == text.count("\n") + 1
    assert all(0 <= a <= b <= len(text) for a, b in layout.project_spans)
    assert extract_figures(layout) == ([], [])


_LINE_CHARS = st.sampled_from(list("0123456789注:：.．、 \u3000\t\r“”是指年长春市项目,，。"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_LINE_CHARS, max_size=40), max_size=12))
def test_footnote_lines_are_the_lines_the_footnote_pattern_matches(lines: list[str]) -> None:
    text = "\n".join(lines)
    layout = build_layout(text)
    starts = layout.line_starts
    ends = [end - 1 for end in starts[1:]] + [len(text)]
    expected = {start for start, end in zip(starts, ends, strict=True) if FOOTNOTE_LINE_RE.match(text[start:end])}
    assert layout.footnote_lines == expected


def test_extract_bytes_reads_one_layout_per_document(monkeypatch) -> None:  # noqa: ANN001
    import etl.extract.document as document_module
    import etl.layout as layout_module

    built: list[str] = []
    real = layout_module.build_layout

    def counting(text: str, *args: object, **kwargs: object) -> Layout:
        built.append(text)
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(document_module, "build_layout", counting)
    result = extract_bytes(TEXT.encode(), "plan.txt")
    assert len(built) == 1
    assert {p.name for p in result.projects} >= {"长春北湖科技园二期项目", "城西水厂扩建工程"}

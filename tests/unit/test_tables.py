"""etl/extract/tables.py: header words from the synonym file, units stated once, group rows, totals."""

from __future__ import annotations

import csv
from decimal import Decimal

from etl.extract import tables
from etl.extract.document import ExtractionResult, extract_bytes
from etl.read import ReadDocument, Table
from etl.read.assemble import assemble


def _html(rows: list[list[str]], before: str = "") -> bytes:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (f"<html><body><p>“十四五”重大项目规划</p>{before}<table>{body}</table></body></html>").encode("utf-8")


def test_unit_stated_above_the_table_group_rows_and_totals() -> None:
    page = _html([
        ["序号", "项目名称", "计划总投资", "责任单位", "起止年限"],
        ["一、交通基础设施", "一、交通基础设施", "一、交通基础设施", "一、交通基础设施", "一、交通基础设施"],
        ["1", "绕城高速东延线", "250000", "市交通局", "2021—2024年"],
        ["2", "城南综合客运站", "36000", "市城投集团", "2022年"],
        ["合计", "合计", "286000", "", ""],
    ], before="<p>单位:万元</p>")
    result = extract_bytes(page, "list.html")
    assert isinstance(result, ExtractionResult), result
    got = {p.name: (p.investment_yi, p.owner, p.start_year, p.end_year, p.box, p.ordinal, p.investment_unit_source)
           for p in result.projects}
    assert got == {
        "绕城高速东延线": (Decimal(25), "市交通局", 2021, 2024, "一、交通基础设施", 1, "header"),
        "城南综合客运站": (Decimal("3.6"), "市城投集团", 2022, 2022, "一、交通基础设施", 2, "header"),
    }


def test_header_words_come_from_the_synonym_file(monkeypatch, tmp_path) -> None:  # noqa: ANN001
    rows = [["序号", "工程", "牵头部门", "盘子(亿元)"], ["1", "城西水厂", "市水务局", "12.5"]]
    read = ReadDocument("html", parts=[Table(rows)])
    table = assemble(read).tables[0]
    before = tables.classify_columns(table)
    assert "investment_total" not in {f for f, _ in before.values()}  # 盘子 is nobody's word for 总投资
    extra = tmp_path / "table_headers.csv"
    with open(tables._HEADERS_CSV, encoding="utf-8", newline="") as fh:
        lines = list(csv.reader(fh))
    lines += [["investment_total", "盘子", "test"], ["name", "工程", "test"], ["owner", "牵头部门", "test"]]
    with open(extra, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(lines)
    monkeypatch.setattr(tables, "_HEADERS_CSV", extra)
    tables.header_synonyms.cache_clear()
    try:
        facts = tables.extract_table_facts([table], assemble(read).text)
        assert [(p.name, p.investment_yi, p.owner) for p in facts.projects] == [("城西水厂", Decimal("12.5"), "市水务局")]
    finally:
        tables.header_synonyms.cache_clear()

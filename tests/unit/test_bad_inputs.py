"""Hostile and unreadable documents: each is loaded with flags or rejected with a reason; none crashes.

Every fixture is written here (reportlab, python-docx, openpyxl, zipfile): a 500-page PDF, a
PDF that is only an image, a PDF with a broken xref, an encrypted PDF, an HTML page that is
only navigation, a DOCX that is only a table, an XLSX with merged header cells and several
sheets, a CSV in GBK, a zip bomb named .docx, legacy .doc/.wps/.et files.
"""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import format_files as ff  # noqa: E402

from etl.extract.document import ExtractionResult, Rejected, extract_bytes  # noqa: E402

_MB = 1 << 20


def _pdf_pages(pages: int, text: str = "第{n}页 全区地区生产总值增长5%左右。") -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setTitle("某市国民经济和社会发展第十四个五年规划纲要")
    for n in range(1, pages + 1):
        c.setFont("STSong-Light", 12)
        c.drawString(72, 760, "某市国民经济和社会发展规划" if n == 1 else text.format(n=n))
        c.showPage()
    c.save()
    return out.getvalue()


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_500_page_pdf_loads_within_memory() -> None:
    raw = _pdf_pages(500)
    result = extract_bytes(raw, "long.pdf")
    assert isinstance(result, ExtractionResult), result
    assert result.text.count("全区地区生产总值增长5%左右") == 499
    assert _maxrss_mb() < 1024


def test_an_image_only_pdf_is_rejected_no_text_layer() -> None:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    for _ in range(3):
        c.setFillGray(0.5)
        c.rect(50, 50, 400, 600, fill=1)  # a "scan": marks on the page, no characters
        c.showPage()
    c.save()
    result = extract_bytes(out.getvalue(), "scan.pdf")
    assert isinstance(result, Rejected) and result.reason == "no_text_layer", result


def test_a_pdf_with_a_broken_xref_is_read_or_rejected_with_a_reason() -> None:
    raw = ff.as_pdf()
    start = raw.rindex(b"startxref")
    broken = raw[:start] + b"startxref\n999999\n%%EOF\n"  # xref offset points nowhere
    broken = broken.replace(b"xref\n0 ", b"xref\n7 ", 1)  # and the table itself is damaged
    result = extract_bytes(broken, "broken.pdf")
    if isinstance(result, Rejected):
        assert result.reason == "corrupt_file", result
    else:  # pdfminer rebuilt the cross-reference table by scanning the objects
        assert any(p.name == "临平新城综合交通枢纽项目" for p in result.projects)
    truncated = extract_bytes(raw[: len(raw) // 3], "truncated.pdf")
    assert isinstance(truncated, (Rejected, ExtractionResult))
    if isinstance(truncated, Rejected):
        assert truncated.reason in ("corrupt_file", "no_text_layer"), truncated


def test_an_encrypted_pdf_is_rejected_encrypted() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt=StandardEncryption("secret", ownerPassword="owner"))
    c.drawString(72, 760, "plan")
    c.showPage()
    c.save()
    result = extract_bytes(out.getvalue(), "locked.pdf")
    assert isinstance(result, Rejected) and result.reason == "encrypted", result


def test_an_html_page_that_is_only_navigation_is_rejected_with_a_reason() -> None:
    page = ("<!DOCTYPE html><html><head><title>临平区人民政府</title></head><body>"
            "<div class='nav'><ul><li><a href='/'>首页</a></li><li><a>政务公开</a></li><li><a>规划计划</a></li>"
            "</ul></div><div id='footer'>版权所有 临平区人民政府 浙ICP备1号</div></body></html>")
    result = extract_bytes(page.encode("utf-8"), "nav.html")
    assert isinstance(result, Rejected), result
    assert result.reason in ("no_content", "not_a_plan", "empty_after_normalization"), result


def test_a_docx_with_only_a_table_gives_its_projects() -> None:
    import docx

    document = docx.Document()
    rows = [ff.PROJECT_HEADER, *ff.PROJECT_ROWS]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    result = extract_bytes(out.getvalue(), "table.docx")
    assert isinstance(result, ExtractionResult), result
    assert [p.investment_yi for p in result.projects] == [Decimal("45"), Decimal("12.65"), Decimal("8.8")]
    assert {f.flag for f in result.document.quality_flags} >= {"tables"}


def test_an_xlsx_with_merged_header_cells_and_several_sheets() -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目"
    ws.append(["序号", "项目名称", "建设年限", "投资(万元)", None, "责任单位"])
    ws.append([None, None, None, "总投资", "年度计划投资", None])
    ws.merge_cells("D1:E1")  # one header over two columns
    for col in "ABCF":
        ws.merge_cells(f"{col}1:{col}2")  # headers two rows tall
    ws.append([1, "城东污水处理厂扩建工程", "2024-2026", 35000, 9000, "市水务集团"])
    ws.append([2, "高新区智能制造产业园", "2025—2027年", 120000, 30000, "高新区管委会"])
    ws2 = wb.create_sheet("指标")
    ws2.append(["指标", "单位", "2024年", "2025年目标", "属性"])
    ws2.append(["地区生产总值", "亿元", 820.5, "≥900", "预期性"])
    ws2.append(["城镇调查失业率", "%", 5.1, "5.5以内", "约束性"])
    wb.create_sheet("空表")
    out = io.BytesIO()
    wb.save(out)
    result = extract_bytes(out.getvalue(), "list.xlsx")
    assert isinstance(result, ExtractionResult), result
    projects = {p.name: (p.investment_yi, p.annual_investment_yi, p.start_year, p.end_year, p.owner)
                for p in result.projects}
    assert projects == {
        "城东污水处理厂扩建工程": (Decimal("3.5"), Decimal("0.9"), 2024, 2026, "市水务集团"),
        "高新区智能制造产业园": (Decimal("12"), Decimal("3"), 2025, 2027, "高新区管委会"),
    }
    targets = {(t.indicator, t.value, t.comparator, t.year, t.binding, t.kind) for t in result.targets}
    assert targets == {("地区生产总值", Decimal("900"), ">=", 2025, "expected", "level"),
                       ("城镇调查失业率", Decimal("5.5"), "<=", 2025, "binding", "cap")}
    assert {(a.indicator, a.value, a.year) for a in result.actuals} == {
        ("地区生产总值", Decimal("820.5"), 2024), ("城镇调查失业率", Decimal("5.1"), 2024)}


def test_a_csv_in_gbk() -> None:
    result = extract_bytes(ff.as_csv("gbk"), "projects.csv")
    assert isinstance(result, ExtractionResult), result
    assert result.document.encoding == "gb18030"
    assert {p.name for p in result.projects} == {row[1] for row in ff.PROJECT_ROWS}


def test_a_zip_bomb_named_docx_is_rejected_before_it_is_expanded() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * _MB
            for _ in range(300):
                member.write(chunk)
    raw = out.getvalue()
    assert len(raw) < 2 * _MB
    before = _maxrss_mb()
    result = extract_bytes(raw, "report.docx")
    assert isinstance(result, Rejected) and result.reason == "zip_bomb", result
    assert _maxrss_mb() - before < 100


@pytest.mark.parametrize("name, marker, expected", [
    ("old.doc", "WordDocument", "doc"),
    ("report.wps", "WordDocument", "wps"),
    ("table.et", "Workbook", "et"),
    ("noext", "Workbook", "xls"),
])
def test_legacy_office_files_need_conversion(name: str, marker: str, expected: str) -> None:
    raw = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + marker.encode("utf-16-le") + b"\0" * 500
    result = extract_bytes(raw, name)
    assert isinstance(result, Rejected) and result.reason == "needs_conversion", result
    assert result.detail.startswith(expected), result.detail


def test_an_encrypted_office_file_is_rejected_encrypted() -> None:
    raw = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100
    result = extract_bytes(raw, "secret.docx")
    assert isinstance(result, Rejected) and result.reason == "encrypted"


def test_a_broken_docx_package_is_corrupt() -> None:
    raw = ff.as_docx()
    result = extract_bytes(raw[: len(raw) // 2], "cut.docx")
    assert isinstance(result, Rejected) and result.reason == "corrupt_file", result


def test_guihua_extract_reads_a_folder_of_mixed_formats(tmp_path: Path) -> None:
    for name, make in (("a.txt", ff.as_txt), ("b.html", ff.as_html), ("c.docx", ff.as_docx), ("d.pdf", ff.as_pdf),
                       ("e.xlsx", ff.as_xlsx), ("f.csv", ff.as_csv)):
        (tmp_path / name).write_bytes(make())
    (tmp_path / "g.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    result = subprocess.run([sys.executable, "-m", "etl.cli", "extract", str(tmp_path), "--format", "jsonl"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 3, result.stderr  # one rejection: partial
    assert "g.doc" in result.stderr and "needs_conversion" in result.stderr
    assert "Traceback" not in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    docs = {r["doc"] for r in records if r["type"] == "document"}
    assert docs == {"a.txt", "b.html", "c.docx", "d.pdf", "e.xlsx", "f.csv"}
    table_projects = [r for r in records if r["type"] == "project" and r["table"] is not None]
    assert {r["doc"] for r in table_projects} == {"b.html", "c.docx", "d.pdf", "e.xlsx", "f.csv"}
    assert all({"annual_investment_yi", "start_year", "end_year", "owner", "row", "column"} <= r.keys()
               for r in table_projects)
    bindings = {r["binding"] for r in records if r["type"] == "target"}
    assert bindings == {None, "expected", "binding"}


def test_a_csv_holding_several_reports_is_rejected_not_merged() -> None:
    rows = "province,title,publish_date,full_text\n" + "".join(
        f'{p},2026年{p}政府工作报告,2026-02-01,"今年主要预期目标是:地区生产总值增长5%左右。"\n' for p in ("江苏省", "浙江省"))
    result = extract_bytes(rows.encode("utf-8-sig"), "reports.csv")
    assert isinstance(result, Rejected) and result.reason == "multiple_documents", result
    assert "2 texts" in result.detail

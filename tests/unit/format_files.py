"""Write one plan (paragraphs + a project table + an indicator table) as TXT, HTML, DOCX, PDF, XLSX, CSV.

The test suite generates its format fixtures from one source, so a difference in what comes
out of two formats is a reader's fault, never the fixture's.
"""

from __future__ import annotations

import csv
import html
import io

TITLE = "临平区国民经济和社会发展第十四个五年规划纲要"
PARAGRAPHS = [
    TITLE,
    "第一章 发展目标",
    "到2025年,力争地区生产总值超过1000亿元,年均增长7%左右。",
    "城镇登记失业率控制在4%以内,研发经费投入强度达到3.5%。",
    "第二章 重大项目",
    "“十四五”期间,全区谋划重大项目如下表。",
]
PROJECT_HEADER = ["序号", "项目名称", "建设地点", "建设性质", "建设年限", "总投资(万元)", "2025年计划投资(万元)", "业主单位"]
PROJECT_ROWS = [
    ["1", "临平新城综合交通枢纽项目", "临平街道", "新建", "2021-2025", "450000", "80000", "区交通投资集团"],
    ["2", "杭州临平净水厂二期工程", "东湖街道", "续建", "2022-2024", "126500", "30000", "区水务公司"],
    ["3", "艺尚小镇时尚产业园", "南苑街道", "新建", "2023-2026", "88000", "12000", "艺尚小镇管委会"],
]
INDICATOR_HEADER = ["序号", "指标", "单位", "2020年", "2025年", "年均增长(%)", "属性"]
INDICATOR_ROWS = [
    ["1", "地区生产总值", "亿元", "727.5", "1000", "6.6", "预期性"],
    ["2", "单位地区生产总值能耗降低", "%", "—", "[15]", "—", "约束性"],
]
TAIL = "第三章 保障措施"


def _tables() -> list[tuple[str, list[list[str]]]]:
    return [("重大项目表", [PROJECT_HEADER, *PROJECT_ROWS]), ("主要指标表", [INDICATOR_HEADER, *INDICATOR_ROWS])]


def as_txt() -> bytes:
    """The prose only (a text file has no tables to read as tables)."""
    return ("\n".join(PARAGRAPHS + [TAIL]) + "\n").encode("utf-8")


def as_html(with_chrome: bool = True) -> bytes:
    """A page as a browser saves it: head, scripts, navigation, breadcrumbs, footer around the article."""
    parts = ['<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
             f"<title>{TITLE}_临平区人民政府门户网站</title>",
             '<meta name="PubDate" content="2021-03-01 09:00">',
             "<style>.nav{color:red} p{margin:0}</style><script>var a = '<p>not text</p>';</script></head><body>"]
    if with_chrome:
        parts += ['<div class="header"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a>登录</a></div>',
                  '<ul id="nav"><li><a>首页</a></li><li><a>新闻中心</a></li><li><a>政务公开</a></li></ul>',
                  '<div class="breadcrumb">您当前的位置:首页 &gt; 政务公开 &gt; 规划计划</div>']
    parts.append('<div class="article"><h1>' + html.escape(TITLE) + "</h1>")
    for p in PARAGRAPHS[1:]:
        parts.append(f"<p>&nbsp;&nbsp;{html.escape(p)}</p>")
    for caption, rows in _tables():
        parts.append(f"<p>{caption}</p><table border='1'><thead><tr>"
                     + "".join(f"<th>{html.escape(c)}</th>" for c in rows[0]) + "</tr></thead><tbody>")
        for row in rows[1:]:
            parts.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
        parts.append("</tbody></table>")
    parts.append(f"<p>{TAIL}</p></div>")
    if with_chrome:
        parts += ['<div class="footer">版权所有:杭州市临平区人民政府 主办单位:临平区人民政府办公室 '
                  '浙ICP备12345678号</div><script>document.write("<div>广告</div>")</script>']
    parts.append("</body></html>")
    return "".join(parts).encode("utf-8")


def as_docx() -> bytes:
    import docx

    document = docx.Document()
    for p in PARAGRAPHS:
        document.add_paragraph(p)
    for caption, rows in _tables():
        document.add_paragraph(caption)
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    document.add_paragraph(TAIL)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def as_pdf() -> bytes:
    """A PDF with a text layer (reportlab's built-in CID font STSong-Light: no font file needed)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK",
                           firstLineIndent=22)
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=9, wordWrap="CJK")
    story = [Paragraph(html.escape(p), style) for p in PARAGRAPHS]
    for caption, rows in _tables():
        story.append(Paragraph(caption, style))
        table = Table([[Paragraph(html.escape(c), cell) for c in row] for row in rows])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story.append(table)
    story.append(Paragraph(TAIL, style))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def as_xlsx() -> bytes:
    """The project table as a spreadsheet: a merged title row, then the table."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "重大项目"
    ws.append([TITLE + "重大项目表"] + [None] * (len(PROJECT_HEADER) - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(PROJECT_HEADER))
    ws.append(PROJECT_HEADER)
    for row in PROJECT_ROWS:
        ws.append([int(v) if v.isdigit() and i in (0, 5, 6) else v for i, v in enumerate(row)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def as_csv(encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PROJECT_HEADER)
    writer.writerows(PROJECT_ROWS)
    return out.getvalue().encode(encoding)

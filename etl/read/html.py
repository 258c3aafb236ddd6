"""HTML pages → the main content's paragraphs and tables, without navigation chrome.

lxml parses the page (its HTML parser copes with the broken markup portals serve).
Scripts, styles, forms, <nav>/<header>/<footer>/<aside>, elements the browser does not show
(display:none, the hidden attribute) and elements whose id or class names navigation or a
widget (nav, menu, breadcrumb, footer, sidebar, share, prev/next, go-top, popup …) are
dropped. Inline elements (<span>, <font>, <b> …) never break a paragraph: Word-made pages wrap
every run of a sentence in its own <font>. The
main content is the element holding the most paragraph text (an <article>, a
content <div> of the portal's CMS …); its block elements become paragraphs and each
<table> a table, merged cells (colspan/rowspan) repeated into the cells they cover. The
page title comes from <title>/<h1>, the date from the usual meta tags. No markup
survives: text is taken from text nodes only.
"""

from __future__ import annotations

import re
from typing import Any

from etl.read.model import Block, ReadDocument, Rejection, Table, join_wrapped
from etl.records import QualityFlag

__all__ = ["looks_like_html", "read_html"]

_HTML_START_RE = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                            re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"</?(?:p|div|table|tr|td|br|span|a|h[1-6])\b[^>]*>", re.IGNORECASE)
_DROP_TAGS = ("script", "style", "noscript", "template", "form", "nav", "header", "footer", "aside", "iframe",
              "select", "button", "input", "svg", "object", "embed")
_CHROME_RE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumb|crumb|footer|foot|header|head|top|sidebar|side|share|"
    r"login|search|toolbar|links?|friend|related|copyright|position|location|weizhi|dh|daohang|"
    r"prev|next|pager|pagination|gotop|backtop|close|print|alert|popup|modal|dialog|mask|mengban|"
    r"qrcode|ewm|erweima|quick)(?:$|[\s_-]|\d)",
    re.IGNORECASE,
)
_HIDDEN_STYLE_RE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.IGNORECASE)
_BLOCK_TAGS = frozenset(("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "blockquote", "pre",
                         "section", "article", "center", "td", "th", "tr", "ul", "ol", "dl", "main", "table",
                         "tbody", "thead"))
_DATE_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date", "dc.date.created",
              "publish_date", "date", "maketime")
_DATE_RE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_DIGITS_RE = re.compile(r"\D+")
_MARKUP_RE = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


def looks_like_html(text: str) -> bool:
    """An HTML document: starts like one, or holds many block tags in its first 4 KB."""
    head = text[:4096]
    return bool(_HTML_START_RE.match(head)) or len(_TAG_RE.findall(head)) >= 5


def read_html(text: str, encoding: str | None = None) -> ReadDocument:
    """Read a decoded HTML page; never raises (an unparsable page is `corrupt_file`)."""
    import lxml.html
    from lxml import etree

    doc = ReadDocument("html", encoding=encoding)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(
            encoding="utf-8", remove_comments=True, remove_pis=True))
    except (etree.ParserError, ValueError) as err:
        doc.rejection = Rejection("corrupt_file", f"HTML does not parse: {err}"[:300])
        return doc
    doc.title = _title(root)
    doc.published_on = _date(root)
    for el in list(root.iter(*_DROP_TAGS)):
        _drop(el)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        names = f"{el.get('id') or ''} {el.get('class') or ''}"
        chrome = bool(names.strip() and _CHROME_RE.search(names)) or _is_hidden(el)
        if chrome and el.tag not in ("body", "html") and not _looks_like_content(el):
            _drop(el)
    body = root.find("body")
    if body is None:
        body = root
    core, main = _main_content(body)
    _walk(main, doc.parts, [])
    # Statistical bulletins and plans often show their tables as pictures: what is in them is not read.
    pictures = sum(1 for img in core.iter("img") if not _is_icon(img))
    if pictures:
        doc.flags.append(QualityFlag("images_in_content", pictures,
                                     "tables or charts shown as pictures are not read"))
    if doc.title and not any(isinstance(p, Block) and doc.title in p.text for p in doc.parts[:3]):
        doc.parts.insert(0, Block(doc.title))
    # Markup can only survive as text the page escaped (&lt;p&gt;): say so, never load it silently.
    leftover = sum(len(_MARKUP_RE.findall(p.text)) for p in doc.parts if isinstance(p, Block))
    leftover += sum(len(_MARKUP_RE.findall(c)) for t in doc.tables for row in t.rows for c in row)
    if leftover:
        doc.flags.append(QualityFlag("markup_in_text", leftover))
    return doc


def _drop(el: Any) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():  # keep the text that follows the element
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _is_icon(img: Any) -> bool:
    """A small image (an icon, a bullet, a spacer) by its declared size."""
    sizes = [_DIGITS_RE.sub("", img.get(a) or "") for a in ("width", "height")]
    return any(v and int(v[:6]) <= 48 for v in sizes)


def _is_hidden(el: Any) -> bool:
    """An element the browser does not render: display:none, visibility:hidden, the hidden attribute."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style) and bool(_HIDDEN_STYLE_RE.search(style))


def _looks_like_content(el: Any) -> bool:
    """A "header"-named element that holds real paragraphs (long text) is content after all."""
    text = el.text_content()
    return len(text) > 400 and text.count("。") >= 3


def _text_len(el: Any) -> int:
    return sum(len(t.strip()) for t in el.itertext())


def _main_content(body: Any) -> tuple[Any, Any]:
    """The element holding the page's sentences: the deepest one with most of them (the core), and
    that widened to its ancestors while they add little text (the title and date lines above an
    article's body)."""
    text = body.text_content()
    total = text.count("。") + text.count("，") + text.count(",")
    if total < 5:
        return body, body
    node = body
    while True:
        best = None
        best_score = 0
        for child in node:
            if not isinstance(child.tag, str):
                continue
            content = child.text_content()
            score = content.count("。") + content.count("，") + content.count(",")
            if score > best_score:
                best, best_score = child, score
        if best is None or best_score < 0.8 * total or best.tag == "p":
            break
        node = best
    core = node
    size = _text_len(node)
    while node is not body:
        parent = node.getparent()
        if parent is None or _text_len(parent) > 1.25 * size + 40:
            break
        node = parent
    return core, node


def _walk(el: Any, parts: list[Block | Table], line: list[str]) -> None:
    """Collect text: block elements end a paragraph; a <table> is a table; <br> is a line end."""
    if el.text:
        line.append(el.text)
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "table" and _is_layout(child):
            _flush(parts, line)
            _walk(child, parts, line)  # a page laid out with a table: its cells are paragraphs
            _flush(parts, line)
        elif tag == "table":
            _flush(parts, line)
            table = _table(child)
            if table is not None:
                parts.append(table)
        elif tag == "br":
            _flush(parts, line)
        elif tag in _BLOCK_TAGS:
            _flush(parts, line)
            _walk(child, parts, line)
            _flush(parts, line)
        elif tag:
            _walk(child, parts, line)
        if child.tail:
            line.append(child.tail)


def _is_layout(table: Any) -> bool:
    """A table used for page layout: it nests tables or a cell holds running sentences."""
    if table.find(".//table") is not None:
        return True
    return any(cell.text_content().count("。") >= 2 for cell in table.iter("td", "th"))


def _flush(parts: list[Block | Table], line: list[str]) -> None:
    text = re.sub(r"\s+", " ", "".join(line)).strip()
    line.clear()
    if text:
        parts.append(Block(text))


def _cell_text(cell: Any) -> str:
    lines: list[str] = []
    current: list[str] = []

    def visit(node: Any) -> None:
        if node.text:
            current.append(node.text)
        for child in node:
            if child.tag == "br" or child.tag in ("p", "div", "li"):
                lines.append("".join(current))
                current.clear()
            if isinstance(child.tag, str):
                visit(child)
            if child.tail:
                current.append(child.tail)

    visit(cell)
    lines.append("".join(current))
    return join_wrapped([re.sub(r"\s+", " ", ln) for ln in lines])


def _table(table: Any) -> Table | Block | None:
    rows: list[list[str]] = []
    pending: dict[int, tuple[int, str]] = {}  # column → (rows left, text) of a rowspan
    header = 0
    for tr in table.iter("tr"):
        if tr.getparent() is not None and _owner_table(tr) is not table:
            continue  # a nested table's row
        row: list[str] = []
        col = 0
        is_header = True
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while col in pending:
                left, text = pending[col]
                row.append(text)
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (left - 1, text)
                col += 1
            text = _cell_text(cell)
            span = _int(cell.get("colspan"))
            down = _int(cell.get("rowspan"))
            is_header = is_header and (cell.tag == "th" or tr.getparent().tag == "thead")
            for k in range(span):
                row.append(text)
                if down > 1:
                    pending[col] = (down - 1, text)
                col += 1
        while col in pending:
            left, text = pending[col]
            row.append(text)
            if left <= 1:
                del pending[col]
            else:
                pending[col] = (left - 1, text)
            col += 1
        if any(c.strip() for c in row):
            if is_header and len(rows) == header:
                header += 1
            rows.append(row)
    if not rows:
        return None
    width = max(len(r) for r in rows)
    if width < 2:  # a layout table holding text: its cells are paragraphs
        return Block("\n".join(r[0] for r in rows if r and r[0].strip()))
    rows = [r + [""] * (width - len(r)) for r in rows]
    if not header:
        from etl.read.sheet import header_rows

        header = header_rows(rows)
    return Table(rows, header_rows=header)


def _owner_table(tr: Any) -> Any:
    node = tr.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def _title(root: Any) -> str | None:
    """The article's title: the CMS's ArticleTitle meta; else the page's <h1>/<title> without the site's name.

    Portals put their own name in a logo <h1> and at either end of <title> ("站名 | 标题", "标题_站名"),
    so a heading that is the site's name is skipped and a heading that agrees with <title> wins.
    """
    for value in root.xpath("//meta[translate(@name, 'ARTICLE', 'article')='articletitle']/@content"):
        text = _clean(value)
        if len(text) >= 4:
            return text
    site = {_clean(v) for v in root.xpath("//meta[translate(@name, 'SITENAME', 'sitename')='sitename']/@content")}
    page_title = None
    for item in root.xpath("//title"):
        page_title = _title_without_site(_clean(item.text_content()), site)
        if page_title:
            break
    headings = [_clean(h.text_content()) for h in root.xpath("//h1")]
    headings = [h for h in headings if len(h) >= 4 and h not in site and not _is_site_name(h)]
    if page_title:
        for heading in headings:
            if heading in page_title or page_title in heading:
                return heading
    if headings and (not page_title or _is_site_name(page_title)):
        return headings[0]
    return page_title if page_title and len(page_title) >= 4 else (headings[0] if headings else None)


_SITE_NAME_RE = re.compile(r"(?:网|网站|政府|门户|人民政府|频道|官网)$")
_TRAILING_SITE_RE = re.compile(r"\s*[-_|—]\s*(?=[^-_|—]*(?:网|政府|门户|人民|频道)[^-_|—]*$)")
_TITLE_SEP_RE = re.compile(r"\s*(?:\s[-|｜—]+\s|[|｜_]+)\s*")


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _is_site_name(text: str) -> bool:
    """A portal's own name: short and ending like one (临平区人民政府, 中国政府网, 新闻频道)."""
    return len(text) <= 16 and bool(_SITE_NAME_RE.search(text))


def _title_without_site(text: str, site: set[str]) -> str | None:
    """<title> minus the parts that name the site, wherever they stand; the longest part left."""
    text = _TRAILING_SITE_RE.split(text)[0]  # "标题-临平区人民政府": a bare dash before the site's name
    parts = [p.strip() for p in _TITLE_SEP_RE.split(text) if p and p.strip()]
    kept = [p for p in parts if p not in site and not _is_site_name(p)]
    return max(kept, key=len) if kept else None  # a <title> that only names the site says no title


def _date(root: Any) -> str | None:
    """The publication date a meta tag states, unless it is only when the CMS generated the page.

    TRS/Ucap portals set PubDate to the page's generation time (`<meta name="others" content="页面生成时间
    …">`), which moves whenever the site is republished: a 2017 bulletin regenerated in 2022 says
    PubDate 2022-04-24. Such a stamp is not a publication date; the dated line the page shows
    (发布日期：2017-05-15) is left to the metadata reader.
    """
    generated = set()
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "others" and "生成时间" in (meta.get("content") or ""):
            generated.add(_DIGITS_RE.sub("", (meta.get("content") or "").split("生成时间", 1)[1]))
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        if name in _DATE_META:
            content = meta.get("content") or ""
            m = _DATE_RE.search(content)
            if m and _DIGITS_RE.sub("", content) not in generated:
                y, mo, d = (int(g) for g in m.groups())
                if 1949 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
                    return f"{y:04d}-{mo:02d}-{d:02d}"
    return None

"""HTML article pages of government portals (gov.cn, provincial portals) -> the body's lines.

Read with lxml (libxml2's HTML parser: forgiving with minified and broken pages, fast).
trafilatura and readability-lxml were measured on the gov.cn pages and rejected: both drop
or flatten the 推广清单 tables (see docs/FORMATS.md), and a table row must stay one line.

What is read:
- the page metadata: gov.cn's metadata table (索引号, 主题分类, 发文机关, 成文日期, 标题,
  发文字号, 发布日期 - label cell, value cell) and ``<meta name="ArticleTitle" ...>`` style
  tags (ArticleTitle, PubDate, ContentSource, ...), returned as document metadata;
- the body only: the element that holds the article (gov.cn's ``#UCAP-CONTENT``, the
  common ``TRS_Editor``/``pages_content``/``article`` containers, else the block with the
  most paragraph text); navigation, share widgets, QR codes, scripts and footers never
  reach the text;
- paragraphs and ``<br>`` breaks as lines (``&emsp;`` indents dropped), tables as TAB rows,
  a merged category row (one cell spanning the table) as a one-cell row.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from base.errors import BadInputError
from loaders.decode import decode_bytes
from loaders.formats.base import Document, Line, clean_line, drop_blank, table_row

# Elements that never hold article text.
_NOISE = {"script", "style", "noscript", "iframe", "form", "button", "select", "input", "textarea",
          "nav", "header", "footer", "aside", "canvas", "svg", "object", "embed", "head", "title"}
# Ids/classes of page furniture on portals (share bars, QR codes, print/close links, breadcrumbs).
_FURNITURE = re.compile(r"share|qr_|qrcode|erweima|bdshare|print|breadcrumb|crumb|position|footer|"
                        r"header|nav|menu|related|xgwj|pagebreak|div_div", re.IGNORECASE)
# Containers portals put the article in, most specific first (id or class).
_BODY_IDS = ("UCAP-CONTENT", "zoom", "Zoom", "fontzoom", "pages_content", "article-content", "content_main")
_BODY_CLASSES = ("TRS_Editor", "pages_content", "article-content", "art_con", "article", "zw", "con_text")
# Block elements: each starts a new line.
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "blockquote",
           "center", "dd", "dt", "pre", "address", "ul", "ol", "dl", "hr", "main"}

# The labels of gov.cn's metadata table, with the spaces printed inside them removed.
PAGE_LABELS = ("索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期", "来源", "主题词")
# <meta name=...> tags portals fill, and the page label each stands for.
META_TAGS = {
    "articletitle": "标题", "pubdate": "发布日期", "contentsource": "来源", "firstimgsrc": None,
    "author": None, "keywords": "主题词", "description": None, "columnname": None,
}
_LABEL_SPACE = re.compile(r"[\s\u00a0\u3000]+")


def read(data: bytes, source: str) -> Document:
    import hashlib

    decoded = decode_bytes(data, source=source)
    try:
        root = lxml.html.document_fromstring(_strip_xml_declaration(decoded.text))
    except (etree.ParserError, ValueError) as exc:
        raise BadInputError(f"{source}: cannot parse the HTML ({exc}).",
                            hint="Save the page again from the browser (File > Save page as, HTML only).") from exc
    metadata = _meta_tags(root)
    table_meta, meta_tables = _metadata_table(root)
    metadata.update(table_meta)
    body = _find_body(root, skip=meta_tables)
    lines = drop_blank(_Walker(skip=meta_tables).lines(body)) if body is not None else []
    if not lines:
        raise BadInputError(f"{source}: the page has no body text (only navigation or an empty article).",
                            hint="Open the page in a browser; if the text is an attached PDF or Word file, "
                                 "download that file and load it instead.")
    return Document(lines=lines, format="html", sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                    encoding=decoded.encoding, metadata=metadata, note=decoded.note)


def _strip_xml_declaration(text: str) -> str:
    # lxml refuses a str that carries its own encoding declaration; the bytes are decoded already.
    return re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)


def _text(el: etree._Element) -> str:
    return clean_line("".join(el.itertext()))


def _label(text: str) -> str:
    return _LABEL_SPACE.sub("", text).rstrip(":：")


def _meta_tags(root: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("name") or "").strip().lower()
        label = META_TAGS.get(name)
        content = clean_line(meta.get("content") or "")
        if label and content:
            out.setdefault(label, content)
    return out


def _metadata_table(root: etree._Element) -> tuple[dict[str, str], set[etree._Element]]:
    """gov.cn's metadata table: rows of label cell, value cell (two pairs per row)."""
    found: dict[str, str] = {}
    tables: set[etree._Element] = set()
    for td in root.iter("td", "th"):
        if len(td) and td.find(".//table") is not None:
            continue  # a layout cell around the table, not a label
        label = _label(_text(td))
        if label not in PAGE_LABELS or not _text(td).rstrip().endswith(("：", ":")):
            continue
        value_cell = td.getnext()
        if value_cell is None or value_cell.tag not in ("td", "th"):
            continue
        value = _text(value_cell)
        if value:
            found.setdefault(label, value)
        table = next(td.iterancestors("table"), None)
        if table is not None:
            tables.add(table)
    return found, tables


def _find_body(root: etree._Element, *, skip: set[etree._Element]) -> etree._Element | None:
    for ident in _BODY_IDS:
        hits = root.xpath(f'//*[@id="{ident}"]')
        if hits and _text_length(hits[0], skip) > 0:
            return hits[0]
    for cls in _BODY_CLASSES:
        hits = root.xpath(f'//*[contains(concat(" ", normalize-space(@class), " "), " {cls} ")]')
        hits = [h for h in hits if _text_length(h, skip) > 0]
        if hits:
            return max(hits, key=lambda h: _text_length(h, skip))
    # No known container: the block whose own paragraphs hold the most text (links discounted).
    best, best_score = None, 0
    for el in root.iter("div", "td", "article", "section", "body"):
        if _is_furniture(el):
            continue
        score = sum(_text_length(child, skip) for child in el if child.tag in ("p", "table", "br", "div", "span")
                    or not isinstance(child.tag, str))
        score += len((el.text or "").strip())
        if score > best_score:
            best, best_score = el, score
    return best


def _is_furniture(el: etree._Element) -> bool:
    if not isinstance(el.tag, str):
        return True
    if el.tag in _NOISE:
        return True
    names = f"{el.get('id', '')} {el.get('class', '')}"
    return bool(names.strip()) and bool(_FURNITURE.search(names))


def _text_length(el: etree._Element, skip: set[etree._Element]) -> int:
    if _is_furniture(el) or el in skip:
        return 0
    total = len((el.text or "").strip())
    for child in el:
        if isinstance(child.tag, str):
            if child.tag == "a":
                total -= len("".join(child.itertext())) // 2  # link text is mostly navigation
            total += _text_length(child, skip)
        total += len((child.tail or "").strip())
    return max(total, 0)


class _Walker:
    """Depth-first walk that cuts the body into lines: blocks and <br> end a line, tables
    become TAB rows, everything inline is concatenated."""

    def __init__(self, *, skip: set[etree._Element]) -> None:
        self.skip = skip
        self.out: list[Line] = []
        self.buf: list[str] = []
        self.paragraph = 0
        self.table = 0

    def lines(self, body: etree._Element) -> list[Line]:
        self._walk(body)
        self._flush()
        return self.out

    def _flush(self) -> None:
        text = clean_line("".join(self.buf))
        self.buf = []
        if text:
            self.paragraph += 1
            self.out.append(Line(text, f"paragraph {self.paragraph}"))

    def _walk(self, el: etree._Element) -> None:
        if not isinstance(el.tag, str):  # comment or processing instruction: only its tail is text
            self.buf.append(el.tail or "")
            return
        if el in self.skip or _is_furniture(el):
            self.buf.append(el.tail or "")
            return
        tag = el.tag.lower()
        if tag == "table":
            self._flush()
            self._table(el)
        elif tag == "br":
            self._flush()
        else:
            block = tag in _BLOCKS
            if block:
                self._flush()
            self.buf.append(el.text or "")
            for child in el:
                self._walk(child)
            if block:
                self._flush()
        self.buf.append(el.tail or "")

    def _table(self, table: etree._Element) -> None:
        rows = [tr for tr in table.iter("tr") if next(tr.iterancestors("table")) is table]
        if rows and all(len(_cells(tr)) == 1 for tr in rows):
            # A layout table (one cell per row) only wraps paragraphs: walk its contents.
            for tr in rows:
                cell = _cells(tr)[0]
                self.buf.append(cell.text or "")
                for child in cell:
                    self._walk(child)
                self._flush()
            return
        self.table += 1
        for n, tr in enumerate(rows, start=1):
            cells = [_cell_text(td, self.skip) for td in _cells(tr)]
            text = table_row(cells)
            if text:
                self.out.append(Line(text, f"table {self.table} row {n}"))


def _cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


def _cell_text(td: etree._Element, skip: set[etree._Element]) -> str:
    """A cell's text on one line: its paragraphs and breaks joined with nothing."""
    walker = _Walker(skip=skip)
    return "".join(line.text for line in walker.lines(td))

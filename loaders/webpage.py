"""Saved government web pages (.html/.htm) -> the article's text: body only, tables as `|` rows.

Navigation, scripts, breadcrumbs, share widgets and footers are dropped; the article is the deepest
block that still holds most of the page's non-link text.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from loaders.errors import decode_bytes, unreadable

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
DROP = "script, style, noscript, iframe, nav, header, footer, form, select, button, input, object, svg"
# Page furniture by id/class: menus, breadcrumbs (当前位置), share bars, font-size and print widgets.
_FURNITURE = re.compile(
    r"nav|menu|breadcrumb|crumb|position|location|footer|header|share|toolbar|print|fontsize|font-size|"
    r"copyright|sidebar|related|dqwz|bdsharebuttonbox",
    re.IGNORECASE,
)
BLOCKS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "tbody", "thead", "blockquote", "pre", "center", "dl", "dt", "dd",
}  # fmt: skip
_SITE_SUFFIX = re.compile(r"\s*(?:_|\||——| - )\s*")  # "XX局2019年报告_XX市人民政府网"
MAJORITY = 0.7  # a child holding this share of the text is the article, not its parent
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")
# Real report pages nest 10-40 elements deep (browsers' parsers flatten past 512). The article search
# and the serialiser walk the tree level by level (the serialiser recursively: Python stops at 1,000
# frames); a page nested 100,000 deep ran for minutes.
MAX_DEPTH = 256
# The HTML parser itself slows with the square of the nesting (10,000 levels: 0.15 s; 100,000: 21 s),
# so start tags left open are counted before parsing. The count is high on sloppy pages (an unclosed
# <span> is never subtracted), hence a bound well above MAX_DEPTH that no real page reaches.
MAX_OPEN_TAGS = 2000
# A report page has a few thousand elements; a page of tens of thousands is a generated dump, and the
# furniture and article searches walk every element.
MAX_ELEMENTS = 50_000
# Furniture run into the report's title is a word or two (菜单, 返回首页); a longer lead is a sentence
# that quotes the title, and quoting marks say so too.
MAX_GLUED = 8
_QUOTING = re.compile(r"[《“\"「『（(：:，,。]")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
# Void elements, and those the parser closes by itself (a <p> or <td> left open), nest nothing by their tags.
_NOT_NESTING = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th option optgroup thead tbody tfoot colgroup caption html head body rb rt rtc rp".split()
)


def page_text(data: bytes, *, name: str) -> str:
    """The article text of a saved web page; ReportUnreadable when there is none.

    >>> page_text('<html><div class="nav">首页</div><div id="zoom"><p>我局收到<b>11</b>件。</p>'
    ...           '<table><tr><td>收到申请</td><td>11</td></tr></table></div></html>'.encode(), name="a.html")
    '我局收到11件。\\n收到申请 | 11'
    """
    html = _decode(data, name)
    if _open_tags(html) > MAX_OPEN_TAGS:
        raise unreadable(
            name,
            f"more than {MAX_OPEN_TAGS} tags left open, nested too deep for a report page",
            f"超过 {MAX_OPEN_TAGS} 个标签没有闭合，嵌套太深，不像报告网页",
        )
    tree = LexborHTMLParser(html)
    body = tree.body
    if body is None:
        raise unreadable(name, "no page body", "网页没有 body 部分")
    if _deeper_than(body, MAX_DEPTH):
        raise unreadable(
            name,
            f"elements nested more than {MAX_DEPTH} deep, too deep for a report page",
            f"元素嵌套超过 {MAX_DEPTH} 层，不像报告网页",
        )
    if len(body.css("*")) > MAX_ELEMENTS:
        raise unreadable(
            name,
            f"more than {MAX_ELEMENTS:,} elements, far more than a report page has",
            f"超过 {MAX_ELEMENTS:,} 个元素，远多于报告网页",
        )
    for node in body.css(DROP):
        node.decompose()
    page_length = _text_length(body)
    for node in body.css("[id], [class]"):
        marker = f"{node.attributes.get('id') or ''} {node.attributes.get('class') or ''}"
        if _FURNITURE.search(marker) and _text_length(node) < 0.5 * page_length:
            node.decompose()
    article = _article(body)
    if _text_length(article) <= _link_length(article):  # only links left: a navigation page
        raise unreadable(name, "the page has no article text", "网页里没有文章正文")
    lines: list[str] = []
    _serialise(article, lines)
    text = "\n".join(line.strip() for line in "".join(lines).split("\n"))
    text = re.sub(r"\n{2,}", "\n", text).strip()
    if not text:
        raise unreadable(name, "the page has no article text", "网页里没有文章正文")
    # The report's title often sits outside the article block; the page title still names it.
    title_node = tree.css_first("title")
    title = _SITE_SUFFIX.split(_SPACES.sub(" ", title_node.text() or "").strip())[0] if title_node else ""
    if title and title not in text[:500]:
        text = f"{title}\n{text}"
    return _title_on_its_line(text, title)


def _title_on_its_line(text: str, title: str) -> str:
    r"""Start the report's title on a line of its own when a few words of page furniture (a menu button,
    "返回") were run into it: the page's <title> says where the report's own title begins.

    >>> _title_on_its_line("菜单深圳市教育局2023年报告\n正文", "深圳市教育局2023年报告")
    '菜单\n深圳市教育局2023年报告\n正文'
    >>> _title_on_its_line("现将《深圳市教育局2023年报告》公布", "深圳市教育局2023年报告")
    '现将《深圳市教育局2023年报告》公布'
    """
    at = text.find(title, 0, 500) if title else -1
    line_start = text.rfind("\n", 0, at) + 1
    glued = text[line_start:at]
    if at <= line_start or len(glued) > MAX_GLUED or _QUOTING.search(glued):
        return text
    return f"{text[:at]}\n{text[at:]}"


def _decode(data: bytes, name: str) -> str:
    declared = _CHARSET.search(data[:4096])
    if declared:
        charset = declared.group(1).decode("ascii", "replace").lower()
        charset = "gb18030" if charset in ("gb2312", "gbk", "gb18030", "x-gbk") else charset
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: fall back to detection
    return decode_bytes(data, name=name)


def _open_tags(html: str) -> int:
    """The most start tags open at once (their end tags not yet seen), stopping past MAX_OPEN_TAGS."""
    depth = deepest = 0
    for close, tag in _TAG.findall(html):
        if tag.lower() in _NOT_NESTING:
            continue
        depth = max(depth - 1, 0) if close else depth + 1
        deepest = max(deepest, depth)
        if deepest > MAX_OPEN_TAGS:
            break
    return deepest


def _deeper_than(root: LexborNode, limit: int) -> bool:
    stack = [(root, 0)]  # a loop, not recursion: the depth is what is not known yet
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in node.iter())
    return False


def _text_length(node: LexborNode) -> int:
    return len(_SPACES.sub("", node.text(deep=True) or ""))


def _link_length(node: LexborNode) -> int:
    return sum(_text_length(a) for a in node.css("a"))


def _article(body: LexborNode) -> LexborNode:
    node = body
    while True:
        total = _text_length(node) - _link_length(node)
        best = max(
            (c for c in node.iter() if c.tag in BLOCKS or c.tag == "td"),
            key=lambda c: _text_length(c) - _link_length(c),
            default=None,
        )
        if best is None or total <= 0 or (_text_length(best) - _link_length(best)) < MAJORITY * total:
            return node
        node = best


def _serialise(node: LexborNode, out: list[str]) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.append(_SPACES.sub(" ", child.text_content or ""))
        elif tag == "br":
            out.append("\n")
        elif tag == "tr":
            cells = [_SPACES.sub(" ", c.text(deep=True) or "").strip() for c in child.iter() if c.tag in ("td", "th")]
            if any(cells):
                out.append("\n" + " | ".join(cells) + "\n")
        elif tag in BLOCKS:
            out.append("\n")
            _serialise(child, out)
            out.append("\n")
        else:
            _serialise(child, out)

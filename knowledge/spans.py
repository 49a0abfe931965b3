"""Which text of a passage may answer, and how an answer span is cut. Pure functions over a passage's text.

A span is a sentence or a statistics-table row. A heading or a table's header alone never answers (its
body or row does), nor does the report's title line unless its title is asked; the report's overview of
its own parts answers only a question about its parts; a line of page metadata
(索引号, 公开方式, 发文日期 …) never answers a count. A list answer grows over the items that follow;
a long one shrinks to the clauses around what it is about; two parts of one question found in one
passage are quoted as one span.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from enum import StrEnum

from knowledge.grammar import COUNT, is_heading
from knowledge.kinds import Thing
from knowledge.models import Kind

MAX_ANSWER_CHARS = 300
LIST_ANSWER_CHARS = 200  # lists and processes read better as the few sentences that follow
MAX_COVER_CHARS = 360  # two parts of a question quoted as one span: at most this long
PIECE_CHARS = 150  # a longer sentence is read as pieces of whole clauses up to this long
_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+|\n|$)")
_CLAUSE = re.compile(r"[^，,；;。！？!?\n]*(?:[，,；;。！？!?]+|\n|$)")
_BRACKET = re.compile(r"[(（]")
# 本报告包括…六个部分 / 本报告由概述、…等内容组成 / 全文包括概述,…情况: the report's table of contents.
_OVERVIEW = re.compile(
    r"(?:包括|包含|分为|分成|由).{0,160}?[一二三四五六七八九十\d]+\s*个?\s*部分"
    r"|(?:本报告|年度报告|报告|全文)[^。]{0,6}?(?:由|包括|包含|分为|分成)"
    r"(?:[^。]{0,20}?(?:概述|总体情况|基本情况)|[^。]{6,200}?(?:组成|构成|等内容))"
)
OVERVIEW_ITEMS = 3  # "报告对…主动公开情况、依申请公开情况、收费情况…": a sentence listing the report's parts
_REPORT = re.compile(r"报告|全文|统计|如下")
_ASKS_PARTS = re.compile(r"部分|方面|组成|结构|章节|板块")
# The furniture of a saved page, one field after another: 索引号 | 发布机构 | 公开方式 | 发文日期 …
# A field's name is a label: a colon, a bar or its value follows it. The same words in running prose
# ("扩大政府信息公开范围,细化公开内容") are no field.
_FIELD_WORDS = re.compile(
    r"索\s*引\s*号|发布机构|发文机构|公开方式|公开范围|公开时限|发文日期|成文日期|主题分类|信息分类|"
    r"点击数|点击量|浏览次数|阅读次数|信息来源|来源|发文字号"
)
_METADATA = re.compile(rf"(?:{_FIELD_WORDS.pattern})\s*(?:[:：|｜]|(?=[0-9A-Za-z]))|分享到|【字体|您的位置|当前位置")


# A line that is only a report's title: no clause break, ending in the report's kind.
_TITLE_LINE = re.compile(r"^\s*[^，,。；;:：!?！？]{0,60}(?:年度报告|工作报告|年报)\s*$")
_ASKS_TITLE = re.compile(r"标题|题目|名称|名字|叫什么|叫啥")
TABLE_CELLS = 2  # a line with this many cell bars is a table's
_DIGIT = re.compile(r"\d")


class SpanKind(StrEnum):
    """What kind of line a span is."""

    SENTENCE = "sentence"
    ROW = "row"  # a statistics-table row: its label and figures
    HEADING = "heading"  # a numbered heading with nothing after it
    HEADER = "header"  # a table's line of column labels, without a figure
    TITLE = "title"  # the report's title line (…政府信息公开工作年度报告)
    OVERVIEW = "overview"  # the report's list of its own parts
    METADATA = "metadata"  # page fields: 索引号, 发布机构, 发文日期 …


def span_bounds(text: str, rows: Collection[tuple[int, int]] = frozenset()) -> list[tuple[int, int, bool, int]]:
    """The sentences and table rows of a passage's ``text`` that may answer: (start, end, is a row, where
    its sentence starts — a run-on sentence is read as pieces of whole clauses). What kind of line each
    is (``line_kind``) is read only for the spans a question does not pass over.

    >>> text = "三、依申请情况\\n本年收到申请3件。"
    >>> [(text[s:e], line_kind(text[s:e]).value) for s, e, _, _ in span_bounds(text)]
    [('三、依申请情况\\n', 'heading'), ('本年收到申请3件。', 'sentence')]
    """
    bounds = []
    starts = {start for start, _ in rows}
    for match in _SENTENCE.finditer(text):
        for start, end in _pieces(text, *match.span()):
            # A line that is a table row is read as the row (its figures, without the trailing "|").
            if end > start and len(text[start:end].strip()) >= 2 and start not in starts:
                bounds.append((start, end, False, match.start()))
    return bounds + [(start, end, True, start) for start, end in sorted(rows)]


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence, or a run-on one (a page that lost its full stops) as pieces of whole clauses: each
    piece then says one thing, and an overview of the report's parts does not hide the phone after it."""
    if end - start <= PIECE_CHARS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    for clause in _CLAUSE.finditer(text, start, end):
        # A clause longer than a piece (a page that lost its commas too) is cut before each bracket: the
        # bracketed contact line "(地址:…邮编:…电话:…)" is then a piece of its own.
        cuts = (
            [clause.start()]
            if clause.end() - clause.start() <= PIECE_CHARS
            else [clause.start()] + [m.start() for m in _BRACKET.finditer(text, clause.start() + 1, clause.end())]
        )
        for piece_start, piece_end in zip(cuts, cuts[1:] + [clause.end()], strict=True):
            if piece_end <= piece_start:
                continue
            if pieces and piece_end - pieces[-1][0] <= PIECE_CHARS:
                pieces[-1] = (pieces[-1][0], piece_end)
            else:
                pieces.append((piece_start, piece_end))
    return pieces


def line_kind(sentence: str) -> SpanKind:
    """Whether a sentence is a heading, the report's overview of its parts, page metadata, a table's
    header, the report's title or a sentence.

    >>> line_kind("本报告包括总体情况、主动公开政府信息情况等六个部分。"), line_kind("公开方式: | 主动公开 | 发文日期")
    (<SpanKind.OVERVIEW: 'overview'>, <SpanKind.METADATA: 'metadata'>)
    >>> line_kind("行政复议 | 行政诉讼 | 总计"), line_kind("某区民政局2021年政府信息公开工作年度报告")
    (<SpanKind.HEADER: 'header'>, <SpanKind.TITLE: 'title'>)
    """
    if is_heading(sentence) and not COUNT.search(sentence):  # 1.主动公开信息120条 is an item, not a heading
        return SpanKind.HEADING
    if _OVERVIEW.search(sentence) or (sentence.count("情况") >= OVERVIEW_ITEMS and _REPORT.search(sentence)):
        return SpanKind.OVERVIEW
    if _METADATA.search(sentence):
        return SpanKind.METADATA
    if sentence.count("|") >= TABLE_CELLS and not _DIGIT.search(sentence):
        return SpanKind.HEADER
    if _TITLE_LINE.match(sentence):
        return SpanKind.TITLE
    return SpanKind.SENTENCE


def may_answer(kind: SpanKind, thing: Thing | None, question: str) -> bool:
    """Whether a span of this kind may answer the question at all.

    >>> may_answer(SpanKind.OVERVIEW, Thing.COUNT, "收到几件申请"), may_answer(SpanKind.OVERVIEW, Thing.COUNT, "报告分几部分")
    (False, True)
    """
    if kind in (SpanKind.HEADING, SpanKind.HEADER):  # a label answers nothing; the text or row under it does
        return False
    if kind == SpanKind.TITLE:  # 报告的标题是什么, 年报叫什么名字
        return bool(_ASKS_TITLE.search(question))
    if kind == SpanKind.OVERVIEW:
        return bool(_ASKS_PARTS.search(question))
    if kind == SpanKind.METADATA:  # page fields answer a count only about the page (点击量多少)
        return thing != Thing.COUNT or bool(_FIELD_WORDS.search(question))
    return True


def widen(text: str, start: int, end: int, kind: Kind, weigh: Callable[[str], float]) -> tuple[int, int]:
    """Grow a list/process answer over the sentences that follow; shrink a too-long one to its clauses.

    ``weigh`` says how much a clause is about the question; the clauses kept are centred on the heaviest.
    """
    if kind in (Kind.LIST, Kind.PROCESS):
        for match in _SENTENCE.finditer(text, end):
            s, e = match.span()
            if e <= s or e - start > LIST_ANSWER_CHARS or text[end:s].strip():
                break
            end = e
    if end - start <= MAX_ANSWER_CHARS:
        return start, end
    clauses = [(m.start() + start, m.end() + start) for m in _CLAUSE.finditer(text[start:end]) if m.end() > m.start()]
    centre = max(range(len(clauses)), key=lambda i: weigh(text[clauses[i][0] : clauses[i][1]]))
    if clauses[centre][1] - clauses[centre][0] > MAX_ANSWER_CHARS:  # one endless clause: keep its end
        return clauses[centre][1] - MAX_ANSWER_CHARS, clauses[centre][1]
    lo = hi = centre
    while True:
        grown = False
        if hi + 1 < len(clauses) and clauses[hi + 1][1] - clauses[lo][0] <= MAX_ANSWER_CHARS:
            hi, grown = hi + 1, True
        if lo > 0 and clauses[hi][1] - clauses[lo - 1][0] <= MAX_ANSWER_CHARS:
            lo, grown = lo - 1, True
        if not grown:
            break
    return clauses[lo][0], min(clauses[hi][1], clauses[lo][0] + MAX_ANSWER_CHARS)


def cover(spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """One span over several spans of the same passage, if it is short enough to quote whole.

    >>> cover([(0, 10), (40, 60)]), cover([(0, 10), (500, 560)])
    ((0, 60), None)
    """
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    return (start, end) if end - start <= MAX_COVER_CHARS else None


def tidy(span: str) -> str:
    """A span as quoted: a table row read one cell per line becomes one line; the characters stay the report's own.

    >>> tidy("政府集中采购 |\\n289 |\\n22525.5303万元 ")
    '政府集中采购 | 289 | 22525.5303万元'
    """
    return re.sub(r"\s*\n\s*", " ", span.strip())

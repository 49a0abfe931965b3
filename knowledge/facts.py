"""Rows of the 2019+ national template's statistics tables, found in passage text. Pure functions.

Downloaded reports carry the tables as ``|``-separated rows, one cell per line, or both. A row is a
known label (规范性文件, 行政许可, 本年新收政府信息公开申请数量 …) followed by its figures; its span in
the passage is quoted verbatim as the answer, so the figure is never re-typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Row labels of the template's tables (国办公开办函〔2019〕60号 and 〔2021〕30号), longest first.
ROW_LABELS = tuple(
    sorted(
        (
            "规章",
            "规范性文件",
            "行政许可",
            "其他对外管理服务事项",
            "行政处罚",
            "行政强制",
            "行政事业性收费",
            "政府集中采购",
            "本年新收政府信息公开申请数量",
            "上年结转政府信息公开申请数量",
            "予以公开",
            "部分公开",
            "不予公开",
            "无法提供",
            "不予处理",
            "其他处理",
            "总计",
            "结转下年度继续办理",
            "行政复议",
            "行政诉讼",
            "属于国家秘密",
            "其他法律行政法规禁止公开",
            "危及“三安全一稳定”",
            "保护第三方合法权益",
            "属于三类内部事务信息",
            "属于四类过程性信息",
            "属于行政执法案卷",
            "属于行政查询事项",
            "本机关不掌握相关政府信息",
            "没有现成信息需要另行制作",
            "补正后申请内容仍不明确",
            "信访举报投诉类申请",
            "重复申请",
            "要求提供公开出版物",
            "无正当理由大量反复申请",
            "要求行政机关确认或重新出具已获取信息",
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ),
        key=len,
        reverse=True,
    )
)
# What a question calls a template row: 收到的申请 is the row of new requests, 复议 the review row.
_ASKED_ROWS = (
    (re.compile(r"(?:新收|收到|受理|接到).{0,8}申请|申请.{0,4}(?:数量|多少|几)"), "本年新收政府信息公开申请数量"),
    (re.compile(r"复议"), "行政复议"),
    (re.compile(r"诉讼|起诉|打官司"), "行政诉讼"),
    (re.compile(r"处罚"), "行政处罚"),
    (re.compile(r"许可"), "行政许可"),
    (re.compile(r"规范性文件"), "规范性文件"),
)
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])\s*")
_VALUE = re.compile(r"^-?\d[\d,]*(?:\.\d+)?\s*(?:万元|元|件|条|个|%)?$")
_CELL = re.compile(r"[^|\n]+")
_HEADER_START = "信息内容"


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a statistics table: its label, its figures, and where it stands in the passage."""

    label: str
    values: tuple[str, ...]
    start: int
    end: int
    columns: tuple[str, ...] = ()  # the header's column names, when they line up with the values


def table_rows(text: str) -> list[TableRow]:
    """Find template table rows in a passage text, with their spans.

    >>> [(r.label, r.values) for r in table_rows("规章 | 0 | 0 | 0 | |\\n规范性文件 | 4 | 4 | 4 | |")]
    [('规章', ('0', '0', '0')), ('规范性文件', ('4', '4', '4'))]
    >>> rows = table_rows("行政许可\\n7566\\n939\\n8505\\n其他对外管理服务事项\\n5956")
    >>> [(r.label, r.values) for r in rows]
    [('行政许可', ('7566', '939', '8505')), ('其他对外管理服务事项', ('5956',))]
    >>> [r.columns for r in table_rows("信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\\n规章 | 1 | 0 | 5")]
    [('本年制发件数', '本年废止件数', '现行有效件数')]
    >>> text = "信息内容 |\\n政府集中采购 |\\n289 |\\n22525.5303万元 |"
    >>> [text[r.start : r.end] for r in table_rows(text)]
    ['政府集中采购 |\\n289 |\\n22525.5303万元']
    """
    if "|" not in text and not re.search(r"\n\s*-?\d[\d.,]*\s*(?:万元)?\s*(?:\n|$)", text):
        return []  # prose: no cells to read
    cells = [(m.start(), m.end(), m.group().strip()) for m in _CELL.finditer(text) if m.group().strip()]
    rows: list[TableRow] = []
    header: list[str] = []
    reading_header = False
    current: tuple[str, int] | None = None
    values: list[str] = []
    end = 0

    def close() -> None:
        if current and values:
            columns = tuple(header) if len(header) == len(values) else ()
            rows.append(TableRow(current[0], tuple(values), current[1], end, columns))

    for start, stop, cell in cells:
        label = _label(cell)
        if label:
            close()
            reading_header = False
            lead = len(text[start:stop]) - len(text[start:stop].lstrip())
            current, values, end = (label, start + lead), [], stop
        elif current and _VALUE.match(cell):
            values.append(cell)
            end = start + len(text[start:stop].rstrip())
        else:
            close()
            current, values = None, []
            if cell.startswith(_HEADER_START):  # "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数"
                header, reading_header = [], True
            elif reading_header:
                header.append(cell)
    close()
    return rows + _bare_rows(text, rows)


def _bare_rows(text: str, labelled: list[TableRow]) -> list[TableRow]:
    """Lines of figures only, as the 行政复议/行政诉讼 table's data row arrives ("0 | 0 | 0 | …").

    They have no label of their own (the section heading says what they count); a line of at least
    three figures, not already part of a labelled row, is a row labelled "".
    """
    taken = [(r.start, r.end) for r in labelled]
    rows = []
    for line in re.finditer(r"[^\n]+", text):
        cells = [c.strip() for c in line.group().split("|") if c.strip()]
        inside = any(start <= line.start() < end for start, end in taken)
        if "|" in line.group() and len(cells) >= 3 and all(_VALUE.match(c) for c in cells) and not inside:
            end = line.start() + len(line.group().rstrip(" |"))
            rows.append(TableRow("", tuple(cells), line.start(), end))
    return rows


def _label(cell: str) -> str | None:
    bare = _NUMBERING.sub("", cell)
    for label in ROW_LABELS:
        if bare.startswith(label) and len(bare) <= len(label) + 12:
            return label
    return None


def row_asked(text: str) -> str | None:
    """The template row a question's words name, if any: its label, as the tables write it.

    >>> row_asked("哪个民政局收到的申请最多"), row_asked("哪个局被申请行政复议最多"), row_asked("谁的网站访问量最大")
    ('本年新收政府信息公开申请数量', '行政复议', None)
    """
    return next((label for pattern, label in _ASKED_ROWS if pattern.search(text)), None)

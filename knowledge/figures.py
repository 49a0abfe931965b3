"""The figure a quoted span states (11件, 三份, 未收到), read only to sort, rank and plot: what is shown
is always the span's own text, never a number typed again."""

from __future__ import annotations

import re

from knowledge.grammar import CN_DIGITS, COUNT_UNIT, unit_family

# A figure in a quoted span: 11件, 五条, 1,521宗; what ``figure`` reads. A time limit (20个工作日) is
# no figure to compare, nor an ordinal (第二十条): the first figure of another unit is.
_FIGURE = re.compile(rf"(?<![第\d{CN_DIGITS}])(\d[\d,]*(?:\.\d+)?|[{CN_DIGITS}]+)\s*(?:余|多)?\s*({COUNT_UNIT})")
_DURATIONS = frozenset({"个工作日", "工作日", "小时", "天"})
_TOTAL = re.compile(r"共计|合计|总计|累计|总数|共")
# What a count is of, most telling first: the figure after it in a span is the one asked about.
_KEY_WORDS = ("申请", "复议", "诉讼", "处罚", "许可", "规范性文件", "主动公开", "信息")
_NONE = re.compile(r"未收到|没有收到|未发生|未产生|无此类|均为0|为零")


def figure_text(snippet: str, topic: str = "") -> str | None:
    """The figure as the span writes it (259条, 三份), to show beside the quote: never re-typed.

    >>> figure_text("共发布政府信息259条(次)，涵盖…"), figure_text("今年未收到申请"), figure_text("详见附表")
    ('259条', '未收到', None)
    """
    found = _the_figure(snippet, topic) or _NONE.search(snippet)
    return found.group() if found else None


def figure(snippet: str, topic: str = "") -> float | None:
    """The number a quoted span states with its unit, to sort and plot (never shown as typed here).

    >>> figure("共收到政府信息公开申请12件，其中网上申请3件"), figure("收到申请五件"), figure("未收到申请")
    (12.0, 5.0, 0.0)
    >>> figure("公开内容包括政策法规等4类，共计308条"), figure("20个工作日内答复"), figure("依第二十条第(一)项")
    (308.0, None, None)
    >>> figure("主动公开政府信息累计27980条,依申请公开15条", "收到的申请多少")
    15.0
    >>> figure("收到三份政府信息公开申请件,其中两份为邮寄送达申请", "收到几件申请")
    3.0
    """
    measured = measure(snippet, topic)
    return measured[0] if measured else None


def measure(snippet: str, topic: str = "") -> tuple[float, str] | None:
    """(value, unit family) of the span's figure: a chart draws only figures of one family."""
    if found := _the_figure(snippet, topic):
        digits = found[1].replace(",", "")
        family = unit_family(found[2][-1])
        if digits[0].isdigit():
            return float(digits), family
        import cn2an  # paid only by a question that needs a Chinese numeral read

        try:
            return float(cn2an.cn2an(digits, "smart")), family
        except ValueError:
            return None
    return (0.0, "") if _NONE.search(snippet) else None


def _the_figure(snippet: str, topic: str) -> re.Match[str] | None:
    """The span's figure for ``topic``. A breakdown after 其中 is no total ("共收到4件申请，其中网络申请
    2件": 4); among the rest, the one nearest the topic's key word (依申请公开15条, not the 主动公开
    figure before it), else the first after a word of total (共计308条 in "4类，共计308条"), else the
    first. A time limit (20个工作日) and an ordinal (第二十条) are no figures."""
    figures = [m for m in _FIGURE.finditer(snippet) if m[2] not in _DURATIONS]
    part = snippet.find("其中")
    figures = [m for m in figures if part < 0 or m.start() < part] or figures
    key = next((word for word in _KEY_WORDS if word in topic and word in snippet), None)
    if key and figures:
        keys = [m.start() for m in re.finditer(key, snippet)]
        return min(figures, key=lambda m: min(abs(m.start() - k) for k in keys))
    total = _TOTAL.search(snippet)
    after_total = [m for m in figures if total and m.start() >= total.end()]
    return next(iter(after_total or figures), None)

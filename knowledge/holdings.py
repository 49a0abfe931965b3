"""Questions about what the knowledge base holds: 有哪些报告, 有没有桐乡的报告, 有2019年的报告吗.

Reading only (knowledge.across asks it first): the place or name, or the year, a listing is filtered by.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.grammar import CJK, split_place
from knowledge.matching import AgencyMatch
from knowledge.years import YEAR, year_of

# What the knowledge base holds: 有哪些报告, 有没有桐乡的报告, 有桐乡的报告吗, 收录了哪些年份.
_HOLDINGS = re.compile(
    r"(?:有|收录了?|包括)(?:哪些|什么|几份|多少份?)(?:报告|年报|机关|单位|部门|年份|年度)"
    r"|有没有(?P<without>[^?？。]{1,20}?)的?(?:报告|年报)"
    r"|有(?P<with>[^?？。]{1,20}?)的?(?:报告|年报)吗"
)
_NAME_CHAR = re.compile(rf"^[{CJK}]{{2,12}}$")
MAX_BARE_PLACE = 4  # a place said without its unit: 桐乡, 厦门, 乌鲁木齐


def read_holdings(text: str, match: Callable[[str], list[AgencyMatch]]) -> tuple[str, int | None] | None:
    """(place, year) a question about the holdings filters its listing by ("" and None: everything), or
    None when it asks no such thing: not when an agency is named outside the filter ("温州市教育局有哪些
    年份的报告": about one agency's reports) or the filter is no place (有没有按时发布).

    >>> read_holdings("有没有2019年的报告", lambda text: []), read_holdings("你们有哪些报告", lambda text: [])
    (('', 2019), ('', None))
    """
    found = _HOLDINGS.search(text)
    if not found:
        return None
    group = "without" if found["without"] else "with" if found["with"] else None
    start, end = found.span(group) if group else (0, 0)
    if match(text[:start] + text[end:]):
        return None
    place = found[group].strip() if group else ""
    if year := YEAR.search(place):
        return "", year_of(year)
    if not place or _names_a_place(place, match):
        return place, None
    return None


def _names_a_place(text: str, match: Callable[[str], list[AgencyMatch]]) -> bool:
    """Whether a holdings question's filter is a place or an agency (桐乡, 厦门市, 温州教育局, 杭州), not
    a thing asked about (有没有按时发布年度报告): it names known agencies, or is a place by its unit,
    or is as short as a bare place name."""
    if not _NAME_CHAR.match(text):
        return False
    return bool(match(text)) or split_place(text) is not None or len(text) <= MAX_BARE_PLACE

"""Years as questions write them, one definition for every reader: 2018年, 2018, 18年, 二〇一八年.

A four-digit year needs no 年; a two-digit one does (18年), and never follows a digit or a point
(3.18年 is no year); a year in Chinese numerals is four of them before 年 (二〇一八年, 二零一八年).
"""

from __future__ import annotations

import re

_CN_DIGIT = {ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")} | {"零": "0", "o": "0", "O": "0"}
YEAR = re.compile(
    r"(?<![\d.])(?P<four>(?:19|20)\d{2})(?!\d)\s*(?:年度|年)?"
    r"|(?P<cn>[〇零一二三四五六七八九]{4})\s*(?:年度|年)"
    r"|(?<![\d.])(?P<two>\d{2})\s*年(?!\d)"
)


def year_of(found: re.Match[str]) -> int:
    """The year a match of ``YEAR`` writes.

    >>> [year_of(m) for m in YEAR.finditer("2018年和19年，二〇二一年度，二零零九年")]
    [2018, 2019, 2021, 2009]
    """
    if found["four"]:
        return int(found["four"])
    if found["cn"]:
        return int("".join(_CN_DIGIT[ch] for ch in found["cn"]))
    return 2000 + int(found["two"])


def years_in(text: str) -> list[tuple[int, tuple[int, int]]]:
    """Every year ``text`` writes, in order, with its span.

    >>> years_in("温州教育局二〇一七年和二〇一八年各收到多少件")
    [(2017, (5, 10)), (2018, (11, 16))]
    """
    return [(year_of(found), found.span()) for found in YEAR.finditer(text)]

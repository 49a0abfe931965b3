"""The grammar of agency names, counts and headings: places and their units, development zones and how
people shorten them, organisation head units and abbreviation by rule, count units and their families,
how headings are numbered.

Pure data and small functions. ``loaders/`` (finding a report's agency, splitting it on its headings)
and ``knowledge/`` (finding the agency a question names, reading counts, passing over a heading) both
use it; nobody keeps a private copy. The standard short forms that no rule derives are the table
``data/orgs.tsv`` (``agencies.OrgTable``).
"""

from __future__ import annotations

import re
from functools import cache

CJK = "\u4e00-\u9fff"

# -- places --------------------------------------------------------------------------------------
# Development zones are places of their own, named after their city (长沙岳麓高新技术产业开发区) and
# shortened by people (岳麓高新区, 岳麓高新); longest first, so an alternation tries 经济技术开发区 before 开发区.
ZONE_UNITS = (
    "高新技术产业开发区",
    "经济技术开发区",
    "高新技术开发区",
    "新技术开发区",
    "经济开发区",
    "工业园区",
    "开发区",
    "高新区",
    "经开区",
)
# How people shorten a zone's unit: 岳麓高新 is 岳麓高新区; a unit in a group stands for any other in it.
ZONE_SHORT = {"高新区": ZONE_UNITS[:4], "高新": ZONE_UNITS[:4], "经开区": ("经济技术开发区", "经济开发区")}
# Administrative units a place name ends with. 州 and 盟 alone are left out: 温州, 杭州 end with 州 and
# are not 温 + 州.
ADMIN_UNITS = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "省", "市", "区", "县", "旗", "镇", "乡", "街道")
PLACE_UNITS = ZONE_UNITS + ADMIN_UNITS
# The one-character units a bare name starts with (市教育局, 区政府: a place left unsaid).
BARE_UNITS = "省市区县镇乡"
PLACE_UNIT = "(?:" + "|".join(PLACE_UNITS) + ")"
ADMIN_UNIT = "(?:" + "|".join(ADMIN_UNITS) + ")"
# Characters in almost every place name: sharing one makes no two places near.
PLACE_UNIT_CHARS = frozenset("省市区县镇乡州旗盟村街道")
# Words that end like a place but are not one (城乡 in 住房和城乡建设局, 社区, 辖区 …).
NOT_A_PLACE = re.compile(r"^(?:城乡|城市|社区|市区|地区|辖区|园区|景区|新区)$|.和.|城乡$")
_PLACE = re.compile(rf"[{CJK}]{{1,7}}?{PLACE_UNIT}")
_ETHNIC = re.compile(r"(?:壮族|回族|维吾尔|藏族|蒙古族)$")


def split_place(text: str) -> tuple[str, str, int] | None:
    """The first place at the start of ``text`` as (core, unit, its length), or None.

    >>> split_place("芜湖市住房和城乡建设局"), split_place("长沙岳麓高新技术产业开发区教育局"), split_place("住房和城乡建设局")
    (('芜湖', '市', 3), ('长沙岳麓', '高新技术产业开发区', 13), None)
    >>> split_place("广西壮族自治区柳州市"), split_place("武乡县教育局")
    (('广西', '自治区', 7), ('武乡', '县', 3))
    """
    match = _PLACE.match(text)
    if not match or NOT_A_PLACE.search(match.group()):
        return None
    place = match.group()
    # 武乡县: a one-character "place" (武 + 乡) followed at once by a unit is a name with a unit
    # character inside it (宜君县市场… is 宜君县 and 市场…).
    if len(place) == 2 and (unit_after := re.match(ADMIN_UNIT, text[match.end() :])):
        place += unit_after.group()
    unit = next(u for u in PLACE_UNITS if place.endswith(u) and len(place) > len(u))
    core = place[: -len(unit)]
    return (_ETHNIC.sub("", core) if len(core) > 2 else core), unit, len(place)


# -- organisations -------------------------------------------------------------------------------
# The word an organisation's name ends with, longest first. A question's organisation word and a
# known one are the same kind of body when their heads are equivalent (委 = 委员会, 办 = 办公室).
HEAD_UNITS = (
    "人民政府办公室",
    "政府办公室",
    "人民政府",
    "街道办事处",
    "办事处",
    "管理委员会",
    "委员会",
    "管委会",
    "办公室",
    "政府",
    "分局",
    "中心",
    "局",
    "委",
    "厅",
    "办",
    "院",
    "署",
)
_HEAD_CLASS = {"委员会": "委", "管理委员会": "委", "管委会": "委", "办公室": "办", "办事处": "办", "街道办事处": "办"}
_HEAD_CLASS |= {"人民政府": "政府", "人民政府办公室": "政府办", "政府办公室": "政府办"}
# 政府信息 is what is disclosed, not a government.
ORG_HEAD = "(?:" + "|".join(h if h != "政府" else "政府(?!信息)" for h in HEAD_UNITS) + ")"
# Heads only people say (区政府, 政府办): an agency's own name spells them out (人民政府, 办公室). 院 ends
# 国务院 and 学院 far more often than the name of a report's agency in its text.
SPOKEN_HEADS = frozenset({"政府", "办", "院"})
NAME_HEAD = "(?:" + "|".join(h for h in HEAD_UNITS if h not in SPOKEN_HEADS) + ")"
# An organisation as a question says it: a few characters up to the first head unit.
SPOKEN_ORG = re.compile(rf"[{CJK}]{{0,7}}?{ORG_HEAD}")
GOVERNMENT_ORGS = frozenset({"", "人民政府", "人民政府办公室"})


def head_of(org: str) -> str:
    """The equivalence class of an organisation's head unit: 委 for 卫健委 and 卫生健康委员会.

    >>> head_of("卫生健康委员会"), head_of("卫健委"), head_of("文化和旅游局"), head_of("公安分局"), head_of("科技")
    ('委', '委', '局', '分局', '')
    """
    head = next_head(org)
    return _HEAD_CLASS.get(head, head)


def is_abbreviation(short: str, full: str) -> bool:
    """Whether ``short`` is a way of shortening the organisation ``full``: its characters in order, the
    same first character and the same head unit (文广旅游局 ⊂ 文化广电旅游局, 环保局 ⊂ 环境保护局,
    卫健委 ⊂ 卫生健康委员会). A bare head (局) abbreviates nothing.

    >>> is_abbreviation("文旅局", "文化和旅游局"), is_abbreviation("国土局", "国土资源局")
    (True, True)
    >>> is_abbreviation("发改局", "发展和改革委员会"), is_abbreviation("局", "公安局"), is_abbreviation("房管局", "住房保障和房屋管理局")
    (False, False, False)
    """
    head = head_of(short)
    if not head or head != head_of(full) or short == full or len(short) <= len(next_head(short)):
        return False
    if short[0] != full[0]:
        return False
    return _in_order(short, full)


def said_without_head(short: str, full: str) -> bool:
    """Whether ``short`` is the organisation ``full`` said without its head unit, perhaps abbreviated:
    民政 for 民政局, 文旅 for 文化旅游广电局 (its first character, the rest in order).

    >>> said_without_head("民政", "民政局"), said_without_head("文旅", "文化旅游广电局"), said_without_head("民政", "财政局")
    (True, True, False)
    """
    stem = full[: len(full) - len(next_head(full))]
    return len(short) >= 2 and not head_of(short) and short[0] == stem[:1] and _in_order(short, stem)


def next_head(org: str) -> str:
    """The head unit ``org`` ends with, as written (委员会, 局), or ""."""
    return next((h for h in HEAD_UNITS if org.endswith(h)), "")


def _in_order(short: str, full: str) -> bool:
    at = 0
    for char in short:
        at = full.find(char, at) + 1
        if at == 0:
            return False
    return True


# -- headings ------------------------------------------------------------------------------------
CN_NUM = "一二三四五六七八九十"
# How a heading is numbered, by level (lower = higher in the outline): 一、 / （一） / 1． / （1） ①.
HEADING_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (
        1,
        re.compile(
            rf"^(?:第[{CN_NUM}]{{1,3}}(?:部分|章|节)|[{CN_NUM}]{{1,3}}\s*[、.．,，]|[{CN_NUM}]{{1,3}} (?=\S)|—、)"
        ),
    ),
    (2, re.compile(rf"^[（(]\s*[{CN_NUM}]{{1,3}}\s*[）)]")),
    (3, re.compile(r"^\d{1,2}\s*[.．、](?!\d)")),
    (4, re.compile(r"^(?:[（(]\d{1,2}[）)]|[①-⑳])")),
)
MAX_HEADING_CHARS = 40
HEADING_STOP = re.compile(r"[。：:]")


def is_heading(line: str) -> bool:
    """Whether ``line`` is a numbered heading and nothing more (no sentence after it).

    >>> is_heading("三、收到和处理政府信息公开申请情况"), is_heading("（一）强化组织领导。我局高度重视。")
    (True, False)
    """
    line = line.strip()
    if "|" in line or len(line) > MAX_HEADING_CHARS or HEADING_STOP.search(line):
        return False
    return any(marker.match(line) for _, marker in HEADING_MARKERS)


# -- counts --------------------------------------------------------------------------------------
# Units a count is written with in the reports, longest first where one starts another.
COUNT_UNITS = (
    "个工作日",
    "工作日",
    "人次",
    "大类",
    "万元",
    "亿元",
    "小时",
    "余条",
    "余件",
    "件",
    "条",
    "次",
    "篇",
    "个",
    "项",
    "人",
    "宗",
    "例",
    "期",
    "场",
    "份",
    "家",
    "类",
    "户",
    "元",
    "万",
    "%",
    "％",
    "天",
    "批",
    "部",
    "本",
    "名",
    "封",
    "起",
    "台",
    "所",
    "只",
    "则",
    "位",
    "种",
    "轮",
)
# Units that count the same kind of thing: "几件申请" is answered by 五条, 3宗 or 2例. 个 counts anything.
UNIT_FAMILIES = ("件条项宗例篇份起则只", "次场期批轮", "人名位户", "元万亿", "类种", "家所台部本", "天日")
CN_DIGITS = "零一二三四五六七八九十百千万两〇"
COUNT_UNIT = "(?:" + "|".join(COUNT_UNITS) + ")"
# A figure with its unit: 11件, 1,521宗, 五条, 150余条, 40多人次, 54万人; or a table cell (| 8).
COUNT = re.compile(
    rf"\d[\d,.]*\s*(?:余|多|近)?\s*(?:万|亿)?\s*{COUNT_UNIT}|[{CN_DIGITS}]+\s*(?:余|多)?\s*{COUNT_UNIT}|\|\s*\d"
)
# The units a question counts in (几件, 多少人): every family's but 部 (几个部分), 万 and 亿 (magnitudes),
# 本 and 日 (几日 asks a date).
_ASKABLE = "".join(ch for ch in "".join(UNIT_FAMILIES) if ch not in "部万亿本日")
# The unit a question asks a count in: 几件, 多少条, 多少个人.
ASKED_UNIT = re.compile(rf"(?:几|多少)\s*(?:个)?\s*([{_ASKABLE}])")
# A question that counts things (热线电话全年打进来多少个, 市长电话那边办了几件): a unit or 个 after 几 or 多少,
# not 哪几个 (which ones) nor 第几次 (which one of a series).
ASKS_COUNT_OF = re.compile(rf"(?<![哪第])(?:几|多少)\s*(?:个|[{_ASKABLE}])")
# The whole asking phrase, which is no word to look for: 多少天内, 几个人, 几月.
ASKED_COUNT = re.compile(rf"(?:几|多少)(?:个)?[{_ASKABLE}月年日](?:内|以内|左右)?")
# A word that counts something (5条, 五条), whose numeral a report may write the other way.
COUNTED = re.compile(rf"[\d{CN_DIGITS}]+\s*{COUNT_UNIT}")


@cache
def unit_family(unit: str) -> str:
    """The units that count what ``unit`` counts (``unit`` itself when it is in no family).

    >>> unit_family("件") == unit_family("条"), unit_family("次") == unit_family("件")
    (True, False)
    """
    return next((family for family in UNIT_FAMILIES if unit in family), unit)

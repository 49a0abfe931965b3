"""How a report writes its agency's name: which words are a name at all (they start with a place the
gazetteer knows, a superior body or a bare unit, or are a national body), and the name as China writes
it (its fullest and most formal mention, no province before a prefecture city, 人民政府 spelled out).
``loaders.meta`` finds the candidates in a report; this module judges and writes them.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from knowledge.agencies import OrgTable, parse_agency, read_place
from knowledge.grammar import BARE_UNITS, CJK, NAME_HEAD, PLACE_UNIT, ZONE_UNITS, split_place
from knowledge.places import CITY, COUNTY, PROVINCE, gazetteer, is_place

# A full agency name: optional places, then an organisation ending in an organisation suffix.
AGENCY = re.compile(rf"[{CJK}]{{2,24}}?{NAME_HEAD}")
BARE_PREFIX = re.compile(rf"^(?:本|我|该)?([{BARE_UNITS}])(?=[^{BARE_UNITS}])")
# Starts with a real place name (not 和区委 / 在区委, which are grammar, not places).
NOT_IN_PLACE = rf"[和的在有由以及对为从将把与等件规定各全本我该{BARE_UNITS}年度]"
PLACED = re.compile(rf"^(?:(?!{NOT_IN_PLACE})[{CJK}]){{2,6}}?{PLACE_UNIT}")
# A national body names no place: a ministry (自然资源部), a general administration (国家市场监督管理总局, 国家税务总局).
_MINISTRY = re.compile(rf"[{CJK}]{{2,6}}(?:部|总署|总局)")
# A national body that heads the local bodies named after it: 国家税务总局佛山市税务局.
_SUPERIOR = re.compile(rf"国家[{CJK}]{{2,8}}?(?:总局|局|署)")


def placed_part(name: str, *, strict: bool) -> str:
    """``name`` from its first place the gazetteer knows: a mention's run of characters often starts
    with the sentence's words (本报告电子版可在绍兴市交通运输局 names 绍兴市交通运输局).

    >>> placed_part("本报告电子版可在绍兴市交通运输局", strict=True)
    '绍兴市交通运输局'
    """
    if not strict or place_at(name) or BARE_PREFIX.match(name):
        return name
    return next((name[k:] for k in range(1, len(name) - 2) if place_at(name[k:])), name)


def from_place(name: str, text: str) -> str:
    """The name from where its place starts: 广州市交通运输局 out of 菜单广州市交通运输局.

    Nothing in a name's characters tells a place's first character from a word glued before it (a
    menu item on a saved page): 菜单广州 reads like 齐齐哈尔. The text tells: the agency is named again
    (the contact line, the signature) and every mention starts with its place, while the glued word
    precedes one mention only. So the name starts where the most of its mentions start, the longest
    such; a place keeps at least two characters before its unit.
    """
    starts, end = [name], None
    for k in range(1, len(name)):
        place = split_place(name[k:])
        if place is None:
            continue
        _, unit, length = place
        end = end or k + length  # the first place found; later starts must end it at the same unit
        if k + length != end or length - len(unit) < 2:
            break
        starts.append(name[k:])
    return max(starts, key=lambda named: (text.count(named), len(named)))


def named(name: str, text: str) -> str:
    """``name`` as the text names it most fully, then as China writes an agency's name.

    Fullest: a mention of ``name`` right after a superior body or a place chain takes them
    (佛山市税务局 in 国家税务总局佛山市税务局, 党寨镇人民政府 in 甘州区党寨镇人民政府).
    As China writes it: a province is not said before its prefecture city (浙江省宁波市气象局 is
    宁波市气象局), nor a prefecture before a county or a county-level city (金华市义乌市佛堂镇 is
    义乌市佛堂镇); a district keeps its city (金华市婺城区, 上海市长宁区).

    >>> named("佛山市税务局", "特向社会公布2020年度国家税务总局佛山市税务局政府信息公开工作报告")
    '国家税务总局佛山市税务局'
    >>> named("浙江省宁波市气象局", ""), named("金华市义乌市佛堂镇", ""), named("金华市婺城区城东街道办事处", "")
    ('宁波市气象局', '义乌市佛堂镇', '金华市婺城区城东街道办事处')
    """
    if BARE_PREFIX.match(name):
        return _trimmed(formal(name, text))
    fullest = name
    for mention in re.finditer(re.escape(name), text):
        before = text[max(0, mention.start() - _LONGEST_LEAD) : mention.start()]
        lead = next((before[k:] for k in range(len(before) - 1) if _is_lead(before[k:])), "")
        if len(lead + name) > len(fullest):
            fullest = lead + name
    return _trimmed(formal(fullest, text))


@cache
def _orgs() -> OrgTable:
    return OrgTable.load()  # read once per process, not once per report


def formal(name: str, text: str) -> str:
    """The same body as the text writes it formally, when a title or a line shortens it: the same
    organisation (a standard short form is its canonical name) and every place of ``name`` inside it.

    >>> formal("嘉兴市市场监管局", "嘉兴市市场监督管理局高度重视政府信息公开")
    '嘉兴市市场监督管理局'
    >>> formal("合肥高新区教育局", "来源: 合肥高新技术产业开发区教育局")
    '合肥高新技术产业开发区教育局'
    """
    short = parse_agency(name)
    orgs = _orgs()
    formal: Counter[str] = Counter()
    for mention in AGENCY.findall(text):
        if not short.cores or not all(core in mention for core in short.cores):
            continue  # names another place: no need to read it
        other = parse_agency(placed_part(tidy(mention), strict=True))
        if (
            len(other.name) > len(name)
            and orgs.key(other.org) == orgs.key(short.org)
            and short.cores
            and all(core in other.name for core in short.cores)
            and place_at(other.name)
        ):
            formal[other.name] += 1
    return formal.most_common(1)[0][0] if formal else name


_LONGEST_LEAD = 14  # characters of superior body and places read before a mention


def _is_lead(text: str) -> bool:
    return bool(_SUPERIOR.fullmatch(text)) or (len(text) >= 3 and place_at(text) == len(text))


def _trimmed(name: str) -> str:
    superior = _SUPERIOR.match(name)
    start = superior.end() if superior else 0
    places: list[tuple[int, int, int]] = []  # (start, end, level) of each place the name starts with
    at = start
    while (found := read_place(name[at:])) and (said := gazetteer().lookup(name[at : at + found[2]])):
        places.append((at, at + found[2], min(p.level for p in said)))
        at += found[2]
    drop = 0
    for (_, e1, level1), (_, e2, level2) in zip(places, places[1:], strict=False):
        if level1 == PROVINCE and level2 == CITY:
            drop = e1
        elif level1 == CITY and level2 == COUNTY and not name[:e2].endswith("区"):
            drop = e1
    if not drop:
        return name
    return name[:start] + name[drop:]


def as_agency(name: str) -> str:
    # A title that names only a place (青山区2022年…报告) is that place's government's report; a
    # development zone is governed by its administrative committee (昆山高新区管理委员会).
    if re.search(f"(?:{'|'.join(ZONE_UNITS)})$", name):
        return name + "管理委员会"
    if name.endswith("街道"):
        return name + "办事处"  # a street is governed by its office (新村街道办事处)
    name = re.sub(r"街道人民政府$", "街道办事处", name)
    return name + "人民政府" if re.search(f"{PLACE_UNIT}$", name) else name


def tidy(name: str) -> str:
    name = re.sub(rf"(?<=[{CJK}])\s+(?=[{CJK}])", "", name.strip())
    name = re.sub(r"^(?:本)?(?:报告|年报|年度报告)?由", "", name)
    name = re.sub(r"^(?:关于|根据|按照|现将|本年度|本年|年度|本|由|在)", "", name)
    name = re.sub(r"[-—]+.*$", "", name)
    name = re.sub(r"[(（][^)）]*(?:[)）]|$)", "", name)
    # 温州市教育局办公室, 连南县公安局指挥中心办公室, 练市镇人民政府党政办公室: an office inside the
    # agency; keep the agency (but 人民政府办公室 is an agency of its own).
    name = re.sub(rf"(?<=[局委厅])[{CJK}]{{0,6}}办公室$|(?<=人民政府)[{CJK}]{{1,6}}办公室$", "", name)
    # The formal head: an agency's name spells 人民政府 (小榄镇政府办公室 is 小榄镇人民政府办公室).
    name = re.sub(r"(?<!人民)政府(?=办公室$|办公厅$|$)", "人民政府", name)
    # A street office signs with its street (立新街 for 立新街道), when the gazetteer knows the street.
    if name.endswith("街") and is_place(name + "道"):
        name += "道"
    # 宁波海关关区: a customs house's district is the customs house.
    return re.sub(r"(?<=海关)关区$", "", name)


def is_agency(name: str, *, strict: bool = True) -> bool:
    """Whether ``name`` reads as an agency: an organisation or a place that starts where a place, a
    superior body (国家税务总局…) or a bare unit (市教育局) starts, or a ministry (自然资源部). Never a
    sentence fragment (主动向市委, 化厅借助省文化厅, 党政办公室).

    >>> [is_agency(n) for n in ("绵阳市统计局", "主动向市委", "党政办公室", "自然资源部", "厦门海关", "市教育局", "国家统计局")]
    [True, False, False, True, True, True, True]
    """
    if not 2 <= len(name) <= 30 or "公开" in name:
        return False
    if _MINISTRY.fullmatch(name):
        return True
    if not re.search(f"{NAME_HEAD}$|{PLACE_UNIT}$|海关$", name):
        return False
    placed = place_at(name) if strict else PLACED.match(name)
    return bool(BARE_PREFIX.match(name) or _SUPERIOR.match(name) or placed)


def place_at(text: str) -> int:
    """The length of the place chain ``text`` starts with, each place one the gazetteer knows (广州 of
    厦门海关, 浦东新区 and 陆家嘴街道 of 浦东新区陆家嘴街道办事处); 0 when it starts with no place."""
    at = 0
    while (found := read_place(text[at:])) and _known(text[at : at + found[2]], *found[:2]):
        at += found[2]
    return at


def _known(place: str, core: str, unit: str) -> bool:
    # A development zone is named after its city (合肥高新技术产业开发区): the city is the known place.
    zone = unit in ZONE_UNITS and any(is_place(core[:size]) for size in range(2, len(core)))
    return is_place(place) or is_place(core) or zone

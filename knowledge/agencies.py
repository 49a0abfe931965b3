"""Agency names read by one grammar: [superior body] + place chain + head [+ branch].

The places come from the gazetteer (``knowledge.places``), units and head units from
``knowledge.grammar``; ``data/orgs.tsv`` holds the standard short forms that are not abbreviations by
rule (房管局 for 住房保障和房屋管理局). Stored agencies are parsed here; a question's mentions are matched
against them in ``knowledge.matching``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from knowledge.grammar import BARE_UNITS, CJK, NAME_HEAD, ZONE_UNITS, split_place
from knowledge.places import COUNTY, gazetteer, is_place

# A branch names its district inside the organisation: 上海市公安局徐汇分局, 宁波市公安局海曙区分局,
# 宁波市生态环境局北仑分局, 安庆市公安迎江分局. The branch is the parent's organisation as a 分局 of
# that district (公安分局, 生态环境分局).
_INNER_PLACE = re.compile(rf"^([{CJK}]{{2,8}}?)局([{CJK}]{{2,4}}?)(区|县|市)?分局$|^(公安)([{CJK}]{{2,3}})()分局$")
# A national body heads the bodies named after it in each place (国家税务总局佛山市税务局): the superior
# body is said or left out, and the place and head are what name the agency.
_SUPERIOR = re.compile(rf"^国家[{CJK}]{{2,8}}?(?:总局|局|署)")
# A national body with no superior (国家统计局, 国家粮食和物资储备局): 国家 is its place, 国家粮储局 its short form.
NATIONAL = "国家"


@dataclass(frozen=True, slots=True)
class Agency:
    """An agency name taken apart: 淄博市张店区教育局 -> places (淄博市, 张店区), org 教育局."""

    name: str
    places: tuple[str, ...]
    cores: tuple[str, ...]  # places without their unit: 淄博, 张店
    org: str
    units: tuple[str, ...] = ()  # the unit of each core: 市, 区

    def spoken(self, core: str) -> tuple[str, ...]:
        """How people say a place: 内蒙古 is also 内蒙; a zone named after its city (长沙岳麓) by its own name."""
        unit = self.units[self.cores.index(core)] if core in self.cores and len(self.units) == len(self.cores) else ""
        if len(core) == 3 and self.name.startswith(core) and "自治区" in self.name:
            return core, core[:2]
        if unit in ZONE_UNITS and len(core) >= 4:
            return core, core[-2:]
        return (core,)


def parse_agency(name: str) -> Agency:
    """Split an agency name into its places and its organisation: [superior body] + place chain + head
    [+ branch]. Places are read by the grammar's units and, where a name says a place without its unit
    (厦门海关, 湘西州卫生健康委), by the gazetteer.

    >>> parse_agency("芜湖市住房和城乡建设局")
    Agency(name='芜湖市住房和城乡建设局', places=('芜湖市',), cores=('芜湖',), org='住房和城乡建设局', units=('市',))
    >>> parse_agency("内蒙古自治区民政厅").cores, parse_agency("上海市公安局徐汇分局").cores
    (('内蒙古',), ('上海', '徐汇'))
    >>> parse_agency("长沙岳麓高新技术产业开发区教育局").units, parse_agency("赣州市和平街道办事处").org
    (('高新技术产业开发区',), '办事处')
    >>> [(a.cores, a.org) for a in map(parse_agency, ("国家税务总局佛山市税务局", "宁波市生态环境局北仑分局"))]
    [(('佛山',), '税务局'), (('宁波', '北仑'), '生态环境分局')]
    >>> [(a.cores, a.org) for a in map(parse_agency, ("厦门海关", "湘西州卫生健康委", "国家统计局", "自然资源部"))]
    [(('厦门',), '海关'), (('湘西',), '卫生健康委'), (('国家',), '统计局'), ((), '自然资源部')]
    >>> parse_agency("浦东新区陆家嘴街道办事处").cores
    ('浦东', '陆家嘴')
    """
    places: list[str] = []
    cores: list[str] = []
    units: list[str] = []
    rest = name
    superior = _SUPERIOR.match(rest)
    if superior and read_place(rest[superior.end() :]):
        rest = rest[superior.end() :]
    elif rest.startswith(NATIONAL) and len(rest) > len(NATIONAL) + 1:
        places.append(NATIONAL)
        cores.append(NATIONAL)
        units.append("")
        rest = rest[len(NATIONAL) :]
    while found := read_place(rest):
        core, unit, size = found
        places.append(rest[:size])
        rest = rest[size:]
        if len(core) >= 2:
            cores.append(core)
            units.append(unit)
        elif core and unit in BARE_UNITS:  # 沛县, 蠡县: one character is said with its unit
            cores.append(core + unit)
            units.append("")
    inner = _INNER_PLACE.match(rest)
    if inner and cores:
        parent, district, unit = inner.groups()[:3] if inner[1] else inner.groups()[3:]
        cores.append(district)
        units.append(unit or "分局")
        rest = parent + "分局"
    # 包头市青山区 (a place alone) is that place's government.
    return Agency(name, tuple(places), tuple(cores), rest or "人民政府", tuple(units))


def read_place(text: str) -> tuple[str, str, int] | None:
    """The place ``text`` starts with as (core, unit, length): by its unit (芜湖市), else as the
    gazetteer writes a province, city or county without one (厦门海关, 湘西州…); a known organisation
    word is never read as a place (公安局 is not 公安县's bureau)."""
    if _org_start().match(text):
        return None  # 公安局…, 教育局…: an organisation, though 公安 and 教育 are places too
    found = split_place(text)
    if found:
        core, unit, size = found
        known = gazetteer().lookup(text[:size])
        short = next((p.short for p in known if p.level <= COUNTY and 2 <= len(p.short) < size), "")
        if short and short != core and text[:size].startswith(short):
            return short, text[len(short) : size], size  # 滨海新区: the place is 滨海, said with 新区
        return found
    for said, places in gazetteer().prefix(text):
        rest = text[len(said) :]
        if not rest or not any(p.level <= COUNTY for p in places) or _org_word(rest) is None:
            continue
        short = next((p.short for p in places if p.level <= COUNTY and p.short and said.startswith(p.short)), said)
        return short, said[len(short) :], len(said)
    return None


@cache
def _org_start() -> re.Pattern[str]:
    """Matches a text that starts with a known organisation's name or short form (two characters or more)."""
    forms = sorted((form for form in OrgTable.load().forms if len(form) >= 2), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, forms)))


def _org_word(text: str) -> str | None:
    """``text`` when it reads as an organisation (ends with a head unit, or is a customs house), else None."""
    return text if re.search(f"(?:{NAME_HEAD}|海关|部)$", text) and not is_place(text) else None


class OrgTable:
    """The organisation short forms of ``data/orgs.tsv``: 房管局 -> 住房保障和房屋管理局."""

    def __init__(self, rows: list[list[str]]) -> None:
        self.canonical: dict[str, str] = {}
        for row in rows:
            for form in row:
                self.canonical.setdefault(form, row[0])
        self.forms = sorted(self.canonical, key=len, reverse=True)

    @classmethod
    def load(cls) -> OrgTable:
        text = resources.files("knowledge").joinpath("data/orgs.tsv").read_text(encoding="utf-8")
        rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
        return cls([[name, *forms.split()] for name, forms, _why in rows[1:]])  # the first row names the columns

    def key(self, org: str) -> str:
        """The canonical organisation for a name or short form (the name itself if unknown)."""
        return self.canonical.get(org, org)

    def forms_of(self, org: str) -> list[str]:
        """Every way the table writes ``org`` (``org`` itself included), longest first."""
        own = self.key(org)
        return sorted({f for f in self.forms if self.key(f) == own} | {org}, key=len, reverse=True)

    def org_of(self, name: str) -> str:
        """The known organisation a name ends with (教育局 of 杭州市教育局), or ""."""
        return next((f for f in self.forms if name.endswith(f)), "")

"""Agency names: split into places + organisation, and find which known agency a question names.

The places, units and head units come from ``knowledge.grammar``; ``data/orgs.tsv`` holds the standard
short forms that are not abbreviations by rule (房管局 for 住房保障和房屋管理局). What is kept here is
how a question says an agency: the score of each way of naming it, offices inside an agency, grammar.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple, Protocol

from rapidfuzz.distance import Levenshtein

from knowledge.grammar import (
    ADMIN_UNIT,
    BARE_UNITS,
    CJK,
    GOVERNMENT_ORGS,
    NAME_HEAD,
    PLACE_UNITS,
    SPOKEN_ORG,
    ZONE_SHORT,
    ZONE_UNITS,
    head_of,
    is_abbreviation,
    next_head,
    said_without_head,
    split_place,
)
from knowledge.places import COUNTY, gazetteer, is_place

# A branch names its district inside the organisation: 上海市公安局黄浦分局, 温州市公安局鹿城区分局,
# 杭州市生态环境局钱塘分局, 池州市公安贵池分局. The branch is the parent's organisation as a 分局 of
# that district (公安分局, 生态环境分局).
_INNER_PLACE = re.compile(rf"^([{CJK}]{{2,8}}?)局([{CJK}]{{2,4}}?)(区|县|市)?分局$|^(公安)([{CJK}]{{2,3}})()分局$")
# A national body heads the bodies named after it in each place (国家税务总局东莞市税务局): the superior
# body is said or left out, and the place and head are what name the agency.
_SUPERIOR = re.compile(rf"^国家[{CJK}]{{2,8}}?(?:总局|局|署)")
# A national body with no superior (国家林业和草原局, 国家统计局): 国家 is its place, 国家林草局 its short form.
NATIONAL = "国家"
_LEVEL_WORD = re.compile(rf"({ADMIN_UNIT})$")
# A unit as a question may write it after a place: the grammar's units and the zone short forms (岳麓高新).
_SAID_UNITS = tuple(sorted(set(PLACE_UNITS) | set(ZONE_SHORT), key=len, reverse=True))
# Characters of a question's grammar that never stand in an organisation's name.
_GRAMMAR = re.compile(r"[了的是在有要哪吗呢什么啥几多少]")
# An office inside an agency (政务公开办公室, 信息中心, 综合科), not an organisation of its own.
_OFFICE = re.compile(r"公开|办公室|办$|中心$|科$|股$")
# How much each part of a match counts: an organisation said as the report says it (or by a standard
# short form) beats one abbreviated by rule, which beats a typo; a place's unit said differently costs.
# Another known organisation said where this one's should be counts least: it may be an older or a
# spoken name of the same body, but an agency of that very name wins.
PLACE_SCORE, OWN_ORG, ABBREVIATED_ORG, MISTYPED_ORG, WITHOUT_HEAD, OTHER_ORG = 2.0, 10.0, 9.0, 8.0, 7.0, 5.0
GOVERNMENT, OTHER_UNIT = 1.0, 1.0


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
    (广州海关, 甘南州卫生健康委), by the gazetteer.

    >>> parse_agency("宣城市住房和城乡建设局")
    Agency(name='宣城市住房和城乡建设局', places=('宣城市',), cores=('宣城',), org='住房和城乡建设局', units=('市',))
    >>> parse_agency("内蒙古自治区卫生健康委员会").cores, parse_agency("上海市公安局黄浦分局").cores
    (('内蒙古',), ('上海', '黄浦'))
    >>> parse_agency("长沙岳麓高新技术产业开发区教育局").units, parse_agency("赣州市和平街道办事处").org
    (('高新技术产业开发区',), '办事处')
    >>> [(a.cores, a.org) for a in map(parse_agency, ("国家税务总局东莞市税务局", "杭州市生态环境局钱塘分局"))]
    [(('东莞',), '税务局'), (('杭州', '钱塘'), '生态环境分局')]
    >>> [(a.cores, a.org) for a in map(parse_agency, ("广州海关", "甘南州卫生健康委", "国家林业和草原局", "财政部"))]
    [(('广州',), '海关'), (('甘南',), '卫生健康委'), (('国家',), '林业和草原局'), ((), '财政部')]
    >>> parse_agency("滨海新区海滨街道办事处").cores
    ('滨海', '海滨')
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
    # 包头市东河区 (a place alone) is that place's government.
    return Agency(name, tuple(places), tuple(cores), rest or "人民政府", tuple(units))


def read_place(text: str) -> tuple[str, str, int] | None:
    """The place ``text`` starts with as (core, unit, length): by its unit (宣城市), else as the
    gazetteer writes a province, city or county without one (广州海关, 甘南州…); a known organisation
    word is never read as a place (公安局 is not 公安县's bureau)."""
    if _org_start().match(text):
        return None  # 公安局…, 教育局…: an organisation, though 公安 and 教育 are places too
    found = split_place(text)
    if found:
        core, unit, size = found
        said = gazetteer().lookup(text[:size])
        short = next((p.short for p in said if p.level <= COUNTY and 2 <= len(p.short) < size), "")
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


@dataclass(frozen=True, slots=True)
class AgencyMatch:
    agency: Agency
    score: float
    span: tuple[int, int]  # where the question names it, to strip it before keyword matching
    assumed: bool = False  # the question's name is not the agency's, but an abbreviation or a typo of it
    place_only: bool = False  # only its place is said (静安, for any of 静安's bodies), no organisation


class NameSource(Protocol):
    """Where an index finds known agencies by how a question says them: in memory, or the knowledge
    base's stored name forms (``knowledge.kb``), which cost the same to ask at 50,000 agencies as at 50."""

    lengths: list[int]  # the lengths of the place forms, longest first

    def said(self, forms: list[str]) -> list[Agency]: ...  # agencies whose deepest place is said so
    def sounded(self, sounds: list[str]) -> list[Agency]: ...  # … or sounds so (pinyin, space-joined)
    def placeless(self) -> list[Agency]: ...
    def of_org(self, key: str) -> list[Agency]: ...


class AgencyList:
    """A NameSource over agencies held in memory."""

    def __init__(self, agencies: list[Agency], orgs: OrgTable) -> None:
        self.by_place: dict[str, list[Agency]] = {}
        self.by_org: dict[str, list[Agency]] = {}
        self._placeless: list[Agency] = []
        for agency in agencies:
            for said in place_forms(agency):
                self.by_place.setdefault(said, []).append(agency)
            if not agency.cores:
                self._placeless.append(agency)
            self.by_org.setdefault(orgs.key(agency.org), []).append(agency)
        self.lengths = sorted({len(k) for k in self.by_place}, reverse=True)
        self._by_sound: dict[str, list[Agency]] | None = None

    def said(self, forms: list[str]) -> list[Agency]:
        return [agency for form in forms for agency in self.by_place.get(form, ())]

    def sounded(self, sounds: list[str]) -> list[Agency]:
        if self._by_sound is None:
            self._by_sound = {}
            for said, agencies in self.by_place.items():
                self._by_sound.setdefault(sound(said), []).extend(agencies)
        return [agency for key in sounds for agency in self._by_sound.get(key, ())]

    def placeless(self) -> list[Agency]:
        return self._placeless

    def of_org(self, key: str) -> list[Agency]:
        return self.by_org.get(key, [])


def place_forms(agency: Agency) -> tuple[str, ...]:
    """How a question may say ``agency``'s deepest place (张店 and 张店区 of 张店区教育局); () without one."""
    return agency.spoken(agency.cores[-1]) if agency.cores else ()


def sound(text: str) -> str:
    """The pinyin of ``text``, a syllable per character, space-joined: what a homophone typo keeps.

    pypinyin is loaded when first needed, not at start-up, and without its phrase dictionary: one
    character at a time never reads it, and it is 55 MB.

    >>> sound("黄浦") == sound("黄埔"), sound("泉州")
    (True, 'quan zhou')
    """
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(ch)[0] if re.match(f"[{CJK}]", ch) else ch for ch in text)


class AgencyIndex:
    """Known agencies, found by how a question can name them, so matching does not scan them all."""

    def __init__(self, agencies: list[Agency] | NameSource, orgs: OrgTable) -> None:
        self.orgs = orgs
        self.names: NameSource = AgencyList(agencies, orgs) if isinstance(agencies, list) else agencies

    def match(self, question: str) -> list[AgencyMatch]:
        """Return the known agencies the question names, best first (ties all kept).

        A place must match (张店 names 张店区, with or without its unit); the deepest place of the agency
        must be named, so a city bureau and its district bureau stay apart. The organisation may be a
        standard short form (卫健委), an abbreviation by rule (文旅局 for 文化和旅游局) or carry a
        one-character typo (教肓局); naming a different organisation rules it out.

        >>> index = AgencyIndex([parse_agency(n) for n in ("张店区教育局", "温州市教育局", "温州市公安局")], OrgTable.load())
        >>> [m.agency.name for m in index.match("张店教育局收到过申请吗")]
        ['张店区教育局']
        >>> [(m.agency.name, m.assumed) for m in index.match("温州市公按局电话")]
        [('温州市公安局', True)]
        >>> index.match("杭州市教育局2018年")
        []
        """
        windows = [question[i : i + size] for size in self.names.lengths for i in range(len(question) - size + 1)]
        seen = {agency.name: agency for agency in self.names.said(windows) + self.names.placeless()}
        matches = [m for a in seen.values() if (m := _match_one(question, a, self.orgs))]
        if not matches:
            matches = self._match_homophone(question)
        if not matches:
            matches = self._match_org_only(question)
        if not matches:
            return []
        best = max(m.score for m in matches)
        kept = [m for m in matches if m.score == best]
        # 重庆市沙坪坝区人民政府办公室 names the office, not also the government its name starts with.
        return [m for m in kept if not any(_inside(m.span, other.span) for other in kept)]

    def _match_homophone(self, question: str) -> list[AgencyMatch]:
        """黄埔区 for 黄浦区, 泉洲 for 泉州: one character typed as another that sounds the same.

        Only the place may differ, by one character of identical pinyin; the organisation must
        still fit.
        """
        sounds = sound(question).split(" ") if question else []
        if len(sounds) != len(question):
            return []
        windows = {
            (i, size): " ".join(sounds[i : i + size])
            for size in self.names.lengths
            for i in range(len(question) - size + 1)
        }
        heard = self.names.sounded(list(set(windows.values())))
        matches: list[AgencyMatch] = []
        for (i, size), key in windows.items():
            typed = question[i : i + size]
            for agency in heard:
                for said in place_forms(agency):
                    if len(said) != size or sound(said) != key:
                        continue
                    if sum(a != b for a, b in zip(said, typed, strict=True)) == 1:
                        fixed = question[:i] + said + question[i + size :]
                        if found := _match_one(fixed, agency, self.orgs):
                            matches.append(AgencyMatch(found.agency, found.score, found.span, assumed=True))
        return matches

    def _match_org_only(self, question: str) -> list[AgencyMatch]:
        # "自治区卫健委…": no place named, but the organisation (and a level word) fit.
        for form in self.orgs.forms:
            pos = question.find(form)
            if len(form) < 3 or pos < 0:
                continue
            level = _LEVEL_WORD.search(question[:pos])
            before = question[: pos - len(level[1])] if level else question[:pos]
            if re.search(rf"[{CJK}]{{2}}$", before) and not re.search(r"(?:请问|问下|一下|那个|这个|想问)$", before):
                return []  # 杭州市教育局: another place is named, not just the organisation
            agencies = self.names.of_org(self.orgs.key(form))
            # Those at the level named (自治区…) outrank the rest, which are then not returned at all.
            if level and (leveled := [a for a in agencies if a.places and a.places[-1].endswith(level[1])]):
                return [AgencyMatch(a, 3.0, (pos - len(level[1]), pos + len(form))) for a in leveled]
            return [AgencyMatch(a, 0.5, (pos, pos + len(form))) for a in agencies]
        return []


# The bodies that govern a place, named by the place alone (海滨街 for 海滨街道办事处, 南宁经开区 for its
# 管理委员会, 东河区 for its 人民政府).
PLACE_BODIES = GOVERNMENT_ORGS | {"办事处", "街道办事处", "管理委员会", "管委会"}


def _inside(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return other[0] <= span[0] and span[1] <= other[1] and span != other


def _match_one(question: str, agency: Agency, orgs: OrgTable) -> AgencyMatch | None:
    if (at := question.find(agency.name)) >= 0:  # named in full, as its report names it
        return AgencyMatch(agency, PLACE_SCORE * max(1, len(agency.cores)) + OWN_ORG, (at, at + len(agency.name)))
    if not agency.cores:
        return _match_placeless(question, agency, orgs)
    place_hits = []
    for core in agency.cores:
        forms = agency.spoken(core)
        said = next((s for s in forms if s in question), None)
        if said is not None:
            place_hits.append((question.find(said), said, core))
    deepest = agency.cores[-1]
    if not any(core == deepest for _, _, core in place_hits):
        return None
    start = min(pos for pos, _, _ in place_hits)
    end = max(pos + len(said) for pos, said, _ in place_hits)
    score = PLACE_SCORE * len(place_hits)
    own_unit = agency.units[-1] if agency.units else ""
    # Its own unit, or that unit's plain last character (延边州 for 延边朝鲜族自治州), else any said there.
    said_own = next((u for u in (own_unit, own_unit[-1:]) if u and question.startswith(u, end)), "")
    unit = said_own or _said_unit(question, end)
    if unit and question.startswith("的", end + len(unit)) and _find_org(question, end + len(unit) + 1, agency, orgs):
        unit += "的"  # 紫金县的自然资源局: a 的 between the place and its organisation
    org_found = _find_org(question, end + len(unit), agency, orgs) if unit else None
    if not org_found:  # 金华市场监管局: the 市 belongs to 市场, not to 金华
        org_found = _find_org(question, end, agency, orgs)
        if org_found:
            unit = ""
    if org_found is False:
        return None
    if unit and not _same_unit(unit, agency.units[-1] if agency.units else ""):
        score -= OTHER_UNIT  # 和平区… is not 和平街道 (but 晋宁区 may be a renamed 晋宁县)
    end += len(unit)
    assumed = False
    if org_found:
        end = max(end, org_found.end)
        score += org_found.score
        assumed = org_found.score < OWN_ORG and org_found.score > 0
    if not (org_found and org_found.score) and agency.org in GOVERNMENT_ORGS:
        # "东河区2022年…" asks about the district, i.e. its government; its office only when it has no other
        score += GOVERNMENT if agency.org != "人民政府办公室" else GOVERNMENT / 2
    place_only = not (org_found and org_found.score) and agency.org not in PLACE_BODIES
    return AgencyMatch(agency, score, (min(start, end), end), assumed, place_only)


def _said_unit(question: str, at: int) -> str:
    """The place unit a question writes at ``at`` (市, 区, 高新区, 高新), or ""."""
    return next((u for u in _SAID_UNITS if question.startswith(u, at)), "")


def _same_unit(said: str, own: str) -> bool:
    if said == own:
        return True
    return own in ZONE_SHORT.get(said, ()) or (said in ZONE_UNITS and own in ZONE_UNITS)


def _match_placeless(question: str, agency: Agency, orgs: OrgTable) -> AgencyMatch | None:
    """An agency whose report names no place (市人力资源社会保障局): matched, weakly, by its organisation."""
    bare = re.sub(f"^[{BARE_UNITS}]", "", agency.org)
    for form in orgs.forms_of(bare):
        pos = question.find(form)
        if len(form) >= 3 and pos >= 0:
            return AgencyMatch(agency, 1.0, (pos, pos + len(form)))
    return None


class _OrgWord(NamedTuple):
    score: float  # OWN_ORG, ABBREVIATED_ORG, MISTYPED_ORG or WITHOUT_HEAD; 0 for an office inside the agency
    end: int  # where the word ends in the question


def _find_org(question: str, at: int, agency: Agency, orgs: OrgTable) -> _OrgWord | bool | None:
    """What the question says right after the agency's place, at position ``at``.

    Returns the organisation word found, None when there is none, False when it names another one.
    """
    tail = question[at:]
    forms = orgs.forms_of(agency.org)
    if other := _other_org(tail, agency, orgs):
        # 区政府办 names the government's office first, the government only when it has no office here;
        # 晋宁区教育体育局 may be the 晋宁县教育局 of an older report.
        return _OrgWord(OTHER_ORG, at + len(other))
    for form in forms:
        if form and tail.startswith(form):
            if len(form) <= 2 and form[-1] not in "局委厅办" and re.match(rf"[{CJK}]", tail[len(form) :]):
                # 晋宁区教育体育局 (the report's title says 晋宁县教育局): the whole organisation word goes;
                # 柳州教育网: the organisation is meant, but 教育网 stays a keyword.
                longer = SPOKEN_ORG.match(tail)
                return _OrgWord(OWN_ORG, at + len(longer.group()) if longer else at)
            return _OrgWord(OWN_ORG, at + len(form))
    spoken = SPOKEN_ORG.match(tail)
    if not spoken or _GRAMMAR.search(spoken.group()):
        # 温州要建成怎样的政府: a clause of the question, not an organisation's name; but 温州民政2021年 and
        # 宁波文旅的公众号 say their organisation without its head unit.
        run = re.match(rf"[{CJK}]{{2,8}}", tail)
        for size in range(len(run.group()) if run else 0, 1, -1):
            if any(said_without_head(tail[:size], form) for form in forms):
                return _OrgWord(WITHOUT_HEAD, at + size)
        return None
    word = _whole_head(tail, spoken.group())
    if any(is_abbreviation(word, form) for form in forms):
        return _OrgWord(ABBREVIATED_ORG, at + len(word))
    for form in forms:
        if len(form) >= 3 and len(word) == len(form) and Levenshtein.distance(word, form) <= 1:
            return _OrgWord(MISTYPED_ORG, at + len(word))
    if word in orgs.canonical:  # a known organisation, but not this one
        return False
    if word == next_head(agency.org) == "分局" or any(_said_from_middle(word, form) for form in forms):
        # 钱塘分局: a branch by its head alone; 钱塘环境分局: the organisation without its first word
        return _OrgWord(ABBREVIATED_ORG - 1, at + len(word))
    if _OFFICE.search(word):
        return _OrgWord(0.0, at + len(word))  # 政务公开办公室, 信息中心: an office inside the agency
    return False


def _other_org(tail: str, agency: Agency, orgs: OrgTable) -> str:
    """The known organisation ``tail`` starts with when it is not ``agency``'s nor shortens it, or ""."""
    other = next((form for form in orgs.forms if tail.startswith(form)), "")
    same = not other or orgs.key(other) == orgs.key(agency.org) or is_abbreviation(other, agency.org)
    return "" if same or not _related(orgs.key(other), orgs.key(agency.org)) else other


def _related(one: str, other: str) -> bool:
    """Whether two organisations share a two-character word, as a body and its renamed or spoken self do
    (教育体育局 and 教育局, 人民政府办公室 and 人民政府), and unrelated bodies do not (教育局, 文化和旅游局).

    >>> _related("教育体育局", "教育局"), _related("人民政府办公室", "人民政府"), _related("教育局", "文化和旅游局")
    (True, True, False)
    """
    return any(one[i : i + 2] in other for i in range(len(one) - 1) if not head_of(one[i : i + 2]))


def _said_from_middle(word: str, full: str) -> bool:
    """Whether ``word`` is ``full`` without its first words, two characters or more before the head:
    环境分局 for 生态环境分局 (but not 育局 for 教育局).

    >>> _said_from_middle("环境分局", "生态环境分局"), _said_from_middle("育局", "教育局")
    (True, False)
    """
    head = next_head(full)
    return bool(head) and word != full and full.endswith(word) and len(word) - len(head) >= 2


def _whole_head(tail: str, word: str) -> str:
    """``word`` with its head unit read whole: 发展和改革委 followed by 员会 is 发展和改革委员会."""
    head = head_of(word)
    if not head:
        return word
    for longer in ("委员会", "办公室", "办事处"):
        stem = len(word) - 1
        if longer[0] == word[-1] and tail.startswith(longer, stem):
            return tail[: stem + len(longer)]
    return word

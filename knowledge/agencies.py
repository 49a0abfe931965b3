"""Agency names: split into places + organisation, and find which known agency a question names."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

_CJK = r"\u4e00-\u9fff"
_UNIT = r"(?:自治区|自治州|自治县|省|市|区|县|旗|镇|乡|街道)"
# A place: a few characters, then an administrative unit. 城乡/城市 are words, not places.
_PLACE = re.compile(rf"[{_CJK}]{{1,7}}?{_UNIT}")
# 住房和城乡…: a 和 inside the name joins two words (和平区, 中和镇 are places).
_NOT_PLACE = re.compile(r"^(?:城乡|城市|社区|市区|地区|辖区|园区|景区)$|.和.|城乡$")
_ETHNIC = re.compile(r"(?:壮族|回族|维吾尔|藏族|蒙古族)$")
# 上海市公安局黄浦分局 / 池州市公安贵池分局: the district sits inside the organisation name.
_INNER_PLACE = re.compile(rf"公安(?:局)?([{_CJK}]{{2,3}})分局$")
_ORG_END = re.compile(rf"[{_CJK}]{{0,7}}?(?:人民政府|政府|管委会|委员会|局|委|厅|办|院|署|中心)")
_LEVEL_WORD = re.compile(r"(自治区|省|市|区|县|镇)$")
GOVERNMENT_ORGS = frozenset({"", "人民政府", "人民政府办公室"})


@dataclass(frozen=True, slots=True)
class Agency:
    """An agency name taken apart: 淄博市张店区教育局 -> places (淄博市, 张店区), org 教育局."""

    name: str
    places: tuple[str, ...]
    cores: tuple[str, ...]  # places without their unit: 淄博, 张店
    org: str

    def spoken(self, core: str) -> tuple[str, ...]:
        """How people say a place: 内蒙古 is also 内蒙."""
        return (core, core[:2]) if len(core) == 3 and self.name.startswith(core) and "自治区" in self.name else (core,)


def parse_agency(name: str) -> Agency:
    """Split an agency name into its places and its organisation.

    >>> parse_agency("宣城市住房和城乡建设局")
    Agency(name='宣城市住房和城乡建设局', places=('宣城市',), cores=('宣城',), org='住房和城乡建设局')
    >>> parse_agency("内蒙古自治区卫生健康委员会").cores
    ('内蒙古',)
    >>> parse_agency("上海市公安局黄浦分局").cores
    ('上海', '黄浦')
    """
    places: list[str] = []
    rest = name
    while (match := _PLACE.match(rest)) and not _NOT_PLACE.search(match.group()):
        places.append(match.group())
        rest = rest[match.end() :]
    cores = [_core(p) for p in places]
    inner = _INNER_PLACE.search(rest)
    if inner:
        cores.append(inner[1])
        rest = "公安分局"
    # 包头市东河区 (a place alone) is that place's government.
    return Agency(name, tuple(places), tuple(c for c in cores if len(c) >= 2), rest or "人民政府")


def _core(place: str) -> str:
    core = re.sub(f"{_UNIT}$", "", place)
    return _ETHNIC.sub("", core) if len(core) > 2 else core


class OrgTable:
    """The organisation short forms of ``data/orgs.tsv``: 卫健委 -> 卫生健康委员会."""

    def __init__(self, rows: list[list[str]]) -> None:
        self.canonical: dict[str, str] = {}
        for row in rows:
            for form in row:
                self.canonical.setdefault(form, row[0])
        self.forms = sorted(self.canonical, key=len, reverse=True)

    @classmethod
    def load(cls) -> OrgTable:
        text = resources.files("knowledge").joinpath("data/orgs.tsv").read_text(encoding="utf-8")
        return cls([line.split("\t") for line in text.splitlines() if line and not line.startswith("#")])

    def key(self, org: str) -> str:
        """The canonical organisation for a name or short form (the name itself if unknown)."""
        return self.canonical.get(org, org)


@dataclass(frozen=True, slots=True)
class AgencyMatch:
    agency: Agency
    score: float
    span: tuple[int, int]  # where the question names it, to strip it before keyword matching


class AgencyIndex:
    """Known agencies, indexed by how a question can name them, so matching does not scan them all."""

    def __init__(self, agencies: list[Agency], orgs: OrgTable) -> None:
        self.orgs = orgs
        self.by_place: dict[str, list[Agency]] = {}
        self.by_org: dict[str, list[Agency]] = {}
        self.placeless: list[Agency] = []
        for agency in agencies:
            if agency.cores:
                for said in agency.spoken(agency.cores[-1]):
                    self.by_place.setdefault(said, []).append(agency)
            else:
                self.placeless.append(agency)
            self.by_org.setdefault(orgs.key(agency.org), []).append(agency)
        self.lengths = sorted({len(k) for k in self.by_place}, reverse=True)
        self._by_sound: dict[tuple[str, ...], list[Agency]] | None = None

    def match(self, question: str) -> list[AgencyMatch]:
        """Return the known agencies the question names, best first (ties all kept).

        A place must match exactly (张店 names 张店区); the deepest place of the agency must be named,
        so a city bureau and its district bureau stay apart. The organisation may be a short form
        (卫健委) or carry a one-character typo (教肓局); naming a different organisation rules it out.

        >>> index = AgencyIndex([parse_agency(n) for n in ("张店区教育局", "温州市教育局", "温州市公安局")], OrgTable.load())
        >>> [m.agency.name for m in index.match("张店教育局收到过申请吗")]
        ['张店区教育局']
        >>> [m.agency.name for m in index.match("温州市公按局电话")]
        ['温州市公安局']
        >>> index.match("杭州市教育局2018年")
        []
        """
        seen: dict[str, Agency] = {}
        for size in self.lengths:
            for i in range(len(question) - size + 1):
                for agency in self.by_place.get(question[i : i + size], ()):
                    seen[agency.name] = agency
        matches = [m for a in list(seen.values()) + self.placeless if (m := _match_one(question, a, self.orgs))]
        if not matches:
            matches = self._match_homophone(question)
        if not matches:
            matches = self._match_org_only(question)
        if not matches:
            return []
        best = max(m.score for m in matches)
        return [m for m in matches if m.score == best]

    def _match_homophone(self, question: str) -> list[AgencyMatch]:
        """黄埔区 for 黄浦区, 泉洲 for 泉州: one character typed as another that sounds the same.

        Only the place may differ, by one character of identical pinyin; the organisation must
        still fit. pypinyin is loaded on the first question that needs it, not at start-up, and
        without its phrase dictionary: one character at a time never reads it, and it is 55 MB.
        """
        os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
        os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
        from pypinyin import lazy_pinyin

        if self._by_sound is None:
            self._by_sound = {}
            for said, agencies in self.by_place.items():
                self._by_sound.setdefault(_sound(said, lazy_pinyin), []).extend(agencies)
        sounds = [lazy_pinyin(ch)[0] if _is_cjk(ch) else ch for ch in question]
        matches: list[AgencyMatch] = []
        for size in self.lengths:
            for i in range(len(question) - size + 1):
                typed = question[i : i + size]
                for agency in self._by_sound.get(tuple(sounds[i : i + size]), ()):
                    for said in agency.spoken(agency.cores[-1]):
                        if len(said) == size and sum(a != b for a, b in zip(said, typed, strict=True)) == 1:
                            fixed = question[:i] + said + question[i + size :]
                            if found := _match_one(fixed, agency, self.orgs):
                                matches.append(found)
        return matches

    def _match_org_only(self, question: str) -> list[AgencyMatch]:
        # "自治区卫健委…": no place named, but the organisation (and a level word) fit.
        for form in self.orgs.forms:
            pos = question.find(form)
            if len(form) < 3 or pos < 0:
                continue
            level = _LEVEL_WORD.search(question[:pos])
            before = question[: pos - len(level[1])] if level else question[:pos]
            if re.search(rf"[{_CJK}]{{2}}$", before) and not re.search(r"(?:请问|问下|一下|那个|这个|想问)$", before):
                return []  # 杭州市教育局: another place is named, not just the organisation
            agencies = self.by_org.get(self.orgs.key(form), ())
            # Those at the level named (自治区…) outrank the rest, which are then not returned at all.
            if level and (leveled := [a for a in agencies if a.places and a.places[-1].endswith(level[1])]):
                return [AgencyMatch(a, 3.0, (pos - len(level[1]), pos + len(form))) for a in leveled]
            return [AgencyMatch(a, 0.5, (pos, pos + len(form))) for a in agencies]
        return []


def _match_one(question: str, agency: Agency, orgs: OrgTable) -> AgencyMatch | None:
    place_hits = [
        (question.find(said), said, core)
        for core in agency.cores
        for said in agency.spoken(core)[:1]
        + tuple(a for a in agency.spoken(core)[1:] if agency.spoken(core)[0] not in question)
        if said in question
    ]
    start, end = len(question), 0
    score = 0.0
    if agency.cores:
        deepest = agency.cores[-1]
        if not any(core == deepest for _, _, core in place_hits):
            return None
        for pos, said, _ in place_hits:
            start, end = min(start, pos), max(end, pos + len(said))
            score += 2
        unit = re.match(_UNIT, question[end:])
        org_found = _find_org(question, end + len(unit.group()), agency, orgs) if unit else None
        if not org_found:  # 金华市场监管局: the 市 belongs to 市场, not to 金华
            org_found = _find_org(question, end, agency, orgs)
        if unit and org_found is None:
            end += len(unit.group())
    else:
        return _match_placeless(question, agency, orgs)
    if org_found is False:
        return None
    if org_found:
        end = max(end, org_found.end)
    if org_found and org_found.own:
        score += 10
    elif agency.org in GOVERNMENT_ORGS:
        score += 1  # "东河区2022年…" asks about the district, i.e. its government
    return AgencyMatch(agency, score, (min(start, end), end))


def _match_placeless(question: str, agency: Agency, orgs: OrgTable) -> AgencyMatch | None:
    """An agency whose report names no place (市人力资源社会保障局): matched, weakly, by its organisation."""
    bare = re.sub(r"^[省市区县镇乡]", "", agency.org)
    own = orgs.key(bare)
    for form in sorted({f for f in orgs.forms if orgs.key(f) == own} | {bare}, key=len, reverse=True):
        pos = question.find(form)
        if len(form) >= 3 and pos >= 0:
            return AgencyMatch(agency, 1.0, (pos, pos + len(form)))
    return None


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _sound(text: str, lazy_pinyin) -> tuple[str, ...]:  # noqa: ANN001 - pypinyin's function
    return tuple(lazy_pinyin(ch)[0] for ch in text)


class _OrgWord(NamedTuple):
    own: bool  # the agency's own organisation (False: an office inside it, 政务公开办)
    end: int  # where the word ends in the question


def _find_org(question: str, at: int, agency: Agency, orgs: OrgTable) -> _OrgWord | bool | None:
    """What the question says right after the agency's place, at position ``at``.

    Returns the organisation word found, None when there is none, False when it names another one.
    """
    tail = question[at:]
    own = orgs.key(agency.org)
    forms = [f for f in orgs.forms if orgs.key(f) == own] + [agency.org]
    for form in sorted(forms, key=len, reverse=True):
        if form and tail.startswith(form):
            if len(form) <= 2 and form[-1] not in "局委厅办" and re.match(rf"[{_CJK}]", tail[len(form) :]):
                # 晋宁区教育体育局 (the report's title says 晋宁县教育局): the whole organisation word goes;
                # 柳州教育网: the organisation is meant, but 教育网 stays a keyword.
                longer = _ORG_END.match(tail)
                return _OrgWord(True, at + len(longer.group()) if longer else at)
            return _OrgWord(True, at + len(form))
    spoken = _ORG_END.match(tail)
    if not spoken:
        return None
    word = spoken.group()
    if word in orgs.canonical:  # a known organisation, but not this one
        return False
    if "公开" in word or "办公室" in word or word.endswith("办"):
        return _OrgWord(False, at + len(word))  # 政务公开办公室: an office inside the agency
    for form in forms:
        if len(form) >= 3 and len(word) == len(form) and Levenshtein.distance(word, form) <= 1:
            return _OrgWord(True, at + len(word))
    return False

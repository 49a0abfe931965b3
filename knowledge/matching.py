"""Which known agency a question names: a place of the agency's said (张店 for 张店区), then what the
question says after it, scored by how it names the organisation (its own name, a standard short form,
an abbreviation by rule, a typo, no head, another related organisation).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from knowledge.agencies import Agency, OrgTable
from knowledge.grammar import (
    ADMIN_UNIT,
    BARE_UNITS,
    CJK,
    GOVERNMENT_ORGS,
    PLACE_UNITS,
    ZONE_SHORT,
    ZONE_UNITS,
)
from knowledge.index import AgencyList, NameSource, place_forms, sound
from knowledge.orgwords import OWN_ORG, find_org
from knowledge.places import is_place, is_within

_LEVEL_WORD = re.compile(rf"({ADMIN_UNIT})$")
# A unit as a question may write it after a place: the grammar's units and the zone short forms (岳麓高新).
_SAID_UNITS = tuple(sorted(set(PLACE_UNITS) | set(ZONE_SHORT), key=len, reverse=True))
# How much each part of a match counts besides its organisation word (knowledge/orgwords.py): each place
# said, and a government named by its place alone; a place's unit said differently costs.
PLACE_SCORE, GOVERNMENT, OTHER_UNIT = 2.0, 1.0, 1.0
_COORDINATED = re.compile(r"[和、及与跟]")  # 桂城街和罗村街道: two names sharing what is said before them


@dataclass(frozen=True, slots=True)
class AgencyMatch:
    agency: Agency
    score: float
    span: tuple[int, int]  # where the question names it, to strip it before keyword matching
    assumed: bool = False  # the question's name is not the agency's, but an abbreviation or a typo of it
    place_only: bool = False  # only its place is said (徐汇, for any of 徐汇's bodies), no organisation


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

        >>> from knowledge.agencies import parse_agency
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
        # 营口城东街道: a place named just before the agency's own and not above it names another agency.
        matches = [m for m in matches if not _foreign_place_before(question, m)]
        if not matches:
            matches = self._match_homophone(question)
        if not matches:
            matches = self._match_org_only(question)
        if not matches:
            return []
        best = max(m.score for m in matches)
        kept = [m for m in matches if m.score == best]
        # 重庆市九龙坡区人民政府办公室 names the office, not also the government its name starts with.
        return [m for m in kept if not any(_inside(m.span, other.span) for other in kept)]

    def _match_homophone(self, question: str) -> list[AgencyMatch]:
        """黄埔区 for 黄浦区, 泉洲 for 泉州: one character typed as another that sounds the same.

        Only the place may differ, by one character of identical pinyin, and only when the place typed is
        no known agency's; the organisation (or the place's unit) must still be said after it: two bare
        characters that sound like a place are most often a word (其中 said before 中X镇 is no typo of it).
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
                    # A place the knowledge base knows (苏州 beside 宿州) is meant as written: no typo.
                    if sum(a != b for a, b in zip(said, typed, strict=True)) == 1 and not self.names.said([typed]):
                        fixed = question[:i] + said + question[i + size :]
                        found = _match_one(fixed, agency, self.orgs)
                        if found and found.span[1] > i + size:
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


# The bodies that govern a place, named by the place alone (陆家嘴街 for 陆家嘴街道办事处, 南宁经开区 for its
# 管理委员会, 青山区 for its 人民政府).
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
    own_at = next((pos for pos, _, core in place_hits if core == deepest), None)
    if own_at is None:
        return None
    # A place above the agency's own is said before it (佛山市南海区, 佛山公安局南海分局); said after it, it
    # names another thing the question asks about (南海区执行的佛山市工作方案), not this agency.
    place_hits = [hit for hit in place_hits if hit[0] <= own_at]
    start = min(pos for pos, _, _ in place_hits)
    # 南海区桂城和大沥街道: a place above said once for two coordinated names is each one's, but this
    # mention starts at its own place (the other name lies between).
    above_end = max((pos + len(said) for pos, said, core in place_hits if core != deepest), default=own_at)
    if _COORDINATED.search(question, above_end, own_at):
        start = own_at
    end = max(pos + len(said) for pos, said, _ in place_hits)
    score = PLACE_SCORE * len(place_hits)
    own_unit = agency.units[-1] if agency.units else ""
    # Its own unit, or that unit's plain last character (延边州 for 延边朝鲜族自治州), or 街 for 街道 (立新街
    # is 立新街道 as people say it), else any said there.
    short = ("街",) if own_unit == "街道" else ()
    said_own = next((u for u in (own_unit, own_unit[-1:], *short) if u and question.startswith(u, end)), "")
    unit = said_own or _said_unit(question, end)
    if unit and question.startswith("的", end + len(unit)) and find_org(question, end + len(unit) + 1, agency, orgs):
        unit += "的"  # 紫金县的自然资源局: a 的 between the place and its organisation
    org_found = find_org(question, end + len(unit), agency, orgs) if unit else None
    if not org_found:  # 金华市场监管局: the 市 belongs to 市场, not to 金华
        org_found = find_org(question, end, agency, orgs)
        if org_found:
            unit = ""
    if org_found is False:
        return None
    if unit and not said_own and not _same_unit(unit, agency.units[-1] if agency.units else ""):
        score -= OTHER_UNIT  # 和平区… is not 和平街道 (but 呈贡区 may be a renamed 呈贡县)
    end += len(unit)
    assumed = False
    if org_found:
        end = max(end, org_found.end)
        score += org_found.score
        assumed = org_found.score < OWN_ORG and org_found.score > 0
    if not (org_found and org_found.score) and agency.org in GOVERNMENT_ORGS:
        # "青山区2022年…" asks about the district, i.e. its government; its office only when it has no other
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


LEAD_PLACE_CHARS = 7  # the longest place name looked for just before a mention (内蒙古自治区 and a unit)


def _foreign_place_before(question: str, match: AgencyMatch) -> bool:
    """Whether the question names a place just before ``match`` that is none of its agency's places nor
    above them (营口 before 城东街道 of 集安市城东街道办事处; not 通化, the city 集安 belongs to).

    >>> from knowledge.agencies import parse_agency
    >>> agency = parse_agency("集安市城东街道办事处")
    >>> [_foreign_place_before(q, AgencyMatch(agency, OWN_ORG, (2, 6))) for q in ("营口城东街道", "通化城东街道", "请问城东街道")]
    [True, False, False]
    """
    lead = question[max(0, match.span[0] - LEAD_PLACE_CHARS) : match.span[0]]
    written = next((lead[i:] for i in range(len(lead) - 1) if is_place(lead[i:])), None)
    return written is not None and not is_within(written, match.agency.places)


def of_the_place_before(
    piece: str, last: Agency, match: Callable[[str], list[AgencyMatch]], orgs: OrgTable
) -> list[AgencyMatch]:
    """The one agency ``piece`` names by its organisation alone, of the place the piece before named:
    徐汇区的税务局和公安分局, 九龙坡区2020年…？其中区政府办公室… ([] when none or several fit).
    The organisation may follow a bare unit (区政府办公室), which the place stands in for."""
    at = next((piece.find(form) for form in orgs.forms if len(form) >= 3 and form in piece), -1)
    if at < 0:
        return []
    start = at - 1 if at and piece[at - 1] in BARE_UNITS else at
    place = last.cores[-1] + (last.units[-1] if last.units else "")
    placed = piece[:start] + place + piece[at:]
    found = [m for m in match(placed) if not m.place_only]
    shift = len(place) - (at - start)  # made-up text -> piece
    return (
        [replace(m, span=(max(start, m.span[0] - shift), m.span[1] - shift)) for m in found][:1]
        if len(found) == 1
        else []
    )

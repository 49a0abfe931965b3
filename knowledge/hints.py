"""What to say about an agency a question names that the knowledge base does not know: the name as
written (厦门市思明区公安分局, whole) and the closest agencies it does know, to offer instead."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

from knowledge.agencies import Agency, OrgTable
from knowledge.grammar import ADMIN_UNIT, CJK, ORG_HEAD, PLACE_UNIT_CHARS
from knowledge.places import TOWN, gazetteer

HINT_ALL_NAMES = 5000  # the "closest agencies" hint scores all names only up to this many (~1.5 ms)
# What may precede an unknown agency's place in a question, and what never starts a place.
_PLACE_LIKE = rf"(?:(?![了的是在有和与及多少几公开信息什么哪个这那些])[{CJK}])"
_NAMED = re.compile(rf"{_PLACE_LIKE}{{2,8}}?{ORG_HEAD}")
# Places with their units, then an organisation: 厦门市思明区公安分局 (its 公安 is no place-like character).
_IN_PLACE = rf"(?:(?![了的是在有和与及多少几什么哪个这那些问请])[{CJK}])"
_NAMED_PLACED = re.compile(rf"(?:{_IN_PLACE}{{1,7}}?{ADMIN_UNIT}){{1,3}}[{CJK}]{{0,8}}?{ORG_HEAD}")
_PLACE_BEFORE = re.compile(rf"{_PLACE_LIKE}{{2,8}}$")
_ASKS_WHICH = re.compile(r"哪|什么|啥|任何|各个|所有")  # 哪个教育局… asks which agency, names none
# A town or street said after a place (营口城东街道, 荣成湖塘镇): the town's body is named, its unit
# standing for it (a street's office, a town's government), though no organisation word is said.
_TOWN_NAMED = re.compile(rf"{_IN_PLACE}{{3,12}}?(?:街道|镇|乡)")


@cache
def central_bodies() -> tuple[str, ...]:
    """The State Council's bodies' names and short forms (data/central.tsv), longest first.

    >>> "商务部" in central_bodies() and central_bodies().index("国家林业和草原局") < central_bodies().index("国家林草局")
    True
    """
    text = resources.files("knowledge").joinpath("data/central.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(sorted({form for row in rows for form in [row[0], *row[1].split()]}, key=len, reverse=True))


def _said_alone(text: str, name: str) -> bool:
    """``name`` said in ``text`` as a name, not as the start of a word: 民政部门 is no 民政部."""
    at = text.find(name)
    return at >= 0 and not text.startswith("门", at + len(name))


def _town_after_place(name: str) -> bool:
    """Whether ``name`` is a place above a town, then a town the gazetteer knows (营口 + 城东街道).

    >>> _town_after_place("营口城东街道"), _town_after_place("全区各乡"), _town_after_place("本镇")
    (True, False, False)
    """
    return any(
        any(p.level < TOWN for p in places) and any(p.level == TOWN for p in gazetteer().lookup(name[len(head) :]))
        for head, places in gazetteer().prefix(name)
    )


class AgencyHints:
    """The known agencies' names, indexed by organisation and by the characters of their place."""

    def __init__(self, agencies: list[Agency], orgs: OrgTable) -> None:
        self.orgs = orgs
        self._names = [a.name for a in agencies]
        self._by_org: dict[str, list[str]] = {}
        self._by_char: dict[str, list[str]] = {}
        for agency in agencies:
            self._by_org.setdefault(orgs.key(agency.org), []).append(agency.name)
            for char in set(agency.name[: len(agency.name) - len(agency.org)]) - PLACE_UNIT_CHARS:
                self._by_char.setdefault(char, []).append(agency.name)

    def named(self, text: str) -> str | None:
        """The agency a question names that matched no known one, if it names one: a place-like head and
        an organisation word, whole even when the word has a 和 (发展和改革委员会, 住房和城乡建设局).

        >>> AgencyHints([], OrgTable.load()).named("杭州市发改委2019年收到几件申请")
        '杭州市发改委'
        >>> AgencyHints([], OrgTable.load()).named("杭州发改委2019年"), AgencyHints([], OrgTable.load()).named("年分别办了多少件")
        ('杭州发改委', None)
        """
        if central := next((form for form in central_bodies() if _said_alone(text, form)), None):
            return central  # a ministry or national bureau: it has no place to read
        for form in self.orgs.forms:
            at = text.find(form) if "和" in form else -1
            if at >= 0 and (place := _PLACE_BEFORE.search(text, 0, at)):
                return place.group() + form
        # Tried from every character: a lead-in (查一下, 帮我看) would start the first match too early.
        towns = (m.group() for i in range(len(text)) if (m := _TOWN_NAMED.match(text, i)))
        if town := next((t for t in towns if _town_after_place(t)), None):
            return town
        named = _NAMED_PLACED.search(text)
        if not named and (named := _NAMED.search(text)) and not gazetteer().prefix(named.group()):
            return None  # a place said without its unit must be one the gazetteer knows (not 年分别办)
        if not named or _ASKS_WHICH.search(named.group()) or len(self._place_of(named.group())) < 2:
            return None
        return named.group()

    def closest(self, name: str, most: int = 3) -> list[str]:
        """Known agencies whose names are nearest to ``name``: those of the same organisation first
        (杭州市教育局 -> other 教育局, 卫健委 -> 卫生健康委员会; a ministry -> the other State Council bodies),
        else those whose place shares a character."""
        central = [n for n in self._names if n in central_bodies()] if name in central_bodies() else []
        known = central or self._by_org.get(self.orgs.key(self.orgs.org_of(name))) or self._near(name)
        # Plain ratio: WRatio's token and partial passes cost 5× as much and rank these short names the same.
        return [n for n, _, _ in process.extract(name, known, limit=most, processor=None, scorer=fuzz.ratio)]

    def _near(self, name: str) -> list[str]:
        near = {n for char in set(self._place_of(name)) - PLACE_UNIT_CHARS for n in self._by_char.get(char, ())}
        if near:
            return sorted(near)
        return self._names if len(self._names) <= HINT_ALL_NAMES else []  # a hint is not worth scoring 50k names

    def _place_of(self, name: str) -> str:
        """What precedes the organisation in a name: 杭州市 of 杭州市教育局, nothing of 教育局."""
        form = self.orgs.org_of(name)
        return name[: len(name) - len(form)] if form else name[:-1]

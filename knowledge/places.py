"""The gazetteer: China's places from the provinces down to towns and street offices, the one source of
"is this a place, and where is it".

The table ``data/places.tsv.gz`` is extracted from the jionlp package by ``knowledge.gazetteer_build``
(its header records the source, version and licence); nobody types place names here. A place is
known by its full name (甘南藏族自治州), its short name (甘南), a town's name without its unit (苏巷 for
苏巷镇, 海滨 for 海滨街道), and the names it had before a renaming (襄樊市 for 襄阳市).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from importlib import resources

PROVINCE, CITY, COUNTY, TOWN = 1, 2, 3, 4
# The unit a town's name ends with, longest first; what is left (at least two characters) is how
# people say it: 东大街街道办事处 -> 东大街, 海滨街道 -> 海滨 (and 海滨街, as street offices sign).
_TOWN_UNITS = ("街道办事处", "地区办事处", "街道", "镇", "乡")
_AUTONOMOUS_UNITS = ("州", "县", "旗")


@dataclass(frozen=True, slots=True)
class Place:
    """One place of the gazetteer."""

    id: int
    parent: int
    level: int
    name: str
    short: str


class Gazetteer:
    """Places by id and by every way they are written. Rows are parsed when asked for, so reading
    the table costs one pass over its lines (about 0.1 s), not 47,000 objects."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines  # line i holds place i: id, parent, level, name, short, former
        self.by_name: dict[str, list[int]] = {}
        for place_id, line in enumerate(lines):
            if not line:
                continue
            _, _, level, name, short, former = line.split("\t")
            for said in _names(int(level), name, short) + (tuple(former.split("|")) if former else ()):
                ids = self.by_name.setdefault(said, [])
                if not ids or ids[-1] != place_id:
                    ids.append(place_id)
        self.longest = max(map(len, self.by_name))

    def place(self, place_id: int) -> Place:
        fields = self._lines[place_id].split("\t")
        return Place(place_id, int(fields[1]), int(fields[2]), fields[3], fields[4])

    def lookup(self, name: str) -> list[Place]:
        """The places written ``name`` (several: 东城街道 is a street office in many cities).

        >>> [(p.name, p.level) for p in gazetteer().lookup("甘南")]
        [('甘南藏族自治州', 2), ('甘南县', 3), ('甘南镇', 4)]
        """
        return [self.place(i) for i in self.by_name.get(name, ())]

    def chain(self, place: Place) -> tuple[Place, ...]:
        """``place`` and the places above it, the province first.

        >>> [p.name for p in gazetteer().chain(gazetteer().lookup("河包镇")[0])]
        ['重庆市', '荣昌区', '河包镇']
        """
        up = [place]
        while up[-1].parent:
            up.append(self.place(up[-1].parent))
        return tuple(reversed(up))

    def prefix(self, text: str) -> list[tuple[str, list[Place]]]:
        """Every place name ``text`` starts with, longest first, with the places it names."""
        found = []
        for size in range(min(self.longest, len(text)), 1, -1):
            if places := self.lookup(text[:size]):
                found.append((text[:size], places))
        return found


def _names(level: int, name: str, short: str) -> tuple[str, ...]:
    """How a place is written: its name, its short name, an autonomous prefecture, county or banner by its
    short name and its plain unit (甘南州, 长阳县), a town without its unit.

    >>> _names(TOWN, "东大街街道办事处", "")
    ('东大街街道办事处', '东大街', '东大街街道', '东大街街')
    >>> _names(CITY, "甘南藏族自治州", "甘南")
    ('甘南藏族自治州', '甘南', '甘南州')
    """
    names = [name]
    if len(short) >= 2:
        names.append(short)
        for unit in _AUTONOMOUS_UNITS:
            if name.endswith("自治" + unit):
                names.append(short + unit)
    if level == TOWN:
        for unit in _TOWN_UNITS:
            stem = name[: -len(unit)]
            if name.endswith(unit) and len(stem) >= 2:
                names.append(stem)
                if unit in ("街道办事处", "街道"):
                    names += [stem + "街道", stem + "街"]
                break
    return tuple(dict.fromkeys(names))


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, read once per process (about 47,000 places)."""
    data = resources.files("knowledge").joinpath("data/places.tsv.gz").read_bytes()
    lines = [line for line in gzip.decompress(data).decode("utf-8").splitlines() if not line.startswith(("#", "id\t"))]
    by_id = [""] * (len(lines) + 1)  # ids run 1..n in the table's order
    for line in lines:
        by_id[int(line[: line.index("\t")])] = line
    return Gazetteer(by_id)


def is_place(name: str) -> bool:
    """Whether ``name`` is written as some place is (甘南, 苏巷镇, 襄樊市; not 城乡, 市委).

    >>> is_place("甘南"), is_place("苏巷镇"), is_place("襄樊市"), is_place("市委")
    (True, True, True, False)
    """
    return bool(gazetteer().by_name.get(name))


def is_within(written: str, chain: tuple[str, ...]) -> bool:
    """Whether the place ``written`` is one of the places of ``chain`` (an agency's, the widest first) or
    above them. The deepest place is read as the one under the chain's other places: 城东街道 of 集安市
    is in 通化市 and 吉林省, not in any other city's 城东街道.

    >>> is_within("通化", ("集安市", "城东街道")), is_within("吉林", ("集安市", "城东街道"))
    (True, True)
    >>> is_within("营口", ("集安市", "城东街道")), is_within("营口", ())
    (False, True)
    """
    places = gazetteer()
    chains = [places.chain(places.place(i)) for i in places.by_name.get(chain[-1], ())] if chain else []
    higher = {i for place in chain[:-1] for i in places.by_name.get(place, ())}
    fitting = [c for c in chains if not higher or higher & {p.id for p in c}] or chains
    above = {p.id for c in fitting for p in c}
    return not above or bool(set(places.by_name.get(written, ())) & above)

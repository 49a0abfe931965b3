"""Where a question's agency is looked for: known agencies by the forms a question may say their place
in. ``AgencyList`` holds them in memory; ``knowledge.names.StoredNames`` reads the knowledge base's
stored forms, so a lookup costs the same at 50,000 agencies as at 50.
"""

from __future__ import annotations

import os
import re
from typing import Protocol

from knowledge.agencies import Agency, OrgTable
from knowledge.grammar import CJK


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


def sounds_like(typed: str, form: str) -> bool:
    """One character of ``form`` typed as another that sounds the same (海观 for 海关).

    >>> sounds_like("海观", "海关"), sounds_like("海关", "海关"), sounds_like("海景", "海关")
    (True, False, False)
    """
    differ = [i for i, (a, b) in enumerate(zip(typed, form, strict=False)) if a != b]
    return len(typed) == len(form) and len(differ) == 1 and sound(typed[differ[0]]) == sound(form[differ[0]])

"""The organisation word a question says after an agency's place, and how well it names the agency's own:
its name or a standard short form, an abbreviation by rule, a typo, no head, another related body."""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from rapidfuzz.distance import Levenshtein

from knowledge.agencies import Agency, OrgTable
from knowledge.grammar import CJK, SPOKEN_ORG, head_of, is_abbreviation, next_head, said_without_head
from knowledge.index import sounds_like

# Characters of a question's grammar that never stand in an organisation's name.
_GRAMMAR = re.compile(r"[了的是在有要哪吗呢什么啥几多少]")
# An office inside an agency (政务公开办公室, 信息中心, 综合科), not an organisation of its own.
_OFFICE = re.compile(r"公开|办公室|办$|中心$|科$|股$")
# How much the organisation word counts: one said as the report says it (or by a standard short form)
# beats one abbreviated by rule, which beats a typo. Another known organisation said where this one's
# should be counts least: it may be an older or a spoken name of the same body, but an agency of that
# very name wins.
OWN_ORG, ABBREVIATED_ORG, MISTYPED_ORG, WITHOUT_HEAD, OTHER_ORG = 10.0, 9.0, 8.0, 7.0, 5.0


class OrgWord(NamedTuple):
    score: float  # OWN_ORG, ABBREVIATED_ORG, MISTYPED_ORG or WITHOUT_HEAD; 0 for an office inside the agency
    end: int  # where the word ends in the question


def find_org(question: str, at: int, agency: Agency, orgs: OrgTable) -> OrgWord | Literal[False] | None:
    """What the question says right after the agency's place, at position ``at``.

    Returns the organisation word found, None when there is none, False when it names another one.
    """
    tail = question[at:]
    forms = orgs.forms_of(agency.org)
    if other := _other_org(tail, agency, orgs):
        # 区政府办 names the government's office first, the government only when it has no office here;
        # 呈贡区教育体育局 may be the 呈贡县教育局 of an older report.
        return OrgWord(OTHER_ORG, at + len(other))
    for form in forms:
        if form and tail.startswith(form):
            if len(form) <= 2 and form[-1] not in "局委厅办" and re.match(rf"[{CJK}]", tail[len(form) :]):
                # 呈贡区教育体育局 (the report's title says 呈贡县教育局): the whole organisation word goes;
                # 柳州教育网: the organisation is meant, but 教育网 stays a keyword.
                longer = SPOKEN_ORG.match(tail)
                return OrgWord(OWN_ORG, at + len(longer.group()) if longer else at)
            return OrgWord(OWN_ORG, at + len(form))
    # 营口海观: a character typed for another of the same sound (the pinyin input's commonest slip).
    if said := next((f for f in forms if len(f) >= 2 and sounds_like(tail[: len(f)], f)), None):
        return OrgWord(MISTYPED_ORG, at + len(said))
    spoken = SPOKEN_ORG.match(tail)
    if not spoken or _GRAMMAR.search(spoken.group()):
        # 温州要建成怎样的政府: a clause of the question, not an organisation's name; but 温州民政2021年 and
        # 宁波文旅的公众号 say their organisation without its head unit.
        run = re.match(rf"[{CJK}]{{2,8}}", tail)
        for size in range(len(run.group()) if run else 0, 1, -1):
            if any(said_without_head(tail[:size], form) for form in forms):
                return OrgWord(WITHOUT_HEAD, at + size)
        return None
    word = _whole_head(tail, spoken.group())
    if any(is_abbreviation(word, form) for form in forms):
        return OrgWord(ABBREVIATED_ORG, at + len(word))
    for form in forms:
        if len(form) >= 3 and len(word) == len(form) and Levenshtein.distance(word, form) <= 1:
            return OrgWord(MISTYPED_ORG, at + len(word))
    if word in orgs.canonical:  # a known organisation, but not this one
        return False
    if word == next_head(agency.org) == "分局" or any(_said_from_middle(word, form) for form in forms):
        # 北仑分局: a branch by its head alone; 北仑环境分局: the organisation without its first word
        return OrgWord(ABBREVIATED_ORG - 1, at + len(word))
    if _OFFICE.search(word):
        return OrgWord(0.0, at + len(word))  # 政务公开办公室, 信息中心: an office inside the agency
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

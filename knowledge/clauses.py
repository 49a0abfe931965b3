"""How the clauses of one span read against one question: the words of the clause that holds the thing
asked, what its figures count, whether it says there was none. Used by knowledge/features.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from knowledge.grammar import ASKED_UNIT, CJK
from knowledge.keywords import Keyword
from knowledge.kinds import NEGATION, NUMBER, Thing, holds, names_asked
from knowledge.models import Kind
from knowledge.segment import normalise

_CLAUSE_END = re.compile(r"[，,；;。]")
_SENTENCE_ENDS = ("。", "！", "？", "!", "?", "；", ";")
_FIGURE_FOLLOWER = re.compile(r"的|以上|左右|之多|多|余|等|次|人次|万|亿|元")


@dataclass(frozen=True, slots=True)
class Query:
    """One question (or one part of it) as search reads it."""

    keywords: list[Keyword]
    kind: Kind
    thing: Thing | None  # what a typed question wants to see (kinds.asked)
    text: str  # the question's normalised text
    unnamed: bool = False  # no agency named: every report competes
    counted: Keyword | None = None  # a count question: the word next to 多少/几, what is counted (粉丝, 申请)
    specific: float = 1.0  # how specific its rarest word is (keywords.specificity)

    @property
    def weight(self) -> float:
        return sum(k.weight for k in self.keywords) or 1.0


class Clause(NamedTuple):
    """What the clauses holding the thing asked say about it (``clause_words``)."""

    share: float  # the largest share of keyword weight in such a clause (with the clause before it)
    counted: float  # the word a count question counts is in that clause
    counts_other: float  # every figure there is followed by a noun the question does not name
    counted_next: float  # the counted word stands right by a figure: 公开信息2628条, 2628条信息
    unit_asked: float  # a figure there is in the very unit asked (多少条 → 2628条, not 11件)


NOTHING = Clause(0.0, 0.0, 0.0, 0.0, 0.0)
NEXT_GAP = 2  # 公开信息共2628条: a word or two may stand between what is counted and its figure


def clause_words(raw: str, lead: str, query: Query, heading: str, *, subject: bool) -> Clause:
    """How the clauses of a span that hold the asked thing read, each with the clause before it (the
    subject often comes first: "公开内容包括…4类，共计308条"; for the span's first clause, the end of the
    text before the span: a title line above its date) and the section's headings (under 二、主动公开情况
    a figure counts 主动公开): their share of the question's words, whether the counted word is there
    (收到申请3件 says what it counts, while in "收到申请…。另有网站信息3件" the figure counts something
    else) and right by a figure, whether every figure counts a noun the question does not name (等4项制度
    counts rules, not the 政务信息 asked about), and whether a figure is in the very unit asked."""
    clauses = _CLAUSE_END.split(raw)
    if subject:  # the first clause of the sentence this piece ends
        before = _CLAUSE_END.split(lead)[0]
    else:  # only a line that is no sentence (a title, a label) lends its words: a finished sentence says its own
        before = "" if not lead or lead.rstrip().endswith(_SENTENCE_ENDS) else _CLAUSE_END.split(lead)[-1]
    asked_unit = ASKED_UNIT.search(query.text) if query.thing == Thing.COUNT else None
    best = found_counted = next_to = in_unit = 0.0
    others: bool | None = None
    for i, clause in enumerate(clauses):
        if clause and holds(clause, query.thing, query.text):
            if query.thing == Thing.COUNT:
                figures = list(NUMBER.finditer(clause))
                each = [_counts_other(clause, m.end(), query.keywords) for m in figures]
                others = (others is not False) and all(each)
                if query.counted and any(_next_to(clause, m, query.counted) for m in figures):
                    next_to = 1.0
                if asked_unit and any(m.group().rstrip().endswith(asked_unit[1]) for m in figures):
                    in_unit = 1.0
            text = normalise((clauses[i - 1] if i else before) + clause)
            share = 0.0
            for k in query.keywords:
                # A word of the section's headings is what every clause under them is about.
                if names_asked(k.names, query.thing) or k.found_in(text) or k.found_in(heading):
                    share += k.weight
                    found_counted = max(found_counted, float(k is query.counted))
            best = max(best, share / query.weight)
    return Clause(best, found_counted, float(bool(others)), next_to, in_unit)


def _next_to(clause: str, figure: re.Match[str], counted: Keyword) -> bool:
    """Whether the counted word ends just before the figure (信息2628条) or follows its unit (2628条信息)."""
    reach = NEXT_GAP + max(map(len, counted.forms))  # the word itself and the gap allowed beside it
    before = normalise(clause[max(0, figure.start() - reach) : figure.start()])
    after = normalise(clause[figure.end() : figure.end() + reach])
    return any(
        (at := before.rfind(f)) >= 0 and len(before) - at - len(f) <= NEXT_GAP or 0 <= after.find(f) <= NEXT_GAP
        for f in counted.forms
    )


def _counts_other(clause: str, end: int, keywords: list[Keyword]) -> bool:
    """Whether the figure ending at ``end`` is followed by a noun none of the keywords is part of (4项制度)."""
    noun = re.match(rf"[{CJK}]{{2,6}}", clause[end:])
    if not noun or _FIGURE_FOLLOWER.match(noun.group()):
        return False
    return not any(f in noun.group() or noun.group()[:2] in f for k in keywords for f in k.forms)


def states_none(sentence: str, keywords: list[Keyword]) -> bool:
    """ "未收到申请" answers "收到几件申请" (or "有人申请吗") with none, but only when the negated clause is
    about the question ("未发生…行政复议" says nothing about applications unless they are asked about)."""
    return bool(NEGATION.search(sentence)) and any(
        NEGATION.search(clause) and any(k.found_in(clause) for k in keywords if not k.names)
        for clause in _CLAUSE_END.split(sentence)
    )

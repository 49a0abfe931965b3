"""The features of one candidate answer span, one function each; ``Features`` is the vector the fitted
model weighs (knowledge/confidence.py). Each function says in its docstring what it measures and why.

A span is read once into a ``SpanReading`` (which question words it holds, whether it has the thing asked
for, what its clauses count); each feature is then a small function of that reading. No number here is a
weight: how much each feature counts is fitted (`reportbot fit`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from knowledge.grammar import ASKED_UNIT, CJK, CN_DIGITS
from knowledge.keywords import Keyword
from knowledge.kinds import LITERAL_THINGS, NEGATION, NUMBER, Thing, holds, names_asked
from knowledge.models import Kind
from knowledge.segment import normalise
from knowledge.spans import SpanKind

SHORT_SPAN = 8  # shorter than a phrase: a label, a bare figure
_CLAUSE_END = re.compile(r"[，,；;。]")
_SENTENCE_ENDS = ("。", "！", "？", "!", "?", "；", ";")
# A total: 共计308条, 合计, 全年…, 共收到…3件, 共公开各类政务信息122条 (公共 is no total).
TOTAL = re.compile(
    rf"共计|合计|总计|累计|总共|一共|共有|全年|总数|总量|(?<![公一总])共(?=[{CJK}]{{0,10}}[\d{CN_DIGITS}])"
)
_PART = re.compile(r"其中|另外|另有|此外|分别")
# A running total over the years answers only a question that asks for one.
CUMULATIVE = re.compile(r"累计|历年|至今|以来")
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


@dataclass(frozen=True, slots=True)
class SpanReading:
    """One span as the features read it: where the question's words are, and what the span holds."""

    query: Query
    raw: str  # the span's own text
    text: str  # … normalised, as every comparison reads it
    kind: SpanKind
    typed: bool  # it holds the thing a typed question asks for (a count, a date, a phone …)
    own: float  # share of keyword weight in the span's own text (a word naming the thing it holds counts)
    titled: float  # … not there but in the headings or the first clause of the span's run-on sentence
    missing: float  # … nowhere in the passage or its headings
    chars: float  # share of the characters of the question's words found in the span
    telling: bool  # the question's rarest word is said by the span
    near: Clause  # see ``clause_words``
    none: bool  # it says in words that there was none of what is asked
    heading: float  # share of keyword weight in the passage's headings
    heading_fit: float
    bm25: float
    first: bool  # the first span of its section to hold the thing asked
    opening: bool  # the first span of its passage scored


def own(r: SpanReading) -> float:
    """The question's words in the span itself: the answer says what it answers."""
    return r.own


def titled(r: SpanReading) -> float:
    """Words the span's heading or sentence subject says for it: under 二、主动公开情况 a figure is about 主动公开."""
    return r.titled


def missing(r: SpanReading) -> float:
    """Words found nowhere near: a passage on another topic."""
    return r.missing


def sentence(r: SpanReading) -> float:
    """For an untyped question the span's own words are the whole evidence."""
    return r.own if r.query.thing is None else 0.0


def held_own(r: SpanReading) -> float:
    """A span holding the thing asked, with the question's words: the figure and what it counts together."""
    return r.own if r.typed else 0.0


def held_titled(r: SpanReading) -> float:
    """A span holding the thing asked whose words stand in its heading: a table's figure under its title."""
    return r.titled if r.typed else 0.0


def chars(r: SpanReading) -> float:
    """Characters of the question's words in the span: robust to other wordings (申请公开 for 依申请)."""
    return r.chars


def near(r: SpanReading) -> float:
    """Words in the clause that holds the thing asked: the figure's own words, not the sentence's."""
    return r.near.share


def counted(r: SpanReading) -> float:
    """What a count question counts (the word by 多少/几) stands by the figure: 收到申请3件."""
    return r.near.counted


def counts_other(r: SpanReading) -> float:
    """Every figure there counts a noun the question does not name: 等4项制度 counts rules."""
    return r.near.counts_other


def counted_next(r: SpanReading) -> float:
    """The counted word stands right by the figure: 公开信息2628条 counts 信息, 收到…信息…案件0件 counts 案件."""
    return r.near.counted_next


def unit_asked(r: SpanReading) -> float:
    """A figure in the very unit asked: 多少条 is answered by 2628条 before 11件 of the same family."""
    return r.near.unit_asked


def telling(r: SpanReading) -> float:
    """The question's rarest word is in the span: the one that singles out its topic."""
    return float(r.telling)


def heading(r: SpanReading) -> float:
    """The passage's headings are about the question: its section."""
    return r.heading


def heading_fit(r: SpanReading) -> float:
    """The headings read like the question (a question in the template's own words)."""
    return r.heading_fit


def bm25(r: SpanReading) -> float:
    """The passage's BM25 over the best candidate's: its words as a search engine weighs them."""
    return r.bm25


def lacks(r: SpanReading) -> float:
    """A typed question (a count, a date, a phone …) and a span without one cannot answer it."""
    return float(r.query.thing is not None and not r.typed)


def lacks_detail(r: SpanReading) -> float:
    """… and no words can stand for that thing: a phone, e-mail, fax or postcode is its own characters."""
    return float(r.query.thing in LITERAL_THINGS and not r.typed)


def first(r: SpanReading) -> float:
    """The first span of its section holding the thing asked: a section states its headline figure first."""
    return float(r.first)


def none(r: SpanReading) -> float:
    """A count or yes/no question, and the span says there was none of it (未收到申请): that is the answer."""
    return float(r.none)


def total(r: SpanReading) -> float:
    """A count question, and the span states a total (共计, 合计, 全年) rather than a part."""
    return float(_counting(r) and bool(TOTAL.search(r.text)) and not CUMULATIVE.search(r.text))


def cumulative(r: SpanReading) -> float:
    """A count question, and only one of question and span speaks of a running total over the years."""
    return float(_counting(r) and bool(CUMULATIVE.search(r.text)) != bool(CUMULATIVE.search(r.query.text)))


def part(r: SpanReading) -> float:
    """A count question, and the span gives a part of something (其中, 另外): the total is elsewhere."""
    return float(_counting(r) and bool(_PART.search(r.text)))


def announces(r: SpanReading) -> float:
    """The span ends with a colon: it announces what follows rather than saying it."""
    return float(r.kind != SpanKind.METADATA and r.raw.rstrip().endswith((":", "：")))


def row(r: SpanReading) -> float:
    """A statistics-table row: its figure is exact but its label is the template's, not the question's."""
    return float(r.kind == SpanKind.ROW)


def opening(r: SpanReading) -> float:
    """The span opens its passage: under a heading that fits, the body starts here."""
    return float(r.opening)


def unnamed(r: SpanReading) -> float:
    """The question names no agency: the span competes with every report, so trust it less."""
    return float(r.query.unnamed)


def specific(r: SpanReading) -> float:
    """How specific the question's rarest word is: a question left with only 政府 says little."""
    return r.query.specific


def short(r: SpanReading) -> float:
    """The span is shorter than a phrase: a label or a bare figure says little on its own."""
    return float(len(r.raw.strip()) < SHORT_SPAN)


FEATURES = (
    own,
    titled,
    missing,
    sentence,
    held_own,
    held_titled,
    chars,
    near,
    counted,
    counts_other,
    counted_next,
    unit_asked,
    telling,
    heading,
    heading_fit,
    bm25,
    lacks,
    lacks_detail,
    first,
    none,
    total,
    cumulative,
    part,
    announces,
    row,
    opening,
    unnamed,
    specific,
    short,
)


class Features(NamedTuple):
    """The value of each function of FEATURES for one span (a named tuple: the model weighs it as the
    vector it is, thousands of spans per question at scale)."""

    own: float
    titled: float
    missing: float
    sentence: float
    held_own: float
    held_titled: float
    chars: float
    near: float
    counted: float
    counts_other: float
    counted_next: float
    unit_asked: float
    telling: float
    heading: float
    heading_fit: float
    bm25: float
    lacks: float
    lacks_detail: float
    first: float
    none: float
    total: float
    cumulative: float
    part: float
    announces: float
    row: float
    opening: float
    unnamed: float
    specific: float
    short: float

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return cls._fields

    @classmethod
    def of(cls, reading: SpanReading) -> Features:
        return cls(*[feature(reading) for feature in FEATURES])

    def vector(self) -> tuple[float, ...]:
        return tuple(self)


def _counting(r: SpanReading) -> bool:
    return r.query.kind == Kind.NUMBER


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
    before = normalise(clause[max(0, figure.start() - NEXT_GAP - 6) : figure.start()])
    after = normalise(clause[figure.end() : figure.end() + NEXT_GAP + 6])
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

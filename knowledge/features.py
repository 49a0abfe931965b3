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

from knowledge.clauses import Clause, Query
from knowledge.grammar import CJK, CN_DIGITS
from knowledge.kinds import CUMULATIVE, LITERAL_THINGS
from knowledge.models import Kind
from knowledge.spans import SpanKind

SHORT_SPAN = 8  # shorter than a phrase: a label, a bare figure
# A total: 共计308条, 合计, 全年…, 共收到…3件, 共公开各类政务信息122条 (公共 is no total).
TOTAL = re.compile(
    rf"共计|合计|总计|累计|总共|一共|共有|全年|总数|总量|(?<![公一总])共(?=[{CJK}]{{0,10}}[\d{CN_DIGITS}])"
)
_PART = re.compile(r"其中|另外|另有|此外|分别")


@dataclass(slots=True)  # not frozen: made for every span scored, and a frozen init costs a third more
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
        return tuple.__new__(cls, [feature(reading) for feature in FEATURES])

    def vector(self) -> tuple[float, ...]:
        return tuple(self)


def _counting(r: SpanReading) -> bool:
    return r.query.kind == Kind.NUMBER

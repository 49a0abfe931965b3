"""The shared vocabulary: Report, Passage, Hit, Answer. Loaders produce them, the bot only reads them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Report:
    """One disclosure report, i.e. one source file."""

    report_id: str  # stable: the source path without suffix, e.g. "000_bc8c2b0d3e4e76a9"
    agency: str | None  # 温州市教育局; None when the loader could not tell
    year: int | None  # the year covered (2018), not the publication date
    title: str
    source: str  # file path relative to the ingested directory, for the citation
    sha256: str = ""
    chars: int = 0
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Passage:
    """A retrievable unit: (part of) the body of one section of a report."""

    report_id: str
    ordinal: int  # position in the report, 0-based
    headings: tuple[str, ...]  # ("一、基本概述", "（一）建立健全公开工作长效机制")
    text: str  # the report's own text, shown to users

    @property
    def section(self) -> str:
        return " / ".join(self.headings)


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage scored for one question, with the span that best answers it."""

    passage: Passage
    report: Report
    score: float  # 0-100, higher is better
    snippet: str  # the sentence(s) quoted as the answer: a contiguous span of passage.text


@dataclass(frozen=True, slots=True)
class Answer:
    """What the knowledge base says to one question: hits (best first) or the reason it refuses."""

    question: str
    hits: tuple[Hit, ...] = ()
    reason: str | None = None  # why nothing is answered; None when answered
    notes: tuple[str, ...] = field(default=())  # e.g. "其他年份: 2016, 2017"

    @property
    def found(self) -> bool:
        return bool(self.hits) and self.reason is None

    @property
    def snippet(self) -> str | None:
        return self.hits[0].snippet if self.found else None

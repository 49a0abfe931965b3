"""The shared vocabulary: Report, Passage, Hit, Answer. Loaders produce them, the bot only reads them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Report:
    """One disclosure report, i.e. one source file."""

    report_id: str  # stable: the source path, e.g. "000_bc8c2b0d3e4e76a9.txt"
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
    terms: tuple[str, ...] = ()  # the question's words as the reports may write them, for highlighting

    @property
    def found(self) -> bool:
        return bool(self.hits) and self.reason is None

    @property
    def snippet(self) -> str | None:
        return self.hits[0].snippet if self.found else None


@dataclass(frozen=True, slots=True)
class Coverage:
    """What a knowledge base holds, for /start, /status and refusals."""

    reports: int
    passages: int
    agencies: tuple[str, ...]  # sorted
    years: tuple[int, ...]  # sorted
    version: str  # a digest of the report files' hashes: changes exactly when the content does

    @property
    def year_range(self) -> str:
        if not self.years:
            return "年份不详"
        first, last = self.years[0], self.years[-1]
        return f"{first}年" if first == last else f"{first}–{last}年"

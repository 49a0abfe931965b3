"""The shared vocabulary: Report, Passage, Hit, Answer and the codes an Answer carries (Kind, Refusal,
Note). Loaders produce reports and passages, the bot only reads answers; the words a person reads for
each code live in the bot's renderers, not here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What kind of answer a question asks for."""

    NUMBER = "number"  # 多少, 几件: a count in the asked unit
    DATE = "date"  # 哪天, 什么时候
    CONTACT = "contact"  # a phone, address, e-mail, fax, postcode or website
    LIST = "list"  # 哪些
    YESNO = "yesno"  # 有没有, 是否
    PROCESS = "process"  # 怎么, 如何
    FACT = "fact"  # anything else: 叫什么, 谁


class Refusal(StrEnum):
    """Why a question is not answered."""

    EMPTY = "empty"  # nothing at all was asked (a blank line)
    NOT_CHINESE = "not_chinese"  # nothing to read: no Chinese text
    TOO_LONG = "too_long"  # longer than knowledge.question.MAX_QUESTION_CHARS: not read at all
    UNKNOWN_AGENCY = "unknown_agency"  # it names an agency the knowledge base has no report of
    AMBIGUOUS_AGENCY = "ambiguous_agency"  # several known agencies fit the name equally well
    NO_REPORT_FOR_YEAR = "no_report_for_year"  # the agency is known, that year is not
    NO_TOPIC = "no_topic"  # it names an agency but asks nothing about it
    NOT_IN_REPORT = "not_in_report"  # the agency's report does not say
    OFF_TOPIC = "off_topic"  # no agency and nothing the reports are about
    NEEDS_AGENCY = "needs_agency"  # no agency named and no report stands out
    AMBIGUOUS_REPORTS = "ambiguous_reports"  # no agency named; reports of several agencies say the same
    RELATIVE_YEAR = "relative_year"  # the year is said relative to today (去年): asked back, not guessed


class Across(StrEnum):
    """How a question asks across reports."""

    YEARS = "years"  # one agency over several years: a trend
    AGENCIES = "agencies"  # several agencies side by side (each in its year)
    RANKING = "ranking"  # every agency of a kind, best first
    COVERAGE = "coverage"  # what the knowledge base holds


class NoteCode(StrEnum):
    """Something an answer assumed that the reader should know."""

    YEAR_ASSUMED = "year_assumed"  # no year asked: the report of years[0] was used, others exist (others)
    ASSUMED_AGENCY = "assumed_agency"  # the question's name was read as this agency (agency)
    TOPIC_YEAR = "topic_year"  # the year asked (years[0]) is told of in a later report (years[1])
    PART_UNANSWERED = "part_unanswered"  # one part of a two-part question (part) is not in the report
    CARRIED = "carried"  # a follow-up: what it took from the conversation's last question (part)


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
    url: str = ""  # where the report is published (an http(s) address from reports.jsonl), for the link


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
    snippet: str  # the sentence(s) quoted: a span of passage.text, or the spans answering the parts of a
    # two-part question (each verbatim, from one report), joined by "……" when they do not stand together


@dataclass(frozen=True, slots=True)
class Note:
    """One thing an answer assumed (see NoteCode)."""

    code: NoteCode
    agency: str = ""
    years: tuple[int, ...] = ()
    others: tuple[int, ...] = ()
    part: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    """An agency a refusal offers instead, and the question asked again with its name."""

    agency: str
    question: str


@dataclass(frozen=True, slots=True)
class Context:
    """What a conversation's last question was read as: where a follow-up takes what it lacks."""

    agency: str  # 沈阳市教育局
    year: int | None  # the report's year answered from (None: the agency's latest)
    topic: str  # the question without its agency and year: 收到几件依申请公开
    org: str = ""  # the agency's organisation (教育局): a place said alone asks the same one there


@dataclass(frozen=True, slots=True)
class Answer:
    """What the knowledge base says to one question: hits (best first) or why it refuses."""

    question: str
    hits: tuple[Hit, ...] = ()
    refusal: Refusal | None = None  # why nothing is answered; None when answered
    kind: Kind = Kind.FACT
    agencies: tuple[str, ...] = ()  # the agencies the question was read as naming
    named: str = ""  # UNKNOWN_AGENCY: the name as the question wrote it
    candidates: tuple[Candidate, ...] = ()  # agencies to ask about instead (closest, or tied)
    years: tuple[int, ...] = ()  # NO_REPORT_FOR_YEAR: the years there are reports for
    year: int | None = None  # the year asked, if any
    notes: tuple[Note, ...] = ()
    terms: tuple[str, ...] = ()  # the question's words as the reports may write them, for highlighting
    carried: tuple[str, ...] = ()  # a follow-up: what it took from the conversation (沈阳市教育局, 2018年)
    context: Context | None = None  # what the next question of the conversation may take (followup.py)
    english: str = ""  # asked in English: what it asks (Phone, Count …; "?" when the glossary cannot map it)

    @property
    def found(self) -> bool:
        return bool(self.hits) and self.refusal is None

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


@dataclass(frozen=True, slots=True)
class Part:
    """One (agency, year) of a question across reports, answered through the single-report path."""

    agency: str
    year: int | None  # None: the agency's latest report
    answer: Answer
    value: float | None = None  # the number in the quoted span, read only to sort and plot
    unit: str = ""  # the unit family of that number (件条项…, 次场…): a chart draws one family only
    figure: str = ""  # that number as the span writes it (11件, 三份, 未收到): shown beside the quote


@dataclass(frozen=True, slots=True)
class Comparison:
    """What the knowledge base says to a question across reports: one part per (agency, year), in the
    order asked (years ascending; a ranking best first), or for COVERAGE the agencies and their years."""

    question: str
    across: Across
    parts: tuple[Part, ...] = ()
    looked_at: int = 0  # RANKING: reports asked
    listing: tuple[tuple[str, tuple[int, ...]], ...] = ()  # COVERAGE: (agency, its report years)
    place: str = ""  # COVERAGE: the name the listing was filtered by
    year: int | None = None  # COVERAGE: the year the listing was filtered by
    # What the question asks to conclude from the figures (knowledge.conclusions.Conclude values:
    # most, fewest, total, difference), worked out by knowledge.conclusions.verdicts.
    conclude: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        return any(part.answer.found for part in self.parts) or bool(self.listing)

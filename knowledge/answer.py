"""From a read question and its ranked spans to an Answer: which reports a year selects, answer or
refuse by the fitted confidence, look-alike agencies, two-part questions, and the notes a reader needs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypedDict

from knowledge.agencies import Agency
from knowledge.kinds import Thing
from knowledge.matching import AgencyMatch
from knowledge.models import Answer, Candidate, Hit, Kind, Note, NoteCode, Refusal, Report
from knowledge.question import QuestionFacts
from knowledge.search import TIE_SHARE, Query, Scored, counted_first
from knowledge.spans import cover, tidy

PART_JOINER = "……"  # between the spans of a two-part answer that are not next to each other


@dataclass(frozen=True, slots=True)
class Known:
    """A report the knowledge base holds, with its agency name taken apart."""

    row: int
    report: Report
    agency: Agency | None


@dataclass(frozen=True, slots=True)
class Chosen:
    """The reports the agency and year select."""

    reports: dict[int, Report]
    years: tuple[int, ...] = ()  # every year the named agencies have a report for
    years_of: dict[str, tuple[int, ...]] = field(default_factory=dict)  # … by agency
    other_year: int | None = None  # the year asked, when the reports are of another (a later report tells of it)
    undated: bool = False  # no year asked: the latest reports (or, when they do not say, every report)


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything about a question that needs no scoring (KnowledgeBase.read)."""

    question: str
    facts: QuestionFacts
    queries: list[Query]  # one per part of the question
    chosen: Chosen
    names: tuple[str, ...] = ()  # the agencies the question names (empty: it names none)
    matches: tuple[AgencyMatch, ...] = ()
    scope: dict = field(default_factory=dict)  # find_hits' restrict/year

    @property
    def reports(self) -> dict[int, Report]:
        return self.chosen.reports


def pick_reports(
    by_agency: Mapping[str, list[Known]], names: tuple[str, ...], year: int | None, *, plan: bool, every: bool = False
) -> Chosen:
    """The reports of ``names`` for ``year``; with no year, each agency's latest (``every``: all of them).

    When there is no report for the year asked, the report that tells of that year's matter is chosen:
    the year before for a plan (the 2013 plan is in the 2012 report), else the year after (the 2020
    accounts are reported on in 2021). ``compose_answer`` then answers only from a passage that names
    the year asked.
    """
    mine = [k for name in names for k in by_agency.get(name, [])]
    years = tuple(sorted({k.report.year for k in mine if k.report.year}))
    years_of = {
        name: tuple(sorted({k.report.year for k in by_agency.get(name, []) if k.report.year})) for name in names
    }
    if year is None:
        # Each agency's latest report: look-alike agencies stay in the race, not only the newest.
        latest: dict[str, int] = {}
        for k in mine:
            latest[k.report.agency or ""] = max(latest.get(k.report.agency or "", 0), k.report.year or 0)
        chosen = {k.row: k.report for k in mine if every or (k.report.year or 0) == latest[k.report.agency or ""]}
        return Chosen(chosen, years, years_of, undated=True)
    chosen = {k.row: k.report for k in mine if k.report.year == year}
    if chosen:
        return Chosen(chosen, years, years_of)
    telling = year - 1 if plan else year + 1
    return Chosen({k.row: k.report for k in mine if k.report.year == telling}, years, years_of, other_year=year)


class _Asked(TypedDict):
    """What every answer to a reading says of the question, answered or refused."""

    kind: Kind
    agencies: tuple[str, ...]
    year: int | None


def compose_answer(reading: Reading, ranked: list[list[Scored]], threshold: float) -> Answer:
    """Answer with the best spans if the model is confident enough in them, else say why not.

    ``ranked`` holds each query's (each part's) spans, best first. A part is answered when its best
    span reaches ``threshold``; the answer quotes every answered part of the best part's report, as one
    span when they stand close together in one passage, and notes a part it cannot answer.
    """
    facts, chosen = reading.facts, reading.chosen
    base: _Asked = {"kind": facts.kind, "agencies": reading.names, "year": facts.year}
    if chosen.other_year:  # another year's report answers only in words that name the year asked
        ranked = [[s for s in spans if tells_of(s.hit, chosen.other_year, plan=facts.plan)] for spans in ranked]
    parts = [
        _signed_last(_counted_first(_total_first(spans, query), query), query)
        if spans and spans[0].confidence >= threshold
        else []
        for spans, query in zip(ranked, reading.queries, strict=True)
    ]
    main = next((spans for spans in parts if spans), None)
    if main is None:
        refusal = Refusal.NOT_IN_REPORT if reading.names else Refusal.NEEDS_AGENCY
        if chosen.other_year:
            refusal = Refusal.NO_REPORT_FOR_YEAR
        return Answer(reading.question, refusal=refusal, years=chosen.years if chosen.other_year else (), **base)
    best = main[0]
    if _ambiguous(main):
        if len(reading.names) > 1:
            instead = instead_of(facts.text, [m for m in reading.matches if m.agency.name in reading.names])
            return Answer(reading.question, refusal=Refusal.AMBIGUOUS_AGENCY, candidates=instead, **base)
        if not reading.names:
            agencies = dict.fromkeys(s.hit.report.agency for s in main[:3] if s.hit.report.agency)
            instead = tuple(Candidate(a, a + facts.text) for a in agencies)
            return Answer(reading.question, refusal=Refusal.AMBIGUOUS_REPORTS, candidates=instead, **base)
    quoted = [spans[0] for spans in parts if spans and spans[0].hit.report == best.hit.report]
    unanswered = [
        q.text for q, spans in zip(reading.queries, parts, strict=True) if not spans or spans[0] not in quoted
    ]
    # The other parts' own passages follow the joined answer, so each quote can be read where it stands.
    others = [s.hit for s in quoted[1:] if s.hit.passage != best.hit.passage] + [s.hit for s in main[1:]]
    return Answer(
        reading.question,
        hits=(_joined(quoted), *dict.fromkeys(others)),
        notes=_notes(reading, best.hit) + tuple(Note(NoteCode.PART_UNANSWERED, part=text) for text in unanswered),
        terms=_terms(reading.queries),
        **base,
    )


def instead_of(text: str, matches: list[AgencyMatch]) -> tuple[Candidate, ...]:
    """The question asked again with each matched agency's full name in place of what it wrote."""
    out = {m.agency.name: text[: m.span[0]] + m.agency.name + text[m.span[1] :] for m in matches}
    return tuple(Candidate(name, question) for name, question in sorted(out.items()))


def _total_first(ranked: list[Scored], query: Query) -> list[Scored]:
    """A count question answered by a part (另外…153条) when the same section states the total (共计308条)
    with the question's words as near its figure and as fully in its own text: the total comes first. A
    question that names the part it wants (微信发了多少条) has more of its words by the part's figure, so
    that part stays first."""
    best = ranked[0]
    if query.kind != Kind.NUMBER or best.features.total:
        return ranked
    for other in ranked[1:]:
        same_section = (other.hit.report, other.hit.passage.headings) == (best.hit.report, best.hit.passage.headings)
        as_near = other.features.near >= best.features.near and other.features.own >= best.features.own
        if same_section and other.features.total and as_near:
            return [other] + [s for s in ranked if s is not other]
    return ranked


def _counted_first(ranked: list[Scored], query: Query) -> list[Scored]:
    """``counted_first`` over the best spans of several passages, within the best one's report."""
    best = ranked[0]
    rivals = [s for s in ranked if s.hit.report == best.hit.report]
    first = counted_first(rivals, query, lambda s: s.features, lambda s: s.confidence)
    return ranked if first[0] is best else [first[0]] + [s for s in ranked if s is not first[0]]


# The signature (落款) closes a report: its date is the last of the report, after the page's own.
_ASKS_SIGNATURE = re.compile(r"落款|署名|签发")


def _signed_last(ranked: list[Scored], query: Query) -> list[Scored]:
    """A question about the signature (落款写的几号) takes, among spans of the best one's report that the
    model rates about equally (within TIE_SHARE), the one that comes last in the report."""
    if query.thing != Thing.DATE or not _ASKS_SIGNATURE.search(query.text):
        return ranked
    best = ranked[0]
    tied = [s for s in ranked if s.hit.report == best.hit.report and s.confidence >= TIE_SHARE * best.confidence]
    last = max(tied, key=lambda s: (s.hit.passage.ordinal, s.start))
    return [last] + [s for s in ranked if s is not last]


def tells_of(hit: Hit, year: int, *, plan: bool) -> bool:
    """Whether a hit from another year's report speaks of ``year``: a plan under a heading that names the
    year (三、2013年努力方向), anything else in the quoted words themselves (2020年度部门决算)."""
    if plan:
        return str(year) in hit.passage.text or str(year) in hit.passage.section
    return str(year) in hit.snippet


def _ambiguous(ranked: list[Scored]) -> bool:
    """Look-alike reports of different agencies answer about equally well (by the model's own measure):
    the question must say which."""
    best = ranked[0]
    rivals = [s for s in ranked[1:] if s.hit.report.agency != best.hit.report.agency]
    return bool(rivals) and rivals[0].confidence >= TIE_SHARE * best.confidence


def _joined(parts: list[Scored]) -> Hit:
    """One hit quoting the answer of every part: a single span when they share a passage closely."""
    first = parts[0]
    if len(parts) == 1:
        return first.hit
    text = first.hit.passage.text
    same = [p for p in parts if p.hit.passage == first.hit.passage]
    if len(same) == len(parts) and (span := cover([(p.start, p.end) for p in parts])):
        snippet = tidy(text[span[0] : span[1]])
    else:
        snippet = PART_JOINER.join(dict.fromkeys(p.hit.snippet for p in parts))
    score = min(p.hit.score for p in parts)
    return Hit(first.hit.passage, first.hit.report, score, snippet)


def _notes(reading: Reading, hit: Hit) -> tuple[Note, ...]:
    notes = []
    agency = hit.report.agency or ""
    if any(m.assumed and m.agency.name == agency for m in reading.matches):
        notes.append(Note(NoteCode.ASSUMED_AGENCY, agency=agency, years=(hit.report.year,) if hit.report.year else ()))
    chosen = reading.chosen
    if chosen.other_year and hit.report.year:
        notes.append(Note(NoteCode.TOPIC_YEAR, agency=agency, years=(chosen.other_year, hit.report.year)))
    others = tuple(y for y in chosen.years_of.get(agency, ()) if y != hit.report.year)
    if chosen.undated and hit.report.year and others:
        notes.append(Note(NoteCode.YEAR_ASSUMED, years=(hit.report.year,), others=others))
    return tuple(notes)


def _terms(queries: list[Query]) -> tuple[str, ...]:
    """Every form of every question word, longest first (then in character order, so that a reply is the
    same in every process: a set's order changes with the hash seed): what a reply may highlight."""
    forms = {form for q in queries for k in q.keywords for form in k.forms if len(form) > 1}
    return tuple(sorted(forms, key=lambda form: (-len(form), form)))

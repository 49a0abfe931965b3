"""Answering a question across reports (read by knowledge.across): each part through the knowledge
base's single-report ``ask``, a ranking from the template's tables first, coverage from its index."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from datetime import date
from typing import Protocol

from knowledge.across import RANKING_TOP, Ask, Reading
from knowledge.conclusions import rank
from knowledge.facts import row_asked
from knowledge.figures import figure_text, measure
from knowledge.models import Across, Answer, Comparison, Part
from knowledge.store import Store


class Asking(Protocol):
    """What answering across reports uses of knowledge.kb.KnowledgeBase."""

    store: Store

    @property
    def years_of(self) -> Mapping[str, list[int]]: ...

    def ask(
        self, question: str, *, today: date | None = None, agency: str | None = None, year: int | None = None
    ) -> Answer: ...

    def facts_of(self, agency: str, year: int | None) -> int | None: ...

    def named_by(self, text: str) -> set[str]: ...


def answer(kb: Asking, question: str, reading: Reading, *, today: date | None = None) -> Comparison:
    """The Comparison of ``question`` as ``reading`` reads it."""
    if reading.across == Across.COVERAGE:
        return _listing(kb, question, reading)
    label = row_asked(reading.topic) if reading.across == Across.RANKING else None
    totals = _row_totals(kb, label, reading.asks) if label else {}
    parts = [_part(kb, ask, reading.topic, label, totals, today) for ask in reading.asks]
    conclude = tuple(reading.conclude)
    if reading.across == Across.RANKING:
        ranked = rank(parts, fewest=reading.fewest)[: reading.top or RANKING_TOP]
        return Comparison(question, Across.RANKING, tuple(ranked), looked_at=len(parts), conclude=conclude)
    return Comparison(question, reading.across, tuple(parts), conclude=conclude)


def _part(kb: Asking, ask: Ask, topic: str, label: str | None, totals: dict[str, float], today: date | None) -> Part:
    if ask.agency in totals:  # the template's table has the row: quote it, rank by its total
        tabled = kb.ask(f"{ask.agency}{f'{ask.year}年' if ask.year else ''}{label}", today=today, agency=ask.agency)
        snippet = tabled.snippet  # None unless found
        if label and snippet is not None and label in snippet:
            cells = [cell.strip() for cell in snippet.split("|") if cell.strip()]
            year = ask.year or tabled.hits[0].report.year
            return Part(ask.agency, year, tabled, totals[ask.agency], figure=cells[-1])  # the row's total cell
    answer = kb.ask(ask.question, today=today, agency=ask.agency, year=ask.year)
    measured = measure(answer.snippet, topic or ask.question) if answer.found and answer.snippet else None
    shown = figure_text(answer.snippet, topic or ask.question) if answer.found and answer.snippet else None
    # A part asked without a year (a sentence's own, a ranking's latest) shows its report's year.
    latest = kb.years_of[ask.agency][-1] if kb.years_of.get(ask.agency) else None
    year = ask.year or (answer.hits[0].report.year if answer.found else latest)
    value, unit = measured or (None, "")
    return Part(ask.agency, year, answer, value, unit, figure=shown or "")


def _row_totals(kb: Asking, label: str, asks: tuple[Ask, ...]) -> dict[str, float]:
    """Each asked agency's total of the template row ``label`` in the year asked (its latest report
    without one), from the facts table: a ranking reads the tables first."""
    rows = {row: ask.agency for ask in asks if (row := kb.facts_of(ask.agency, ask.year)) is not None}
    totals = {}
    for row, value in kb.store.row_totals(label, rows).items():
        with suppress(ValueError):  # a cell that is no plain number (22525.5万元) ranks by the words
            totals[rows[row]] = float(value.replace(",", ""))
    return totals


def _listing(kb: Asking, question: str, reading: Reading) -> Comparison:
    """The agencies (and their years) the knowledge base holds: those a place names, or of a year."""
    names = sorted(kb.years_of)
    if reading.place:
        named = kb.named_by(reading.place)
        names = [n for n in names if n in named or reading.place in n]
    if reading.year:
        names = [n for n in names if reading.year in kb.years_of[n]]
    listing = tuple((name, tuple(kb.years_of[name])) for name in names)
    return Comparison(question, Across.COVERAGE, listing=listing, place=reading.place, year=reading.year)

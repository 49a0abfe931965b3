"""KnowledgeBase: Store + Segmenter behind write()/open()/ask()/close(); one segmentation both ways."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

import sqlite_utils

from knowledge import building, comparing
from knowledge.across import read_across
from knowledge.agencies import OrgTable
from knowledge.answer import Chosen, Reading, compose_answer, instead_of, pick_reports
from knowledge.confidence import Model
from knowledge.english import is_english, translate
from knowledge.followup import answer_following
from knowledge.grammar import CJK
from knowledge.hints import AgencyHints
from knowledge.integrity import as_store_error
from knowledge.keywords import Synonyms
from knowledge.matching import OWN_ORG, AgencyIndex, AgencyMatch
from knowledge.models import Answer, Candidate, Comparison, Context, Coverage, Refusal, Report
from knowledge.names import ReportsByAgency, StoredNames, YearsOf
from knowledge.queries import asked_words, queries_of
from knowledge.question import (
    MAX_QUESTION_CHARS,
    QuestionFacts,
    asking_sentences,
    blanked,
    clean_question,
    read_question,
    with_leading_place,
)
from knowledge.search import HITS, TIE_SHARE, Query, Scored, find_hits
from knowledge.segment import Segmenter, normalise
from knowledge.store import Store

MAX_TIED_AGENCIES = 8  # more equally named agencies than this cannot be told apart by content
_HAS_CJK = re.compile(f"[{CJK}]")


class KnowledgeBase:
    """Answers questions from the reports in one SQLite file.

    Create with ``KnowledgeBase.open(path, segmenter)`` (or ``write``); call ``close()`` when done.
    """

    def __init__(self, store: Store, segmenter: Segmenter, *, model: Model | None = None) -> None:
        self.store = store
        self.segmenter = segmenter
        self.model = model or Model.load()
        self.orgs = OrgTable.load()
        self.synonyms = Synonyms.load()
        self.asked_words = asked_words(self.synonyms)
        with as_store_error():  # the agency words a dictionary is built with are read from the file
            self.refresh()

    # -- lifecycle -------------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: Path,
        segmenter: Segmenter | None = None,
        *,
        cache_dir: Path | None = None,
        check_same_thread: bool = True,
        model: Model | None = None,
    ) -> KnowledgeBase:
        """Open a knowledge-base file read-only (StoreError if missing or foreign). The segmenter is made
        here with its dictionary in ``cache_dir``, unless one already loaded is shared (tests)."""
        cls.check_file(path)
        if segmenter is None:
            segmenter = Segmenter(cache_dir=cache_dir)
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=check_same_thread)
        return cls(Store(sqlite_utils.Database(conn)), segmenter, model=model)

    check_file = staticmethod(building.check_knowledge_base)
    write = staticmethod(building.write_knowledge_base)
    stored_files = staticmethod(building.stored_files)
    freeze_dictionary = staticmethod(building.freeze_dictionary)

    def refresh(self) -> None:
        """Re-read the report list from the store: nothing is read now; each agency, its reports and its
        years are read from the file when a question first needs them (``knowledge.names``)."""
        self._names = StoredNames(self.store)
        self._by_agency = ReportsByAgency(self.store, self._names)
        self.years_of = YearsOf(self.store)
        self._all_reports: list[tuple[int, Report]] | None = None
        self._rows: dict[int, Report] | None = None
        self._index = AgencyIndex(self._names, self.orgs)
        self._hints = AgencyHints([], self.orgs)  # names what a question says; the known ones when refusing
        self._closest: AgencyHints | None = None
        self.segmenter.load(self._agency_words, digest=self.store.get_meta("agency_words_digest"))

    def _agency_words(self) -> list[str]:
        """The words the segmenter keeps whole, stored at ingest (read only when its dictionary is built)."""
        return json.loads(self.store.get_meta("agency_words") or "[]")

    @property
    def _by_row(self) -> dict[int, Report]:
        """Every report by row: what a question naming no agency is answered from (read on first need)."""
        if self._rows is None:
            self._rows = dict(self._every_report())
        return self._rows

    def _every_report(self) -> list[tuple[int, Report]]:
        if self._all_reports is None:
            self._all_reports = self.store.reports()
        return self._all_reports

    def _nearest(self, name: str) -> list[str]:
        """The known agencies nearest to ``name`` (read all at once, and only for a refusal)."""
        if self._closest is None:
            self._closest = AgencyHints(self._names.all(), self.orgs)
        return self._closest.closest(name)

    def close(self) -> None:
        self.store.db.close()

    # -- questions -------------------------------------------------------------------------------
    @property
    def reports(self) -> list[Report]:
        return [report for _, report in self._every_report()]

    def holdings(self) -> list[tuple[Report, int]]:
        """Every report with its number of passages, by file: what /reports lists."""
        with as_store_error():
            passages = self.store.passage_counts()
            every = self._every_report()
        return sorted(((report, passages.get(row, 0)) for row, report in every), key=lambda item: item[0].source)

    def coverage(self) -> Coverage:
        """How many reports, passages, agencies and years this knowledge base holds, and its version."""
        with as_store_error():
            reports, passages = self.store.counts()
            self._every_report()
        digest = hashlib.blake2b(digest_size=6)
        for report in sorted(self.reports, key=lambda r: r.source):
            digest.update(f"{report.source}\0{report.sha256}\n".encode())
        return Coverage(
            reports=reports,
            passages=passages,
            agencies=tuple(sorted({r.agency for r in self.reports if r.agency})),
            years=tuple(sorted({r.year for r in self.reports if r.year})),
            version=digest.hexdigest(),
        )

    def ask(
        self, question: str, *, today: date | None = None, agency: str | None = None, year: int | None = None
    ) -> Answer:
        """Answer one question from the reports, or say why not.

        Parameters
        ----------
        question : the user's text, e.g. "温州教育局2018年收到几件依申请公开？"
        today : the date 去年/今年 are relative to (default: today)
        agency, year : the known agency and the year the question is about, already read (a part of a
            question across reports): they are not read again from the text

        Returns
        -------
        Answer with hits best first (each quoting a span of its passage), or a ``refusal``. Raises
        DamagedStore when the file turns out damaged where this question reads it (others may still work).
        """
        with as_store_error():
            return self._asked(question, today=today, agency=agency, year=year)[0]

    def _asked(
        self, question: str, *, today: date | None, agency: str | None = None, year: int | None = None
    ) -> tuple[Answer, Answer | Reading]:
        """The answer and the reading it came from (a conversation keeps what the reading names)."""
        reading = self.read(question, today=today, agency=agency, year=year)
        if isinstance(reading, Answer):
            return reading, reading
        answer = self._answer(reading)
        if reading.chosen.undated and len(reading.chosen.years) > 1 and answer.refusal in (None, Refusal.NOT_IN_REPORT):
            # No year asked: the latest report answers, unless it does not say or an earlier one says it
            # clearly better (beyond a tie) — an address, a phone, a plan made once.
            every = pick_reports(self._by_agency, reading.names, None, plan=False, every=True)
            earlier = self._answer(replace(reading, chosen=every))
            if earlier.found and (not answer.found or answer.hits[0].score < TIE_SHARE * earlier.hits[0].score):
                return earlier, reading
        return answer, reading

    def respond(self, question: str, *, today: date | None = None, after: Context | None = None) -> Answer | Comparison:
        """``compare`` when the question asks across reports, else ``ask``: what the CLI and the bot call.
        ``after``: the conversation's last reading, which a follow-up takes what it lacks from (followup.py);
        the answer's ``context`` is what the next question may take. A question in English is asked as
        the glossary translates it (english.py); its answer's ``english`` says what it asks."""
        english = translate(question) if (in_english := is_english(question)) else None
        if in_english and english is None:
            return Answer(question, refusal=Refusal.NOT_CHINESE, english="?")
        asked = english.chinese if english else question
        if comparison := self.compare(asked, today=today):
            return comparison
        with as_store_error():
            read, ask = partial(self.read, today=today), partial(self._asked, today=today)
            answer = answer_following(asked, after, read, self._index.match, ask)
        return replace(answer, english=english.asks or "Answer") if english else answer

    def compare(self, question: str, *, today: date | None = None) -> Comparison | None:
        """Answer a question across reports part by part, or None when it asks about one report.

        Each (agency, year) part is asked with ``ask``, so each figure is a verbatim span with its own
        source; a part the reports do not answer stays, refused with its reason.
        """
        cleaned = clean_question(question)
        if not cleaned or len(cleaned) > MAX_QUESTION_CHARS:
            return None
        with as_store_error():
            reading = read_across(normalise(cleaned), self._index, self.years_of, unknown=self._hints.named)
            return comparing.answer(self, question, reading, today=today) if reading else None

    def named_by(self, text: str) -> set[str]:
        """The known agencies ``text`` names (a place names all of its agencies)."""
        return {m.agency.name for m in self._index.match(normalise(text))}

    def facts_of(self, agency: str, year: int | None) -> int | None:
        """The row id of ``agency``'s report of ``year`` (its latest without one), for the facts table."""
        reports = [k for k in self._by_agency.get(agency, ()) if year in (None, k.report.year)]
        return max(reports, key=lambda k: k.report.year or 0).row if reports else None

    def _answer(self, reading: Reading) -> Answer:
        return compose_answer(reading, self.scored(reading), self.model.threshold)

    def scored(self, reading: Reading, *, every: bool = False) -> list[list[Scored]]:
        """Each part's spans, best first, as ``ask`` ranks them before it answers or refuses; ``every``
        keeps every span of every passage (what the model is fitted on), not only each passage's best."""
        limit = None if every else HITS
        return [
            find_hits(self.store, q, reading.reports, self.model, limit=limit, every=every, **reading.scope)
            for q in reading.queries
        ]

    def read(
        self, question: str, *, today: date | None = None, agency: str | None = None, year: int | None = None
    ) -> Answer | Reading:
        """Everything about a question that needs no scoring: its agency, year, reports and keywords; or
        the Answer that refuses it before any passage is read (unknown agency, year not covered …)."""
        cleaned = clean_question(question)
        if not cleaned:
            return Answer(question, refusal=Refusal.EMPTY)
        if len(cleaned) > MAX_QUESTION_CHARS:
            return Answer(question, refusal=Refusal.TOO_LONG)
        if not _HAS_CJK.search(cleaned):
            return Answer(question, refusal=Refusal.NOT_CHINESE)
        cleaned = self.asked_words.correct(cleaned, self._unused)  # 联系电化 → 联系电话
        focus = asking_sentences(cleaned, names_agency=lambda sentence: bool(self._index.match(normalise(sentence))))
        if focus != cleaned and self._index.match(normalise(focus)):
            cleaned = focus  # the asking sentence names its agency: the chatter around it goes
        facts = read_question(cleaned, today=today)
        if year is not None and facts.year is None:
            facts = replace(facts, year=year)
        if agency is not None and agency in self._by_agency:
            matches = self._given(facts.text, agency)
        else:
            matches = self._index.match(facts.text)
        if not matches:
            return self._read_without_agency(question, facts)
        names = tuple(sorted({m.agency.name for m in matches}))
        refused = partial(Answer, question, kind=facts.kind, agencies=names, year=facts.year)
        if facts.relative and agency is None:
            # 去年 depends on when the question is asked, and reports come out the year after: ask back,
            # offering the year it means today.
            start, end = facts.year_span or (0, 0)
            again = f"{facts.text[:start]}{facts.year}年{facts.text[end:]}"
            return refused(
                refusal=Refusal.RELATIVE_YEAR, named=facts.relative, candidates=(Candidate(f"{facts.year}年", again),)
            )
        if len(names) > MAX_TIED_AGENCIES:  # "区教育局…" among dozens of district bureaus
            return refused(refusal=Refusal.AMBIGUOUS_AGENCY, candidates=instead_of(facts.text, matches))
        chosen = pick_reports(self._by_agency, names, facts.year, plan=facts.plan)
        if not chosen.reports:
            return refused(refusal=Refusal.NO_REPORT_FOR_YEAR, years=chosen.years)
        # The asked year stays a keyword when it is not the report's: "三、2013年政务公开努力方向".
        drop = [with_leading_place(facts.text, m.span) for m in matches]
        drop += [facts.year_span] if facts.year_span and not chosen.other_year else []
        queries = self._queries(blanked(facts.text, drop), facts, unnamed=False)
        if not queries:
            return refused(refusal=Refusal.NO_TOPIC)
        if chosen.other_year and all(str(facts.year) in k.forms for q in queries for k in q.keywords):
            # Another year's report may tell of this year's matter, but the question names no matter.
            return refused(refusal=Refusal.NO_REPORT_FOR_YEAR, years=chosen.years)
        return Reading(question, facts, queries, chosen, names, tuple(matches), {"restrict": True})

    def _unused(self, runs: list[str]) -> set[str]:
        """Which of ``runs`` no report uses (as a word of its own)."""
        used = self.store.document_frequencies(normalise(run) for run in runs)
        return {run for run in runs if not used.get(normalise(run))}

    def _given(self, text: str, name: str) -> list[AgencyMatch]:
        """The agency a part of a question across reports was read as, where the part names it (as
        written: 佛山市税务局 for 国家税务总局佛山市税务局)."""
        said = [m.span for m in self._index.match(text) if m.agency.name == name]
        at = text.find(normalise(name))
        span = said[0] if said else (at, at + len(name)) if at >= 0 else (0, 0)
        agency = self._by_agency[name][0].agency
        assert agency is not None, name  # ingest parses every report's agency into the agencies table
        return [AgencyMatch(agency, OWN_ORG, span)]

    def _read_without_agency(self, question: str, facts: QuestionFacts) -> Answer | Reading:
        if named := self._hints.named(facts.text):
            at = facts.text.find(named)
            closest = self._nearest(named)
            instead = tuple(Candidate(n, facts.text[:at] + n + facts.text[at + len(named) :]) for n in closest)
            return Answer(question, refusal=Refusal.UNKNOWN_AGENCY, kind=facts.kind, named=named, candidates=instead)
        queries = self._queries(blanked(facts.text, [facts.year_span] if facts.year_span else []), facts, unnamed=True)
        if not queries:
            return Answer(question, refusal=Refusal.OFF_TOPIC, kind=facts.kind, year=facts.year)
        return Reading(question, facts, queries, Chosen(self._by_row), scope={"restrict": False, "year": facts.year})

    def _queries(self, text: str, facts: QuestionFacts, *, unnamed: bool) -> list[Query]:
        read = partial(queries_of, segmenter=self.segmenter, store=self.store, synonyms=self.synonyms)
        return read(text, facts, unnamed=unnamed)

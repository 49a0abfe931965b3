"""KnowledgeBase: Store + Segmenter behind build()/open()/ask()/close(); one segmentation both ways."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlite_utils

from knowledge import building
from knowledge.agencies import Agency, AgencyIndex, OrgTable, parse_agency
from knowledge.keywords import Keyword, Synonyms, extract_keywords
from knowledge.kinds import NEGATION
from knowledge.models import Answer, Coverage, Hit, Report
from knowledge.question import QuestionFacts, clean_question, read_question
from knowledge.search import Scored, find_hits
from knowledge.segment import Segmenter, normalise
from knowledge.store import Store, StoreError

MAX_QUESTION_CHARS = 200
MIN_COVERAGE = 0.45  # below this share of the question's words, the passage does not answer it
TYPED_MIN_COVERAGE = 0.3
GLOBAL_MIN_COVERAGE = 0.75  # no agency named: only a clear, specific match is an answer
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
AMBIGUOUS_SHARE = 0.8
MAX_TIED_AGENCIES = 8  # more equally named agencies than this cannot be told apart by content


@dataclass(frozen=True, slots=True)
class _Known:
    row: int
    report: Report
    agency: Agency | None


class KnowledgeBase:
    """Answers questions from the reports in one SQLite file.

    Create with ``KnowledgeBase.open(path, segmenter)`` (or ``build``); call ``close()`` when done.
    """

    def __init__(self, store: Store, segmenter: Segmenter) -> None:
        self.store = store
        self.segmenter = segmenter
        self.orgs = OrgTable.load()
        self.synonyms = Synonyms.load()
        self._known: list[_Known] = []
        self._by_agency: dict[str, list[_Known]] = {}
        self._by_row: dict[int, Report] = {}
        self._index = AgencyIndex([], self.orgs)
        self.refresh()

    # -- lifecycle -------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, segmenter: Segmenter, *, check_same_thread: bool = True) -> KnowledgeBase:
        """Open an existing knowledge-base file (read-only). Raises StoreError if it is missing or foreign."""
        cls.check_file(path)
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=check_same_thread)
        return cls(Store(sqlite_utils.Database(conn)), segmenter)

    @staticmethod
    def check_file(path: Path) -> None:
        """Raise StoreError (StaleStore when built by an older version) unless ``path`` is a knowledge base
        this version reads. Cheap: no dictionary is loaded."""
        if not path.is_file():
            raise StoreError(f"knowledge base {path} does not exist; run `reportbot ingest` first")
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            Store(sqlite_utils.Database(conn)).check()
        finally:
            conn.close()

    build = staticmethod(building.build)
    stored_files = staticmethod(building.stored_files)
    freeze_dictionary = staticmethod(building.freeze_dictionary)

    def refresh(self) -> None:
        """Re-read the report list (agencies, years) from the store."""
        parsed: dict[str, Agency] = {}  # an agency's reports of several years share one parse
        self._known = []
        for row, report in self.store.reports():
            if report.agency and report.agency not in parsed:
                parsed[report.agency] = parse_agency(report.agency)
            self._known.append(_Known(row, report, parsed[report.agency] if report.agency else None))
        self._by_row = {k.row: k.report for k in self._known}
        self._by_agency = {}
        for known in self._known:
            if known.agency:
                self._by_agency.setdefault(known.agency.name, []).append(known)
        self._index = AgencyIndex([group[0].agency for group in self._by_agency.values()], self.orgs)  # type: ignore[misc]
        self.segmenter.load(word for agency in parsed.values() for word in building.words_of(agency))

    def close(self) -> None:
        self.store.db.close()

    # -- questions -------------------------------------------------------------------------------
    @property
    def reports(self) -> list[Report]:
        return [k.report for k in self._known]

    def coverage(self) -> Coverage:
        """How many reports, passages, agencies and years this knowledge base holds, and its version."""
        reports, passages = self.store.counts()
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

    def ask(self, question: str, *, today: date | None = None) -> Answer:
        """Answer one question from the reports, or say why not.

        Parameters
        ----------
        question : the user's text, e.g. "温州教育局2018年收到几件依申请公开？"
        today : the date 去年/今年 are relative to (default: today)

        Returns
        -------
        Answer with hits best first (each quoting a span of its passage), or a ``reason``.
        """
        cleaned = clean_question(question)[:MAX_QUESTION_CHARS]
        if not _HAS_CJK.search(cleaned):
            return Answer(question, reason="请用中文提问，例如：温州市教育局2018年收到多少件依申请公开？")
        facts = read_question(cleaned, today=today)
        matches = self._index.match(facts.text)
        if not matches:
            return self._ask_without_agency(question, facts)
        names = {m.agency.name for m in matches}
        if len(names) > MAX_TIED_AGENCIES:  # "区教育局…" among dozens of district bureaus
            return Answer(question, reason=f"有多个机关符合：{_names(names)}。请说明是哪一个。")
        chosen, notes, refusal = self._pick_reports(names, facts)
        if refusal:
            return Answer(question, reason=refusal)
        # The year stays a keyword in a plan question: "三、2013年政务公开努力方向" (d018).
        drop = [_with_leading_place(facts.text, m.span) for m in matches]
        drop += [facts.year_span] if facts.year_span and not facts.plan else []
        keywords = self._keywords(_without(facts.text, drop), facts.kind)
        if not keywords:
            return Answer(question, reason=f"请说明想了解{_names(names)}报告中的什么内容，例如“收到多少件依申请公开”。")
        ranked = find_hits(self.store, keywords, facts.kind, facts.text, chosen, restrict=True)
        refusal = _refusal(ranked, facts, keywords, names)
        if refusal:
            return Answer(question, reason=refusal)
        return Answer(question, hits=tuple(hit for hit, _ in ranked), notes=tuple(notes), terms=_terms(keywords))

    def _pick_reports(self, names: set[str], facts: QuestionFacts) -> tuple[dict[int, Report], list[str], str | None]:
        """The reports the agency/year filter selects, notes for the reply, or why none fits."""
        mine = [k for name in sorted(names) for k in self._by_agency.get(name, [])]
        years = sorted({k.report.year for k in mine if k.report.year})
        if facts.year is None:
            # Each agency's latest report: look-alike agencies stay in the race, not only the newest.
            latest: dict[str, int] = {}
            for k in mine:
                latest[k.agency.name] = max(latest.get(k.agency.name, 0), k.report.year or 0)  # type: ignore[union-attr]
            chosen = {k.row: k.report for k in mine if (k.report.year or 0) == latest[k.agency.name]}
            used = sorted({r.year for r in chosen.values() if r.year})
            others = [str(y) for y in years if y not in used]
            shown = "、".join(str(y) for y in used)
            notes = [f"没有指定年份，使用{shown}年的报告；另有{'、'.join(others)}年的报告。"] if others else []
            return chosen, notes, None
        chosen = {k.row: k.report for k in mine if k.report.year == facts.year}
        if not chosen and facts.plan:
            # d018: the 2013 work plan sits in the 2012 report.
            chosen = {k.row: k.report for k in mine if k.report.year == facts.year - 1}
        if not chosen:
            have = "、".join(str(y) for y in years) or "未知"
            return {}, [], f"没有{_names(names)}{facts.year}年的报告；已有的年份：{have}。"
        return chosen, [], None

    def _ask_without_agency(self, question: str, facts: QuestionFacts) -> Answer:
        named = self._index.named(facts.text)
        if named:
            close = self._index.closest(named)
            hint = f"相近的机关：{'、'.join(close)}。" if close else ""
            return Answer(question, reason=f"知识库里没有“{named}”的报告。{hint}")
        keywords = self._keywords(_without(facts.text, [facts.year_span] if facts.year_span else []), facts.kind)
        if not keywords:
            return Answer(question, reason="这个问题与政府信息公开年度报告无关，或缺少机关名称。")
        ranked = find_hits(self.store, keywords, facts.kind, facts.text, self._by_row, restrict=False, year=facts.year)
        if not ranked or ranked[0][1].coverage < GLOBAL_MIN_COVERAGE:
            return Answer(question, reason="没有在报告中找到答案。可以加上机关名称和年份再问一次。")
        if _ambiguous(ranked):
            agencies = "、".join(dict.fromkeys(h.report.agency or h.report.source for h, _ in ranked[:3]))
            return Answer(question, reason=f"多份报告都有类似内容（{agencies}），请说明是哪个机关、哪一年。")
        return Answer(question, hits=tuple(hit for hit, _ in ranked), terms=_terms(keywords))

    def _keywords(self, text: str, kind: str) -> list[Keyword]:
        return extract_keywords(text, self.segmenter, self.store, self.synonyms, kind=kind)


def _refusal(
    ranked: list[tuple[Hit, Scored]], facts: QuestionFacts, keywords: list[Keyword], names: set[str]
) -> str | None:
    """Why the best hit of the chosen reports does not answer the question, or None when it does."""
    best = ranked[0][1] if ranked else None
    if facts.kind == "contact" and best and not best.type_match:
        return f"{_names(names)}的报告里没有写这项联系方式。"
    # A date or a phone number is itself most of the answer; the words around it may differ
    # ("发到网上" for "发布时间").
    floor = TYPED_MIN_COVERAGE if best and best.type_match and facts.kind in ("date", "contact") else MIN_COVERAGE
    if best is None or best.coverage < floor:
        return f"{_names(names)}的报告里没有找到与此相关的内容。"
    if len(names) > 1 and _ambiguous(ranked):
        return f"有多个机关符合：{_names(names)}。请说明是哪一个。"
    # v169: a sentence that names the topic but gives no figure does not answer "how many".
    if (
        facts.kind in ("number", "date")
        and not best.type_match
        and not _states_zero(ranked[0][0].snippet, facts, keywords)
    ):
        return f"{_names(names)}的报告里没有找到这个数字。"
    return None


def _ambiguous(ranked: list[tuple[Hit, Scored]]) -> bool:
    """Look-alike reports of different agencies answer equally well: the question must say which."""
    best = ranked[0]
    rivals = [r for r in ranked[1:] if r[0].report.agency != best[0].report.agency]
    return bool(rivals) and rivals[0][1].coverage >= AMBIGUOUS_SHARE * best[1].coverage


def _states_zero(snippet: str, facts: QuestionFacts, keywords: list[Keyword]) -> bool:
    if facts.kind != "number":
        return False
    # "未收到申请" answers "收到几件申请" with zero, but only if the negated clause is about the
    # question's most telling word (v162: "未发生…行政复议" says nothing about applications).
    telling = max(keywords, key=lambda k: k.weight)
    for clause in re.split(r"[，,；;。]", snippet):
        if NEGATION.search(clause) and any(form in normalise(clause) for form in telling.forms):
            return True
    return False


def _with_leading_place(text: str, span: tuple[int, int]) -> tuple[int, int]:
    # "广州海珠区…", "中山大涌镇…": a city name just before the agency qualifies it; it is no keyword.
    lead = text[: span[0]]
    if 2 <= len(lead) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", lead):
        return 0, span[1]
    return span


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _terms(keywords: list[Keyword]) -> tuple[str, ...]:
    """Every form of every question word, longest first: what a reply may highlight."""
    return tuple(sorted({form for k in keywords for form in k.forms if len(form) > 1}, key=len, reverse=True))


def _names(names: set[str], most: int = 5) -> str:
    shown = "、".join(sorted(names)[:most])
    return shown + (f"等{len(names)}个机关" if len(names) > most else "")

"""KnowledgeWorker: the knowledge base and query log behind the bot, used from one worker at a time.

`serve` runs it in a process of its own, so answering (jieba, SQLite) uses the second core and never
holds the event loop's GIL; tests run it on a thread. Everything it returns is a picklable dataclass.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from bot.library.ingest import Ingested, Reloaded, ingest
from bot.present.comparisons import chart_data, sources_line
from bot.processes.parallel import die_with_parent
from bot.records.querylog import QueryLog, Stats
from knowledge import Answer, Comparison, Context, Coverage, KnowledgeBase, StoreError
from knowledge.segment import Segmenter

P = ParamSpec("P")
R = TypeVar("R")
EXAMPLE_TEMPLATES = (
    "{agency}{year}年收到多少件依申请公开？",
    "{agency}{year}年主动公开了多少条政府信息？",
    "{agency}{year}年有没有因政府信息公开被申请行政复议？",
)
MOST_EXAMPLE_TRIES = 12
# A misspelt place and a Chinese numeral: the first such question loads pypinyin and cn2an.
WARM_QUESTION = "黄铺区教育局二〇一八年主动公开五条信息吗？"


class ReloadFailed(Exception):
    """The reports folder could not be turned into a usable knowledge base; the old one stays."""


class StartFailed(Exception):
    """The knowledge worker could not open what it serves from: the query log, or the knowledge base."""


def open_query_log(path: Path, key: bytes, keep_days: int) -> QueryLog:
    """The query log at ``path``, or StartFailed naming it (module level: the worker process gets it pickled)."""
    try:
        return QueryLog.open(path, key, keep_days=keep_days)
    except OSError as exc:
        raise StartFailed(f"query log {path}: cannot open ({exc.strerror or exc})") from exc
    except Exception as exc:  # sqlite3's "file is not a database" and kin (bot/ does not import sqlite3)
        raise StartFailed(
            f"query log {path} does not open ({exc}); if it is damaged, move it aside and serve starts a new one"
        ) from exc


@dataclass(frozen=True, slots=True)
class Asked:
    handle: str  # the logged question's random handle, for buttons and deep links
    answer: Answer | Comparison
    latency_ms: float
    chart: bytes | None = None  # a question across reports with enough figures: its PNG


class KnowledgeWorker:
    """Answers, logs and swaps knowledge bases; not thread-safe, so one worker calls it."""

    def __init__(self, database: Path, segmenter: Segmenter, open_log: Callable[[], QueryLog]) -> None:
        self.kb = KnowledgeBase.open(database, segmenter, check_same_thread=False)
        self.log = open_log()

    def coverage(self) -> Coverage:
        return self.kb.coverage()

    def ask(self, question: str, user_id: int, chat_type: str, at: datetime, after: Context | None = None) -> Asked:
        """Answer ``question`` (a follow-up of ``after``, when given) and log it (user id hashed). A
        follow-up is logged as it was answered, completed (沈阳市教育局2017年…), so paging re-asks that."""
        started = time.perf_counter()
        answer = self.kb.respond(question, after=after)
        latency_ms = (time.perf_counter() - started) * 1000
        logged = answer.question if isinstance(answer, Answer) and answer.carried else question
        handle = self.log.record(
            logged, user_id=user_id, chat_type=chat_type, answered=answer.found, latency_ms=latency_ms, at=at
        )
        return Asked(handle, answer, latency_ms, chart=chart_of(answer) if isinstance(answer, Comparison) else None)

    def answer(self, question: str) -> Answer | Comparison:
        """Answer without logging: inline mode asks on every keystroke, and logs only the chosen result."""
        return self.kb.respond(question)

    def chosen(self, question: str, user_id: int, at: datetime) -> None:
        """Log an inline question whose answer card was sent (its latency was not measured then)."""
        self.log.record(question, user_id=user_id, chat_type="inline", answered=True, latency_ms=None, at=at)

    def ask_again(self, handle: str) -> Answer | Comparison | None:
        """Re-answer a logged question (paging, deep links) without logging it twice; None if unknown."""
        question = self.log.question(handle)
        return self.kb.respond(question) if question is not None else None

    def feedback(self, handle: str, user_id: int, vote: int, at: datetime) -> bool | None:
        return self.log.feedback(handle, user_id=user_id, vote=vote, at=at)

    def prune(self, now: datetime) -> int:
        """Delete the questions older than the log keeps; returns how many went."""
        return self.log.prune(now.date())

    def holdings(self) -> list[tuple[str, str | None, int | None, int]]:
        """(file, agency, year, passages) of every report served, by file."""
        return [(r.source, r.agency, r.year, n) for r, n in self.kb.holdings()]

    def stats(self, now: datetime) -> Stats:
        return self.log.stats(now)

    def warm(self) -> list[str]:
        """Pay one-time costs before the first user does; return example questions this KB answers."""
        self.kb.ask(WARM_QUESTION)
        found = examples(self.kb)
        _settle()
        return found

    def swap(self, staging: Path, database: Path, built: Ingested, cache_dir: Path) -> Reloaded:
        """Open the freshly built ``staging`` file, check it, move it to ``database`` and serve it."""
        try:  # its own segmenter (the builder froze its dictionary in cache_dir): the old one serves until the swap
            new_kb = KnowledgeBase.open(staging, cache_dir=cache_dir, check_same_thread=False)
        except StoreError as exc:
            staging.unlink(missing_ok=True)
            raise ReloadFailed(f"the new knowledge base does not open: {exc}") from exc
        coverage = new_kb.coverage()
        if (coverage.reports, coverage.passages) != (built.reports, built.passages) or not coverage.passages:
            new_kb.close()
            staging.unlink(missing_ok=True)
            raise ReloadFailed(f"the new knowledge base holds {coverage.reports} reports, {built.reports} were written")
        os.replace(staging, database)  # the open connection follows the file
        old_kb, self.kb = self.kb, new_kb
        old_kb.close()
        gc.unfreeze()  # the old knowledge base may go now
        del old_kb
        _settle()
        return Reloaded.of(built, coverage)

    def close(self) -> None:
        self.kb.close()
        self.log.close()


def chart_of(comparison: Comparison) -> bytes | None:
    """The chart of a question across reports (in the worker: matplotlib never runs on the event loop)."""
    data = chart_data(comparison)
    if data is None:
        return None
    from bot.present.charts import render_chart  # matplotlib loads with the first chart, not at start

    labels, values, line = data
    return render_chart(comparison.question, labels, values, line=line, footnote=sources_line(comparison))


def _settle() -> None:
    """Hide what is loaded from the garbage collector: the knowledge base's indexes are ~300k objects
    at 48k reports, and a full collection over them (140 ms) would otherwise land on some question."""
    gc.collect()
    gc.freeze()


def update_copy(reports_dir: Path, staging: Path, cache_dir: Path, database: Path, workers: int) -> Ingested:
    """Update a copy of ``database`` from ``reports_dir`` into ``staging`` (in a process or thread of its
    own during /reload): unchanged files are not read again; ``workers`` processes segment."""
    segmenter = Segmenter(cache_dir=cache_dir)
    return ingest(reports_dir, staging, segmenter, out=None, err=None, base=database, workers=workers)


def examples(kb: KnowledgeBase, most: int = 3) -> list[str]:
    """Up to ``most`` questions built from the KB's own agencies that it does answer."""
    latest: dict[str, int] = {}
    for report in kb.reports:
        if report.agency and report.year:
            latest[report.agency] = max(latest.get(report.agency, 0), report.year)
    pairs = sorted(latest.items(), key=lambda item: (-item[1], item[0]))
    found: list[str] = []
    tries = 0
    for template in EXAMPLE_TEMPLATES:
        for agency, year in pairs[len(found) :]:
            if tries >= MOST_EXAMPLE_TRIES or len(found) >= most:
                return found
            tries += 1
            question = template.format(agency=agency, year=year)
            if kb.ask(question).found:
                found.append(question)
                break
    return found


# -- the worker process ---------------------------------------------------------------------------
# A process pool's tasks must be module-level functions; this is the one object they act on.
_in_process: KnowledgeWorker | None = None
_start_failed: Exception | None = None  # why it could not be made, raised to whoever calls it


def start_in_process(database: Path, cache_dir: Path, open_log: Callable[[], QueryLog]) -> None:
    """ProcessPoolExecutor initializer: open the knowledge base in the worker process."""
    global _in_process, _start_failed
    die_with_parent()  # a killed `serve` cannot stop its pool (the log is WAL-safe)
    try:
        _in_process = KnowledgeWorker(database, Segmenter(cache_dir=cache_dir), open_log)
    except Exception as exc:  # an initializer that raises only breaks the pool: keep the reason for the caller
        _start_failed = (
            exc
            if isinstance(exc, StoreError | StartFailed)
            else StartFailed(f"the knowledge worker could not start ({type(exc).__name__}: {exc})")
        )


def call_in_process(method: Callable[Concatenate[KnowledgeWorker, P], R], *args: P.args) -> R:
    """Run ``method(worker, *args)`` in the worker process; ``method`` is a KnowledgeWorker function
    (it pickles by its qualified name, so only functions of the class itself can be sent)."""
    if _start_failed is not None:
        raise _start_failed
    if _in_process is None:
        raise RuntimeError("the knowledge worker process was not started")
    return method(_in_process, *args)

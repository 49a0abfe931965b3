"""KnowledgeService: the one knowledge base the bot serves — asked off the event loop, reloaded by swapping.

All SQLite and jieba work runs on one worker thread, so a slow question never stalls other chats and
the knowledge base and query log are only ever touched from one thread. A reload builds a new file on
another thread, validates it, then swaps it in; the old one is closed after the questions already
queued on it.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

from bot.ingest import Ingested, ingest
from knowledge import Answer, Coverage, KnowledgeBase, Report, StoreError
from knowledge.querylog import QueryLog, Stats
from knowledge.segment import Segmenter
from loaders import ReportUnreadable

T = TypeVar("T")
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


class ReloadBusy(Exception):
    """A reload is already running."""


@dataclass(frozen=True, slots=True)
class Asked:
    question_id: int
    answer: Answer
    latency_ms: float


@dataclass(frozen=True, slots=True)
class Reloaded:
    reports: int
    passages: int
    seconds: float
    added: tuple[str, ...]  # report sources
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    skipped: tuple[str, ...]  # "file: why"
    version: str


class KnowledgeService:
    """Owns the serving KnowledgeBase and the QueryLog; whoever creates it calls ``close()``."""

    def __init__(
        self,
        kb: KnowledgeBase,
        log: QueryLog,
        *,
        reports_dir: Path,
        database: Path,
        cache_dir: Path,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self._kb = kb
        self.log = log
        self.reports_dir, self.database, self.cache_dir = reports_dir, database, cache_dir
        self.clock = clock
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="knowledge")
        self._reloading = asyncio.Lock()
        self.coverage: Coverage = kb.coverage()
        self.started_at = self.loaded_at = clock()
        self.last_reload: Reloaded | None = None
        self.examples: list[str] = []

    async def _on_worker(self, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._worker, work)

    # -- questions -------------------------------------------------------------------------------
    async def ask(self, question: str, *, user_id: int, chat_type: str) -> Asked:
        """Answer ``question`` and log it (user id hashed)."""
        kb = self._kb

        def work() -> Asked:
            started = time.perf_counter()
            answer = kb.ask(question)
            latency_ms = (time.perf_counter() - started) * 1000
            question_id = self.log.record(
                question,
                user_id=user_id,
                chat_type=chat_type,
                answered=answer.found,
                latency_ms=latency_ms,
                at=self.clock(),
            )
            return Asked(question_id, answer, latency_ms)

        return await self._on_worker(work)

    async def ask_again(self, question_id: int) -> Answer | None:
        """Re-answer a logged question (paging, deep links) without logging it twice; None if unknown."""
        kb = self._kb

        def work() -> Answer | None:
            question = self.log.question(question_id)
            return kb.ask(question) if question is not None else None

        return await self._on_worker(work)

    async def feedback(self, question_id: int, *, user_id: int, vote: int) -> bool:
        return await self._on_worker(
            partial(self.log.feedback, question_id, user_id=user_id, vote=vote, at=self.clock())
        )

    async def stats(self) -> Stats:
        return await self._on_worker(partial(self.log.stats, self.clock()))

    async def warm(self) -> None:
        """Pay one-time costs before the first user does, and find example questions this KB answers."""
        kb = self._kb

        def work() -> list[str]:
            kb.ask(WARM_QUESTION)
            return _examples(kb)

        self.examples = await self._on_worker(work)

    # -- reload ----------------------------------------------------------------------------------
    @property
    def reloading(self) -> bool:
        return self._reloading.locked()

    async def reload(self) -> Reloaded:
        """Rebuild from ``reports_dir`` off the event loop, validate, swap. Raises ReloadBusy / ReloadFailed."""
        if self._reloading.locked():
            raise ReloadBusy
        async with self._reloading:
            new_kb, done = await asyncio.to_thread(self._build)
            old_kb, self._kb = self._kb, new_kb
            self.coverage = new_kb.coverage()
            self.loaded_at = self.clock()
            self._worker.submit(old_kb.close)  # after the questions already queued on it
            self.last_reload = _changes(old_kb.reports, new_kb.reports, done, self.coverage.version)
            return self.last_reload

    def _build(self) -> tuple[KnowledgeBase, Ingested]:
        staging = self.database.with_name(f"{self.database.name}.new")
        segmenter = Segmenter(cache_dir=self.cache_dir)
        try:
            done = ingest(self.reports_dir, staging, segmenter, out=None, err=None)
            new_kb = KnowledgeBase.open(staging, segmenter, check_same_thread=False)
        except (ReportUnreadable, StoreError, OSError) as exc:
            staging.unlink(missing_ok=True)
            raise ReloadFailed(str(exc)) from exc
        coverage = new_kb.coverage()
        if (coverage.reports, coverage.passages) != (done.reports, done.passages) or not coverage.passages:
            new_kb.close()
            staging.unlink(missing_ok=True)
            raise ReloadFailed(f"the new knowledge base holds {coverage.reports} reports, {done.reports} were written")
        os.replace(staging, self.database)  # the open connection follows the file
        return new_kb, done

    def close(self) -> None:
        """Close the knowledge base and the log after everything queued on the worker."""
        self._worker.submit(self._kb.close)
        self._worker.submit(self.log.close)
        self._worker.shutdown(wait=True)


def _changes(before: list[Report], after: list[Report], done: Ingested, version: str) -> Reloaded:
    old = {r.source: r.sha256 for r in before}
    new = {r.source: r.sha256 for r in after}
    return Reloaded(
        reports=done.reports,
        passages=done.passages,
        seconds=done.seconds,
        added=tuple(sorted(set(new) - set(old))),
        removed=tuple(sorted(set(old) - set(new))),
        changed=tuple(sorted(s for s in set(old) & set(new) if old[s] != new[s])),
        skipped=done.skipped,
        version=version,
    )


def _examples(kb: KnowledgeBase, most: int = 3) -> list[str]:
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

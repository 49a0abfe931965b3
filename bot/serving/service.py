"""KnowledgeService: the bot's async face of the KnowledgeWorker — one worker, reloads by swapping.

Every question goes to a single worker (a process for `serve`, a thread in tests), so SQLite and jieba
never run on the event loop. A reload builds the new file in a worker of its own, then the knowledge
worker swaps it in between two questions; questions queued before the swap are answered from the old
knowledge base.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
from collections.abc import AsyncIterator, Callable
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from datetime import datetime
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from bot.library.ingest import Ingested, Reloaded
from bot.library.writelock import IngestBusy, staging_path, writing
from bot.processes.parallel import die_with_parent
from bot.records.querylog import QueryLog, Stats
from bot.serving.worker import Asked, KnowledgeWorker, ReloadFailed, call_in_process, start_in_process, update_copy
from knowledge import Answer, Comparison, Context, Coverage, StoreError
from knowledge.segment import Segmenter
from loaders import ReportUnreadable
from loaders.errors import Said

__all__ = ["Asked", "KnowledgeService", "ReloadBusy", "ReloadFailed", "Reloaded"]


# A served bot's log is read after the fact: every line says when (local time, to the millisecond).
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
log = logging.getLogger("reportbot.service")  # under reportbot: `serve` shows its INFO lines
PRUNE_EVERY = 24 * 3600.0  # seconds between two prunings of the query log
P = ParamSpec("P")
R = TypeVar("R")


class ReloadBusy(Exception):
    """A reload is already running."""


class KnowledgeService:
    """Owns the knowledge worker; whoever starts it calls ``close()``."""

    def __init__(
        self,
        start: Callable[[], tuple[Executor, Callable[..., Future[Any]]]],
        *,
        reports_dir: Path,
        database: Path,
        cache_dir: Path,
        clock: Callable[[], datetime],
        builder: Callable[[], Executor],
        build_workers: int = 1,
    ) -> None:
        self._start, self._builder, self._build_workers = start, builder, build_workers
        self._pool, self._call = start()
        self.reports_dir, self.database, self.cache_dir = reports_dir, database, cache_dir
        self.clock = clock
        self._reloading = asyncio.Lock()
        self.uploading = asyncio.Lock()  # one admin upload at a time: stored, then reloaded
        self.coverage: Coverage = self._call(KnowledgeWorker.coverage).result()
        self.started_at = self.loaded_at = clock()
        self.last_reload: Reloaded | None = None
        self.examples: list[str] = []

    @classmethod
    def in_process(
        cls,
        database: Path,
        query_log: Callable[[], QueryLog] | None,
        *,
        reports_dir: Path,
        cache_dir: Path,
        clock: Callable[[], datetime] = datetime.now,
    ) -> KnowledgeService:
        """`serve`: the knowledge base in a worker process of its own (the second core), builds in another.
        ``query_log`` opens the log in that process (a picklable function; None: in memory)."""
        query_log = query_log or _memory_log()
        spawn = get_context("spawn")  # no fork of a process that may already run threads

        def start() -> tuple[Executor, Callable[..., Future[Any]]]:
            pool = ProcessPoolExecutor(
                max_workers=1, mp_context=spawn, initializer=_start_worker, initargs=(database, cache_dir, query_log)
            )
            return pool, partial(pool.submit, call_in_process)

        return cls(
            start,
            reports_dir=reports_dir,
            database=database,
            cache_dir=cache_dir,
            clock=clock,
            builder=lambda: ProcessPoolExecutor(max_workers=1, mp_context=spawn, initializer=_start_builder),
            build_workers=os.cpu_count() or 1,  # the builder process is single-threaded: it may fork
        )

    @classmethod
    def on_thread(
        cls,
        database: Path,
        query_log: Callable[[], QueryLog] | None,
        segmenter: Segmenter,
        *,
        reports_dir: Path,
        cache_dir: Path,
        clock: Callable[[], datetime] = datetime.now,
    ) -> KnowledgeService:
        """Tests and small setups: the same worker on a thread, sharing an initialised segmenter."""
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="knowledge")
        open_log = query_log or _memory_log()
        worker: KnowledgeWorker = pool.submit(KnowledgeWorker, database, segmenter, open_log).result()
        return cls(
            lambda: (pool, lambda method, *args: pool.submit(method, worker, *args)),
            reports_dir=reports_dir,
            database=database,
            cache_dir=cache_dir,
            clock=clock,
            builder=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="reload"),
            build_workers=1,  # never fork a process that runs threads
        )

    async def _on_worker(self, method: Callable[Concatenate[KnowledgeWorker, P], R], *args: P.args) -> R:
        """``method(worker, *args)`` on the knowledge worker: a KnowledgeWorker function, not its name, so
        a misspelt or mistyped call fails where it is written (and in a type checker), not in the worker."""
        pool = self._pool
        try:
            return await asyncio.wrap_future(self._call(method, *args))
        except BrokenProcessPool:
            # The worker process died (OOM killer, a crash): start another (the knowledge base is on
            # disk, the log is WAL) and try once more. The first caller to notice restarts it.
            if self._pool is pool:
                log.error("the knowledge worker process died; starting a new one")
                pool.shutdown(wait=False)
                self._pool, self._call = self._start()
            return await asyncio.wrap_future(self._call(method, *args))

    # -- questions -------------------------------------------------------------------------------
    async def ask(self, question: str, *, user_id: int, chat_type: str, after: Context | None = None) -> Asked:
        """Answer ``question`` (a follow-up of ``after``, the conversation's last reading) and log it (user id hashed)."""
        return await self._on_worker(KnowledgeWorker.ask, question, user_id, chat_type, self.clock(), after)

    async def answer(self, question: str) -> Answer | Comparison:
        """Answer ``question`` without logging it (inline mode: see ``chosen``)."""
        return await self._on_worker(KnowledgeWorker.answer, question)

    async def chosen(self, question: str, *, user_id: int) -> None:
        """Log an inline question whose answer was sent."""
        await self._on_worker(KnowledgeWorker.chosen, question, user_id, self.clock())

    async def ask_again(self, handle: str) -> Answer | Comparison | None:
        """Re-answer a logged question (paging, deep links) without logging it twice; None if unknown."""
        return await self._on_worker(KnowledgeWorker.ask_again, handle)

    async def feedback(self, handle: str, *, user_id: int, vote: int) -> bool | None:
        """Record a vote: True; already voted: False; the question is not in the log (pruned): None."""
        return await self._on_worker(KnowledgeWorker.feedback, handle, user_id, vote, self.clock())

    async def stats(self) -> Stats:
        return await self._on_worker(KnowledgeWorker.stats, self.clock())

    async def prune_daily(self, every: float = PRUNE_EVERY) -> None:
        """Delete old questions every ``every`` seconds until cancelled: an idle bot forgets on time too
        (the log also prunes on the first question of a day)."""
        while True:
            await asyncio.sleep(every)
            try:
                pruned = await self._on_worker(KnowledgeWorker.prune, self.clock())
            except Exception:  # a failed pruning must not end the loop; the next day tries again
                log.exception("pruning the query log failed")
            else:
                log.info("pruned %d questions from the query log", pruned)

    async def warm(self) -> None:
        """Pay one-time costs before the first user does, and find example questions this KB answers."""
        self.examples = await self._on_worker(KnowledgeWorker.warm)

    # -- reload ----------------------------------------------------------------------------------
    @property
    def reloading(self) -> bool:
        return self._reloading.locked()

    async def holdings(self) -> list[tuple[str, str | None, int | None, int]]:
        """(file, agency, year, passages) of every report served, by file."""
        return await self._on_worker(KnowledgeWorker.holdings)

    async def reload(self, *, wait: bool = False) -> Reloaded:
        """Rebuild from ``reports_dir`` off the event loop, validate, swap. Raises ReloadBusy (unless
        ``wait``: then it runs after the reload under way) / ReloadFailed."""
        if self._reloading.locked() and not wait:
            raise ReloadBusy
        async with self._reloading:
            try:
                done = await self._reload()
            except ReloadFailed as exc:
                log.warning("reload failed, still serving version %s: %s", self.coverage.version, exc)
                raise
        log.info(
            "reload: %d reports, %d passages, version %s, %.1f s (added %d, changed %d, removed %d, skipped %d)",
            done.reports, done.passages, done.coverage.version, done.seconds,
            len(done.added), len(done.changed), len(done.removed), len(done.skipped),
        )  # fmt: skip
        return done

    async def _reload(self) -> Reloaded:
        async with self._writing():
            staging = staging_path(self.database)
            built = await self._build(staging)
            if built.written:
                done: Reloaded = await self._on_worker(
                    KnowledgeWorker.swap, staging, self.database, built, self.cache_dir
                )
            else:  # every file as it was: nothing to swap
                done = Reloaded.of(built, self.coverage)
            self.coverage, self.loaded_at, self.last_reload = done.coverage, self.clock(), done
            return done

    @asynccontextmanager
    async def _writing(self) -> AsyncIterator[None]:
        """The database's write lock, held until the swap: an ingest that finished in between would be
        replaced by this build."""
        try:
            with writing(self.database):
                yield
        except IngestBusy as exc:  # only taking the lock raises it
            raise ReloadFailed(exc.args[0]) from exc

    async def _build(self, staging: Path) -> Ingested:
        builder = self._builder()
        try:
            future = builder.submit(
                update_copy, self.reports_dir, staging, self.cache_dir, self.database, self._build_workers
            )
            return await asyncio.wrap_future(future)
        except (ReportUnreadable, StoreError, OSError) as exc:
            staging.unlink(missing_ok=True)
            raise ReloadFailed(exc.args[0] if isinstance(exc, ReportUnreadable) else str(exc)) from exc
        except BrokenExecutor as exc:  # the builder process died (the OOM killer): nothing was swapped
            staging.unlink(missing_ok=True)
            raise ReloadFailed(
                Said(
                    "the process building the knowledge base died (out of memory?)",
                    "重建知识库的进程意外退出（内存不足？）",
                )
            ) from exc
        except Exception as exc:  # a bug in the build must still leave the old knowledge base serving
            log.exception("reload failed")
            staging.unlink(missing_ok=True)
            kind = type(exc).__name__
            raise ReloadFailed(
                Said(f"an unexpected error ({kind}); see the log", f"意外错误（{kind}），详见日志")
            ) from exc
        finally:
            builder.shutdown(wait=False)

    def close(self) -> None:
        """Close the knowledge base and the log after everything queued on the worker."""
        self._call(KnowledgeWorker.close)
        self._pool.shutdown(wait=True)


def quiet_jieba() -> None:
    """Keep jieba's dictionary loading out of the log: jieba logs it at DEBUG to a stderr handler of
    its own, set up anew in every process that imports it (`serve`'s worker and builder too)."""
    jieba = logging.getLogger("jieba")
    jieba.setLevel(logging.WARNING)
    for handler in list(jieba.handlers):  # its warnings then go through the root logger's format
        jieba.removeHandler(handler)


def _log_like_serve() -> None:
    """A spawned process logs as `serve` does (time, level, name), its warnings only: its root logger
    starts unconfigured, and Python's last-resort handler prints bare messages."""
    logging.basicConfig(level=logging.WARNING, format=LOG_FORMAT)
    quiet_jieba()


def _start_worker(database: Path, cache_dir: Path, open_log: Callable[[], QueryLog]) -> None:
    _log_like_serve()
    start_in_process(database, cache_dir, open_log)


def _start_builder() -> None:
    _log_like_serve()
    die_with_parent()


def _memory_log() -> Callable[[], QueryLog]:
    """A query log in memory with a key of its own (tests, and setups that keep no log)."""
    return partial(QueryLog.open, None, secrets.token_bytes(32))

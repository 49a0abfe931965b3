"""ordered_map: a function over a stream of items on several cores, results in order, memory bounded.

Ingest reads, cuts and indexes tens of thousands of reports; the reading and cutting are spread over
forked worker processes (they inherit whatever the parent loaded, jieba's dictionary included: nothing
is pickled but the items and results) while this process writes. Every worker dies with its parent.
"""

from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
BATCH = 8  # items per task sent to a worker (fewer round trips)
WINDOW = 16  # batches in flight per worker: enough to keep them busy, few enough to bound memory
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def ordered_map(fn: Callable[[T], R], items: Iterable[T], *, workers: int) -> Generator[R, None, None]:
    """``map(fn, items)``, in ``workers`` forked processes when > 1 (and fork exists).

    ``fn`` and the items must pickle (a module-level function, or a ``functools.partial`` of one).
    Items are read lazily and at most ``WINDOW`` batches per worker are in flight, so a stream of
    any length never sits in memory. Close the iterator (or exhaust it) to stop the workers.
    """
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(fn, items)
        return
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=fork, initializer=die_with_parent) as pool:
        pending: deque[Future[list[R]]] = deque()
        try:
            it = iter(items)
            while batch := list(itertools.islice(it, BATCH)):
                pending.append(pool.submit(_apply, fn, batch))
                if len(pending) >= WINDOW * workers:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def _apply(fn: Callable[[T], R], batch: list[T]) -> list[R]:
    return [fn(item) for item in batch]


def die_with_parent() -> None:
    """A process pool's initializer: this worker ends when the process that started it ends, even by
    SIGKILL, which gives the parent no chance to stop its pool (a killed `ingest`, a killed `serve`).

    On Linux the kernel kills it (when the *thread* that started it ends, so start pools from threads
    that live as long as their process); elsewhere a thread of its own watches the parent.
    """
    parent = multiprocessing.parent_process()
    parent_pid = parent.pid if parent is not None and parent.pid is not None else os.getppid()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent_pid:  # the parent died before the kernel was told
                os._exit(1)
            return
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True, name="parent-watch").start()


def _exit_with_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os._exit(1)

"""ordered_map: a function over a stream of items on several cores, results in order, memory bounded.

Ingest reads, cuts and indexes tens of thousands of reports; the reading and cutting are spread over
forked worker processes (they inherit whatever the parent loaded, jieba's dictionary included: nothing
is pickled but the items and results) while this process writes.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
BATCH = 8  # items per task sent to a worker (fewer round trips)
WINDOW = 16  # batches in flight per worker: enough to keep them busy, few enough to bound memory


def ordered_map(fn: Callable[[T], R], items: Iterable[T], *, workers: int) -> Iterator[R]:
    """``map(fn, items)``, in ``workers`` forked processes when > 1 (and fork exists).

    ``fn`` and the items must pickle (a module-level function, or a ``functools.partial`` of one).
    Items are read lazily and at most ``WINDOW`` batches per worker are in flight, so a stream of
    any length never sits in memory. Close the iterator (or exhaust it) to stop the workers.
    """
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(fn, items)
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
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

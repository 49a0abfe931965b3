import multiprocessing
import os
from contextlib import closing

from knowledge.parallel import BATCH, WINDOW, ordered_map


def _pid_of(_item: int) -> int:
    return os.getpid()


def test_results_come_in_order_from_forked_workers():
    assert list(ordered_map(abs, range(-500, 0), workers=2)) == list(range(500, 0, -1))
    pids = set(ordered_map(_pid_of, range(200), workers=2))
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_one_worker_runs_here():
    assert set(ordered_map(_pid_of, range(10), workers=1)) == {os.getpid()}


def test_items_are_read_lazily_and_closing_stops_the_workers():
    taken = []

    def items():
        for i in range(100_000):
            taken.append(i)
            yield i

    with closing(ordered_map(abs, items(), workers=2)) as results:
        assert [next(results) for _ in range(3)] == [0, 1, 2]
    assert len(taken) <= (WINDOW * 2 + 1) * BATCH
    assert multiprocessing.active_children() == []

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from contextlib import closing

import pytest
from paths import ROOT
from processes import kill_session, survivors

from bot.processes.parallel import BATCH, WINDOW, ordered_map


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


# Two batches, so both workers take one; each leaves its pid in a folder, then naps far longer than the test.
NAPPING_MAP = """
import os, sys, time
from pathlib import Path
from bot.processes.parallel import ordered_map

def nap(item):
    (Path(sys.argv[2]) / str(os.getpid())).touch()
    time.sleep(60)

if __name__ == "__main__":
    if sys.argv[1] == "watch":
        sys.platform = "darwin"  # no prctl there: the worker's own thread watches its parent
    list(ordered_map(nap, range(2 * BATCH), workers=2))
""".replace("BATCH", str(BATCH))


@pytest.mark.slow
@pytest.mark.parametrize("way", ["kernel", "watch"])
def test_workers_die_when_their_parent_is_killed(way, tmp_path):
    parent = subprocess.Popen(
        [sys.executable, "-c", NAPPING_MAP, way, str(tmp_path)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,  # its workers can be found (and cleaned up) by session
    )
    try:
        deadline = time.monotonic() + 15
        while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = sorted(int(p.name) for p in tmp_path.iterdir())
        assert len(workers) == 2 and parent.pid not in workers
        parent.send_signal(signal.SIGKILL)  # no chance to stop its pool
        parent.wait(timeout=10)
        assert survivors(workers, within=5) == []
    finally:
        kill_session(parent.pid)

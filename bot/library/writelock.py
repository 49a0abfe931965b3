"""One writer per knowledge base: `ingest` and /reload hold a lock beside it while they write it.

Without it two runs into the same file both start from the old one, and the last to finish drops the
other's reports. The holder also clears what killed runs left behind.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from loaders.errors import Said


class IngestBusy(Exception):
    """Another ingest or /reload is writing this knowledge base."""


def staging_path(database: Path) -> Path:
    """Where /reload builds the next version of ``database`` before swapping it in."""
    return database.with_name(f"{database.name}.new")


@contextmanager
def writing(database: Path) -> Iterator[None]:
    """Hold the write lock of ``database`` for the block, or raise IngestBusy at once (no waiting).

    The lock is ``.<name>.lock`` beside it, locked with flock: the kernel releases it when its holder
    ends, however it ends. Once held, the half-written files of killed runs are deleted.
    """
    database.parent.mkdir(parents=True, exist_ok=True)
    with open(database.with_name(f".{database.name}.lock"), "a+", encoding="ascii") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "?"  # "?": it holds the lock but has not written its pid yet
            raise IngestBusy(
                Said(
                    f"another ingest is writing {database} (pid {holder}); try again when it finishes",
                    f"另一个导入正在写 {database}（进程 {holder}），请等它结束后再试",
                )
            ) from None
        lock.truncate(0)
        lock.write(str(os.getpid()))
        lock.flush()
        clear_leftovers(database)
        yield


def clear_leftovers(database: Path) -> list[Path]:
    """Delete what killed runs left beside ``database`` and return it: the temporary files of an ingest
    (``.kb.db.<pid>.tmp``) and of a /reload (``.kb.db.new.<pid>.tmp``) whose process is gone, and a
    /reload's staging file. Call it holding the lock: then no live run is writing the staging file."""
    pattern = re.compile(rf"\.{re.escape(database.name)}(?:\.new)?\.(\d+)\.tmp")
    gone = [
        path
        for path in database.parent.glob(f".{database.name}.*.tmp")
        if (match := pattern.fullmatch(path.name)) and not _alive(int(match[1]))
    ]
    staging = staging_path(database)
    gone += [staging] if staging.exists() else []
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True

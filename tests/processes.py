"""Processes a test started and must see gone, read from /proc (Linux), so no package is needed for it."""

import contextlib
import os
import select
import signal
import time
from pathlib import Path


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name: state, ppid, process group, session …"""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _living() -> dict[int, list[str]]:
    found = {}
    for entry in Path("/proc").glob("[0-9]*"):
        fields = _stat(int(entry.name))
        if fields is not None and fields[0] != "Z":
            found[int(entry.name)] = fields
    return found


def children(pid: int) -> list[int]:
    return [child for child, fields in _living().items() if int(fields[1]) == pid]


def in_session(session: int) -> list[int]:
    """Living processes of a session: a process started with ``start_new_session`` and everything it
    started, even those whose parent is gone (they are re-parented, but keep the session)."""
    return [pid for pid, fields in _living().items() if int(fields[3]) == session]


def alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def survivors(pids: list[int], *, within: float) -> list[int]:
    """Those of ``pids`` still alive after waiting up to ``within`` seconds for them to end."""
    deadline = time.monotonic() + within
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [pid for pid in pids if alive(pid)]


def kill_session(session: int) -> None:
    """Clean up after a failed test: SIGKILL whatever of the session is left."""
    for pid in in_session(session):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def first_line(fd: int, *, within: float) -> str:
    """The first line a process writes to the pipe ``fd``, waiting up to ``within`` seconds for it. Read byte
    by byte: nothing after the line is taken out of the pipe."""
    deadline = time.monotonic() + within
    line = b""
    while not line.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise TimeoutError(f"no line within {within} s (so far: {line!r})")
        byte = os.read(fd, 1)
        if not byte:
            raise EOFError(f"the pipe closed before a whole line (so far: {line!r})")
        line += byte
    return line.decode()

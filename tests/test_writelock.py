import os
import subprocess
import sys
from pathlib import Path

import pytest
from paths import ROOT

from bot.library.writelock import IngestBusy, clear_leftovers, staging_path, writing

HOLDER = """
import sys, time
from pathlib import Path
from bot.library.writelock import writing

with writing(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(30)
"""


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_second_writer_is_refused_at_once_with_the_holders_pid(tmp_path):
    db = tmp_path / "kb.db"
    with writing(db):
        with pytest.raises(IngestBusy) as refused, writing(db):
            pass
        assert str(refused.value) == (f"another ingest is writing {db} (pid {os.getpid()}); try again when it finishes")
        with writing(tmp_path / "other.db"):  # another knowledge base is another lock
            pass
    with writing(db):  # released when the block ends
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == [".kb.db.lock", ".other.db.lock"]


def test_a_writer_in_another_process_is_refused_too(tmp_path):
    db = tmp_path / "kb.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(IngestBusy, match=rf"\(pid {holder.pid}\)"), writing(db):
            pass
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    with writing(db):  # the kernel released the killed holder's lock
        pass


def test_the_lock_holder_clears_what_dead_runs_left_and_nothing_of_live_ones(tmp_path):
    db, dead, live = tmp_path / "kb.db", _dead_pid(), os.getppid()
    names = [
        f".kb.db.{dead}.tmp",  # a killed ingest
        f".kb.db.new.{dead}.tmp",  # a killed /reload's build
        "kb.db.new",  # a /reload's staging file, killed before the swap
        f".kb.db.{live}.tmp",
        f".kb.db.new.{live}.tmp",
        f".other.db.{dead}.tmp",  # another knowledge base's
        f".kb.db.x{dead}.tmp",
        "kb.db",
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    with writing(db):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [
            ".kb.db.lock",
            f".kb.db.{live}.tmp",
            f".kb.db.new.{live}.tmp",
            f".other.db.{dead}.tmp",
            f".kb.db.x{dead}.tmp",
            "kb.db",
        ]
    )
    assert clear_leftovers(db) == []


def test_staging_is_beside_the_database():
    assert staging_path(Path("data/kb.db")) == Path("data/kb.db.new")

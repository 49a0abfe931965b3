"""QueryLog: what was asked, whether it was answered, how fast, and the 👍/👎 it got — for /stats.

A SQLite file of its own, so rebuilding the knowledge base never loses it. User ids are stored only as
a keyed hash (the key lives in the file), so the log can count people without naming them.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlite_utils

TOP_UNANSWERED = 5


@dataclass(frozen=True, slots=True)
class DayCount:
    day: str  # 2026-11-22
    questions: int
    answered: int


@dataclass(frozen=True, slots=True)
class Stats:
    days: tuple[DayCount, ...]  # newest first
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    unanswered: tuple[tuple[str, int], ...]  # (question, times asked), most asked first
    thumbs_up: int
    thumbs_down: int


class QueryLog:
    """Append-only log of questions and feedback. Use from one thread at a time."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        db.execute("PRAGMA foreign_keys = ON")  # feedback must name a logged question
        if "questions" not in db.table_names():
            db["questions"].create(
                {
                    "id": int,
                    "asked_at": str,
                    "day": str,
                    "user": str,
                    "chat_type": str,
                    "question": str,
                    "answered": int,
                    "latency_ms": float,
                },
                pk="id",
            )
            db["questions"].create_index(["day"])
        if "feedback" not in db.table_names():
            db["feedback"].create(
                {"question": int, "user": str, "vote": int, "at": str},
                pk=("question", "user"),
                foreign_keys=[("question", "questions", "id")],
            )
        if "meta" not in db.table_names():
            db["meta"].create({"key": str, "value": str}, pk="key")
        rows = list(db.query("SELECT value FROM meta WHERE key = 'user_key'"))
        if rows:
            self._key = bytes.fromhex(rows[0]["value"])
        else:
            self._key = secrets.token_bytes(16)
            db["meta"].insert({"key": "user_key", "value": self._key.hex()})

    @classmethod
    def open(cls, path: Path | None) -> QueryLog:
        """Open (creating) the log at ``path``; None keeps it in memory. Usable from any one thread."""
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(":memory:" if path is None else path, check_same_thread=False)
        if path is not None:
            # One small commit per question: WAL with NORMAL sync commits without an fsync each time
            # (a crash may lose the last few log lines, never the file).
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        return cls(sqlite_utils.Database(conn))

    def close(self) -> None:
        self.db.close()

    def user_hash(self, user_id: int) -> str:
        return hashlib.blake2b(str(user_id).encode(), key=self._key, digest_size=8).hexdigest()

    def record(
        self, question: str, *, user_id: int, chat_type: str, answered: bool, latency_ms: float, at: datetime
    ) -> int:
        """Log one question; returns its id (what feedback refers to)."""
        with self.db.conn:
            cursor = self.db.execute(
                "INSERT INTO questions (asked_at, day, user, chat_type, question, answered, latency_ms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    at.isoformat(timespec="seconds"),
                    at.date().isoformat(),
                    self.user_hash(user_id),
                    chat_type,
                    question,
                    int(answered),
                    latency_ms,
                ],
            )
        return int(cursor.lastrowid)

    def question(self, question_id: int) -> str | None:
        """The text of a logged question (what "more" and deep links re-ask), or None."""
        rows = list(self.db.query("SELECT question FROM questions WHERE id = ?", [question_id]))
        return rows[0]["question"] if rows else None

    def feedback(self, question_id: int, *, user_id: int, vote: int, at: datetime) -> bool:
        """Record a 👍 (+1) or 👎 (-1) once per person and question; False if it was already given."""
        if vote not in (1, -1):
            raise ValueError(f"vote must be +1 or -1, not {vote}")
        try:
            with self.db.conn:
                self.db.execute(
                    "INSERT INTO feedback (question, user, vote, at) VALUES (?, ?, ?, ?)",
                    [question_id, self.user_hash(user_id), vote, at.isoformat(timespec="seconds")],
                )
        except sqlite3.IntegrityError:  # the same person again, or a question id that is not ours
            return False
        return True

    def stats(self, today: datetime, *, days: int = 7) -> Stats:
        """Per-day counts, latency and feedback over the last ``days`` days, and what went unanswered."""
        since = (today.date() - timedelta(days=days - 1)).isoformat()
        per_day = tuple(
            DayCount(row["day"], row["n"], row["ok"])
            for row in self.db.query(
                "SELECT day, count(*) AS n, sum(answered) AS ok FROM questions WHERE day >= ? "
                "GROUP BY day ORDER BY day DESC",
                [since],
            )
        )
        latencies = [
            row["latency_ms"]
            for row in self.db.query("SELECT latency_ms FROM questions WHERE day >= ? ORDER BY latency_ms", [since])
        ]
        unanswered = tuple(
            (row["question"], row["n"])
            for row in self.db.query(
                "SELECT question, count(*) AS n FROM questions WHERE day >= ? AND answered = 0 "
                "GROUP BY question ORDER BY n DESC, max(id) DESC LIMIT ?",
                [since, TOP_UNANSWERED],
            )
        )
        votes = dict.fromkeys((1, -1), 0)
        for row in self.db.query(
            "SELECT vote, count(*) AS n FROM feedback JOIN questions ON questions.id = feedback.question "
            "WHERE questions.day >= ? GROUP BY vote",
            [since],
        ):
            votes[row["vote"]] = row["n"]
        return Stats(
            days=per_day,
            latency_p50_ms=_quantile(latencies, 0.50),
            latency_p95_ms=_quantile(latencies, 0.95),
            unanswered=unanswered,
            thumbs_up=votes[1],
            thumbs_down=votes[-1],
        )


def _quantile(ordered: list[float], q: float) -> float | None:
    """The nearest-rank quantile of an ascending list.

    >>> _quantile([1.0, 2.0, 3.0, 4.0], 0.5), _quantile([], 0.5)
    (2.0, None)
    """
    if not ordered:
        return None
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]

"""QueryLog: what was asked, whether it was answered, how fast, and the 👍/👎 it got — for /stats.

A SQLite file of its own, so rebuilding the knowledge base never loses it. What one row keeps: the
question text (ID-card and mobile numbers and e-mail addresses masked), when, the chat type, whether
it was answered, the latency, and a keyed hash of the user id (feedback: the same hash and the vote).
The key is not in this file (the caller keeps it in a private file of its own), so a copy of the log
cannot be turned back into user ids; with a new key, old hashes simply stop matching. Rows older than
``keep_days`` are deleted when the log opens and once a day after.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlite_utils

TOP_UNANSWERED = 5
KEEP_DAYS = 180  # how long a question is kept unless the config says otherwise
HANDLE_BYTES = 9  # a question's public handle: 72 random bits, 12 URL-safe characters (a deep link allows 64)
MIN_KEY_BYTES = 16
# Personal data people paste into a question; none of it helps answer it. An ID card is 17 digits and
# a check digit, or the old 15 digits: written whole or in 6-8-4 groups it is masked as it stands;
# grouped any other way (spaces or hyphens between any digits) only if its birth date is a date, so a
# row of separate figures is not taken for one. A mainland mobile number is 1[3-9] and 9 digits (groups
# may be split by spaces or hyphens, a +86 in front).
_ID_WHOLE = re.compile(r"(?<![0-9])(?:[0-9]{6}[ -]?[0-9]{8}[ -]?[0-9]{3}[0-9Xx]|[0-9]{15})(?![0-9])")
_ID_GROUPED = re.compile(
    r"(?<![0-9])(?<![0-9][ -])[0-9](?:[ -]?[0-9]){14}(?:(?:[ -]?[0-9]){2}[ -]?[0-9Xx])?(?![ -]?[0-9])"
)
_DAY = "(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"  # MMDD
_ID_DIGITS = re.compile(
    rf"[1-9][0-9]{{5}}(?:(?:18|19|20)[0-9]{{2}}{_DAY}[0-9]{{3}}[0-9Xx]|[0-9]{{2}}{_DAY}[0-9]{{3}})"  # 18 or 15
)
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])")
# An e-mail address, its parts in any script (张三@例子.中国). A domain label is all ASCII or all not; the
# last label (the TLD) is ASCII letters, punycode, or non-ASCII letters, where Chinese ones (.中国,
# .公司) are taken two characters long unless longer ones are known, since the sentence runs on after it.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_LONG_CJK_TLDS = "中文网|我爱你|新加坡|天主教|大众汽车|组织机构|电讯盈科"
_LABEL = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?|[^\W\x00-\x7f_](?:[^\x00-\x7f\W_]|-)*)"
_TLD = rf"(?:xn--[A-Za-z0-9-]+|[A-Za-z]{{2,}}|{_LONG_CJK_TLDS}|[{_CJK}]{{2}}|(?:(?![{_CJK}])[^\W\d_\x00-\x7f]){{2,}})"
_EMAIL = re.compile(rf"(?<![\w.%+-])[\w.%+-]+@(?:{_LABEL}\.)+{_TLD}")  # from where a run starts: linear
# Where a run of letters before @ starts being the address: after a word that names it (邮箱是…), or
# where Chinese gives way to an ASCII name (联系zhang@…); otherwise the whole run is masked.
_EMAIL_CUE = re.compile(r".*(?:邮箱|邮件|电邮|信箱|邮址|地址)(?:号码|号|地址)?[是为]?(?=.+@)")
_ASCII_NAME = re.compile(rf"[{_CJK}]+([A-Za-z][A-Za-z0-9._%+-]*@)")
_SURROGATES = re.compile("[\ud800-\udfff]")
# Chinese input methods type digits, letters and @ full-width (１３８, ＠), and text pasted from documents
# brings no-break spaces and typographic hyphens: they are matched as their ASCII forms, one character
# for one, so the masked spans fall on the text as typed.
_ASCII_FORMS = (
    {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
    | {0x3000: 0x20, 0xA0: 0x20, 0x2212: 0x2D}
    | dict.fromkeys(range(0x2010, 0x2016), 0x2D)
)


def _ids(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _ID_WHOLE.finditer(text)]
    taken = {i for start, end in spans for i in range(start, end)}
    for m in _ID_GROUPED.finditer(text):
        if taken.isdisjoint(range(*m.span())) and _ID_DIGITS.fullmatch(re.sub("[ -]", "", m.group())):
            spans.append(m.span())
    return sorted(spans)


def _emails(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _EMAIL.finditer(text):
        start = m.start()
        local = text[start : text.index("@", start) + 1]
        if cue := _EMAIL_CUE.match(local):
            start += cue.end()
        elif name := _ASCII_NAME.fullmatch(local):
            start += name.start(1)
        spans.append((start, m.end()))
    return spans


_PERSONAL = (
    (_ids, "[身份证号]"),
    (lambda text: [m.span() for m in _MOBILE.finditer(text)], "[手机号]"),
    (_emails, "[邮箱]"),
)


def new_handle() -> str:
    """A random handle for a logged question (tests replace it with a counter)."""
    return secrets.token_urlsafe(HANDLE_BYTES)


def mask_personal(text: str) -> str:
    """``text`` with ID-card and mobile numbers and e-mail addresses replaced by what they were, and
    lone surrogates (no character; SQLite cannot store them) dropped.

    >>> mask_personal("身份证号110101199001011234，电话138 0013 8000，邮箱zhang.san@qq.com，依申请公开几件？")
    '身份证号[身份证号]，电话[手机号]，邮箱[邮箱]，依申请公开几件？'
    >>> mask_personal("温州市教育局2018年收到多少件？电话0577-88888888")
    '温州市教育局2018年收到多少件？电话0577-88888888'
    >>> mask_personal("身份证110105 1949 1231 002X，邮箱是张三@例子.中国，问2019年的\\ud800")
    '身份证[身份证号]，邮箱是[邮箱]，问2019年的'
    """
    text = _SURROGATES.sub("", text)
    for find, label in _PERSONAL:
        spans = find(text.translate(_ASCII_FORMS))
        for start, end in reversed(spans):
            text = text[:start] + label + text[end:]
    return text


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

    def __init__(self, db: sqlite_utils.Database, key: bytes, *, keep_days: int = KEEP_DAYS, today: date) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(f"the user-hash key must have at least {MIN_KEY_BYTES} bytes")
        self.db, self._key, self.keep_days = db, key, keep_days
        db.execute("PRAGMA foreign_keys = ON")  # feedback must name a logged question
        db.execute("PRAGMA secure_delete = ON")  # pruned questions are overwritten, not left in free pages
        if "questions" not in db.table_names():
            db.table("questions").create(
                {
                    "id": int,
                    "handle": str,
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
            db.table("questions").create_index(["day"])
        if "handle" not in db.table("questions").columns_dict:  # a log written before handles: its rows keep none
            db.table("questions").add_column("handle", str)
        db.table("questions").create_index(["handle"], unique=True, if_not_exists=True)
        if "feedback" not in db.table_names():
            db.table("feedback").create(
                {"question": int, "user": str, "vote": int, "at": str},
                pk=("question", "user"),
                foreign_keys=[("question", "questions", "id")],
            )
        if "meta" in db.table_names():
            self._forget_published_key()
        self._pruned_on: date | None = None
        self.prune(today)

    def _forget_published_key(self) -> None:
        """Older logs kept their key beside the hashes (and one such log was in the repo): whoever has
        the key can try every user id against a hash. Hash the stored hashes again with this log's
        key, drop the old key, and rewrite the file so no page keeps either. Counts and votes stay
        (one person is still one hash); old hashes stop matching new ones, as after a lost key."""
        self.db.conn.create_function("rehash", 1, lambda old: None if old is None else self.user_hash(old))
        with self.db.conn:
            for table in ("questions", "feedback"):
                self.db.execute(f"UPDATE {table} SET user = rehash(user)")
            self.db.execute("DROP TABLE meta")
        self.db.execute("VACUUM")

    @classmethod
    def open(cls, path: Path | None, key: bytes, *, keep_days: int = KEEP_DAYS, today: date | None = None) -> QueryLog:
        """Open (creating) the log at ``path``; None keeps it in memory. Usable from any one thread."""
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Questions are personal: only the bot's user may read them (SQLite gives -wal the same mode).
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        conn = sqlite3.connect(":memory:" if path is None else path, check_same_thread=False)
        if path is not None:
            # One small commit per question: WAL with NORMAL sync commits without an fsync each time
            # (a crash may lose the last few log lines, never the file).
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        return cls(sqlite_utils.Database(conn), key, keep_days=keep_days, today=today or date.today())

    def close(self) -> None:
        self.db.close()

    def user_hash(self, user_id: int | str) -> str:
        return hashlib.blake2b(str(user_id).encode(), key=self._key, digest_size=8).hexdigest()

    def prune(self, today: date) -> int:
        """Delete the questions (and their feedback) older than ``keep_days``; returns how many went."""
        self._pruned_on = today
        before = (today - timedelta(days=self.keep_days - 1)).isoformat()
        with self.db.conn:
            old = "SELECT id FROM questions WHERE day < ?"
            self.db.execute(f"DELETE FROM feedback WHERE question IN ({old})", [before])
            return self.db.execute("DELETE FROM questions WHERE day < ?", [before]).rowcount

    def record(
        self, question: str, *, user_id: int, chat_type: str, answered: bool, latency_ms: float | None, at: datetime
    ) -> str:
        """Log one question (personal numbers masked); returns its handle, what buttons and deep links
        name it by: random, so nobody can page through other people's questions by counting."""
        if at.date() != self._pruned_on:
            self.prune(at.date())
        handle = new_handle()
        with self.db.conn:
            self.db.execute(
                "INSERT INTO questions (handle, asked_at, day, user, chat_type, question, answered, latency_ms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    handle,
                    at.isoformat(timespec="seconds"),
                    at.date().isoformat(),
                    self.user_hash(user_id),
                    chat_type,
                    mask_personal(question),
                    int(answered),
                    latency_ms,
                ],
            )
        return handle

    def question(self, handle: str) -> str | None:
        """The text of a logged question (what "more" and deep links re-ask), or None."""
        rows = list(self.db.query("SELECT question FROM questions WHERE handle = ?", [handle]))
        return rows[0]["question"] if rows else None

    def feedback(self, handle: str, *, user_id: int, vote: int, at: datetime) -> bool | None:
        """Record a 👍 (+1) or 👎 (-1) once per person and question; False if it was already given,
        None if the question is not (or no longer) in the log."""
        if vote not in (1, -1):
            raise ValueError(f"vote must be +1 or -1, not {vote}")
        try:
            with self.db.conn:
                cursor = self.db.execute(
                    "INSERT INTO feedback (question, user, vote, at) SELECT id, ?, ?, ? FROM questions WHERE handle = ?",
                    [self.user_hash(user_id), vote, at.isoformat(timespec="seconds"), handle],
                )
        except sqlite3.IntegrityError:  # the same person again
            return False
        return True if cursor.rowcount == 1 else None

    def stats(self, today: datetime, *, days: int = 7) -> Stats:
        """Per-day counts, latency and feedback over the last ``days`` days, and what went unanswered."""
        if today.date() != self._pruned_on:  # a day without questions still prunes when someone looks
            self.prune(today.date())
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
            for row in self.db.query(
                "SELECT latency_ms FROM questions WHERE day >= ? AND latency_ms IS NOT NULL ORDER BY latency_ms",
                [since],
            )
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

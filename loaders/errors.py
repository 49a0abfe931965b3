"""What every format module shares: ReportUnreadable, the decoding of report bytes, the reading budget.

files.py dispatches to pdf/webpage/word.py and they all raise ReportUnreadable, decode text and spend
the budget, so both sides import this module and never each other.
"""

from __future__ import annotations

import codecs
import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

# A report is text; a file with many NULs or replacement-worthy bytes is not one.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters but \t \n \v \f \r
MAX_CONTROL_SHARE = 0.01
# UTF-16 text is half NUL bytes, so its byte-order mark is looked for before the NUL test.
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# A long report with all its tables is ~50,000 characters; 40 times that is no report but a dump
# (or a decompression bomb) that would cost minutes and gigabytes to index.
MAX_TEXT_CHARS = 2_000_000
# pdfplumber reads a page with tables in well under a second, so a long report takes a minute at most;
# past this one file holds up a worker (and the ingest waiting for it) for nothing.
MAX_READ_SECONDS = 120


class Said(str):
    """A message in English (the CLI's and the log's) that can also say itself in Chinese (the bot's
    replies to admins): ``chinese(message)``. It is a ``str``, so it prints, joins and pickles as one."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Said:
        said = super().__new__(cls, en)
        said.zh = zh
        return said

    def __reduce__(self) -> tuple[type[Said], tuple[str, str]]:
        return Said, (str(self), self.zh)  # both languages cross a process boundary


def chinese(message: str) -> str:
    """``message`` in Chinese when it knows how (a ``Said``), else as it is.

    >>> chinese(Said("a.pdf: empty file", "a.pdf：空文件")), chinese("plain")
    ('a.pdf：空文件', 'plain')
    """
    return getattr(message, "zh", message)


class ReportUnreadable(Exception):
    """Report file could not be read or decoded as text; the message names the file and the reason."""


def unreadable(name: str, en: str, zh: str) -> ReportUnreadable:
    """ReportUnreadable naming ``name``, with the reason in English and in Chinese."""
    return ReportUnreadable(Said(f"{name}: {en}", f"{name}：{zh}"))


def decode_bytes(data: bytes, *, name: str) -> str:
    """Decode report bytes (UTF-8, UTF-8 or UTF-16 with BOM, GB18030); ``name`` is used in error messages.

    >>> decode_bytes("温州".encode("gb18030"), name="x.txt"), decode_bytes("温州".encode("utf-16"), name="x.txt")
    ('温州', '温州')
    """
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")  # the BOM says which byte order
        except UnicodeDecodeError as exc:
            raise unreadable(name, "broken UTF-16 text", "UTF-16 文本已损坏") from exc
        if not text.strip():
            raise unreadable(name, "empty file", "空文件")
        if _looks_like_text(text):
            return text
        raise unreadable(name, "binary data, not a text report", "是二进制数据，不是文本报告")
    if not data.strip():
        raise unreadable(name, "empty file", "空文件")
    if b"\x00" in data[:4096]:
        raise unreadable(name, "binary data, not a text report", "是二进制数据，不是文本报告")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
        break
    raise unreadable(name, "not UTF-8 or GB18030 text", "不是 UTF-8 或 GB18030 编码的文本")


def _looks_like_text(text: str) -> bool:
    return len(_CONTROL.findall(text)) <= MAX_CONTROL_SHARE * len(text)


class Budget:
    """What reading one report may cost: characters of text and seconds. Readers spend it as they go
    (per page, per paragraph), so a hostile file stops early instead of after minutes."""

    def __init__(self, name: str, *, seconds: float = MAX_READ_SECONDS, chars: int = MAX_TEXT_CHARS) -> None:
        self.name = name
        self.chars_left = chars
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def spend(self, text: str) -> str:
        """Count ``text`` against the budget and return it; ReportUnreadable once either is exceeded."""
        self.chars_left -= len(text)
        if self.chars_left < 0:
            raise unreadable(
                self.name,
                f"more text than a report has (over {MAX_TEXT_CHARS:,} characters)",
                f"文字多于任何报告（超过 {MAX_TEXT_CHARS:,} 字）",
            )
        if time.monotonic() > self.deadline:
            raise unreadable(
                self.name,
                f"reading it took over {self.seconds:g} s, far longer than a report",
                f"读取超过 {self.seconds:g} 秒，远超一份报告所需",
            )
        return text


@contextmanager
def time_limit(name: str, seconds: float = MAX_READ_SECONDS) -> Iterator[None]:
    """Stop reading the file ``name`` after ``seconds``, whatever runs: a timer signal raises
    ReportUnreadable at the next Python step, inside a parser's loop too (a single call into C returns
    first). Signals reach only the main thread; on another (tests' thread pools) the Budget's checks
    between pages and paragraphs are the limit."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise unreadable(
            name,
            f"reading it took over {seconds:g} s, far longer than a report",
            f"读取超过 {seconds:g} 秒，远超一份报告所需",
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

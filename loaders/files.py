"""Read report files from disk: find them, decode them. The only loader module that touches files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

REPORT_SUFFIXES = (".txt",)
# A report is text; a file with many NULs or replacement-worthy bytes is not one.
MAX_CONTROL_SHARE = 0.01


class ReportUnreadable(Exception):
    """Report file could not be read or decoded as UTF-8 or GB18030 text."""


def iter_report_files(directory: Path) -> Iterator[Path]:
    """Yield the report files below ``directory`` (recursively), in a stable order."""
    if not directory.is_dir():
        raise ReportUnreadable(f"{directory}: not a directory")
    for path in sorted(directory.rglob("*")):
        if path.is_file() and path.suffix.lower() in REPORT_SUFFIXES and not path.name.startswith("."):
            yield path


def read_text(path: Path) -> str:
    """Return the decoded text of a report file: UTF-8 (with or without BOM), else GB18030.

    Raises ReportUnreadable for an unreadable, empty or binary file, naming the file.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportUnreadable(f"{path.name}: cannot read ({exc.strerror or exc})") from exc
    return decode_bytes(data, name=path.name)


def decode_bytes(data: bytes, *, name: str) -> str:
    """Decode report bytes; ``name`` is used in error messages.

    >>> decode_bytes("温州".encode("gb18030"), name="x.txt")
    '温州'
    """
    if not data.strip():
        raise ReportUnreadable(f"{name}: empty file")
    if b"\x00" in data[:4096]:
        raise ReportUnreadable(f"{name}: binary data, not a text report")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
        break
    raise ReportUnreadable(f"{name}: not UTF-8 or GB18030 text")


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f\v")
    return controls <= MAX_CONTROL_SHARE * len(text)

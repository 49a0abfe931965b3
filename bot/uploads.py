"""A report an admin sends to the bot: what its caption says, a safe name for it, and storing it in the
reports folder only when it loads. Pure file work, no Telegram; bot/admin.py does the talking."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from loaders import ReportUnreadable, iter_report_files, load_report
from loaders.manifest import FIRST_YEAR, LAST_YEAR, Override, add_entry

UPLOAD_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the Bot API's getFile limit for bots
MAX_NAME_CHARS = 80  # a stored file name's stem: long enough for a report's title
# 机关=嘉兴市南湖区教育体育局 年份=2020 (or agency= year=), in any order, with = or ：.
_CAPTION = re.compile(r"(机关|agency|年份|year)\s*[=＝:：]\s*(\S+)", re.IGNORECASE)
_UNSAFE = re.compile(r"[\\/:*?\"<>|\s]+")


class UploadRefused(Exception):
    """The file cannot be added: the message says why, naming the file as the admin sent it."""


@dataclass(frozen=True, slots=True)
class Stored:
    """A report file kept in the reports folder."""

    name: str  # its file name there
    agency: str | None
    year: int | None
    passages: int
    warnings: tuple[str, ...]


def read_caption(caption: str | None) -> tuple[str | None, int | None]:
    """The agency and year an admin's caption gives; UploadRefused for a year that is none.

    >>> read_caption("机关=嘉兴市南湖区教育体育局 年份=2020"), read_caption("agency=温州市教育局"), read_caption(None)
    (('嘉兴市南湖区教育体育局', 2020), ('温州市教育局', None), (None, None))
    """
    agency = year = None
    for key, value in _CAPTION.findall(caption or ""):
        if key.lower() in ("机关", "agency"):
            agency = value
        elif not (value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR):
            raise UploadRefused(f"年份“{value}”不是 {FIRST_YEAR}–{LAST_YEAR} 之间的年份。")
        else:
            year = int(value)
    return agency, year


def safe_name(original: str, digest: str) -> str:
    """A file name for the reports folder from the name the admin's file came with: no folders, no
    control characters, no leading dot, a report suffix kept; the digest when nothing is left.

    >>> safe_name("../../etc/passwd.txt", "ab12"), safe_name("温州 教育局\\x00年报.PDF", "ab12"), safe_name(".pdf", "ab12")
    ('passwd.txt', '温州_教育局年报.pdf', 'report-ab12.pdf')
    """
    base = original.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    stem, dot, suffix = base.rpartition(".")
    stem = _UNSAFE.sub("_", stem if dot else base).strip("._ ")[:MAX_NAME_CHARS]
    suffix = f".{suffix.lower()}" if dot and suffix else ""
    return f"{stem or f'report-{digest[:12]}'}{suffix}"


def store_upload(
    reports_dir: Path, original: str, data: bytes, *, agency: str | None, year: int | None
) -> Stored | None:
    """Keep ``data`` in ``reports_dir`` under a safe name when it loads as a report (with what the
    caption says written to reports.jsonl); None when the folder already holds these bytes.

    Raises UploadRefused with the loader's reason (the file is then not kept).
    """
    name = safe_name(original, hashlib.sha256(data).hexdigest())
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        raise UploadRefused(f"{original}：不是报告格式（可以发送 {' '.join(UPLOAD_SUFFIXES)}）。")
    if any(path.stat().st_size == len(data) and path.read_bytes() == data for path in iter_report_files(reports_dir)):
        return None
    # Written under a dot-name first (ingest never reads those), loaded there, renamed only when it loads.
    trial = reports_dir / f".upload-{hashlib.sha256(data).hexdigest()[:16]}{Path(name).suffix}"
    trial.write_bytes(data)
    try:
        report, passages = load_report(trial, root=reports_dir, override=Override(agency, year))
    except ReportUnreadable as exc:
        trial.unlink(missing_ok=True)
        raise UploadRefused(str(exc).replace(trial.name, original)) from exc
    final = _free_name(reports_dir, name)
    os.replace(trial, final)
    if agency or year or final.name != original:
        try:
            add_entry(reports_dir, final.name, agency=agency, year=year, original=original)
        except ValueError as exc:
            final.unlink()
            raise UploadRefused(f"{original}：{exc}") from exc
    return Stored(final.name, report.agency, report.year, len(passages), report.warnings)


def _free_name(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, with -2, -3 … before its suffix when it is taken."""
    path, stem, suffix, n = folder / name, Path(name).stem, Path(name).suffix, 2
    while path.exists():
        path, n = folder / f"{stem}-{n}{suffix}", n + 1
    return path

"""A report an admin sends to the bot: what its caption says, a safe name for it, storing it in the
reports folder only when it loads (read in a process of its own, bounded in memory and time), taking
it out again when the reload that should serve it fails, and what the admin says of a stored report.
Pure file work, no Telegram; bot/chat/admin.py does the talking."""

from __future__ import annotations

import hashlib
import os
import re
import resource
import signal
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection
from pathlib import Path, PurePosixPath

from knowledge.models import Passage, Report
from loaders import ReportUnreadable, iter_report_files, load_report
from loaders.errors import chinese, unreadable
from loaders.files import file_digest, link_problem, sniffed_suffix
from loaders.manifest import (
    FIRST_YEAR,
    LAST_YEAR,
    MANIFEST_NAME,
    Override,
    drop_entries,
    json_line,
    put_back,
    said_of,
    set_entry,
    web_address,
)

UPLOAD_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the Bot API's getFile limit for bots
MAX_NAME_CHARS = 80  # a stored file name's stem: long enough for a report's title …
MAX_NAME_BYTES = 200  # … and within the 255 bytes a Linux file name may take, with a suffix and "-2"
TRIAL = ".upload-"  # an upload being read is stored under this dot-name, which ingest never reads
REMOVED = ".removed"  # where /remove and a rolled-back upload put a report file: out of the ingest
# A report's reading takes ~0.1 s and tens of MB; a file that needs more is no report (a 17 MB page of
# <br> took the bot's process to 1.6 GB). The reading process dies at these limits, the bot does not.
TRIAL_MEMORY = 1536 * 1024 * 1024  # bytes of address space
TRIAL_SECONDS = 60  # of CPU

# 机关=嘉兴市南湖区教育体育局 年份=2020 来源=http://… (or agency= year= source= url=), in any order, with = or ：.
_CAPTION = re.compile(r"(机关|agency|年份|year|来源|source|url)\s*[=＝:：]\s*(\S+)", re.IGNORECASE)
CAPTION_START = re.compile(r"(?:^|\s)(?:机关|agency|年份|year|来源|source|url)\s*[=＝:：]", re.IGNORECASE)
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
    created: bool = True  # the upload added the file (else it corrected what is said of one there)
    said_before: tuple[dict, ...] = ()  # what reports.jsonl said of the file before (for ``undo``)
    url: str | None = None  # where the report is published, as reports.jsonl now says


@dataclass(frozen=True, slots=True)
class Caption:
    """What an admin's caption (or /meta's words) says of a report."""

    agency: str | None = None
    year: int | None = None
    url: str | None = None  # where the report is published: an http(s) address (loaders.manifest.web_address)
    warnings: tuple[str, ...] = ()  # what was said and not taken: a 来源 that is no http(s) address

    @property
    def says(self) -> bool:
        return bool(self.agency or self.year or self.url)


def read_caption(caption: str | None) -> Caption:
    """The agency, year and source URL an admin's caption gives; UploadRefused for a year that is none, a
    warning for a 来源 that is no http(s) address (it is dropped).

    >>> read_caption("机关=嘉兴市南湖区教育体育局 年份=2020 来源=http://www.nanhu.gov.cn/art/1.html")
    Caption(agency='嘉兴市南湖区教育体育局', year=2020, url='http://www.nanhu.gov.cn/art/1.html', warnings=())
    >>> read_caption("agency=温州市教育局 url=javascript:alert(1)").warnings, read_caption(None)
    (('来源“javascript:alert(1)”不是 http(s) 网址，没有记下。',), Caption(agency=None, year=None, url=None, warnings=()))
    """
    agency = year = url = None
    warnings: list[str] = []
    # NFKC: full-width and superscript digits (２０２０, ²⁰²⁰) are the digits they look like.
    for key, value in _CAPTION.findall(unicodedata.normalize("NFKC", caption or "")):
        if key.lower() in ("机关", "agency"):
            agency = value
        elif key.lower() in ("来源", "source", "url"):
            url = web_address(value)
            warnings += [] if url else [f"来源“{value[:200]}”不是 http(s) 网址，没有记下。"]
        elif not (value.isascii() and value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR):
            raise UploadRefused(f"年份“{value}”不是 {FIRST_YEAR}–{LAST_YEAR} 之间的年份。")
        else:
            year = int(value)
    return Caption(agency, year, url, tuple(warnings))


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
    while len(stem.encode()) > MAX_NAME_BYTES:  # 80 characters of four bytes each are too long a name
        stem = stem[:-1]
    suffix = f".{suffix.lower()}" if dot and suffix else ""
    return f"{stem or f'report-{digest[:12]}'}{suffix}"


@dataclass(frozen=True, slots=True)
class Trial:
    """What reading an upload gave: the report as it will be served."""

    agency: str | None
    year: int | None
    passages: int
    warnings: tuple[str, ...]


def read_upload(path: Path, root: Path, override: Override) -> Trial:
    """Read an upload as ingest will (ReportUnreadable when it cannot be); run in ``bounded``."""
    report, passages = load_report(path, root=root, override=override)
    return _trial(report, passages)


def _trial(report: Report, passages: list[Passage]) -> Trial:
    return Trial(report.agency, report.year, len(passages), report.warnings)


def bounded(
    path: Path, root: Path, override: Override, *, memory: int = TRIAL_MEMORY, seconds: int = TRIAL_SECONDS
) -> Trial:
    """``read_upload`` in a process of its own, limited to ``memory`` bytes and ``seconds`` of CPU: a
    file that needs more is refused, and the bot's own process never holds what the parsers build."""
    context = get_context("spawn")  # the bot's process runs threads: never fork it
    receive, send = context.Pipe(duplex=False)
    reader = context.Process(target=_read_in_process, args=(send, path, root, override, memory, seconds), daemon=True)
    try:
        reader.start()
        send.close()
        if not receive.poll(4 * seconds):  # CPU seconds bound the work; this bounds waiting on I/O
            raise unreadable(path.name, "too slow to read as a report", "读取太慢，不像一份报告")
        outcome, value = receive.recv()
    except EOFError:  # the limits ended the process before it could say anything
        reader.join()
        slow = reader.exitcode == -signal.SIGXCPU
        if slow:
            raise unreadable(path.name, "too slow to read as a report", "读取太慢，不像一份报告") from None
        raise unreadable(path.name, "too large to read as a report", "太大，读取它所需的内存超过上限") from None
    finally:
        if reader.pid is not None:
            reader.kill()
            reader.join()
        send.close()
        receive.close()
    if outcome == "refused":
        raise ReportUnreadable(value)
    return value


def _read_in_process(send: Connection, path: Path, root: Path, override: Override, memory: int, seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    try:
        send.send(("read", read_upload(path, root, override)))
    except ReportUnreadable as exc:
        send.send(("refused", exc.args[0]))  # a Said: the reason in both languages
    except MemoryError:
        send.send(
            (
                "refused",
                unreadable(path.name, "too large to read as a report", "太大，读取它所需的内存超过上限").args[0],
            )
        )
    except Exception as exc:  # a parser's bug is this file's problem, said as ingest says it
        kind = type(exc).__name__
        send.send(("refused", unreadable(path.name, f"could not be read ({kind})", f"无法读取（{kind}）").args[0]))


def store_upload(
    reports_dir: Path,
    original: str,
    data: bytes,
    *,
    agency: str | None,
    year: int | None,
    url: str | None = None,
    served: set[str],
    read: Callable[[Path, Path, Override], Trial] = read_upload,
) -> Stored | None:
    """Keep ``data`` in ``reports_dir`` under a safe name when it loads as a report (what the caption
    says, and the bytes' SHA-256, written to reports.jsonl); None when a report ``served`` has these
    bytes and the caption says nothing new. The same bytes with a caption correct what is said of
    that report; the same bytes lying in the folder unserved (a reload that never finished) are that
    file again, not a second copy. ``read`` reads the file as ingest will (``bounded`` in the bot).

    Raises UploadRefused with the reason (nothing is then left in the folder).
    """
    named = Path(safe_name(original, "")).suffix
    if named not in UPLOAD_SUFFIXES:
        raise UploadRefused(f"{original}：不是报告格式（可以发送 {' '.join(UPLOAD_SUFFIXES)}）。")
    digest = hashlib.sha256(data).hexdigest()
    clear_trials(reports_dir)  # uploads take turns: any trial file left is a killed upload's
    try:
        same = [path for path in iter_report_files(reports_dir) if _holds(path, data)]
        served_copy = next((path for path in same if _source(path, reports_dir) in served), None)
        if served_copy is not None and not (agency or year or url):
            return None
        known = served_copy or (same[0] if same else None)
        trial = reports_dir / f"{TRIAL}{digest[:16]}{named}"
        trial.write_bytes(data)
        # The content decides the format, not the name: a PDF sent as .txt is kept as .pdf.
        if (sniffed := sniffed_suffix(trial)) != named:
            trial = trial.rename(trial.with_suffix(sniffed))
    except OSError as exc:
        clear_trials(reports_dir)
        raise UploadRefused(f"{original}：报告文件夹无法写入（{exc.strerror or exc}）。") from exc
    final = known or _free_name(reports_dir, Path(safe_name(original, digest)).with_suffix(trial.suffix).name)
    source = _source(final, reports_dir)
    if known is not None:  # a caption that gives some of agency, year and source keeps what was said of the rest
        said = said_of(reports_dir, source)
        agency, year, url = agency or said.agency, year or said.year, url or said.url
    try:
        read_as = read(trial, reports_dir, Override(agency, year, url))
        if known is None:
            os.replace(trial, final)
        said_before = set_entry(
            reports_dir, source, agency=agency, year=year, original=original, digest=digest, url=url
        )
    except (ReportUnreadable, ValueError, OSError) as exc:
        if known is None and final.is_file() and _holds(final, data):
            final.unlink()  # stored, but what is said of it could not be written: not kept half-known
        reason = chinese(exc.args[0] if isinstance(exc, ReportUnreadable) else str(exc)).replace(trial.name, original)
        raise UploadRefused(reason if reason.startswith(original) else f"{original}：{reason}") from exc
    finally:
        clear_trials(reports_dir)
    warnings = tuple(chinese(warning).replace(trial.name, source) for warning in read_as.warnings)
    created = known is None
    return Stored(source, read_as.agency, read_as.year, read_as.passages, warnings, created, tuple(said_before), url)


def undo(reports_dir: Path, stored: Stored) -> str | None:
    """Take back an upload that is not served: the file it added goes aside (returns where), or what
    it said of a file already there is put back as it was (returns None)."""
    if stored.created:
        return set_aside(reports_dir, stored.name)
    put_back(reports_dir, stored.name, list(stored.said_before))
    return None


def _holds(path: Path, data: bytes) -> bool:
    return path.stat().st_size == len(data) and path.read_bytes() == data


def _source(path: Path, reports_dir: Path) -> str:
    return str(PurePosixPath(path.relative_to(reports_dir)))


def clear_trials(reports_dir: Path) -> None:
    """Delete the trial files an upload killed mid-read left in ``reports_dir``."""
    for path in reports_dir.glob(f"{TRIAL}*"):
        if path.is_file():
            path.unlink(missing_ok=True)


def set_aside(reports_dir: Path, source: str) -> str:
    """Move the report file ``source`` into reports_dir/.removed/ (a free name there), with what
    reports.jsonl says of it; returns where it went."""
    path = reports_dir / source
    if link_problem(path, reports_dir.resolve()) is not None:
        raise OSError(f"{source}: not inside the reports folder")
    aside = _free_name(reports_dir / REMOVED / Path(source).parent, Path(source).name)
    aside.parent.mkdir(parents=True, exist_ok=True)
    path.rename(aside)
    moved = _source(aside, reports_dir)
    said = drop_entries(reports_dir, source)
    if said:  # kept beside the file, so that putting it back can take them too
        with (reports_dir / REMOVED / MANIFEST_NAME).open("a", encoding="utf-8") as f:
            f.writelines(json_line({**item, "file": moved.removeprefix(f"{REMOVED}/")}) + "\n" for item in said)
    return moved


def set_metadata(
    reports_dir: Path, source: str, *, agency: str | None, year: int | None, url: str | None = None
) -> list[dict]:
    """Say what ``source`` (a report in the folder) is: its agency, year or web address (what is not
    given stays as said before), in reports.jsonl; returns what was said of it before (for ``put_back``)."""
    path = reports_dir / source
    if link_problem(path, reports_dir.resolve()) is not None or not path.is_file():
        raise UploadRefused(f"{source}：报告文件夹里没有这个文件。")
    said = said_of(reports_dir, source)
    try:
        return set_entry(
            reports_dir,
            source,
            agency=agency or said.agency,
            year=year or said.year,
            original=path.name,
            digest=file_digest(path),
            url=url or said.url,
        )
    except (ValueError, OSError, ReportUnreadable) as exc:
        raise UploadRefused(f"{source}：{exc}") from exc


def _free_name(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, with -2, -3 … before its suffix when it is taken."""
    path, stem, suffix, n = folder / name, Path(name).stem, Path(name).suffix, 2
    while path.exists():
        path, n = folder / f"{stem}-{n}{suffix}", n + 1
    return path

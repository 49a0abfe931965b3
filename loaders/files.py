"""Read report files from disk: find them, decode them. The only loader module that touches files."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from loaders.errors import Budget, Said, decode_bytes, unreadable

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
MAX_FILE_BYTES = 30 * 1024 * 1024  # a report with its tables is a few MB at most; a 50 MB file is not one
# What admins also download, and why it is skipped.
UNSUPPORTED = {
    ".doc": "old Word .doc is not supported; save it as .docx",
    ".wps": "WPS documents are not supported; save it as .docx",
    ".xls": "spreadsheets are not reports",
    ".xlsx": "spreadsheets are not reports",
    ".zip": "archives are not unpacked; extract the reports first",
    ".rar": "archives are not unpacked; extract the reports first",
    ".7z": "archives are not unpacked; extract the reports first",
    ".jpg": "images have no text (no OCR)",
    ".jpeg": "images have no text (no OCR)",
    ".png": "images have no text (no OCR)",
    ".gif": "images have no text (no OCR)",
}
NOT_REPORTS = {"reports.jsonl"}
_FORMATS = " ".join(REPORT_SUFFIXES)  # the manifest, read on its own


def iter_report_files(directory: Path) -> Iterator[Path]:
    """Yield the report files below ``directory`` (recursively), in a stable order.

    A symlink is followed only when its real path stays inside ``directory``: a link to /etc/passwd
    named report.txt would otherwise be stored, line by line, as passages anyone can ask about.
    """
    if not directory.is_dir():
        raise unreadable(str(directory), "not a directory", "不是文件夹")
    root = directory.resolve()
    for path in sorted(directory.rglob("*")):
        if (
            path.is_file()
            and path.suffix.lower() in REPORT_SUFFIXES
            and not _hidden(path, directory)
            and link_problem(path, root) is None
        ):
            yield path


def _hidden(path: Path, directory: Path) -> bool:
    """A dot-file, or a file in a dot-folder (.removed/ keeps what an admin took out): never a report."""
    return any(part.startswith(".") for part in path.relative_to(directory).parts)


def skipped_files(directory: Path) -> Iterator[tuple[Path, str]]:
    """Yield the files below ``directory`` that are not reports we can read, with the reason."""
    root = directory.resolve()
    for path in sorted(directory.rglob("*")):
        if _hidden(path, directory) or path.name in NOT_REPORTS:
            continue
        where = link_problem(path, root)
        if where is not None:  # a linked file or folder (its contents are never listed)
            yield path, where
            continue
        if not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix not in REPORT_SUFFIXES:
            yield (
                path,
                UNSUPPORTED.get(suffix, f"not a report format ({suffix or 'no suffix'}); reports are {_FORMATS}"),
            )


def link_problem(path: Path, root: Path) -> str | None:
    """Why ``path`` may not be read through its symlinks (outside the resolved folder ``root``, or a
    link that loops or cannot be followed), or None when it may."""
    try:
        inside = path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a symlink loop: RuntimeError before Python 3.13, OSError since
        return Said("a symlink that loops or cannot be followed", "是循环的或无法跟随的符号链接")
    return None if inside else Said("links outside the reports folder", "链接到报告文件夹之外")


def file_digest(path: Path, extra: str = "") -> str:
    """SHA-256 of the file's bytes (and ``extra``, e.g. what reports.jsonl says of it): what `ingest`
    compares to skip unchanged files. Raises ReportUnreadable if the file cannot be read."""
    try:
        with path.open("rb") as f:
            digest = hashlib.file_digest(f, "sha256")
    except OSError as exc:
        raise unreadable(
            path.name, f"cannot read ({exc.strerror or exc})", f"无法读取（{exc.strerror or exc}）"
        ) from exc
    digest.update(extra.encode("utf-8"))
    return digest.hexdigest()


# What a file's first bytes say it is. A PDF's header may follow up to 1,024 bytes of junk (the PDF
# specification allows it); a .docx is a ZIP archive; a saved page declares itself in its first lines.
_SNIFF_BYTES = 1024
_PAGE_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)


def sniffed_suffix(path: Path) -> str:
    """The format a report file holds, as its suffix: the content decides, not the name (a PDF sent as
    ``.txt`` is read as a PDF, not as text that starts ``%PDF-1.3``). Text named ``.html`` stays a page;
    a file whose first bytes show no format is what its name says (a broken ``.pdf`` is "not a PDF").

    Raises OSError when the file cannot be read.
    """
    with path.open("rb") as f:
        head = f.read(_SNIFF_BYTES)
    suffix = path.suffix.lower()
    if b"%PDF-" in head:
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return ".docx"
    if suffix in (".html", ".htm") or _PAGE_START.match(head.removeprefix(b"\xef\xbb\xbf")):
        return ".html"
    return suffix if suffix in (".pdf", ".docx") else ".txt"  # no sign of its own: as named


def read_text(path: Path, *, name: str | None = None) -> str:
    """Return the text of a report file, by its format: plain text (UTF-8, UTF-8 with BOM or GB18030),
    a saved web page, a .docx or a PDF with a text layer.

    Raises ReportUnreadable for an unreadable, empty, oversized, broken or binary file, naming the file.
    """
    name = name or path.name
    budget = Budget(name)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise unreadable(
                name,
                f"{size / 1048576:.0f} MB, more than a report's {MAX_FILE_BYTES // 1048576} MB",
                f"{size / 1048576:.0f} MB，超过报告的 {MAX_FILE_BYTES // 1048576} MB 上限",
            )
        suffix = sniffed_suffix(path)
        if suffix == ".docx":
            from loaders.word import docx_text  # the parsers load only for the formats present

            return docx_text(path, name=name, budget=budget)
        if suffix == ".pdf":
            from loaders.pdf import pdf_text

            return pdf_text(path, name=name, budget=budget)
        data = path.read_bytes()
    except OSError as exc:  # e.g. the file vanished between listing and reading
        raise unreadable(name, f"cannot read ({exc.strerror or exc})", f"无法读取（{exc.strerror or exc}）") from exc
    if suffix in (".html", ".htm"):
        from loaders.webpage import page_text

        return budget.spend(page_text(data, name=name))
    return budget.spend(decode_bytes(data, name=name))

"""reports.jsonl: what an admin knows about a report file that its text may not say (agency, year)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "reports.jsonl"
# A line names one report in ~300 bytes: this is room for 60,000 reports, and no more is read into memory.
MAX_MANIFEST_BYTES = 20 * 1024 * 1024
# A path (Linux allows 4,096 bytes), an agency and a year; a longer line is not parsed at all.
MAX_LINE_CHARS = 5000
# The longest real agency names run to ~30 characters (…区人民政府…街道办事处); the dictionary adds
# every agency as a word, and a 10 MB one exhausted memory there.
MAX_AGENCY_CHARS = 60
# Disclosure reports exist since 2008 (the regulations of 2007); the bounds only catch typos and junk.
FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True, slots=True)
class Override:
    """Agency and year given for one file; None leaves what the text says."""

    agency: str | None
    year: int | None

    @property
    def key(self) -> str:
        """What changes the loaded report when it changes (part of the file's digest)."""
        return f"\0{self.agency or ''}\0{self.year or ''}"


def read_manifest(directory: Path) -> tuple[dict[Path, Override], list[str]]:
    """Read ``reports.jsonl`` from the ingested folder (or the folder above it).

    Each line is a JSON object with ``file`` (relative to the manifest's folder) and optional
    ``agency`` and ``year``, the format of shared/dev/reports.jsonl. Returns the overrides by resolved
    file path, and a warning for each line that could not be used (the rest still apply).
    """
    for folder in (directory, directory.parent):
        path = folder / MANIFEST_NAME
        if path.is_file():
            return _parse(path, folder)
    return {}, []


def _parse(path: Path, folder: Path) -> tuple[dict[Path, Override], list[str]]:
    size = path.stat().st_size
    if size > MAX_MANIFEST_BYTES:
        return {}, [f"{path.name}: ignored ({size / 1048576:.0f} MB, more than {MAX_MANIFEST_BYTES // 1048576} MB)"]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return {}, [f"{path.name}: ignored (not UTF-8 text)"]
    overrides: dict[Path, Override] = {}
    warnings: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            file, override = _entry(line, folder)
        except ValueError as exc:
            warnings.append(f"{path.name}:{number}: ignored ({exc})")
        else:
            overrides[file] = override
    return overrides, warnings


def _entry(line: str, folder: Path) -> tuple[Path, Override]:
    """One line's file (resolved) and override; ValueError with a plain reason when it is not usable."""
    if len(line) > MAX_LINE_CHARS:
        raise ValueError(f"longer than {MAX_LINE_CHARS} characters")
    try:
        item = json.loads(line)
    except (ValueError, RecursionError):
        item = None
    if not isinstance(item, dict):
        raise ValueError("not a JSON object")
    file, agency, year = item.get("file"), item.get("agency"), item.get("year")
    if not isinstance(file, str) or not file.strip():
        raise ValueError("file must be the report's path")
    try:
        resolved = (folder / file).resolve()
        inside = not Path(file).is_absolute() and resolved.is_relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):  # a NUL in the name, a path too long to resolve, a symlink loop
        inside = False
    if not inside:
        raise ValueError(f"file must be a path inside the folder of {MANIFEST_NAME}")
    if agency is not None and not (
        isinstance(agency, str) and len(agency) <= MAX_AGENCY_CHARS and agency.isprintable()
    ):
        raise ValueError(f"agency must be a name of at most {MAX_AGENCY_CHARS} characters on one line")
    # bool is an int to Python and 2020.0 a float to JSON: neither is a year someone typed.
    if year is not None and not (type(year) is int and FIRST_YEAR <= year <= LAST_YEAR):
        raise ValueError(f"year must be a whole number between {FIRST_YEAR} and {LAST_YEAR}")
    return resolved, Override((agency or "").strip() or None, year)


def add_entry(directory: Path, file: str, *, agency: str | None, year: int | None, original: str) -> None:
    """Append what an admin said of ``file`` (and the name it came with) to ``directory``'s
    reports.jsonl, checked as its lines are read; ValueError with the reason when it is not usable."""
    line = json.dumps({"file": file, "agency": agency, "year": year, "original": original}, ensure_ascii=False)
    _entry(line, directory)
    with (directory / MANIFEST_NAME).open("a", encoding="utf-8") as manifest:
        manifest.write(line + "\n")

"""reports.jsonl: what an admin knows about a report file that its text may not say (agency, year, where
it is published)."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from loaders.errors import ReportUnreadable
from loaders.files import file_digest, link_problem

MANIFEST_NAME = "reports.jsonl"
# Room for a national corpus; the file is read a line at a time, so only the entries are held.
MAX_ENTRIES = 100_000
# A path (Linux allows 4,096 bytes), an agency and a year; a longer line is not parsed at all.
MAX_LINE_CHARS = 5000
MAX_LINE_BYTES = 4 * MAX_LINE_CHARS + 2  # UTF-8 spends at most four bytes a character
_SHA256 = re.compile(r"[0-9a-f]{64}")
_LINE_BREAKS = re.compile("[\u0085\u2028\u2029]")
# The longest real agency names run to ~30 characters (…区人民政府…街道办事处); the dictionary adds
# every agency as a word, and a 10 MB one exhausted memory there.
MAX_AGENCY_CHARS = 60
# Disclosure reports exist since 2008 (the regulations of 2007); the bounds only catch typos and junk.
FIRST_YEAR, LAST_YEAR = 1990, 2100
# Browsers take addresses of 2,000 characters and more; a report's page has a few hundred at most.
MAX_URL_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Override:
    """Agency and year given for one file (None leaves what the text says), and where it is published."""

    agency: str | None
    year: int | None
    url: str | None = None  # an http(s) address (``web_address``): the link an answer gives to the report

    @property
    def key(self) -> str:
        """What changes the loaded report when it changes (part of the file's digest)."""
        return f"\0{self.agency or ''}\0{self.year or ''}" + (f"\0{self.url}" if self.url else "")


def web_address(value: object) -> str | None:
    """``value`` when it is an http(s) address a link may point to, else None: an answer's link must
    open a web page, never run a script (javascript:) or reach into the reader's machine (file:).

    >>> web_address(" http://www.wzedu.gov.cn/art/2019/1/30.html"), web_address("javascript:alert(1)")
    ('http://www.wzedu.gov.cn/art/2019/1/30.html', None)
    >>> web_address("https://"), web_address("http://a.cn/x y"), web_address(2020)
    (None, None, None)
    """
    if not isinstance(value, str):
        return None
    url = value.strip()
    if len(url) > MAX_URL_CHARS or not url.isprintable() or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced [ in the host
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def read_manifest(directory: Path) -> tuple[dict[Path, Override], list[str]]:
    """Read ``reports.jsonl`` from the folder above the ingested one and from the folder itself.

    Each line is a JSON object with ``file`` (relative to the manifest's folder) and optional
    ``agency``, ``year`` and ``url`` (or ``source``: where the report is published, an http(s) address;
    anything else is dropped with a warning), the format of shared/dev/reports.jsonl; a line that also
    holds ``sha256`` (uploads and /meta write it) applies only while the file has those bytes, so what
    was said of a removed file never names the next file given its name. Both manifests are read; for a
    file both name, the reports folder's own line wins (it is where the bot writes). Returns the
    overrides by resolved file path, and a warning for each line that could not be used (the rest still
    apply) or whose url was dropped.
    """
    overrides: dict[Path, Override] = {}
    warnings: list[str] = []
    for folder in (directory.parent, directory):
        path = folder / MANIFEST_NAME
        if path.is_file() and (where := link_problem(path, folder.resolve())) is None:
            found, problems = _parse(path, folder)
            overrides.update(found)
            warnings += problems
        elif path.is_file():
            warnings.append(f"{MANIFEST_NAME}: ignored ({where})")
    return overrides, warnings


def _parse(path: Path, folder: Path) -> tuple[dict[Path, Override], list[str]]:
    overrides: dict[Path, Override] = {}
    warnings: list[str] = []
    for number, line in _lines(path):
        if isinstance(line, ValueError):
            warnings.append(f"{path.name}:{number}: ignored ({line})")
            continue
        if not line.strip():
            continue
        if len(overrides) >= MAX_ENTRIES:
            warnings.append(f"{path.name}: only the first {MAX_ENTRIES} entries are read")
            break
        try:
            file, override, digest, dropped = _entry(line, folder)
            if digest is not None and file.is_file() and file_digest(file) != digest:
                raise ValueError(f"written for other bytes of {file.name}")
        except (ValueError, ReportUnreadable) as exc:
            warnings.append(f"{path.name}:{number}: ignored ({exc})")
        else:
            overrides[file] = override
            warnings += [f"{path.name}:{number}: {dropped}"] if dropped else []
    return overrides, warnings


def _lines(path: Path) -> Iterator[tuple[int, str | ValueError]]:
    """The numbered lines of a JSON Lines file, read a line at a time: only "\\n" ends a line (a name
    that holds U+2028 stays whole), a line that is not UTF-8 or too long is a ValueError of its own."""
    with path.open("rb") as f:
        number = 0
        while raw := f.readline(MAX_LINE_BYTES):
            number += 1
            if len(raw) == MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while (rest := f.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                    pass  # the rest of an over-long line, never held whole
                yield number, ValueError(f"longer than {MAX_LINE_CHARS} characters")
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                yield number, ValueError("not UTF-8 text")
            else:
                yield number, line


def _entry(line: str, folder: Path) -> tuple[Path, Override, str | None, str | None]:
    """One line's file (resolved), override, the file's digest when the line holds one, and why its
    ``url`` (or ``source``, as shared/dev writes it) was dropped, if it was; ValueError with a plain
    reason when the line is not usable."""
    if len(line) > MAX_LINE_CHARS:
        raise ValueError(f"longer than {MAX_LINE_CHARS} characters")
    try:
        item = json.loads(line)
    except (ValueError, RecursionError):
        item = None
    if not isinstance(item, dict):
        raise ValueError("not a JSON object")
    file, agency, year, digest = item.get("file"), item.get("agency"), item.get("year"), item.get("sha256")
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
    if digest is not None and not (isinstance(digest, str) and _SHA256.fullmatch(digest)):
        raise ValueError("sha256 must be the file's SHA-256 in hex")
    given = item.get("url") if item.get("url") is not None else item.get("source")
    url = web_address(given)
    dropped = None if url or given in (None, "") else f"url dropped (not an http(s) address: {str(given)[:80]})"
    return resolved, Override((agency or "").strip() or None, year, url), digest, dropped


def set_entry(
    directory: Path,
    file: str,
    *,
    agency: str | None,
    year: int | None,
    original: str,
    digest: str,
    url: str | None = None,
) -> list[dict]:
    """Write what an admin says of ``file`` (its bytes' SHA-256 ``digest``, the name it came with, where
    it is published) to ``directory``'s reports.jsonl, in place of what was said of it before, which is
    returned (for ``put_back``); ValueError with the reason when it is not usable."""
    item = {"file": file, "agency": agency, "year": year, "original": original, "sha256": digest}
    line = json_line(item | ({"url": url} if url else {}))
    if _entry(line, directory)[3]:
        raise ValueError(f"{url} is not an http(s) address")
    kept, dropped = _split(directory, file)
    _write(directory, [*kept, line.encode()])
    return dropped


def put_back(directory: Path, file: str, said: list[dict]) -> None:
    """Make ``said`` (what ``set_entry`` or ``drop_entries`` returned) again all that is said of ``file``."""
    kept, _ = _split(directory, file)
    _write(directory, [*kept, *(json_line(item).encode() for item in said)])


def drop_entries(directory: Path, file: str) -> list[dict]:
    """Take the lines about ``file`` out of ``directory``'s reports.jsonl; returns them."""
    kept, dropped = _split(directory, file)
    if dropped:
        _write(directory, kept)
    return dropped


def said_of(directory: Path, file: str) -> Override:
    """What the manifests that apply say of ``file`` in ``directory`` now (as ingest will read them)."""
    overrides, _ = read_manifest(directory)
    return overrides.get((directory / file).resolve(), Override(None, None))


def json_line(item: dict) -> str:
    """``item`` as one JSON Lines line, whatever its strings hold: JSON leaves U+2028, U+2029 and U+0085
    unescaped, and a reader that splits lines as Python's ``str.splitlines`` does would cut there.

    >>> json_line({"file": "a\u2028b.txt"})
    '{"file": "a\\\\u2028b.txt"}'
    """
    return _LINE_BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(item, ensure_ascii=False))


def _split(directory: Path, file: str) -> tuple[list[bytes], list[dict]]:
    """The manifest's lines that are not about ``file``, byte for byte as written (a line someone saved
    in GBK stays, to be told about at the next ingest), and those that are, parsed."""
    path = directory / MANIFEST_NAME
    if not path.is_file():
        return [], []
    kept, dropped = [], []
    for raw in path.read_bytes().split(b"\n"):
        try:
            item = json.loads(raw.decode("utf-8-sig"))
        except (ValueError, RecursionError):
            item = None
        if isinstance(item, dict) and item.get("file") == file:
            dropped.append(item)
        elif raw.strip():
            kept.append(raw)
    return kept, dropped


def _write(directory: Path, lines: list[bytes]) -> None:
    """Replace ``directory``'s reports.jsonl by ``lines`` whole (never half written), keeping its mode."""
    path = directory / MANIFEST_NAME
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, temporary = tempfile.mkstemp(prefix=f".{MANIFEST_NAME}.", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.writelines(line + b"\n" for line in lines)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

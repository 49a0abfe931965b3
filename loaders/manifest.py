"""reports.jsonl: what an admin knows about a report file that its text may not say (agency, year)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "reports.jsonl"


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
    overrides: dict[Path, Override] = {}
    warnings: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            agency = item.get("agency") or None
            year = int(item["year"]) if item.get("year") else None
            if agency is not None and not isinstance(agency, str):
                raise ValueError("agency is not text")
            overrides[(folder / item["file"]).resolve()] = Override(agency, year)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            warnings.append(f"{path.name}:{number}: ignored ({exc})")
    return overrides, warnings

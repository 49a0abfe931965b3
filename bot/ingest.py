"""Folder of reports -> knowledge-base file, shared by `reportbot ingest` and the bot's /reload."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from knowledge import KnowledgeBase, Passage, Report
from knowledge.segment import Segmenter
from loaders import ReportUnreadable, iter_report_files, load_report, read_manifest, skipped_files


@dataclass(frozen=True, slots=True)
class Ingested:
    reports: int
    passages: int
    seconds: float
    skipped: tuple[str, ...]  # "file: why", one per report that could not be loaded


def ingest(directory: Path, db_path: Path, segmenter: Segmenter, *, out: TextIO | None, err: TextIO | None) -> Ingested:
    """Load every report under ``directory`` into a new knowledge base at ``db_path``.

    One line per report goes to ``out`` and one per skipped file to ``err`` (None: silent). A folder with
    no loadable report raises ReportUnreadable and leaves ``db_path`` as it was.
    """
    started = time.perf_counter()
    files = list(iter_report_files(directory))
    skipped: list[str] = []
    overrides, problems = read_manifest(directory)
    for problem in problems:
        _say(err, f"warning {problem}")
    for path, reason in skipped_files(directory):
        skipped.append(f"{path.relative_to(directory).as_posix()}: {reason}")
        _say(err, f"skipped {skipped[-1]}")

    def loaded() -> Iterator[tuple[Report, list[Passage]]]:
        for path in files:
            try:
                report, passages = load_report(path, root=directory, override=overrides.get(path.resolve()))
            except ReportUnreadable as exc:
                skipped.append(str(exc))
                _say(err, f"skipped {exc}")
                continue
            if not passages:
                skipped.append(f"{report.source}: no text to index")
                _say(err, f"skipped {report.source}: no text to index")
                continue
            warn = f"  warnings: {'; '.join(report.warnings)}" if report.warnings else ""
            _say(out, f"{report.source}\t{report.agency or '?'}\t{report.year or '?'}\t{len(passages)} passages{warn}")
            yield report, passages

    reports = list(loaded())
    if not reports:
        raise ReportUnreadable(
            f"{directory}: no report could be loaded ({len(files)} files); the knowledge base was not changed"
        )
    count_reports, count_passages = KnowledgeBase.build(db_path, reports, segmenter)
    return Ingested(count_reports, count_passages, time.perf_counter() - started, tuple(skipped))


def _say(stream: TextIO | None, line: str) -> None:
    if stream is not None:
        print(line, file=stream)

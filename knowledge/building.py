"""Writing knowledge-base files: a full or incremental build, segmented on several cores, streaming.

The file is built beside the target and renamed over it only when complete and intact.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sqlite3
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from knowledge.agencies import parse_agency
from knowledge.facts import table_rows
from knowledge.models import Passage, Report
from knowledge.segment import Segmenter, normalise
from knowledge.store import Store, StoreError


def build(
    path: Path,
    reports: Iterable[tuple[Report, list[Passage]]],
    segmenter: Segmenter,
    *,
    base: Path | None = None,
    drop: Collection[str] = (),
    workers: int = 1,
    agencies: Iterable[str | None] | None = None,
) -> tuple[int, int]:
    """Write a knowledge-base file from loaded reports, replacing ``path`` atomically.

    With ``base`` (an existing knowledge base) the new file starts as its copy, minus the reports of
    the ``drop`` sources: an incremental update. The file is built beside the old one and renamed over
    it only when complete and intact, so a failure (or a kill) midway leaves the previous knowledge
    base as it was. ``workers`` > 1 segments in that many forked processes while this one writes.
    Given the ``agencies`` up front, ``reports`` is consumed as a stream (memory stays bounded);
    otherwise they are read first to learn them. Returns (reports, passages).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    segmenter.initialize()
    try:
        if base is not None:
            _copy(base, tmp)
        db = sqlite_utils.Database(tmp)
        store = Store(db)
        store.ensure_schema()
        if agencies is None:
            reports = list(reports)
            agencies = [r.agency for r, _ in reports]
        # Every agency name is a word before the first passage is cut, whichever report names it.
        segmenter.add_words(agency_words(agencies))
        db.execute("PRAGMA journal_mode = OFF")  # a new file, renamed only when complete: no journal needed
        db.execute("PRAGMA synchronous = OFF")
        with db.conn, _segmenting(segmenter, workers) as segmented:
            store.remove_sources(drop)
            for report, passages, texts in segmented(reports):
                facts = [
                    (p.ordinal, row.label, column, name, value, row.start, row.end)
                    for p in passages
                    for row in table_rows(p.text)
                    for column, (name, value) in enumerate(
                        zip(row.columns or [None] * len(row.values), row.values, strict=True)
                    )
                ]
                store.add_report(report, passages, texts, facts)
            store.finish()
        counts = store.counts()
        [(verdict,)] = db.conn.execute("PRAGMA integrity_check").fetchall()
        db.close()
        if verdict != "ok":
            raise StoreError(f"the new knowledge base failed its integrity check: {verdict}")
        os.replace(tmp, path)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write the knowledge base {path}: {exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return counts


def stored_files(path: Path) -> tuple[dict[str, tuple[str, str | None, int | None]], int] | None:
    """({source: (hash, agency, year)}, passage count) of the knowledge base at ``path``; None if there
    is none of ours (missing, foreign or an older schema): then everything must be built again."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        store = Store(sqlite_utils.Database(conn))
        store.check()
        return store.files(), store.counts()[1]
    except (StoreError, sqlite3.Error):
        return None
    finally:
        conn.close()


def freeze_dictionary(path: Path, segmenter: Segmenter) -> None:
    """Save the dictionary ``KnowledgeBase.open(path)`` will load (jieba's words, the domain terms and
    this file's agency words) to the segmenter's cache, so the next process to open it maps it at once."""
    stored = stored_files(path)
    if stored is not None:
        segmenter.load(agency_words(agency for _, agency, _ in stored[0].values()))
        segmenter.freeze()


BATCH = 8  # reports per task sent to a worker (fewer round trips)
WINDOW = 16  # batches in flight per worker: enough to keep them busy, few enough to bound memory
_forked: Segmenter | None = None  # the segmenter forked workers inherit (set only while a pool runs)
Loaded = tuple[Report, list[Passage]]


@contextmanager
def _segmenting(
    segmenter: Segmenter, workers: int
) -> Iterator[Callable[[Iterable[Loaded]], Iterator[tuple[Report, list[Passage], list[str]]]]]:
    """A function adding each report's search texts (space-joined tokens), in order, streaming; cut in
    ``workers`` forked processes when > 1 (they inherit the dictionary and user words: nothing to reload)."""

    def texts_of(passages: list[Passage]) -> list[str]:
        return [" ".join(p.headings) + "\n" + p.text for p in passages]

    def here(reports: Iterable[Loaded]) -> Iterator[tuple[Report, list[Passage], list[str]]]:
        for report, passages in reports:
            yield report, passages, _segment(texts_of(passages), segmenter)

    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield here
        return
    global _forked
    _forked = segmenter
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:

            def forked(reports: Iterable[Loaded]) -> Iterator[tuple[Report, list[Passage], list[str]]]:
                pending: deque[tuple[list[Loaded], Future[list[list[str]]]]] = deque()
                batches = _batched(iter(reports), BATCH)
                for batch in batches:
                    pending.append((batch, pool.submit(_segment_many, [texts_of(p) for _, p in batch])))
                    if len(pending) >= WINDOW * workers:
                        yield from _joined(*pending.popleft())
                while pending:
                    yield from _joined(*pending.popleft())

            yield forked
    finally:
        _forked = None


def _batched(items: Iterator[Loaded], size: int) -> Iterator[list[Loaded]]:
    while batch := list(itertools.islice(items, size)):
        yield batch


def _joined(batch: list[Loaded], future: Future[list[list[str]]]) -> Iterator[tuple[Report, list[Passage], list[str]]]:
    for (report, passages), texts in zip(batch, future.result(), strict=True):
        yield report, passages, texts


def _segment_many(texts: list[list[str]]) -> list[list[str]]:
    return [_segment(t) for t in texts]


def _segment(texts: list[str], segmenter: Segmenter | None = None) -> list[str]:
    cutter = segmenter or _forked
    assert cutter is not None, "a forked worker without the segmenter"
    return [" ".join(cutter.words(text)) for text in texts]


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite file (the backup API, never a byte copy of a live database)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def agency_words(agencies: Iterable[str | None]) -> list[str]:
    """The words jieba must keep whole for these agencies: full names, places, cores, organisations."""
    words: list[str] = []
    for name in agencies:
        if not name:
            continue
        agency = parse_agency(name)
        words.append(normalise(name))
        words.extend(agency.places)
        words.extend(agency.cores)
        if agency.org:
            words.append(agency.org)
    return words

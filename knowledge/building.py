"""Writing knowledge-base files: a full or incremental build, segmented on several cores, streaming.

The file is built beside the target and renamed over it only when complete and intact.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import cast

import sqlite_utils

from knowledge.agencies import Agency, OrgTable, parse_agency
from knowledge.facts import table_rows
from knowledge.index import place_forms, sound
from knowledge.integrity import content_problem, damaged
from knowledge.models import Passage, Report
from knowledge.segment import Segmenter, normalise
from knowledge.store import Fact, Store, StoreError

Loaded = tuple[Report, list[Passage]]
# A loaded report, or a function (picklable) that loads it in a worker, or returns why it cannot.
Loadable = Loaded | Callable[[], Loaded | str]
Prepared = tuple[Report, list[Passage], list[str], list[Fact]]
Mapper = Callable[[Callable[[Loadable], Prepared | str], Iterable[Loadable]], Iterator[Prepared | str]]
INSERT_BATCH = 64  # reports per insert statement


def write_knowledge_base(
    path: Path,
    reports: Iterable[Loadable],
    segmenter: Segmenter,
    *,
    base: Path | None = None,
    drop: Collection[str] = (),
    mapper: Mapper = map,
    agencies: Iterable[str | None] | None = None,
    unreadable: Callable[[str], None] | None = None,
) -> tuple[int, int]:
    """Write a knowledge-base file from reports, replacing ``path`` atomically.

    With ``base`` (an existing knowledge base) the new file starts as its copy, minus the reports of
    the ``drop`` sources: an incremental update. The file is built beside the old one and renamed over
    it only when complete and intact, so a failure (or a kill) midway leaves the previous knowledge
    base as it was. Each report is loaded (when given a loader), segmented and searched for table facts
    by ``mapper(task, reports)``: ``map`` here, or a pool of forked processes that yields the results
    in order while this one writes (the pool is the caller's plumbing, not knowledge). Given the ``agencies`` up front, ``reports`` is
    consumed as a stream (memory stays bounded); otherwise they must be loaded reports, read first to
    learn them. A loader's reason for failing goes to ``unreadable``. Returns (reports, passages).
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
            agencies = [r.agency for r, _ in cast("list[Loaded]", reports)]  # loaded reports, as documented
        # Every agency name is a word before the first passage is cut, whichever report names it.
        segmenter.add_words(agency_words(agencies))
        db.execute("PRAGMA journal_mode = OFF")  # a new file, renamed only when complete: no journal needed
        db.execute("PRAGMA synchronous = OFF")
        with db.conn:
            store.remove_sources(drop)
            # A new file gets its FTS index in one pass at the end; an update keeps the index row by row.
            indexing = store.bulk_insert() if base is None else nullcontext()
            with indexing, _forking(segmenter), _results(mapper, reports) as prepared:
                while batch := list(itertools.islice(prepared, INSERT_BATCH)):
                    for reason in (item for item in batch if isinstance(item, str)):
                        if unreadable is not None:
                            unreadable(reason)
                    store.add_reports([item for item in batch if not isinstance(item, str)])
            store_agencies(store)
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
    if stored_files(path) is None:
        return
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        store = Store(sqlite_utils.Database(conn))
        words, digest = store.get_meta("agency_words"), store.get_meta("agency_words_digest")
    finally:
        conn.close()
    segmenter.load(json.loads(words or "[]"), digest=digest)
    segmenter.freeze(digest=digest)


@contextmanager
def _results(mapper: Mapper, reports: Iterable[Loadable]) -> Iterator[Iterator[Prepared | str]]:
    """The prepared reports, in order; a pool's generator is closed (its workers stopped) on the way out."""
    results = iter(mapper(_prepare, reports))
    try:
        yield results
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()


_forked: Segmenter | None = None  # the segmenter of a build, which forked workers inherit


@contextmanager
def _forking(segmenter: Segmenter) -> Iterator[None]:
    global _forked
    _forked = segmenter
    try:
        yield
    finally:
        _forked = None


def _prepare(item: Loadable) -> Prepared | str:
    """Load (when given a loader), cut and find the table facts of one report: a worker's task."""
    loaded = item() if callable(item) else item
    if isinstance(loaded, str):
        return loaded
    assert _forked is not None, "a worker without the build's segmenter"
    report, passages = loaded
    # Search text = the tokens of the headings, then of the passage (jieba cuts at the line break
    # between them anyway); a section's headings are shared by its passages, so they are cut once.
    heading_words: dict[tuple[str, ...], list[str]] = {}
    texts = []
    for p in passages:
        if p.headings not in heading_words:
            heading_words[p.headings] = _forked.words(" ".join(p.headings))
        texts.append(" ".join([*heading_words[p.headings], *_forked.words(p.text)]))
    facts = [
        (p.ordinal, row.label, column, name, value, row.start, row.end)
        for p in passages
        for row in table_rows(p.text)
        for column, (name, value) in enumerate(zip(row.columns or [None] * len(row.values), row.values, strict=True))
    ]
    return report, passages, texts, facts


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite file (the backup API, never a byte copy of a live database)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def store_agencies(store: Store) -> None:
    """Read each new agency's name once, here, with the forms a question may say its place in: opening
    the knowledge base then reads none, and finds an agency by its forms in the file."""
    orgs = OrgTable.load()
    rows = []
    for name in store.unparsed_agencies():
        agency = parse_agency(name)
        parsed = {"name": name, "places": agency.places, "cores": agency.cores, "units": agency.units}
        parsed |= {"org": agency.org, "org_key": orgs.key(agency.org)}
        rows.append((parsed, [(form, sound(form)) for form in place_forms(agency)]))
    store.add_agencies(rows)
    store.drop_unused_agencies()
    # The words the segmenter keeps whole, so that opening the file parses no name to learn them.
    stored = store.agencies(store.agency_names())
    words = [w for r in stored for w in words_of(Agency(r["name"], r["places"], r["cores"], r["org"], r["units"]))]
    listed = json.dumps(sorted(set(words)), ensure_ascii=False)
    store.set_meta("agency_words", listed)
    store.set_meta("agency_words_digest", hashlib.blake2b(listed.encode(), digest_size=10).hexdigest())


def agency_words(agencies: Iterable[str | None]) -> list[str]:
    """The words jieba must keep whole for these agencies: full names, places, cores, organisations."""
    return [word for name in set(agencies) if name for word in words_of(parse_agency(name))]


def words_of(agency: Agency) -> list[str]:
    """The words of one parsed agency (see ``agency_words``)."""
    return [normalise(agency.name), *agency.places, *agency.cores, *([agency.org] if agency.org else [])]


def check_knowledge_base(path: Path, *, thorough: bool = False) -> None:
    """Raise StoreError (StaleStore when built by an older version, DamagedStore when damaged) unless
    ``path`` is a knowledge base this version reads. Cheap: no dictionary is loaded, and only the meta
    values are read; ``thorough`` reads every page and text too (as long as copying the file)."""
    if not path.is_file():
        raise StoreError(f"knowledge base {path} does not exist; run `reportbot ingest` first")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        Store(sqlite_utils.Database(conn)).check()
        if thorough and (problem := content_problem(conn)):
            raise damaged(problem)
    finally:
        conn.close()

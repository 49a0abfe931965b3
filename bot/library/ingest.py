"""Folder of reports -> knowledge-base file, shared by `reportbot ingest` and the bot's /reload.

Incremental: a file whose bytes (and reports.jsonl entry) are unchanged since the last build is not
read again; changed files replace their reports, removed files drop theirs, all in one new file that
replaces the old one atomically.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TextIO

from tqdm import tqdm

from bot.library.plan import Plan, Stored, plan_ingest
from bot.processes.parallel import ordered_map
from knowledge import Coverage, KnowledgeBase, Passage, Report
from knowledge.building import Loadable
from knowledge.segment import Segmenter
from knowledge.store import DamagedStore, StoreError
from loaders import ReportUnreadable, file_digest, iter_report_files, load_report, read_manifest, skipped_files
from loaders.errors import Said
from loaders.manifest import Override

KEEP_CHARS = 40_000_000  # report text held between the two passes (~ 200 MB); more is read twice
Job = tuple[Path, Path, Override | None]  # a report file, the folder it is in, its reports.jsonl entry
# What would split a printed line (or move the cursor): control characters and Unicode's line breaks.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Ingested:
    reports: int
    passages: int
    seconds: float
    added: tuple[str, ...] = ()  # report sources
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()  # "file: why", one per file that could not be loaded
    unchanged: int = 0
    written: bool = True  # False: a dry run, or nothing changed


@dataclass(frozen=True, slots=True)
class Reloaded:
    reports: int
    passages: int
    seconds: float
    added: tuple[str, ...]  # report sources
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    skipped: tuple[str, ...]  # "file: why"
    coverage: Coverage

    @classmethod
    def of(cls, built: Ingested, coverage: Coverage) -> Reloaded:
        """What a reload changed is what its ingest changed (the plan decided it once)."""
        return cls(
            reports=built.reports,
            passages=built.passages,
            seconds=built.seconds,
            added=built.added,
            changed=built.changed,
            removed=built.removed,
            skipped=built.skipped,
            coverage=coverage,
        )


def ingest(
    directory: Path,
    db_path: Path,
    segmenter: Segmenter,
    *,
    out: TextIO | None,
    err: TextIO | None,
    base: Path | None = None,
    dry_run: bool = False,
    full: bool = False,
    workers: int = 1,
) -> Ingested:
    """Bring the knowledge base at ``db_path`` up to date with the reports under ``directory``.

    ``base`` is the knowledge base to update (default: ``db_path`` itself); ``full`` rebuilds from
    scratch; ``workers`` processes segment the text. One line per loaded report goes to ``out``, one
    per skipped file to ``err`` (None: silent), and a progress bar to a terminal's stderr. A folder with
    no loadable report raises ReportUnreadable and leaves ``db_path`` as it was. Unless it is a dry run,
    the caller holds ``bot.library.writelock.writing(base or db_path)``.
    """
    started = time.perf_counter()
    overrides, problems = read_manifest(directory)
    for problem in problems:
        _say(err, f"warning {shown(problem)}")
    full = full or _damaged(base or db_path, err)
    stored = None if full else KnowledgeBase.stored_files(base or db_path)
    before, stored_passages = stored or ({}, 0)
    jobs, plan = _survey(directory, before, overrides)
    for why in plan.skipped:
        _say(err, f"skipped {shown(why)}")
    if dry_run:
        return Ingested(
            reports=len(before),
            passages=stored_passages,
            seconds=time.perf_counter() - started,
            added=plan.new,
            changed=plan.changed,
            removed=plan.removed,
            skipped=plan.skipped,
            unchanged=len(plan.unchanged),
            written=False,
        )
    skipped = list(plan.skipped)

    def skip(why: str) -> None:
        skipped.append(why)
        _say(err, f"skipped {shown(why)}")

    todo = [(source, job) for source, job in jobs.items() if source in plan.to_read]
    loaded = _first_pass(todo, segmenter, workers=workers, out=out, skip=skip)
    done = plan.carried_out({source for source, *_ in loaded})
    if len(before) - len(done.removed) + len(done.new) == 0:
        raise ReportUnreadable(
            Said(
                f"{directory}: no report could be loaded ({len(todo)} files); the knowledge base was not changed",
                f"{directory}：{len(todo)} 个文件里没有一份能读出报告，知识库没有改变",
            )
        )
    if not loaded and not done.removed:
        return Ingested(
            reports=len(before),
            passages=stored_passages,
            seconds=time.perf_counter() - started,
            skipped=tuple(skipped),
            unchanged=len(done.unchanged),
            written=False,
        )
    drop = {*done.changed, *done.removed}
    kept = {s: (agency, year) for s, (_, agency, year) in before.items() if s not in drop}
    for line in same_agency_and_year({**kept, **{s: (r.agency, r.year) for s, _, r, _ in loaded}}):
        _say(err, f"warning {shown(line)}")
    reports, passages = KnowledgeBase.write(
        db_path,
        _second_pass(loaded),
        segmenter,
        agencies=[r.agency for _, _, r, _ in loaded],
        base=(base or db_path) if before else None,
        drop=drop,
        mapper=lambda task, items: ordered_map(task, items, workers=workers),
        unreadable=skip,  # gone or changed since the first pass
    )
    KnowledgeBase.freeze_dictionary(db_path, segmenter)
    return Ingested(
        reports=reports,
        passages=passages,
        seconds=time.perf_counter() - started,
        added=done.new,
        changed=done.changed,
        removed=done.removed,
        skipped=tuple(skipped),
        unchanged=len(done.unchanged),
    )


def _damaged(path: Path, err: TextIO | None) -> bool:
    """True, saying so, when the knowledge base to update is damaged: it is built again from the reports.
    Every page is read (as the update's copy of it would): an unchanged report may sit on a damaged one."""
    try:
        KnowledgeBase.check_file(path, thorough=True)
    except DamagedStore as exc:
        _say(err, f"warning {shown(str(path))} is damaged ({shown(exc.why)}): building it again from every report")
        return True
    except StoreError:  # missing, foreign or older: stored_files finds nothing to build on
        return False
    return False


def shown(text: str) -> str:
    r"""``text`` with what would split its printed line escaped as Python writes it, so a file named
    with a line break still prints as one line (a tab too: fields are tab-separated).

    >>> print(shown("a\nb\tc\u2028d\x1b.txt"), shown("温州市教育局.txt"))
    a\nb\tc\u2028d\x1b.txt 温州市教育局.txt
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _survey(directory: Path, stored: Stored, overrides: dict[Path, Override] | None) -> tuple[dict[str, Job], Plan]:
    """The folder's report files (as jobs for the readers) and the plan for them."""
    skipped = [f"{_source(path, directory)}: {reason}" for path, reason in skipped_files(directory)]
    jobs: dict[str, Job] = {}
    digests: dict[str, str] = {}
    for path in iter_report_files(directory):
        source = _source(path, directory)
        override = overrides.get(path.resolve()) if overrides else None
        try:
            digests[source] = file_digest(path, override.key if override else "")
        except ReportUnreadable as exc:  # vanished or unreadable since the listing
            skipped.append(str(exc))
            continue
        jobs[source] = (path, directory, override)
    return jobs, plan_ingest(stored, digests, skipped=skipped)


# A report read in the first pass: its source, how to read it again, and its passages (None: not kept).
FirstRead = tuple[str, Job, Report, list[Passage] | None]


def _first_pass(
    todo: list[tuple[str, Job]], segmenter: Segmenter, *, workers: int, out: TextIO | None, skip: Callable[[str], None]
) -> list[FirstRead]:
    """Read the files on ``workers`` cores: which load, as which agency and year. Their passages are
    kept up to a budget; past it, the second pass loads the file again in a worker, so a corpus of any
    size never sits in memory as a whole."""
    loaded: list[FirstRead] = []
    kept_chars = 0
    results = ordered_map(load_job, (job for _, job in todo), workers=workers)
    bar = tqdm(
        results,
        total=len(todo),
        desc="read",
        unit="file",
        file=sys.stderr,
        disable=not sys.stderr.isatty(),
        leave=False,
    )
    for n, ((source, job), result) in enumerate(zip(todo, bar, strict=True)):
        if n == 0:  # the readers are forked by now (they need no dictionary): load it while they read on
            segmenter.initialize()
        if isinstance(result, str):
            skip(result)
            continue
        report, passages = result
        if not passages:
            skip(f"{source}: no text to index")
            continue
        warn = f"  warnings: {'; '.join(report.warnings)}" if report.warnings else ""
        fields = (report.source, report.agency or "?", str(report.year or "?"), f"{len(passages)} passages{warn}")
        _say(out, "\t".join(map(shown, fields)))
        kept_chars += report.chars
        loaded.append((source, job, report, passages if kept_chars <= KEEP_CHARS else None))
    return loaded


def _second_pass(loaded: list[FirstRead]) -> Iterator[Loadable]:
    for _, job, report, passages in tqdm(
        loaded, desc="index", unit="file", file=sys.stderr, disable=not sys.stderr.isatty()
    ):
        yield (report, passages) if passages is not None else partial(load_job, job)


def load_job(job: Job) -> tuple[Report, list[Passage]] | str:
    """Load one report file, or say why it cannot be (a worker's task: the reason is a picklable str)."""
    path, directory, override = job
    try:
        return load_report(path, root=directory, override=override)
    except ReportUnreadable as exc:
        return str(exc)
    except Exception as exc:  # a parser's own error must skip one file, not end the ingest (nor fail to pickle)
        source = _source(path, directory)
        logging.getLogger("reportbot.ingest").warning("%s: could not be read", source, exc_info=True)
        return f"{source}: could not be read ({type(exc).__name__})"


def same_agency_and_year(identities: dict[str, tuple[str | None, int | None]]) -> list[str]:
    """One line per agency and year that several files claim (a re-download, or a misread title).

    >>> same_agency_and_year({"a.txt": ("甲局", 2019), "b.pdf": ("甲局", 2019), "c.txt": ("乙局", 2019)})
    ['a.txt, b.pdf: all 甲局 2019; questions about it will quote any of them']
    """
    groups: dict[tuple[str, int], list[str]] = {}
    for source, (agency, year) in sorted(identities.items()):
        if agency and year:
            groups.setdefault((agency, year), []).append(source)
    return [
        f"{', '.join(sources)}: all {agency} {year}; questions about it will quote any of them"
        for (agency, year), sources in groups.items()
        if len(sources) > 1
    ]


def _source(path: Path, directory: Path) -> str:
    return str(PurePosixPath(path.relative_to(directory)))


def _say(stream: TextIO | None, line: str) -> None:
    if stream is not None:
        tqdm.write(line, file=stream)  # above the progress bar, when there is one

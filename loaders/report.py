"""load_report: one file -> (Report, passages), through files -> clean -> meta -> sections."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from knowledge.models import Passage, Report
from loaders.clean import clean_text
from loaders.errors import chinese, time_limit, unreadable
from loaders.files import file_digest, link_problem, read_text
from loaders.manifest import Override
from loaders.meta import extract_meta
from loaders.sections import split_passages, split_sections

# A full report cuts into a few hundred passages (the trimmed reports in shared/dev, dev2 and seeds
# into 3 to 23); ten times a few hundred is no report, and each passage costs index space and time.
MAX_PASSAGES = 3000


def load_report(
    path: Path, *, root: Path | None = None, override: Override | None = None
) -> tuple[Report, list[Passage]]:
    """Read one report file and split it into passages.

    Parameters
    ----------
    path : the report file
    root : the ingested directory; ``Report.source`` is the path relative to it
    override : agency/year an admin gave in reports.jsonl (they win over what the text says), and the
        report's web address

    Returns
    -------
    (Report, passages in reading order). Raises ReportUnreadable naming the file.

    Examples
    --------
    >>> report, passages = load_report(Path("data/reports/004_fc3ba926d9542043.txt"), root=Path("data/reports"))
    >>> report.agency, report.year, report.source, len(passages) > 10
    ('张店区教育局', 2017, '004_fc3ba926d9542043.txt', True)
    """
    source = str(PurePosixPath(path.relative_to(root))) if root else path.name
    if root and (where := link_problem(path, root.resolve())):  # linked out since it was listed
        raise unreadable(source, where, chinese(where))
    with time_limit(source):  # one file may cost so many seconds, reading and cutting it together
        return _load(path, source, override)


def _load(path: Path, source: str, override: Override | None) -> tuple[Report, list[Passage]]:
    text = clean_text(read_text(path, name=source))
    if not text.strip():
        raise unreadable(source, "no text left after removing page furniture", "去掉网页上的栏目和按钮后没有正文")
    meta = extract_meta(text, source)
    agency = override.agency if override and override.agency else meta.agency
    year = override.year if override and override.year else meta.year
    given = {"agency": bool(override and override.agency), "year": bool(override and override.year)}
    warnings = tuple(w for w in meta.warnings if not any(given[k] and k in w for k in given))
    report = Report(
        report_id=source,  # the same report as .pdf and .docx is two files, two ids
        agency=agency,
        year=year,
        title=meta.title,
        source=source,
        sha256=file_digest(path, override.key if override else ""),
        chars=len(text),
        warnings=warnings,
        url=override.url if override and override.url else "",
    )
    passages: list[Passage] = []
    for section in split_sections(text):
        for body in split_passages(section):
            if len(passages) == MAX_PASSAGES:
                raise unreadable(
                    source,
                    f"more than {MAX_PASSAGES} passages, far more than a report has",
                    f"超过 {MAX_PASSAGES} 段，远多于一份报告",
                )
            passages.append(Passage(report.report_id, len(passages), section.headings, body))
    return report, passages

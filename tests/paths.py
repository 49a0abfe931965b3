"""Where the test material lives, and a loader for a whole folder (not fixtures, so tests import them)."""

import shutil
from pathlib import Path

from loaders import iter_report_files, load_report

ROOT = Path(__file__).resolve().parent.parent
SEED_REPORTS = ROOT / "data" / "reports"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_REPORTS = FIXTURES / "reports"
SEED_QUESTIONS = FIXTURES / "seed_questions.jsonl"


def load_folder(folder: Path):
    return [load_report(path, root=folder) for path in iter_report_files(folder)]


def many_reports(folder: Path, copies: int) -> Path:
    """The seed reports ``copies`` times over, in subfolders: a corpus whose ingest takes seconds."""
    for copy in range(copies):
        shutil.copytree(SEED_REPORTS, folder / f"copy{copy:02}")
    return folder

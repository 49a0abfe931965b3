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


def seed_copy(seed_db: Path, seed_cache: Path, database: Path, cache_dir: Path) -> Path:
    """The seed knowledge base at ``database`` and its dictionary cache in ``cache_dir``, as an ingest of the
    bundled reports leaves them (the same bytes), without the ingest."""
    database.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(seed_db, database)
    shutil.copytree(seed_cache, cache_dir, dirs_exist_ok=True)
    return database

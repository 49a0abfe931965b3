"""Where the test material lives, and a loader for a whole folder (not fixtures, so tests import them)."""

from pathlib import Path

from loaders import iter_report_files, load_report

ROOT = Path(__file__).resolve().parent.parent
SEED_REPORTS = ROOT / "data" / "reports"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_REPORTS = FIXTURES / "reports"
SEED_QUESTIONS = FIXTURES / "seed_questions.jsonl"


def load_folder(folder: Path):
    return [load_report(path, root=folder) for path in iter_report_files(folder)]

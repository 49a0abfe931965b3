"""Report files -> (Report, passages). Knows nothing of SQLite or Telegram."""

from loaders.errors import ReportUnreadable
from loaders.files import file_digest, iter_report_files, skipped_files
from loaders.manifest import read_manifest
from loaders.report import load_report

__all__ = ["ReportUnreadable", "file_digest", "iter_report_files", "load_report", "read_manifest", "skipped_files"]

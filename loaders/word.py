"""Word .docx -> text: paragraphs and tables in document order, table rows as `|` lines."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from loaders.errors import ReportUnreadable


def docx_text(path: Path, *, name: str) -> str:
    """The text of a .docx file; ReportUnreadable for a broken or empty one."""
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReportUnreadable(f"{name}: not a readable .docx file (damaged, or not Word 2007+)") from exc
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(Paragraph(child, document).text.strip())
        elif child.tag == qn("w:tbl"):
            lines += _rows(Table(child, document))
    text = "\n".join(line for line in lines if line)
    if not text:
        raise ReportUnreadable(f"{name}: the document has no text")
    return text


def _rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell is returned once per grid column it spans
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(" | ".join(cells))
    return rows

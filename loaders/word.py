"""Word .docx -> text: paragraphs and tables in document order, table rows as `|` lines."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from loaders.errors import Budget, unreadable

# A .docx is a zip that python-docx unpacks whole into memory. A report's file is at most 30 MB
# (files.MAX_FILE_BYTES), mostly images that barely compress, and its text XML is a few MB; a zip
# declaring more than this unpacked is a decompression bomb (2.5 MB -> 1 GiB of XML ran for minutes).
# zipfile never inflates a member past its declared size (a lie fails its CRC), so the sum is a bound.
MAX_UNZIPPED_BYTES = 40 * 1024 * 1024


def docx_text(path: Path, *, name: str, budget: Budget | None = None) -> str:
    """The text of a .docx file; ReportUnreadable for a broken, empty, oversized or hostile one."""
    budget = budget or Budget(name)
    try:
        with zipfile.ZipFile(path) as package:
            unzipped = sum(member.file_size for member in package.infolist())
        if unzipped > MAX_UNZIPPED_BYTES:
            raise unreadable(
                name,
                f"unpacks to {unzipped / 1048576:.0f} MB, more than a report's "
                f"{MAX_UNZIPPED_BYTES // 1048576} MB (a zip bomb?)",
                f"解压后有 {unzipped / 1048576:.0f} MB，超过报告的 {MAX_UNZIPPED_BYTES // 1048576} MB 上限",
            )
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise unreadable(
            name,
            "not a readable .docx file (damaged, or not Word 2007+)",
            "不是可读的 .docx 文件（已损坏，或不是 Word 2007 以后的格式）",
        ) from exc
    except etree.LxmlError as exc:  # e.g. entity expansion (billion laughs) refused by libxml2
        raise unreadable(
            name, "the document's XML is broken or hostile (not Word 2007+)", "文档的 XML 已损坏或被恶意构造"
        ) from exc
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(budget.spend(Paragraph(child, document).text.strip()))
        elif child.tag == qn("w:tbl"):
            lines += map(budget.spend, _rows(Table(child, document)))
    text = "\n".join(line for line in lines if line)
    if not text:
        raise unreadable(name, "the document has no text", "文档里没有文字")
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

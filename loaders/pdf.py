"""PDF with a text layer -> text: page by page, text and tables in reading order, tables as `|` rows.

A scanned PDF (no text layer) is reported, not guessed at: there is no OCR here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from loaders.errors import Budget, unreadable

# A report runs to a few dozen pages (its statistics tables included); a PDF longer than this is a
# book, a gazette or a bomb, and pdfplumber would spend ~0.5 s on each page of it.
MAX_PDF_PAGES = 300


def pdf_text(path: Path, *, name: str, budget: Budget | None = None) -> str:
    """The text of a PDF; ReportUnreadable for an encrypted, corrupt, scanned or overlong one."""
    budget = budget or Budget(name)
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise unreadable(
                    name,
                    f"{len(pdf.pages)} pages, more than a report's {MAX_PDF_PAGES}",
                    f"共 {len(pdf.pages)} 页，超过报告的 {MAX_PDF_PAGES} 页上限",
                )
            pages = [budget.spend(_page_text(page)) for page in pdf.pages]
    except (PdfminerException, PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        detail = repr(exc).lower()
        if "password" in detail or "encrypt" in detail:
            raise unreadable(name, "encrypted PDF (it needs a password)", "PDF 已加密（需要密码）") from exc
        raise unreadable(
            name, "unreadable PDF (damaged, or not a PDF)", "无法读取的 PDF（已损坏，或不是 PDF）"
        ) from exc
    text = "\n".join(page for page in pages if page.strip())
    if not text.strip():
        raise unreadable(
            name,
            "the PDF has no text layer (scanned?); OCR is not supported",
            "PDF 没有文字层（扫描件？），不支持文字识别",
        )
    return text


_SENTENCE_END = ("。", "！", "？", "；", "：", "”", "」", "）", ")", "…")
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(?\d{1,2}[.．、)）]|第[一二三四五六七八九十]+)"
)
FULL_LINE = 0.8  # a line this close to the longest on the page was wrapped by the layout, not the author


def unwrap(text: str) -> str:
    r"""Join the lines a PDF layout wrapped mid-sentence; keep headings, short lines and sentence ends.

    >>> unwrap("一、总体情况\n我局收到申请十一件，其中网上\n申请三件。\n二、主动公开")
    '一、总体情况\n我局收到申请十一件，其中网上申请三件。\n二、主动公开'
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    full = FULL_LINE * max((len(line) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        if out and len(out[-1]) >= full and not out[-1].endswith(_SENTENCE_END) and not _HEADING.match(line):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


def _page_text(page) -> str:
    """Text above, between and below the page's tables, each table as `|` rows."""
    parts: list[str] = []
    top = 0.0
    for table in sorted(page.find_tables(), key=lambda t: t.bbox[1]):
        x0, table_top, x1, bottom = table.bbox
        if table_top > top:
            parts.append(unwrap(page.crop((0, top, page.width, table_top)).extract_text() or ""))
        for row in table.extract():
            cells = [" ".join((cell or "").split()) for cell in row]
            if any(cells):
                parts.append(" | ".join(cells))
        top = max(top, bottom)
    if top < page.height:
        parts.append(unwrap(page.crop((0, top, page.width, page.height)).extract_text() or ""))
    return "\n".join(part for part in parts if part.strip())

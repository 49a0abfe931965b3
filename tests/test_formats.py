"""Reports as admins download them: saved web pages (GBK too), .docx, PDF — and the files that are not reports.

Every fixture is written here from a trimmed real report (tests/fixtures/reports/heping_fgw_2019.txt).
"""

import io

import docx
import pytest
from paths import FIXTURE_REPORTS
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from bot.library.ingest import ingest
from knowledge import KnowledgeBase
from loaders import ReportUnreadable, load_report
from loaders.files import read_text

LINES = (FIXTURE_REPORTS / "heping_fgw_2019.txt").read_text(encoding="utf-8").splitlines()
TITLE = LINES[0]  # 和平区发展改革委2019年政府信息公开工作年度报告
PARAGRAPHS = [line for line in LINES[1:5] if "|" not in line]
ROWS = [
    ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
    ["规章", "0", "0", "0"],
    ["规范性文件", "0", "0", "3"],
]
FIGURE = "各类公开主体共发布信息150余条"


def write_html(path, *, encoding="utf-8"):
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    table = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in ROWS)
    page = f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>{TITLE}_和平区人民政府</title><script>var nav = "首页 > 政务公开";</script><style>p{{color:red}}</style></head>
<body><div class="header"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/xxgk">信息公开</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 年度报告</div>
<div class="main"><div class="left-menu"><ul><li><a href="/a">机构职能</a></li><li><a href="/b">政策文件</a></li></ul></div>
<div id="zoom"><h1>{TITLE}</h1><div class="fontsize">字体：[ 大 中 小 ] 打印 关闭</div>{body}
<table border="1">{table}</table></div></div>
<div class="bdsharebuttonbox">分享到：微信 微博</div><div class="footer">主办：和平区人民政府办公室 版权所有</div></body></html>"""
    path.write_bytes(page.encode(encoding))
    return path


def write_docx(path):
    document = docx.Document()
    document.add_paragraph(TITLE)
    for paragraph in PARAGRAPHS[:2]:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for paragraph in PARAGRAPHS[2:]:
        document.add_paragraph(paragraph)
    document.save(path)
    return path


def write_pdf(path, *, encrypt=None, text=True):
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK")
    story = [Paragraph(TITLE, style), *(Paragraph(p, style) for p in PARAGRAPHS)] if text else []
    grid = Table(
        ROWS,
        style=TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light"), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]),
    )
    story += [grid] if text else [Table([[""]], style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))]
    SimpleDocTemplate(str(path), pagesize=A4, encrypt=encrypt).build(story)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_saved_web_page_gives_the_article_without_page_furniture(tmp_path, encoding):
    text = read_text(write_html(tmp_path / "report.html", encoding=encoding))
    assert text.splitlines()[0] == TITLE
    assert PARAGRAPHS[0] in text and FIGURE in text
    assert (
        "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量\n规章 | 0 | 0 | 0\n规范性文件 | 0 | 0 | 3" in text
    )
    for furniture in ("当前位置", "首页", "机构职能", "字体", "分享到", "版权所有", "var nav"):
        assert furniture not in text


def test_a_docx_gives_paragraphs_and_table_rows_in_document_order(tmp_path):
    text = read_text(write_docx(tmp_path / "report.docx"))
    assert text.splitlines() == [TITLE, *PARAGRAPHS[:2], *(" | ".join(row) for row in ROWS), *PARAGRAPHS[2:]]


def test_a_pdf_gives_text_then_its_table_as_rows(tmp_path):
    text = read_text(write_pdf(tmp_path / "report.pdf"))
    lines = text.splitlines()
    assert lines[0] == TITLE
    assert FIGURE in text.replace("\n", "")
    assert lines[-3:] == [" | ".join(row) for row in ROWS]


@pytest.mark.parametrize("writer", [write_html, write_docx, write_pdf])
def test_every_format_loads_as_the_same_report(tmp_path, writer):
    suffix = {write_html: ".html", write_docx: ".docx", write_pdf: ".pdf"}[writer]
    report, passages = load_report(writer(tmp_path / f"heping{suffix}"), root=tmp_path)
    assert (report.agency, report.year, report.source) == ("和平区发展改革委", 2019, f"heping{suffix}")
    assert any("规章 | 0 | 0 | 0" in p.text for p in passages)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("garbage.pdf", bytes(range(256)) * 50, "garbage.pdf: unreadable PDF (damaged, or not a PDF)"),
        ("truncated.docx", "truncate", "truncated.docx: not a readable .docx file (damaged, or not Word 2007+)"),
        ("encrypted.pdf", "encrypt", "encrypted.pdf: encrypted PDF (it needs a password)"),
        ("scanned.pdf", "scan", "scanned.pdf: the PDF has no text layer (scanned?); OCR is not supported"),
        ("empty.html", b"", "empty.html: empty file"),
        (
            "nav-only.html",
            "<html><body><div class='nav'><a href='/'>首页</a></div></body></html>".encode(),
            "nav-only.html: the page has no article text",
        ),
    ],
)
def test_broken_files_are_reported_by_name_with_the_reason(tmp_path, name, content, message):
    path = tmp_path / name
    if content == "truncate":
        path.write_bytes(write_docx(tmp_path / "whole.docx").read_bytes()[:700])
    elif content == "encrypt":
        write_pdf(path, encrypt="secret")
    elif content == "scan":
        write_pdf(path, text=False)
    else:
        path.write_bytes(content)
    with pytest.raises(ReportUnreadable) as raised:
        read_text(path)
    assert str(raised.value).startswith(message)


def test_an_oversized_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    with pytest.raises(ReportUnreadable, match=r"^huge.txt: 50 MB, more than a report's 30 MB$"):
        read_text(path)


def test_a_real_folder_loads_every_format_and_skips_the_rest_by_name(tmp_path, segmenter):
    folder = tmp_path / "downloads"
    (folder / "2019").mkdir(parents=True)
    write_html(folder / "2019" / "heping.htm", encoding="gbk")
    write_docx(folder / "heping-copy.docx")
    write_pdf(folder / "heping-copy.pdf")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    (folder / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    err = io.StringIO()
    done = ingest(folder, tmp_path / "kb.db", segmenter, out=None, err=err)
    assert (done.reports, len(done.skipped)) == (3, 3)
    assert err.getvalue().splitlines() == [
        "skipped old.doc: old Word .doc is not supported; save it as .docx",
        "skipped scan.jpg: images have no text (no OCR)",
        "skipped broken.pdf: unreadable PDF (damaged, or not a PDF)",
        "warning 2019/heping.htm, heping-copy.docx, heping-copy.pdf: all 和平区发展改革委 2019; "
        "questions about it will quote any of them",
    ]
    kb = KnowledgeBase.open(tmp_path / "kb.db", segmenter)
    try:
        assert sorted(r.source for r in kb.reports) == ["2019/heping.htm", "heping-copy.docx", "heping-copy.pdf"]
        answer = kb.ask("和平区发展改革委2019年各类公开主体共发布信息多少条")
        assert answer.found and FIGURE in answer.snippet.replace("\n", "")
    finally:
        kb.close()

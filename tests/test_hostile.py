"""Hostile files in a reports folder: each is skipped with a one-line reason, quickly, while the other
reports still load (issue 12). Every file is built here, small on disk, in well under a second."""

import io
import logging
import shutil
import struct
import time
import zipfile

import docx
import pytest
import sqlite_utils
from paths import SEED_REPORTS
from reportlab.pdfgen import canvas

from bot.cli import ingest as cli_ingest
from bot.config import Config, KnowledgeConfig
from bot.library.ingest import ingest, load_job
from loaders import ReportUnreadable
from loaders.errors import Budget, time_limit
from loaders.files import read_text
from loaders.pdf import pdf_text

WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BOMB_BYTES = 48 * 1024 * 1024  # over word.MAX_UNZIPPED_BYTES (40 MB) with the template; deflates to ~100 KB in 0.2 s


def docx_with(path, document_xml):
    """A real .docx (python-docx's template) whose word/document.xml is ``document_xml``."""
    template = io.BytesIO()
    docx.Document().save(template)
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            is_body = member.filename == "word/document.xml"
            target.writestr(member.filename, document_xml if is_body else source.read(member.filename))
    return path


def zip_bomb_docx(path):
    return docx_with(path, b"<w:p/>" * (BOMB_BYTES // 6))


def lying_docx(path):
    """The zip bomb with its central directory claiming word/document.xml unpacks to 1,000 bytes."""
    data = bytearray(zip_bomb_docx(path).read_bytes())
    entry = data.rfind(b"word/document.xml") - 46  # the central directory's record of it (name at +46)
    assert data[entry : entry + 4] == b"PK\x01\x02"
    data[entry + 24 : entry + 28] = struct.pack("<I", 1000)  # its uncompressed size
    path.write_bytes(bytes(data))
    return path


def laughs_docx(path):
    """Billion laughs: ten entities of ten references each, nine levels deep, in document.xml."""
    entities = '<!ENTITY a "hahahahahahahahahaha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{f"&{chr(97 + i)};" * 10}">' for i in range(9)
    )
    return docx_with(
        path,
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        f'<w:document xmlns:w="{WORD}"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>',
    )


def not_a_document_docx(path):
    """A .docx whose main part is well-formed XML but not a Word document (python-docx: AttributeError)."""
    return docx_with(path, f'<?xml version="1.0"?><w:settings xmlns:w="{WORD}"/>')


def deep_html(path, levels=100_000):
    path.write_text(f"<html><body>{'<div>' * levels}我局收到申请11件。{'</div>' * levels}</body></html>")
    return path


def long_pdf(path, pages):
    pdf = canvas.Canvas(str(path))
    for number in range(pages):
        pdf.drawString(72, 720, f"Page {number + 1}")
        pdf.showPage()
    pdf.save()
    return path


def read_error(path):
    with pytest.raises(ReportUnreadable) as raised:
        read_text(path)
    return str(raised.value)


def test_a_docx_zip_bomb_is_refused_by_its_declared_size(tmp_path):
    assert read_error(zip_bomb_docx(tmp_path / "bomb.docx")) == (
        "bomb.docx: unpacks to 49 MB, more than a report's 40 MB (a zip bomb?)"
    )


def test_a_docx_zip_that_understates_its_size_is_refused_not_inflated(tmp_path):
    assert read_error(lying_docx(tmp_path / "liar.docx")) == (
        "liar.docx: not a readable .docx file (damaged, or not Word 2007+)"
    )


def test_a_billion_laughs_docx_is_refused_as_a_plain_reason(tmp_path):
    assert read_error(laughs_docx(tmp_path / "laughs.docx")) == (
        "laughs.docx: the document's XML is broken or hostile (not Word 2007+)"
    )


def test_html_nested_100000_deep_is_refused_before_parsing(tmp_path):
    assert read_error(deep_html(tmp_path / "deep.html")) == (
        "deep.html: more than 2000 tags left open, nested too deep for a report page"
    )


def test_html_nested_deep_by_tags_the_parser_closes_is_refused_after_parsing(tmp_path):
    path = tmp_path / "tables.html"  # <tr>/<td> have no end tags here: only the <table>s count before parsing
    path.write_text(f"<html><body>{'<table><tr><td>' * 300}我局收到申请11件。</body></html>")
    assert read_error(path) == "tables.html: elements nested more than 256 deep, too deep for a report page"


def test_a_page_nested_as_deep_as_real_ones_still_reads(tmp_path):
    assert read_text(deep_html(tmp_path / "ok.html", levels=60)) == "我局收到申请11件。"


def test_a_pdf_longer_than_a_report_is_refused(tmp_path):
    assert read_error(long_pdf(tmp_path / "gazette.pdf", 301)) == "gazette.pdf: 301 pages, more than a report's 300"


def test_reading_stops_at_the_deadline_between_pages(tmp_path):
    with pytest.raises(ReportUnreadable, match=r"^slow.pdf: reading it took over 0 s, far longer than a report$"):
        pdf_text(long_pdf(tmp_path / "slow.pdf", 2), name="slow.pdf", budget=Budget("slow.pdf", seconds=0))


def test_reading_stops_at_the_time_limit_inside_a_slow_step():
    started = time.monotonic()
    with pytest.raises(ReportUnreadable, match=r"^slow.html: reading it took over 0.2 s, far longer than a report$"):
        with time_limit("slow.html", 0.2):
            while True:  # a parser's loop that never returns on its own
                sum(range(1000))
    assert time.monotonic() - started < 2
    with time_limit("quick.txt", 0.2):  # a file read in time leaves no timer behind
        pass
    time.sleep(0.3)


def test_a_page_of_tens_of_thousands_of_elements_is_refused_at_once(tmp_path):
    page = tmp_path / "dump.html"
    page.write_text(
        "<html><body><p>甲局收到申请12件。</p>" + "<div class='menu'>菜单项</div>" * 60_000 + "</body></html>"
    )
    started = time.monotonic()
    with pytest.raises(
        ReportUnreadable, match=r"^dump.html: more than 50,000 elements, far more than a report page has$"
    ):
        read_text(page)
    assert time.monotonic() - started < 5


def test_more_text_than_a_report_has_is_refused(tmp_path):
    path = tmp_path / "dump.txt"
    path.write_text("政" * 2_000_001, encoding="utf-8")
    assert read_error(path) == "dump.txt: more text than a report has (over 2,000,000 characters)"


def many_passages_txt(path):
    """1.3 million characters (under the text bound) cut into over 3,000 passages."""
    paragraph = "我局收到申请十一件，其中网上申请三件，均已按时答复，没有发生行政复议和行政诉讼。" * 10
    path.write_text("\n".join(f"{n}.情况\n{paragraph}" for n in range(1, 3100)), encoding="utf-8")
    return path


def test_more_passages_than_a_report_has_is_refused(tmp_path):
    assert (
        load_job((many_passages_txt(tmp_path / "many.txt"), tmp_path, None))
        == "many.txt: more than 3000 passages, far more than a report has"
    )


def test_an_unexpected_error_skips_the_file_with_its_type_and_logs_the_traceback(tmp_path, caplog):
    path = not_a_document_docx(tmp_path / "settings.docx")
    with caplog.at_level(logging.WARNING, logger="reportbot.ingest"):
        assert load_job((path, tmp_path, None)) == "settings.docx: could not be read (AttributeError)"
    [record] = caplog.records
    assert (record.levelname, record.getMessage(), record.exc_info[0]) == (
        "WARNING",
        "settings.docx: could not be read",
        AttributeError,
    )


SECRET = "root:x:0:0:口令九五二七:/root:/bin/bash"


@pytest.fixture
def mixed_folder(tmp_path):
    """The five seed reports, one of each hostile file, and a manifest with one bad line."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}\n温州市教育局2018年政府信息公开工作年度报告\n", encoding="utf-8")
    folder = tmp_path / "reports"
    shutil.copytree(SEED_REPORTS, folder)
    (folder / "passwd.txt").symlink_to(outside / "secret.txt")
    (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
    zip_bomb_docx(folder / "bomb.docx")
    lying_docx(folder / "liar.docx")
    laughs_docx(folder / "laughs.docx")
    not_a_document_docx(folder / "settings.docx")
    deep_html(folder / "deep.html")
    long_pdf(folder / "gazette.pdf", 301)
    (folder / "dump.txt").write_text("政" * 2_000_001, encoding="utf-8")
    many_passages_txt(folder / "many.txt")
    (folder / "reports.jsonl").write_text('{"file": "000_bc8c2b0d3e4e76a9.txt", "year": 1e308}\n', encoding="utf-8")
    return folder


@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=pytest.mark.slow)], ids=["in-process", "forked"])
def test_a_folder_of_hostile_files_loads_the_reports_and_skips_each_with_its_reason(
    tmp_path, mixed_folder, segmenter, workers
):
    err = io.StringIO()
    done = ingest(mixed_folder, tmp_path / "kb.db", segmenter, out=None, err=err, workers=workers)
    assert err.getvalue().splitlines() == [
        "warning reports.jsonl:1: ignored (year must be a whole number between 1990 and 2100)",
        "skipped elsewhere: links outside the reports folder",
        "skipped passwd.txt: links outside the reports folder",
        "skipped bomb.docx: unpacks to 49 MB, more than a report's 40 MB (a zip bomb?)",
        "skipped deep.html: more than 2000 tags left open, nested too deep for a report page",
        "skipped dump.txt: more text than a report has (over 2,000,000 characters)",
        "skipped gazette.pdf: 301 pages, more than a report's 300",
        "skipped laughs.docx: the document's XML is broken or hostile (not Word 2007+)",
        "skipped liar.docx: not a readable .docx file (damaged, or not Word 2007+)",
        "skipped many.txt: more than 3000 passages, far more than a report has",
        "skipped settings.docx: could not be read (AttributeError)",
    ]
    assert done.reports == 5
    assert done.seconds < 30  # each file is refused in well under a second; unbounded, this took hours
    texts = [row["text"] for row in sqlite_utils.Database(tmp_path / "kb.db")["passages"].rows]
    assert len(texts) == done.passages and not any("口令九五二七" in text for text in texts)


@pytest.mark.slow
def test_a_file_named_with_line_breaks_prints_as_one_line(tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    for seed, name in (
        ("000_bc8c2b0d3e4e76a9.txt", "a\nb.txt"),
        ("001_b7894a410e827a12.txt", "c\u2028d\te.txt"),  # a line separator, and a tab (fields are tab-separated)
        ("002_295c690ec65ccc59.txt", "f\x85g\x1b[31m.txt"),  # NEL, and a terminal's colour escape
    ):
        shutil.copyfile(SEED_REPORTS / seed, folder / name)
    (folder / "h\ri.txt").write_bytes(b"")
    config = Config(knowledge=KnowledgeConfig(cache_dir=tmp_path / "cache"))
    out = io.StringIO()
    cli_ingest(folder, tmp_path / "kb.db", config, out=out)
    assert out.getvalue().splitlines()[:3] == [
        "a\\nb.txt\t温州市教育局\t2018\t15 passages",
        "c\\u2028d\\te.txt\t沈阳市教育局\t2018\t11 passages",
        "f\\x85g\\x1b[31m.txt\t柳州市教育局\t2018\t23 passages",
    ]
    err = capsys.readouterr().err.splitlines()  # jieba, unconfigured, says it loads its dictionary here too
    assert [line for line in err if line.startswith("skipped")] == ["skipped h\\ri.txt: empty file"]
    (folder / "a\nb.txt").unlink()
    out = io.StringIO()
    cli_ingest(folder, tmp_path / "kb.db", config, out=out, dry_run=True)
    assert out.getvalue().splitlines()[:2] == ["would add\th\\ri.txt", "would remove\ta\\nb.txt"]

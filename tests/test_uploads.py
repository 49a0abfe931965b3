"""Admins add reports by sending the file: stored under a safe name only when it loads, then reloaded."""

import asyncio
import io
import json
import zipfile

import docx
import pytest
from fakebotapi import ADMIN_ID, load_update, send
from paths import SEED_REPORTS
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from telegram import Update

from bot.uploads import UploadRefused, read_caption, safe_name, store_upload

ALICE = 1001
NANHU = "嘉兴市南湖区教育体育局"
NANHU_TEXT = (
    "嘉兴市南湖区教育体育局2020年政府信息公开工作年度报告\n"
    "一、总体情况\n2020年，我局认真贯彻《中华人民共和国政府信息公开条例》。\n"
    "二、依申请公开情况\n2020年，我局共收到政府信息公开申请17件，均按期答复。\n"
)


async def _upload(app, telegram, data: bytes, *, name: str, caption: str | None = None, sender: int = ADMIN_ID):
    file_id = f"f{len(telegram.documents)}"
    telegram.offer(file_id, data)
    update = load_update("admin_document")
    message = update["message"]
    message["document"].update(file_id=file_id, file_name=name, file_size=len(data))
    message["from"]["id"] = message["chat"]["id"] = sender
    if caption is not None:
        message["caption"] = caption
    await app.process_update(Update.de_json(update, app.bot))


def _pdf(text_lines: list[str]) -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # reportlab's built-in Chinese font, no file
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("STSong-Light", 12)
    for n, line in enumerate(text_lines):
        page.drawString(50, 800 - 20 * n, line)
    page.save()
    return out.getvalue()


def _docx(text_lines: list[str]) -> bytes:
    document = docx.Document()
    for line in text_lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


async def test_an_admin_adds_a_report_by_sending_it_and_it_answers_the_next_question(admin_app, telegram, reports):
    await _upload(admin_app, telegram, NANHU_TEXT.encode(), name="南湖教体局年报.txt")
    [reply] = telegram.texts(ADMIN_ID)
    assert reply.startswith(f"已添加：南湖教体局年报.txt\n机关：{NANHU} · 年份：2020 · ")
    assert "知识库现有 6 份报告" in reply
    assert (reports / "南湖教体局年报.txt").read_bytes() == NANHU_TEXT.encode()
    await send(admin_app, "private_text", text="南湖区教体局2020年收到多少件政府信息公开申请")
    assert telegram.texts(ALICE)[0].startswith("<b>答：</b>2020年，我局共<b>收到</b><b>政府信息公开申请</b>17件")


@pytest.mark.parametrize("kind", ["pdf", "docx", "html"])
async def test_pdf_docx_and_saved_pages_are_added_too(admin_app, telegram, reports, kind):
    lines = NANHU_TEXT.strip().split("\n")
    data = {
        "pdf": lambda: _pdf(lines),
        "docx": lambda: _docx(lines),
        "html": lambda: (
            "<html><body><div>" + "".join(f"<p>{line}</p>" for line in lines) + "</div></body></html>"
        ).encode(),
    }[kind]()
    await _upload(admin_app, telegram, data, name=f"nanhu.{kind}")
    [reply] = telegram.texts(ADMIN_ID)
    assert reply.startswith(f"已添加：nanhu.{kind}\n机关：{NANHU} · 年份：2020 · ")
    assert (reports / f"nanhu.{kind}").read_bytes() == data


async def test_a_broken_file_is_refused_with_its_reason_and_not_kept(admin_app, telegram, reports):
    before = sorted(p.name for p in reports.iterdir())
    await _upload(admin_app, telegram, b"PK\x03\x04 not really a zip", name="年报.docx")
    assert telegram.texts(ADMIN_ID) == [
        "无法添加：年报.docx: not a readable .docx file (damaged, or not Word 2007+)\n文件没有保存，知识库没有变化。"
    ]
    assert sorted(p.name for p in reports.iterdir()) == before


async def test_caption_metadata_lands_in_reports_jsonl(admin_app, telegram, reports):
    text = "2020年政府信息公开工作年度报告\n一、依申请公开\n全年收到申请3件。\n"
    await _upload(admin_app, telegram, text.encode(), name="report.txt", caption=f"机关={NANHU} 年份=2020")
    [reply] = telegram.texts(ADMIN_ID)
    assert reply.startswith(f"已添加：report.txt\n机关：{NANHU} · 年份：2020 · ")
    [line] = (reports / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line) == {"file": "report.txt", "agency": NANHU, "year": 2020, "original": "report.txt"}


async def test_the_same_bytes_again_change_nothing(admin_app, telegram, reports):
    await _upload(admin_app, telegram, (SEED_REPORTS / "000_bc8c2b0d3e4e76a9.txt").read_bytes(), name="温州.txt")
    assert telegram.texts(ADMIN_ID) == ["已有这份报告（文件内容完全相同），知识库没有变化。"]
    assert not (reports / "温州.txt").exists()


async def test_a_non_admin_upload_changes_nothing(admin_app, telegram, reports):
    before = sorted(p.name for p in reports.iterdir())
    await _upload(admin_app, telegram, NANHU_TEXT.encode(), name="nanhu.txt", sender=ALICE)
    assert telegram.texts(ALICE) == ["只有管理员可以添加报告。"]
    assert telegram.calls_to("getFile") == []
    assert sorted(p.name for p in reports.iterdir()) == before


async def test_a_hostile_file_name_stays_inside_the_reports_folder(admin_app, telegram, reports, tmp_path):
    await _upload(admin_app, telegram, NANHU_TEXT.encode(), name="../../../outside\x07.txt")
    assert telegram.texts(ADMIN_ID)[0].startswith("已添加：outside.txt\n")
    assert (reports / "outside.txt").is_file() and not (tmp_path / "outside.txt").exists()


async def test_reports_pages_and_remove_moves_the_file_aside_and_reloads(admin_app, telegram, reports, monkeypatch):
    monkeypatch.setattr("bot.messages.REPORTS_PER_PAGE", 2)
    await send(
        admin_app, "admin_command", text="/reports", entities=[{"offset": 0, "length": 8, "type": "bot_command"}]
    )
    [listing] = telegram.calls_to("sendMessage")
    assert listing["text"] == (
        "<b>知识库里的报告</b>（5 份，第 1/3 页）\n"
        "• 温州市教育局 · 2018年 · 000_bc8c2b0d3e4e76a9.txt · 15 段\n"
        "• 沈阳市教育局 · 2018年 · 001_b7894a410e827a12.txt · 11 段"
    )
    next_page = listing["reply_markup"]["inline_keyboard"][0][0]
    assert next_page == {"text": "下一页 ▶", "callback_data": "rp:1"}
    press = load_update("callback_more")
    press["callback_query"].update(
        data="rp:1",
        **{"from": {"id": ADMIN_ID, "is_bot": False, "first_name": "Admin"}},
        message={**press["callback_query"]["message"], "chat": {"id": ADMIN_ID, "type": "private"},
                 "reply_markup": listing["reply_markup"]},
    )  # fmt: skip
    await admin_app.process_update(Update.de_json(press, admin_app.bot))
    [page_two] = telegram.calls_to("editMessageText")
    assert page_two["text"].startswith("<b>知识库里的报告</b>（5 份，第 2/3 页）\n• 柳州市教育局 · 2018年")
    await send(
        admin_app, "admin_command", text="/remove 003_549620f865b56b29.txt",
        entities=[{"offset": 0, "length": 7, "type": "bot_command"}],
    )  # fmt: skip
    removed = telegram.texts(ADMIN_ID)[-1]
    assert removed.startswith(
        "已移除：003_549620f865b56b29.txt（文件移到 .removed/003_549620f865b56b29.txt，没有删除）。\n知识库现有 4 份报告"
    )
    assert (reports / ".removed" / "003_549620f865b56b29.txt").is_file()
    assert not (reports / "003_549620f865b56b29.txt").exists()


def test_read_caption_refuses_a_year_that_is_none():
    with pytest.raises(UploadRefused, match="年份“二〇二〇”不是 1990–2100 之间的年份。"):
        read_caption("年份=二〇二〇")


def test_safe_names_never_leave_the_folder_and_never_hide():
    assert safe_name("..", "abcdef0123456789") == "report-abcdef012345"
    assert safe_name("C:\\Users\\x\\年报 2020.htm", "ab") == "年报_2020.htm"
    assert safe_name(".bashrc.txt", "ab") == "bashrc.txt"


def test_a_name_taken_gets_a_suffix(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "nanhu.txt").write_text("别的报告", encoding="utf-8")
    stored = store_upload(folder, "nanhu.txt", NANHU_TEXT.encode(), agency=None, year=None)
    assert stored.name == "nanhu-2.txt"
    assert json.loads((folder / "reports.jsonl").read_text(encoding="utf-8")) == {
        "file": "nanhu-2.txt", "agency": None, "year": None, "original": "nanhu.txt",
    }  # fmt: skip


def test_a_zip_that_is_no_report_is_refused_by_its_suffix(tmp_path):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(UploadRefused, match=r"^reports.zip：不是报告格式"):
        store_upload(tmp_path, "reports.zip", archive.getvalue(), agency=None, year=None)


async def test_two_uploads_at_once_take_turns(admin_app, telegram, reports):
    other = NANHU_TEXT.replace("南湖区", "秀洲区").replace("17件", "5件")
    await asyncio.gather(
        _upload(admin_app, telegram, NANHU_TEXT.encode(), name="nanhu.txt"),
        _upload(admin_app, telegram, other.encode(), name="xiuzhou.txt"),
    )
    replies = telegram.texts(ADMIN_ID)
    assert sorted(r.split("\n")[0] for r in replies) == ["已添加：nanhu.txt", "已添加：xiuzhou.txt"]
    assert sorted(r.split("\n")[-1][:11] for r in replies) == ["知识库现有 6 份报告", "知识库现有 7 份报告"]

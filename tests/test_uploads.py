"""Admins add reports by sending the file: stored under a safe name only when it loads, then reloaded."""

import asyncio
import hashlib
import io
import json
import zipfile

import docx
import pytest
from fakebotapi import ADMIN_ID, load_update, send, send_command
from paths import SEED_REPORTS
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from telegram import Update

from bot.library.uploads import UploadRefused, bounded, read_caption, safe_name, store_upload
from bot.library.writelock import writing
from loaders import ReportUnreadable
from loaders.manifest import Override

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


@pytest.mark.slow  # a reload: over a second
async def test_an_admin_adds_a_report_by_sending_it_and_it_answers_the_next_question(admin_app, telegram, reports):
    await _upload(admin_app, telegram, NANHU_TEXT.encode(), name="南湖教体局年报.txt")
    [reply] = telegram.texts(ADMIN_ID)
    assert reply.startswith(f"已添加：南湖教体局年报.txt\n机关：{NANHU} · 年份：2020 · ")
    assert "知识库现有 6 份报告" in reply
    assert (reports / "南湖教体局年报.txt").read_bytes() == NANHU_TEXT.encode()
    await send(admin_app, "private_text", text="南湖区教体局2020年收到多少件政府信息公开申请")
    assert telegram.texts(ALICE)[0].startswith("答：<b>17件</b>\n2020年，我局共收到政府信息公开申请17件")


@pytest.mark.slow
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
        "无法添加：年报.docx：不是可读的 .docx 文件（已损坏，或不是 Word 2007 以后的格式）\n文件没有保存，知识库没有变化。"
    ]
    assert sorted(p.name for p in reports.iterdir()) == before


@pytest.mark.slow
async def test_caption_metadata_lands_in_reports_jsonl(admin_app, telegram, reports):
    text = "2020年政府信息公开工作年度报告\n一、依申请公开\n全年收到申请3件。\n"
    await _upload(admin_app, telegram, text.encode(), name="report.txt", caption=f"机关={NANHU} 年份=2020")
    [reply] = telegram.texts(ADMIN_ID)
    assert reply.startswith(f"已添加：report.txt\n机关：{NANHU} · 年份：2020 · ")
    [line] = (reports / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert (
        json.loads(line)
        == {
            "file": "report.txt",
            "agency": NANHU,
            "year": 2020,
            "original": "report.txt",
            "sha256": "7b0b58c9794c19695614b0d7a7dcba2f687204cb1c03ad52c758d7064e2105eb",  # the caption holds for these bytes only
        }
    )


async def test_the_same_bytes_again_change_nothing(admin_app, telegram, reports):
    await _upload(admin_app, telegram, (SEED_REPORTS / "000_bc8c2b0d3e4e76a9.txt").read_bytes(), name="温州.txt")
    assert telegram.texts(ADMIN_ID) == [
        "已有这份报告（文件内容完全相同），知识库没有变化。"
        "要更正它的机关或年份：再发一次并在说明里写 机关=… 年份=…，或用 /meta 文件名 机关=… 年份=…"
    ]
    assert not (reports / "温州.txt").exists()


async def test_a_non_admin_upload_changes_nothing(admin_app, telegram, reports):
    before = sorted(p.name for p in reports.iterdir())
    await _upload(admin_app, telegram, NANHU_TEXT.encode(), name="nanhu.txt", sender=ALICE)
    assert telegram.texts(ALICE) == ["只有管理员可以添加报告。"]
    assert telegram.calls_to("getFile") == []
    assert sorted(p.name for p in reports.iterdir()) == before


@pytest.mark.slow
async def test_a_hostile_file_name_stays_inside_the_reports_folder(admin_app, telegram, reports, tmp_path):
    await _upload(admin_app, telegram, NANHU_TEXT.encode(), name="../../../outside\x07.txt")
    assert telegram.texts(ADMIN_ID)[0].startswith("已添加：outside.txt\n")
    assert (reports / "outside.txt").is_file() and not (tmp_path / "outside.txt").exists()


async def test_reports_pages_and_remove_moves_the_file_aside_and_reloads(admin_app, telegram, reports, monkeypatch):
    monkeypatch.setattr("bot.present.messages.REPORTS_PER_PAGE", 2)
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
    stored = store_upload(folder, "nanhu.txt", NANHU_TEXT.encode(), agency=None, year=None, served=set())
    assert stored.name == "nanhu-2.txt"
    assert json.loads((folder / "reports.jsonl").read_text(encoding="utf-8")) == {
        "file": "nanhu-2.txt", "agency": None, "year": None, "original": "nanhu.txt", "sha256": "2aadbd550ac056d7429df82298bb2603d3aa452085bc23c245f6cae7a872ca36",
    }  # fmt: skip


def test_a_zip_that_is_no_report_is_refused_by_its_suffix(tmp_path):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(UploadRefused, match=r"^reports.zip：不是报告格式"):
        store_upload(tmp_path, "reports.zip", archive.getvalue(), agency=None, year=None, served=set())


@pytest.mark.slow
async def test_two_uploads_at_once_take_turns(admin_app, telegram, reports):
    other = NANHU_TEXT.replace("南湖区", "秀洲区").replace("17件", "5件")
    await asyncio.gather(
        _upload(admin_app, telegram, NANHU_TEXT.encode(), name="nanhu.txt"),
        _upload(admin_app, telegram, other.encode(), name="xiuzhou.txt"),
    )
    replies = telegram.texts(ADMIN_ID)
    assert sorted(r.split("\n")[0] for r in replies) == ["已添加：nanhu.txt", "已添加：xiuzhou.txt"]
    assert sorted(r.split("\n")[-1][:11] for r in replies) == ["知识库现有 6 份报告", "知识库现有 7 份报告"]


# -- what is said of a report belongs to its bytes; an upload is kept only when it is served ------------
SHENZHEN = "机关=深圳市教育局 年份=2023"


async def _holdings(own_service) -> dict[str, tuple]:
    return {source: (agency, year) for source, agency, year, _ in await own_service.holdings()}


@pytest.mark.slow
async def test_a_caption_does_not_outlive_its_file(admin_app, telegram, reports, own_service):
    first = "2023年政府信息公开工作年度报告\n一、依申请公开\n全年收到申请3件。\n"
    await _upload(admin_app, telegram, first.encode(), name="annual.txt", caption=SHENZHEN)
    assert (await _holdings(own_service))["annual.txt"] == ("深圳市教育局", 2023)
    await send_command(admin_app, "admin_command", "/remove annual.txt")
    await _upload(admin_app, telegram, NANHU_TEXT.encode(), name="annual.txt")
    assert (await _holdings(own_service))["annual.txt"] == (NANHU, 2020)
    assert [json.loads(line)["agency"] for line in (reports / ".removed" / "reports.jsonl").open()] == ["深圳市教育局"]


@pytest.mark.slow
async def test_an_upload_keeps_the_manifest_in_the_folder_above_in_force(admin_app, telegram, reports, own_service):
    (reports.parent / "reports.jsonl").write_text(
        '{"file": "reports/000_bc8c2b0d3e4e76a9.txt", "agency": "温州市教育局（上级文件所写）"}\n', encoding="utf-8"
    )
    await _upload(admin_app, telegram, NANHU_TEXT.encode(), name="nanhu.txt", caption="年份=2020")
    held = await _holdings(own_service)
    assert (held["000_bc8c2b0d3e4e76a9.txt"], held["nanhu.txt"]) == (
        ("温州市教育局（上级文件所写）", 2018),
        (NANHU, 2020),
    )


@pytest.mark.slow
async def test_the_same_bytes_with_a_new_caption_correct_the_report(admin_app, telegram, reports, own_service):
    text = "2020年政府信息公开工作年度报告\n一、依申请公开\n全年收到申请3件。\n"
    await _upload(admin_app, telegram, text.encode(), name="r.txt", caption="机关=营口市教育局 年份=2020")
    await _upload(admin_app, telegram, text.encode(), name="r.txt", caption=f"机关={NANHU}")
    assert telegram.texts(ADMIN_ID)[-1].startswith(f"已更正：r.txt\n机关：{NANHU} · 年份：2020 · ")
    assert (await _holdings(own_service))["r.txt"] == (NANHU, 2020)
    assert len((reports / "reports.jsonl").read_text(encoding="utf-8").splitlines()) == 1


async def test_meta_says_a_reports_agency_and_year_and_reloads(admin_app, telegram, reports, own_service):
    await send_command(admin_app, "admin_command", "/meta 004_fc3ba926d9542043.txt 机关=淄博市张店区教育局 年份=2017")
    assert telegram.texts(ADMIN_ID)[-1].startswith("已更正：004_fc3ba926d9542043.txt\n知识库现有 5 份报告")
    assert (await _holdings(own_service))["004_fc3ba926d9542043.txt"] == ("淄博市张店区教育局", 2017)
    await send_command(admin_app, "admin_command", "/meta 004_fc3ba926d9542043.txt")
    assert (
        telegram.texts(ADMIN_ID)[-1]
        == "无法更正：用法：/meta 文件名 机关=… 年份=… 来源=网址（文件名见 /reports）。\n知识库没有变化。"
    )


@pytest.mark.slow  # a reload: over a second
async def test_a_caption_source_url_becomes_the_answers_link_and_a_bad_one_is_dropped_with_a_warning(
    admin_app, telegram, reports
):
    url = "https://www.nanhu.gov.cn/art/2021/1/20/art_1229.html"
    await _upload(admin_app, telegram, NANHU_TEXT.encode(), name="nanhu.txt", caption=f"年份=2020 来源={url}")
    assert telegram.texts(ADMIN_ID)[0].startswith(
        f"已添加：nanhu.txt\n机关：{NANHU} · 年份：2020 · 3 段\n来源：{url}\n"
    )
    assert json.loads((reports / "reports.jsonl").read_text(encoding="utf-8"))["url"] == url
    await send(admin_app, "private_text", text="南湖区教体局2020年收到多少件政府信息公开申请")
    assert telegram.texts(ALICE)[0].endswith(f'出处：<a href="{url}">{NANHU} · 2020年</a> · 二、依申请公开情况')
    await _upload(
        admin_app, telegram, b"2021" + NANHU_TEXT.encode(), name="n2.txt", caption="来源=ftp://nanhu.gov.cn/a"
    )
    assert "\n注意：来源“ftp://nanhu.gov.cn/a”不是 http(s) 网址，没有记下。\n" in telegram.texts(ADMIN_ID)[-1]
    assert "url" not in json.loads((reports / "reports.jsonl").read_text(encoding="utf-8").splitlines()[-1])


@pytest.mark.slow  # a reload: over a second
async def test_meta_gives_a_report_its_source_url_and_keeps_its_agency_and_year(
    admin_app, telegram, reports, own_service
):
    url = "http://www.zhangdian.gov.cn/gongkai/nb2017.html"
    await send_command(admin_app, "admin_command", f"/meta 004_fc3ba926d9542043.txt 来源={url}")
    assert telegram.texts(ADMIN_ID)[-1].startswith("已更正：004_fc3ba926d9542043.txt\n知识库现有 5 份报告")
    assert (await _holdings(own_service))["004_fc3ba926d9542043.txt"] == ("张店区教育局", 2017)
    await send(admin_app, "private_text", text="张店区教育局联系电话")
    assert f'出处：<a href="{url}">张店区教育局 · 2017年</a> · 报告开头' in telegram.texts(ALICE)[0]
    await send_command(admin_app, "admin_command", "/meta 004_fc3ba926d9542043.txt 来源=file:///etc/passwd")
    assert telegram.texts(ADMIN_ID)[-1] == (
        "无法更正：来源“file:///etc/passwd”不是 http(s) 网址，没有记下。"
        "用法：/meta 文件名 机关=… 年份=… 来源=网址（文件名见 /reports）。\n知识库没有变化。"
    )


@pytest.mark.slow
async def test_a_name_with_two_spaces_can_be_removed(admin_app, telegram, reports, own_service):
    await _upload(admin_app, telegram, NANHU_TEXT.encode(), name="南湖  年报.txt")
    [name] = [source for source in await _holdings(own_service) if "年报" in source]
    await send_command(admin_app, "admin_command", f"/remove {name}")
    assert telegram.texts(ADMIN_ID)[-1].startswith(f"已移除：{name}（")
    assert name not in await _holdings(own_service)


@pytest.mark.slow
async def test_a_pdf_named_txt_is_read_and_kept_as_a_pdf(admin_app, telegram, reports, own_service):
    await _upload(admin_app, telegram, _pdf(NANHU_TEXT.strip().split("\n")), name="nanhu.txt")
    assert telegram.texts(ADMIN_ID)[0].startswith(f"已添加：nanhu.pdf\n机关：{NANHU} · 年份：2020 · ")
    assert not (reports / "nanhu.txt").exists()
    await send(admin_app, "private_text", text="南湖区教体局2020年收到多少件政府信息公开申请")
    assert "%PDF" not in telegram.texts(ALICE)[0] and "17件" in telegram.texts(ALICE)[0]


@pytest.mark.slow
async def test_an_upload_whose_reload_fails_is_not_kept_and_may_be_sent_again(
    admin_app, telegram, reports, own_service
):
    with writing(own_service.database):  # an ingest holds the knowledge base: the reload cannot run
        await _upload(admin_app, telegram, NANHU_TEXT.encode(), name="nanhu.txt")
    reply = telegram.texts(ADMIN_ID)[0]
    assert reply.startswith("重建失败：另一个导入正在写 ")
    assert "这份报告没有加入，文件已移到 .removed/nanhu.txt，可以稍后再发一次。" in reply
    assert not (reports / "nanhu.txt").exists()
    await _upload(admin_app, telegram, NANHU_TEXT.encode(), name="nanhu.txt")
    assert telegram.texts(ADMIN_ID)[1].startswith(f"已添加：nanhu.txt\n机关：{NANHU}")


@pytest.mark.slow
async def test_an_unserved_copy_left_in_the_folder_is_the_same_file_not_a_second(admin_app, telegram, reports):
    (reports / "nanhu.txt").write_bytes(NANHU_TEXT.encode())  # a kill between storing and reloading
    (reports / ".upload-0123456789abcdef.txt").write_bytes(b"half")  # a kill while reading
    await _upload(admin_app, telegram, NANHU_TEXT.encode(), name="again.txt")
    assert telegram.texts(ADMIN_ID)[0].startswith(f"已添加：nanhu.txt\n机关：{NANHU}")
    assert sorted(p.name for p in reports.iterdir() if "nanhu" in p.name or p.name.startswith(".upload")) == [
        "nanhu.txt"
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "caption", "reply"),
    [
        ("🏫" * 80 + ".txt", None, "已添加：" + "🏫" * 50 + ".txt\n"),  # 320 bytes: cut to a name Linux takes
        ("r.txt", "年份=²⁰²⁰", "已添加：r.txt\n机关：嘉兴市南湖区教育体育局 · 年份：2020 · "),
    ],
    ids=["name-of-320-bytes", "superscript-year"],
)
async def test_names_and_years_written_oddly_are_read(admin_app, telegram, reports, name, caption, reply):
    await _upload(admin_app, telegram, NANHU_TEXT.encode(), name=name, caption=caption)
    assert telegram.texts(ADMIN_ID)[0].startswith(reply)


async def test_a_file_too_big_to_download_is_refused_with_the_reason(admin_app, telegram, reports):
    big = b"x" * (20 * 1024 * 1024 + 1)
    telegram.offer("big", big)
    update = load_update("admin_document")
    update["message"]["document"].update(file_id="big", file_name="big.txt")
    update["message"]["document"].pop("file_size", None)  # the update need not say the size
    await admin_app.process_update(Update.de_json(update, admin_app.bot))
    assert telegram.texts(ADMIN_ID) == [
        "无法添加：big.txt：超过 20 MB，Telegram 不让机器人下载。\n文件没有保存，知识库没有变化。"
    ]


async def test_a_folder_that_cannot_be_written_is_said_so(admin_app, telegram, reports):
    digest = hashlib.sha256(NANHU_TEXT.encode()).hexdigest()
    (reports / f".upload-{digest[:16]}.txt").mkdir()  # where the upload would be written is taken
    await _upload(admin_app, telegram, NANHU_TEXT.encode(), name="nanhu.txt")
    [reply] = telegram.texts(ADMIN_ID)
    assert reply.startswith("无法添加：nanhu.txt：报告文件夹无法写入（")
    assert not (reports / "nanhu.txt").exists()


@pytest.mark.slow
def test_a_file_that_needs_more_memory_than_allowed_is_refused_and_the_bot_lives(tmp_path):
    page = tmp_path / ".upload-page.html"
    page.write_bytes(
        b"<html><body><p>" + "营口市教育局2020年".encode() + b"</p>" + b"<br>" * 500_000 + b"</body></html>"
    )
    with pytest.raises(ReportUnreadable, match=r"^\.upload-page\.html: too large to read as a report$"):
        bounded(page, tmp_path, Override(None, None), memory=300 * 1024 * 1024)
    small = tmp_path / ".upload-small.txt"
    small.write_text(NANHU_TEXT, encoding="utf-8")
    assert bounded(small, tmp_path, Override(None, None), memory=300 * 1024 * 1024).agency == NANHU


@pytest.mark.slow
async def test_a_correction_whose_reload_fails_is_taken_back_and_the_report_stays(
    admin_app, telegram, reports, own_service
):
    text = "2020年政府信息公开工作年度报告\n一、依申请公开\n全年收到申请3件。\n"
    await _upload(admin_app, telegram, text.encode(), name="r.txt", caption="机关=营口市教育局")
    with writing(own_service.database):  # the correction's reload cannot run
        await _upload(admin_app, telegram, text.encode(), name="r.txt", caption=f"机关={NANHU}")
    assert "这次更正没有生效，报告的机关和年份照旧，可以稍后再发一次。" in telegram.texts(ADMIN_ID)[-1]
    assert (reports / "r.txt").is_file()
    assert [json.loads(line)["agency"] for line in (reports / "reports.jsonl").open()] == ["营口市教育局"]
    assert (await _holdings(own_service))["r.txt"] == ("营口市教育局", 2020)


@pytest.mark.slow
async def test_a_page_without_a_doctype_named_html_stays_a_page(admin_app, telegram, reports):
    page = "<head><meta charset='utf-8'></head><div>" + "".join(f"<p>{line}</p>" for line in NANHU_TEXT.split("\n"))
    await _upload(admin_app, telegram, (page + "</div>").encode(), name="nanhu.html")
    assert telegram.texts(ADMIN_ID)[0].startswith(f"已添加：nanhu.html\n机关：{NANHU} · 年份：2020 · ")


@pytest.mark.slow
async def test_meta_that_gives_the_agency_keeps_the_year_said_before(admin_app, telegram, reports, own_service):
    text = "政府信息公开工作年度报告\n一、依申请公开\n全年收到申请3件。\n"  # the text names no year
    await _upload(admin_app, telegram, text.encode(), name="r.txt", caption="机关=营口市教育局 年份=2016")
    await send_command(admin_app, "admin_command", "/meta r.txt 机关=营口市财政局")
    assert (await _holdings(own_service))["r.txt"] == ("营口市财政局", 2016)


@pytest.mark.slow
async def test_an_admins_reply_gives_the_loaders_warnings_in_chinese(admin_app, telegram, reports):
    text = "政府信息公开工作年度报告\n一、依申请公开\n2016年全年收到申请3件。\n"
    await _upload(admin_app, telegram, text.encode(), name="r.txt")
    assert telegram.texts(ADMIN_ID)[0].split("\n")[2:4] == [
        "注意：r.txt：年份 2016 是按正文最常提到的年份推断的",
        "注意：r.txt：没有找到发布机关",
    ]

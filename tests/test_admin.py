"""Admin commands: /reload swaps in a new knowledge base (or keeps the old one), /stats and /status."""

import asyncio
import os
import shutil
import subprocess
import sys

import pytest
from fakebotapi import ADMIN_ID, send, send_command
from paths import FIXTURES

from bot.library.writelock import writing

ALICE, GROUP = 1001, -1001234567890
HOSTILE = FIXTURES / "hostile" / "qingtian_transport_2020.txt"
QINGTIAN = "青田县交通运输局2020年收到多少件政府信息公开申请"


async def test_non_admins_are_refused_in_private_and_ignored_in_groups(admin_app, telegram):
    for command in ("/reload", "/stats", "/status"):
        await send_command(admin_app, "private_command", command)
    await send(admin_app, "group_anonymous_admin")
    assert telegram.texts() == ["这个命令只对管理员开放。"] * 3


async def test_admin_commands_in_a_group_are_refused_even_for_an_admin(admin_app, telegram):
    await send(admin_app, "group_anonymous_admin", **{"from": {"id": ADMIN_ID, "is_bot": False, "first_name": "A"}})
    assert telegram.texts() == []


@pytest.mark.slow  # a reload: over a second
async def test_reload_swaps_in_new_reports_and_says_what_changed(admin_app, telegram, reports, own_service):
    await send(admin_app, "private_text", text=QINGTIAN)
    shutil.copyfile(HOSTILE, reports / "hostile.txt")
    (reports / "003_549620f865b56b29.txt").unlink()
    with (reports / "000_bc8c2b0d3e4e76a9.txt").open("a", encoding="utf-8") as wenzhou:
        wenzhou.write("\n")
    await send(admin_app, "admin_command")
    started, done = telegram.texts(ADMIN_ID)
    assert started == "开始重建知识库……"
    assert done.startswith("知识库已更新：5 份报告，")
    assert done.endswith(
        f"（版本 {own_service.coverage.version}）。\n新增：hostile.txt\n更新：000_bc8c2b0d3e4e76a9.txt\n"
        "删除：003_549620f865b56b29.txt"
    )
    await send(admin_app, "private_text", text=QINGTIAN)
    first, second = telegram.texts(ALICE)
    assert first.startswith("没有找到答案：知识库里没有“青田县交通运输局”的报告。")
    assert second.startswith(
        "答：<b>12件</b>\n2020年，我局共收到政府信息公开申请12件，其中&lt;网上申请&gt;3件，答复 &amp; 办结12件。"
    )


@pytest.mark.slow  # a reload: over a second
async def test_reload_of_a_saved_page_with_a_menu_before_its_title_names_the_agency_right(admin_app, telegram, reports):
    # The page's menu button 菜单 sits on the title's line; the agency is 深圳市教育局, not 菜单深圳市教育局.
    shutil.copyfile(FIXTURES / "pages" / "shenzhen_edu_2023_menu.html", reports / "shenzhen.html")
    await send(admin_app, "admin_command")
    done = telegram.texts(ADMIN_ID)[-1]
    assert done.startswith("知识库已更新：6 份报告，") and "新增：shenzhen.html" in done
    await send(admin_app, "private_text", text="深圳教育局23年收到多少件政府信息公开申请")
    [answer] = telegram.texts(ALICE)
    assert answer.startswith("答：<b>214件</b>\n2023年，我局共收到政府信息公开申请214件")
    assert "出处：深圳市教育局 · 2023年 · 二、收到和处理政府信息公开申请情况" in answer


@pytest.mark.slow  # a reload: over a second
async def test_report_text_full_of_html_is_escaped_everywhere(admin_app, telegram, reports):
    shutil.copyfile(HOSTILE, reports / "hostile.txt")
    await send(admin_app, "admin_command")
    await send(admin_app, "private_text", text="青田县交通运输局2020年在政务公开栏目发布了多少条信息")
    await admin_app.process_update(_inline(admin_app, "青田县交通运输局2020年在政务公开栏目发布了多少条信息"))
    [answer] = telegram.texts(ALICE)  # the fake rejects HTML Telegram could not parse
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in answer
    [inline] = telegram.calls_to("answerInlineQuery")
    assert "&lt;script&gt;" in inline["results"][0]["input_message_content"]["message_text"]


async def test_a_reload_of_a_broken_folder_keeps_serving_the_old_knowledge_base(admin_app, telegram, reports):
    shutil.rmtree(reports)
    reports.mkdir()
    (reports / "garbage.txt").write_bytes(bytes(range(256)) * 40)
    (reports / "empty.txt").write_bytes(b"")
    await send(admin_app, "admin_command")
    _, failed = telegram.texts(ADMIN_ID)
    assert failed.startswith(f"重建失败：{reports}：2 个文件里没有一份能读出报告，知识库没有改变")
    assert failed.endswith("仍在使用原来的知识库（5 份报告，版本 4516c6afe444）。")
    await send(admin_app, "private_text")
    assert telegram.texts(ALICE)[0].startswith("答：<b>11件</b>\n2018年度，我局")


async def test_a_reload_that_fails_unexpectedly_says_so_and_keeps_serving(admin_app, telegram, monkeypatch, caplog):
    def broken(*args):
        raise RuntimeError("Symlink loop from '/srv/reports/x'")

    monkeypatch.setattr("bot.serving.service.update_copy", broken)
    await send(admin_app, "admin_command")
    _, failed = telegram.texts(ADMIN_ID)
    assert failed == (
        "重建失败：意外错误（RuntimeError），详见日志\n仍在使用原来的知识库（5 份报告，版本 4516c6afe444）。"
    )
    assert "Symlink loop" in caplog.text  # the traceback is in the log, not in the chat
    await send(admin_app, "private_text")
    assert telegram.texts(ALICE)[0].startswith("答：<b>11件</b>\n2018年度，我局")


@pytest.mark.slow  # a reload: over a second
async def test_a_reload_waits_for_no_ingest_and_clears_what_killed_runs_left(admin_app, telegram, reports, tmp_path):
    database = tmp_path / "kb.db"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftovers = [tmp_path / name for name in (f".kb.db.{dead.pid}.tmp", f".kb.db.new.{dead.pid}.tmp", "kb.db.new")]
    (reports / "003_549620f865b56b29.txt").unlink()
    with writing(database):  # an ingest into the same knowledge base
        for leftover in leftovers:
            leftover.write_bytes(b"half written")
        await send(admin_app, "admin_command")
    assert telegram.texts(ADMIN_ID)[1] == (
        f"重建失败：另一个导入正在写 {database}（进程 {os.getpid()}），请等它结束后再试\n"
        "仍在使用原来的知识库（5 份报告，版本 4516c6afe444）。"
    )
    assert all(leftover.exists() for leftover in leftovers)  # a refused reload touches nothing
    await send(admin_app, "admin_command")
    assert telegram.texts(ADMIN_ID)[3].endswith("删除：003_549620f865b56b29.txt")
    assert sorted(p.name for p in tmp_path.glob("*kb.db*")) == [".kb.db.lock", "kb.db"]


async def test_a_broken_file_is_skipped_by_name_and_the_rest_loads(admin_app, telegram, reports):
    (reports / "garbage.txt").write_bytes(bytes(range(256)) * 40)
    await send(admin_app, "admin_command")
    _, done = telegram.texts(ADMIN_ID)
    assert "知识库已更新：5 份报告" in done
    assert "报告内容没有变化。" in done
    assert "跳过：garbage.txt: " in done


async def test_only_one_reload_runs_at_a_time(admin_app, telegram, reports):
    await asyncio.gather(send(admin_app, "admin_command"), send(admin_app, "admin_command"))
    texts = telegram.texts(ADMIN_ID)
    assert sorted(t[:6] for t in texts) == ["开始重建知识", "知识库已更新", "知识库正在重"]
    assert "知识库正在重建，请等这一次完成。" in texts


async def test_stats_counts_questions_answers_and_the_unanswered(admin_app, telegram):
    await send(admin_app, "private_text")
    await send(admin_app, "private_text", text="杭州市教育局2018年收到多少件依申请公开？")
    await send(admin_app, "private_text", text="杭州市教育局2018年收到多少件依申请公开？")
    await send_command(admin_app, "admin_command", "/stats")
    [text] = telegram.texts(ADMIN_ID)
    lines = text.split("\n")
    assert lines[0] == "<b>最近 7 天</b>"
    assert lines[1].endswith("：3 个问题，答出 1（33%）")
    assert lines[2].startswith("耗时：中位数 ")
    assert lines[3:] == ["反馈：👍 0  👎 0", "", "<b>没答出的问题</b>", "2× 杭州市教育局2018年收到多少件依申请公开？"]


async def test_status_shows_version_counts_and_uptime(admin_app, telegram):
    await send_command(admin_app, "admin_command", "/status")
    [text] = telegram.texts(ADMIN_ID)
    assert text.startswith("知识库版本 4516c6afe444：5 份报告，77 段，5 个机关，2012–2018年\n载入：")
    assert "已运行 0 小时 0 分" in text


def _inline(application, query):
    from fakebotapi import load_update
    from telegram import Update

    payload = load_update("inline_query")
    payload["inline_query"]["query"] = query
    return Update.de_json(payload, application.bot)

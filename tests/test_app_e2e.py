"""The real application polling a fake Bot API over loopback HTTP, and `reportbot serve` as a process."""

import asyncio
import contextlib
import io
import logging
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fakebotapi import ADMIN_ID, BOT_TOKEN, load_update
from paths import SEED_REPORTS, many_reports
from processes import children, in_session, kill_session, survivors

from bot.chat.app import build_application
from bot.config import TelegramConfig
from bot.credentials import guard_logs
from bot.serving.service import KnowledgeService

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ALICE, GROUP = 1001, -1001234567890


@pytest.fixture
async def polling(telegram, service):
    """build_application as `serve` does (real HTTP stack, AIORateLimiter), polling the loopback fake."""
    base_url = telegram.serve()
    application = build_application(BOT_TOKEN, TelegramConfig(base_url=base_url, admin_ids=(ADMIN_ID,)), service)
    async with application:
        await application.post_init(application)
        await application.start()
        await application.updater.start_polling(poll_interval=0, timeout=1)
        yield application
        await application.updater.stop()
        await application.stop()


async def replies(telegram, count: int) -> list[dict]:
    return await asyncio.to_thread(telegram.wait_for, "sendMessage", count, 15)


async def test_polling_answers_private_and_addressed_group_messages_only(polling, telegram):
    telegram.push(load_update("group_chatter"))
    telegram.push(load_update("private_text"))
    telegram.push(load_update("group_command_other_bot"))
    telegram.push(load_update("group_mention"))
    sent = await replies(telegram, 2)
    assert sorted(p["chat_id"] for p in sent) == [GROUP, ALICE]
    assert all(p["text"].startswith("答：<b>11件</b>\n2018年度，我局收到政府信息") for p in sent)
    await asyncio.sleep(0.3)
    assert len(telegram.calls_to("sendMessage")) == 2
    # Every update was confirmed: the next getUpdates asks for ids after the last one.
    assert telegram.calls_to("getUpdates")[-1]["offset"] == 5


async def test_a_429_over_http_is_retried_and_the_text_stays_text(polling, telegram):
    telegram.fail_next["sendMessage"] = 1
    telegram.push(load_update("private_text", text="42"))
    first, second = await replies(telegram, 2)
    assert first == second
    assert (
        second["text"]
        == "没有找到答案：请用中文提问，例如：温州市教育局2018年收到多少件依申请公开？\n我的知识库有 5 份报告，5 个机关，2012–2018年。"
    )


async def test_the_token_never_reaches_a_log_line(telegram, service):
    root = logging.getLogger()
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    redactor = guard_logs(BOT_TOKEN)
    try:
        base_url = telegram.serve()
        application = build_application(BOT_TOKEN, TelegramConfig(base_url=base_url), service)
        async with application:
            await application.start()
            await application.updater.start_polling(poll_interval=0, timeout=1)
            telegram.push(load_update("private_text"))
            await replies(telegram, 1)
            await application.updater.stop()
            await application.stop()
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        for h in root.handlers:
            h.removeFilter(redactor)
    written = out.getvalue()
    assert "getUpdates" in written  # PTB logged at DEBUG …
    assert "[token]" in written  # … including its Bot API URL, redacted
    assert BOT_TOKEN not in written
    assert BOT_TOKEN.split(":")[1] not in written


def _serve(tmp_path, seed_db, telegram, reports_dir: Path = SEED_REPORTS) -> subprocess.Popen:
    """`python -m bot serve` against the loopback fake, with a private copy of the seed knowledge base."""
    base_url = telegram.serve()
    database = tmp_path / "kb.db"
    shutil.copyfile(seed_db, database)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[knowledge]\ndatabase = "{database}"\nreports_dir = "{reports_dir}"\ncache_dir = "{tmp_path / "cache"}"\n'
        f'[telegram]\nbase_url = "{base_url}"\nadmin_ids = [{ADMIN_ID}]\nquery_log = "{tmp_path / "queries.db"}"\n',
        encoding="utf-8",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--config", str(config), "--verbose"],  # options after the command
        cwd=tmp_path,
        env={**os.environ, "TELEGRAM_BOT_TOKEN": BOT_TOKEN},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its knowledge worker process too can be killed as a group if this fails
    )


@contextlib.contextmanager
def _serving(tmp_path, seed_db, telegram, reports_dir: Path = SEED_REPORTS):
    """`_serve`, killed with its whole process group if the test leaves it running."""
    process = _serve(tmp_path, seed_db, telegram, reports_dir)
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def test_reportbot_serve_answers_then_exits_0_on_sigterm(tmp_path, seed_db, telegram):
    users = range(2001, 2006)
    with _serving(tmp_path, seed_db, telegram) as process:
        telegram.wait_for("setMyCommands", 3, timeout=60)
        for user in users:
            telegram.push(
                load_update(
                    "private_text",
                    chat={"id": user, "type": "private"},
                    **{"from": {"id": user, "is_bot": False, "first_name": "U"}},
                )
            )
        telegram.wait_for("sendMessage", 1, timeout=30)  # answers are in flight …
        process.send_signal(signal.SIGTERM)  # … when the stop signal comes
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert sorted(p["chat_id"] for p in telegram.calls_to("sendMessage")) == list(users)  # none lost
    assert all(t.startswith("答：<b>11件</b>\n2018年度，我局") for t in telegram.texts())
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO reportbot: serving 5 reports from ", err, re.M)
    assert "Application.stop() complete" in err
    # One line per question answered, without its text; jieba's dictionary loading in the worker: none.
    answered = re.findall(r" INFO reportbot\.questions: question answered in \d+ ms, private chat$", err, re.M)
    assert len(answered) == len(users)
    assert "教育局" not in err
    assert "Building prefix dict" not in err and "Loading model" not in err
    assert BOT_TOKEN not in out + err
    assert (tmp_path / "queries.db").is_file()
    key_file = tmp_path / "query_log.key"  # made beside the config on first use, for this deployment only
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    key = key_file.read_text().strip()
    assert len(key) == 64 and key not in out + err
    logged = b"".join(p.read_bytes() for p in tmp_path.glob("queries.db*"))
    assert key.encode() not in logged and bytes.fromhex(key) not in logged


def test_a_killed_serve_leaves_no_worker_process_behind(tmp_path, seed_db, telegram):
    with _serving(tmp_path, seed_db, telegram) as process:
        telegram.wait_for("setMyCommands", 3, timeout=60)
        workers = [
            pid for pid in children(process.pid) if "multiprocessing" in Path(f"/proc/{pid}/cmdline").read_text()
        ]
        assert len(workers) == 2  # the knowledge worker and multiprocessing's resource tracker
        process.kill()
        process.communicate(timeout=30)
        assert survivors(workers, within=10) == []


def test_a_serve_killed_during_a_reload_leaves_no_builder_behind(tmp_path, seed_db, telegram):
    reports = many_reports(tmp_path / "many", copies=60)  # the builder reads and writes for seconds
    with _serving(tmp_path, seed_db, telegram, reports) as process:
        try:
            telegram.wait_for("setMyCommands", 3, timeout=60)
            telegram.push(load_update("admin_command"))
            telegram.wait_for("sendMessage", 1, timeout=30)  # the reload started
            # Until the builder has forked its readers: an event waited for, bounded generously, since a
            # busy machine (CI beside another suite) took over 20 s to get there.
            deadline = time.monotonic() + 120
            while not any(children(child) for child in children(process.pid)) and time.monotonic() < deadline:
                time.sleep(0.05)
            family = [pid for pid in in_session(process.pid) if pid != process.pid]
            assert len(family) >= 5  # knowledge worker, resource tracker, builder, its readers
            process.kill()
            process.wait(timeout=30)  # not communicate(): a surviving child would hold its pipes open
            assert survivors(family, within=10) == []
        finally:
            kill_session(process.pid)


def test_reload_in_serve_builds_in_another_process_and_swaps(tmp_path, seed_db, telegram):
    with _serving(tmp_path, seed_db, telegram) as process:
        telegram.wait_for("setMyCommands", 3, timeout=60)
        telegram.push(load_update("admin_command"))
        telegram.wait_for("sendMessage", 2, timeout=60)
        telegram.push(load_update("private_text"))
        telegram.wait_for("sendMessage", 3, timeout=30)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert re.search(r" INFO reportbot\.service: reload: 5 reports, 77 passages, version 4516c6afe444, ", err)
    started, done = telegram.texts(ADMIN_ID)
    assert started == "开始重建知识库……"
    assert done.startswith("知识库已更新：5 份报告，77 段，用时 ")
    assert done.endswith("（版本 4516c6afe444）。\n报告内容没有变化。")
    assert telegram.texts(ALICE)[0].startswith("答：<b>11件</b>\n2018年度，我局")
    assert not (tmp_path / "kb.db.new").exists()


async def test_a_knowledge_worker_that_dies_is_replaced_and_the_question_answered(seed_db, tmp_path):
    service = KnowledgeService.in_process(seed_db, None, reports_dir=SEED_REPORTS, cache_dir=tmp_path / "cache")
    question = "温州市教育局2018年收到多少件依申请公开？"
    try:
        first = await service.ask(question, user_id=ALICE, chat_type="private")
        [worker] = multiprocessing.active_children()
        os.kill(worker.pid, signal.SIGKILL)  # as the OOM killer would
        worker.join(timeout=10)
        again = await service.ask(question, user_id=ALICE, chat_type="private")
        [replacement] = multiprocessing.active_children()
        assert replacement.pid != worker.pid
        assert again.answer.hits[0].snippet == first.answer.hits[0].snippet
        assert "11件" in again.answer.hits[0].snippet
    finally:
        service.close()

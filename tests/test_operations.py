"""What the operator sees (issue 20): log lines, errors in the admins' chats, the bot's profile, and a
throttle that keeps questions waiting rather than dropping them."""

import logging
import re

import pytest
from fakebotapi import ADMIN_ID, BOT_TOKEN, FakeBotApi, load_update, send
from telegram import Update
from telegram.error import Conflict, TimedOut

from bot.chat import errors
from bot.chat.app import DESCRIPTION, SHORT_DESCRIPTION, build_application
from bot.chat.throttle import Throttle
from bot.cli import configure_logging
from bot.config import TelegramConfig
from bot.present import messages
from bot.serving.service import ReloadFailed
from bot.serving.worker import KnowledgeWorker

ALICE = 1001


# -- log lines --------------------------------------------------------------------------------------
def test_log_lines_say_when_and_jieba_says_nothing_of_its_dictionary(monkeypatch):
    root, jieba = logging.getLogger(), logging.getLogger("jieba")
    monkeypatch.setattr(root, "handlers", [])  # as at the start of `reportbot serve`
    monkeypatch.setattr(root, "level", root.level)
    monkeypatch.setattr(jieba, "handlers", [logging.StreamHandler()])  # what importing jieba sets up
    monkeypatch.setattr(jieba, "level", logging.DEBUG)
    configure_logging(verbose=False)
    [handler] = root.handlers
    record = logging.makeLogRecord(
        {"name": "reportbot", "levelname": "INFO", "msg": "serving %d reports", "args": (5,)}
    )
    line = handler.format(record)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO reportbot: serving 5 reports", line), line
    assert jieba.handlers == []
    assert not jieba.isEnabledFor(logging.DEBUG)


async def test_each_question_answered_logs_one_line_with_its_outcome_and_latency_not_its_text(app, caplog):
    caplog.set_level(logging.INFO, logger="reportbot.questions")
    await send(app, "private_text")
    await send(app, "private_text", text="杭州市教育局2018年收到多少件依申请公开？")
    await send(app, "group_command")
    await send(app, "private_text", text="\u200b")
    lines = [r.getMessage() for r in caplog.records if r.name == "reportbot.questions"]
    assert [re.sub(r"in \d+ ms", "in N ms", line) for line in lines] == [
        "question answered in N ms, private chat",
        "question refused (unknown_agency) in N ms, private chat",
        "question answered in N ms, supergroup chat",
        "question refused (empty) in N ms, private chat",
    ]
    assert "教育局" not in caplog.text  # the question is in the query log (masked), never in the log


async def test_a_reload_logs_one_line_and_a_failed_one_says_why(own_service, caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="reportbot.service")
    await own_service.reload()

    def full(*args):
        raise OSError("No space left on device")

    monkeypatch.setattr("bot.serving.service.update_copy", full)
    with pytest.raises(ReloadFailed):
        await own_service.reload()
    lines = [r.getMessage() for r in caplog.records if r.name == "reportbot.service"]
    assert [re.sub(r"\d+\.\d s", "N s", line) for line in lines] == [
        "reload: 5 reports, 77 passages, version 4516c6afe444, N s (added 0, changed 0, removed 0, skipped 0)",
        "reload failed, still serving version 4516c6afe444: No space left on device",
    ]


# -- the bot's profile ------------------------------------------------------------------------------
async def test_post_init_sets_a_chinese_description_and_short_description(app, telegram):
    assert telegram.calls_to("setMyDescription") == [
        {
            "description": "我回答关于政府信息公开工作年度报告的问题，例如收到多少件依申请公开、主动公开了多少条信息，"
            "每个回答都引用报告原文并注明出处（机关 · 年份 · 章节）。\n\n"
            "点“开始”，然后直接发送问题，例如：温州市教育局2018年收到多少件依申请公开？"
        }
    ]
    assert telegram.calls_to("setMyShortDescription") == [
        {"short_description": "回答政府信息公开工作年度报告的问题，引用原文并注明出处。"}
    ]


def test_the_descriptions_fit_telegrams_limits():
    # setMyDescription takes at most 512 characters, setMyShortDescription 120 (Bot API).
    assert 100 < messages.visible_length(DESCRIPTION) <= 512
    assert 10 < messages.visible_length(SHORT_DESCRIPTION) <= 120


# -- errors in the admins' chats --------------------------------------------------------------------
async def test_errors_reach_the_admins_once_a_minute_with_their_type_only(app, telegram, service, monkeypatch):
    await service._on_worker(KnowledgeWorker.close)  # every question now fails inside SQLite
    await send(app, "private_text")
    await send(app, "private_text")
    assert telegram.texts(ALICE) == ["抱歉，处理这条消息时出错了，请稍后再试。"] * 2
    assert telegram.texts(ADMIN_ID) == [
        "出错了：ProgrammingError（update: message），详见日志；60 秒内的其他错误只记入日志。"
    ]
    [sent] = [p for p in telegram.calls_to("sendMessage") if p["chat_id"] == ADMIN_ID]
    assert "parse_mode" not in sent
    monkeypatch.setattr(errors, "ERROR_REPORT_EVERY", 0.0)  # the minute is over
    await send(app, "private_text")
    assert len(telegram.texts(ADMIN_ID)) == 2


async def test_a_polling_conflict_is_reported_and_a_network_timeout_is_not(app, telegram):
    await app.process_error(update=None, error=TimedOut("Timed out"))
    await app.process_error(update=None, error=Conflict("terminated by other getUpdates request"))
    assert telegram.texts(ADMIN_ID) == ["出错了：Conflict（update: 无），详见日志；60 秒内的其他错误只记入日志。"]


# -- the throttle: questions wait their turn, pages are free ------------------------------------------
def test_a_turn_waits_for_the_bucket_up_to_the_most_wait_then_is_refused_with_when():
    now = [0.0]
    turns = Throttle(burst=2, period=2.0, most_wait=2.0, clock=lambda: now[0])  # a turn a second
    assert [turns.reserve(ALICE) for _ in range(5)] == [0.0, 0.0, 1.0, 2.0, None]
    assert turns.retry_after(ALICE) == 3  # the refused fifth took no turn
    now[0] = 1.0
    assert turns.reserve(ALICE) == 2.0
    assert turns.reserve(2002) == 0.0  # another user's bucket
    assert not turns.allow(ALICE)  # inline and page presses take only a turn that comes at once


@pytest.fixture
async def running(telegram, service):
    """Start an application with the given throttles (running, so it awaits questions in turn on stop)."""
    started = []

    async def start(**throttles):
        application = build_application(
            BOT_TOKEN, TelegramConfig(admin_ids=(ADMIN_ID,)), service, request=FakeBotApi(telegram), **throttles
        )
        await application.initialize()
        await application.start()
        started.append(application)
        return application

    yield start
    for application in started:
        if application.running:
            await application.stop()
        await application.shutdown()


async def test_a_question_over_the_limit_is_answered_when_its_turn_comes(running, telegram, caplog):
    caplog.set_level(logging.INFO, logger="reportbot.questions")
    application = await running(throttle=Throttle(burst=1, period=0.3, most_wait=5.0))
    await send(application, "private_text")
    await send(application, "private_text", text="张店区教育局2017年主动公开多少条信息")
    assert len(telegram.texts(ALICE)) == 1  # the second waits for its turn …
    await application.stop()  # … and is answered before the bot stops
    first, second = telegram.texts(ALICE)
    assert first.startswith("答：<b>11件</b>\n2018年度")
    assert "张店区教育局" in second
    [_, waited] = [r.getMessage() for r in caplog.records if r.name == "reportbot.questions"]
    assert re.fullmatch(r"question answered in \d+ ms, private chat, after \d+ ms waiting for its turn", waited)


async def test_a_question_that_would_wait_too_long_is_told_when_to_ask_again(running, telegram):
    application = await running(throttle=Throttle(burst=1, period=10.0, most_wait=5.0))
    for _ in range(4):
        await send(application, "private_text")
    # The second would wait 10 s: refused, with when; the third and fourth of the same flood: silence.
    assert telegram.texts(ALICE)[1:] == ["提问太快了，请 10 秒后再问。"]


async def test_page_presses_do_not_count_against_the_question_limit(running, telegram):
    application = await running(throttle=Throttle(burst=2, most_wait=0.0))
    await send(application, "private_text")
    for _ in range(4):
        await application.process_update(Update.de_json(load_update("callback_more"), application.bot))
    await send(application, "private_text", text="张店区教育局2017年主动公开多少条信息")
    assert len(telegram.calls_to("editMessageText")) == 4
    second = telegram.texts(ALICE)[1]
    assert second.startswith("答：<b>308条</b>\n本年度张店区教育局")


async def test_page_presses_have_a_limit_of_their_own(running, telegram):
    application = await running(press_throttle=Throttle(burst=2, most_wait=0.0))
    await send(application, "private_text")
    for _ in range(3):
        await application.process_update(Update.de_json(load_update("callback_more"), application.bot))
    assert [c.get("text") for c in telegram.calls_to("answerCallbackQuery")] == [None, None, "点得太快了，请稍等一下。"]
    assert len(telegram.calls_to("editMessageText")) == 2

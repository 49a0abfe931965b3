"""Sends that fail on the way (5xx, dropped connections) are tried again; an answer is delivered once."""

import asyncio

import pytest
from fakebotapi import BOT_TOKEN, FakeBotApi, load_update
from telegram import Bot, Update
from telegram.error import BadRequest
from telegram.request import HTTPXRequest

from bot.chat.app import build_application
from bot.chat.sending import RetryingRequest
from bot.chat.throttle import Throttle
from bot.config import TelegramConfig

ANSWER = "答：<b>11件</b>\n2018年度，我局收到政府信息依申请公开案件11件"


@pytest.fixture
async def flaky_app(telegram, service):
    application = build_application(
        BOT_TOKEN, TelegramConfig(), service, request=FakeBotApi(telegram), throttle=Throttle(burst=1000),
        retry_delays=(0.0, 0.0, 0.0),
    )  # fmt: skip
    async with application:
        yield application


def _question(user: int) -> dict:
    return load_update(
        "private_text",
        chat={"id": user, "type": "private"},
        **{"from": {"id": user, "is_bot": False, "first_name": "U"}},
    )


async def test_a_500_and_a_dropped_connection_are_tried_again_and_the_answer_arrives_once(flaky_app, telegram):
    telegram.faults["sendMessage"] = ["500", "drop"]
    await flaky_app.process_update(Update.de_json(_question(1001), flaky_app.bot))
    assert len(telegram.calls_to("sendMessage")) == 3  # two failures, then the answer
    [(_, delivered)] = telegram.sent_at
    assert delivered["text"].startswith(ANSWER)


@pytest.mark.slow  # a hundred senders: over two seconds
async def test_a_hundred_users_all_get_one_answer_when_a_fifth_of_sends_fail(flaky_app, telegram):
    users = range(3001, 3101)
    for user in users:  # a tenth of the users' answers first meet a 500, a tenth a dropped connection, …
        first = {3: ["500"], 7: ["drop"], 5: ["drop", "500"]}.get(user % 10)
        if first:
            telegram.faults[("sendMessage", user)] = first
    await asyncio.gather(*(flaky_app.process_update(Update.de_json(_question(u), flaky_app.bot)) for u in users))
    delivered = sorted(params["chat_id"] for _, params in telegram.sent_at)
    assert delivered == list(users)  # everyone, once
    assert len(telegram.calls_to("sendMessage")) == 140  # 100 answers + 40 failed tries
    assert all(params["text"].startswith(ANSWER) for _, params in telegram.sent_at)


async def test_after_the_last_try_the_failure_goes_to_the_error_handler(flaky_app, telegram, caplog):
    telegram.faults["sendMessage"] = ["500"] * 4
    await flaky_app.process_update(Update.de_json(_question(1001), flaky_app.bot))
    assert len(telegram.calls_to("sendMessage")) == 5  # four tries of the answer, then the apology
    assert [params["text"] for _, params in telegram.sent_at] == ["抱歉，处理这条消息时出错了，请稍后再试。"]
    assert [r.levelname for r in caplog.records if r.name == "reportbot.bot"] == ["WARNING"] * 3 + ["ERROR"]


async def test_an_answer_in_the_4xx_range_is_final(flaky_app, telegram):
    telegram.faults[("sendMessage", 1001)] = ["413"]
    await flaky_app.process_update(Update.de_json(_question(1001), flaky_app.bot))
    assert len(telegram.calls_to("sendMessage")) == 2  # the answer once, then the apology
    assert [params["text"] for _, params in telegram.sent_at] == ["抱歉，处理这条消息时出错了，请稍后再试。"]


async def test_a_connection_dropped_past_the_read_timeout_is_tried_again_over_http(telegram):
    # Over real HTTP: the fake holds the first sendMessage for longer than the client waits, then hangs up.
    base_url = telegram.serve()
    telegram.faults[("sendMessage", 1001)] = ["drop"]
    telegram.drop_seconds = 1.0
    request = RetryingRequest(HTTPXRequest(read_timeout=0.3), delays=(0.0, 0.0, 0.0))
    async with Bot(BOT_TOKEN, base_url=base_url, request=request) as bot:
        message = await bot.send_message(1001, "你好")
    assert message.text == "你好"
    assert len(telegram.calls_to("sendMessage")) == 2
    assert [params["chat_id"] for _, params in telegram.sent_at] == [1001]  # delivered once


async def test_a_bad_request_is_not_sent_again(flaky_app, telegram):
    await flaky_app.bot.send_message(1001, "x")  # fine
    with pytest.raises(BadRequest, match="is not faked"):
        await flaky_app.bot.send_sticker(1001, "CAACAgIAAxkBAAE")
    assert len(telegram.calls_to("sendSticker")) == 1

"""The bot's behaviour, update by update: the real application and handlers over the in-process fake Bot API."""

import json
import time

from fakebotapi import send, send_command

from bot.chat.throttle import Throttle
from bot.serving.worker import KnowledgeWorker

ALICE, GROUP = 1001, -1001234567890
WENZHOU_2018 = "2018年度，我局收到政府信息依申请公开案件11件，未收取任何费用。"


def buttons(params: dict) -> list[list[tuple[str, str]]]:
    markup = params.get("reply_markup") or {"inline_keyboard": []}
    return [[(b["text"], b.get("callback_data") or b.get("url")) for b in row] for row in markup["inline_keyboard"]]


async def test_post_init_publishes_a_command_menu_per_scope(app, telegram):
    menus = [(c["scope"], [cmd["command"] for cmd in c["commands"]]) for c in telegram.calls_to("setMyCommands")]
    assert menus == [
        ({"type": "all_private_chats"}, ["start", "help", "ask", "new"]),
        ({"type": "all_group_chats"}, ["ask", "help"]),
        (
            {"type": "chat", "chat_id": 7001},
            ["start", "help", "ask", "new", "reload", "reports", "remove", "meta", "stats", "status"],
        ),
    ]


async def test_start_says_what_the_knowledge_base_holds_with_examples_it_answers(app, telegram, service):
    await send(app, "private_command")
    [text] = telegram.texts(ALICE)
    assert "我的知识库有 5 份报告，5 个机关，2012–2018年。" in text
    assert "可以这样问：" in text
    assert len(service.examples) == 3
    for example in service.examples:
        assert f"• {example}" in text
        assert (await service.ask(example, user_id=1, chat_type="private")).answer.found


async def test_private_question_gets_answer_passage_source_and_buttons(app, telegram):
    await send(app, "private_text")
    assert telegram.calls_to("sendChatAction") == []  # answered at once: no "typing…" flash
    [reply] = telegram.calls_to("sendMessage")
    assert reply["parse_mode"] == "HTML"
    # The fact first in bold, then its sentence; the passage is that sentence, so no quote repeats it; the
    # seeds have no reports.jsonl, so the source names the report's file.
    assert reply["text"] == (
        f"答：<b>11件</b>\n{WENZHOU_2018}\n"
        "出处：温州市教育局 · 2018年 · 四、政府信息公开的收费及减免情况 · 000_bc8c2b0d3e4e76a9.txt（第 1/4 条）"
    )
    assert buttons(reply) == [
        [("下一条 ▶", "more:h00000000001:1")],
        [("👍", "fb:h00000000001:+1"), ("👎", "fb:h00000000001:-1")],
    ]
    assert reply["link_preview_options"] == {"is_disabled": True}


async def test_an_answer_leads_with_the_fact_quotes_the_rest_expandably_and_links_its_report(
    admin_app, telegram, reports
):
    # issue 22: the asked fact in bold on line 1, then its sentence, then the rest of the passage in an
    # expandable quote; reports.jsonl's source URL (the field shared/dev writes) is the agency · year link.
    url = "http://www.wzedu.gov.cn/art/2019/3/29/art_1325850_31904787.html?from=nb&id=1"
    line = json.dumps({"file": "000_bc8c2b0d3e4e76a9.txt", "source": url})
    (reports / "reports.jsonl").write_text(line + "\n", encoding="utf-8")
    await send(admin_app, "admin_command")  # /reload: the changed entry reads the report again
    await send(admin_app, "private_text", text="温州市教育局2018年办公室电话多少")
    [answer] = telegram.texts(ALICE)
    fact, sentence, quote, source = answer.split("\n")
    assert fact == "答：<b>0577-88636388</b>"
    assert sentence == (
        "如对本报告有任何疑问，请与温州市教育局办公室联系（地址：温州市市府路490号；邮编：325027；"
        "电话：0577-88636388；传真：0577-88639801）。"
    )
    assert quote.startswith("<blockquote expandable>根据《中华人民共和国政府信息公开条例》（以下简称《条例》）")
    assert quote.endswith("本报告的电子版可在市教育局网站“温州教育网”下载。……</blockquote>")  # not the sentence again
    assert source == (
        '出处：<a href="http://www.wzedu.gov.cn/art/2019/3/29/art_1325850_31904787.html?from=nb&amp;id=1">'
        "温州市教育局 · 2018年</a> · 报告开头（第 1/3 条）"
    )


async def test_a_slow_answer_shows_typing_first(app, telegram, service):
    service._pool.submit(time.sleep, 0.5)  # the knowledge worker is busy with someone else's question
    await send(app, "private_text")
    assert [(c["chat_id"], c["action"]) for c in telegram.calls_to("sendChatAction")] == [(ALICE, "typing")]
    assert [m for m, _ in telegram.calls if m in ("sendChatAction", "sendMessage")] == ["sendChatAction", "sendMessage"]


async def test_a_refusal_says_why_and_what_the_knowledge_base_covers(app, telegram):
    await send(app, "private_text", text="杭州市教育局2018年收到多少件依申请公开？")
    [text] = telegram.texts(ALICE)
    assert text == (
        "没有找到答案：知识库里没有“杭州市教育局”的报告。相近的机关：温州市教育局、柳州市教育局、沈阳市教育局。\n"
        "我的知识库有 5 份报告，5 个机关，2012–2018年。"
    )
    assert buttons(telegram.calls_to("sendMessage")[0]) == [
        [("温州市教育局", "ag:h00000000001:0")],
        [("柳州市教育局", "ag:h00000000001:1")],
        [("沈阳市教育局", "ag:h00000000001:2")],
    ]


async def test_a_refusal_button_asks_the_same_question_about_that_agency(app, telegram):
    await send(app, "private_text", text="杭州市教育局2018年收到多少件依申请公开？")
    refusal = telegram.calls_to("sendMessage")[0]
    await app.process_update(_update(app, "callback_more", data="ag:h00000000001:0", message=_bot_message(refusal)))
    assert telegram.calls_to("answerCallbackQuery")[0].get("text") is None
    answer = telegram.calls_to("sendMessage")[1]
    assert answer["text"].startswith(f"答：<b>11件</b>\n{WENZHOU_2018}\n")
    assert "出处：温州市教育局 · 2018年" in answer["text"]
    assert answer["chat_id"] == ALICE  # in the chat of the refusal it came from
    assert buttons(answer)[-1] == [("👍", "fb:h00000000002:+1"), ("👎", "fb:h00000000002:-1")]  # a question of its own


async def test_a_refusal_button_naming_another_agency_than_the_question_offers_now_is_not_followed(app, telegram):
    # As after a reload: the button says 柳州市教育局, the question now offers 温州市教育局 first.
    await send(app, "private_text", text="杭州市教育局2018年收到多少件依申请公开？")
    sent = telegram.calls_to("sendMessage")[0]
    moved = {
        **sent,
        "reply_markup": {"inline_keyboard": [[{"text": "柳州市教育局", "callback_data": "ag:h00000000001:0"}]]},
    }
    await app.process_update(_update(app, "callback_more", data="ag:h00000000001:0", message=_bot_message(moved)))
    assert [c.get("text") for c in telegram.calls_to("answerCallbackQuery")] == ["这条回答已过期，请重新提问。"]
    assert len(telegram.calls_to("sendMessage")) == 1


async def test_a_refusal_button_not_on_the_message_pressed_is_not_followed(app, telegram):
    await send(app, "private_text", text="杭州市教育局2018年收到多少件依申请公开？")
    # A forged press: the data names the question's first candidate, the message carries other buttons.
    await app.process_update(_update(app, "callback_more", data="ag:h00000000001:0"))
    assert [c.get("text") for c in telegram.calls_to("answerCallbackQuery")] == ["这条回答已过期，请重新提问。"]
    assert len(telegram.calls_to("sendMessage")) == 1


async def test_an_edited_question_is_not_answered_twice(app, telegram):
    await send(app, "edited_private_text")
    assert telegram.calls_to("sendMessage") == []


async def test_stickers_and_voice_get_a_hint_to_ask_in_text(app, telegram):
    await send(app, "private_sticker")
    await send(app, "private_voice")
    assert telegram.texts(ALICE) == ["请用文字提问，例如：温州市教育局2018年收到多少件依申请公开？"] * 2


async def test_empty_overlong_and_unknown_commands_get_a_polite_reply(app, telegram):
    await send_command(app, "private_command", "/ask")
    await send(app, "private_text", text="温州" * 151)
    await send_command(app, "private_command", "/weather")
    await send(app, "private_text", text="\u200b\u200d\x07")
    assert telegram.texts(ALICE) == [
        "请在命令后写上问题，例如：/ask 温州市教育局2018年收到多少件依申请公开？",
        "问题太长了（最多 300 字），请一次只问一件事。",
        "没有这个命令。直接发送问题即可，或发送 /help 查看用法。",
        "请用文字提问，例如：温州市教育局2018年收到多少件依申请公开？",  # invisible characters are no command
    ]


async def test_zero_width_characters_do_not_break_a_question(app, telegram):
    await send(app, "private_text", text="温州市\u200b教育局2018年\u2060收到多少件依申请公开？")
    [text] = telegram.texts(ALICE)
    assert text.startswith(f"答：<b>11件</b>\n{WENZHOU_2018}\n")


async def test_help_explains_groups_and_inline(app, telegram):
    await send_command(app, "private_command", "/help")
    [text] = telegram.texts(ALICE)
    assert "<b>群聊</b>：发送 /ask@kb_test_bot 问题，或在消息里 @kb_test_bot，或回复我的消息；其他消息我不读。" in text
    assert "输入 @kb_test_bot 问题" in text


# -- groups -----------------------------------------------------------------------------------------
async def test_group_chatter_and_other_bots_commands_are_ignored(app, telegram):
    await send(app, "group_chatter")
    await send(app, "group_command_other_bot")
    await send(app, "group_mention_other")
    assert telegram.calls_to("sendMessage") == []
    assert telegram.calls_to("sendChatAction") == []


async def test_group_ask_command_gets_one_compact_quoted_answer(app, telegram):
    await send(app, "group_command")
    assert telegram.calls_to("sendChatAction") == []
    [reply] = telegram.calls_to("sendMessage")
    assert reply["chat_id"] == GROUP
    assert reply["reply_parameters"]["message_id"] == 201  # quotes the question
    assert reply["text"] == (
        f"答：<b>11件</b>\n{WENZHOU_2018}\n"
        "出处：温州市教育局 · 2018年 · 四、政府信息公开的收费及减免情况 · 000_bc8c2b0d3e4e76a9.txt（第 1/4 条）"
    )
    assert buttons(reply)[-1] == [("私聊查看全文", "https://t.me/kb_test_bot?start=qh00000000001")]


async def test_group_mention_in_another_letter_case_is_answered(app, telegram):
    await send(app, "group_mention")
    [text] = telegram.texts(GROUP)
    assert text.startswith("答：<b>11件</b>\n2018年度")


async def test_group_reply_to_the_bot_is_answered(app, telegram):
    await send(app, "group_reply_to_bot", text="张店区教育局2017年主动公开多少条信息")
    [text] = telegram.texts(GROUP)
    # The report's total (共计308条), not one channel's part of it (另外…153条).
    assert text == (
        "答：<b>308条</b>\n"
        "本年度张店区教育局政府信息公开内容包括政策法规、规划计划、业务工作、其他信息等4类，共计308条，\n"
        "出处：张店区教育局 · 2017年 · 四、主动公开政府信息情况 · 004_fc3ba926d9542043.txt（第 1/4 条）"
    )


async def test_deep_link_from_a_group_answer_opens_the_full_answer(app, telegram):
    await send(app, "group_command")
    await send_command(app, "private_command", "/start qh00000000001")
    full = telegram.calls_to("sendMessage")[-1]
    assert full["text"] == (  # the passage is the sentence, so the full answer has no quote either
        f"答：<b>11件</b>\n{WENZHOU_2018}\n"
        "出处：温州市教育局 · 2018年 · 四、政府信息公开的收费及减免情况 · 000_bc8c2b0d3e4e76a9.txt（第 1/4 条）"
    )
    assert buttons(full)[0] == [("下一条 ▶", "more:h00000000001:1")]  # the private answer's buttons


# -- buttons ----------------------------------------------------------------------------------------
async def test_more_pages_through_the_other_hits_by_editing(app, telegram):
    await send(app, "private_text")
    await app.process_update(_update(app, "callback_more"))
    assert telegram.calls_to("answerCallbackQuery")[0]["callback_query_id"] == "4382bfdwdsb323b2d9"
    [edit] = telegram.calls_to("editMessageText")
    assert (edit["chat_id"], edit["message_id"]) == (ALICE, 5002)
    assert "（第 2/4 条）" in edit["text"]
    assert buttons(edit)[0] == [("◀ 上一条", "more:h00000000001:0"), ("下一条 ▶", "more:h00000000001:2")]


async def test_feedback_is_recorded_once_and_the_vote_buttons_go(app, telegram, service):
    await send(app, "private_text")
    vote = _update(app, "callback_more", data="fb:h00000000001:+1")
    await app.process_update(vote)
    await app.process_update(_update(app, "callback_more", data="fb:h00000000001:-1"))
    assert [c.get("text") for c in telegram.calls_to("answerCallbackQuery")] == ["谢谢反馈！", "已经收到你的反馈了。"]
    [edit] = telegram.calls_to("editMessageReplyMarkup")
    assert buttons(edit) == [[("下一条 ▶", "more:h00000000001:1")]]
    stats = await service.stats()
    assert (stats.thumbs_up, stats.thumbs_down) == (1, 0)


async def test_a_vote_or_page_turn_counts_only_from_the_message_carrying_that_button(app, telegram, service):
    await send(app, "private_text")  # Alice's own answer, h00000000001
    await send(app, "private_text", text="张店区教育局2017年主动公开多少条信息")  # h00000000002
    # Forged presses: the data names the second answer, the message pressed carries the first one's buttons.
    await app.process_update(_update(app, "callback_more", data="fb:h00000000002:+1"))
    await app.process_update(_update(app, "callback_more", data="more:h00000000002:1"))
    assert [c.get("text") for c in telegram.calls_to("answerCallbackQuery")] == ["这条回答已过期，请重新提问。"] * 2
    assert telegram.calls_to("editMessageText") == telegram.calls_to("editMessageReplyMarkup") == []
    stats = await service.stats()
    assert (stats.thumbs_up, stats.thumbs_down) == (0, 0)


async def test_a_vote_for_a_question_no_longer_in_the_log_is_not_thanked(app, telegram, service):
    # An old answer's buttons, its question pruned from the log (or never there).
    old = {"chat_id": ALICE, "text": "答：…", "reply_markup": {"inline_keyboard": [[
        {"text": "👍", "callback_data": "fb:h77777777777:+1"}]]}}  # fmt: skip
    await app.process_update(_update(app, "callback_more", data="fb:h77777777777:+1", message=_bot_message(old)))
    assert [c.get("text") for c in telegram.calls_to("answerCallbackQuery")] == ["这条回答已过期，请重新提问。"]
    assert telegram.calls_to("editMessageReplyMarkup") == []


async def test_a_button_on_a_message_too_old_to_read_is_answered(app, telegram):
    # Telegram sends a message the bot can no longer access with date 0 and nothing but its chat and id.
    gone = {"chat": {"id": ALICE, "type": "private"}, "message_id": 5002, "date": 0}
    for data in ("more:h00000000001:1", "fb:h00000000001:+1", "ag:h00000000001:0"):
        await app.process_update(_update(app, "callback_more", data=data, message=gone))
    assert [c.get("text") for c in telegram.calls_to("answerCallbackQuery")] == ["这条回答已过期，请重新提问。"] * 3


async def test_deep_links_name_questions_by_random_handles_not_by_number(app, telegram):
    await send(app, "group_command")  # the group answer's deep link: qh00000000001 under the test counter
    await send_command(app, "private_command", "/start q1")  # a guessed row number
    [text] = telegram.texts(ALICE)
    assert text.startswith("你好！我回答关于<b>政府信息公开工作年度报告</b>的问题")  # the welcome, no answer
    assert WENZHOU_2018 not in text


async def test_a_button_from_an_unknown_answer_is_answered_not_ignored(app, telegram):
    await app.process_update(_update(app, "callback_more", data="more:h99999999999:1"))
    await app.process_update(_update(app, "callback_more", data="something-old"))
    assert [c.get("text") for c in telegram.calls_to("answerCallbackQuery")] == ["这条回答已过期，请重新提问。"] * 2
    assert telegram.calls_to("editMessageText") == []


# -- inline mode ------------------------------------------------------------------------------------
async def test_inline_query_returns_escaped_answer_cards(app, telegram):
    await app.process_update(_update(app, "inline_query"))
    [call] = telegram.calls_to("answerInlineQuery")
    cards = call["results"]
    assert len(cards) == 4
    assert cards[0]["title"] == "温州市教育局 · 2018年 · 11件"
    assert cards[0]["description"] == WENZHOU_2018
    assert cards[0]["input_message_content"]["parse_mode"] == "HTML"
    assert cards[0]["input_message_content"]["message_text"].startswith("答：<b>11件</b>\n2018年度")
    # A sent card cannot page: no "（第 1/4 条）" in what it sends.
    assert [c["input_message_content"]["message_text"].count("条）") for c in cards] == [0, 0, 0, 0]


async def test_an_empty_inline_query_offers_three_example_questions_as_answered_cards(app, telegram, service):
    await service.warm()
    await app.process_update(_update(app, "inline_query", query=""))
    [call] = telegram.calls_to("answerInlineQuery")
    assert [c["title"] for c in call["results"]] == service.examples[:3]
    assert all(c["input_message_content"]["message_text"].startswith("答：") for c in call["results"])


async def test_an_inline_ranking_is_one_card_that_leads_with_the_largest_figure(app, telegram):
    await app.process_update(_update(app, "inline_query", query="2018年哪个教育局收到的依申请公开最多"))
    [call] = telegram.calls_to("answerInlineQuery")
    [card] = call["results"]
    assert card["title"].startswith("结论：温州市教育局2018年最多")
    assert "11件" in card["title"]


async def test_inline_questions_are_logged_only_when_an_answer_card_is_sent(app, telegram, service):
    for typed in ("温州", "温州市教育局", "温州市教育局2018年收到多少件依申请公开？"):
        await app.process_update(_update(app, "inline_query", query=typed))
    assert len(telegram.calls_to("answerInlineQuery")) == 3
    assert (await service.stats()).days == ()  # nothing logged while typing
    await app.process_update(_update(app, "chosen_inline_result"))
    [day] = (await service.stats()).days
    assert (day.day, day.questions, day.answered) == ("2026-11-22", 1, 1)


async def test_typing_inline_does_not_use_up_the_chat_question_budget(app, telegram):
    for n in range(12):  # a dozen keystrokes' worth of inline queries
        await app.process_update(
            _update(app, "inline_query", query="温州市教育局2018年收到多少件依申请公开？"[: 8 + n])
        )
    await send(app, "private_text")
    assert telegram.texts(ALICE)[0].startswith("答：<b>11件</b>\n2018年度")


async def test_inline_query_without_answer_offers_the_private_chat(app, telegram):
    await app.process_update(_update(app, "inline_query", query="杭州市教育局2018年收到多少件依申请公开"))
    [call] = telegram.calls_to("answerInlineQuery")
    assert call["results"] == []
    assert call["button"] == {"text": "没有找到答案，点这里私聊提问", "start_parameter": "inline"}


# -- flood control and errors -----------------------------------------------------------------------
async def test_a_flood_from_one_user_gets_one_notice_then_silence(app, telegram):
    app.bot_data["throttle"] = Throttle(most_wait=0.0)  # no question waits for its turn (see test_operations)
    for _ in range(7):
        await send(app, "private_text")
    texts = telegram.texts(ALICE)
    assert len(texts) == 6
    assert texts[5] == "提问太快了，请 2 秒后再问。"  # 5 questions per 10 s: one more every 2 s
    assert all(t.startswith("答：<b>11件</b>") for t in texts[:5])


async def test_a_flood_of_empty_or_overlong_messages_is_throttled_like_questions(app, telegram):
    app.bot_data["throttle"] = Throttle(most_wait=0.0)
    for _ in range(4):
        await send(app, "private_text", text="\u200b")
    for _ in range(3):
        await send(app, "private_text", text="温州" * 151)
    assert telegram.texts(ALICE) == ["请用文字提问，例如：温州市教育局2018年收到多少件依申请公开？"] * 4 + [
        "问题太长了（最多 300 字），请一次只问一件事。",
        "提问太快了，请 2 秒后再问。",
    ]


async def test_a_flood_in_a_group_is_dropped_silently(app, telegram):
    app.bot_data["throttle"] = Throttle(most_wait=0.0)
    for _ in range(7):
        await send(app, "group_command")
    assert len(telegram.texts(GROUP)) == 5


async def test_an_error_gets_a_short_apology_and_a_logged_traceback(app, telegram, service, caplog):
    await service._on_worker(KnowledgeWorker.close)  # the next question fails inside SQLite
    await send(app, "private_text")
    assert telegram.texts(ALICE) == ["抱歉，处理这条消息时出错了，请稍后再试。"]
    [record] = [r for r in caplog.records if r.name == "reportbot.bot"]
    assert record.levelname == "ERROR"
    assert "closed database" in str(record.exc_info[1])


async def test_a_429_from_telegram_is_retried_by_the_rate_limiter(app, telegram):
    telegram.fail_next["sendMessage"] = 1
    await send(app, "private_text")
    sends = telegram.calls_to("sendMessage")
    assert len(sends) == 2
    assert sends[0] == sends[1]
    assert telegram.texts(ALICE)[1].startswith("答：<b>11件</b>\n2018年度")


def _bot_message(sent: dict) -> dict:
    """The bot's own message as Telegram shows it in a callback: what was sent, with its buttons."""
    return {
        "message_id": 5002,
        "from": {"id": 424242, "is_bot": True, "first_name": "年报问答", "username": "kb_test_bot"},
        "chat": {"id": sent["chat_id"], "first_name": "Alice", "type": "private"},
        "date": 1795369200,
        "text": sent["text"],
        "reply_markup": sent["reply_markup"],
    }


def _update(application, name, **fields):
    from fakebotapi import load_update
    from telegram import Update

    payload = load_update(name)
    kind = next(k for k in ("callback_query", "inline_query", "chosen_inline_result") if k in payload)
    payload[kind].update(fields)
    return Update.de_json(payload, application.bot)


# -- questions across reports -------------------------------------------------------------------------
async def test_a_question_across_reports_gets_one_table_message_with_each_source(app, telegram):
    await send(app, "private_text", text="温州市教育局2018年和张店区教育局2017年各收到多少件依申请公开？")
    [reply] = telegram.calls_to("sendMessage")
    assert reply["text"].startswith(
        "逐项回答（每项引自各自的报告）：\n<pre>温州市教育局  2018年  11件\n张店区教育局  2017年  未收到</pre>"
    )
    assert "出处：张店区教育局 · 2017年 · 五、政府信息公开申请的办理情况" in reply["text"]
    assert buttons(reply) == [[("👍", "fb:h00000000001:+1"), ("👎", "fb:h00000000001:-1")]]
    [photo] = telegram.calls_to("sendPhoto")  # issue 22: two figures already compare
    assert photo["caption"].startswith("图：温州市教育局2018年和张店区教育局2017年各收到多少件依申请公开？")


async def test_a_long_listing_of_what_the_reports_hold_pages_in_place(app, telegram, monkeypatch):
    monkeypatch.setattr("bot.present.comparisons.MOST_LISTED", 2)
    await send(app, "private_text", text="你们有哪些报告")
    [reply] = telegram.calls_to("sendMessage")
    assert reply["text"] == (
        "知识库里有5个机关的5份报告：\n• 余姚市教育局：2012年\n• 张店区教育局：2017年\n"
        "第 1/3 页。加上地名可以只看一处，例如“有没有温州的报告”。"
    )
    assert buttons(reply)[0] == [("下一页 ▶", "more:h00000000001:1")]
    await app.process_update(_update(app, "callback_more", data="more:h00000000001:1", message=_bot_message(reply)))
    [edit] = telegram.calls_to("editMessageText")
    assert "• 柳州市教育局：2018年\n• 沈阳市教育局：2018年\n第 2/3 页" in edit["text"]
    assert buttons(edit)[0] == [("◀ 上一页", "more:h00000000001:0"), ("下一页 ▶", "more:h00000000001:2")]


def the_chart(telegram, question):
    """The one photo sent, after checking it is the chart of ``question``."""
    [photo] = telegram.calls_to("sendPhoto")
    assert photo["caption"] == f"图：{question}\n每个数字取自上面所引的原文。"
    return photo


async def test_a_ranking_also_gets_its_chart_as_a_photo(app, telegram):
    await send(app, "private_text", text="哪个教育局收到的依申请公开最多")
    [table] = telegram.calls_to("sendMessage")
    assert table["text"].startswith(
        "<b>结论：温州市教育局2018年最多：11件。</b>\n"
        "按所引原文中的数字排序（查看了 5 份报告，未提及的排在最后）：\n<pre>温州市教育局  2018年  11件"
    )
    assert the_chart(telegram, "哪个教育局收到的依申请公开最多")["chat_id"] == table["chat_id"] == ALICE
    [(name, png)] = telegram.uploads
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


async def test_which_of_two_has_more_is_answered_first_then_its_table_and_chart(app, telegram):
    # issue 22 item 4: a comparison concludes, from figures of one unit family, and two figures get a chart.
    await send(app, "private_text", text="温州和沈阳教育局2018年哪个收到的依申请公开多")
    [reply] = telegram.calls_to("sendMessage")
    assert reply["text"].startswith(
        "<b>结论：温州市教育局2018年更多：11件。</b>\n逐项回答（每项引自各自的报告）：\n"
        "<pre>温州市教育局  2018年  11件\n沈阳市教育局  2018年  3例</pre>"
    )
    the_chart(telegram, "温州和沈阳教育局2018年哪个收到的依申请公开多")

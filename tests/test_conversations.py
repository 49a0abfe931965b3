"""Follow-ups in Telegram: a private chat is one conversation, each group member has their own, a
reply to an answer continues it, /new and the 🆕 button forget, and silence expires it. And a question
in English: an English lead, then the report's own words."""

from fakebotapi import load_update, send, send_command
from telegram import Update

from bot.chat.conversations import Conversations

ALICE, BOB, GROUP = 1001, 1002, -1001234567890
SHENYANG_MAIL = "22821577@163.com"


def last_text(telegram, chat):
    return telegram.texts(chat)[-1]


async def test_a_follow_up_in_a_private_chat_takes_the_agency_and_year_and_says_so(app, telegram):
    await send(app, "private_text", text="沈阳市教育局2018年收到几件依申请公开？")
    await send(app, "private_text", text="邮箱是多少？")
    reply = telegram.calls_to("sendMessage")[-1]
    assert SHENYANG_MAIL in reply["text"]
    assert "<i>接上一问：沈阳市教育局、2018年</i>" in reply["text"]
    assert reply["reply_markup"]["inline_keyboard"][-1] == [
        {"text": "🆕 新话题（不接上一问）", "callback_data": "new:"}
    ]
    await send(app, "private_text", text="那温州呢？")
    assert "收到政府信息依申请公开案件11件" not in last_text(telegram, ALICE)  # the topic carried is now 邮箱
    assert "接上一问：教育局、2018年、邮箱是多少" in last_text(telegram, ALICE)


async def test_new_forgets_the_conversation(app, telegram):
    await send(app, "private_text", text="沈阳市教育局2018年收到几件依申请公开？")
    await send_command(app, "private_command", "/new")
    assert last_text(telegram, ALICE) == "好的，下一个问题重新开始，不接上一问。"
    await send(app, "private_text", text="那2017年呢？")
    assert "接上一问" not in last_text(telegram, ALICE)
    assert last_text(telegram, ALICE).startswith("没有找到答案")


async def test_the_new_button_forgets_and_leaves_the_other_buttons(app, telegram):
    await send(app, "private_text", text="沈阳市教育局2018年收到几件依申请公开？")
    await send(app, "private_text", text="邮箱是多少？")
    sent = telegram.calls_to("sendMessage")[-1]
    press = load_update("callback_more")
    press["callback_query"].update(
        data="new:",
        message={
            "message_id": 5002,
            "from": {"id": 424242, "is_bot": True, "first_name": "年报问答", "username": "kb_test_bot"},
            "chat": {"id": ALICE, "first_name": "Alice", "type": "private"},
            "date": 1795369200,
            "text": sent["text"],
            "reply_markup": sent["reply_markup"],
        },
    )
    await app.process_update(Update.de_json(press, app.bot))
    assert telegram.calls_to("answerCallbackQuery")[-1]["text"] == "好的，下一个问题重新开始，不接上一问。"
    [edit] = telegram.calls_to("editMessageReplyMarkup")
    assert [
        "new:" for row in edit["reply_markup"]["inline_keyboard"] for b in row if b["callback_data"] == "new:"
    ] == []
    await send(app, "private_text", text="那2017年呢？")
    assert "接上一问" not in last_text(telegram, ALICE)


async def test_group_members_each_have_their_own_conversation(app, telegram):
    await send(app, "group_mention", text="@KB_Test_Bot 沈阳市教育局2018年收到几件依申请公开？")  # Bob
    alice = {"id": ALICE, "is_bot": False, "first_name": "Alice"}
    await send(app, "group_mention", text="@KB_Test_Bot 邮箱是多少？", **{"from": alice})
    assert "接上一问" not in last_text(telegram, GROUP)  # Alice asked nothing before
    await send(app, "group_mention", text="@KB_Test_Bot 邮箱是多少？")  # Bob again
    assert SHENYANG_MAIL in last_text(telegram, GROUP)
    assert "接上一问：沈阳市教育局、2018年" in last_text(telegram, GROUP)


async def test_replying_to_an_answer_continues_that_answers_conversation(app, telegram):
    await send(app, "group_mention", text="@KB_Test_Bot 沈阳市教育局2018年收到几件依申请公开？")  # Bob
    bot_answer = telegram.sent[-1]
    alice = {"id": ALICE, "is_bot": False, "first_name": "Alice"}
    # Alice replies to the answer Bob got: she continues that answer's conversation, not one of her own.
    await send(app, "group_reply_to_bot", text="邮箱是多少？", reply_to_message=bot_answer, **{"from": alice})
    assert "接上一问：沈阳市教育局、2018年" in last_text(telegram, GROUP)
    await send(app, "group_mention", text="@KB_Test_Bot 传真呢", **{"from": alice})  # and it is hers now
    assert "接上一问：沈阳市教育局、2018年" in last_text(telegram, GROUP)


def test_a_conversation_expires_after_its_minutes_and_the_oldest_go_past_the_most():
    now = [0.0]
    talk = Conversations(10, most=2, clock=lambda: now[0])
    chats = [
        Update.de_json(load_update("private_text", chat={"id": c, "type": "private"}), None).message for c in (1, 2, 3)
    ]
    from knowledge.models import Context

    said = Context("营口市教育局", 2018, "收到几件申请", "教育局")
    for message in chats:
        talk.keep(message, 7, said, None)
    assert [talk.before(m, 7) for m in chats] == [None, said, said]  # the first went past most=2
    now[0] = 601.0
    assert talk.before(chats[2], 7) is None  # ten minutes of silence


async def test_an_english_question_gets_an_english_lead_then_the_report_in_its_own_words(app, telegram):
    await send(app, "private_text", text="What is the phone number of 温州市教育局 in its 2018 report?")
    assert last_text(telegram, ALICE).startswith(
        "Phone: 0577-88636388 — 温州市教育局, 2018 report\n答：<b>0577-88636388</b>"
    )
    await send(app, "private_text", text="hello there")
    assert last_text(telegram, ALICE).startswith("没有找到答案：I answer questions about Chinese government")


async def test_a_question_that_leaves_nothing_to_follow_ends_the_conversation(app, telegram):
    await send(app, "private_text", text="沈阳市教育局2018年收到几件依申请公开？")
    await send(app, "private_text", text="营口市教育局2018年收到几件依申请公开？")  # not held: refused alone
    await send(app, "private_text", text="邮箱是多少？")
    assert "接上一问" not in last_text(telegram, ALICE)

"""Button presses: ◀ ▶ pages, 👍/👎 votes and a refusal's agency buttons, on the bot's own messages.

A press counts only when the pressed message carries that very button: callback data can be forged
(any client may send any data), the message a press comes from cannot.
"""

from __future__ import annotations

import re

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.chat.handlers import answer_question, conversations, press_throttle, service
from bot.chat.keyboards import (
    INSTEAD,
    INSTEAD_PRESS,
    MORE,
    MORE_PRESS,
    NEW_DATA,
    VOTE,
    VOTE_PRESS,
    answer_keyboard,
    comparison_keyboard,
)
from bot.chat.throttle import Throttle
from bot.present import messages
from bot.present.comparisons import comparison_html, pages
from knowledge import Answer, Comparison

MORE_PATTERN, VOTE_PATTERN, INSTEAD_PATTERN = f"^{MORE}", f"^{VOTE}", f"^{INSTEAD}"  # the handlers' filters


async def more(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show another hit of an earlier answer by editing its message in place."""
    query = update.callback_query
    found, _ = await _accepted(query, context, MORE_PRESS, press_throttle(context))
    if found is None:
        return
    handle, page = found.group(1), int(found.group(2))
    answer = await service(context).ask_again(handle)
    voted = not _has_vote_buttons(query.message)
    if isinstance(answer, Comparison) and page < pages(answer):  # a long listing of what the reports hold
        text, markup = comparison_html(answer, page), comparison_keyboard(answer, handle, page, voted=voted)
    elif isinstance(answer, Answer) and answer.found and page < len(answer.hits):
        compact = query.message.chat.type != ChatType.PRIVATE
        text = messages.answer_html(answer, service(context).coverage, page=page, compact=compact)
        markup = answer_keyboard(answer, handle, page, compact=compact, username=context.bot.username, voted=voted)
    else:
        await query.answer(messages.GONE_TEXT)
        return
    await query.answer()
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:
        if "message is not modified" not in str(exc).lower():  # a double tap
            raise


async def vote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Record a 👍/👎 once per person and answer, then drop the vote buttons."""
    query = update.callback_query
    found, _ = await _accepted(query, context, VOTE_PRESS)
    if found is None:
        return
    recorded = await service(context).feedback(found.group(1), user_id=query.from_user.id, vote=int(found.group(2)))
    reply = {True: messages.VOTED_TEXT, False: messages.ALREADY_VOTED_TEXT, None: messages.GONE_TEXT}[recorded]
    await query.answer(reply)
    if recorded:
        rows = [[b for b in row if not _is_vote(b)] for row in query.message.reply_markup.inline_keyboard]
        await query.edit_message_reply_markup(InlineKeyboardMarkup([row for row in rows if row]))


async def ask_instead(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask a refused question again about the agency whose button was pressed, as a new answer."""
    query = update.callback_query
    # Reading the refusal again costs a press; the question asked then costs a question.
    found, label = await _accepted(query, context, INSTEAD_PRESS, press_throttle(context))
    if found is None:
        return
    refused = await service(context).ask_again(found.group(1))
    index = int(found.group(2))
    # After a reload the same question may offer other agencies: ask only about the one the button names.
    if not isinstance(refused, Answer) or index >= len(refused.candidates) or refused.candidates[index].agency != label:
        await query.answer(messages.GONE_TEXT)
        return
    await query.answer()
    await answer_question(
        update, context, refused.candidates[index].question, message=query.message, user=query.from_user
    )


async def _accepted(
    query: CallbackQuery, context: ContextTypes.DEFAULT_TYPE, pattern: re.Pattern[str], presses: Throttle | None = None
) -> tuple[re.Match[str], str] | tuple[None, None]:
    """``pressed``, having answered the press when it is refused: gone (not ours, or not on the
    message), or over the limit of ``presses`` (a bucket of their own: pages never cost questions)."""
    found, label = pressed(query, pattern)
    if found is None:
        await query.answer(messages.GONE_TEXT)
    elif presses is not None and not presses.allow(query.from_user.id):
        await query.answer(messages.PRESS_THROTTLED_TEXT)
        return None, None
    return found, label


def pressed(query: CallbackQuery, pattern: re.Pattern[str]) -> tuple[re.Match[str], str] | tuple[None, None]:
    """The press's data read by ``pattern`` and the text of its button, when the pressed message
    carries that button; (None, None) for data not ours, or a button not on the message."""
    found = pattern.fullmatch(query.data or "")
    label = _label(query.message, query.data) if found else None
    return (found, label) if found and label is not None else (None, None)


def _label(message: MaybeInaccessibleMessage | None, data: str | None) -> str | None:
    """The text of the message's button that carries ``data``; None when it has no such button, or the
    message is gone (too old or deleted: Telegram sends it as inaccessible, with date 0)."""
    if not isinstance(message, Message) or data is None:
        return None
    markup = message.reply_markup
    buttons = [b for row in markup.inline_keyboard for b in row] if markup is not None else []
    return next((b.text for b in buttons if b.callback_data == data), None)


async def new_conversation(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The 🆕 button under a follow-up: the presser's next question starts afresh (as /new)."""
    query = update.callback_query
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:  # too old for Telegram to show it
        await query.answer(messages.GONE_TEXT)
        return
    if not press_throttle(context).allow(query.from_user.id):
        await query.answer(messages.PRESS_THROTTLED_TEXT)
        return
    conversations(context).forget(message, query.from_user.id, answer_id=message.message_id)
    await query.answer(messages.NEW_CONVERSATION_TEXT)
    rows = [[b for b in row if b.callback_data != NEW_DATA] for row in message.reply_markup.inline_keyboard]
    await query.edit_message_reply_markup(InlineKeyboardMarkup([row for row in rows if row]))


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button press the bot no longer understands, so the client stops waiting."""
    await update.callback_query.answer(messages.GONE_TEXT)


def _has_vote_buttons(message: Message) -> bool:
    markup = message.reply_markup
    return markup is not None and any(_is_vote(b) for row in markup.inline_keyboard for b in row)


def _is_vote(button: InlineKeyboardButton) -> bool:
    return str(button.callback_data or "").startswith(VOTE)

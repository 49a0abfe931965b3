"""Telegram handlers: updates -> questions for the KnowledgeService; answers -> messages and buttons.

Handlers do not catch Exception: everything unexpected goes to ``bot.chat.errors.on_error``.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from functools import partial

from telegram import (
    Bot,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
    User,
)
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.chat.conversations import Conversations
from bot.chat.keyboards import HANDLE, answer_keyboard, comparison_keyboard
from bot.chat.throttle import Throttle
from bot.chat.turns import in_turn
from bot.config import TelegramConfig
from bot.present import messages
from bot.present.comparisons import chart_caption, comparison_html
from bot.present.render import TOO_LONG_TEXT
from bot.serving.service import KnowledgeService
from knowledge import Answer, Comparison
from knowledge.models import Refusal
from knowledge.question import MAX_QUESTION_CHARS, clean_question

INLINE_CACHE_SECONDS = 60
INLINE_CARDS = 4  # the answer and up to three other passages: what ◀ ▶ pages through in a chat
INLINE_EXAMPLES = 3  # an empty inline query: example questions the knowledge base answers, as cards
TYPING_AFTER = 0.3  # seconds an answer may take before the chat shows "typing…"
# A logged question's handle (bot.records.querylog: random, URL-safe) in deep links and button data.
_DEEP_LINK = re.compile(rf"q{HANDLE}")
# One line per question answered: how it went and how long it took, never what was asked.
log = logging.getLogger("reportbot.questions")


# -- accessors: the bot_data keys live here ---------------------------------------------------------
def service(context: ContextTypes.DEFAULT_TYPE) -> KnowledgeService:
    return context.bot_data["service"]


def conversations(context: ContextTypes.DEFAULT_TYPE) -> Conversations:
    return context.bot_data["conversations"]


def settings(context: ContextTypes.DEFAULT_TYPE) -> TelegramConfig:
    return context.bot_data["settings"]


def throttle(context: ContextTypes.DEFAULT_TYPE) -> Throttle:
    return context.bot_data["throttle"]


def inline_throttle(context: ContextTypes.DEFAULT_TYPE) -> Throttle:
    """Inline queries arrive per keystroke: a bucket of their own, so typing never costs chat questions."""
    return context.bot_data["inline_throttle"]


def press_throttle(context: ContextTypes.DEFAULT_TYPE) -> Throttle:
    """◀ ▶ and agency buttons: a bucket of their own, so reading an answer never costs questions."""
    return context.bot_data["press_throttle"]


# -- commands -------------------------------------------------------------------------------------
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say what the bot knows, with example questions; a q<handle> payload answers that question in full."""
    message = update.effective_message
    payload = context.args[0] if context.args else ""
    found = _DEEP_LINK.fullmatch(payload)
    if found and update.effective_chat.type == ChatType.PRIVATE:
        show = partial(_show_logged, message, context, found.group(1))
        await in_turn(throttle(context), context.application, update, update.effective_user.id, message, reply=show)
        return
    await _welcome(message, context)


async def _show_logged(message: Message, context: ContextTypes.DEFAULT_TYPE, handle: str, waited: float) -> None:
    answer = await service(context).ask_again(handle)
    if answer is None:
        await _welcome(message, context)
    else:
        await send_answer(message, context, answer, handle, compact=False)


async def _welcome(message: Message, context: ContextTypes.DEFAULT_TYPE) -> None:
    kb = service(context)
    await message.reply_text(messages.start_html(kb.coverage, kb.examples, context.bot.username))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to ask, in private chats, groups and inline."""
    await update.effective_message.reply_text(
        messages.help_html(context.bot.username, settings(context).query_log_days)
    )


async def new_conversation(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/new: the next question starts afresh, taking nothing from the last."""
    message, user = update.effective_message, update.effective_user
    conversations(context).forget(message, user.id if user else message.chat.id)
    await message.reply_text(messages.NEW_CONVERSATION_TEXT)


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the question written after /ask."""
    message = update.effective_message
    command = message.entities[0] if message.entities else None
    question = message.text[command.length :] if command and command.type == MessageEntity.BOT_COMMAND else ""
    await answer_question(update, context, question)


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer any text sent in a private chat."""
    # Not a command: text that is only invisible characters gets the plain "write a question" hint.
    await answer_question(update, context, update.effective_message.text, empty=messages.NON_TEXT_TEXT)


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a group message only when it mentions the bot or replies to one of its messages."""
    question = addressed_question(update.effective_message, context.bot)
    if question is not None:
        await answer_question(update, context, question)


async def non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask for text when a sticker, photo, voice message or file arrives in a private chat."""
    await update.effective_message.reply_text(messages.NON_TEXT_TEXT)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point to /help for a command the bot does not have."""
    await update.effective_message.reply_text(messages.UNKNOWN_COMMAND_TEXT)


def addressed_question(message: Message, bot: Bot) -> str | None:
    """The question in a group message meant for the bot, or None when it is chatter for others.

    Telegram usernames are case-insensitive, and PTB's ``filters.Mention`` is not, so mentions are
    compared here in lower case.
    """
    username = (bot.username or "").lower()
    text = message.text or ""
    mentioned = False
    for entity, value in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.MENTION and value[1:].lower() == username:
            mentioned = True
        elif entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id:
            mentioned = True
    replied = message.reply_to_message is not None and (
        message.reply_to_message.from_user is not None and message.reply_to_message.from_user.id == bot.id
    )
    if not (mentioned or replied):
        return None
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE) if username else text


# -- answering ------------------------------------------------------------------------------------
async def answer_question(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    text: str | None,
    *,
    message: Message | None = None,
    user: User | None = None,
    empty: str = messages.EMPTY_QUESTION_TEXT,
) -> None:
    """Clean, throttle, ask the knowledge base, reply: the one path every question takes.

    The reply goes to ``message`` (default: the update's; under a button, the bot's own) for ``user``
    (default: the update's); ``empty`` is the hint for a text with nothing to ask.
    """
    message = message or update.effective_message
    user = user or update.effective_user
    asker = user.id if user else message.chat.id
    reply = partial(_answer, message, context, text, asker, empty)
    # Every reply counts, hints too.
    await in_turn(throttle(context), context.application, update, asker, message, reply=reply)


async def _answer(
    message: Message, context: ContextTypes.DEFAULT_TYPE, text: str | None, asker: int, empty: str, waited: float
) -> None:
    started = time.perf_counter()
    chat_type = message.chat.type
    question = clean_question(text)
    if not question:
        await message.reply_text(empty)
        outcome = f"refused ({Refusal.EMPTY})"
    elif len(question) > MAX_QUESTION_CHARS:
        await message.reply_text(TOO_LONG_TEXT)
        outcome = f"refused ({Refusal.TOO_LONG})"
    else:
        talk = conversations(context)
        after = talk.before(message, asker)
        asking = asyncio.ensure_future(service(context).ask(question, user_id=asker, chat_type=chat_type, after=after))
        private = chat_type == ChatType.PRIVATE
        if private:
            # "typing…" only when the answer is not there at once: a chat action right before the reply
            # shows nothing and costs a request (and in groups, part of the 20-a-minute budget).
            done, _ = await asyncio.wait({asking}, timeout=TYPING_AFTER)
            if not done:
                await message.reply_chat_action(ChatAction.TYPING)
        asked = await asking
        sent = await send_answer(message, context, asked.answer, asked.handle, compact=not private, chart=asked.chart)
        # A question that leaves nothing to follow (across reports, an unknown agency) ends the conversation.
        context = asked.answer.context if isinstance(asked.answer, Answer) else None
        talk.keep(message, asker, context, sent.message_id)
        outcome = _outcome(asked.answer)
    waiting = f", after {waited * 1000:.0f} ms waiting for its turn" if waited else ""
    elapsed = (time.perf_counter() - started) * 1000
    log.info("question %s in %.0f ms, %s chat%s", outcome, elapsed, chat_type, waiting)


def _outcome(answer: Answer | Comparison) -> str:
    """Answered, or refused with the refusal's code (not_found: a question across reports that found
    nothing has no code of its own)."""
    if answer.found:
        return "answered"
    refusal = answer.refusal if isinstance(answer, Answer) else None
    return f"refused ({refusal or 'not_found'})"


async def send_answer(
    message: Message,
    context: ContextTypes.DEFAULT_TYPE,
    answer: Answer | Comparison,
    handle: str,
    *,
    compact: bool,
    chart: bytes | None = None,
) -> Message:
    """Reply with an answer, or a question across reports' table (and its chart, when it has one);
    returns the answer's message."""
    if isinstance(answer, Comparison):
        text, markup = comparison_html(answer), comparison_keyboard(answer, handle, 0)
    else:
        text = messages.answer_html(answer, service(context).coverage, compact=compact)
        markup = answer_keyboard(answer, handle, 0, compact=compact, username=context.bot.username)
    try:
        sent = await message.reply_text(text, reply_markup=markup)
    except BadRequest as exc:
        if "can't parse entities" not in str(exc).lower():
            raise
        # A markup bug must not cost the answer: send what the reader would have seen, as plain text.
        sent = await message.reply_text(messages.visible_text(text), parse_mode=None, reply_markup=markup)
    if chart is not None:
        await message.reply_photo(chart, caption=chart_caption(answer.question))
    return sent


# -- inline mode ----------------------------------------------------------------------------------
async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer answer cards for `@bot question`; when nothing matches, a button to the private chat."""
    query = update.inline_query
    question = clean_question(query.query)
    to_private = InlineQueryResultsButton(text="没有找到答案，点这里私聊提问", start_parameter="inline")
    allowed = inline_throttle(context).allow(query.from_user.id)
    if allowed and not query.query.strip():  # nothing typed yet: what to ask, as cards that answer it
        examples = service(context).examples[:INLINE_EXAMPLES]
        answers = [await service(context).answer(example) for example in examples]
        cards = [
            _card(str(n), a, 0, context, title=a.question)
            for n, a in enumerate(answers)
            if isinstance(a, Answer) and a.found
        ]
        await query.answer(cards, button=to_private, cache_time=0, is_personal=True)
        return
    if not question or len(question) > MAX_QUESTION_CHARS or not allowed:
        await query.answer([], button=to_private, cache_time=0, is_personal=True)
        return
    # Not logged here: a query arrives per keystroke, and half-typed questions are not questions.
    answer = await service(context).answer(question)
    if not answer.found:
        await query.answer([], button=to_private, cache_time=INLINE_CACHE_SECONDS, is_personal=True)
        return
    if isinstance(answer, Comparison):  # one card: the verdict first, the figures after (largest first)
        title = messages.cut(messages.visible_text(comparison_html(answer)).split("\n")[0], 100)
        content = InputTextMessageContent(comparison_html(answer))
        card = InlineQueryResultArticle(id="0", title=title, input_message_content=content)
        await query.answer([card], cache_time=INLINE_CACHE_SECONDS)
        return
    cards = [_card(str(page), answer, page, context) for page in range(min(len(answer.hits), INLINE_CARDS))]
    await query.answer(cards, cache_time=INLINE_CACHE_SECONDS)


def _card(
    card_id: str, answer: Answer, page: int, context: ContextTypes.DEFAULT_TYPE, *, title: str = ""
) -> InlineQueryResultArticle:
    """One inline card: titled agency · year · the fact (or ``title``); sent as the compact answer,
    without the paging marks a chat answer has (a sent card cannot page)."""
    hit = answer.hits[page]
    html = messages.answer_html(answer, service(context).coverage, page=page, compact=True, paging=False)
    return InlineQueryResultArticle(
        id=card_id,
        title=messages.cut(title, 100) if title else messages.inline_title(answer, hit),
        description=messages.cut(hit.snippet, 120),
        input_message_content=InputTextMessageContent(html),
    )


async def inline_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log an inline question once its answer card is sent (Telegram reports this only when inline
    feedback is switched on in @BotFather)."""
    chosen = update.chosen_inline_result
    question = clean_question(chosen.query)
    if question and len(question) <= MAX_QUESTION_CHARS:
        await service(context).chosen(question, user_id=chosen.from_user.id)

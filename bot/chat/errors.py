"""The one error handler: log with the traceback, tell the user something short, never the exception;
tell the admins the exception's type, at most once every ERROR_REPORT_EVERY seconds."""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError
from telegram.ext import ContextTypes

from bot.chat.handlers import settings
from bot.present.messages import SORRY_TEXT

log = logging.getLogger("reportbot.bot")
# A failing dependency fails every update: one message a minute says so, and the log has the rest.
ERROR_REPORT_EVERY = 60.0
REPORTED_AT = "error_reported_at"  # bot_data: when the admins were last told (time.monotonic)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log an exception raised while handling ``update``; apologise in its chat; tell the admins."""
    if isinstance(context.error, Forbidden):  # the user blocked the bot: nothing to tell them
        log.info("cannot reach a chat: %s", context.error)
        return
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("update %s failed", update_id, exc_info=context.error)
    if isinstance(update, Update):  # else a polling error: no one to apologise to
        await _apologise(update)
    await _tell_admins(update, context)


async def _apologise(update: Update) -> None:
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(SORRY_TEXT)
        elif update.inline_query is not None:
            await update.inline_query.answer([], cache_time=0)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(SORRY_TEXT)
    except TelegramError as exc:  # the apology itself failed (e.g. the network is down): log, do not loop
        log.warning("could not apologise for update %s: %s", update.update_id, exc)


async def _tell_admins(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One line to each admin: the exception's type and the kind of update, never its text (it may quote
    the user or a URL with the token)."""
    error = context.error
    # Network errors are tried again where they happen, and a message about them would take the same
    # network; BadRequest is a NetworkError to PTB, but it is the bot's own mistake.
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        return
    now, last = time.monotonic(), context.bot_data.get(REPORTED_AT)
    if last is not None and now - last < ERROR_REPORT_EVERY:
        return
    context.bot_data[REPORTED_AT] = now
    text = error_report_text(type(error).__name__, update_kind(update), ERROR_REPORT_EVERY)
    for admin_id in settings(context).admin_ids:
        try:
            await context.bot.send_message(admin_id, text, parse_mode=None)
        except TelegramError as exc:  # e.g. the admin never opened a chat with the bot
            log.warning("could not tell admin %s about an error: %s", admin_id, exc)


def error_report_text(error: str, kind: str | None, every: float) -> str:
    """The line an admin gets about an unexpected error: its type and the kind of update, nothing more.

    >>> error_report_text("OperationalError", "message", 60)
    '出错了：OperationalError（update: message），详见日志；60 秒内的其他错误只记入日志。'
    """
    return f"出错了：{error}（update: {kind or '无'}），详见日志；{every:.0f} 秒内的其他错误只记入日志。"


def update_kind(update: object) -> str | None:
    """The update's field that is set (message, callback_query, inline_query …); None for no update."""
    if not isinstance(update, Update):
        return None
    return next((kind for kind in Update.ALL_TYPES if getattr(update, kind, None) is not None), "unknown")

"""The one error handler: log with the traceback, tell the user something short, never the exception."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.messages import SORRY_TEXT

log = logging.getLogger("reportbot.bot")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log an exception raised while handling ``update``; apologise in its chat."""
    if isinstance(context.error, Forbidden):  # the user blocked the bot: nothing to tell them
        log.info("cannot reach a chat: %s", context.error)
        return
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update):
        return  # a polling error: no one to tell
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(SORRY_TEXT)
        elif update.inline_query is not None:
            await update.inline_query.answer([], cache_time=0)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(SORRY_TEXT)
    except TelegramError as exc:  # the apology itself failed (e.g. the network is down): log, do not loop
        log.warning("could not apologise for update %s: %s", update_id, exc)

"""Admin commands: /reload, /stats, /status — numeric admin ids, private chat only, checked here."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatID, ChatType
from telegram.ext import ContextTypes

from bot import messages
from bot.handlers import service, settings
from bot.service import ReloadBusy, ReloadFailed


def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A listed numeric user id, in a private chat; never an anonymous group admin."""
    user, chat = update.effective_user, update.effective_chat
    return (
        user is not None
        and chat is not None
        and chat.type == ChatType.PRIVATE
        and user.id != ChatID.ANONYMOUS_ADMIN
        and update.effective_message is not None
        and update.effective_message.sender_chat is None
        and user.id in settings(context).admin_ids
    )


async def _refuse(update: Update) -> None:
    if update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE:
        await update.effective_message.reply_text(messages.NOT_ADMIN_TEXT)


async def reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Rebuild the knowledge base from the reports folder and swap it in (admins only)."""
    if not is_admin(update, context):
        await _refuse(update)
        return
    message, kb = update.effective_message, service(context)
    if kb.reloading:
        await message.reply_text(messages.RELOAD_BUSY_TEXT)
        return
    await message.reply_text(messages.RELOAD_STARTED_TEXT)
    try:
        done = await kb.reload()
    except ReloadBusy:
        await message.reply_text(messages.RELOAD_BUSY_TEXT)
    except ReloadFailed as exc:
        await message.reply_text(messages.reload_failed_html(str(exc), kb.coverage))
    else:
        await message.reply_text(messages.reload_html(done))


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show questions per day, answered share, latency, unanswered questions and feedback (admins only)."""
    if not is_admin(update, context):
        await _refuse(update)
        return
    await update.effective_message.reply_text(messages.stats_html(await service(context).stats()))


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the knowledge base's version and counts, the last reload and uptime (admins only)."""
    if not is_admin(update, context):
        await _refuse(update)
        return
    kb = service(context)
    text = messages.status_html(
        kb.coverage,
        started_at=kb.started_at,
        loaded_at=kb.loaded_at,
        now=kb.clock(),
        reloaded=kb.last_reload is not None,
    )
    await update.effective_message.reply_text(text)

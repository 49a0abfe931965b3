"""Admin commands: /reload, /stats, /status, /reports, /remove, /meta and report uploads — numeric
admin ids, private chat only, checked here."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from telegram import Document, Update
from telegram.constants import ChatID, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.chat.buttons import pressed
from bot.chat.handlers import service, settings
from bot.chat.keyboards import REPORTS_PAGE_PRESS, reports_keyboard
from bot.library.uploads import (
    CAPTION_START,
    MAX_UPLOAD_BYTES,
    UploadRefused,
    bounded,
    read_caption,
    set_aside,
    set_metadata,
    store_upload,
    undo,
)
from bot.present import admin_messages, messages
from bot.serving.service import ReloadBusy, ReloadFailed
from loaders.errors import chinese
from loaders.manifest import put_back

log = logging.getLogger("reportbot.admin")


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
        await message.reply_text(admin_messages.reload_failed_html(_reason(exc), kb.coverage))
    else:
        await message.reply_text(admin_messages.reload_html(done))


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show questions per day, answered share, latency, unanswered questions and feedback (admins only)."""
    if not is_admin(update, context):
        await _refuse(update)
        return
    await update.effective_message.reply_text(admin_messages.stats_html(await service(context).stats()))


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the knowledge base's version and counts, the last reload and uptime (admins only)."""
    if not is_admin(update, context):
        await _refuse(update)
        return
    kb = service(context)
    text = admin_messages.status_html(
        kb.coverage,
        started_at=kb.started_at,
        loaded_at=kb.loaded_at,
        now=kb.clock(),
        reloaded=kb.last_reload is not None,
    )
    await update.effective_message.reply_text(text)


# -- reports: add by sending the file, list, remove ---------------------------------------------------
async def upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Add the report file an admin sends, then reload; anyone else is told only admins can."""
    message, kb = update.effective_message, service(context)
    if not is_admin(update, context):
        await message.reply_text(messages.UPLOAD_NOT_ADMIN_TEXT)
        return
    document = message.document
    original = document.file_name or "report"
    if (document.file_size or 0) > MAX_UPLOAD_BYTES:
        await message.reply_text(admin_messages.upload_refused_html(f"{original}：{messages.TOO_BIG_TO_DOWNLOAD}"))
        return
    try:
        said = read_caption(message.caption)
        data = await _download(document, original)
        async with kb.uploading:  # one at a time: each stored, then its reload, before the next
            served = {source for source, *_ in await kb.holdings()}
            stored = await asyncio.to_thread(
                store_upload,
                kb.reports_dir,
                original,
                data,
                agency=said.agency,
                year=said.year,
                url=said.url,
                served=served,
                read=bounded,
            )
            if stored is None:
                await message.reply_text(messages.UPLOAD_DUPLICATE_TEXT)
                return
            try:
                done = await kb.reload(wait=True)
            except ReloadFailed as exc:
                # Kept only when served: an added file goes aside (sending it again is a new upload),
                # a correction is taken back.
                try:
                    moved = await asyncio.to_thread(undo, kb.reports_dir, stored)
                except OSError as undone:
                    moved = f"（未能移走：{undone.strerror or undone}）"
                log.warning("upload: %s not served (%s); undone: %s", stored.name, exc, moved)
                await message.reply_text(admin_messages.upload_rolled_back_html(_reason(exc), moved, kb.coverage))
                return
    except UploadRefused as exc:
        log.info("upload refused: %s", exc)
        await message.reply_text(admin_messages.upload_refused_html(_reason(exc)))
    else:
        log.info(
            "upload: %s %s (%s, %s, %d passages)",
            "corrected" if stored.name in served else "stored",
            stored.name,
            stored.agency,
            stored.year,
            stored.passages,
        )
        shown = replace(stored, warnings=said.warnings + stored.warnings)  # a 来源 dropped is said first
        await message.reply_text(admin_messages.upload_html(shown, done, corrected=stored.name in served))


async def _download(document: Document, original: str) -> bytes:
    """The document's bytes; UploadRefused with Telegram's reason when it will not give them."""
    try:
        return bytes(await (await document.get_file()).download_as_bytearray())
    except TelegramError as exc:
        # A file over 20 MB whose update did not say its size ends here ("File is too big").
        raise UploadRefused(f"{original}：{admin_messages.download_failed(exc.message)}") from exc


async def meta(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say a report's agency, year or web page (/meta 文件名 机关=… 年份=… 来源=…), then reload (admins only)."""
    if not is_admin(update, context):
        await _refuse(update)
        return
    message, kb = update.effective_message, service(context)
    name, caption = _file_and_caption(_argument(message.text))
    held = {source for source, *_ in await kb.holdings()}
    try:
        said = read_caption(caption)
        if name not in held or not said.says:
            raise UploadRefused("".join([*said.warnings, messages.META_USAGE]))
        async with kb.uploading:
            said_before = await asyncio.to_thread(
                set_metadata, kb.reports_dir, name, agency=said.agency, year=said.year, url=said.url
            )
            try:
                done = await kb.reload(wait=True)
            except ReloadFailed:
                await asyncio.to_thread(put_back, kb.reports_dir, name, said_before)  # not served: not said
                raise
    except UploadRefused as exc:
        await message.reply_text(admin_messages.meta_refused_html(_reason(exc)))
    except ReloadFailed as exc:
        await message.reply_text(admin_messages.reload_failed_html(_reason(exc), kb.coverage))
    else:
        await message.reply_text(admin_messages.meta_html(name, done, warnings=said.warnings))


def _reason(exc: Exception) -> str:
    """Why ``exc`` happened, in Chinese when its message knows how (loaders.errors.Said)."""
    first = exc.args[0] if exc.args else None
    return chinese(first) if isinstance(first, str) else str(exc)


def _argument(text: str | None) -> str:
    """What follows the command, spaces kept as typed (a file name may hold two in a row)."""
    parts = (text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def _file_and_caption(argument: str) -> tuple[str, str]:
    """/meta's file name and its 机关=/年份= words: the name is all before the first of them.

    >>> _file_and_caption("年报  2020.txt 机关=营口市教育局 年份=2020")
    ('年报  2020.txt', '机关=营口市教育局 年份=2020')
    """
    found = CAPTION_START.search(argument)
    if found is None:
        return argument, ""
    return argument[: found.start()].strip(), argument[found.start() :].strip()


async def reports(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the reports served: agency · year · file · passages, a page at a time (admins only)."""
    if not is_admin(update, context):
        await _refuse(update)
        return
    page = int(context.args[0]) - 1 if context.args and context.args[0].isdigit() and int(context.args[0]) > 0 else 0
    held = await service(context).holdings()
    await update.effective_message.reply_text(
        admin_messages.reports_html(held, page), reply_markup=reports_keyboard(held, page)
    )


async def reports_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Turn a /reports page (a button on the admin's own listing)."""
    query = update.callback_query
    found, _ = pressed(query, REPORTS_PAGE_PRESS)
    if found is None or query.from_user.id not in settings(context).admin_ids:
        await query.answer(messages.GONE_TEXT)
        return
    await query.answer()
    held, page = await service(context).holdings(), int(found.group(1))
    await query.edit_message_text(admin_messages.reports_html(held, page), reply_markup=reports_keyboard(held, page))


async def remove(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Move a report file to reports_dir/.removed/ and reload (admins only); nothing is deleted."""
    if not is_admin(update, context):
        await _refuse(update)
        return
    message, kb = update.effective_message, service(context)
    name = _argument(message.text)
    held = {source for source, *_ in await kb.holdings()}
    if name not in held:
        await message.reply_text(admin_messages.remove_unknown_html(name))
        return
    async with kb.uploading:
        try:
            moved = await asyncio.to_thread(set_aside, kb.reports_dir, name)
            done = await kb.reload(wait=True)
        except (ReloadFailed, OSError) as exc:
            await message.reply_text(admin_messages.reload_failed_html(_reason(exc), kb.coverage))
            return
    await message.reply_text(admin_messages.removed_html(name, moved, done))

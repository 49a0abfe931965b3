"""build_application: the PTB Application around a KnowledgeService — defaults, limits, the handler table."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    ChosenInlineResultHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.chat import admin, buttons, handlers, keyboards
from bot.chat.conversations import Conversations
from bot.chat.errors import on_error
from bot.chat.sending import RETRY_DELAYS, RetryingRequest
from bot.chat.throttle import Throttle
from bot.config import TelegramConfig
from bot.serving.service import KnowledgeService

log = logging.getLogger("reportbot.bot")
# Questions from different chats are answered side by side; more than this only lengthens the queues
# inside httpcore (measured with benchmarks/bot_load.py: 64 -> 250 answers/s, 16 -> 297 on 2 cores).
CONCURRENT_UPDATES = 16
# httpcore checks every pooled connection on each request; PTB's default pool of 256 makes that the
# bot's main cost under load. Telegram allows ~30 messages/s, which a few keep-alive connections carry.
CONNECTIONS = 8
# Inline queries come per keystroke (clients wait ~0.5 s between them): a sentence typed at chat speed
# is a dozen queries, so inline gets a bucket of its own, larger than a chat question's.
INLINE_BURST = 20
INLINE_PERIOD = 10.0
# ◀ ▶ and agency buttons: a bucket of their own, so reading an answer page by page never costs questions.
PRESS_BURST = 20
PRESS_PERIOD = 10.0
# The bot's profile: the description fills a new user's empty chat before /start (at most 512
# characters), the short one shows on its profile page and where it is shared (at most 120).
DESCRIPTION = (
    "我回答关于政府信息公开工作年度报告的问题，例如收到多少件依申请公开、主动公开了多少条信息，"
    "每个回答都引用报告原文并注明出处（机关 · 年份 · 章节）。\n\n"
    "点“开始”，然后直接发送问题，例如：温州市教育局2018年收到多少件依申请公开？"
)
SHORT_DESCRIPTION = "回答政府信息公开工作年度报告的问题，引用原文并注明出处。"
PUBLIC_COMMANDS = (
    ("start", "知识库概况和示例问题"),
    ("help", "怎么提问（私聊、群聊、inline）"),
    ("ask", "提问：/ask 问题"),
    ("new", "新话题：下一个问题不接上一问"),
)
GROUP_COMMANDS = (("ask", "提问：/ask 问题"), ("help", "怎么在群里提问"))
ADMIN_COMMANDS = (
    ("reload", "从报告文件夹重建知识库"),
    ("reports", "知识库里的报告（发送报告文件即可添加）"),
    ("remove", "移除一份报告：/remove 文件名"),
    ("meta", "更正报告的机关或年份：/meta 文件名 机关=… 年份=…"),
    ("stats", "提问统计和没答出的问题"),
    ("status", "知识库版本和运行状态"),
)
COMMANDS_TABLE = (
    ("start", handlers.start),
    ("help", handlers.help_command),
    ("ask", handlers.ask),
    ("new", handlers.new_conversation),
    ("reload", admin.reload),
    ("stats", admin.stats),
    ("status", admin.status),
    ("reports", admin.reports),
    ("remove", admin.remove),
    ("meta", admin.meta),
)


def build_application(
    token: str,
    settings: TelegramConfig,
    service: KnowledgeService,
    *,
    request: BaseRequest | None = None,
    rate_limiter: BaseRateLimiter | None = None,
    throttle: Throttle | None = None,
    inline_throttle: Throttle | None = None,
    press_throttle: Throttle | None = None,
    retry_delays: tuple[float, ...] = RETRY_DELAYS,
) -> Application:
    """Assemble the Telegram application around an already-open knowledge service.

    ``request`` replaces the network (tests), and sends are tried again after ``retry_delays`` when
    they fail on the way (network errors, 5xx; see bot/chat/sending.py); ``rate_limiter`` defaults to PTB's
    AIORateLimiter with Telegram's limits and two retries after a 429.
    """
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.base_url)
        .base_file_url(settings.file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=2))
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_stop)  # a start that fails after post_init (webhook port taken) skips post_stop
    )
    # getUpdates keeps a request of its own: PTB's polling loop already retries it.
    if request is not None:
        builder = builder.request(RetryingRequest(request, delays=retry_delays)).get_updates_request(request)
    else:
        sends = HTTPXRequest(connection_pool_size=CONNECTIONS)
        builder = builder.request(RetryingRequest(sends, delays=retry_delays))
    application = builder.build()
    application.bot_data["service"] = service
    application.bot_data["settings"] = settings
    application.bot_data["throttle"] = throttle or Throttle()
    application.bot_data["inline_throttle"] = inline_throttle or Throttle(INLINE_BURST, INLINE_PERIOD)
    application.bot_data["press_throttle"] = press_throttle or Throttle(PRESS_BURST, PRESS_PERIOD)
    application.bot_data["conversations"] = Conversations(settings.conversation_minutes)

    new_only = filters.UpdateType.MESSAGE  # an edited message is not a new question
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    for command, callback in COMMANDS_TABLE:
        application.add_handler(CommandHandler(command, callback, filters=new_only))
    application.add_handler(MessageHandler(new_only & private & filters.TEXT & ~filters.COMMAND, handlers.private_text))
    application.add_handler(MessageHandler(new_only & groups & filters.TEXT & ~filters.COMMAND, handlers.group_text))
    application.add_handler(MessageHandler(new_only & private & filters.COMMAND, handlers.unknown_command))
    application.add_handler(MessageHandler(new_only & private & filters.Document.ALL, admin.upload))
    application.add_handler(
        MessageHandler(new_only & private & ~filters.TEXT & ~filters.StatusUpdate.ALL, handlers.non_text)
    )
    application.add_handler(CallbackQueryHandler(buttons.more, pattern=buttons.MORE_PATTERN))
    application.add_handler(CallbackQueryHandler(buttons.vote, pattern=buttons.VOTE_PATTERN))
    application.add_handler(CallbackQueryHandler(buttons.ask_instead, pattern=buttons.INSTEAD_PATTERN))
    application.add_handler(CallbackQueryHandler(admin.reports_page, pattern=f"^{keyboards.REPORTS_PAGE}"))
    application.add_handler(CallbackQueryHandler(buttons.new_conversation, pattern=f"^{keyboards.NEW_DATA}$"))
    application.add_handler(CallbackQueryHandler(buttons.stale_button))
    application.add_handler(InlineQueryHandler(handlers.inline_query))
    application.add_handler(ChosenInlineResultHandler(handlers.inline_chosen))
    application.add_error_handler(on_error)
    return application


async def post_init(application: Application) -> None:
    """Publish the description and menus, warm the knowledge base before the first update, start pruning."""
    await publish_description(application)
    await publish_commands(application)
    service = application.bot_data["service"]
    await service.warm()
    application.bot_data["pruning"] = asyncio.create_task(service.prune_daily(), name="prune-query-log")


async def post_stop(application: Application) -> None:
    """Stop the daily pruning."""
    pruning = application.bot_data.pop("pruning", None)
    if pruning is not None:
        pruning.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pruning


async def publish_description(application: Application) -> None:
    """Describe the bot, so a new user's chat is not empty before /start."""
    bot = application.bot
    for what, describe, text in (
        ("description", bot.set_my_description, DESCRIPTION),
        ("short description", bot.set_my_short_description, SHORT_DESCRIPTION),
    ):
        try:
            await describe(text)
        except TelegramError as exc:  # the profile is a courtesy: a bot that cannot set it still answers
            log.warning("could not set the bot's %s: %s", what, exc)


async def publish_commands(application: Application) -> None:
    """Menus per scope: everyone in private, /ask and /help in groups, admin commands for each admin."""
    bot = application.bot
    public = [BotCommand(*c) for c in PUBLIC_COMMANDS]
    await bot.set_my_commands(public, scope=BotCommandScopeAllPrivateChats())
    await bot.set_my_commands([BotCommand(*c) for c in GROUP_COMMANDS], scope=BotCommandScopeAllGroupChats())
    for admin_id in application.bot_data["settings"].admin_ids:
        try:
            await bot.set_my_commands(
                public + [BotCommand(*c) for c in ADMIN_COMMANDS], scope=BotCommandScopeChat(admin_id)
            )
        except BadRequest as exc:  # "chat not found": the admin has not opened a chat with the bot yet
            log.warning("no admin command menu for %s: %s", admin_id, exc)

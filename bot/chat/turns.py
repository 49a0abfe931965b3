"""When a question is answered: now, after a bounded wait for the asker's turn, or refused with when."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import Application

from bot.chat.throttle import Throttle
from bot.present import messages

Reply = Callable[[float], Awaitable[None]]  # answers, given the seconds the question waited
log = logging.getLogger("reportbot.questions")


async def in_turn(
    turns: Throttle, application: Application, update: Update, asker: int, message: Message, *, reply: Reply
) -> None:
    """Run ``reply`` when ``asker``'s turn comes, or refuse a question that would wait too long: in
    private the first refusal of a flood says when to ask again; in groups silence, a flood should not
    make the bot flood too."""
    wait = turns.reserve(asker)
    if wait is None:
        if turns.first_refusal(asker):
            again = turns.retry_after(asker)
            log.info("question refused (throttled), %s chat: its next turn in %d s", message.chat.type, again)
            if message.chat.type == ChatType.PRIVATE:
                await message.reply_text(messages.throttled_text(again))
    elif wait:
        # A task of its own: a question waiting for its turn must not hold one of the slots the other
        # chats' updates are handled in. The application awaits its tasks when it stops.
        application.create_task(_after(wait, reply), update=update, name="question-in-turn")
    else:
        await reply(0.0)


async def _after(wait: float, reply: Reply) -> None:
    await asyncio.sleep(wait)
    await reply(wait)

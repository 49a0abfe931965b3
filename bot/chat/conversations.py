"""What each conversation was last asked, so that "那2017年呢？" can follow a question (knowledge/followup.py).

A private chat is one conversation; in a group each member has their own, and replying to one of the
bot's answers continues the conversation that answer ended. A conversation is forgotten after
``minutes`` of silence, by /new or its button, and the oldest go first past ``most`` (memory bounded).
Nothing is shared between users: a group member's key holds their user id.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from telegram import Message

from knowledge.models import Context

MOST = 10_000  # conversations held at once; a bot serving more forgets the longest silent first


class Conversations:
    """Context per conversation, with its expiry; the event loop's single thread is its only caller."""

    def __init__(self, minutes: float = 10, *, most: int = MOST, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = minutes * 60
        self.most = most
        self.clock = clock
        self._held: OrderedDict[Hashable, tuple[Context, float]] = OrderedDict()

    def before(self, message: Message, user_id: int) -> Context | None:
        """The context a question in ``message`` from ``user_id`` follows: that of the bot's answer it
        replies to, else its conversation's, while fresh."""
        replied = message.reply_to_message
        keys = [("answer", message.chat.id, replied.message_id)] if replied is not None else []
        for key in [*keys, key_of(message, user_id)]:
            held = self._held.get(key)
            if held is not None and held[1] > self.clock():
                return held[0]
        return None

    def keep(self, message: Message, user_id: int, context: Context | None, answer_id: int | None) -> None:
        """After an answer: its context is now the conversation's (and that of the answer message, for
        replies); None ends the conversation (the next question takes nothing from the last)."""
        if context is None:
            self._held.pop(key_of(message, user_id), None)
            return
        expires = self.clock() + self.ttl
        keys = [key_of(message, user_id)] + ([("answer", message.chat.id, answer_id)] if answer_id else [])
        for key in keys:
            self._held.pop(key, None)
            self._held[key] = (context, expires)
        while len(self._held) > self.most:
            self._held.popitem(last=False)

    def forget(self, message: Message, user_id: int, *, answer_id: int | None = None) -> bool:
        """/new (or 🆕 under the answer ``answer_id``): the next question starts afresh, replying to that
        answer too. Whether there was anything to forget."""
        if answer_id is not None:
            self._held.pop(("answer", message.chat.id, answer_id), None)
        return self._held.pop(key_of(message, user_id), None) is not None


def key_of(message: Message, user_id: int) -> Hashable:
    """A private chat's conversation is the chat; a group's are one per member."""
    if message.chat.type == "private":
        return ("chat", message.chat.id)
    return ("member", message.chat.id, user_id)

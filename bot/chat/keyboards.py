"""Inline keyboards under answers: ◀ ▶ pages, 👍/👎, a refusal's agencies, a group answer's deep link."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.helpers import create_deep_linked_url

from bot.present.comparisons import pages
from knowledge import Answer, Comparison

MAX_CANDIDATE_BUTTONS = 5  # agencies a refusal offers as buttons: the closest three, or up to five that tie


def answer_keyboard(
    answer: Answer, handle: str, page: int, *, compact: bool, username: str, voted: bool = False
) -> InlineKeyboardMarkup | None:
    """Paging (◀ ▶ through the other hits), 👍/👎, and in groups a deep link to the full answer; for a
    refusal that offers agencies, one button each that asks the same question about it."""
    if not answer.found:
        offered = answer.candidates[:MAX_CANDIDATE_BUTTONS]
        rows = [[InlineKeyboardButton(c.agency, callback_data=f"ag:{handle}:{i}")] for i, c in enumerate(offered)]
        return InlineKeyboardMarkup(rows) if rows else None
    rows = []
    paging = []
    if page > 0:
        paging.append(InlineKeyboardButton("◀ 上一条", callback_data=f"more:{handle}:{page - 1}"))
    if page + 1 < len(answer.hits):
        paging.append(InlineKeyboardButton("下一条 ▶", callback_data=f"more:{handle}:{page + 1}"))
    if paging:
        rows.append(paging)
    if not voted:
        rows.append(vote_buttons(handle))
    if compact:
        rows.append([InlineKeyboardButton("私聊查看全文", url=create_deep_linked_url(username, f"q{handle}"))])
    return InlineKeyboardMarkup(rows)


def comparison_keyboard(comparison: Comparison, handle: str, page: int, *, voted: bool = False) -> InlineKeyboardMarkup:
    """◀ ▶ through a long coverage listing, and 👍/👎."""
    paging = []
    if page > 0:
        paging.append(InlineKeyboardButton("◀ 上一页", callback_data=f"more:{handle}:{page - 1}"))
    if page + 1 < pages(comparison):
        paging.append(InlineKeyboardButton("下一页 ▶", callback_data=f"more:{handle}:{page + 1}"))
    return InlineKeyboardMarkup([row for row in (paging, [] if voted else vote_buttons(handle)) if row])


def vote_buttons(handle: str) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton("👍", callback_data=f"fb:{handle}:+1"),
        InlineKeyboardButton("👎", callback_data=f"fb:{handle}:-1"),
    ]

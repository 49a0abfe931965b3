"""Inline keyboards: ◀ ▶ pages, 👍/👎, a refusal's agencies, a group answer's deep link, /reports pages.

Each kind of button data is written and read here, and nowhere else: its prefix, the data a button
carries (``…_data``) and the pattern a press is read back with (``…_PRESS``). Telegram allows 64 bytes.
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.helpers import create_deep_linked_url

from bot.present import messages
from bot.present.comparisons import pages
from knowledge import Answer, Comparison

MAX_CANDIDATE_BUTTONS = 5  # agencies a refusal offers as buttons: the closest three, or up to five that tie

# -- button data ---------------------------------------------------------------------------------------
HANDLE = r"([A-Za-z0-9_-]{8,32})"  # a question's handle in the query log (deep links carry it too)
MORE, VOTE, INSTEAD, REPORTS_PAGE = "more:", "fb:", "ag:", "rp:"
MORE_PRESS = re.compile(rf"{MORE}{HANDLE}:(\d{{1,3}})")  # handle, the page to show
VOTE_PRESS = re.compile(rf"{VOTE}{HANDLE}:([+-]1)")  # handle, the vote
INSTEAD_PRESS = re.compile(rf"{INSTEAD}{HANDLE}:(\d{{1,2}})")  # handle, which offered agency
REPORTS_PAGE_PRESS = re.compile(rf"{REPORTS_PAGE}(\d{{1,4}})")  # the /reports page to show
NEW_DATA = "new:"  # under a follow-up's answer: forget the conversation (as /new does)


def more_data(handle: str, page: int) -> str:
    return f"{MORE}{handle}:{page}"


def vote_data(handle: str, vote: int) -> str:
    return f"{VOTE}{handle}:{vote:+d}"


def instead_data(handle: str, offered: int) -> str:
    return f"{INSTEAD}{handle}:{offered}"


def reports_page_data(page: int) -> str:
    return f"{REPORTS_PAGE}{page}"


# -- keyboards -----------------------------------------------------------------------------------------


def answer_keyboard(
    answer: Answer, handle: str, page: int, *, compact: bool, username: str, voted: bool = False
) -> InlineKeyboardMarkup | None:
    """Paging (◀ ▶ through the other hits), 👍/👎, and in groups a deep link to the full answer; for a
    refusal that offers agencies, one button each that asks the same question about it."""
    if not answer.found:
        offered = answer.candidates[:MAX_CANDIDATE_BUTTONS]
        rows = [[InlineKeyboardButton(c.agency, callback_data=instead_data(handle, i))] for i, c in enumerate(offered)]
        return InlineKeyboardMarkup(rows) if rows else None
    rows = []
    paging = []
    if page > 0:
        paging.append(InlineKeyboardButton("◀ 上一条", callback_data=more_data(handle, page - 1)))
    if page + 1 < len(answer.hits):
        paging.append(InlineKeyboardButton("下一条 ▶", callback_data=more_data(handle, page + 1)))
    if paging:
        rows.append(paging)
    if not voted:
        rows.append(vote_buttons(handle))
    if compact:
        rows.append([InlineKeyboardButton("私聊查看全文", url=create_deep_linked_url(username, f"q{handle}"))])
    if answer.carried:
        rows.append([InlineKeyboardButton("🆕 新话题（不接上一问）", callback_data=NEW_DATA)])
    return InlineKeyboardMarkup(rows)


def comparison_keyboard(comparison: Comparison, handle: str, page: int, *, voted: bool = False) -> InlineKeyboardMarkup:
    """◀ ▶ through a long coverage listing, and 👍/👎."""
    paging = []
    if page > 0:
        paging.append(InlineKeyboardButton("◀ 上一页", callback_data=more_data(handle, page - 1)))
    if page + 1 < pages(comparison):
        paging.append(InlineKeyboardButton("下一页 ▶", callback_data=more_data(handle, page + 1)))
    return InlineKeyboardMarkup([row for row in (paging, [] if voted else vote_buttons(handle)) if row])


def vote_buttons(handle: str) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton("👍", callback_data=vote_data(handle, +1)),
        InlineKeyboardButton("👎", callback_data=vote_data(handle, -1)),
    ]


def reports_keyboard(held: list, page: int) -> InlineKeyboardMarkup | None:
    """◀ ▶ through the /reports listing."""
    paging = []
    if page > 0:
        paging.append(InlineKeyboardButton("◀ 上一页", callback_data=reports_page_data(page - 1)))
    if (page + 1) * messages.REPORTS_PER_PAGE < len(held):
        paging.append(InlineKeyboardButton("下一页 ▶", callback_data=reports_page_data(page + 1)))
    return InlineKeyboardMarkup([paging]) if paging else None

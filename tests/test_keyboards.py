"""Each kind of button data is written and read in bot/chat/keyboards.py: what a button carries is
what its press is read back with, within Telegram's 64 bytes."""

from bot.chat.keyboards import (
    INSTEAD_PRESS,
    MORE_PRESS,
    REPORTS_PAGE_PRESS,
    VOTE_PRESS,
    instead_data,
    more_data,
    reports_page_data,
    vote_data,
)

HANDLE = "Ab3_x-Yz9Qw1"  # the 12 URL-safe characters of a query-log handle


def test_what_a_button_carries_reads_back_as_what_it_was_built_from():
    assert MORE_PRESS.fullmatch(more_data(HANDLE, 12)).groups() == (HANDLE, "12")
    assert VOTE_PRESS.fullmatch(vote_data(HANDLE, -1)).groups() == (HANDLE, "-1")
    assert VOTE_PRESS.fullmatch(vote_data(HANDLE, +1)).groups() == (HANDLE, "+1")
    assert INSTEAD_PRESS.fullmatch(instead_data(HANDLE, 4)).groups() == (HANDLE, "4")
    assert REPORTS_PAGE_PRESS.fullmatch(reports_page_data(3)).groups() == ("3",)


def test_the_longest_data_fits_telegrams_64_bytes_and_one_kind_never_reads_as_another():
    longest = "x" * 32  # the longest handle a press is read with
    data = [more_data(longest, 999), vote_data(longest, -1), instead_data(longest, 99), reports_page_data(9999)]
    assert max(len(d.encode()) for d in data) == 41  # more: + 32 + : + 999
    patterns = (MORE_PRESS, VOTE_PRESS, INSTEAD_PRESS, REPORTS_PAGE_PRESS)
    assert [[bool(p.fullmatch(d)) for p in patterns] for d in data] == [
        [True, False, False, False],
        [False, True, False, False],
        [False, False, True, False],
        [False, False, False, True],
    ]

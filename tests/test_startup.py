"""`serve` meeting the Bot API: PTB's start-up traceback is left to one Error line, later ones kept."""

import logging

from bot.chat.startup import quiet_start_up


class _App:
    running = False


def test_a_start_up_abort_is_dropped_only_while_the_application_has_not_started(caplog):
    app = _App()
    quiet_start_up(app)
    ext = logging.getLogger("telegram.ext")
    with caplog.at_level(logging.ERROR, logger="telegram.ext"):
        ext.error("Invalid token. Aborting retry loop.")
        app.running = True  # a token revoked while the bot runs: its only trace
        ext.error("Invalid token. Aborting retry loop.")
        ext.error("Something else failed")
    assert [r.getMessage() for r in caplog.records] == [
        "Invalid token. Aborting retry loop.",
        "Something else failed",
    ]

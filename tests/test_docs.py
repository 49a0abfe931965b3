"""The README, the CLI and CI say the same thing."""

import re

from paths import ROOT

from bot.app import ADMIN_COMMANDS, COMMANDS_TABLE, GROUP_COMMANDS, PUBLIC_COMMANDS
from bot.cli import build_parser
from bot.messages import help_html

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
INSTALL_AND_ASK = 'pip install -e . && reportbot ask "温州市教育局2018年收到多少件依申请公开？"'
INSTALL_AND_TEST = "pip install -e '.[test]' && pytest"


def test_first_screen_has_exactly_the_two_setup_commands():
    first_screen = README.split("\n## ")[0]
    commands = [line.strip() for line in first_screen.splitlines() if line.startswith("    ")]
    assert commands == [INSTALL_AND_ASK, INSTALL_AND_TEST]


def test_ci_runs_the_readme_commands():
    assert INSTALL_AND_ASK.replace("pip install", "pip install --quiet") in CI
    assert INSTALL_AND_TEST.replace("pip install", "pip install --quiet") in CI


def test_every_subcommand_is_documented():
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    documented = set(re.findall(r"`reportbot (\w+)", README))
    assert set(subparsers.choices) == documented == {"ingest", "ask", "eval", "fit", "serve", "check"}


def test_every_bot_command_is_documented_and_in_a_menu():
    commands = {command for command, _ in COMMANDS_TABLE}
    assert commands == {"start", "help", "ask", "reload", "stats", "status", "reports", "remove", "meta"}
    assert {c for c in commands if f"`/{c}" in README} == commands
    menus = {c for c, _ in PUBLIC_COMMANDS + GROUP_COMMANDS + ADMIN_COMMANDS}
    assert menus == commands
    assert {c for c, _ in PUBLIC_COMMANDS if f"/{c}" in help_html("kb_test_bot", 180)} == {"start", "help", "ask"}

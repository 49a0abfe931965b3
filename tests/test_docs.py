"""The README, docs/, the CLI, the config and CI say the same thing."""

import dataclasses
import re

from paths import ROOT

from bot.chat.app import ADMIN_COMMANDS, COMMANDS_TABLE, GROUP_COMMANDS, PUBLIC_COMMANDS
from bot.cli import build_parser
from bot.config import Config
from bot.present.messages import help_html

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "docs").glob("*.md")}
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


def test_the_readme_is_a_newcomers_page_and_its_links_lead_somewhere():
    assert len(README.splitlines()) <= 200
    links = re.findall(r"\]\(([^)#]+)\)", README + "".join(DOCS.values()))
    missing = [link for link in links if not link.startswith("http") and not _exists(link)]
    assert missing == []


def _exists(link: str) -> bool:
    return (ROOT / link).exists() or (ROOT / "docs" / link).exists()


def test_every_subcommand_and_option_is_documented():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    documented = set(re.findall(r"`reportbot (\w+)", DOCS["cli.md"]))
    assert set(subparsers.choices) == documented == {"ingest", "ask", "eval", "fit", "serve", "check"}
    options = {o for sub in subparsers.choices.values() for a in sub._actions for o in a.option_strings}
    assert {o for o in options - {"-h", "--help"} if o not in DOCS["cli.md"]} == set()


def test_every_config_key_is_documented():
    config = Config()
    keys = {
        f"`{f.name}`" for part in dataclasses.fields(config) for f in dataclasses.fields(getattr(config, part.name))
    }
    assert len(keys) == 15
    assert {key for key in keys if key not in DOCS["config.md"]} == set()
    example = (ROOT / "config.example.toml").read_text(encoding="utf-8")
    assert {key for key in keys if key.strip("`") not in example} == set()


def test_every_bot_command_is_documented_and_in_a_menu():
    commands = {command for command, _ in COMMANDS_TABLE}
    assert commands == {"start", "help", "ask", "new", "reload", "stats", "status", "reports", "remove", "meta"}
    assert {c for c in commands if f"`/{c}" in DOCS["telegram.md"]} == commands
    menus = {c for c, _ in PUBLIC_COMMANDS + GROUP_COMMANDS + ADMIN_COMMANDS}
    assert menus == commands
    assert {c for c, _ in PUBLIC_COMMANDS if f"/{c}" in help_html("kb_test_bot", 180)} == {
        "start",
        "help",
        "ask",
        "new",
    }

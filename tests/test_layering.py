"""Which package may import which (STYLE.md 2.1), checked on the source, not by convention."""

import ast

import pytest
from paths import ROOT

RULES = {
    # matplotlib is for bot/present/charts.py only: `reportbot ask` imports knowledge and loaders and must start fast
    "knowledge": {"bot", "loaders", "telegram", "matplotlib"},
    "loaders": {"bot", "telegram", "sqlite_utils", "jieba", "matplotlib"},
    "bot": {"sqlite_utils", "jieba", "sqlite3"},
}


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


# bot/records/ is the bot's own record of its users (the query log): the one room of bot/ that writes SQL.
SQL_ROOM = ROOT / "bot" / "records"


@pytest.mark.parametrize("package", sorted(RULES))
def test_package_imports_follow_the_module_map(package):
    bad = [
        (path.name, name)
        for path in sorted((ROOT / package).rglob("*.py"))
        if not path.is_relative_to(SQL_ROOM)
        for name in _imports(path)
        if name.split(".")[0] in RULES[package]
    ]
    assert bad == []


def test_the_query_log_room_stands_on_nothing_of_the_bot():
    used = {name for path in SQL_ROOM.glob("*.py") for name in _imports(path)}
    assert {name for name in used if name.split(".")[0] in {"bot", "knowledge", "loaders", "telegram"}} == set()


def test_loaders_use_only_the_models_and_the_grammar_of_knowledge():
    # The grammar is knowledge.grammar plus the names it reads with: the gazetteer, the agency grammar and
    # traditional script read as simplified (a report's agency is read by the same rules as a question's).
    used = {name for path in (ROOT / "loaders").glob("*.py") for name in _imports(path) if name.startswith("knowledge")}
    assert used == {
        "knowledge.models",
        "knowledge.grammar",
        "knowledge.places",
        "knowledge.agencies",
        "knowledge.script",
    }


def _loaders_imported_by(path):
    """The loaders modules ``path`` imports, at the top or inside a function."""
    return {name.split(".")[1] for name in _imports(path) if name.startswith("loaders.")}


def test_loaders_modules_import_each_other_without_a_circle():
    graph = {path.stem: _loaders_imported_by(path) for path in (ROOT / "loaders").glob("*.py")}
    circles = []

    def visit(module, trail):
        for name in sorted(graph.get(module, ())):
            if name in trail:
                circles.append(trail[trail.index(name) :] + [name])
            else:
                visit(name, trail + [name])

    for module in sorted(graph):
        visit(module, [module])
    assert circles == []


# The rooms of bot/: the Telegram edge (chat) stands on the worker (serving), which stands on the reports
# folder and its knowledge base (library); what users see (present) is drawn for both from plain data.
ROOM_RULES = {
    "processes": {"bot.chat", "bot.serving", "bot.present", "bot.records", "bot.library"},
    "library": {"bot.chat", "bot.serving", "bot.present", "bot.records"},
    "present": {"bot.chat", "bot.serving"},
    "serving": {"bot.chat"},
}


@pytest.mark.parametrize("room", sorted(ROOM_RULES))
def test_each_room_of_bot_imports_only_the_rooms_below_it(room):
    bad = [
        (path.name, name)
        for path in sorted((ROOT / "bot" / room).glob("*.py"))
        for name in _imports(path)
        if any(name == other or name.startswith(f"{other}.") for other in ROOM_RULES[room])
    ]
    assert bad == []

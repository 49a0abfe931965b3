from pathlib import Path

import pytest
from paths import ROOT

from bot.config import Config, ConfigError, KnowledgeConfig, load_config


def test_example_config_loads_with_every_key():
    assert load_config(ROOT / "config.example.toml") == Config(
        KnowledgeConfig(database=Path("data/kb.db"), reports_dir=Path("data/reports"), cache_dir=Path("data/cache"))
    )


def test_no_file_gives_defaults():
    assert load_config(None) == Config()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[telegramm]\n", "unknown section [telegramm]"),
        ("[knowledge]\ndatabse = 'x'\n", "unknown key [knowledge].databse"),
        ("[knowledge]\ndatabase = 3\n", "[knowledge].database must be a non-empty string"),
        ("[knowledge\n", "not valid TOML"),
    ],
)
def test_bad_config_names_the_problem(tmp_path, text, message):
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(path)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "none.toml")

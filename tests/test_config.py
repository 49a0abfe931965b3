import re
from pathlib import Path

import pytest
from paths import ROOT

from bot.config import Config, ConfigError, KnowledgeConfig, TelegramConfig, load_config


def test_example_config_loads_with_every_key():
    assert load_config(ROOT / "config.example.toml") == Config(
        KnowledgeConfig(database=Path("data/kb.db"), reports_dir=Path("data/reports"), cache_dir=Path("data/cache")),
        TelegramConfig(
            base_url="https://api.telegram.org/bot",
            admin_ids=(123456789,),
            token_file=Path("secrets/telegram-token"),
            query_log=Path("data/queries.db"),
            hash_key_file=Path("secrets/query_log.key"),
            query_log_days=180,
            webhook_url="",
            listen="127.0.0.1",
            port=8080,
        ),
    )


def test_no_file_gives_defaults():
    assert load_config(None) == Config()
    assert Config().telegram == TelegramConfig(
        base_url="https://api.telegram.org/bot",
        admin_ids=(),
        token_file=None,
        query_log=Path("data/queries.db"),
        hash_key_file=Path("query_log.key"),
        query_log_days=180,
        webhook_url="",
        listen="127.0.0.1",
        port=8080,
        secret_token="",
    )


def test_the_hash_key_defaults_to_a_file_beside_the_config_not_the_log(tmp_path):
    path = tmp_path / "etc" / "reportbot.toml"
    path.parent.mkdir()
    path.write_text("[telegram]\nquery_log = '/var/lib/reportbot/queries.db'\n", encoding="utf-8")
    assert load_config(path).telegram.hash_key_file == tmp_path / "etc" / "query_log.key"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[telegramm]\n", "unknown section [telegramm]"),
        ("[knowledge]\ndatabse = 'x'\n", "unknown key [knowledge].databse"),
        ("[knowledge]\ndatabase = 3\n", "[knowledge].database must be a non-empty string"),
        ("[knowledge\n", "not valid TOML"),
        ("[telegram]\ntoken = '1:x'\n", "unknown key [telegram].token"),
        ("[telegram]\nadmin_ids = ['alice']\n", "[telegram].admin_ids must be a list of numeric Telegram user ids"),
        ("[telegram]\nadmin_ids = 42\n", "[telegram].admin_ids must be a list of numeric Telegram user ids"),
        ("[telegram]\nbase_url = 'api.telegram.org'\n", "[telegram].base_url must be an http(s) URL"),
        ("[telegram]\nquery_log_days = 0\n", "[telegram].query_log_days must be a whole number of days, at least 1"),
        ("[telegram]\nquery_log_days = '30'\n", "[telegram].query_log_days must be a whole number of days"),
        ("[telegram]\nwebhook_url = 'http://bot.example.org/hook'\n", "[telegram].webhook_url must be an https:// URL"),
        ("[telegram]\nwebhook_url = 'https://'\n", "[telegram].webhook_url must be an https:// URL"),
        ("[telegram]\nwebhook_url = 'https://[::1/hook'\n", "[telegram].webhook_url must be an https:// URL"),
        ("[telegram]\nwebhook_url = 42\n", "[telegram].webhook_url must be a string"),
        ("[telegram]\nport = 0\n", "[telegram].port must be a port number, 1-65535"),
        ("[telegram]\nport = 65536\n", "[telegram].port must be a port number, 1-65535"),
        ("[telegram]\nport = '8080'\n", "[telegram].port must be a port number, 1-65535"),
        ("[telegram]\nport = true\n", "[telegram].port must be a port number, 1-65535"),
        ("[telegram]\nlisten = ''\n", "[telegram].listen must be an IP address to listen on, e.g. 127.0.0.1"),
        ("[telegram]\nsecret_token = ''\n", "[telegram].secret_token must be 1-256 characters A-Z, a-z, 0-9, _ and -"),
        ("[telegram]\nsecret_token = 'has space'\n", "[telegram].secret_token must be 1-256 characters"),
        ("[telegram]\nsecret_token = '" + "a" * 257 + "'\n", "[telegram].secret_token must be 1-256 characters"),
    ],
)
def test_bad_config_names_the_problem(tmp_path, text, message):
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(path)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "none.toml")


def test_files_download_from_the_base_urls_counterpart_unless_set():
    assert TelegramConfig().file_url == "https://api.telegram.org/file/bot"
    assert TelegramConfig(base_url="http://127.0.0.1:8081/bot").file_url == "http://127.0.0.1:8081/file/bot"
    assert TelegramConfig(base_file_url="https://files.example/file/bot").file_url == "https://files.example/file/bot"


def test_webhook_keys_load_and_the_secret_stays_out_of_repr(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(
        "[telegram]\nwebhook_url = 'https://bot.example.org/reportbot/telegram'\n"
        "listen = '0.0.0.0'\nport = 8443\nsecret_token = 'Abc_123-xyz'\n",
        encoding="utf-8",
    )
    settings = load_config(path).telegram
    assert (settings.webhook_url, settings.listen, settings.port, settings.secret_token) == (
        "https://bot.example.org/reportbot/telegram",
        "0.0.0.0",
        8443,
        "Abc_123-xyz",
    )
    assert "Abc_123-xyz" not in repr(settings)
    assert "webhook_url='https://bot.example.org/reportbot/telegram'" in repr(settings)


def test_a_bad_secret_token_is_not_repeated_in_the_error(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[telegram]\nsecret_token = 'almost right!'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert "almost right" not in str(raised.value)


def test_a_config_not_saved_as_utf8_says_so(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[telegram]\nport = 8081\n", encoding="utf-16")  # Notepad's "Unicode"
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert str(raised.value) == f"{path}: not UTF-8 text (save it as UTF-8)"


def test_a_byte_order_mark_before_utf8_is_read_past(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf" + b"[telegram]\nport = 8081\n")
    assert load_config(path).telegram.port == 8081

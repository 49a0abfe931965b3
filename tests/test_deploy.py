"""The deployment files agree with each other and with load_config: a key or path that drifts fails here."""

import configparser
import re
from pathlib import Path

from paths import ROOT

from bot.config import load_config

DEPLOY = ROOT / "deploy"
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _written_paths(config_path: Path) -> list[Path]:
    config = load_config(config_path)
    knowledge, telegram = config.knowledge, config.telegram
    return [
        knowledge.database,
        knowledge.reports_dir,
        knowledge.cache_dir,
        telegram.query_log,
        telegram.hash_key_file,
    ]


def test_the_container_config_loads_and_keeps_everything_on_the_volume():
    config = load_config(DEPLOY / "config.container.toml")
    assert _written_paths(DEPLOY / "config.container.toml") == [
        Path("/data/kb.db"),
        Path("/data/reports"),
        Path("/data/cache"),
        Path("/data/queries.db"),
        Path("/data/secrets/query_log.key"),
    ]
    assert (config.telegram.webhook_url, config.telegram.listen, config.telegram.port) == ("", "0.0.0.0", 8080)
    assert 'VOLUME ["/data"]' in DOCKERFILE
    assert "COPY deploy/config.container.toml /etc/reportbot/config.toml" in DOCKERFILE
    assert 'CMD ["reportbot", "serve", "--config", "/etc/reportbot/config.toml"]' in DOCKERFILE
    assert 'CMD ["reportbot", "check", "--config", "/etc/reportbot/config.toml"]' in DOCKERFILE
    assert re.search(r"^USER 10001:10001$", DOCKERFILE, re.M)  # not root


def test_the_systemd_unit_runs_serve_hardened_and_writes_only_the_configs_data_folder():
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # systemd keys are case-sensitive
    unit.read(DEPLOY / "reportbot.service", encoding="utf-8")
    service = unit["Service"]
    assert service["ExecStart"] == "/opt/reportbot/bin/reportbot serve --config /etc/reportbot/config.toml"
    assert (service["Restart"], service["RestartSec"], service["User"]) == ("on-failure", "5s", "reportbot")
    assert service["EnvironmentFile"] == "/etc/reportbot/reportbot.env"
    hardening = {key: service[key] for key in ("NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateTmp")}
    assert hardening == {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes"}
    # ProtectSystem=strict leaves only ReadWritePaths writable: every path the host config writes is there.
    assert service["ReadWritePaths"] == service["WorkingDirectory"] == "/var/lib/reportbot"
    outside = [p for p in _written_paths(DEPLOY / "config.host.toml") if not p.is_relative_to("/var/lib/reportbot")]
    assert outside == []

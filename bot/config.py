"""load_config: config.toml -> frozen Config. Fails fast, naming the bad key."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path


class ConfigError(Exception):
    """config.toml is unreadable, has a key we do not know, or a value of the wrong type."""


@dataclass(frozen=True, slots=True)
class KnowledgeConfig:
    database: Path = Path("data/kb.db")  # SQLite file built by `reportbot ingest`
    reports_dir: Path = Path("data/reports")  # folder `ingest` reads by default
    cache_dir: Path = Path("data/cache")  # jieba's dictionary cache


@dataclass(frozen=True, slots=True)
class Config:
    knowledge: KnowledgeConfig = KnowledgeConfig()


def load_config(path: Path | None) -> Config:
    """Read ``path`` (TOML) into a Config; None gives the defaults. Raises ConfigError."""
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    sections = {"knowledge": KnowledgeConfig}
    unknown = sorted(set(data) - set(sections))
    if unknown:
        raise ConfigError(f"{path}: unknown section [{unknown[0]}]")
    values = {}
    for name, cls in sections.items():
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [{name}] must be a table")
        known = {f.name for f in fields(cls)}
        for key, value in table.items():
            if key not in known:
                raise ConfigError(f"{path}: unknown key [{name}].{key}")
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{path}: [{name}].{key} must be a non-empty string")
        values[name] = cls(**{key: Path(value) for key, value in table.items()})
    return Config(**values)

"""Shared fixtures: a segmenter (paid once), knowledge bases built from the bundled and fixture reports."""

from __future__ import annotations

import itertools
import shutil
from datetime import datetime
from pathlib import Path

import pytest
import sqlite_utils
from fakebotapi import ADMIN_ID, BOT_TOKEN, FakeBotApi, FakeTelegram
from paths import FIXTURE_REPORTS, SEED_REPORTS, load_folder, seed_copy

from bot.chat.app import build_application
from bot.config import TelegramConfig
from bot.records import querylog
from bot.serving.service import KnowledgeService
from knowledge import KnowledgeBase
from knowledge.segment import Segmenter
from knowledge.store import Store


@pytest.fixture(scope="session")
def segmenter(tmp_path_factory) -> Segmenter:
    seg = Segmenter(cache_dir=tmp_path_factory.mktemp("jieba-cache"))
    seg.initialize()
    return seg


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory, segmenter) -> Path:
    path = tmp_path_factory.mktemp("kb") / "seeds.db"
    KnowledgeBase.write(path, load_folder(SEED_REPORTS), segmenter)
    return path


@pytest.fixture(scope="session")
def seed_cache(tmp_path_factory, seed_db) -> Path:
    """The dictionary cache `reportbot ingest` leaves beside ``seed_db``: jieba's dictionary and the frozen
    one `ask` maps. Copy it (``paths.seed_copy``): loading jieba without it costs about a second per test."""
    cache = tmp_path_factory.mktemp("seed-cache")
    KnowledgeBase.freeze_dictionary(seed_db, Segmenter(cache_dir=cache))
    return cache


@pytest.fixture(scope="session")
def seed_kb(seed_db, segmenter):
    kb = KnowledgeBase.open(seed_db, segmenter)
    yield kb
    kb.close()


@pytest.fixture(scope="session")
def fixture_kb(tmp_path_factory, segmenter):
    """The seeds plus three trimmed dev-style reports (2019 template, GBK-free, page chrome)."""
    path = tmp_path_factory.mktemp("kb") / "mixed.db"
    KnowledgeBase.write(path, load_folder(SEED_REPORTS) + load_folder(FIXTURE_REPORTS), segmenter)
    kb = KnowledgeBase.open(path, segmenter)
    yield kb
    kb.close()


@pytest.fixture
def config(tmp_path):
    """A config file for the CLI: the bundled reports, a knowledge base and cache of the test's own."""
    path = tmp_path / "config.toml"
    path.write_text(
        f'[knowledge]\ndatabase = "{tmp_path / "kb.db"}"\nreports_dir = "{SEED_REPORTS}"\ncache_dir = "{tmp_path / "cache"}"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def ingested(config, tmp_path, seed_db, seed_cache):
    """``config`` after `reportbot ingest`: its knowledge base and cache hold the seed reports (copied, not
    ingested again). For tests of what comes after an ingest; a test of ingest itself uses ``config``."""
    seed_copy(seed_db, seed_cache, tmp_path / "kb.db", tmp_path / "cache")
    return config


@pytest.fixture
def store() -> Store:
    s = Store(sqlite_utils.Database(memory=True))
    s.ensure_schema()
    return s


# -- the Telegram bot ------------------------------------------------------------------------------
NOW = datetime(2026, 11, 22, 10, 0, 0)


@pytest.fixture
def telegram():
    fake = FakeTelegram()
    yield fake
    fake.stop()


@pytest.fixture
def service(seed_db, segmenter, tmp_path, monkeypatch):
    """The seed knowledge base behind the bot (worker on a thread), an in-memory query log, a fixed clock,
    and question handles counted h00000000001, h00000000002 … instead of drawn at random."""
    counter = itertools.count(1)
    monkeypatch.setattr(querylog, "new_handle", lambda: f"h{next(counter):011d}")
    svc = KnowledgeService.on_thread(
        seed_db, None, segmenter, reports_dir=SEED_REPORTS, cache_dir=tmp_path, clock=lambda: NOW
    )
    yield svc
    svc.close()


@pytest.fixture
def make_app(telegram):
    """build_application around a service, talking to the in-process fake; admin: ADMIN_ID."""

    def make(svc: KnowledgeService):
        return build_application(BOT_TOKEN, TelegramConfig(admin_ids=(ADMIN_ID,)), svc, request=FakeBotApi(telegram))

    return make


@pytest.fixture
async def app(make_app, service):
    """The real application (handlers, rate limiter, error handler) over the in-process fake."""
    async with make_app(service) as application:
        await application.post_init(application)  # `async with` runs neither post_init nor post_stop
        yield application
        await application.post_stop(application)


@pytest.fixture
def reports(tmp_path):
    """A copy of the seed reports that a test may add to or remove from."""
    folder = tmp_path / "reports"
    shutil.copytree(SEED_REPORTS, folder)
    return folder


@pytest.fixture
def own_service(tmp_path, seed_db, seed_cache, segmenter, reports):
    """A service whose database and reports folder this test may change; its dictionary cache is warm, as a
    deployed bot's is (a /reload then loads jieba from it instead of building it)."""
    database = seed_copy(seed_db, seed_cache, tmp_path / "kb.db", tmp_path / "cache")
    svc = KnowledgeService.on_thread(database, None, segmenter, reports_dir=reports, cache_dir=tmp_path / "cache")
    yield svc
    svc.close()


@pytest.fixture
async def admin_app(make_app, own_service):
    """The application around ``own_service`` (admin: ADMIN_ID), without post_init."""
    async with make_app(own_service) as application:
        yield application

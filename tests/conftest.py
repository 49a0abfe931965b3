"""Shared fixtures: a segmenter (paid once), knowledge bases built from the bundled and fixture reports."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from paths import FIXTURE_REPORTS, SEED_REPORTS, load_folder

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
    KnowledgeBase.build(path, load_folder(SEED_REPORTS), segmenter)
    return path


@pytest.fixture(scope="session")
def seed_kb(seed_db, segmenter):
    kb = KnowledgeBase.open(seed_db, segmenter)
    yield kb
    kb.close()


@pytest.fixture(scope="session")
def fixture_kb(tmp_path_factory, segmenter):
    """The seeds plus three trimmed dev-style reports (2019 template, GBK-free, page chrome)."""
    path = tmp_path_factory.mktemp("kb") / "mixed.db"
    KnowledgeBase.build(path, load_folder(SEED_REPORTS) + load_folder(FIXTURE_REPORTS), segmenter)
    kb = KnowledgeBase.open(path, segmenter)
    yield kb
    kb.close()


@pytest.fixture
def store() -> Store:
    s = Store(sqlite_utils.Database(memory=True))
    s.ensure_schema()
    return s

"""A jieba dictionary frozen into a marisa trie: mapped from disk in milliseconds, a few MB of memory.

jieba keeps its dictionary as a Python dict of ~500k words and prefixes: 0.6 s to load even from its
marshal cache and ~60 MB resident. Answering a question only looks words up, so a process that serves
uses this read-only copy instead; the one that builds (and adds words) keeps jieba's own dict. Both
give jieba the same answers for every key, so they cut text identically.
"""

from __future__ import annotations

import array
import hashlib
import mmap
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import jieba
import marisa_trie

KEEP_FILES = 4  # frozen dictionaries kept in the cache (one per set of user words); older ones go


class FrozenFreq:
    """The read-only face of ``jieba.Tokenizer.FREQ`` that jieba's cutting uses: ``in``, ``[]``, ``get``."""

    __slots__ = ("_trie", "_freq")

    def __init__(self, trie: marisa_trie.Trie, freq: Sequence[int]) -> None:
        self._trie = trie
        self._freq = freq

    def __contains__(self, key: object) -> bool:
        return key in self._trie

    def __getitem__(self, key: str) -> int:
        return self._freq[self._trie[key]]

    def __len__(self) -> int:
        return len(self._trie)

    def get(self, key: str, default: int | None = None) -> int | None:
        index = self._trie.get(key)
        return default if index is None else self._freq[index]


def digest(user_words: Iterable[str], user_freq: int) -> str:
    """Names the frozen dictionary of jieba's own words plus these user words."""
    h = hashlib.blake2b(digest_size=10)
    h.update(f"jieba {jieba.__version__} {user_freq}\n".encode())  # jieba's dictionary ships with its version
    for word in sorted(user_words):
        h.update(word.encode())
        h.update(b"\n")
    return h.hexdigest()


def paths(cache_dir: Path, name: str) -> tuple[Path, Path]:
    return cache_dir / f"words-{name}.marisa", cache_dir / f"words-{name}.freq"


def save(freq: Mapping[str, int], total: int, cache_dir: Path, name: str) -> None:
    """Write ``freq`` (jieba's FREQ, prefixes included) and ``total`` as the frozen dictionary ``name``."""
    trie_path, freq_path = paths(cache_dir, name)
    trie = marisa_trie.Trie(freq.keys())
    values = array.array("q", bytes(8 * (len(trie) + 1)))
    for word, count in freq.items():
        values[trie[word]] = count
    values[-1] = total
    cache_dir.mkdir(parents=True, exist_ok=True)
    # The trie is renamed into place last: it is the file whose presence says "complete".
    for path, write in ((freq_path, lambda f: values.tofile(f)), (trie_path, lambda f: f.write(trie.tobytes()))):
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            write(f)
        os.replace(tmp, path)
    _prune(cache_dir, keep={trie_path.name, freq_path.name})


def load(cache_dir: Path, name: str) -> tuple[FrozenFreq, int] | None:
    """The frozen dictionary ``name`` and its total, or None when the cache does not hold it."""
    trie_path, freq_path = paths(cache_dir, name)
    size = freq_path.stat().st_size if freq_path.is_file() else 0
    if not trie_path.is_file() or not size or size % 8:
        return None  # missing, or a torn file: build it again
    trie = marisa_trie.Trie()
    try:
        trie.mmap(str(trie_path))
    except RuntimeError:  # marisa's MARISA_IO_ERROR etc.: not a whole trie, so it is built again
        return None
    with open(freq_path, "rb") as f:
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)  # pages shared, read when used
    values = memoryview(mapped).cast("q")
    if len(values) != len(trie) + 1:
        return None
    return FrozenFreq(trie, values), values[-1]


def _prune(cache_dir: Path, keep: set[str]) -> None:
    tries = sorted(cache_dir.glob("words-*.marisa"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in tries[KEEP_FILES:]:
        if old.name not in keep:
            old.unlink(missing_ok=True)
            old.with_suffix(".freq").unlink(missing_ok=True)

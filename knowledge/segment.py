"""Segmenter: our own jieba.Tokenizer, initialised explicitly, with the domain terms and agency names.

Two ways to get its dictionary: ``initialize()`` loads jieba's own (a dict that takes new words, for
building), ``load(words)`` maps the frozen copy for exactly these user words from the cache (for
answering: milliseconds and a few MB instead of 0.6 s and 60 MB; see knowledge/dictionary.py).
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import jieba

from knowledge import dictionary

USER_WORD_FREQ = 20000  # high enough that jieba keeps a user word whole
_WORDLIKE = re.compile(r"\w")
log = logging.getLogger(__name__)


def normalise(text: str) -> str:
    """NFKC and lower case: the form every comparison and index uses (full-width digits -> ASCII).

    >>> normalise("０５７７－８８６３６３８８，ＡＢＣ")
    '0577-88636388,abc'
    """
    return unicodedata.normalize("NFKC", text).lower()


class Segmenter:
    """Cuts Chinese text into search tokens. Call ``initialize()`` before the first ``words()``."""

    def __init__(self, *, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self._tokenizer: jieba.Tokenizer | None = None
        self._user_words: set[str] = set()  # added to a live dictionary (a frozen one keeps only their digest)
        self._frozen_id: str | None = None
        self._cache_warned = False  # said once: every later write would fail the same way

    def initialize(self) -> None:
        """Load jieba's dictionary (from the cache in ``cache_dir`` when present) and the domain terms."""
        if self._tokenizer is not None and self._frozen_id is None:
            return
        self._frozen_id, self._user_words = None, set()
        tokenizer = jieba.Tokenizer()
        before = _names(self.cache_dir)
        if self.cache_dir is not None:
            tokenizer.tmp_dir = str(self.cache_dir)
            try:
                self.cache_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self._cache_failed(exc)
        dump = _DumpFailed()
        with _filtered(logging.getLogger("jieba"), dump):
            tokenizer.initialize()
        if dump.error is not None:  # jieba goes on without its cache; the filter kept its traceback out
            self._cache_failed(dump.error, before, "tmp")  # its temporary file: tmpXXXXXXXX
        self._tokenizer = tokenizer
        self.add_words(domain_terms())

    def load(self, words: Iterable[str] | Callable[[], Iterable[str]], *, digest: str | None = None) -> None:
        """Be ready to cut text with jieba's words, the domain terms and ``words`` (agency names).

        A segmenter that was initialised just takes the words. Otherwise the frozen dictionary of exactly
        these words is mapped from ``cache_dir``; when it is not there, jieba's dictionary is loaded, the
        words added, and the result frozen for the next process. Given the ``digest`` stored with the
        words, the frozen dictionary is found by it, and ``words`` (then a function) is read only when
        the dictionary must be built: opening costs the same however many agencies there are.
        """
        if self._tokenizer is not None and self._frozen_id is None:
            self.add_words(words() if callable(words) else words)
            return
        if digest is not None:
            name = self.digest_name(digest)
        else:
            wanted = _user_words([*domain_terms(), *(words() if callable(words) else words)])
            name = self.dictionary_name(wanted)
        if self._tokenizer is not None and name == self._frozen_id:
            return
        found = dictionary.load(self.cache_dir, name) if self.cache_dir else None
        if found is None:
            self.initialize()
            self.add_words(words() if callable(words) else words)
            self._save(name)
            return
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total = found  # a read-only FrozenFreq for jieba's dict: cutting only reads it
        tokenizer.initialized = True
        self._tokenizer, self._user_words, self._frozen_id = tokenizer, set(), name

    def freeze(self, *, digest: str | None = None) -> None:
        """Save the dictionary as it is now (jieba's + user words) to ``cache_dir`` for ``load`` (under
        the name ``load`` finds it by when given this ``digest`` of the words)."""
        self._save(self.digest_name(digest) if digest else self.dictionary_name(self._user_words))

    @staticmethod
    def digest_name(digest: str) -> str:
        """The frozen dictionary's name for the domain terms and the words ``digest`` stands for."""
        return dictionary.digest([*_user_words(domain_terms()), f"\0agency words {digest}"], USER_WORD_FREQ)

    def _save(self, name: str) -> None:
        tokenizer = self._require()
        if self.cache_dir is not None and self._frozen_id is None:
            before = _names(self.cache_dir)
            try:
                dictionary.save(tokenizer.FREQ, tokenizer.total, self.cache_dir, name)
            except OSError as exc:  # its temporary files, and a first file renamed before the second failed
                self._cache_failed(exc, before, f".words-{name}.", f"words-{name}.")

    def _cache_failed(self, exc: OSError, before: set[str] | None = None, *left: str) -> None:
        """A write to the cache failed (a full disk, a read-only folder): remove the files it left (names
        not in ``before`` that start with one of ``left``) and go on without the cache, saying so once.
        The dictionary in memory is whole; only the next start pays for loading it again."""
        for name in _names(self.cache_dir) - (before or set()):
            if left and name.startswith(left) and self.cache_dir is not None:
                (self.cache_dir / name).unlink(missing_ok=True)
        if not self._cache_warned:
            self._cache_warned = True
            why = exc.strerror or str(exc)
            log.warning("cannot write the dictionary cache in %s (%s); going on without it", self.cache_dir, why)

    @staticmethod
    def dictionary_name(user_words: Iterable[str]) -> str:
        return dictionary.digest(user_words, USER_WORD_FREQ)

    def add_words(self, words: Iterable[str]) -> None:
        """Keep these words (agency names, their short forms, domain terms) whole when cutting."""
        tokenizer = self._require()
        if self._frozen_id is not None:
            raise RuntimeError("a frozen dictionary takes no words: call load() with all of them")
        for word in _user_words(words) - self._user_words:
            tokenizer.add_word(word, USER_WORD_FREQ)
            self._user_words.add(word)

    def words(self, text: str) -> list[str]:
        """Search-mode tokens of ``text`` (normalised; punctuation and spaces dropped).

        >>> s = Segmenter(); s.initialize(); s.words("温州市教育局收到依申请公开11件")
        ['温州', '州市', '温州市', '教育', '教育局', '收到', '申请', '公开', '依申请公开', '11', '件']
        """
        tokenizer = self._require()
        return [w for w in tokenizer.cut_for_search(normalise(text)) if _WORDLIKE.search(w)]

    @property
    def frozen(self) -> bool:
        """True when the dictionary was mapped from the cache (read-only) rather than loaded from jieba."""
        return self._frozen_id is not None

    @property
    def dictionary_id(self) -> str:
        """Names jieba's words plus the user words: segmenters with the same id cut text the same."""
        return self._frozen_id or self.dictionary_name(self._user_words)

    def known(self, word: str) -> bool:
        """True for a dictionary word; False for a run jieba's HMM guessed (发了, 抖音发)."""
        return bool(self._require().FREQ.get(normalise(word)))

    def _require(self) -> jieba.Tokenizer:
        if self._tokenizer is None:
            raise RuntimeError("Segmenter.initialize() or load() must be called first")
        return self._tokenizer


@contextmanager
def _filtered(logger: logging.Logger, caught: logging.Filter) -> Iterator[None]:
    logger.addFilter(caught)
    try:
        yield
    finally:
        logger.removeFilter(caught)


class _DumpFailed(logging.Filter):
    """Keeps the error of jieba's failed cache write out of the log (where it goes with a traceback):
    the segmenter says it in one line and cleans up after it."""

    def __init__(self) -> None:
        super().__init__()
        self.error: OSError | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if record.getMessage().startswith("Dump cache file failed") and isinstance(error, OSError):
            self.error = error
            return False
        return True


def _names(folder: Path | None) -> set[str]:
    try:
        return set(os.listdir(folder)) if folder is not None else set()
    except OSError:
        return set()


def domain_terms() -> list[str]:
    """The words of the domain (依申请公开, 行政复议 …) kept whole: data/terms.txt."""
    terms = resources.files("knowledge").joinpath("data/terms.txt").read_text(encoding="utf-8")
    return [line.strip() for line in terms.splitlines()]


def _user_words(words: Iterable[str]) -> set[str]:
    return {w for w in map(normalise, words) if len(w) >= 2}

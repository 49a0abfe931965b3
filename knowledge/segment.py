"""Segmenter: our own jieba.Tokenizer, initialised explicitly, with the domain terms and agency names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import jieba

USER_WORD_FREQ = 20000  # high enough that jieba keeps a user word whole
_WORDLIKE = re.compile(r"\w")


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
        self._user_words: set[str] = set()

    def initialize(self) -> None:
        """Load jieba's dictionary (from the cache in ``cache_dir`` when present) and the domain terms."""
        if self._tokenizer is not None:
            return
        tokenizer = jieba.Tokenizer()
        if self.cache_dir is not None:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            tokenizer.tmp_dir = str(self.cache_dir)
        tokenizer.initialize()
        self._tokenizer = tokenizer
        terms = resources.files("knowledge").joinpath("data/terms.txt").read_text(encoding="utf-8")
        self.add_words(line.strip() for line in terms.splitlines())

    def add_words(self, words: Iterable[str]) -> None:
        """Keep these words (agency names, their short forms, domain terms) whole when cutting."""
        tokenizer = self._require()
        for word in words:
            word = normalise(word)
            if len(word) >= 2 and word not in self._user_words:
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
    def user_words(self) -> frozenset[str]:
        return frozenset(self._user_words)

    def known(self, word: str) -> bool:
        """True for a dictionary word; False for a run jieba's HMM guessed (发了, 抖音发)."""
        return bool(self._require().FREQ.get(normalise(word)))

    def _require(self) -> jieba.Tokenizer:
        if self._tokenizer is None:
            raise RuntimeError("Segmenter.initialize() must be called first")
        return self._tokenizer

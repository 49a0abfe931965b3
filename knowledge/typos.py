"""One homophone typo in an asked word: 联系电化 is read as 联系电话, 办公地止 as 办公地址, 哪天发不 as 哪天发布.

People type Chinese by pinyin, so a typo is most often another character of the same sound. A run of the
question that is no word the reports use, but sounds exactly like one of the words that say what is
asked (the synonym table's words and the domain terms), differing in one character, is read as that
word. Names are matched by their own homophone rule (knowledge/matching.py); this one is for the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from knowledge.grammar import CJK
from knowledge.index import sound

SIZES = (2, 3, 4)  # the lengths of the words a typo is looked for in
_RUN = re.compile(f"[{CJK}]+")


class AskedWords:
    """The words that say what a question asks, by their sound."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = {w for w in words if len(w) in SIZES and _RUN.fullmatch(w)}
        self._by_sound: dict[str, list[str]] | None = None

    def _sounds(self) -> dict[str, list[str]]:
        if self._by_sound is None:  # pypinyin is read only when a question first needs it
            self._by_sound = {}
            for word in sorted(self.words):
                self._by_sound.setdefault(sound(word), []).append(word)
        return self._by_sound

    def correct(self, text: str, unused: Callable[[list[str]], set[str]]) -> str:
        """``text`` with each run that sounds like exactly one asked word, differs from it in one character
        and is in no report (``unused`` says which of the given runs no report uses) read as that word.

        >>> words = AskedWords(["电话", "地址", "发布"])
        >>> words.correct("某局的联系电化是多少,办公地止在哪", lambda runs: set(runs))
        '某局的联系电话是多少,办公地址在哪'
        >>> words.correct("公式电化", lambda runs: set())  # the reports use it: no typo
        '公式电化'
        """
        found: dict[tuple[int, int], str] = {}
        for run in _RUN.finditer(text):
            piece = run.group()
            if not any(size <= len(piece) for size in SIZES):
                continue
            syllables = sound(piece).split(" ")
            if len(syllables) != len(piece):
                continue
            for size in SIZES:
                for i in range(len(piece) - size + 1):
                    typed = piece[i : i + size]
                    if typed in self.words:
                        continue
                    heard = [
                        w
                        for w in self._sounds().get(" ".join(syllables[i : i + size]), ())
                        if sum(a != b for a, b in zip(w, typed, strict=True)) == 1
                    ]
                    if len(heard) == 1:
                        found[(run.start() + i, run.start() + i + size)] = heard[0]
        if not found:
            return text
        typos = unused([text[s:e] for s, e in found])
        # Shortest first: a longer word heard over a shorter one (联系电话 over 电话) has the last say.
        for (start, end), word in sorted(found.items(), key=lambda item: item[0][1] - item[0][0]):
            if text[start:end] in typos:
                text = text[:start] + word + text[end:]  # the same length: later spans stay in place
        return text

"""One homophone typo in an asked word: 联系电化 is read as 联系电话, 办公地止 as 办公地址, 哪天发不 as 哪天发布.

People type Chinese by pinyin, so a typo is most often another character of the same sound. A run of the
question that is no word the reports use, but sounds exactly like one of the words that say what is
asked (the synonym table's words and the domain terms), differing in one character, is read as that
word. Names are matched by their own homophone rule (knowledge/matching.py); this one is for the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from knowledge.grammar import CJK
from knowledge.index import sound

SIZES = (2, 3, 4)  # the lengths of the words a typo is looked for in
GAP = "?"
_RUN = re.compile(f"[{CJK}]+")
_CJK_PAIR = re.compile(f"[{CJK}]{{2}}")


@lru_cache(maxsize=8192)
def _sound(character: str) -> str:
    return sound(character)


def _same_sound(word: str, typed: str) -> bool:
    """Whether two runs of one length that differ in one character sound the same there."""
    return all(a == b or _sound(a) == _sound(b) for a, b in zip(word, typed, strict=True))


class AskedWords:
    """The words that say what a question asks, found again from a run that differs in one character."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = {w for w in words if len(w) in SIZES and _RUN.fullmatch(w)}
        # Each word under each of its one-character gaps: 电? and ?话 for 电话. A run finds the words it
        # differs from in one place without reading any sound; pypinyin is read only for those.
        self._gapped: dict[str, list[str]] = {}
        for word in sorted(self.words):
            for i in range(len(word)):
                self._gapped.setdefault(word[:i] + GAP + word[i + 1 :], []).append(word)

    def correct(self, text: str, unused: Callable[[list[str]], set[str]]) -> str:
        """``text`` with each run that sounds like exactly one asked word, differs from it in one character
        and is in no report (``unused`` says which of the given runs no report uses) read as that word.

        >>> words = AskedWords(["电话", "地址", "发布"])
        >>> words.correct("某局的联系电化是多少,办公地止在哪", lambda runs: set(runs))
        '某局的联系电话是多少,办公地址在哪'
        >>> words.correct("公式电化", lambda runs: set())  # the reports use it: no typo
        '公式电化'
        >>> AskedWords(["印发"]).correct("抖音发了几条", lambda runs: set(runs) - {"抖音"})  # 抖音 is theirs
        '抖音发了几条'
        """
        heard: dict[tuple[int, int], str] = {}
        for run in _RUN.finditer(text):
            piece = run.group()
            for size in SIZES:
                for i in range(len(piece) - size + 1):
                    typed = piece[i : i + size]
                    if typed in self.words:
                        continue
                    near = {w for j in range(size) for w in self._gapped.get(typed[:j] + GAP + typed[j + 1 :], ())}
                    same = [w for w in sorted(near) if _same_sound(w, typed)]
                    if len(same) == 1:
                        heard[(run.start() + i, run.start() + i + size)] = same[0]
        if not heard:
            return text
        # Only now the knowledge base: a run the reports use (公式 beside 公示) is meant as written, and so is
        # a character that makes a word the reports use with its neighbour outside the run (抖音发 is 抖音
        # + 发, not 抖 + 印发).
        beside = {span: _beside(text, span, word) for span, word in heard.items()}
        typos = unused([text[s:e] for s, e in heard] + [w for ws in beside.values() for w in ws])
        found = {
            span: word
            for span, word in heard.items()
            if text[span[0] : span[1]] in typos and all(w in typos for w in beside[span])
        }
        # Shortest first: a longer word heard over a shorter one (联系电话 over 电话) has the last say.
        for (start, end), word in sorted(found.items(), key=lambda item: item[0][1] - item[0][0]):
            text = text[:start] + word + text[end:]  # the same length: later spans stay in place
        return text


def _beside(text: str, span: tuple[int, int], word: str) -> list[str]:
    """The two-character words the character a correction would change makes with its neighbour outside
    the run (抖音发 read as 抖印发 changes 音, which makes 抖音 with the 抖 before it)."""
    start, end = span
    changed = [start + j for j, (a, b) in enumerate(zip(text[start:end], word, strict=True)) if a != b]
    pairs = [(p - 1, p + 1) for p in changed if p - 1 < start] + [(p, p + 2) for p in changed if p + 2 > end]
    return [text[a:b] for a, b in pairs if a >= 0 and b <= len(text) and _CJK_PAIR.fullmatch(text[a:b])]

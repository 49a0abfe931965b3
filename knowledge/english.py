"""English questions read as Chinese ones (issue 22 item 5).

A question in English names its agency in Chinese ("What fax number did 营口市教育局 give in 2020?").
``translate`` writes the Chinese question a user would have typed (营口市教育局2020年传真是多少):
the Chinese runs kept as they are, the year as ``2021年``, and the English phrases of ``data/glossary.tsv``
(the reports' own vocabulary) in the reports' words, agency first, then year, topic and question word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from knowledge.grammar import CJK, NAME_HEAD, PLACE_UNIT

_CJK_RUN = re.compile(rf"[{CJK}〇]+")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# An agency's name ends with its head unit or its place (营口市教育局, 立新街道, 大连海关, 民政部); a head
# only people say (办 of 一网通办, 政府 of 区政府) is no name's end (knowledge.grammar.SPOKEN_HEADS).
_NAME_END = re.compile(rf"(?:{NAME_HEAD}|{PLACE_UNIT}|海关|部)$")
_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)(?!\d)")
# The report itself (its 2021 report, the information disclosure annual report): it says which report,
# never what is asked; the year and agency say it in Chinese.
_REPORT = re.compile(
    r"\b(?:(?:government\s+)?information[\s-]+disclosure\s+|disclosure\s+)?(?:work\s+)?(?:annual\s+)?reports?\b", re.I
)
# Words that name an agency in English: the glossary maps topics, not names.
_AGENCY_IN_ENGLISH = re.compile(
    r"\b(?:bureau|department|ministry|office|government|commission|administration|agency|committee)\b", re.I
)
# A question that starts with an auxiliary verb and has no question word asks yes or no (有没有…).
_YES_NO = re.compile(r"^\s*(?:did|does|do|was|were|is|are|has|have|had|can|could)\b", re.I)
# Question words as the glossary writes them; they go last, as in a Chinese question.
_QUESTION_WORDS = ("多少", "什么时候", "哪天", "在哪", "哪个部门", "谁", "哪个", "什么", "是否", "怎么")
# What a question asks, told by the first of these labels whose words it holds (question words first).
_ASKS = (
    ("Date", ("哪天", "什么时候")),
    ("Office", ("哪个部门", "谁")),
    ("Count", ("多少",)),
    ("Phone", ("电话",)),
    ("Fax", ("传真",)),
    ("Postcode", ("邮编",)),
    ("E-mail", ("邮箱",)),
    ("Document number", ("文号",)),
    ("Website", ("网站", "网址", "门户网站", "下载", "电子版")),
    ("Address", ("地址", "在哪")),
    ("Date", ("日期", "发布日期", "落款日期")),
)
# "What is …" says in Chinese what it asks for: 传真是多少, 地址在哪, 日期是哪天, else 是什么.
_WHAT = dict.fromkeys(("Phone", "Fax", "Postcode", "Count"), "是多少") | {"Address": "在哪", "Date": "是哪天"}
# Question words a noun before them joins with 是: 负责人是谁, 日期是哪天.
_IS_ASKED = ("谁", "哪天", "哪个部门", "哪个")


@dataclass(frozen=True, slots=True)
class Translated:
    """An English question as the Chinese question it asks, and a short English label of what it asks."""

    chinese: str
    asks: str  # "Phone", "Fax", "Date", "Count", …; "" when the question does not say


@cache
def glossary() -> dict[str, str]:
    """The English phrases of ``data/glossary.tsv`` (lower case) and their Chinese."""
    text = resources.files("knowledge").joinpath("data/glossary.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return {english: chinese for english, chinese, _why in rows[1:]}  # the first row names the columns


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """One pattern per glossary phrase, longest first: whole words (fax, not fax-ish), a plural, a hyphen as a space."""
    phrases = sorted(glossary(), key=len, reverse=True)
    return tuple((re.compile(_phrase_pattern(p), re.I), glossary()[p]) for p in phrases)


def _phrase_pattern(phrase: str) -> str:
    """The regular expression of one glossary phrase."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", phrase)]
    return r"(?<![A-Za-z])(?<![A-Za-z]-)" + r"[\s-]+".join(words) + r"(?P<plural>s|es)?(?![A-Za-z]|-[A-Za-z])"


def _is_name(run: str) -> bool:
    """Whether a Chinese run names an agency (营口市教育局), not a term (在线访谈)."""
    return _NAME_END.search(run) is not None


def is_english(question: str) -> bool:
    """Whether a question is written in English: Latin words outweigh any Chinese but its agency names.

    >>> is_english("What fax number did 营口市教育局 give in 2020?"), is_english("营口市教育局传真")
    (True, False)
    """
    words = _LATIN_WORD.findall(question)
    chinese = sum(len(run) for run in _CJK_RUN.findall(question) if not _is_name(run))
    return len(words) >= 2 and sum(map(len, words)) > chinese


def _phrases(english: str) -> list[tuple[int, int, str, bool]]:
    """The glossary's Chinese for the phrases of ``english``, longest phrase first: span, Chinese, plural."""
    found = []
    for pattern, chinese in _patterns():
        for match in pattern.finditer(english):
            found.append((match.start(), match.end(), chinese, match["plural"] is not None))
            english = english[: match.start()] + "|" * len(match[0]) + english[match.end() :]
    return sorted(found)


def _which(english: str, found: list[tuple[int, int, str, bool]]) -> list[tuple[int, str]]:
    """``found`` with "which"/"what" joined to the noun after it: which rules -> 哪些规章, which notice -> 哪个通知."""
    joined: list[tuple[int, int, str]] = []
    for start, end, chinese, plural in found:
        before = joined[-1] if joined else None
        asked = before is not None and before[2] in ("哪个", "什么") and not english[before[1] : start].strip()
        if before is not None and asked and chinese not in _QUESTION_WORDS and (plural or before[2] == "哪个"):
            joined[-1] = (before[0], end, ("哪些" if plural else "哪个") + chinese)
        else:
            joined.append((start, end, chinese))
    return [(start, chinese) for start, _end, chinese in joined]


def _years(text: str) -> tuple[str, str]:
    """The years a question names, written 2021年 (和 between two), and the text without them."""
    years = list(dict.fromkeys(m["year"] + "年" for m in _YEAR.finditer(text)))
    return "和".join(years), _YEAR.sub(lambda m: "|" * len(m[0]), text)


def _asks(words: list[str]) -> str:
    """The English label of what the Chinese words ask, or ""."""
    return next((label for label, said in _ASKS if any(word in said for word in words)), "")


def _unique(words: list[str]) -> list[str]:
    """``words`` without repeats and without a word another one holds (公开 in 主动公开)."""
    kept = list(dict.fromkeys(words))
    return [w for w in kept if not any(w != other and w in other for other in kept)]


def translate(question: str) -> Translated | None:
    """The Chinese question an English one asks, or None when it uses no word of the glossary.

    Parameters
    ----------
    question : str
        A question in English that names its agency in Chinese.

    Returns
    -------
    Translated | None
        The Chinese question (agency, year, topic, question word) and what it asks.

    Examples
    --------
    >>> translate("What fax number did 营口市教育局 give in 2020?")
    Translated(chinese='营口市教育局2020年传真是多少', asks='Fax')
    >>> translate("How many disclosure requests did 佛山市税务局 receive in 2019?")
    Translated(chinese='佛山市税务局2019年收到政府信息公开申请多少', asks='Count')
    >>> translate("Tell me a joke") is None
    True
    """
    runs = [(m.start(), m[0]) for m in _CJK_RUN.finditer(question)]
    english = _CJK_RUN.sub(lambda m: "|" * len(m[0]), question)  # a run breaks a phrase, keeps positions
    year, english = _years(english)
    english = _REPORT.sub(lambda m: "|" * len(m[0]), english)
    found = _which(english, _phrases(english))
    if not found or (not any(_is_name(run) for _, run in runs) and _AGENCY_IN_ENGLISH.search(english)):
        return None  # an agency named in English ("the Wenzhou Education Bureau") is not read: say so
    # "How many requests did X receive": what follows the agency is the verb, which Chinese says first.
    after = next((at for at, run in runs if _is_name(run)), len(question))
    terms = [(at, run) for at, run in runs if not _is_name(run)]
    words = [w for _, w in sorted(found + terms, key=lambda w: (w[0] < after, w[0]))]
    topic = _unique([w for w in words if w not in _QUESTION_WORDS])
    asked = list(dict.fromkeys(w for w in words if w in _QUESTION_WORDS))
    asks = _asks(topic + asked)
    said = {word for label, words in _ASKS if label == asks for word in words}
    topic.sort(key=lambda w: w in said)  # the thing asked comes last, before its question word: 办公室电话是多少
    names = "和".join(run for _, run in runs if _is_name(run))  # two agencies: 甲局和乙局, a question across them
    return Translated(names + year + _asking(topic, asked, asks, yes_no=_YES_NO.match(question) is not None), asks)


def _asking(topic: list[str], asked: list[str], asks: str, *, yes_no: bool) -> str:
    """The topic words with the question words around them: 什么时候发布, 传真是多少, 有没有行政诉讼."""
    if len(asked) > 1 and "什么" in asked:
        asked = [w for w in asked if w != "什么"]  # "what is the number of …": the other word asks
    lead = "有没有" if yes_no and not asked else ""
    if "什么时候" in asked:  # a time is said before the verb: 什么时候发布
        asked, lead = [w for w in asked if w != "什么时候"], "什么时候"
    ending = "".join(_WHAT.get(asks, "是什么") if w == "什么" else w for w in asked)
    if topic and asked and asked[0] in _IS_ASKED:
        ending = "是" + ending
    return lead + "".join(topic) + ending

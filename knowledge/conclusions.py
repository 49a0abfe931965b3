"""What a question across reports asks to conclude from its parts' figures, and what they conclude:
which is more or fewer (哪个多, 谁少, 最多), their sum (加起来, 一共) or their difference (比…多多少, 差多少).

The question's words are read here once (knowledge.across keeps what they ask on its Reading); the
figures are each part's ``value``, read from its verbatim span, and only figures of one unit family
are compared or added up. The words a person reads for each verdict live in bot/present/comparisons.py.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from knowledge.grammar import COUNT_UNIT
from knowledge.models import Across, Comparison, Part


class Conclude(StrEnum):
    """What a question asks to conclude from its parts' figures."""

    MOST = "most"  # 哪个多, 谁更多, 最多: the part with the largest figure
    FEWEST = "fewest"  # 哪个少, 最少: the part with the smallest
    TOTAL = "total"  # 加起来, 一共: the sum
    DIFFERENCE = "difference"  # 比…多多少, 差多少: the larger less the smaller


class Outcome(StrEnum):
    """What the figures conclude."""

    DECIDED = "decided"  # parts: the one with the most or fewest, every one summed, or (larger, smaller)
    TIE = "tie"  # parts: those sharing the figure asked for
    ALL_ZERO = "all_zero"  # MOST: every figure is 0 (未收到), so none has the most
    MISSING = "missing"  # parts: those without a figure; nothing is concluded
    UNITS_DIFFER = "units_differ"  # parts: one of each unit family; nothing is concluded


@dataclass(frozen=True, slots=True)
class Verdict:
    """One conclusion a question asks for, worked out from its parts' figures."""

    asked: Conclude
    outcome: Outcome
    parts: tuple[Part, ...] = ()  # see Outcome
    value: float | None = None  # the figure that decides, the sum or the difference
    unit: str = ""  # the unit the quoted figures write (件), "" when none does (未收到, a table cell)
    compared: int = 0  # parts whose figures were compared
    left_out: int = 0  # RANKING: parts without a figure, or of another unit family, not compared


# The end of a clause, after which "多" is a comparison and not 多少: 哪个多?, 谁的微博发得多啊.
_END = r"(?=[啊呀呢吧嘛哇?？。!！，,；;]|$)"
_CLAUSE_CHARS = r"[^，,。？?；;！!]"
# 比 comparing two things, not inside 比例, 相比, 同比, 比较, 比如, 评比 …
_THAN = r"(?<![对相同环无评])比(?![例重率较如照对赛武])"
THAN = re.compile(_THAN)
# What a comparing word says more or fewer of, when it stands before it (哪个收到最多申请): words up to
# the clause's end, none of which asks a figure of its own (哪个最多收到几件: 最多 is "at most").
_NOUN = r"(?:(?!多少|几)[^，,。？?；;！!])"
# Which one has more or fewer: 哪/谁 and then a comparing word, after what it compares (哪个收到的申请多,
# 谁的微博发得更少) or before it (哪个收到最多申请); a comparing word and then 哪/谁, right after it
# (申请最多的是哪个) or after what it compares (收到最多申请的是哪个); or 比 and then 多吗.
_WHICH_MORE = re.compile(
    rf"(?:哪(?:一|个|一个|家|年|一年|边|位|所|方)?|谁)(?P<what>{_CLAUSE_CHARS}{{0,30}}?)"
    rf"(?:(?:更|比较|最|还)?(?:(?P<more>多|高)|(?<!多)(?P<fewer>少|低)){_END}"
    rf"|(?:更|比较|较|最)(?:(?P<more_of>多)|(?P<fewer_of>少))(?P<noun>{_NOUN}{{1,12}}?){_END})"
    rf"|(?:(?P<most>最多|最高|更多|较多)|(?P<least>最少|最低|更少|较少))(?:{_NOUN}{{0,12}}?的)?(?:是|为)?(?:哪|谁)"
    rf"|{_THAN}{_CLAUSE_CHARS}{{1,24}}?(?:(?P<than_more>多|高)|(?<!多)(?P<than_fewer>少|低))(?:吗|么|不|没有)"
)
_DIFFERENCE = re.compile(
    rf"{_THAN}{_CLAUSE_CHARS}{{1,24}}?(?:多|少|高|低)了?{_CLAUSE_CHARS}{{0,10}}?(?:多少|几)"
    r"|(?:相差|差距|差别|差额|差值|差)(?:了|是|有|为)?(?:多少|几|多大)"
    r"|(?<!多)多多少(?!少)|(?<![至最减缺多])少多少"  # 哪个多，多多少
)
_SUM = re.compile(r"加起来|加在一起|合起来|合在一起|加总|总和|之和")
# 一共 and 合计 also ask for a report's own total ("各一共收到多少件"): a sum only without 各 or 分别.
_ALL_TOLD = re.compile(r"一共|总共|合计|共计|总计")
_EACH_OWN = re.compile(r"各|分别")
# What each part is asked instead: "差多少" asks 多少, "多收到多少件" asks 收到多少件.
_DIFFERENCE_ASKED = re.compile(r"(?:相差|差距|差别|差额|差值|差)(?:了|是|有|为)?(多少|几|多大)")
_LEADING_MORE = re.compile(r"^(?:要|还)?(?:多|少)(?!少)(?=[多\w])")
_UNIT_WRITTEN = re.compile(rf"({COUNT_UNIT})$")


def read_conclusions(text: str, *, own_totals: bool = False) -> tuple[Conclude, ...]:
    """What a question across reports asks to conclude, in the order Conclude lists them.

    ``own_totals``: the parts are sentences of their own (甲区一共办理多少件？其中乙办公室…), where
    一共 asks a report's own total, not a sum.

    >>> read_conclusions("温州和沈阳教育局2018年哪个收到的依申请公开多")
    (<Conclude.MOST: 'most'>,)
    >>> read_conclusions("三个教育局各收到多少件，加起来一共多少件"), read_conclusions("甲局比乙局少多少件")
    ((<Conclude.TOTAL: 'total'>,), (<Conclude.DIFFERENCE: 'difference'>,))
    >>> read_conclusions("谁收到的申请最少？"), read_conclusions("两局各收到多少件申请"), read_conclusions("各一共收到多少件")
    ((<Conclude.FEWEST: 'fewest'>,), (), ())
    """
    asked = []
    if found := _WHICH_MORE.search(text):
        fewer = found["fewer"] or found["fewer_of"] or found["least"] or found["than_fewer"]
        asked.append(Conclude.FEWEST if fewer else Conclude.MOST)
    if _SUM.search(text) or (not own_totals and _ALL_TOLD.search(text) and not _EACH_OWN.search(text)):
        asked.append(Conclude.TOTAL)
    if _DIFFERENCE.search(text):
        asked.append(Conclude.DIFFERENCE)
    return tuple(asked)


def concludes(clause: str) -> bool:
    """Whether a clause asks to conclude (哪个多, 温州比沈阳多多少件, 加起来多少): a clause a part need
    not ask when another clause asks what each part states.

    >>> concludes("哪个多?"), concludes("温州比沈阳多多少件"), concludes("各收到几件申请?")
    (True, True, False)
    """
    return bool(_WHICH_MORE.search(clause) or _DIFFERENCE.search(clause) or _SUM.search(clause))


def plainly(piece: str, *, than: bool = False) -> str:
    """What a piece of the question asks of each part once the words that compare are gone; ``than``:
    the piece follows "甲比乙", so a 多 or 少 it starts with compares (多收到多少件).

    >>> plainly("多收到多少件依申请公开", than=True), plainly("条数差多少?"), plainly("加起来一共多少件")
    ('收到多少件依申请公开', '条数多少?', '一共多少件')
    >>> plainly("主动公开的政府信息哪年多?"), plainly("哪个收到的申请多"), plainly("谁的微博发得更多")
    ('主动公开的政府信息多少?', '收到的申请多少', '的微博发得多少')
    >>> plainly("哪个收到最多申请"), plainly("谁更少投诉?")
    ('收到的申请多少', '投诉多少?')
    """
    piece = _SUM.sub("", _DIFFERENCE_ASKED.sub(r"\1", _WHICH_MORE.sub(_how_much, piece)))
    return _LEADING_MORE.sub("", piece) if than else piece


def _how_much(found: re.Match[str]) -> str:
    """哪个收到的申请多 asks each part 收到的申请多少; a comparing word before its noun is read as one
    after it (哪个收到最多申请: 收到的申请多少); other ways of comparing stay as written."""
    what, noun = found["what"], found["noun"]
    if what is None:
        return found.group()
    if noun:  # 公开了更多信息 asks as 公开的信息更多 does
        what = what.removesuffix("了") + ("的" if what and not what.endswith("的") else "") + noun
    return what + "多少"


def rank(parts: list[Part], *, fewest: bool = False) -> list[Part]:
    """A ranking's parts, the largest figure first (``fewest``: the smallest): figures of the unit family
    most parts state first, then those of other families, then parts without a figure. A 0 (未收到)
    leads a "most" ranking only when every figure is 0."""
    main = _main_family(parts)

    def key(part: Part) -> tuple[int, float]:
        if part.value is None or not part.answer.found:
            return 2, 0.0
        return (0 if part.unit in ("", main) else 1), part.value if fewest else -part.value

    return sorted(parts, key=key)


def verdicts(comparison: Comparison) -> tuple[Verdict, ...]:
    """What the comparison's figures conclude, one Verdict for each thing its question asks.

    A question about given agencies or years concludes only when every part states a figure and all
    of them are of one unit family; a ranking compares the parts that state a figure of the family
    most of them state, and counts the others as left out.
    """
    compared, missing, other = comparable(comparison)
    ranking = comparison.across == Across.RANKING
    left_out = len(missing) + len(other) if ranking else 0
    unit = _unit(compared)
    found = []
    for asked in (Conclude(code) for code in comparison.conclude):
        if (missing and not ranking) or not (compared or other):
            found.append(Verdict(asked, Outcome.MISSING, tuple(missing), left_out=left_out))
        elif other and not ranking:
            one_each = {part.unit: part for part in reversed(other) if part.unit}  # the first of each family
            found.append(Verdict(asked, Outcome.UNITS_DIFFER, tuple(p for p in other if p in one_each.values())))
        else:
            found.append(_conclude(asked, compared, unit, left_out))
    return tuple(found)


def comparable(comparison: Comparison) -> tuple[list[Part], list[Part], list[Part]]:
    """(parts whose figures compare, parts without a figure, parts of another unit family), each in the
    comparison's order. The figures that compare are of one unit family: for a ranking the family most
    parts state; otherwise every figure, or none when their families differ."""
    figured = [p for p in comparison.parts if p.answer.found and p.value is not None]
    missing = [p for p in comparison.parts if not p.answer.found or p.value is None]
    families = {p.unit for p in figured if p.unit}
    if comparison.across == Across.RANKING:
        main = _main_family(figured)
        return [p for p in figured if p.unit in ("", main)], missing, [p for p in figured if p.unit not in ("", main)]
    if len(families) > 1:
        return [], missing, figured
    return figured, missing, []


def _conclude(asked: Conclude, compared: list[Part], unit: str, left_out: int) -> Verdict:
    values = [p.value or 0.0 for p in compared]
    count = len(compared)
    if asked == Conclude.TOTAL:
        return Verdict(asked, Outcome.DECIDED, tuple(compared), sum(values), unit, count, left_out)
    best = min(values) if asked == Conclude.FEWEST else max(values)
    if asked == Conclude.MOST and best == 0:
        return Verdict(asked, Outcome.ALL_ZERO, tuple(compared), 0.0, unit, count, left_out)
    if asked == Conclude.DIFFERENCE:
        high = max(compared, key=lambda p: p.value or 0.0)
        low = min(compared, key=lambda p: p.value or 0.0)
        if high.value == low.value:
            return Verdict(asked, Outcome.TIE, tuple(compared), 0.0, unit, count, left_out)
        return Verdict(asked, Outcome.DECIDED, (high, low), (high.value or 0) - (low.value or 0), unit, count, left_out)
    winners = tuple(p for p in compared if p.value == best)
    outcome = Outcome.TIE if len(winners) > 1 else Outcome.DECIDED
    return Verdict(asked, outcome, winners, best, unit, count, left_out)


def _main_family(parts: list[Part]) -> str:
    """The unit family most parts' figures are of (the first such in order on a tie; "" for none)."""
    counted = Counter(p.unit for p in parts if p.unit and p.value is not None)
    return max(counted, key=lambda family: counted[family], default="")


def _unit(parts: list[Part]) -> str:
    """The unit the parts' figures write most often (件 of 11件 and 3件 beside 五条), "" for none."""
    written = Counter(found[1] for p in parts if (found := _UNIT_WRITTEN.search(p.figure)))
    return max(written, key=lambda unit: written[unit], default="")

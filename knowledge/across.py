"""Questions across reports, read into single-report parts: one agency over several years, several
agencies side by side, a ranking over a kind of agency, or what the knowledge base holds.

Reading only: which (agency, year) parts a question asks, and the single-report question for each.
The knowledge base asks each part through its single-report path, so every figure is a verbatim span
with its own source; knowledge.figures reads the number inside a span only to sort and plot it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from knowledge.agencies import Agency, OrgTable
from knowledge.conclusions import THAN, Conclude, concludes, plainly, read_conclusions
from knowledge.grammar import CJK, CN_DIGITS, COUNT_UNIT, NAME_HEAD
from knowledge.holdings import read_holdings
from knowledge.matching import AgencyIndex, AgencyMatch, of_the_place_before
from knowledge.models import Across
from knowledge.years import YEAR, year_of, years_in

# Where one agency's mention ends and the next one's may begin: 甲局和乙局, 甲局、乙局, 甲局比乙局.
_JOIN = re.compile(rf"以及|和|与|跟|及|、|，|,|{THAN.pattern}")
_CLAUSE = re.compile(r"(?<=[，,？?；;])")
# Sentences that each ask about an agency of their own: 甲局20年公开多少条？乙局25年梳理了几类？
_SENTENCE = re.compile(r"(?<=[?？;；。!！])")
# A year as questions write it: 2021年, 21年, 2021 (a 4-digit year needs no 年).
_RANGE = re.compile(r"(?<![\d.])((?:19|20)?\d{2})\s*年?\s*(?:到|至|-|—|~|～)\s*((?:19|20)?\d{2})\s*年(?:度)?")
_RECENT = re.compile(rf"近([{CN_DIGITS}\d]{{1,2}})年|最近([{CN_DIGITS}\d]{{1,2}})年")
_EVERY_YEAR = re.compile(r"历年|每年|每一年|各年|逐年|这些年|哪几年")
# A ranking: 哪个民政局…最多, 排名, 前三. The kind of agency is the organisation after 哪个 (never across a 哪).
_SUPERLATIVE = re.compile(rf"最多|最少|最高|最低|排名|排行|前[{CN_DIGITS}\d]{{1,2}}(?:个|名|家|位)?")
_TOP = re.compile(rf"前([{CN_DIGITS}\d]{{1,2}})(?:个|名|家|位)?")
_WHICH_KIND = re.compile(
    rf"(?:哪(?:个|家|一个|些)?|(?:最多|最少|最高|最低)的?(?:{_TOP.pattern})?|{_TOP.pattern})"
    rf"(?P<kind>(?:(?!哪)[{CJK}]){{0,8}}?{NAME_HEAD})"
)
# A ranking's kind said by a bare head or a word for any body: 哪个局, 哪个单位.
_ANY_AGENCY = re.compile(r"局|委|厅|办|单位|部门|机关")
# A count of the agencies just named, before their shared head: 温州、沈阳、柳州三个教育局. It is no
# part of a name, and the places before it each take the head (前两个教育局 is a ranking's top two).
_COUNTED_HEAD = re.compile(
    rf"(?<=[{CJK}])(?<!前)(?:这|那)?[两二三四五六七八九十\d]{{1,2}}(?:个|家|所)(?=[{CJK}]{{0,8}}?{NAME_HEAD})"
)
_FEWEST = re.compile(r"最少|最低")
# A superlative before its noun reads as one after it: 收到最多申请的是哪个 asks 收到的申请 (的是 links to 哪个).
_BEFORE_NOUN = re.compile(rf"(?:最多|最少|最高|最低)(?=[{CJK}])(?![的是为哪])")
_ASKING = re.compile(r"多少|几|什么|啥|哪|吗|是否|有没有|有无|怎么|如何|电话|网址|网站|地址|邮箱")
# Words that only say "each", "which of them" or "compare", which a single-report question does not need.
# A sentence that asks about a part of what the sentence before counted: 其中…, 这其中…, 这里面….
_OF_WHICH = re.compile(r"(?:这)?其中|这里面|这当中")
_EACH = re.compile(r"各自|各|分别|都|哪个|哪一个|哪家|谁|想?(?:比一下|比较一下|比较|对比一下|对比)")
_ORG_WORD = re.compile(NAME_HEAD)
# What a "甲比乙" question asks past its agencies when that is only how much more (多多少 → 多少, 多几件).
_HOW_MUCH_ONLY = re.compile(rf"出?了?(?:多少|几)(?:{COUNT_UNIT}|个)?[?？。!！啊呀呢吧]*|(?:吗|么)[?？。!！]*")
MOST_PARTS = 12  # parts a question about several agencies or years is answered in (one message, one chart)
MOST_RANKED = 60  # reports a ranking asks at most, each through the full single-report path
RANKING_TOP = 10  # parts a ranking shows unless it asks for its top few


@dataclass(frozen=True, slots=True)
class Ask:
    """One part of a question across reports: the agency, the year (None: its latest report), and the
    single-report question that asks it."""

    agency: str
    year: int | None
    question: str


@dataclass(frozen=True, slots=True)
class Reading:
    """What a question across reports asks: its parts in the order to show them."""

    across: Across
    asks: tuple[Ask, ...] = ()
    topic: str = ""  # what each part asks, without its agency and year
    fewest: bool = False  # a ranking from the fewest up
    conclude: tuple[Conclude, ...] = ()  # what the question asks to conclude from the parts' figures
    top: int | None = None  # a ranking's "前三"
    place: str = ""  # COVERAGE: the place or name the listing is filtered by ("" for all)
    year: int | None = None  # COVERAGE: the year the listing is filtered by


def read_across(
    text: str,
    index: AgencyIndex,
    years_of: Mapping[str, Sequence[int]],
    *,
    unknown: Callable[[str], str | None] = lambda piece: None,
) -> Reading | None:
    """How a normalised question asks across reports, or None when it asks about one report.

    ``years_of`` gives each known agency's report years, ascending (for 历年, 近三年 and rankings);
    ``unknown`` the name of an agency a piece of text names that no report is of (it stays a part,
    refused by the single-report path, so the reader sees which one is missing).
    """
    match = index.match
    text = _COUNTED_HEAD.sub("", text)
    if (held := read_holdings(text, match)) is not None:  # 有哪些报告, 有没有桐乡的报告
        return Reading(Across.COVERAGE, place=held[0], year=held[1])
    if reading := _by_sentence(text, match, index.orgs):
        return reading
    mentions = _agency_mentions(text, match, unknown, orgs=index.orgs)
    if _SUPERLATIVE.search(text) and (kind := _WHICH_KIND.search(text)):
        ranking = _ranking(text, kind, match, years_of)
        return ranking if ranking.asks else None  # no known agency of that kind: the single path says so
    years, year_spans = _years(text, mentions, years_of)
    conclude = read_conclusions(text)
    if len(mentions) >= 2:
        names = [m[1] for m in mentions]
        spans = [m[0] for m in mentions]
        topic = _topic_of_parts(text, spans + year_spans)
        if len(year_spans) == len(mentions) and _alternate(spans, year_spans):
            pairs: list[tuple[str, int | None]] = list(zip(names, years, strict=True))  # 甲局21年和乙局22年
        else:  # each agency in each year asked that it has a report of (no such year: each, refused)
            every = [(name, year) for name in names for year in (years or (None,))]
            pairs = [
                (name, year) for name, year in every if len(years) < 2 or year in years_of.get(name, (year,))
            ] or every
        asks = tuple(_ask(name, year, topic) for name, year in pairs[:MOST_PARTS])
        return Reading(Across.AGENCIES, asks, conclude=conclude)
    if len(mentions) == 1 and len(years) >= 2:
        name = mentions[0][1]
        topic = _topic_of_parts(text, [mentions[0][0]] + year_spans)
        asks = tuple(_ask(name, year, topic) for year in sorted(set(years)))
        return Reading(Across.YEARS, asks[-MOST_PARTS:], conclude=conclude)
    return None


def _by_sentence(text: str, match: Callable[[str], list[AgencyMatch]], orgs: OrgTable) -> Reading | None:
    """Two or more sentences, each asking about an agency of its own: each is a part as written."""
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    if len(sentences) < 2:
        return None
    named = [(s, [m for m in match(s) if not m.place_only]) for s in sentences]
    for i in range(1, len(named)):
        sentence, found = named[i]
        if len(found) != 1 and len(before := named[i - 1][1]) == 1:
            named[i] = (sentence, of_the_place_before(sentence, before[0].agency, match, orgs) or found)
    if not all(found for _, found in named):
        return None
    agencies = [found[0].agency.name for _, found in named]
    if len(set(agencies)) < 2:
        return None
    first, found = named[0]
    topic = _topic(first, [found[0].span])
    asks = []
    year = None  # a sentence with no year of its own asks of the year the one before asked (其中…)
    for name, (sentence, found) in zip(agencies, named, strict=True):
        year = next((y for y, _ in years_in(sentence)), year)
        rest = _topic(sentence, [found[0].span])  # "乙局呢？" asks what the first sentence asked
        # "其中乙局自己办了多少件": a part of what the first sentence counted, asked in its words.
        of_it = bool(_OF_WHICH.match(sentence.strip())) and sentence is not first
        own = _ASKING.search(rest) and not of_it
        asks.append(Ask(name, year, sentence if own else f"{name}{topic}"))
    part_of = any(_OF_WHICH.match(sentence.strip()) for sentence, _ in named[1:])  # 其中: a part is no addend
    return Reading(Across.AGENCIES, tuple(asks), conclude=() if part_of else read_conclusions(text, own_totals=True))


def _agency_mentions(
    text: str,
    match: Callable[[str], list[AgencyMatch]],
    unknown: Callable[[str], str | None],
    *,
    orgs: OrgTable,
) -> list[tuple[tuple[int, int], str]]:
    """The agencies a question names one after another (甲局和乙局), each with where it is named.

    The question is cut where mentions may join (和, 与, 、 …); a piece names an agency when it names
    exactly one, or an agency no report is of (``unknown``). A piece that names none, or several
    equally, names nothing of its own (温州教育局电话和邮箱: 邮箱 is no agency).
    """
    every = list(_JOIN.finditer(text))
    joins = [
        join
        for i, join in enumerate(every)
        if not _inside_a_name(
            text[every[i - 1].end() if i else 0 : every[i + 1].start() if i + 1 < len(every) else len(text)],
            join.start() - (every[i - 1].end() if i else 0),
            match,
        )
    ]
    cuts = [0] + [m.end() for m in joins]
    ends = [m.start() for m in joins] + [len(text)]
    thans = [False] + [bool(THAN.fullmatch(m.group())) for m in joins]
    mentions: list[tuple[tuple[int, int], str]] = []
    last: Agency | None = None  # the agency the piece before named
    name: str | None  # the agency a piece names, by a match or as written (unknown)
    for start, end, than in zip(cuts, ends, thans, strict=True):
        piece = text[start:end]
        # A piece names an agency with its organisation, or is a place alone (温州、沈阳…三个教育局) or
        # right after 比 (温州比沈阳多多少): a place inside a sentence (注册在徐汇,平时…) is no mention.
        found = [
            m
            for m in match(piece)
            if not m.place_only or piece[m.span[0] : m.span[1]] == piece.strip() or (than and m.span[0] == 0)
        ]
        if len(found) != 1 and last:
            found = of_the_place_before(piece, last, match, orgs) or found
        if len(found) == 1:
            last = found[0].agency
            span, name = (start + found[0].span[0], start + found[0].span[1]), found[0].agency.name
        elif not found and (name := unknown(piece)):
            at = piece.find(name)
            span = (start + at, start + at + len(name))
        else:
            continue
        if all(named != name for _, named in mentions):  # 温州和沈阳…，温州比沈阳多多少: each once
            mentions.append((span, name))
    return mentions if len(mentions) >= 2 else mentions[:1]


def _inside_a_name(around: str, at: int, match: Callable[[str], list[AgencyMatch]]) -> bool:
    """Whether the join at ``at`` in ``around`` (the two pieces it joins) is part of one agency's
    name: 住房和城乡建设局, 梅河口和平街道. So it is when the two pieces name a single agency across it,
    and every organisation word there belongs to that agency's name (甲县的自然资源局和乙镇:
    自然资源局 is no part of 乙镇人民政府).
    """
    found = match(around)
    if len(found) != 1 or not found[0].span[0] < at < found[0].span[1]:
        return False
    return all(around[max(0, m.start() - 2) : m.end()] in found[0].agency.name for m in _ORG_WORD.finditer(around))


def _years(
    text: str, mentions: list[tuple[tuple[int, int], str]], years_of: Mapping[str, Sequence[int]]
) -> tuple[list[int], list[tuple[int, int]]]:
    """The years a question asks, in its order, with their spans (a range and 近三年 as one span)."""
    known = sorted({y for name in (m[1] for m in mentions) for y in years_of.get(name, ())})
    if found := _RANGE.search(text):
        first, last = (_full_year(found[1]), _full_year(found[2]))
        return [y for y in range(first, last + 1) if not known or y in known], [found.span()]
    if found := _RECENT.search(text):
        count = int(_numeral(found[1] or found[2]))
        return known[-count:], [found.span()]
    if found := _EVERY_YEAR.search(text):
        return known, [found.span()]
    found_years = years_in(text)
    return [year for year, _ in found_years], [span for _, span in found_years]


def _ranking(
    text: str, kind: re.Match[str], match: Callable[[str], list[AgencyMatch]], years_of: Mapping[str, Sequence[int]]
) -> Reading:
    """Every known agency of the kind asked (哪个民政局: the 民政局s), in the year asked or its latest."""
    year_found = YEAR.search(text)
    year = year_of(year_found) if year_found else None
    if _ANY_AGENCY.fullmatch(kind["kind"]):  # 哪个局, 哪个单位: every agency of that head, or every one
        agencies = sorted(
            name for name in years_of if kind["kind"] in ("单位", "部门", "机关") or name.endswith(kind["kind"])
        )
    else:
        agencies = sorted({m.agency.name for m in match(kind["kind"])})
    if year is not None:
        agencies = [name for name in agencies if year in years_of.get(name, ())]
    spans = [kind.span()] + ([year_found.span()] if year_found else [])
    spans += [m.span() for m in _SUPERLATIVE.finditer(text)]
    before_noun = {m.end() for m in _BEFORE_NOUN.finditer(text)}
    topic = "".join(("的" if start in before_noun else "") + text[start:end] for start, end in _gaps(spans, len(text)))
    topic = re.sub("的?是$", "", _plain(topic).strip("，,、的 ?？。")).strip("，,、的 ")
    topic = topic if re.search("多少|几", topic) else topic + "多少"
    top = _TOP.search(text)
    count = int(_numeral(top[1])) if top else None
    asks = tuple(_ask(name, year, topic) for name in agencies[:MOST_RANKED])
    fewest = bool(_FEWEST.search(text))
    conclude = (Conclude.FEWEST if fewest else Conclude.MOST,)
    return Reading(Across.RANKING, asks, topic=topic, fewest=fewest, top=count, conclude=conclude)


def _ask(agency: str, year: int | None, topic: str) -> Ask:
    return Ask(agency, year, f"{agency}{year}年{topic}" if year else f"{agency}{topic}")


def _topic(text: str, spans: list[tuple[int, int]]) -> str:
    """What the question asks of each part: the text before its first mention of an agency or a year
    and after its last, without the words that only say "each of them".

    >>> _topic("桐乡民政局15年和21年在政府网站上各发了多少条信息?", [(0, 5), (5, 8), (9, 12)])
    '在政府网站上发了多少条信息?'
    >>> _topic("甲局15年收到多少申请，21年呢", [(0, 2), (2, 5), (11, 14)])
    '收到多少申请'
    """
    first = min(start for start, _ in spans)
    last = max(end for _, end in spans)
    outside = _plain(text[:first] + text[last:]).lstrip("，,、的 ")
    if _ASKING.search(outside):
        return outside
    between = [_plain(text[start:end]).strip("，,、的和与跟及 ") for start, end in _gaps(spans, len(text))]
    return next((gap for gap in between if _ASKING.search(gap)), outside)  # 甲局15年收到多少申请，21年呢


def _topic_of_parts(text: str, spans: list[tuple[int, int]]) -> str:
    """What each part asks (甲比乙多收到多少: 收到多少); when all a "甲比乙" question says past its agencies
    is how much more, the words between the first agency (and its year) and 比 ask it (多吗: 多少).

    >>> _topic_of_parts("甲局2018年收到的申请比乙局多几件", [(0, 2), (2, 7), (13, 15)])
    '收到的申请几件'
    """
    than = THAN.search(text)
    topic = plainly(_topic(text, spans), than=than is not None)
    if not than or not _HOW_MUCH_ONLY.fullmatch(topic):
        return topic
    before = [(start, end) for start, end in spans if end <= than.start()]
    first = min(start for start, _ in spans)
    words = _plain("".join(text[i:j] for i, j in _gaps(before, than.start()) if i >= first)).strip("，,、的 ")
    return (words + ("多少" if topic[0] in "吗么" else topic)) if words else topic


def _plain(piece: str) -> str:
    """A piece of the question as each part asks it: "which has more" asks how much, "each" goes, and so
    does a clause that only concludes when another asks what each part states.

    >>> _plain("主动公开的政府信息哪年多?"), _plain("各发了多少条"), _plain("各收到几件?哪个多?")
    ('主动公开的政府信息多少?', '发了多少条', '收到几件?')
    """
    clauses = _CLAUSE.split(piece)
    asking = [clause for clause in clauses if not concludes(clause)]  # 哪个多?, 温州比沈阳多多少件
    if len(asking) < len(clauses) and any(_ASKING.search(clause) for clause in asking):
        piece = "".join(asking).rstrip("，,；;")
    return _EACH.sub("", plainly(piece))


def _gaps(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The stretches of a text of ``length`` outside ``spans``."""
    gaps, at = [], 0
    for start, end in sorted(spans):
        if start > at:
            gaps.append((at, start))
        at = max(at, end)
    return gaps + ([(at, length)] if at < length else [])


def _alternate(agencies: list[tuple[int, int]], years: list[tuple[int, int]]) -> bool:
    """Whether each agency is followed by its own year before the next agency: 甲局21年和乙局22年."""
    order = sorted([(span[0], "a") for span in agencies] + [(span[0], "y") for span in years])
    return "".join(kind for _, kind in order) == "ay" * len(agencies)


def _full_year(digits: str) -> int:
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _numeral(text: str) -> float:
    if text.isdigit():
        return float(text)
    import cn2an

    return float(cn2an.cn2an(text, "smart"))

"""The asked fact in a quoted sentence: the count with its unit, the phone, the date, the address, … as a
short verbatim piece of it (never re-typed), for the answer's first line. Pure."""

from __future__ import annotations

import re

from knowledge.answer import PART_JOINER
from knowledge.figures import figure_text
from knowledge.grammar import ASKED_UNIT, CJK, CN_DIGITS, COUNT_UNIT, unit_family
from knowledge.kinds import (
    ASKS_PERIOD,
    ASKS_YEAR,
    CUMULATIVE,
    DATE,
    DOCUMENT_NUMBER,
    EMAIL,
    PERIOD,
    PHONE,
    PUT_OUT,
    RUNNING_TOTAL,
    TITLE,
    Thing,
    asked,
    quoted_names,
)
from knowledge.models import Kind
from knowledge.question import question_kind, split_parts
from knowledge.script import simplified
from knowledge.segment import normalise
from knowledge.years import YEAR

MAX_FACT = 50  # characters: a fact is a glance, the sentence below it says the rest

# 27件, 3.2万余条, 近2600万, 7.26%, 两家; not an ordinal (第二十条) or the tail of a longer number.
_FIGURE = re.compile(
    rf"(?<![第\d.{CN_DIGITS}])(?:近|约|逾|超过)?(?:\d[\d,]*(?:\.\d+)?|[{CN_DIGITS}]+)\s*(?:余|多)?"
    rf"\s*(?:[万亿](?:余|多)?)?\s*{COUNT_UNIT}"
)
_DURATION = re.compile(r"工作日|小时|天$")
_ASKS_DURATION = re.compile(r"天|日|小时|多久|时限|期限")
# The e-mail pattern of knowledge.kinds, read in ASCII: 邮箱abc@163.com is the address after the word.
_EMAIL = re.compile(EMAIL.pattern, re.ASCII)
_POSTCODE = re.compile(r"(?<!\d)\d{6}(?![\d年月日])")
_WEB_ADDRESS = re.compile(
    r"(?:https?://|www\.)[\w\-./?%&=#:~+]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov|com|net|org)(?:\.cn)?(?:/[\w\-./?%&=#~+]*)?",
    re.ASCII | re.I,
)
# Where an address is said: 地址：…, a house number (府前街31号, 6号楼208室), 设在…, 位于….
_ADDRESS_LABELS = (re.compile(r"地址\s*[:：]\s*"), re.compile(r"设在|位于"))
_HOUSE = re.compile(r"[路街道巷里弄村]\s*\d+\s*号|\d+号楼|\d+\s*[层楼]|\d+\s*室")
# A clause ends at these: what stands between two of them is one fact's context.
_CLAUSE = re.compile(r"[，,；;。！？!?：:、\n|（()）]")
_ADDRESS_END = re.compile(r"[，,；;。！？!?\n|（()）]")
_FAX_LABEL = re.compile(r"传真")
# 电子信箱多少: an e-mail asked in words knowledge.kinds.asked leaves to the default, a phone.
_ASKS_EMAIL = re.compile(r"信箱|邮箱|电子邮件|e-?mail", re.I)
# Things whose own words say which one is asked (哪个通知: the title that is a 通知).
_NAMED = frozenset({Thing.TITLE, Thing.DOCUMENT, Thing.ADDRESS})
NEAR = 4  # characters: a question's word this far from a figure counts half as much as one beside it
TAIL = 0.5  # a word after a figure (2628条信息) counts half: what a figure counts mostly stands before it
# 一共多少: the figure after a word of total (共计3105条), not a channel's part of it.
_ASKS_TOTAL = re.compile(r"一共|总共|共计|合计|总计|总数|累计|全部")
_TOTAL = re.compile(r"共计|合计|总计|累计|总数|共")
# 占比多少, 办结率: a share, answered by a percentage.
_ASKS_SHARE = re.compile(r"占比|比例|比重|百分|率")


def fact_of(question: str, kind: Kind, sentence: str, *, agency: str = "") -> str:
    """The piece of ``sentence`` that answers ``question`` (of ``kind``), verbatim and at most MAX_FACT
    characters: a count with its unit, a phone, an e-mail, a postcode, a date, an address, a web
    address, a document number or title; "" when the question asks no such thing or none is there.

    A count is the figure whose clause shares most of the question's words (a word many clauses share
    counts less), then the first; a question of two parts (电话和邮箱) gets the piece that holds both
    answers when they stand within MAX_FACT characters of each other, else the first part's.

    Parameters
    ----------
    question : the question as asked
    kind : what kind of answer it asks for (``Answer.kind``)
    sentence : the quoted span (``Hit.snippet``)
    agency : the answering report's agency: the words of its name say which report, not which figure
        (营口市场监管…公开910条 is no nearer to 营口市市场监督管理局抖音发了几条 than …抖音公众号公开18条)

    Returns
    -------
    A substring of ``sentence``, or "".

    Examples
    --------
    >>> fact_of("营口市教育局2020年一年接到几件公开申请", Kind.NUMBER, "共接到政府信息公开申请27件，其中当面申请5件。")
    '27件'
    >>> fact_of("营口市教育局办公室的联系电话是多少", Kind.CONTACT, "（地址：学府路18号；电话：0417-2856310；传真：0417-2856322）")
    '0417-2856310'
    >>> fact_of("佛山市税务局的联系电话和电子邮箱", Kind.CONTACT, "电话：0757-83380126，邮箱：fsswj@163.com。")
    '0757-83380126，邮箱：fsswj@163.com'
    >>> fact_of("年报哪些内容", Kind.LIST, "包括概述、主动公开情况。")
    ''
    """
    asked_text = simplified(normalise(question))
    parts = [asked_text[start:end] for start, end in split_parts(asked_text)] or [asked_text]
    kinds = [question_kind(part) for part in parts] if len(parts) > 1 else [kind]
    named = simplified(normalise(agency))
    found = [_piece(part, part_kind, sentence, named) for part, part_kind in zip(parts, kinds, strict=True)]
    spans = [span for span in found if span is not None]
    if not spans:
        return _none_said(asked_text, kind, sentence)
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    if len(spans) > 1 and end - start <= MAX_FACT and PART_JOINER not in sentence[start:end]:
        return sentence[start:end]
    start, end = spans[0]
    return sentence[start:end] if end - start <= MAX_FACT else ""


def _piece(question: str, kind: Kind, sentence: str, agency: str = "") -> tuple[int, int] | None:
    """Where in ``sentence`` the thing ``question`` asks for is, or None."""
    thing = asked(question, kind)
    if thing == Thing.PHONE and _ASKS_EMAIL.search(question) and not re.search(r"电话|号码", question):
        thing = Thing.EMAIL
    candidates = [(s, e) for s, e in _candidates(thing, question, sentence) if e - s <= MAX_FACT]
    if not candidates:
        return None
    words = [w for w in _bigrams(question) if w not in agency]
    contexts = [_context(sentence, span, candidates, named=thing in _NAMED) for span in candidates]
    shared = {w: sum(w in lead + tail for lead, tail in contexts) for w in words}
    unit = ASKED_UNIT.search(question) if thing == Thing.COUNT else None
    family = unit_family(unit[1]) if unit and unit[1] != "个" else ""
    total = thing == Thing.COUNT and bool(_ASKS_TOTAL.search(question))
    share = thing == Thing.COUNT and bool(_ASKS_SHARE.search(question))

    def rank(i: int) -> tuple[bool, float]:
        """(in the unit asked, the question's words near it): the greater the better."""
        lead, tail = contexts[i]
        score = 0.0
        for w in words:
            if (at := lead.rfind(w)) >= 0:
                score += 1 / shared[w] / (1 + (len(lead) - at - 2) / NEAR)
            elif (at := tail.find(w)) >= 0:
                score += TAIL / shared[w] / (1 + at / NEAR)
        if total and _TOTAL.search(lead[-NEAR:]):
            score += 1.0
        figure = sentence[candidates[i][0] : candidates[i][1]]
        if share:
            return figure[-1] in "%％", score
        return not family or figure.rstrip("余多")[-1:] in family, score

    best = max(range(len(candidates)), key=lambda i: (*rank(i), -i))
    return candidates[best]


def _candidates(thing: Thing | None, question: str, sentence: str) -> list[tuple[int, int]]:
    """Every span of ``sentence`` that is a ``thing``, in reading order."""
    match thing:
        case Thing.COUNT:
            durations = bool(_ASKS_DURATION.search(question))
            # A figure of a running total over the years counts no one year (kinds.RUNNING_TOTAL).
            totals = [] if CUMULATIVE.search(question) else [m.span() for m in RUNNING_TOTAL.finditer(sentence)]
            return [
                m.span()
                for m in _FIGURE.finditer(sentence)
                if (durations or not _DURATION.search(m.group().rstrip()))
                and not any(s <= m.start() < e for s, e in totals)
            ]
        case Thing.PHONE | Thing.FAX:
            phones = [m.span() for m in PHONE.finditer(sentence)]
            fax = [span for span in phones if _FAX_LABEL.search(sentence[max(0, span[0] - 6) : span[0]])]
            # 电话(传真):0435-6221587 is both: a phone question takes a fax number when there is no other.
            return fax if thing == Thing.FAX else [span for span in phones if span not in fax] or phones
        case Thing.EMAIL:
            return [m.span() for m in _EMAIL.finditer(sentence)]
        case Thing.POSTCODE:
            return [m.span() for m in _POSTCODE.finditer(sentence)]
        case Thing.DATE:
            periods = [m.span() for m in PERIOD.finditer(sentence)]
            which_year = ASKS_YEAR.search(question) and not PUT_OUT.search(question)
            if which_year and (years := [m.span() for m in YEAR.finditer(sentence)]):
                return years
            if periods and ASKS_PERIOD.search(question):
                return [(s, e + 1 if sentence[e : e + 1] == "日" else e) for s, e in periods]
            days = [m.span() for m in DATE.finditer(sentence)]
            days = [d for d in days if not any(s <= d[0] < e for s, e in periods)] or days or periods
            return [(s, e + 1 if sentence[e : e + 1] in ("日", "号") else e) for s, e in days]
        case Thing.ADDRESS:
            return _addresses(sentence)
        case Thing.WEBSITE:
            return [
                (m.start(), m.end() - len(m.group()) + len(m.group().rstrip("./")))
                for m in _WEB_ADDRESS.finditer(sentence)
            ]
        case Thing.DOCUMENT:
            return [m.span() for m in DOCUMENT_NUMBER.finditer(sentence)]
        case Thing.TITLE:
            return [m.span() for m in TITLE.finditer(sentence)] or [
                m.span() for m in DOCUMENT_NUMBER.finditer(sentence)
            ]
        case Thing.NAME:
            return quoted_names(sentence)
        case _:  # an office, a frequency, a list, a process: said in words, no piece stands for them
            return []


def _addresses(sentence: str) -> list[tuple[int, int]]:
    """What follows 地址： to the clause's end, else what follows 设在 or 位于, else the clause of a house
    number (府前街31号)."""
    for label in _ADDRESS_LABELS:
        found = []
        for said in label.finditer(sentence):
            stop = _ADDRESS_END.search(sentence, said.end())
            found.append((said.end(), stop.start() if stop else len(sentence.rstrip())))
        if found := [span for span in found if span[1] > span[0]]:
            return found
    houses = [_clause_bounds(sentence, m.start(), m.end(), _ADDRESS_END) for m in _HOUSE.finditer(sentence)]
    return list(dict.fromkeys(houses))


def _none_said(question: str, kind: Kind, sentence: str) -> str:
    """未收到, 均为0: a count question answered with none, in the sentence's own words."""
    if asked(question, kind) != Thing.COUNT:
        return ""
    said = figure_text(sentence, question)
    return said if said and said in sentence and len(said) <= MAX_FACT else ""


def _context(sentence: str, span: tuple[int, int], spans: list[tuple[int, int]], *, named: bool) -> tuple[str, str]:
    """The words before a span in its clause (since the span before it; with a title, its own words too)
    and the few after it (2628条信息), read as questions are."""
    start, end = span
    begin, stop = _clause_bounds(sentence, start, end, _CLAUSE)
    begin = max([begin, *(e for _, e in spans if e <= start)])
    lead = sentence[begin:end] if named else sentence[begin:start]
    return normalise(lead), normalise(sentence[end : min(stop, end + NEAR)])


def _clause_bounds(sentence: str, start: int, end: int, marks: re.Pattern[str]) -> tuple[int, int]:
    before = [m.end() for m in marks.finditer(sentence, 0, start)]
    after = marks.search(sentence, end)
    begin = before[-1] if before else 0
    stop = after.start() if after else len(sentence)
    while begin < start and sentence[begin].isspace():
        begin += 1
    return begin, len(sentence[:stop].rstrip())


def _bigrams(text: str) -> set[str]:
    """The question's two-character pieces of Chinese: what a clause shares with it."""
    return {text[i : i + 2] for i in range(len(text) - 1) if re.fullmatch(f"[{CJK}]{{2}}", text[i : i + 2])}

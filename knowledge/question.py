"""Question analysis: which year, what kind of answer, which words matter. Pure functions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from knowledge.grammar import ASKS_COUNT_OF, CJK
from knowledge.kinds import CONTACT_WORD
from knowledge.models import Kind
from knowledge.script import simplified
from knowledge.segment import normalise
from knowledge.years import YEAR, year_of

# The one limit on a question's length, checked where text enters (the bot, `ask`) and by the knowledge
# base itself: a report question is a sentence or two with some chat around it, not an essay, and
# a longer text is refused whole (cutting it could drop the very agency or year it names).
MAX_QUESTION_CHARS = 300
_RELATIVE = {"今年": 0, "本年": 0, "去年": -1, "上一年": -1, "前年": -2}
PLAN_WORDS = re.compile(r"计划|打算|努力方向|下一步|工作重点|工作思路|明年|展望|安排|目标|方向")

_KIND_PATTERNS = (
    (
        Kind.CONTACT,
        re.compile(
            r"电话|联系方式|地址|邮箱|邮件|邮编|传真|网址|在哪(?![些几])|在几楼|什么地方|哪个地方|哪里下载|email"
            r"|(?:寄|邮寄|送|递交)(?:到|去|往)?(?:哪|什么地方)|哪条(?:路|街|大道)",
            re.I,
        ),
    ),
    # 第几号 (国务院令第492号) and 第几次 ask which one of a numbered series, not a day nor a count.
    (Kind.DATE, re.compile(r"哪天|哪一天|什么时候|啥时候|何时|日期|几月|哪个月|(?<!第)几号|发布时间|落款|哪一年|哪年")),
    (Kind.LIST, re.compile(r"哪些|哪几")),
    # 索引号是多少, 编号是多少: an identifier asked, whose digits count nothing (not 公众号多少个: a count).
    (Kind.FACT, re.compile(r"(?<![账众信挂取])号(?:是|为)?(?:多少|啥|什么)(?!\s*个|\s*[件条次项篇人])")),
    (
        Kind.NUMBER,
        re.compile(r"多少|(?<!第)几|数量|总数|[件条次项篇宗例人]数|共计|总共|一共"),
    ),
    (Kind.YESNO, re.compile(r"有没有|是否|是不是|有无|(?<![在好行以])吗(?:[?？]|$)|了吗|没有[?？]?$|[没不][?？]?$")),
    (Kind.PROCESS, re.compile(r"怎么|如何|怎样|咋")),
    (Kind.LIST, re.compile(r"哪些|哪几|什么|啥|问题|措施|内容|渠道|平台|方式")),
)
# Where one question asks two things: 几条?…几条? / 地址和电话. A clause is a part of its own only when
# it asks something itself (a question word of its own, or a contact word).
_PART_BREAK = re.compile(r"[?？;；,，]+|还有|另外|以及")
_ASKS = re.compile(r"多少|几|啥|什么|哪|吗|谁|怎么|如何|怎样|是否|有没有|有无|[没不][?？]?$")
_CONTACT_PAIR = re.compile(rf"({CONTACT_WORD.pattern})(和|及|与|、)(?=(?:{CONTACT_WORD.pattern}))")
# Words that say how a question is asked, not what it is about.
STOPWORDS = frozenset(
    "多少 几 几个 几件 几条 几次 什么 啥 哪些 哪 哪个 哪几 哪里 哪儿 吗 呢 了 的 得 地 是 在 有 有没有 没有 是否 "
    "怎么 如何 怎样 咋 请问 一下 年 年度 今年 去年 前年 个 里 中 和 与 及 或 报告 年报 年度报告 信息公开年报 "
    "情况 请 问 告诉 我 你 他 它 这 那 共 一共 总共 都 过 吧 呀 啊 么 为 对 把 被 给 从 向 能 会 要 该 其 "
    "一年 全年 本年 本年度 当年 那年 该年 上 下 次 条 件 项 篇 人 时候 时间 哪天 何时 日期 叫 叫什么 是谁 谁 因为 或者 还是 以及 并且 是不是 曾经 已经 一些 这些 那些 "
    # chat: how people talk around a question, never what it is about: pronouns, verbs of asking and
    # looking, demonstratives (那份, 报告里: the report itself), sentence particles, hedges, and the question
    # words of common dialects (啥子 of Southwestern Mandarin, 咋样 and 干啥 of Northern)
    "自己 自家 他们 你们 咱们 我们 说 说了 讲 讲了 提到 提了 知道 想 想问 想知道 帮 帮我 帮忙 查 查查 查一下 看看 一下子 "
    "那份 这份 一份 那个 这个 里面 上面 下面 年报里 报告里 份 都 呗 啦 嘛 哦 呐 哈 有人 没人 到底 究竟 大概 "
    "方面 看到 看 查到 找到 能看 不是 还有 还 多久 几个 啥子 么样 怎么样 咋样 干嘛 干啥 弄 搞 搞了 做了 做过 有过 过没 期间 时期 那时 当时".split()
)


# Tokens that only say "how many / which": 几类, 多少条, 哪几.
QUESTION_WORD = re.compile(r"^(?:几|多少|哪|啥|什么|第几|有人|有没有)")
# The asking words a typo may hide (递几号 for 第几号): read back by the asked-word typo rule (typos.py).
# Not 哪些/哪个/哪里: 那些, 那个, 那里 sound the same and point, not ask.
ASKING_WORDS = ("第几", "多少", "什么", "有没有", "是否")


@dataclass(frozen=True, slots=True)
class QuestionFacts:
    """What a question asks, apart from its agency (which needs the knowledge base's agency list)."""

    text: str  # normalised question
    year: int | None
    year_span: tuple[int, int] | None
    kind: Kind
    plan: bool  # asks about next year's plan, which sits in the previous year's report
    parts: tuple[tuple[int, int], ...] = ()  # spans of text that each ask something, when it asks two or more
    relative: str = ""  # the word the year was said by relative to today (去年), which the asker must confirm


# A sentence ends here; a colon ends the lead-in to a question ("我的问题是：…").
_SENTENCE_END = re.compile(r"(?<=[。！？!?：:\n])")


def asking_sentences(text: str, *, names_agency: Callable[[str], bool] = lambda sentence: False) -> str:
    r"""``text`` without the sentences that end as statements (。！) or lead-ins (：) and name no agency:
    a long message is often a greeting, a reason and thanks around one question. Question words do
    not tell them apart ("收集几个地市的数据。"), the way a sentence ends does; a statement that names
    an agency ("甲局2018年收到多少件。") may be a question typed with a full stop, and stays.

    >>> asking_sentences("你好，我在写论文，想麻烦你帮我查一下。我的问题是：甲局2018年收到多少件申请？谢谢！")
    '甲局2018年收到多少件申请？'
    >>> asking_sentences("甲局2018年收到多少件申请。乙局电话？", names_agency=lambda s: "局" in s)
    '甲局2018年收到多少件申请。乙局电话？'
    """
    sentences = [part for part in _SENTENCE_END.split(text) if part.strip()]
    asking = [s for s in sentences if not s.rstrip().endswith(("。", "！", "!", "：", ":")) or names_agency(s)]
    return "".join(asking).strip() if asking and len(asking) < len(sentences) else text


def read_question(question: str, *, today: date | None = None) -> QuestionFacts:
    """Find the year and the kind of answer a question asks for.

    >>> read_question("余姚教育局2013年政务公开的努力方向是什么")
    QuestionFacts(text='余姚教育局2013年政务公开的努力方向是什么', year=2013, year_span=(5, 10), kind=<Kind.LIST: 'list'>, plan=True, parts=(), relative='')
    >>> read_question("东河卫健委21年行政处罚多少宗").year
    2021
    >>> read_question("二〇一八年温州教育局电话").year, read_question("二〇一八年温州教育局电话").kind
    (2018, <Kind.CONTACT: 'contact'>)
    >>> facts = read_question("温州民政局网站公开了几条?媒体发了几条?")
    >>> [facts.text[s:e] for s, e in facts.parts]
    ['温州民政局网站公开了几条', '媒体发了几条']
    >>> facts = read_question("去年收到几件申请", today=date(2026, 11, 22))
    >>> facts.year, facts.relative  # a guess the asker is asked to confirm (knowledge.kb)
    (2025, '去年')
    """
    text = normalise(question).strip()
    year, span = _find_year(text, today or date.today())
    relative = text[span[0] : span[1]] if span and text[span[0] : span[1]] in _RELATIVE else ""
    kind, plan = question_kind(text), bool(PLAN_WORDS.search(text))
    return QuestionFacts(text, year, span, kind, plan, split_parts(text), relative)


def question_kind(text: str) -> Kind:
    """The kind of answer asked for: contact, date, number, yesno, process, list or fact.

    A contact word in a question that counts is what it counts (热线电话打进来多少个), not a contact asked;
    哪几个 asks which ones, not how many.

    >>> question_kind("电话是多少"), question_kind("热线电话打进来多少个"), question_kind("公布了哪几个电话")
    (<Kind.CONTACT: 'contact'>, <Kind.NUMBER: 'number'>, <Kind.CONTACT: 'contact'>)
    """
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return Kind.NUMBER if kind == Kind.CONTACT and ASKS_COUNT_OF.search(text) else kind
    return Kind.FACT


def split_parts(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of a question that each ask something, when there are two or more; () otherwise.

    A clause that asks nothing itself (the agency alone, a greeting) goes with the part after it.

    >>> text = "温州国土局电话和邮箱"
    >>> [text[s:e] for s, e in split_parts(text)]
    ['温州国土局电话', '邮箱']
    >>> text = "请问,温州民政局收到几件申请?收钱没"
    >>> [text[s:e] for s, e in split_parts(text)]
    ['请问,温州民政局收到几件申请', '收钱没']
    >>> split_parts("新制作、新公开各多少件"), split_parts("温州教育局电话")
    ((), ())
    """
    cuts = [m.span() for m in _PART_BREAK.finditer(text)]
    cuts += [(m.end(1), m.end(2)) for m in _CONTACT_PAIR.finditer(text)]
    parts: list[tuple[int, int]] = []
    start = begin = 0
    for cut_start, cut_end in sorted(cuts) + [(len(text), len(text))]:
        clause = text[start:cut_start]
        if clause.strip() and (_ASKS.search(clause) or CONTACT_WORD.search(clause)):
            parts.append((begin, cut_start))
            begin = cut_end
        start = max(start, cut_end)
    if parts and text[begin:].strip():  # a closing clause that asks nothing stays with the last part
        parts[-1] = (parts[-1][0], len(text.rstrip()))
    return tuple(parts) if len(parts) >= 2 else ()


def _find_year(text: str, today: date) -> tuple[int | None, tuple[int, int] | None]:
    # A year written out wins over a two-digit one (2018年 over 18年), which wins over 去年.
    found = list(YEAR.finditer(text))
    for group in ("four", "cn", "two"):
        if written := next((f for f in found if f[group]), None):
            return year_of(written), written.span()
    for word, delta in _RELATIVE.items():
        if (pos := text.find(word)) >= 0:
            return today.year + delta, (pos, pos + len(word))
    return None, None


def clean_question(text: str | None) -> str:
    """Drop control and zero-width characters, collapse whitespace, read traditional script as simplified.

    >>> clean_question("温州\\u200b教育局\\n 2018年\\x00收到几件？"), clean_question("溫州教育局電話")
    ('温州教育局 2018年收到几件？', '温州教育局电话')
    """
    kept = "".join(c for c in text or "" if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf"))
    return simplified(" ".join(kept.split()))


def with_leading_place(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """An agency's span in a question, with a city name said just before it ("广州海珠区…", "中山大涌镇…"):
    it qualifies the agency and is no keyword."""
    lead = text[: span[0]]
    if 2 <= len(lead) <= 4 and re.fullmatch(f"[{CJK}]+", lead):
        return 0, span[1]
    return span


def blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the ``spans`` (its agency, its year) blanked out, every other character in place."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)

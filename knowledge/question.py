"""Question analysis: which year, what kind of answer, which words matter. Pure functions."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from knowledge.segment import normalise

_YEAR4 = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)\s*(?:年|年度)?")
_YEAR2 = re.compile(r"(?<![\d.])(\d{2})\s*年(?!\d)")
_CN_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=\s*年)")
_RELATIVE = {"今年": 0, "本年": 0, "去年": -1, "上一年": -1, "前年": -2}
PLAN_WORDS = re.compile(r"计划|打算|努力方向|下一步|工作重点|工作思路|明年|展望|安排|目标|方向")

_KIND_PATTERNS = (
    ("contact", re.compile(r"电话|联系方式|地址|邮箱|邮件|邮编|传真|网址|在哪(?![些几])|email", re.I)),
    ("date", re.compile(r"哪天|哪一天|什么时候|啥时候|何时|日期|几月|哪个月|几号|发布时间")),
    ("list", re.compile(r"哪些|哪几")),
    ("number", re.compile(r"多少|几[件条次个项篇家类人宗例期场份大种名]|几|数量|总数|共计|总共|一共")),
    ("yesno", re.compile(r"有没有|是否|有无|吗[?？]?$|了吗|没有[?？]?$")),
    ("process", re.compile(r"怎么|如何|怎样|咋")),
    ("list", re.compile(r"哪些|哪几|什么|啥|问题|措施|内容|渠道|平台|方式")),
)
# Words that say how a question is asked, not what it is about.
STOPWORDS = frozenset(
    "多少 几 几个 几件 几条 几次 什么 啥 哪些 哪 哪个 哪几 哪里 哪儿 吗 呢 了 的 得 地 是 在 有 有没有 没有 是否 "
    "怎么 如何 怎样 咋 请问 一下 年 年度 今年 去年 前年 个 里 中 和 与 及 或 报告 年报 年度报告 信息公开年报 "
    "情况 请 问 告诉 我 你 他 它 这 那 共 一共 总共 都 过 吧 呀 啊 么 为 对 把 被 给 从 向 能 会 要 该 其 "
    "一年 全年 本年 本年度 当年 那年 该年 上 下 次 条 件 项 篇 人 时候 时间 哪天 何时 日期 叫 叫什么 是谁 谁 因为 或者 还是 以及 并且 是不是 曾经 已经 一些 这些 那些".split()
)


# Tokens that only say "how many / which": 几类, 多少条, 哪几.
QUESTION_WORD = re.compile(r"^(?:几|多少|哪|啥|什么|第几|有人|有没有)")


@dataclass(frozen=True, slots=True)
class QuestionFacts:
    """What a question asks, apart from its agency (which needs the knowledge base's agency list)."""

    text: str  # normalised question
    year: int | None
    year_span: tuple[int, int] | None
    kind: str
    plan: bool  # asks about next year's plan, which sits in the previous year's report


def read_question(question: str, *, today: date | None = None) -> QuestionFacts:
    """Find the year and the kind of answer a question asks for.

    >>> read_question("余姚教育局2013年政务公开的努力方向是什么")
    QuestionFacts(text='余姚教育局2013年政务公开的努力方向是什么', year=2013, year_span=(5, 10), kind='list', plan=True)
    >>> read_question("东河卫健委21年行政处罚多少宗").year
    2021
    >>> read_question("二〇一八年温州教育局电话").year, read_question("二〇一八年温州教育局电话").kind
    (2018, 'contact')
    >>> read_question("去年收到几件申请", today=date(2026, 11, 22)).year
    2025
    """
    text = normalise(question).strip()
    year, span = _find_year(text, today or date.today())
    return QuestionFacts(text, year, span, question_kind(text), bool(PLAN_WORDS.search(text)))


def question_kind(text: str) -> str:
    """The kind of answer asked for: contact, number, yesno, process, list or fact."""
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return "fact"


def _find_year(text: str, today: date) -> tuple[int | None, tuple[int, int] | None]:
    if match := _YEAR4.search(text):
        return int(match[1]), match.span()
    if match := _CN_YEAR.search(text):
        import cn2an  # 0.35 s to import: paid only by a question that spells its year in characters

        return int(cn2an.cn2an(match.group(), "smart")), (match.start(), match.end() + 1)
    if match := _YEAR2.search(text):
        return 2000 + int(match[1]), match.span()
    for word, delta in _RELATIVE.items():
        if (pos := text.find(word)) >= 0:
            return today.year + delta, (pos, pos + len(word))
    return None, None


def clean_question(text: str | None) -> str:
    """Drop control and zero-width characters, collapse whitespace.

    >>> clean_question("温州\\u200b教育局\\n 2018年\\x00收到几件？")
    '温州教育局 2018年收到几件？'
    """
    kept = "".join(c for c in text or "" if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf"))
    return " ".join(kept.split())

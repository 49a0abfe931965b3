"""What the bot says in Telegram: HTML built from Answers and counts. Pure; every report string is escaped.

Telegram counts a message's length after entity parsing, in UTF-16 units, so budgets are computed on
the visible text before markup is added, and long passages are cut around the quoted answer.
"""

from __future__ import annotations

import re
from html import escape

from telegram.constants import MessageLimit

from bot.present.render import (
    LEFT_OUT,
    answer_fact,
    english_lead,
    note_text,
    reason_text,
    rest_of_passage,
    source_parts,
)
from knowledge import Answer, Coverage, Hit
from knowledge.models import NoteCode

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH
MAX_SNIPPET = 1000  # a quoted answer longer than this is cut (the passage below still shows its context)
MAX_REASON = 1500
COMPACT_SNIPPET = 300  # groups: one short message per answer
ELLIPSIS = "…"

SORRY_TEXT = "抱歉，处理这条消息时出错了，请稍后再试。"
NON_TEXT_TEXT = "请用文字提问，例如：温州市教育局2018年收到多少件依申请公开？"
PRESS_THROTTLED_TEXT = "点得太快了，请稍等一下。"
EMPTY_QUESTION_TEXT = "请在命令后写上问题，例如：/ask 温州市教育局2018年收到多少件依申请公开？"
UNKNOWN_COMMAND_TEXT = "没有这个命令。直接发送问题即可，或发送 /help 查看用法。"
NOT_ADMIN_TEXT = "这个命令只对管理员开放。"
RELOAD_BUSY_TEXT = "知识库正在重建，请等这一次完成。"
RELOAD_STARTED_TEXT = "开始重建知识库……"
GONE_TEXT = "这条回答已过期，请重新提问。"
UPLOAD_NOT_ADMIN_TEXT = "只有管理员可以添加报告。"
UPLOAD_DUPLICATE_TEXT = (
    "已有这份报告（文件内容完全相同），知识库没有变化。"
    "要更正它的机关或年份：再发一次并在说明里写 机关=… 年份=…，或用 /meta 文件名 机关=… 年份=…"
)
TOO_BIG_TO_DOWNLOAD = "超过 20 MB，Telegram 不让机器人下载。"
META_USAGE = "用法：/meta 文件名 机关=… 年份=… 来源=网址（文件名见 /reports）。"
REPORTS_PER_PAGE = 20
VOTED_TEXT = "谢谢反馈！"
ALREADY_VOTED_TEXT = "已经收到你的反馈了。"


def year_range(coverage: Coverage) -> str:
    """The years the knowledge base covers, as a reader says them.

    >>> year_range(Coverage(3, 9, ("营口市教育局",), (2016, 2019), "v")), year_range(Coverage(0, 0, (), (), "v"))
    ('2016–2019年', '年份不详')
    """
    if not coverage.years:
        return "年份不详"
    first, last = coverage.years[0], coverage.years[-1]
    return f"{first}年" if first == last else f"{first}–{last}年"


def throttled_text(seconds: int) -> str:
    """A question refused for coming too fast, with when the next one is answered at once.

    >>> throttled_text(12)
    '提问太快了，请 12 秒后再问。'
    """
    return f"提问太快了，请 {max(seconds, 1)} 秒后再问。"


def visible_length(text: str) -> int:
    """Telegram's count: UTF-16 code units (the same as characters for Chinese text).

    >>> visible_length("年报"), visible_length("😀")
    (2, 2)
    """
    return len(text.encode("utf-16-le")) // 2


def visible_text(html: str) -> str:
    """What a reader sees of our HTML: tags dropped, entities decoded.

    >>> visible_text("<b>答：</b>a &lt; b")
    '答：a < b'
    """
    text = re.sub(r"<[^>]+>", "", html)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def cut(text: str, most: int) -> str:
    """``text`` shortened to ``most`` UTF-16 units, marked with an ellipsis when cut.

    >>> cut("一二三四五", 3)
    '一二…'
    """
    if visible_length(text) <= most:
        return text
    kept, used = [], 0
    for char in text:
        used += visible_length(char)
        if used > most - 1:
            break
        kept.append(char)
    return "".join(kept) + ELLIPSIS


def highlight(text: str, terms: tuple[str, ...]) -> str:
    """Escape ``text`` and put every occurrence of a term (longest first) in bold.

    >>> highlight("收到申请<11>件", ("收到申请", "申请"))
    '<b>收到申请</b>&lt;11&gt;件'
    """
    usable = [t for t in terms if t]
    if not usable:
        return escape(text, quote=False)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(usable, key=len, reverse=True)))
    out, last = [], 0
    for match in pattern.finditer(text):
        out += [escape(text[last : match.start()], quote=False), f"<b>{escape(match.group(), quote=False)}</b>"]
        last = match.end()
    out.append(escape(text[last:], quote=False))
    return "".join(out)


def coverage_text(coverage: Coverage) -> str:
    return f"我的知识库有 {coverage.reports} 份报告，{len(coverage.agencies)} 个机关，{year_range(coverage)}。"


def answer_html(
    answer: Answer, coverage: Coverage, *, page: int = 0, compact: bool = False, paging: bool = True
) -> str:
    """One hit of ``answer`` (``page``, 0 = best) as a Telegram message, or the refusal with what we cover.

    Private chats get the asked fact, the sentence that says it, the rest of its passage in an
    expandable quote and the source (linked to the report's page when known); groups (``compact``) get
    the fact, the sentence and the source only.
    """
    if not answer.found:
        reason = cut(reason_text(answer), MAX_REASON)
        # A follow-up refused still says what it took from the last question: the reader sees what was asked.
        carried = [f"\n<i>{escape(note_text(n), quote=False)}</i>" for n in answer.notes if n.code == NoteCode.CARRIED]
        return f"没有找到答案：{escape(reason, quote=False)}{''.join(carried)}\n{escape(coverage_text(coverage), quote=False)}"
    page = min(max(page, 0), len(answer.hits) - 1)
    hit = answer.hits[page]
    fact = answer_fact(answer, hit)
    head = _head(answer, hit, fact, COMPACT_SNIPPET if compact else MAX_SNIPPET)
    if page == 0 and (lead := english_lead(answer, fact)):  # asked in English: one English line first
        head = [escape(lead, quote=False), *head]
    notes = [cut(note_text(note), 300) for note in answer.notes] if page == 0 else []
    counter = f"（第 {page + 1}/{len(answer.hits)} 条）" if paging and len(answer.hits) > 1 else ""
    tail = [f"出处：{source_html(hit)}{counter}", *(f"<i>{escape(n, quote=False)}</i>" for n in notes)]
    rest = "" if compact else rest_of_passage(hit)
    if not rest:
        return "\n".join([*head, *tail])
    used = visible_length(visible_text("\n".join([*head, *tail]))) + 4
    passage = _around(rest, LEFT_OUT, MAX_TEXT - used)
    return "\n".join([*head, f"<blockquote expandable>{escape(passage, quote=False)}</blockquote>", *tail])


def _head(answer: Answer, hit: Hit, fact: str, most: int) -> list[str]:
    """The asked ``fact`` in bold, then the sentence that says it (issue 22); the sentence alone, the
    question's words in bold, when no fact stands out."""
    sentence = cut(hit.snippet, most)
    if not fact:
        return [f"答：{highlight(sentence, answer.terms)}"]
    first = f"答：<b>{escape(fact, quote=False)}</b>"
    return [first] if fact == hit.snippet.strip() else [first, escape(sentence, quote=False)]


def source_html(hit: Hit) -> str:
    """Agency · year · section: the agency and year a link to the report's web page when reports.jsonl
    gives one, else followed by the report's file name.

    >>> from knowledge import Passage, Report
    >>> report = Report("r", "温州市教育局", 2018, "t", "r.txt", url="http://a.cn/nb?y=2018&p=1")
    >>> source_html(Hit(Passage("r", 0, ("一、概述",), "…"), report, 90.0, "…"))
    '<a href="http://a.cn/nb?y=2018&amp;p=1">温州市教育局 · 2018年</a> · 一、概述'
    """
    agency, year, section = source_parts(hit)
    named, section = escape(cut(f"{agency} · {year}", 150), quote=False), escape(cut(section, 150), quote=False)
    if hit.report.url.startswith(("http://", "https://")):  # only a web page: never javascript: or file:
        return f'<a href="{escape(hit.report.url)}">{named}</a> · {section}'
    return f"{named} · {section} · {escape(cut(hit.report.source, 100), quote=False)}"


def _around(text: str, snippet: str, most: int) -> str:
    """``text`` if it fits in ``most`` units, else a window of it that keeps the snippet in view."""
    if visible_length(text) <= most:
        return text
    at = max(text.find(snippet), 0)
    start = max(0, at - most // 3)
    window = text[start:]
    prefix = ELLIPSIS if start else ""
    return prefix + cut(window, most - len(prefix))


def inline_title(answer: Answer, hit: Hit) -> str:
    """An inline card's title: agency · year · the fact the card answers with."""
    year = f"{hit.report.year}年" if hit.report.year else ""
    return cut(" · ".join(p for p in (hit.report.agency or "机关不详", year, answer_fact(answer, hit)) if p), 100)


def start_html(coverage: Coverage, examples: list[str], username: str) -> str:
    lines = [
        "你好！我回答关于<b>政府信息公开工作年度报告</b>的问题，并引用报告原文和出处。",
        escape(coverage_text(coverage), quote=False),
    ]
    if examples:
        lines += ["", "可以这样问：", *(f"• {escape(q, quote=False)}" for q in examples)]
    lines += ["", f"发送 /help 查看用法（包括在群里如何 @{escape(username, quote=False)}）。"]
    return "\n".join(lines)


def help_html(username: str, keep_days: int) -> str:
    bot = escape(username, quote=False)
    return "\n".join(
        [
            "<b>怎么问</b>：写上机关、年份和想知道的事，例如“温州市教育局2018年收到多少件依申请公开？”。",
            "机关可以用简称（温州教育局），年份可以写 2018年、18年、二〇一八年；不写年份就用最新的报告。",
            "接着问可以省略：“那2017年呢？”“邮箱呢？”“那沈阳呢？”沿用上一问的机关、年份或内容；/new 重新开始。",
            "",
            "<b>私聊</b>：直接发送问题。回答下方的“下一条”翻看其他相关段落，👍/👎 告诉我答得好不好。",
            f"<b>群聊</b>：发送 /ask@{bot} 问题，或在消息里 @{bot}，或回复我的消息；其他消息我不读。",
            f"<b>任意聊天</b>：输入 @{bot} 问题，选择一条回答发送出去。",
            "",
            "/start 知识库概况和示例  /help 本说明  /ask 问题 提问  /new 新话题",
            "<b>记录什么</b>：问题文本（身份证号、手机号、邮箱会先隐去）、提问时间、聊天类型、是否答出、耗时、"
            f"👍/👎，以及用户编号的加密散列（密钥另存，不在记录里）；{keep_days} 天后删除。"
            "inline 提问只在选中发送时记录。",
        ]
    )


NEW_CONVERSATION_TEXT = "好的，下一个问题重新开始，不接上一问。"

"""Answer -> what people read: the words for every refusal and note, plain text for the terminal, a JSON
object for machines. Pure. The core gives codes (Refusal, NoteCode); the Chinese wording lives here."""

from __future__ import annotations

import re

from knowledge.answer import PART_JOINER
from knowledge.fact import fact_of
from knowledge.models import Answer, Hit, Kind, Note, NoteCode, Refusal
from knowledge.question import MAX_QUESTION_CHARS

MAX_OTHERS = 3
TOO_LONG_TEXT = f"问题太长了（最多 {MAX_QUESTION_CHARS} 字），请一次只问一件事。"
HIT_FIELDS = ("answer", "passage", "agency", "year", "section", "source", "score", "fact", "url")
LEFT_OUT = "……"  # where the quoted passage had the sentence shown above it
_PUNCTUATION_ONLY = re.compile(r"[\s，,。；;：:、…]*")


def hit_json(hit: Hit) -> dict:
    return {
        "answer": hit.snippet,
        "passage": hit.passage.text,
        "agency": hit.report.agency,
        "year": hit.report.year,
        "section": hit.passage.section or None,
        "source": hit.report.source,
        "score": hit.score,
    }


def answered_json(answer: Answer, hit: Hit) -> dict:
    """One hit of ``answer`` for `--json`: ``hit_json``'s fields, the fact its sentence gives (null when
    none stands out) and the report's web address (null when reports.jsonl gave none)."""
    return {**hit_json(hit), "fact": answer_fact(answer, hit) or None, "url": hit.report.url or None}


def answer_json(answer: Answer) -> dict:
    """The `ask --json` object: question, answered, answer, passage, agency, year, section, source,
    score, fact, url, reason (words) and reason_code, others (more hits; for a refusal, the agencies it
    offers, each with the question asked again about it) and notes."""
    empty = dict.fromkeys(HIT_FIELDS)  # a refusal: the same keys as a hit, all null
    best = answered_json(answer, answer.hits[0]) if answer.found else empty
    if answer.found:
        others = [answered_json(answer, h) for h in answer.hits[1 : 1 + MAX_OTHERS]]
    else:
        others = [{"agency": c.agency, "question": c.question} for c in answer.candidates]
    return {
        "question": answer.question,
        "answered": answer.found,
        **best,
        "reason": reason_text(answer) if not answer.found else None,
        "reason_code": answer.refusal.value if answer.refusal else None,
        "others": others,
        "notes": [note_text(n) for n in answer.notes],
    }


# The reply to English that asks nothing the glossary maps: what the bot answers, and how to ask.
ENGLISH_HELP = (
    "I answer questions about Chinese government information-disclosure annual reports. Ask e.g. "
    '"How many information disclosure requests did 温州市教育局 receive in 2018?" — name the agency in Chinese.'
)

# Refusals that say the question asks nothing the reports tell (rather than what is missing from them).
_ASKS_NOTHING = frozenset({Refusal.NOT_CHINESE, Refusal.OFF_TOPIC, Refusal.NEEDS_AGENCY, Refusal.NO_TOPIC})


def reason_text(answer: Answer) -> str:
    """Why ``answer`` refuses, in words.

    >>> reason_text(Answer("q", refusal=Refusal.NO_REPORT_FOR_YEAR, agencies=("温州市教育局",), year=2016, years=(2018,)))
    '没有温州市教育局2016年的报告；已有的年份：2018。'
    """
    names = _names(answer.agencies)
    if answer.english and answer.refusal in _ASKS_NOTHING:  # asked in English: say in English what to ask
        return ENGLISH_HELP
    match answer.refusal:
        case Refusal.EMPTY:
            return "请输入问题，例如：温州市教育局2018年收到多少件依申请公开？"
        case Refusal.TOO_LONG:
            return TOO_LONG_TEXT
        case Refusal.NOT_CHINESE:
            return ENGLISH_HELP if answer.english else "请用中文提问，例如：温州市教育局2018年收到多少件依申请公开？"
        case Refusal.UNKNOWN_AGENCY:
            hint = f"相近的机关：{'、'.join(c.agency for c in answer.candidates)}。" if answer.candidates else ""
            return f"知识库里没有“{answer.named}”的报告。{hint}"
        case Refusal.AMBIGUOUS_AGENCY:
            return f"有多个机关符合：{names}。请说明是哪一个。"
        case Refusal.NO_REPORT_FOR_YEAR:
            have = "、".join(str(y) for y in answer.years) or "未知"
            return f"没有{names}{answer.year}年的报告；已有的年份：{have}。"
        case Refusal.NO_TOPIC:
            return f"请说明想了解{names}报告中的什么内容，例如“收到多少件依申请公开”。"
        case Refusal.NOT_IN_REPORT if answer.kind == Kind.CONTACT:
            return f"{names}的报告里没有写这项联系方式。"
        case Refusal.NOT_IN_REPORT if answer.kind == Kind.NUMBER:
            return f"{names}的报告里没有找到这个数字。"
        case Refusal.NOT_IN_REPORT:
            return f"{names}的报告里没有找到与此相关的内容。"
        case Refusal.OFF_TOPIC:
            return "这个问题与政府信息公开年度报告无关，或缺少机关名称。"
        case Refusal.RELATIVE_YEAR:
            return f"“{answer.named}”是哪一年？请写明年份再问，例如：{answer.year}年。"
        case Refusal.AMBIGUOUS_REPORTS:
            agencies = "、".join(c.agency for c in answer.candidates)
            return f"多份报告都有类似内容（{agencies}），请说明是哪个机关、哪一年。"
        case _:  # NEEDS_AGENCY
            return "没有在报告中找到答案。可以加上机关名称和年份再问一次。"


def english_lead(answer: Answer, fact: str) -> str:
    """A question asked in English: one English line before the report's own words, the best hit's
    ``fact`` (its answer_fact) quoted verbatim ("Phone: 0577-88636388 — 温州市教育局, 2018 report"); ""
    otherwise."""
    if not (answer.english and answer.found):
        return ""
    hit = answer.hits[0]
    fact = fact or hit.snippet[:50]
    year = f", {hit.report.year} report" if hit.report.year else ""
    return f"{answer.english}: {fact} — {hit.report.agency or 'agency unknown'}{year}"


def note_text(note: Note) -> str:
    """What a note tells the reader.

    >>> note_text(Note(NoteCode.ASSUMED_AGENCY, agency="呼和浩特市文化旅游广电局", years=(2021,)))
    '按呼和浩特市文化旅游广电局2021年的报告回答。'
    """
    years = "、".join(str(y) for y in note.years)
    match note.code:
        case NoteCode.YEAR_ASSUMED:
            return f"没有指定年份，使用{years}年的报告；另有{'、'.join(str(y) for y in note.others)}年的报告。"
        case NoteCode.ASSUMED_AGENCY:
            return f"按{note.agency}{years}年的报告回答。" if years else f"按{note.agency}的报告回答。"
        case NoteCode.TOPIC_YEAR:
            asked, used = note.years
            return f"没有{note.agency}{asked}年的报告，这是{used}年报告里讲到{asked}年的内容。"
        case NoteCode.CARRIED:
            return f"接上一问：{note.part}"
        case _:  # PART_UNANSWERED
            return f"“{note.part}”报告里没有找到。"


def _names(names: tuple[str, ...], most: int = 5) -> str:
    shown = "、".join(sorted(names)[:most])
    return shown + (f"等{len(names)}个机关" if len(names) > most else "")


def source_parts(hit: Hit) -> list[str]:
    """Agency, year and section of a hit, with a word for whatever the report did not say."""
    year = f"{hit.report.year}年" if hit.report.year else "年份不详"
    return [hit.report.agency or "机关不详", year, hit.passage.section or "报告开头"]


def source_line(hit: Hit) -> str:
    """Agency · year · section · where to read the report: its web address, else its file name."""
    return " · ".join([*source_parts(hit), hit.report.url or hit.report.source])


def answer_fact(answer: Answer, hit: Hit) -> str:
    """The asked fact as the hit's sentence writes it (11件, 0577-88636388), "" when none stands out."""
    return fact_of(answer.question, answer.kind, hit.snippet, agency=hit.report.agency or "")


def rest_of_passage(hit: Hit) -> str:
    """The hit's passage with its quoted sentence left out (``LEFT_OUT`` marks where): the sentence is
    shown above the passage, never twice (issue 22). "" when the passage says nothing more.

    >>> from knowledge.models import Passage, Report
    >>> report = Report("r", "温州市教育局", 2018, "t", "r.txt")
    >>> rest_of_passage(Hit(Passage("r", 0, (), "前文。转办11件。后文。"), report, 90.0, "转办11件。"))
    '前文。……后文。'
    >>> rest_of_passage(Hit(Passage("r", 0, (), "转办11件。"), report, 90.0, "转办11件。"))
    ''
    """
    text = hit.passage.text
    for piece in hit.snippet.split(PART_JOINER):
        # A table row is quoted on one line (knowledge.spans.tidy): a space there may stand for a line break.
        words = [re.escape(word) for word in piece.split()]
        found = re.search(r"\s+".join(words), text) if words else None
        if found:
            text = f"{text[: found.start()]}{LEFT_OUT}{text[found.end() :]}"
    return "" if _PUNCTUATION_ONLY.fullmatch(text) else text


def render_text(answer: Answer) -> str:
    """Plain text for `reportbot ask`, in the order of the Telegram answer: the asked fact, the sentence
    that says it, the rest of its passage, the source and the notes."""
    if not answer.found:
        lines = [f"没有答案：{reason_text(answer)}"]
        lines += [f"注：{note_text(n)}" for n in answer.notes if n.code == NoteCode.CARRIED]  # a follow-up's
        lines += [f"  可以问：{c.question}" for c in answer.candidates]
        return "\n".join(lines)
    hit = answer.hits[0]
    fact, sentence = answer_fact(answer, hit), hit.snippet
    lines = [f"答：{fact}", sentence] if fact and fact != sentence.strip() else [f"答：{fact or sentence}"]
    lines[:0] = [lead] if (lead := english_lead(answer, fact)) else []
    if rest := rest_of_passage(hit):
        lines += ["原文：", *("  " + line for line in rest.split("\n"))]
    lines.append(f"出处：{source_line(hit)}")
    lines += [f"注：{note_text(note)}" for note in answer.notes]
    return "\n".join(lines)

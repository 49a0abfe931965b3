"""Answer -> what people read: the words for every refusal and note, plain text for the terminal, a JSON
object for machines. Pure. The core gives codes (Refusal, NoteCode); the Chinese wording lives here."""

from __future__ import annotations

from knowledge.models import Answer, Hit, Kind, Note, NoteCode, Refusal
from knowledge.question import MAX_QUESTION_CHARS

MAX_OTHERS = 3
TOO_LONG_TEXT = f"问题太长了（最多 {MAX_QUESTION_CHARS} 字），请一次只问一件事。"
HIT_FIELDS = ("answer", "passage", "agency", "year", "section", "source", "score")


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


def answer_json(answer: Answer) -> dict:
    """The `ask --json` object: question, answered, answer, passage, agency, year, section, source,
    score, reason (words) and reason_code, others (more hits; for a refusal, the agencies it offers,
    each with the question asked again about it) and notes."""
    empty = dict.fromkeys(HIT_FIELDS)  # a refusal: the same keys as a hit, all null
    best = hit_json(answer.hits[0]) if answer.found else empty
    if answer.found:
        others = [hit_json(h) for h in answer.hits[1 : 1 + MAX_OTHERS]]
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


def reason_text(answer: Answer) -> str:
    """Why ``answer`` refuses, in words.

    >>> reason_text(Answer("q", refusal=Refusal.NO_REPORT_FOR_YEAR, agencies=("温州市教育局",), year=2016, years=(2018,)))
    '没有温州市教育局2016年的报告；已有的年份：2018。'
    """
    names = _names(answer.agencies)
    match answer.refusal:
        case Refusal.EMPTY:
            return "请输入问题，例如：温州市教育局2018年收到多少件依申请公开？"
        case Refusal.TOO_LONG:
            return TOO_LONG_TEXT
        case Refusal.NOT_CHINESE:
            return "请用中文提问，例如：温州市教育局2018年收到多少件依申请公开？"
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
    return " · ".join([*source_parts(hit), hit.report.source])


def render_text(answer: Answer) -> str:
    """Plain text for `reportbot ask`: the answer, its source, and the quoted passage."""
    if not answer.found:
        lines = [f"没有答案：{reason_text(answer)}"]
        lines += [f"  可以问：{c.question}" for c in answer.candidates]
        return "\n".join(lines)
    hit = answer.hits[0]
    lines = [f"答：{hit.snippet}", f"出处：{source_line(hit)}"]
    lines += [f"注：{note_text(note)}" for note in answer.notes]
    lines += ["原文：", *("  " + line for line in hit.passage.text.split("\n"))]
    return "\n".join(lines)

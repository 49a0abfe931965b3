"""Answer -> what people read: plain text for the terminal, a JSON object for machines. Pure."""

from __future__ import annotations

from knowledge.models import Answer, Hit

MAX_OTHERS = 3
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
    score, reason, others (and notes)."""
    empty = dict.fromkeys(HIT_FIELDS)  # a refusal: the same keys as a hit, all null
    best = hit_json(answer.hits[0]) if answer.found else empty
    others = [hit_json(h) for h in answer.hits[1 : 1 + MAX_OTHERS]] if answer.found else []
    return {
        "question": answer.question,
        "answered": answer.found,
        **best,
        "reason": answer.reason,
        "others": others,
        "notes": list(answer.notes),
    }


def source_parts(hit: Hit) -> list[str]:
    """Agency, year and section of a hit, with a word for whatever the report did not say."""
    year = f"{hit.report.year}年" if hit.report.year else "年份不详"
    return [hit.report.agency or "机关不详", year, hit.passage.section or "报告开头"]


def source_line(hit: Hit) -> str:
    return " · ".join([*source_parts(hit), hit.report.source])


def render_text(answer: Answer) -> str:
    """Plain text for `reportbot ask`: the answer, its source, and the quoted passage."""
    if not answer.found:
        return f"没有答案：{answer.reason}"
    hit = answer.hits[0]
    lines = [f"答：{hit.snippet}", f"出处：{source_line(hit)}"]
    lines += [f"注：{note}" for note in answer.notes]
    lines += ["原文：", *("  " + line for line in hit.passage.text.split("\n"))]
    return "\n".join(lines)

"""A Comparison (a question across reports) in words: the verdict, CLI lines, the `--json` object, the
Telegram table and the chart's data. Every figure shown beside a quote is the span's own text; a sum or
a difference is worked out from those figures and says so."""

from __future__ import annotations

import unicodedata
from html import escape

from bot.present.charts import format_value
from bot.present.messages import MAX_TEXT, cut, source_html, visible_length
from bot.present.render import hit_json, reason_text
from knowledge.conclusions import Conclude, Outcome, Verdict, comparable, verdicts
from knowledge.models import Across, Comparison, Part, Refusal

NOT_SAID = "报告未提及"
MOST_LISTED = 30  # agencies a coverage answer lists before it says how many more there are
CHART_PARTS = 2  # figures of one unit family from which a chart is drawn: two already compare
MAX_CAPTION_QUESTION = 300  # a question is at most 300 characters; escaped, the caption stays under 1,024
MAX_QUOTE = 200  # characters of each part's quote in Telegram: ten parts stay within one message
MESSAGE_MARGIN = 100  # room kept under Telegram's limit for the line that says what was left out
WORKED_OUT = "（按所引原文中的数字计算）"  # after a sum or a difference: no report states it


def part_json(part: Part) -> dict:
    """One part for `--json`: agency, year, answer, passage, section, source, score, answered, reason."""
    answer = part.answer
    hit = (
        hit_json(answer.hits[0]) if answer.found else dict.fromkeys(("answer", "passage", "section", "source", "score"))
    )
    hit.update(agency=part.agency, year=part.year, answered=answer.found)
    hit["reason"] = None if answer.found else reason_text(answer)
    return hit


def comparison_json(comparison: Comparison) -> dict:
    """The `ask --json` object of a question across reports: the usual fields (from the first part
    answered) and ``parts``, one per (agency, year) in the order asked; ``listing`` for coverage."""
    parts = [part_json(p) for p in comparison.parts]
    first = next((p for p in parts if p["answered"]), None)
    usual = ("answer", "passage", "agency", "year", "section", "source", "score")
    return {
        "question": comparison.question,
        "answered": comparison.found,
        **{key: first[key] if first else None for key in usual},
        "reason": None if comparison.found else headline(comparison),
        "reason_code": None,
        "others": [],
        "notes": [],
        "across": comparison.across.value,
        "parts": parts,
        "looked_at": comparison.looked_at,
        "listing": [{"agency": agency, "years": list(years)} for agency, years in comparison.listing],
        "verdict": "\n".join(verdict_lines(comparison)) or None,
        **{
            verdict.asked.value: verdict.value if verdict.outcome in (Outcome.DECIDED, Outcome.TIE) else None
            for verdict in verdicts(comparison)
            if verdict.asked in (Conclude.TOTAL, Conclude.DIFFERENCE)
        },
    }


def headline(comparison: Comparison) -> str:
    """One line saying what the parts are."""
    match comparison.across:
        case Across.COVERAGE:
            named = f"名称含“{comparison.place}”的" if comparison.place else ""
            of_year = f"{comparison.year}年的" if comparison.year else ""
            if not comparison.listing:
                return (
                    f"知识库里没有{named}机关的{of_year}报告。" if named else f"知识库里没有{of_year or '任何'}报告。"
                )
            reports = sum(len(years) for _, years in comparison.listing)
            if of_year:
                return f"知识库里有{named}{len(comparison.listing)}个机关有{of_year}报告："
            return f"知识库里有{named}{len(comparison.listing)}个机关的{reports}份报告："
        case Across.RANKING:
            return f"按所引原文中的数字排序（查看了 {comparison.looked_at} 份报告，未提及的排在最后）："
        case Across.YEARS:
            return f"{comparison.parts[0].agency}，逐年（每项引自当年的报告）："
        case _:
            return "逐项回答（每项引自各自的报告）："


def row(part: Part) -> tuple[str, str, str, str, str]:
    """(agency, year, figure, quote, file) of a part; a part not answered says so."""
    year = f"{part.year}年" if part.year else "最新"
    if not part.answer.found:
        return part.agency, year, NOT_SAID, reason_text(part.answer), ""
    hit = part.answer.hits[0]
    return part.agency, year, part.figure or "—", hit.snippet, hit.report.source


def comparison_text(comparison: Comparison) -> str:
    """Plain text for `reportbot ask`: the verdict, a headline, then one line per part (or per listed
    agency)."""
    lines = [*verdict_lines(comparison), headline(comparison)]
    if comparison.across == Across.COVERAGE:
        lines += [f"  {agency} · {_years(years)}" for agency, years in comparison.listing]
        return "\n".join(lines)
    lines += [" · ".join(field for field in row(part) if field) for part in comparison.parts]
    return "\n".join(lines)


def pages(comparison: Comparison) -> int:
    """How many messages' worth a coverage listing takes (MOST_LISTED agencies each); 1 otherwise."""
    return max(1, -(-len(comparison.listing) // MOST_LISTED))


def comparison_html(comparison: Comparison, page: int = 0) -> str:
    """The Telegram message: the headline, an aligned table in <pre>, then each part's quote and source;
    for coverage, one ``page`` of the listing."""
    lines = [f"<b>{escape(line, quote=False)}</b>" for line in verdict_lines(comparison)]
    lines.append(escape(headline(comparison), quote=False))
    if comparison.across == Across.COVERAGE:
        shown = comparison.listing[page * MOST_LISTED : (page + 1) * MOST_LISTED]
        lines += [escape(f"• {agency}：{_years(years)}", quote=False) for agency, years in shown]
        if pages(comparison) > 1:
            lines.append(f"第 {page + 1}/{pages(comparison)} 页。加上地名可以只看一处，例如“有没有温州的报告”。")
        return "\n".join(lines)
    rows = [row(p)[:3] for p in comparison.parts]
    widths = [max((_width(r[i]) for r in rows), default=0) for i in range(3)]
    table = "\n".join("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(r)).rstrip() for r in rows)
    lines.append(f"<pre>{escape(table, quote=False)}</pre>")
    budget = MAX_TEXT - MESSAGE_MARGIN - sum(visible_length(line) + 1 for line in lines)
    for number, part in enumerate(comparison.parts, 1):
        if part.answer.found:
            hit = part.answer.hits[0]
            quote = cut(hit.snippet, MAX_QUOTE)  # its source links the report's page, as a single answer's does
            line = f"{number}. <blockquote>{escape(quote, quote=False)}</blockquote>出处：{source_html(hit)}"
        else:
            line = f"{number}. {escape(part.agency, quote=False)}：{escape(reason_text(part.answer), quote=False)}"
        budget -= visible_length(line) + 1
        if budget < 0:  # Telegram's 4,096 characters: the table above still shows every part
            lines.append(f"……其余 {len(comparison.parts) - number + 1} 项的原文从略，见上表。")
            break
        lines.append(line)
    return "\n".join(lines)


def chart_data(comparison: Comparison) -> tuple[list[str], list[float], bool] | None:
    """Labels, values and whether to draw a line (years) for a chart, or None when fewer than
    CHART_PARTS parts state a figure of one unit family (a ranking: of the family most of them state)."""
    numeric = _charted(comparison)
    if len(numeric) < CHART_PARTS:
        return None
    if comparison.across == Across.YEARS:
        return [f"{p.year}年" for p in numeric], [p.value or 0.0 for p in numeric], True
    names = [p.agency for p in numeric]
    if len(set(names)) < len(names) or len({p.year for p in numeric}) > 1:  # 甲局 twice, or each in its year
        names = [f"{p.agency} {p.year}年" if p.year else p.agency for p in numeric]
    return names, [p.value or 0.0 for p in numeric], False


def chart_caption(question: str) -> str:
    """The chart photo's caption (HTML, within Telegram's 1,024 characters): the question it answers."""
    shown = question if len(question) <= MAX_CAPTION_QUESTION else question[: MAX_CAPTION_QUESTION - 1] + "…"
    return f"图：{escape(shown, quote=False)}\n每个数字取自上面所引的原文。"


def sources_line(comparison: Comparison) -> str:
    """The chart's footnote: each plotted figure's report file."""
    return "来源：" + "；".join(
        f"{p.agency}{f'{p.year}年' if p.year else ''}（{p.answer.hits[0].report.source}）" for p in _charted(comparison)
    )


def verdict_lines(comparison: Comparison) -> list[str]:
    """What the figures conclude, one line for each thing the question asks (哪个多, 加起来, 差多少), or
    why they conclude nothing: the lines a reply starts with.

    A question naming its agencies or years concludes only when each part states a figure and all are
    of one unit family; a ranking compares those of the family most parts state.
    """
    lines = []
    for verdict in verdicts(comparison):
        if verdict.outcome in (Outcome.MISSING, Outcome.UNITS_DIFFER):
            line = _cannot(verdict, ranking=comparison.across == Across.RANKING)
        elif verdict.asked in (Conclude.TOTAL, Conclude.DIFFERENCE):
            line = _worked_out(verdict)
        else:
            line = _which(verdict, ranking=comparison.across == Across.RANKING)
        if verdict.left_out:  # a ranking: the reports that state no figure of the family compared
            line = f"{line.removesuffix('。')}（另有 {verdict.left_out} 份报告没有可比的数字）。"
        lines.append(line)
    return lines


def _name(part: Part) -> str:
    """A part as a verdict names it: the agency and its report's year."""
    return f"{part.agency}{part.year}年" if part.year else part.agency


def _cannot(verdict: Verdict, *, ranking: bool) -> str:
    """Why the figures conclude nothing: a part states none (or has no report), or their units differ."""
    cannot = {Conclude.TOTAL: "无法合计", Conclude.DIFFERENCE: "无法计算相差多少"}.get(verdict.asked, "无法比较")
    if verdict.outcome == Outcome.UNITS_DIFFER:
        return f"{cannot}：所引数字的单位不同（{'、'.join(f'{_name(p)} {p.figure}' for p in verdict.parts)}）。"
    if ranking or not verdict.parts:
        return f"{cannot}：查看的报告都没有给出这个数字。"
    if all(p.answer.refusal == Refusal.NO_TOPIC for p in verdict.parts):
        return f"{cannot}：问题没有说要比较什么，例如“收到多少件依申请公开”。"
    no_report = (Refusal.UNKNOWN_AGENCY, Refusal.NO_REPORT_FOR_YEAR)
    unknown = [_name(p) for p in verdict.parts if p.answer.refusal in no_report]
    silent = [_name(p) for p in verdict.parts if p.answer.refusal not in no_report]
    said = [f"知识库里没有{'、'.join(unknown)}的报告"] if unknown else []
    said += [f"{'、'.join(silent)}的报告没有给出这个数字"] if silent else []
    return f"{cannot}：{'；'.join(said)}。"


def _worked_out(verdict: Verdict) -> str:
    """The sum or the difference, worked out from the quoted figures and saying so."""
    amount = f"{format_value(verdict.value or 0.0)}{verdict.unit}"
    if verdict.asked == Conclude.TOTAL:
        return f"合计 {amount}{WORKED_OUT}。"
    if verdict.outcome == Outcome.TIE:
        return f"{_names(verdict.parts)}一样多，相差 0{WORKED_OUT}。"
    high, low = verdict.parts
    if high.agency == low.agency and low.year:  # one agency over years: 温州市教育局2018年比2017年多
        return f"{_name(high)}比{low.year}年多 {amount}{WORKED_OUT}。"
    if verdict.compared > 2:
        return f"最多的{_name(high)}比最少的{_name(low)}多 {amount}{WORKED_OUT}。"
    return f"{_name(high)}比{_name(low)}多 {amount}{WORKED_OUT}。"


def _which(verdict: Verdict, *, ranking: bool) -> str:
    """Which part has the most (or fewest), the parts that tie, or that every figure is 0."""
    if verdict.outcome == Outcome.ALL_ZERO:
        return "结论：所引的数字都是 0，没有哪一个更多。"
    figure, names = _figure(verdict.parts[0]), _names(verdict.parts)
    if verdict.outcome == Outcome.TIE:
        alike = len(verdict.parts) == verdict.compared
        return f"结论：{names}{'一样多' if alike else '并列' + _most(verdict.asked, many=True)}：都是{figure}。"
    return f"结论：{names}{_most(verdict.asked, many=verdict.compared > 2 or ranking)}：{figure}。"


def _names(parts: tuple[Part, ...]) -> str:
    """甲, 甲和乙, 甲、乙和丙."""
    named = [_name(p) for p in parts]
    return "和".join(["、".join(named[:-1]), named[-1]]) if len(named) > 1 else "".join(named)


def _most(asked: Conclude, *, many: bool) -> str:
    """更多/更少 between two, 最多/最少 among more."""
    return ("最" if many else "更") + ("少" if asked == Conclude.FEWEST else "多")


def _figure(part: Part) -> str:
    """A part's figure as its span writes it; a 0 said in words (未收到) also as the number."""
    if part.value == 0 and not any(char.isdigit() for char in part.figure):
        return f"0（{part.figure}）" if part.figure else "0"
    return part.figure or format_value(part.value or 0.0)


def _charted(comparison: Comparison) -> list[Part]:
    """The parts a chart draws: those whose figures compare (knowledge.conclusions.comparable)."""
    return comparable(comparison)[0]


def _years(years: tuple[int, ...]) -> str:
    return "、".join(f"{y}年" for y in years) if years else "年份不详"


def _width(text: str) -> int:
    """Columns ``text`` takes in a monospace font: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))

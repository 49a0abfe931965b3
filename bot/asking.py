"""`reportbot ask`: one question, or each line of stdin answered on the same line of stdout."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from bot.present.comparisons import CHART_PARTS, chart_data, comparison_json, comparison_text, sources_line
from bot.present.render import answer_json, render_text
from knowledge import Answer, Comparison, Context, KnowledgeBase, StoreError

log = logging.getLogger("reportbot")


def ask_all(question: str, open_kb: Callable[[], KnowledgeBase], *, as_json: bool, chart: Path | None) -> int:
    """Answer ``question``, or with '-' each line of stdin: one answer per line, blank lines included, so
    the n-th answer is the n-th line's; a question that fails gets its error in its place. A knowledge
    base that does not open fails one question as a whole (StoreError); with '-', it fails every line."""
    many = question == "-"
    questions = (line.rstrip("\r\n") for line in sys.stdin) if many else iter([question])
    try:
        kb = open_kb()
    except StoreError as exc:
        if not many:
            raise
        print(f"Error: {exc}", file=sys.stderr)
        for each in questions:
            _failed(each, exc, as_json=as_json)
        return 1
    failed = 0
    talks: dict[str, Context] = {}  # with --json, {"question": …, "chat": …} lines of one chat are one conversation
    try:
        for line in questions:
            each, chat = _chat_line(line) if many and as_json else (line, None)
            try:
                answer = kb.respond(each, after=talks.get(chat) if chat is not None else None)
            except StoreError as exc:
                if not many:
                    raise
                failed += 1
                log.error("question %r failed: %s", each, exc)
                _failed(each, exc, as_json=as_json)
                continue
            if chat is not None:  # a question that leaves nothing to follow (across reports, unknown agency) ends it
                context = answer.context if isinstance(answer, Answer) else None
                talks.pop(chat, None) if context is None else talks.update({chat: context})
            if as_json:
                print(json.dumps(as_json_object(answer), ensure_ascii=False), flush=True)
            else:
                print(comparison_text(answer) if isinstance(answer, Comparison) else render_text(answer), flush=True)
            if chart and isinstance(answer, Comparison):
                write_chart(answer, chart)
            elif chart:
                print("no chart: the question asks about one report", file=sys.stderr)
    finally:
        kb.close()
    return 1 if failed else 0


def _chat_line(line: str) -> tuple[str, str | None]:
    """A line of ``ask - --json``: a plain question, or a JSON object {"question": …, "chat": …} whose
    "chat" (any string or number) ties it to the earlier lines of that chat, as follow-ups."""
    if not line.lstrip().startswith("{"):
        return line, None
    try:
        said = json.loads(line)
    except json.JSONDecodeError:
        return line, None
    if not isinstance(said, dict) or not isinstance(said.get("question"), str):
        return line, None
    chat = said.get("chat")
    return said["question"], None if chat is None else str(chat)


def _failed(question: str, exc: StoreError, *, as_json: bool) -> None:
    """The line in place of a question's answer: its error."""
    if as_json:
        print(json.dumps({"question": question, "error": str(exc)}, ensure_ascii=False), flush=True)
    else:
        print(f"Error: {exc}", flush=True)


def as_json_object(answer: Answer | Comparison) -> dict:
    if isinstance(answer, Comparison):
        return comparison_json(answer)
    # A follow-up: what it took from its chat; asked in English: what it asks ("Phone", or null).
    return {**answer_json(answer), "carried": list(answer.carried), "english": answer.english or None}


def write_chart(comparison: Comparison, path: Path) -> None:
    """Write the comparison's chart to ``path``, or say on stderr why there is none."""
    data = chart_data(comparison)
    if data is None:
        print(f"no chart: fewer than {CHART_PARTS} parts state a figure", file=sys.stderr)
        return
    from bot.present.charts import render_chart  # matplotlib loads only for a chart

    labels, values, line = data
    path.write_bytes(render_chart(comparison.question, labels, values, line=line, footnote=sources_line(comparison)))
    print(f"chart: {path}", file=sys.stderr)

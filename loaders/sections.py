"""split_sections / split_passages: headings (一、 （一） 1． …) to sections, sections to passages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.grammar import HEADING_MARKERS, HEADING_STOP, MAX_HEADING_CHARS

PLAIN_LEVEL = 5
MAX_PLAIN_HEADING_CHARS = 20
PLAIN_HEADING_MIN_BODY = 30  # table cells one per line are short; body paragraphs are not
_SENTENCE_END = re.compile(r"(?<=[。！？；;!?])")
_NOT_PLAIN_HEADING = re.compile(r"^[-+]|[，,。；;：:|、]|^\d|\d{4}年\d{1,2}月|\d{4}-\d{1,2}")
_TABLE_VALUE = re.compile(r"^\s*-?\d[\d,.]*\s*(?:万元|元)?\s*\|?\s*$")
_DATE_LINE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月")
PASSAGE_TARGET_CHARS = 400
PASSAGE_MIN_CHARS = 40


@dataclass(frozen=True, slots=True)
class Section:
    """A heading-delimited region: its heading path and body lines (private to loaders)."""

    headings: tuple[str, ...]
    lines: tuple[str, ...]


def heading_of(line: str) -> tuple[int, str, bool] | None:
    """Return (level, heading text, inline) when ``line`` starts a numbered section, else None.

    ``inline`` is True when the line also carries body text after the heading.

    >>> heading_of("（一）强化组织领导，为政府信息公开工作提供保障。我局高度重视。")
    (2, '（一）强化组织领导，为政府信息公开工作提供保障', True)
    >>> heading_of("三、依申请公开政府信息情况")
    (1, '三、依申请公开政府信息情况', False)
    >>> heading_of("一是强化组织领导。") is None
    True
    """
    if "|" in line:
        return None
    for level, marker in HEADING_MARKERS:
        if marker.match(line):
            stop = HEADING_STOP.search(line)
            if stop is None and len(line) <= MAX_HEADING_CHARS:
                return level, line, False
            # A heading that is also a sentence stays in the body, so no content is lost.
            head = line[: stop.start()] if stop else line
            if len(head) > MAX_HEADING_CHARS:
                head = head[:MAX_HEADING_CHARS]
            return level, head, True
    return None


def split_sections(text: str) -> list[Section]:
    """Split cleaned report text into sections, each with its full heading path.

    Text before the first numbered heading is the preamble, with an empty heading path.

    A short section keeps its subsections (their heading lines included) in one section.

    >>> [(s.headings, s.lines) for s in split_sections("导言。\\n一、概述\\n正文。\\n（一）机制\\n细节。")]
    [((), ('导言。',)), (('一、概述',), ('正文。', '（一）机制', '细节。'))]
    """
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    body: list[str] = []
    seen_numbered = False
    lines = text.split("\n")

    def flush(next_level: int = 0) -> None:
        # A heading with neither body nor subsections (the last line of a cut-off page) is kept as
        # its own text, so no characters of the report are lost.
        if not body and path and path[-1][0] >= next_level:
            body.append(path[-1][1])
        if body:
            sections.append(Section(tuple(h for _, h in path), tuple(body)))
        body.clear()

    for i, line in enumerate(lines):
        found = heading_of(line)
        if found and _TABLE_VALUE.match(lines[i + 1] if i + 1 < len(lines) else ""):
            found = None  # "一、本年新收政府信息公开申请数量" over its figure is a table row, not a heading
        if found is None and seen_numbered and _is_plain_heading(line, lines[i + 1] if i + 1 < len(lines) else ""):
            found = (PLAIN_LEVEL, line, False)
        if found is None:
            body.append(line)
            continue
        level, heading, inline = found
        flush(level)
        seen_numbered = seen_numbered or level < PLAIN_LEVEL
        while path and path[-1][0] >= level:
            path.pop()
        path.append((level, heading))
        if inline:
            body.append(line)
    flush()
    return _fold_small(sections, 0)


def _fold_small(sections: list[Section], depth: int) -> list[Section]:
    """Fold a section's subsections into it when the whole section is short.

    "三、2013年努力方向" with its three one-line items (一)(二)(三) reads as one passage; a list
    question then finds the intro sentence and the items together.
    """
    folded: list[Section] = []
    i = 0
    while i < len(sections):
        head = sections[i].headings[: depth + 1]
        j = i + 1
        while j < len(sections) and len(head) == depth + 1 and sections[j].headings[: depth + 1] == head:
            j += 1
        group = sections[i:j]
        if len(group) == 1 or len(head) <= depth:
            folded.extend(group)
        else:
            lines: list[str] = []
            for section in group:
                own = section.headings[depth + 1 :]
                for heading in own:
                    if heading not in lines and not (section.lines and section.lines[0].startswith(heading)):
                        lines.append(heading)
                lines.extend(section.lines)
            if sum(len(line) for line in lines) <= PASSAGE_TARGET_CHARS:
                folded.append(Section(head, tuple(lines)))
            else:
                folded.extend(_fold_small(group, depth + 1))
        i = j
    return folded


def _is_plain_heading(line: str, next_line: str) -> bool:
    # A short unnumbered line standing alone above longer body text, e.g. "政策解读情况".
    return (
        len(line) <= MAX_PLAIN_HEADING_CHARS
        and len(next_line) >= PLAIN_HEADING_MIN_BODY
        and not _NOT_PLAIN_HEADING.search(line)
        and not _DATE_LINE.match(next_line)
        and heading_of(next_line) is None
    )


def split_passages(section: Section) -> list[str]:
    """Split one section's body into passage texts of a readable size, at sentence boundaries.

    Tiny fragments are merged into a neighbour; a passage never leaves its section.

    >>> split_passages(Section(("一、概述",), ("短。", "第二行正文内容。")))
    ['短。\\n第二行正文内容。']
    """
    pieces: list[str] = []
    for line in section.lines:
        if len(line) <= PASSAGE_TARGET_CHARS:
            pieces.append(line)
            continue
        pieces.extend(_pack([s for s in _SENTENCE_END.split(line) if s], "", PASSAGE_TARGET_CHARS))
    passages = _pack(pieces, "\n", PASSAGE_TARGET_CHARS)
    if len(passages) > 1 and len(passages[-1]) < PASSAGE_MIN_CHARS:
        tail = passages.pop()
        passages[-1] = passages[-1] + "\n" + tail
    return passages


def _pack(pieces: list[str], joiner: str, limit: int) -> list[str]:
    packed: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + len(piece) > limit and len(current) >= PASSAGE_MIN_CHARS:
            packed.append(current)
            current = piece
        else:
            current = current + joiner + piece if current else piece
    if current:
        packed.append(current)
    return packed

"""find_hits: the candidate passages of the chosen reports, every answer span of them with its features,
ranked by the fitted confidence; the best span of each passage is quoted."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from knowledge.bm25 import with_bm25
from knowledge.confidence import Features, Model
from knowledge.grammar import CJK, CN_DIGITS
from knowledge.keywords import Keyword
from knowledge.kinds import LITERAL_THINGS, NEGATION, NUMBER, Thing, holds, names_asked
from knowledge.models import Hit, Kind, Passage, Report
from knowledge.segment import normalise
from knowledge.spans import Span, SpanKind, line_kind, may_answer, span_bounds, tidy, widen
from knowledge.store import Store

CANDIDATES = 40
RARE_MIN_PASSAGES = 20
RARE_SHARE = 0.01
# A keyword in the span counts whole; in its headings (the section is about it) or elsewhere in its passage
# it counts in part. These shape the coverage features; how much coverage weighs is fitted.
HEADING_CREDIT, PASSAGE_CREDIT = 0.6, 0.3
SHORT_SPAN = 8
LEAD_CHARS = 40  # how much text before a span may say what its first clause's figure is about
_SENTENCE_ENDS = ("。", "！", "？", "!", "?", "；", ";")
_COMPOSING = re.compile(r"[\u0300-\u036f\u1100-\u11ff\u3099\u309a]")  # NFKC may join these to what precedes
_CLAUSE_END = re.compile(r"[，,；;。]")
# A total: 共计308条, 合计, 全年…, 共收到…3件, 共公开各类政务信息122条 (公共 is no total).
_TOTAL = re.compile(
    rf"共计|合计|总计|累计|总共|一共|共有|全年|总数|总量|(?<![公一总])共(?=[{CJK}]{{0,10}}[\d{CN_DIGITS}])"
)
_PART = re.compile(r"其中|另外|另有|此外|分别")
# A running total over the years answers only a question that asks for one.
_CUMULATIVE = re.compile(r"累计|历年|至今|以来")


@dataclass(frozen=True, slots=True)
class Query:
    """One question (or one part of it) as search reads it."""

    keywords: list[Keyword]
    kind: Kind
    thing: Thing | None  # what a typed question wants to see (kinds.asked)
    text: str  # the question's normalised text
    unnamed: bool = False  # no agency named: every report competes
    counted: Keyword | None = None  # a count question: the word next to 多少/几, what is counted (粉丝, 申请)
    specific: float = 1.0  # how specific its rarest word is (keywords.specificity)


@dataclass(frozen=True, slots=True)
class Scored:
    """A hit with the features of its span and the model's confidence in it."""

    hit: Hit
    features: Features
    confidence: float
    start: int  # the answer span in hit.passage.text
    end: int


def find_hits(
    store: Store,
    query: Query,
    reports: dict[int, Report],
    model: Model,
    *,
    restrict: bool,
    year: int | None = None,
    limit: int | None = 4,
    every: bool = False,
) -> list[Scored]:
    """Score the candidate passages of ``reports`` and return the best hits, each with its answer span.

    ``restrict`` means ``reports`` is the agency/year filter's choice and every passage of them is
    scored; without it the whole corpus is searched by the question's rarer words, in ``year``.
    ``every`` returns every span scored, not only each passage's best (for fitting the model on exactly
    the spans a question is answered from).
    """
    keywords = query.keywords
    if restrict:
        # The filter leaves a few reports: score every passage, so a word jieba glued to its
        # neighbour in the index or an address without the word 地址 is not lost.
        candidates = with_bm25(store, store.passages_of(reports), keywords)
    else:
        # Words in more than 1% of all passages single out no report (and make FTS5 walk long
        # posting lists); a question made only of such words needs its agency named.
        common = max(RARE_MIN_PASSAGES, RARE_SHARE * store.total_passages())
        rare = [form for k in keywords if k.df <= common for form in k.forms]
        candidates = store.candidates(rare, limit=CANDIDATES) if rare else []
        candidates = [c for c in candidates if year is None or reports[c[0]].year == year]
        candidates.sort(key=lambda c: (c[0], c[1].ordinal))  # reading order: "its section's first" as with a filter
    if not candidates:
        return []
    table_spans = store.row_spans({row for row, _, _ in candidates})
    top_bm25 = max(b for _, _, b in candidates) or 1.0
    found: list[Scored] = []
    seen: set[tuple[int, int]] = set()
    held: set[tuple[int, tuple[str, ...]]] = set()  # sections where a passage already holds the thing asked
    for row, passage, bm25 in candidates:
        report = reports.get(row)
        if report is None or (row, passage.ordinal) in seen:
            continue
        seen.add((row, passage.ordinal))
        section = (row, passage.headings)
        rows = table_spans.get((row, passage.ordinal), ())
        spans = score_passage(passage, query, model, rows=rows, bm25=bm25 / top_bm25, section_held=section in held)
        if any(features.holds for _, _, features, _ in spans):
            held.add(section)
        if not every:
            spans = spans[:1]
        for start, end, features, confidence in spans:
            if (start, end) not in rows:  # a table row is quoted as it is
                start, end = widen(passage.text, start, end, query.kind, _weigher(query))
            hit = Hit(passage, report, round(100 * confidence, 1), tidy(passage.text[start:end]))
            found.append(Scored(hit, features, confidence, start, end))
    found.sort(key=lambda s: s.confidence, reverse=True)
    return found if limit is None else found[:limit]


def score_passage(
    passage: Passage,
    query: Query,
    model: Model,
    *,
    rows: Iterable[tuple[int, int]] = (),
    bm25: float = 0.0,
    section_held: bool = False,
) -> list[tuple[int, int, Features, float]]:
    """Every span of one passage that may answer the query, with its features and confidence, best first.

    ``rows`` are the spans of statistics-table rows in the passage: a row (label and figures) is an
    answer span of its own, and it states a number. ``section_held``: an earlier passage of the same
    section already holds the thing asked for (so no span here is the section's first to).
    """
    keywords = query.keywords
    total = sum(k.weight for k in keywords) or 1.0
    heading, heading_fit = _heading(passage.headings, query.text)
    body = _normalised(passage.text)
    # Sentences are read from the normalised body when it lines up with the text character for
    # character (NFKC kept the length and there is nothing to compose): one normalisation, not one per sentence.
    aligned = len(body) == len(passage.text) and not _COMPOSING.search(passage.text)
    in_heading = [any(f in heading for f in k.forms) for k in keywords]
    in_body = [any(f in body for f in k.forms) for k in keywords]
    if not any(in_heading) and not any(in_body) and not holds(passage.text, query.thing, query.text):
        return []  # none of the question's words and not the thing asked: nothing here can answer
    on_topic = sum(k.weight for k, found in zip(keywords, in_heading, strict=True) if found) / total
    telling = max(keywords, key=lambda k: k.weight) if keywords else None
    characters = {c for k in keywords if not k.names for c in k.forms[0] if not c.isdigit()}
    said = [names_asked(k.names, query.thing) for k in keywords]  # a word the thing asked says itself
    row_spans = set(rows)
    scored = []
    held_before = section_held
    silent_kept = False
    asks_total, asks_cumulative = bool(_TOTAL.search(query.text)), bool(_CUMULATIVE.search(query.text))
    present = [k for k, found in zip(keywords, in_body, strict=True) if found]
    for start, end, is_row, opens in span_bounds(passage.text, row_spans):
        raw = passage.text[start:end]
        sentence = body[start:end] if aligned else normalise(raw)
        typed = (query.thing == Thing.COUNT and is_row) or holds(raw, query.thing, query.text)
        # A span with none of the question's words and not the thing asked scores as its passage does,
        # whatever its words: one of them stands for all.
        silent = not typed and not any(f in sentence for k in present for f in k.forms)
        if silent and silent_kept:
            continue
        span = Span(start, end, SpanKind.ROW if is_row else line_kind(raw))
        if not may_answer(span.kind, query.thing, query.text):
            continue
        silent_kept = silent_kept or silent
        # A piece of a run-on sentence is about what the sentence's first clause names, as a passage is
        # about what its headings name.
        subject = _CLAUSE_END.split(body[opens:start], 1)[0] if opens < start else ""
        covered = own = titled = missing = 0.0
        for k, heading_has, body_has, by_thing in zip(keywords, in_heading, in_body, said, strict=True):
            if (typed and by_thing) or (body_has and any(f in sentence for f in k.forms)):
                covered += k.weight
                own += k.weight
            elif heading_has or (subject and any(f in subject for f in k.forms)):
                covered += HEADING_CREDIT * k.weight
                titled += k.weight
            elif body_has:
                covered += PASSAGE_CREDIT * k.weight
            else:
                missing += k.weight
        counting = query.kind == Kind.NUMBER
        cumulative = counting and bool(_CUMULATIVE.search(sentence))
        states_total = counting and bool(_TOTAL.search(sentence)) and not cumulative
        none = query.kind in (Kind.NUMBER, Kind.YESNO) and _states_none(sentence, keywords)
        if typed and span.kind != SpanKind.ROW:
            # Before a piece of a run-on sentence stands that sentence's subject; before a sentence, the
            # line above it.
            lead = (
                passage.text[opens : span.start]
                if opens < span.start
                else passage.text[max(0, span.start - LEAD_CHARS) : span.start]
            )
            near, counted, counts_other = _near(raw, lead, query, total, heading, subject=opens < span.start)
        else:
            near, counted, counts_other = float(typed), 0.0, 0.0
        features = Features(
            coverage=covered / total,
            sentence=own / total if query.thing is None else 0.0,
            sentence_held=(own + HEADING_CREDIT * titled) / total if query.thing is not None and typed else 0.0,
            chars=sum(c in sentence for c in characters) / len(characters) if characters else 1.0,
            near=near,
            counted=counted,
            counts_other=counts_other,
            telling=float(
                telling is not None
                and ((typed and names_asked(telling.names, query.thing)) or any(f in sentence for f in telling.forms))
            ),
            heading=on_topic,
            heading_fit=heading_fit,
            bm25=bm25,
            holds=float(typed),
            first=float(typed and not held_before),
            lacks=float(query.thing is not None and not typed),
            lacks_detail=float(query.thing in LITERAL_THINGS and not typed),
            zero=float(query.kind == Kind.NUMBER and none),
            none=float(query.kind == Kind.YESNO and none),
            total=float(states_total),
            total_asked=float(states_total and asks_total),
            cumulative=float(query.kind == Kind.NUMBER and cumulative != asks_cumulative),
            part=float(counting and bool(_PART.search(sentence))),
            announces=float(span.kind != SpanKind.METADATA and raw.rstrip().endswith((":", "："))),
            row=float(span.kind == SpanKind.ROW),
            opening=float(not scored),
            missing=missing / total,
            unnamed=float(query.unnamed),
            specific=query.specific,
            short=float(len(raw.strip()) < SHORT_SPAN),
        )
        scored.append((span.start, span.end, features, model.probability(features)))
        held_before = held_before or typed
    scored.sort(key=lambda s: s[3], reverse=True)
    return scored


@lru_cache(maxsize=4096)
def _normalised(text: str) -> str:
    """A passage's text as every comparison reads it; the passages of the agencies people ask about are
    read again and again, and NFKC is a fifth of scoring one."""
    return normalise(text)


@lru_cache(maxsize=512)
def _heading(headings: tuple[str, ...], question: str) -> tuple[str, float]:
    """A section's headings as one normalised text, and how closely they read like the question (the
    passages of a section share them, so each is worked out once per question)."""
    heading = normalise(" ".join(headings))
    return heading, (fuzz.partial_ratio(question, heading, processor=None) / 100 if heading else 0.0)


def _near(
    raw: str, lead: str, query: Query, total: float, heading: str, *, subject: bool
) -> tuple[float, float, float]:
    """The largest share of keyword weight in a clause that holds the asked thing, read with the clause
    before it (the subject often comes first: "公开内容包括…4类，共计308条"; for the span's first clause,
    the end of the text before the span: a title line above its date) and the section's headings
    (under 二、主动公开情况 a figure counts 主动公开), and whether the counted word is there: 收到申请3件
    says what it counts, while in "收到申请…。另有网站信息3件" the figure counts something else. The third
    value says every figure of those clauses is followed by a noun the question does not name: 等4项制度
    counts rules, not the 政务信息 asked about."""
    clauses = _CLAUSE_END.split(raw)
    if subject:  # the first clause of the sentence this piece ends
        before = _CLAUSE_END.split(lead)[0]
    else:  # only a line that is no sentence (a title, a label) lends its words: a finished sentence says its own
        before = "" if not lead or lead.rstrip().endswith(_SENTENCE_ENDS) else _CLAUSE_END.split(lead)[-1]
    best = counted = 0.0
    counts_other = None
    for i, clause in enumerate(clauses):
        if clause and holds(clause, query.thing, query.text):
            if query.thing == Thing.COUNT:
                others = [_counts_other(clause, m.end(), query.keywords) for m in NUMBER.finditer(clause)]
                counts_other = (counts_other is not False) and all(others)
            text = normalise((clauses[i - 1] if i else before) + clause)
            share = 0.0
            for k in query.keywords:
                if names_asked(k.names, query.thing) or any(f in text for f in k.forms):
                    share += k.weight
                    counted = max(counted, float(k is query.counted))
                elif any(f in heading for f in k.forms):
                    share += HEADING_CREDIT * k.weight
                    counted = max(counted, HEADING_CREDIT * (k is query.counted))
            best = max(best, share / total)
    return best, counted, float(bool(counts_other))


_FIGURE_FOLLOWER = re.compile(r"的|以上|左右|之多|多|余|等|次|人次|万|亿|元")


def _counts_other(clause: str, end: int, keywords: list[Keyword]) -> bool:
    """Whether the figure ending at ``end`` is followed by a noun none of the keywords is part of (4项制度)."""
    noun = re.match(rf"[{CJK}]{{2,6}}", clause[end:])
    if not noun or _FIGURE_FOLLOWER.match(noun.group()):
        return False
    return not any(f in noun.group() or noun.group()[:2] in f for k in keywords for f in k.forms)


def _states_none(sentence: str, keywords: list[Keyword]) -> bool:
    """ "未收到申请" answers "收到几件申请" (or "有人申请吗") with none, but only when the negated clause is
    about the question ("未发生…行政复议" says nothing about applications unless they are asked about)."""
    return bool(NEGATION.search(sentence)) and any(
        NEGATION.search(clause) and any(f in clause for k in keywords if not k.names for f in k.forms)
        for clause in _CLAUSE_END.split(sentence)
    )


def _weigher(query: Query):  # noqa: ANN202 - a closure for spans.widen
    total = sum(k.weight for k in query.keywords) or 1.0

    def weigh(piece: str) -> float:
        text = normalise(piece)
        found = sum(k.weight for k in query.keywords if any(f in text for f in k.forms)) / total
        return found + (2.0 if holds(piece, query.thing, query.text) else 0.0)

    return weigh

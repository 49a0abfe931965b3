"""find_hits: the candidate passages of the chosen reports, every answer span of them with its features,
ranked by the fitted confidence; the best span of each passage is quoted."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from rapidfuzz import fuzz

from knowledge.bm25 import with_bm25
from knowledge.clauses import NOTHING, Query, clause_words, states_none
from knowledge.confidence import Model
from knowledge.features import Features, SpanReading
from knowledge.kinds import Thing, holds, names_asked
from knowledge.models import Hit, Kind, Passage, Report
from knowledge.segment import normalise
from knowledge.spans import SpanKind, line_kind, may_answer, span_bounds, tidy, widen
from knowledge.store import Store

T = TypeVar("T")
CANDIDATES = 40
HITS = 4  # an answer's hits: the best span of each of its best passages
RARE_MIN_PASSAGES = 20
RARE_SHARE = 0.01
# Two spans within a fifth of each other's confidence tie: the model cannot tell them apart. A set margin,
# not fitted (the question sets have too few look-alike agencies to fit it): copies of one report under
# two names score within a few percent of each other.
TIE_SHARE = 0.8
LEAD_CHARS = 40  # how much text before a span may say what its first clause's figure is about
_COMPOSING = re.compile(r"[\u0300-\u036f\u1100-\u11ff\u3099\u309a]")  # NFKC may join these to what precedes
_CLAUSE_END = re.compile(r"[，,；;。]")
_FIGURE = re.compile(r"\d")


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
    limit: int | None = HITS,
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
        if any(not features.lacks for _, _, features, _ in spans) and query.thing is not None:
            held.add(section)
        if not every:
            spans = counted_first(spans, query, lambda s: s[2], lambda s: s[3])[:1]
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
    total = query.weight
    heading, heading_fit = _heading(passage.headings, query.text)
    body = _normalised(passage.text)
    # Sentences are read from the normalised body when it lines up with the text character for
    # character (NFKC kept the length and there is nothing to compose): one normalisation, not one per sentence.
    aligned = len(body) == len(passage.text) and not _COMPOSING.search(passage.text)
    in_heading = [k.found_in(heading) for k in keywords]
    in_body = [k.found_in(body) for k in keywords]
    if not any(in_heading) and not any(in_body) and not holds(passage.text, query.thing, query.text):
        return []  # none of the question's words and not the thing asked: nothing here can answer
    on_topic = sum(k.weight for k, found in zip(keywords, in_heading, strict=True) if found) / total
    rarest = max(keywords, key=lambda k: k.weight) if keywords else None
    characters = {c for k in keywords if not k.names for c in k.forms[0] if not c.isdigit()}
    said = [names_asked(k.names, query.thing) for k in keywords]  # a word the thing asked says itself
    row_spans = set(rows)
    scored: list[tuple[int, int, Features, float]] = []
    held_before = section_held
    silent_kept = False
    present = [k for k, found in zip(keywords, in_body, strict=True) if found]
    for start, end, is_row, opens in span_bounds(passage.text, row_spans):
        raw = passage.text[start:end]
        sentence = body[start:end] if aligned else normalise(raw)
        # A table row states a count when it has a figure; a row of labels alone is a header, which never answers.
        typed = (query.thing == Thing.COUNT and is_row and _FIGURE.search(raw) is not None) or holds(
            raw, query.thing, query.text
        )
        # A span with none of the question's words and not the thing asked scores as its passage does,
        # whatever its words: one of them stands for all.
        silent = not typed and not any(k.found_in(sentence) for k in present)
        if silent and silent_kept:
            continue
        kind = SpanKind.ROW if is_row else line_kind(raw)
        if not may_answer(kind, query.thing, query.text):
            continue
        silent_kept = silent_kept or silent
        # A piece of a run-on sentence is about what the sentence's first clause names, as a passage is
        # about what its headings name.
        subject = _CLAUSE_END.split(body[opens:start], 1)[0] if opens < start else ""
        own = titled = missing = 0.0
        for k, heading_has, body_has, by_thing in zip(keywords, in_heading, in_body, said, strict=True):
            if (typed and by_thing) or (body_has and k.found_in(sentence)):
                own += k.weight
            elif heading_has or (subject and k.found_in(subject)):
                titled += k.weight
            elif not body_has:
                missing += k.weight
        if typed and kind != SpanKind.ROW:
            # Before a piece of a run-on sentence stands that sentence's subject; before a sentence, the
            # line above it.
            lead = passage.text[opens:start] if opens < start else passage.text[max(0, start - LEAD_CHARS) : start]
            near = clause_words(raw, lead, query, heading, subject=opens < start)
        else:
            near = NOTHING._replace(share=float(typed))
        said_text = subject + sentence  # a piece of a run-on sentence says its subject too
        reading = SpanReading(
            query,
            raw,
            sentence,
            kind,
            typed,
            own=own / total,
            titled=titled / total,
            missing=missing / total,
            chars=sum(c in said_text for c in characters) / len(characters) if characters else 1.0,
            telling=rarest is not None
            and ((typed and names_asked(rarest.names, query.thing)) or rarest.found_in(said_text)),
            near=near,
            none=query.kind in (Kind.NUMBER, Kind.YESNO) and states_none(sentence, keywords),
            heading=on_topic,
            heading_fit=heading_fit,
            bm25=bm25,
            first=typed and not held_before,
            opening=not scored,
        )
        features = Features.of(reading)
        scored.append((start, end, features, model.probability(features)))
        held_before = held_before or typed
    scored.sort(key=lambda s: s[3], reverse=True)
    return scored


def counted_first(
    ranked: list[T], query: Query, features: Callable[[T], Features], confidence: Callable[[T], float]
) -> list[T]:
    """A count question asks about a thing in a unit (公开了多少条信息, 收了多少件申请): among spans the model
    rates about equally (within TIE_SHARE of the best), one whose figure has the counted word right beside
    it (主动公开信息2628条, 办理政府信息公开申请63件), in the unit asked when the best's figure is, comes before
    one counting something else (…案件0件, …行政诉讼17件). A best span stating the total (共计308条) stays."""
    if query.kind != Kind.NUMBER or not ranked:
        return ranked
    best = features(ranked[0])
    if not best.near:
        # The best's figure stands in a clause that says none of the question's words (…等形式发布信息,
        # 2022年累计公开3667条): a rival whose figure's own clause says them is the count asked.
        for other in ranked[1:]:
            if confidence(other) < TIE_SHARE * confidence(ranked[0]):
                break
            if features(other).near:
                return [other] + [s for s in ranked if s is not other]
    if best.total or best.counted_next:
        return ranked
    for other in ranked[1:]:
        if confidence(other) < TIE_SHARE * confidence(ranked[0]):
            break
        if features(other).counted_next and features(other).unit_asked >= best.unit_asked:
            return [other] + [s for s in ranked if s is not other]
    return ranked


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


def _weigher(query: Query):  # noqa: ANN202 - a closure for spans.widen
    total = sum(k.weight for k in query.keywords) or 1.0

    def weigh(piece: str) -> float:
        text = normalise(piece)
        found = sum(k.weight for k in query.keywords if k.found_in(text)) / total
        return found + (2.0 if holds(piece, query.thing, query.text) else 0.0)

    return weigh

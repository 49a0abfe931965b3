"""The SQLite file: schema, writes, FTS candidates. With ``knowledge.agency_rows`` (its agency tables), the only SQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import sqlite_utils

from knowledge.agency_rows import AgencyRows, ensure_agency_tables
from knowledge.integrity import DamagedStore as DamagedStore
from knowledge.integrity import StaleStore as StaleStore
from knowledge.integrity import StoreError as StoreError
from knowledge.integrity import check_schema
from knowledge.models import Passage, Report

# 2: facts table; 3: terms table; 4: agencies and their name forms, reports by agency; 5: reports' url
SCHEMA_VERSION = 5
_FTS_TOKEN = re.compile(r"^\w+$")
# (passage ordinal, row label, column index, column label or None, value, row start, row end)
Fact = tuple[int, str, int, str | None, str, int, int]


class Store(AgencyRows):
    """Reports and passages in SQLite, with an FTS5 index over the segmented passage text."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._total: int | None = None

    def ensure_schema(self) -> None:
        """Create the tables and the FTS index if they do not exist yet."""
        db = self.db
        if "reports" not in db.table_names():
            db.table("reports").create(
                {
                    "id": int,
                    "report_id": str,
                    "source": str,
                    "agency": str,
                    "year": int,
                    "title": str,
                    "sha256": str,
                    "chars": int,
                    "warnings": str,
                    "url": str,
                },
                pk="id",
            )
            db.table("reports").create_index(["report_id"], unique=True)
        if "passages" not in db.table_names():
            db.table("passages").create(
                {
                    "id": int,
                    "report": int,
                    "ordinal": int,
                    "section": str,
                    "headings": str,
                    "text": str,
                    "search_text": str,
                },
                pk="id",
                foreign_keys=[("report", "reports", "id")],
            )
            db.table("passages").create_index(["report", "ordinal"], unique=True)
            # unicode61 does not split Chinese, so the indexed column holds space-joined jieba tokens.
            db.table("passages").enable_fts(["search_text"], fts_version="FTS5", create_triggers=True)
            db.execute("CREATE VIRTUAL TABLE passages_fts_vocab USING fts5vocab(passages_fts, 'row')")
        if "facts" not in db.table_names():
            # 2019+ template table rows: one row per figure, with the span of the whole table row
            # in its passage (what an answer quotes).
            db.table("facts").create(
                {
                    "id": int,
                    "report": int,
                    "ordinal": int,
                    "label": str,
                    "column": int,
                    "column_label": str,
                    "value": str,
                    "start": int,
                    "end": int,
                },
                pk="id",
                foreign_keys=[("report", "reports", "id")],
            )
            db.table("facts").create_index(["report", "label"])
        if "terms" not in db.table_names():
            db.table("terms").create({"term": str, "doc": int}, pk="term")
        ensure_agency_tables(db)
        if "meta" not in db.table_names():
            db.table("meta").create({"key": str, "value": str}, pk="key")
            db.table("meta").insert({"key": "schema_version", "value": str(SCHEMA_VERSION)})

    def check(self) -> None:
        """Raise StoreError unless this database has our schema: StaleStore when an older one, DamagedStore
        when a meta value every question reads is damaged (see ``knowledge.integrity``)."""
        check_schema(self.db.conn, SCHEMA_VERSION)

    def add_report(
        self,
        report: Report,
        passages: Sequence[Passage],
        search_texts: Sequence[str],
        facts: Iterable[Fact] = (),
    ) -> int:
        """Insert one report, its passages and its table facts; return the report's row id.

        A fact is (passage ordinal, row label, column index, column label or None, value, start, end),
        start/end being the table row's span in the passage.
        """
        return self.add_reports([(report, passages, search_texts, facts)])[0]

    def add_reports(
        self, reports: Sequence[tuple[Report, Sequence[Passage], Sequence[str], Iterable[Fact]]]
    ) -> list[int]:
        """Insert several reports (see ``add_report``) with one statement per table; return their row ids.

        The ids are given here, not by SQLite, so passages and facts need no round trip per report.
        """
        (first,) = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM reports").fetchone()
        rows = list(range(first, first + len(reports)))
        # Plain executemany: sqlite-utils' insert_all inspects every value (a third of ingest's own time).
        conn = self.db.conn
        conn.executemany(
            "INSERT INTO reports (id, report_id, source, agency, year, title, sha256, chars, warnings, url)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (row, r.report_id, r.source, r.agency, r.year, r.title, r.sha256, r.chars,
                 json.dumps(list(r.warnings), ensure_ascii=False), r.url)
                for row, (r, _, _, _) in zip(rows, reports, strict=True)
            ],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO passages (report, ordinal, section, headings, text, search_text) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (row, p.ordinal, p.section, json.dumps(list(p.headings), ensure_ascii=False), p.text, search)
                for row, (_, passages, texts, _) in zip(rows, reports, strict=True)
                for p, search in zip(passages, texts, strict=True)
            ],
        )
        conn.executemany(
            'INSERT INTO facts (report, ordinal, label, "column", column_label, value, start, "end")'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(row, *fact) for row, (_, _, _, facts) in zip(rows, reports, strict=True) for fact in facts],
        )
        return rows

    @contextmanager
    def bulk_insert(self) -> Iterator[None]:
        """Add many passages: the FTS index is built from the table once at the end (FTS5 'rebuild'),
        3× faster than its insert trigger row by row. It re-reads every passage, so it suits a new file."""
        (trigger,) = self.db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'passages_ai'"
        ).fetchone()
        self.db.execute("DROP TRIGGER passages_ai")
        try:
            yield
            self.db.execute("INSERT INTO passages_fts (passages_fts) VALUES ('rebuild')")
        finally:
            self.db.execute(trigger)

    def files(self) -> dict[str, tuple[str, str | None, int | None]]:
        """Every report's source file: (the hash it was loaded from, agency, year)."""
        return {
            row["source"]: (row["sha256"] or "", row["agency"], row["year"])
            for row in self.db.query("SELECT source, sha256, agency, year FROM reports")
        }

    def remove_sources(self, sources: Iterable[str]) -> int:
        """Delete the reports loaded from ``sources`` with their passages (and FTS rows) and facts."""
        removed = 0
        for source in sorted(set(sources)):
            for (row,) in self.db.execute("SELECT id FROM reports WHERE source = ?", [source]).fetchall():
                self.db.execute("DELETE FROM facts WHERE report = ?", [row])
                self.db.execute("DELETE FROM passages WHERE report = ?", [row])  # triggers update passages_fts
                self.db.execute("DELETE FROM reports WHERE id = ?", [row])
                removed += 1
        return removed

    def row_spans(self, report_rows: Iterable[int]) -> dict[tuple[int, int], list[tuple[int, int]]]:
        """The table-row spans of the given reports, keyed by (report row id, passage ordinal)."""
        rows = sorted(set(report_rows))
        if not rows:
            return {}
        marks = ",".join("?" * len(rows))
        spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
        sql = f'SELECT DISTINCT report, ordinal, start, "end" FROM facts WHERE report IN ({marks}) ORDER BY start'
        for r in self.db.query(sql, rows):
            spans.setdefault((r["report"], r["ordinal"]), []).append((r["start"], r["end"]))
        return spans

    def row_totals(self, label: str, report_rows: Iterable[int]) -> dict[int, str]:
        """The last figure of the template row ``label`` in each of the given reports that has it: the
        row's total in the template's tables (总计, or 对外公开总数量), keyed by report row id."""
        rows = sorted(set(report_rows))
        if not rows:
            return {}
        marks = ",".join("?" * len(rows))
        sql = (
            f"SELECT report, value FROM facts WHERE label = ? AND report IN ({marks}) "
            'ORDER BY report, ordinal, "column"'
        )
        return {r["report"]: r["value"] for r in self.db.query(sql, [label, *rows])}

    def set_meta(self, key: str, value: str) -> None:
        self.db.table("meta").upsert({"key": key, "value": value}, pk="key")

    def get_meta(self, key: str) -> str | None:
        rows = list(self.db.query("SELECT value FROM meta WHERE key = ?", [key]))
        return rows[0]["value"] if rows else None

    def agency_names(self) -> list[str]:
        """Every agency some report is of, in the order their first reports were added."""
        sql = "SELECT agency FROM reports WHERE agency IS NOT NULL GROUP BY agency ORDER BY min(id)"
        return [row[0] for row in self.db.execute(sql)]

    def reports_of(self, agency: str) -> list[tuple[int, Report]]:
        """The reports of one agency with their row ids, in ingest order."""
        return [
            (r["id"], _report(r)) for r in self.db.query("SELECT * FROM reports WHERE agency = ? ORDER BY id", [agency])
        ]

    def years_of(self, agency: str) -> list[int]:
        """The years ``agency`` has reports for, ascending."""
        sql = "SELECT DISTINCT year FROM reports WHERE agency = ? AND year IS NOT NULL ORDER BY year"
        return [row[0] for row in self.db.execute(sql, [agency])]

    def reports(self) -> list[tuple[int, Report]]:
        """All reports with their row ids, in ingest order."""
        return [(row["id"], _report(row)) for row in self.db.query("SELECT * FROM reports ORDER BY id")]

    def passage_counts(self) -> dict[int, int]:
        """Passages per report row id."""
        return {
            r["report"]: r["n"] for r in self.db.query("SELECT report, count(*) AS n FROM passages GROUP BY report")
        }

    def counts(self) -> tuple[int, int]:
        """(reports, passages)."""
        return self.db["reports"].count, self.db["passages"].count

    def candidates(self, tokens: Iterable[str], *, limit: int = 30) -> list[tuple[int, Passage, float]]:
        """Passages of any report matching any token, best BM25 first.

        Returns (report row id, passage, bm25) with bm25 made positive (higher = better).
        """
        expr = _match_expression(tokens)
        if not expr:
            return []
        sql = (
            "SELECT report, report_id, ordinal, headings, text, bm25(passages_fts) AS rank FROM passages_fts "
            "JOIN passages ON passages.id = passages_fts.rowid JOIN reports ON reports.id = passages.report "
            "WHERE passages_fts MATCH ? ORDER BY rank LIMIT ?"
        )
        return [(row, _passage(*passage), -rank) for row, *passage, rank in self.db.execute(sql, [expr, limit])]

    def passages_of(self, report_rows: Iterable[int]) -> list[tuple[int, Passage, str]]:
        """Every passage of the given reports with its segmented search text, in reading order."""
        rows = sorted(set(report_rows))
        if not rows:
            return []
        marks = ",".join("?" * len(rows))
        found = self.db.execute(  # tuples, not sqlite-utils' dicts: this runs for every question
            "SELECT report, report_id, ordinal, headings, text, search_text FROM passages"
            f" JOIN reports ON reports.id = passages.report WHERE report IN ({marks}) ORDER BY report, ordinal",
            rows,
        )
        return [(row, _passage(*passage), search) for row, *passage, search in found]

    def finish(self) -> None:
        """Freeze the term statistics once every report is in (build time, not per question).

        fts5vocab counts a term's documents by walking its posting list, which grows with the
        corpus; a keyed copy answers in constant time.
        """
        self.db.execute("DELETE FROM terms")
        self.db.execute("INSERT INTO terms (term, doc) SELECT term, doc FROM passages_fts_vocab")
        passages, tokens = self.db.execute(
            "SELECT count(*), coalesce(sum(length(search_text) - length(replace(search_text, ' ', '')) + 1), 0) "
            "FROM passages"
        ).fetchone()
        self.set_meta("passages", str(passages))
        self.set_meta("average_tokens", str(tokens / passages if passages else 0.0))

    def average_tokens(self) -> float:
        """Mean length of a passage's search text in tokens (BM25's average document length)."""
        return float(self.get_meta("average_tokens") or 1.0)

    def total_passages(self) -> int:
        """How many passages the knowledge base holds (as of ``finish``)."""
        if self._total is None:
            self._total = int(self.get_meta("passages") or 0)
        return self._total

    def document_frequencies(self, tokens: Iterable[str]) -> dict[str, int]:
        """How many passages contain each token (for keyword weights)."""
        terms = sorted({t for t in tokens if _FTS_TOKEN.match(t)})
        if not terms:
            return {}
        marks = ",".join("?" * len(terms))
        return dict(self.db.execute(f"SELECT term, doc FROM terms WHERE term IN ({marks})", terms).fetchall())


def _match_expression(tokens: Iterable[str]) -> str:
    terms = sorted({t for t in tokens if _FTS_TOKEN.match(t)})
    return " OR ".join(_quote(t) for t in terms)


def _quote(term: str) -> str:
    # FTS5 string literal: user text never reaches MATCH unquoted.
    return '"' + term.replace('"', '""') + '"'


def _report(row: dict) -> Report:
    return Report(
        report_id=row["report_id"],
        agency=row["agency"],
        year=row["year"],
        title=row["title"] or "",
        source=row["source"],
        sha256=row["sha256"] or "",
        chars=row["chars"] or 0,
        warnings=tuple(json.loads(row["warnings"] or "[]")),
        url=row["url"] or "",
    )


def _passage(report_id: str, ordinal: int, headings: str, text: str) -> Passage:
    """A passage from its row's columns (headings stored as JSON)."""
    return Passage(report_id, ordinal, tuple(json.loads(headings)), text)

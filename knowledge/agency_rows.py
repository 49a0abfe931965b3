"""The knowledge base's agencies table and their name forms: the SQL of ``Store`` that reads and writes
them (``Store`` takes these methods; ``knowledge.store`` keeps the reports, passages and facts).

Each agency is parsed once, at ingest, with the forms a question may say its deepest place in and
their sounds; opening a knowledge base reads none of it, and a question's name is one indexed query.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils


def ensure_agency_tables(db: sqlite_utils.Database) -> None:
    """Create the agencies and agency_forms tables if they do not exist yet."""
    if "agencies" not in db.table_names():
        # Each agency as the grammar reads it, read once at ingest: opening a knowledge base reads no name.
        db.table("agencies").create(
            {"name": str, "places": str, "cores": str, "units": str, "org": str, "org_key": str}, pk="name"
        )
        db.table("agencies").create_index(["org_key"])
        # How a question may say each agency's deepest place (张店, 张店区), with its sound for typos.
        db.table("agency_forms").create({"form": str, "sound": str, "agency": str})
        db.table("agency_forms").create_index(["form"])
        db.table("agency_forms").create_index(["sound"])
        db.table("agency_forms").create_index(["agency"])
        db.table("reports").create_index(["agency"], if_not_exists=True)


class AgencyRows:
    """The agency queries; ``db`` is the knowledge base's database."""

    db: sqlite_utils.Database

    def unparsed_agencies(self) -> list[str]:
        """Agencies some report is of that the agencies table does not hold yet."""
        sql = (
            "SELECT DISTINCT agency FROM reports WHERE agency IS NOT NULL AND agency NOT IN (SELECT name FROM agencies)"
        )
        return [row[0] for row in self.db.execute(sql)]

    def add_agencies(self, rows: Iterable[tuple[dict, list[tuple[str, str]]]]) -> None:
        """Store parsed agencies, each {name, places, cores, units, org, org_key} with its [(form, sound)]."""
        conn = self.db.conn
        for agency, forms in rows:
            conn.execute(
                "INSERT OR REPLACE INTO agencies (name, places, cores, units, org, org_key) VALUES (?, ?, ?, ?, ?, ?)",
                [agency["name"], *(json.dumps(agency[k], ensure_ascii=False) for k in ("places", "cores", "units")),
                 agency["org"], agency["org_key"]],
            )  # fmt: skip
            conn.execute("DELETE FROM agency_forms WHERE agency = ?", [agency["name"]])
            conn.executemany(
                "INSERT INTO agency_forms (form, sound, agency) VALUES (?, ?, ?)",
                [(form, sound, agency["name"]) for form, sound in forms],
            )

    def drop_unused_agencies(self) -> None:
        """Forget agencies no report is of any more (after an incremental update removed them)."""
        unused = "SELECT name FROM agencies WHERE name NOT IN (SELECT agency FROM reports WHERE agency IS NOT NULL)"
        self.db.execute(f"DELETE FROM agency_forms WHERE agency IN ({unused})")
        self.db.execute(f"DELETE FROM agencies WHERE name IN ({unused})")

    def agencies(self, names: Iterable[str]) -> list[dict]:
        """The stored agencies of these names, in that order."""
        names = list(dict.fromkeys(names))
        rows = {
            r["name"]: r
            for r in self._agency_rows("WHERE name IN (SELECT value FROM json_each(?))", [json.dumps(names)])
        }
        return [rows[name] for name in names if name in rows]

    def agencies_said(self, forms: Iterable[str]) -> list[dict]:
        """The agencies whose deepest place is said in one of these forms."""
        return self._agencies_with_form("form", forms)

    def agencies_sounded(self, sounds: Iterable[str]) -> list[dict]:
        """The agencies one of whose place forms sounds as one of these (pinyin joined by spaces)."""
        return self._agencies_with_form("sound", sounds)

    def _agencies_with_form(self, column: str, values: Iterable[str]) -> list[dict]:
        values = list(dict.fromkeys(values))
        if not values:
            return []
        inner = f"SELECT agency FROM agency_forms WHERE {column} IN ({', '.join('?' * len(values))})"
        return self._agency_rows(f"WHERE name IN ({inner})", values)

    def agencies_of_org(self, org_key: str) -> list[dict]:
        return self._agency_rows("WHERE org_key = ?", [org_key])

    def placeless_agencies(self) -> list[dict]:
        return self._agency_rows("WHERE cores = '[]'", [])

    def form_lengths(self) -> list[int]:
        """The lengths of the stored place forms, longest first."""
        return [row[0] for row in self.db.execute("SELECT DISTINCT length(form) FROM agency_forms ORDER BY 1 DESC")]

    def _agency_rows(self, where: str, params: list) -> list[dict]:
        return [
            {"name": r["name"], "org": r["org"], **{k: tuple(json.loads(r[k])) for k in ("places", "cores", "units")}}
            for r in self.db.query(f"SELECT * FROM agencies {where} ORDER BY name", params)
        ]

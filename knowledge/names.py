"""The knowledge base's agencies as its file holds them: parsed at ingest, found by their name forms with
one indexed query, and their reports and years read per agency when a question needs them. Opening a
knowledge base therefore reads no agency, and naming one costs the same at 50,000 agencies as at 50.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from knowledge.agencies import Agency
from knowledge.answer import Known
from knowledge.store import Store


class StoredNames:
    """A ``NameSource`` (``knowledge.agencies``) over the agencies table of a knowledge base."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lengths = store.form_lengths()
        self._parsed: dict[str, Agency] = {}
        self._placeless: list[Agency] | None = None

    def said(self, forms: list[str]) -> list[Agency]:
        return self._agencies(self.store.agencies_said(forms))

    def sounded(self, sounds: list[str]) -> list[Agency]:
        return self._agencies(self.store.agencies_sounded(sounds))

    def placeless(self) -> list[Agency]:
        if self._placeless is None:
            self._placeless = self._agencies(self.store.placeless_agencies())
        return self._placeless

    def of_org(self, key: str) -> list[Agency]:
        return self._agencies(self.store.agencies_of_org(key))

    def get(self, name: str) -> Agency | None:
        if name not in self._parsed:
            self._agencies(self.store.agencies([name]))
        return self._parsed.get(name)

    def all(self) -> list[Agency]:
        return self._agencies(self.store.agencies(self.store.agency_names()))

    def _agencies(self, rows: list[dict]) -> list[Agency]:
        for row in rows:
            if row["name"] not in self._parsed:
                self._parsed[row["name"]] = Agency(row["name"], row["places"], row["cores"], row["org"], row["units"])
        return [self._parsed[row["name"]] for row in rows]


class ReportsByAgency(Mapping[str, list[Known]]):
    """Agency name -> its reports (as ``Known``), read from the file when first asked for."""

    def __init__(self, store: Store, names: StoredNames) -> None:
        self.store, self.names = store, names
        self._read: dict[str, list[Known]] = {}

    def __getitem__(self, name: str) -> list[Known]:
        if name not in self._read:
            agency = self.names.get(name)
            self._read[name] = [Known(row, report, agency) for row, report in self.store.reports_of(name)]
        if not self._read[name]:
            raise KeyError(name)
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.store.agency_names())

    def __len__(self) -> int:
        return len(self.store.agency_names())


class YearsOf(Mapping[str, list[int]]):
    """Agency name -> the years it has reports for, ascending (what 历年, 近三年 and rankings read)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._read: dict[str, list[int]] = {}
        self._names: list[str] | None = None

    def __getitem__(self, name: str) -> list[int]:
        if name not in self._read:
            self._read[name] = self.store.years_of(name)
        if not self._read[name] and name not in self._all():
            raise KeyError(name)
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def _all(self) -> list[str]:
        if self._names is None:
            self._names = self.store.agency_names()
        return self._names

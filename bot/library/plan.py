"""What an incremental ingest does with each file, decided from digests alone: pure, no file is read."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace

# What a knowledge base holds of each file it was built from: {source: (digest, agency, year)}.
Stored = Mapping[str, tuple[str, str | None, int | None]]


@dataclass(frozen=True, slots=True)
class Plan:
    """Sources by fate: ``new``, ``changed`` and ``unchanged`` in listing order, ``removed`` sorted."""

    new: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()  # "file: why", one per listed file that cannot be read

    @property
    def to_read(self) -> frozenset[str]:
        return frozenset(self.new) | frozenset(self.changed)

    def carried_out(self, loaded: Collection[str]) -> Plan:
        """The plan once the files to read were read: only the ``loaded`` ones were added or changed,
        sorted (a changed file that no longer loads keeps its previous version)."""
        return replace(
            self,
            new=tuple(sorted(s for s in self.new if s in loaded)),
            changed=tuple(sorted(s for s in self.changed if s in loaded)),
        )


def plan_ingest(stored: Stored, present: Mapping[str, str], *, skipped: Iterable[str] = ()) -> Plan:
    """Compare the files of a folder with what the knowledge base holds of them.

    Parameters
    ----------
    stored : {source: (digest, agency, year)} of the knowledge base ({} for a full rebuild)
    present : {source: digest} of the folder's readable report files, in listing order
    skipped : "file: why" for the listed files that cannot be read (a stored one among them is removed)

    Examples
    --------
    >>> plan_ingest({"a.txt": ("1", "甲局", 2019), "b.txt": ("2", None, None)}, {"c.txt": "3", "a.txt": "9"})
    Plan(new=('c.txt',), changed=('a.txt',), removed=('b.txt',), unchanged=(), skipped=())
    """
    new = tuple(s for s in present if s not in stored)
    changed = tuple(s for s, digest in present.items() if s in stored and stored[s][0] != digest)
    unchanged = tuple(s for s, digest in present.items() if s in stored and stored[s][0] == digest)
    return Plan(
        new=new,
        changed=changed,
        removed=tuple(sorted(set(stored) - set(present))),
        unchanged=unchanged,
        skipped=tuple(skipped),
    )

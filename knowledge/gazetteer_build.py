"""Write ``knowledge/data/places.tsv.gz``, the gazetteer, from the jionlp package's location tables.

    pip install -e '.[gazetteer]' && python -m knowledge.gazetteer_build

jionlp (Apache-2.0) ships ``dictionary/china_location.zip``: China's administrative divisions from the
provinces down to villages, each province, city and county with its adcode and short name, and
``china_location_change.txt``: county-level renamings since 2002 (襄樊市 -> 襄阳市, 玉环县 -> 玉环区).
Answering needs places down to townships and street offices (乡, 镇, 街道), which report agencies are,
and not the 650,000 villages, nor jionlp itself (0.55 s and 47 MB to import, 200 MB once its table is
read): so this script keeps provinces, cities, counties and towns, with the former names of renamed
places, in one gzipped table of about 47,000 rows that ``knowledge.places`` reads in a few tens of ms.

Columns: ``id  parent  level  name  short  former``; level 1 province, 2 city (prefecture), 3 county
(county, county-level city, district, banner), 4 town (town, township, street office); ``short`` is
jionlp's short name (甘南 for 甘南藏族自治州), empty for towns; ``former`` the names the place had before a
renaming, ``|``-separated. The header lines starting with ``#`` record the source, its version and
its licence.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from importlib import metadata, resources
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "places.tsv.gz"


def _rows(table: str) -> list[tuple[int, int, int, str, str]]:
    """(id, parent, level, name, short) for every place above the villages, in the table's order."""
    rows: list[tuple[int, int, int, str, str]] = []
    parents = [0, 0, 0, 0, 0]
    for line in table.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth >= 4 or not line.strip():
            continue  # villages and communities
        fields = line.strip().split("\t")
        name, short = fields[0], (fields[2] if len(fields) >= 3 else "")
        parent = parents[depth]
        if depth >= 1 and rows and rows[parent - 1][3] == name:
            # A municipality repeats itself as its own city (上海市 / 上海市): one place, not two.
            parents[depth + 1] = parent
            continue
        rows.append((len(rows) + 1, parent, depth + 1, name, short))
        parents[depth + 1] = len(rows)
    return rows


def _former_names(changes: str) -> dict[tuple[str, ...], set[str]]:
    """New place chain -> the names its last place had before (襄阳市 <- 襄樊市)."""
    former: dict[tuple[str, ...], set[str]] = {}
    for line in changes.splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>")
        old_names = [f for f in old.split("\t")[2:] if f][::2]  # full names; their short forms alternate
        new_names = [f for f in new.split("\t") if f]
        if old_names and new_names and old_names[-1] != new_names[-1]:
            former.setdefault(tuple(new_names), set()).add(old_names[-1])
    return former


def build() -> str:
    """The table's text."""
    base = resources.files("jionlp") / "dictionary"
    with zipfile.ZipFile(io.BytesIO(base.joinpath("china_location.zip").read_bytes())) as archive:
        table = archive.read("china_location.txt").decode("utf-8")
    rows = _rows(table)
    former = _former_names(base.joinpath("china_location_change.txt").read_text(encoding="utf-8"))
    chains: dict[int, tuple[str, ...]] = {}
    lines = [
        "# China's administrative divisions down to towns and street offices, with former names of renamed places.",
        f"# source: jionlp {metadata.version('jionlp')} (Apache-2.0), dictionary/china_location.zip and "
        "china_location_change.txt; villages left out.",
        "# made by: python -m knowledge.gazetteer_build",
        "id\tparent\tlevel\tname\tshort\tformer",
    ]
    for place_id, parent, level, name, short in rows:
        chains[place_id] = chains.get(parent, ()) + (name,)
        was = "|".join(sorted(former.get(chains[place_id], ())))
        lines.append(f"{place_id}\t{parent}\t{level}\t{name}\t{short}\t{was}")
    return "\n".join(lines) + "\n"


def main() -> None:
    text = build()
    OUT.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{OUT}: {text.count(chr(10)) - 4} places, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()

"""benchmarks/scale.py still runs: at ×2 (one look-alike per seed report, one round of questions) it prints
its table, and the agency/year filter keeps every answerable seed question right."""

import os
import subprocess
import sys

import pytest
from paths import ROOT

pytestmark = pytest.mark.slow

HEADER = (
    "scale | reports | passages | chars | ingest s | chars/s | ingest peak RSS MB | ours top-1 | naive top-1"
    " | ours p50/p99 ms | naive p50/p99 ms | serving RSS MB | cold ask s | p50, cold ask vs first scale"
)


def test_the_scale_benchmark_prints_a_row_per_corpus_size():
    run = subprocess.run(
        [sys.executable, "benchmarks/scale.py", "--copies", "2", "--rounds", "1"],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    first, header, row = run.stdout.splitlines()
    assert first.startswith("5 original reports, 26 questions (23 answerable), ")
    assert header == HEADER
    cells = row.split(" | ")
    assert len(cells) == len(HEADER.split(" | "))
    assert cells[:2] == ["×2", "10"]  # the 5 seed reports and one look-alike of each
    assert cells[7] == "1.000"  # ours: 23/23, as at ×1
    assert 0 <= float(cells[8]) <= 1  # naive
    assert float(cells[12]) > 0  # a cold `reportbot ask`, in seconds
    assert cells[13] == "×1.00, ×1.00"  # the first scale is its own baseline
    for latencies in cells[9:11]:
        p50, p99 = map(float, latencies.split("/"))
        assert 0 < p50 <= p99

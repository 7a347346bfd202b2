"""The benchmarks still run (a tiny run; the figures themselves are printed, never asserted)."""

import subprocess
import sys

from strengthsapp.settings import PROJECT_DIR
from tests.conftest import postgres_url


def test_today_queries_bench_runs_and_prints_ratios():
    result = subprocess.run(
        [sys.executable, "bench/today_queries.py", "--repeat", "3", "--database-url", postgres_url()],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "x 1.00" in result.stdout and "SQL statements" in result.stdout

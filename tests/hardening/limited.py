"""Command lines run in a subprocess with a memory limit (``RLIMIT_AS``), their peak memory
measured: a hostile input must end at once, on one line, without growing."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ADDRESS_SPACE = 2_500_000_000
"""The subprocess's address-space cap: DuckDB, NumPy and their threads reserve far more
address space than they use, so the real bound checked is the peak resident memory."""
PEAK_MB = 500
"""What the issue allows a refused input to cost."""


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run(cases: list[list[str]], tmp: Path, *, timeout: float = 240) -> list[dict[str, Any]]:
    """Each command line's ``code``, ``stdout``, ``stderr``, ``peak_mb`` (the process's peak
    resident memory once it has run) and ``traceback`` (None unless one escaped)."""
    spec = tmp / "cases.json"
    spec.write_text(json.dumps(cases), encoding="utf-8")
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.hardening.driver", str(spec)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_cap,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


def one_line(text: str) -> str:
    """The single line a refusal prints (asserts there is exactly one)."""
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]

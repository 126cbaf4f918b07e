"""Run every benchmark; each prints JSON lines of figures.

    .venv/bin/python -m benchmarks

`terminal` and `first_frame_pty` need `pyte` (`pip install -e '.[bench]'`); without it they
are skipped, and said so.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

SCRIPTS = ("first_frame_pty", "cli_cost", "list_json", "memory", "terminal", "keystroke",
           "first_frame", "fetch", "list_scale", "catalogue", "refresh_stall")
"""The four figures of the budget table first (docs/performance.md), then the rest."""
NEEDS_PYTE = {"terminal", "first_frame_pty"}

for name in SCRIPTS:
    if name in NEEDS_PYTE and importlib.util.find_spec("pyte") is None:
        print(f"benchmarks.{name} skipped: pip install pyte", file=sys.stderr)
        continue
    subprocess.run([sys.executable, "-m", f"benchmarks.{name}", *sys.argv[1:2]], check=True)

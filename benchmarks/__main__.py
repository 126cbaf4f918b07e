"""Run every benchmark; each prints JSON lines of figures.

    .venv/bin/python -m benchmarks

`terminal` needs `pyte` (`pip install -e '.[bench]'`); it is skipped, and said so, without.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

SCRIPTS = ("terminal", "keystroke", "first_frame", "fetch", "list_json", "list_scale",
           "memory", "catalogue", "refresh_stall")

for name in SCRIPTS:
    if name == "terminal" and importlib.util.find_spec("pyte") is None:
        print("benchmarks.terminal skipped: pip install pyte", file=sys.stderr)
        continue
    subprocess.run([sys.executable, "-m", f"benchmarks.{name}", *sys.argv[1:2]], check=True)

"""Run every benchmark; each prints JSON lines of figures.

    .venv/bin/python -m benchmarks
"""

from __future__ import annotations

import subprocess
import sys

SCRIPTS = ("keystroke", "first_frame", "fetch", "list_json", "memory", "catalogue",
           "refresh_stall")

for name in SCRIPTS:
    subprocess.run([sys.executable, "-m", f"benchmarks.{name}", *sys.argv[1:2]], check=True)

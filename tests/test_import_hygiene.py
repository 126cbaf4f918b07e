"""The core never imports Textual: scripts stay fast and the TUI stays a thin shell."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tui_models

TUI = ("tui_models.tui", "tui_models.cli")


def core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(tui_models.__path__, "tui_models.")]
    return [n for n in names if not n.startswith(TUI) and n != "tui_models.__main__"]


def test_core_never_imports_textual():
    core = core_modules()
    assert {"tui_models.gateway", "tui_models.listing", "tui_models.config", "tui_models.store",
            "tui_models.protocols", "tui_models.fields", "tui_models.listing.loading",
            "tui_models.store.lists"} <= set(core)
    code = (
        "import sys\n"
        f"for name in {core!r}:\n"
        "    __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad)\n"
        "raise SystemExit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr

"""Put text on every clipboard that can take it: the terminal's, tmux's and the local one.

- OSC 52 through the terminal (the App's `copy_to_clipboard`): works over SSH, but the
  terminal never says whether it accepted it.
- `tmux load-buffer -w -` when `$TMUX` is set: tmux drops an app's OSC 52 unless
  `set-clipboard on`, so the text is also handed to tmux directly (`-w` forwards it to the
  outer terminal's clipboard too). Confirmed by tmux's exit status.
- pyperclip when a local clipboard exists (a desktop session, macOS): confirmed by reading it
  back.

The text is passed byte for byte. Text holding control characters is refused: no id should
carry them, and a clipboard is the wrong place for an escape sequence.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from tui_models.textsafe import CONTROL_CHARS

TMUX_TIMEOUT = 3.0
"""Seconds `tmux load-buffer` may take before the tmux route is given up."""
_UNCOPYABLE = re.compile(f"[{CONTROL_CHARS}\ud800-\udfff]")


@dataclass(slots=True)
class CopyReport:
    routes: list[str] = field(default_factory=list)
    """Routes the text went through: "terminal (OSC 52)", "tmux buffer", "system clipboard"."""
    confirmed: bool = False
    """True when a route reported success (tmux or the local clipboard)."""
    refused: str = ""
    """Why nothing was copied, if so."""


def refusal(text: str, multiline: bool = False) -> str:
    """Why `text` must not be copied, or "" when it may be (snippets may hold newlines)."""
    if not text:
        return "nothing to copy"
    if _UNCOPYABLE.search(text.replace("\n", "") if multiline else text):
        return "it contains control characters (use `tui-models list --format json`)"
    return ""


def copy_terminal(text: str, osc52: Callable[[str], None], *, multiline: bool = False
                  ) -> CopyReport:
    """Send `text` through the terminal (OSC 52): a write, never a wait. The report says
    whether the text was refused, and carries the route."""
    report = CopyReport(refused=refusal(text, multiline))
    if report.refused:
        return report
    try:
        osc52(text)
        report.routes.append("terminal (OSC 52)")
    except Exception:  # a terminal write failing must not stop the other routes
        pass
    return report


def copy_local(text: str, report: CopyReport) -> CopyReport:
    """Hand `text` to tmux and the local clipboard, where they exist (blocking: a hung tmux
    or clipboard tool is waited for, up to its timeout), adding to `report`."""
    if os.environ.get("TMUX") and _tmux(text):
        report.routes.append("tmux buffer")
        report.confirmed = True
    if _has_local_clipboard() and _pyperclip(text):
        report.routes.append("system clipboard")
        report.confirmed = True
    return report


def _tmux(text: str) -> bool:
    tmux = shutil.which("tmux")
    if tmux is None:
        return False
    data = text.encode("utf-8")
    for args in ([tmux, "load-buffer", "-w", "-"], [tmux, "load-buffer", "-"]):
        try:
            done = subprocess.run(args, input=data, capture_output=True, timeout=TMUX_TIMEOUT,
                                  check=False)
        except (OSError, subprocess.TimeoutExpired):
            return False
        if done.returncode == 0:
            return True
    return False


def _has_local_clipboard() -> bool:
    if sys.platform in ("darwin", "win32"):
        return not os.environ.get("SSH_CONNECTION")
    return bool(os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY"))


def _pyperclip(text: str) -> bool:
    import pyperclip

    try:
        pyperclip.copy(text)
        return pyperclip.paste() == text
    except (pyperclip.PyperclipException, OSError, UnicodeError):
        return False

"""Copying as the explorer does it: every route, a notice saying which worked, and when none
could confirm the copy, a dialog with the text selected, to copy by hand.

The terminal route (OSC 52) is a write, done at once on the event loop. tmux and the local
clipboard are other programs, which may hang: they run in a thread of their own, bounded by
`LOCAL_TIMEOUT`, while the explorer keeps answering keys.
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual.app import App

from tui_models import clipboard, runtime
from tui_models.textsafe import shorten, visible
from tui_models.tui.dialogs.manual_copy import ManualCopyScreen

LOCAL_TIMEOUT = 5.0
"""Seconds tmux and the local clipboard may take before the copy is said to have failed
there (a hung `tmux` or `xclip` must never freeze the explorer)."""


def copy_and_tell(app: App, text: str, *, what: str, twins: list[str] | None = None,
                  multiline: bool = False, refused: str = "") -> None:
    """Copy `text` (for the model `what`) through every route; say which worked, warn about
    case twins; fall back to the manual dialog. Returns at once. `refused`: why the model
    must not be copied at all (a locked one), said instead."""
    report = clipboard.CopyReport(refused=refused) if refused else \
        clipboard.copy_terminal(text, app.copy_to_clipboard, multiline=multiline)
    if report.refused:
        app.notify(f"Not copied: {report.refused}", severity="error", markup=False)
        return
    app.run_worker(partial(_local_routes, app, text, report, what, twins or []),
                   group="copy", exit_on_error=False, description="copy to tmux and clipboard")


async def _local_routes(app: App, text: str, report: clipboard.CopyReport, what: str,
                        twins: list[str]) -> None:
    local = clipboard.CopyReport()
    late = ""
    try:
        await asyncio.wait_for(runtime.blocking(clipboard.copy_local, text, local),
                               LOCAL_TIMEOUT)
    except (TimeoutError, asyncio.TimeoutError):
        late = f"\ntmux or the clipboard did not answer within {LOCAL_TIMEOUT:g} s"
        local = clipboard.CopyReport()  # what the hung route may still add is not trusted
    routes = [*report.routes, *local.routes]
    label = shorten(visible(what), 60)
    message = f"Copied {label}" if text == what else f"Copied snippet for {label}"
    message += " → " + ", ".join(routes or ["nowhere"]) + late
    if twins:
        message += f"\nMind the case: {', '.join(visible(t) for t in twins)} also exists."
    app.notify(message, title="Copied", markup=False,
               severity="warning" if twins or late else "information")
    if not local.confirmed:
        app.push_screen(ManualCopyScreen(text, routes))

"""A one-line progress row for a batch of probes: a bar, the counts, how to stop."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Horizontal
from textual.widgets import Static

from tui_models.tui.state import ProbeBatch

if TYPE_CHECKING:
    from textual.widgets import ProgressBar


class ProbeProgress(Horizontal):
    """Shows a `ProbeBatch` while it runs; hidden otherwise. Its bar and counts are made with
    the first batch: until then the row is one empty widget, with nothing to import, style or
    lay out on the first frame."""

    DEFAULT_CSS = """
    ProbeProgress { height: 1; display: none; padding: 0 1; }
    ProbeProgress.-running { display: block; }
    ProbeProgress ProgressBar { width: 30; }
    ProbeProgress #probe-counts { width: 1fr; padding: 0 1; }
    """

    _bar: ProgressBar | None = None
    _counts: Static | None = None

    def show(self, batch: ProbeBatch) -> None:
        self.set_class(batch.running, "-running")
        if not batch.running:
            return
        if self._bar is None or self._counts is None:
            from textual.widgets import ProgressBar

            self._bar = ProgressBar(show_eta=False, show_percentage=False)
            self._counts = Static("", id="probe-counts")
            self.mount(self._bar, self._counts)
        self._bar.update(total=batch.total, progress=batch.done)
        self._counts.update(
            f"probing {batch.done:,}/{batch.total:,} · {batch.done - batch.failed:,} ✓ "
            f"{batch.failed:,} ✗ · esc stops")

"""A one-line progress row for a batch of probes: a bar, the counts, how to stop."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from tui_models.tui.state import ProbeBatch


class ProbeProgress(Horizontal):
    """Shows a `ProbeBatch` while it runs; hidden otherwise. The explorer makes it with the
    first batch: nothing of it is imported, styled or laid out on the first frame."""

    DEFAULT_CSS = """
    ProbeProgress { height: 1; display: none; padding: 0 1; }
    ProbeProgress.-running { display: block; }
    ProbeProgress ProgressBar { width: 30; }
    ProbeProgress #probe-counts { width: 1fr; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._bar = ProgressBar(show_eta=False, show_percentage=False)
        self._counts = Static("", id="probe-counts")

    def compose(self) -> ComposeResult:
        yield self._bar
        yield self._counts

    def show(self, batch: ProbeBatch) -> None:
        self.set_class(batch.running, "-running")
        if not batch.running:
            return
        self._bar.update(total=batch.total, progress=batch.done)
        self._counts.update(
            f"probing {batch.done:,}/{batch.total:,} · {batch.done - batch.failed:,} ✓ "
            f"{batch.failed:,} ✗ · esc stops")

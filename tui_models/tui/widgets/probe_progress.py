"""A one-line progress row for a batch of probes: a bar, the counts, how to stop."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from tui_models.model import Probe


class ProbeProgress(Horizontal):
    """Hidden until `start`; `advance` per result; `finish` hides it again."""

    DEFAULT_CSS = """
    ProbeProgress { height: 1; display: none; padding: 0 1; }
    ProbeProgress.-running { display: block; }
    ProbeProgress ProgressBar { width: 30; }
    ProbeProgress #probe-counts { width: 1fr; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = self.done = self.failed = 0

    def compose(self) -> ComposeResult:
        yield ProgressBar(show_eta=False, show_percentage=False)
        yield Static("", id="probe-counts")

    @property
    def running(self) -> bool:
        return self.has_class("-running")

    def start(self, total: int) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.query_one(ProgressBar).update(total=total, progress=0)
        self._show()
        self.add_class("-running")

    def advance(self, result: Probe) -> None:
        self.done += 1
        self.failed += not result.ok
        self.query_one(ProgressBar).advance(1)
        self._show()

    def finish(self) -> None:
        self.remove_class("-running")

    def _show(self) -> None:
        self.query_one("#probe-counts", Static).update(
            f"probing {self.done:,}/{self.total:,} · {self.done - self.failed:,} ✓ "
            f"{self.failed:,} ✗ · esc stops")

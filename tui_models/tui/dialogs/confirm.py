"""`T`: how many real requests a probe of the view sends, and whether to send them."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label

from tui_models.tui.dialogs.dialog import Dialog


class ConfirmProbe(Dialog[str | None]):
    """Dismisses with "some" (probe the chosen), "all" (every kind too) or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "dismiss('some')", "Probe", id="confirm.yes"),
        Binding("a", "dismiss('all')", "All kinds", id="confirm.all"),
        Binding("n", "dismiss(None)", "Cancel", id="confirm.no"),
    ]

    def __init__(self, count: int, skipped: dict[str, int], protocols: str) -> None:
        super().__init__()
        self.count, self.skipped, self.protocols = count, skipped, protocols

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Probe {self.count:,} models?", style="bold"))
            yield Label(Text(
                f"Sends {self.count:,} real requests ({self.protocols}), one output token "
                "each: billed like any call."))
            if self.skipped:
                kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(self.skipped.items()))
                yield Label(Text(f"Skips {kinds} models: one call of theirs costs real money. "
                                 "a probes them too."))
            yield Label(Text("enter probes · esc cancels · esc while probing stops",
                             style="dim"))

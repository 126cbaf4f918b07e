"""`T`: how many real requests a probe of the view sends at most, and whether to send them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label

from tui_models.model import Probe
from tui_models.probe.plan import worst_case
from tui_models.tui.dialogs.dialog import Dialog
from tui_models.tui.state import ViewProbe


class ConfirmProbe(Dialog[str | None]):
    """Dismisses with "some" (probe the chosen), "all" (every kind too), "endpoints" (the
    chosen, on every endpoint each protocol serves) or None.

    The counts are worst cases: every request a probe may send, retries of refused requests
    included (a refusal is not billed: only the first requests can be). The box is as tall
    as its lines, whatever the terminal (at 80×24 it must not fill the screen)."""

    DEFAULT_CSS = """
    ConfirmProbe > #confirm { height: auto; }
    ConfirmProbe #confirm > Label { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "dismiss('some')", "Probe", id="confirm.yes"),
        Binding("a", "dismiss('all')", "All kinds", id="confirm.all"),
        Binding("e", "dismiss('endpoints')", "Every endpoint", id="confirm.endpoints"),
        Binding("n", "dismiss(None)", "Cancel", id="confirm.no"),
    ]

    def __init__(self, planned: ViewProbe,
                 learned: Mapping[tuple[str, str], Probe] | None = None) -> None:
        super().__init__()
        self.planned = planned
        self.count = len(planned.chosen)
        self.first, self.most = worst_case(planned.chosen, learned=learned)
        self.every_first, self.every_most = worst_case(planned.variants, every=True,
                                                       learned=learned)
        chosen = {id(m) for m in planned.chosen}
        self.extra = worst_case([m for m in planned.every if id(m) not in chosen],
                                learned=learned)[1]

    def compose(self) -> ComposeResult:
        planned = self.planned
        with Vertical(id="confirm"):
            yield Label(Text(f"Probe {self.count:,} models?", style="bold"))
            retries = (f", up to {self.most:,} with retries of refused ones (not billed)"
                       if self.most > self.first else "")
            yield Label(Text(f"Sends {self.first:,} real requests ({planned.protocols}), one "
                             f"output token each (16 on Responses): billed like any "
                             f"call{retries}."))
            if planned.skipped:
                kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(planned.skipped.items()))
                yield Label(Text(f"Skips {kinds} models, billed per call: a probes them too "
                                 f"(up to {self.extra:,} more)."))
            yield Label(Text(f"e: every endpoint each is served on (chat, Responses, messages, "
                             f"generateContent): {self.every_first:,} requests, up to "
                             f"{self.every_most:,}."))
            yield Label(Text("enter probes · esc cancels · esc while probing stops",
                             style="dim"))

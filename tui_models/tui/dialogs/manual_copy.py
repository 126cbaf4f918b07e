"""Copying as the explorer does it: every route, a notice saying which worked, and when none
could confirm the copy, a dialog with the text selected, to copy by hand."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, TextArea

from tui_models.textsafe import shorten, visible
from tui_models.tui.dialogs.dialog import Dialog


class ManualCopyScreen(Dialog[None]):
    """The text in a read-only, pre-selected box."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss", "Close", id="manual-copy.close",
                tooltip="Close this dialog"),
    ]

    DEFAULT_CSS = """
    ManualCopyScreen > Vertical { border: round $warning; }
    ManualCopyScreen TextArea { height: auto; max-height: 16; }
    """

    def __init__(self, text: str, routes: list[str]) -> None:
        super().__init__()
        self.text = text
        self.routes = routes

    def compose(self) -> ComposeResult:
        sent = (f"Sent to {', '.join(self.routes)}, which cannot confirm it arrived."
                if self.routes else "No clipboard could be reached.")
        with Vertical():
            yield Label(Text(sent + " If it did not, select and copy it here "
                             "(esc closes):"))
            shown = visible(self.text)
            if shown != self.text:
                yield Label(Text("It holds invisible characters, shown as escapes; "
                                 "`tui-models list --format json` has it exactly.",
                                 style="yellow"))
            yield TextArea(shown, read_only=True, soft_wrap=True, show_line_numbers=False)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.select_all()


def copy_and_tell(screen: Screen, text: str, *, what: str, twins: list[str] | None = None,
                  multiline: bool = False) -> None:
    """Copy `text` (for the model `what`) through every route; say which worked, warn about
    case twins; fall back to the manual dialog."""
    from tui_models import clipboard

    report = clipboard.copy(text, screen.app.copy_to_clipboard, multiline=multiline)
    label = shorten(visible(what), 60)
    if report.refused:
        screen.notify(f"Not copied: {report.refused}", severity="error", markup=False)
        return
    message = f"Copied {label}" if text == what else f"Copied snippet for {label}"
    message += " → " + ", ".join(report.routes or ["nowhere"])
    if twins:
        message += f"\nMind the case: {', '.join(visible(t) for t in twins)} also exists."
    screen.notify(message, title="Copied", markup=False,
                  severity="warning" if twins else "information")
    if not report.confirmed:
        screen.app.push_screen(ManualCopyScreen(text, report.routes))

"""When no clipboard could confirm a copy: the text in a dialog, selected, to copy by hand."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, TextArea

from tui_models.textsafe import visible
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

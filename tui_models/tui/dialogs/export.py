"""`e`: where to write the current view (JSON, or CSV for a `.csv` path)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from tui_models.tui.dialogs.dialog import Dialog


class ExportScreen(Dialog[Path | None]):
    """Dismisses with the path to write, or None."""

    def __init__(self, count: int, default: Path) -> None:
        super().__init__()
        self.count = count
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Export the {self.count:,} models in view. A path ending in "
                             ".csv writes CSV, any other JSON. Enter saves, esc cancels."))
            yield Input(str(self.default), id="path")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        self.dismiss(Path(value) if value else None)

"""`e`: write the current view to a file (JSON, or CSV for a `.csv` path) and say so."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from time import strftime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from tui_models.model import Model
from tui_models.tui.dialogs.dialog import Dialog


class ExportScreen(Dialog[Path | None]):
    """Asks where to write `models`, writes them, and dismisses with the path written (None
    when cancelled or the file could not be written, which a notice says)."""

    def __init__(self, models: Sequence[Model], profile: str) -> None:
        super().__init__()
        self.models = models
        self.default = Path(f"tui-models-{profile}-{strftime('%Y%m%d-%H%M%S')}.json")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Export the {len(self.models):,} models in view. A path ending "
                             "in .csv writes CSV, any other JSON. Enter saves, esc cancels."))
            yield Input(str(self.default), id="path")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from tui_models import export

        event.stop()
        value = event.value.strip()
        if not value:
            self.dismiss(None)
            return
        try:
            written = export.save(self.models, Path(value))
        except OSError as exc:
            self.notify(f"Not exported: {exc}", severity="error", markup=False)
            self.dismiss(None)
            return
        self.notify(f"Exported {len(self.models):,} models to {written}", title="Exported",
                    markup=False, timeout=10)
        self.dismiss(written)

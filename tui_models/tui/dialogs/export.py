"""`e`: write the current view to a file — JSON or CSV records, or a client's own config — and
say so."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from time import strftime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select

from tui_models.config import Profile
from tui_models.model import Model
from tui_models.tui.dialogs.dialog import Dialog

RECORDS = "records"
"""The format value of plain records (JSON, or CSV for a `.csv` path)."""


class ExportScreen(Dialog[Path | None]):
    """Asks for a format and a path, writes the models in view, and dismisses with the path
    written (None when cancelled or the file could not be written, which a notice says).

    Records never replace a file (an export is the user's document). A client's config
    replaces only a file tui-models wrote itself and nobody changed since
    (`store.files.write_atomic(clobber=False)`), as `export --output` does. `profile` gives
    the base URLs and the key's variable a config names."""

    DEFAULT_CSS = """
    ExportScreen Select { width: 1fr; }
    """

    def __init__(self, models: Sequence[Model], profile: Profile) -> None:
        super().__init__()
        self.models = models
        self.profile = profile
        self.default = Path(f"tui-models-{profile.name}-{strftime('%Y%m%d-%H%M%S')}.json")

    def compose(self) -> ComposeResult:
        from tui_models import clients

        choices = [("JSON records (CSV for a .csv path)", RECORDS)]
        choices += [(f"{c.label}: {c.filename}", c.name) for c in clients.CLIENTS.values()]
        with Vertical():
            yield Label(Text(f"Export the {len(self.models):,} models in view. A path ending "
                             "in .csv writes CSV, any other JSON."))
            yield Label("Tab chooses a client's config instead. Enter saves, esc cancels.")
            yield Input(str(self.default), id="path")
            yield Select(choices, value=RECORDS, allow_blank=False, id="format")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        from tui_models import clients

        event.stop()
        path = self.query_one("#path", Input)
        if event.value == RECORDS:
            path.value = str(self.default)
        elif isinstance(event.value, str):
            path.value = clients.get(event.value).filename

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value:
            self.dismiss(None)
            return
        chosen = self.query_one("#format", Select).value
        path = Path(value).expanduser()
        if chosen == RECORDS or not isinstance(chosen, str):
            self._records(path)
        else:
            self._client(chosen, path)

    def _records(self, path: Path) -> None:
        from tui_models import export

        try:
            written = export.save(self.models, path)
        except OSError as exc:
            self.notify(f"Not exported: {exc}", severity="error", markup=False)
            self.dismiss(None)
            return
        self.notify(f"Exported {len(self.models):,} models to {written}", title="Exported",
                    markup=False, timeout=10)
        self.dismiss(written)

    def _client(self, name: str, path: Path) -> None:
        from tui_models import clients
        from tui_models.errors import UsageError
        from tui_models.store.files import write_atomic

        try:
            document, chosen = clients.export(name, self.profile, self.models)
            written = write_atomic(path, document.text, clobber=False)
        except UsageError as exc:
            self.notify(f"Not exported: {exc}", severity="warning", markup=False)
            self.dismiss(None)
            return
        except FileExistsError:
            self.notify(f"Not exported: {path} already exists and tui-models did not write "
                        "it (or it changed since)", severity="error", markup=False)
            self.dismiss(None)
            return
        except OSError as exc:
            self.notify(f"Not exported: {exc}", severity="error", markup=False)
            self.dismiss(None)
            return
        left = "; ".join(chosen.notes())
        self.notify(f"Wrote {document.count:,} models for {clients.get(name).label} to "
                    f"{written}" + (f" ({left})" if left else "") + "\n"
                    + "\n".join(document.notes), title="Exported", markup=False, timeout=12)
        self.dismiss(written)

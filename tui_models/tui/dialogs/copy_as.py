"""`C`: choose what to copy for the highlighted model — or a client's config for the view."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui_models.config import Profile
from tui_models.model import Model
from tui_models.snippets import COPY_FORMATS
from tui_models.textsafe import shorten, visible
from tui_models.tui.dialogs.dialog import Dialog

CLIENT_PREFIX = "client:"
"""Option ids of the client configs (`client:opencode`)."""


class CopyAsScreen(Dialog[str | None]):
    """Dismisses with the text to copy, or None.

    Beside the model's own formats it offers each client's config (`tui_models.clients`) for
    the models in view, rendered only when chosen (a view may hold 100,000 models). `view` is
    the view's models; None reads the explorer's current view."""

    DEFAULT_CSS = """
    CopyAsScreen OptionList { height: auto; max-height: 24; }
    """

    def __init__(self, profile: Profile, model: Model, view: Sequence[Model]) -> None:
        super().__init__()
        self.texts = {f.key: f.render(profile, model) for f in COPY_FORMATS}
        self.model = model
        self.profile = profile
        self.view = view

    def compose(self) -> ComposeResult:
        from tui_models import clients

        with Vertical():
            yield Label(Text("Copy " + shorten(visible(self.model.id), 60) + " as…",
                             style="bold"))
            options = []
            for f in COPY_FORMATS:
                preview = shorten(visible(self.texts[f.key].replace("\n", " ⏎ ")), 70)
                options.append(Option(Text.assemble((f.label, "bold"), "\n",
                                                    (preview, "dim")), id=f.key))
            count = len(self.view)
            for client in clients.CLIENTS.values():
                options.append(Option(Text.assemble(
                    (f"{client.label} config", "bold"), "\n",
                    (f"{client.filename} for the {count:,} models in view (chat only)", "dim")),
                    id=CLIENT_PREFIX + client.name))
            yield OptionList(*options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key = event.option.id or "id"
        if key.startswith(CLIENT_PREFIX):
            self.dismiss(self._client_text(key.removeprefix(CLIENT_PREFIX)))
            return
        self.dismiss(self.texts[key])

    def _client_text(self, name: str) -> str | None:
        """The client's document for the view, or None (said in a notice) when it holds no
        model the client can use."""
        from tui_models import clients
        from tui_models.errors import UsageError

        try:
            document, chosen = clients.export(name, self.profile, self.view)
        except UsageError as exc:
            self.notify(f"Nothing to copy: {exc}", severity="warning", markup=False)
            return None
        left = "; ".join(chosen.notes())
        self.notify(f"{clients.get(name).label}: {document.count:,} models"
                    + (f" ({left})" if left else ""), markup=False, timeout=6)
        return document.text

"""`C`: choose what to copy for the highlighted model."""

from __future__ import annotations

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


class CopyAsScreen(Dialog[str | None]):
    """Dismisses with the text to copy, or None."""

    DEFAULT_CSS = """
    CopyAsScreen OptionList { height: auto; max-height: 20; }
    """

    def __init__(self, profile: Profile, model: Model) -> None:
        super().__init__()
        self.texts = {f.key: f.render(profile, model) for f in COPY_FORMATS}
        self.model = model

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Copy " + shorten(visible(self.model.id), 60) + " as…",
                             style="bold"))
            options = []
            for f in COPY_FORMATS:
                preview = shorten(visible(self.texts[f.key].replace("\n", " ⏎ ")), 70)
                options.append(Option(Text.assemble((f.label, "bold"), "\n",
                                                    (preview, "dim")), id=f.key))
            yield OptionList(*options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.texts[event.option.id or "id"])

"""The one look of every dialog: a framed box in the middle of the screen."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen whose first child is its frame; esc closes it with None.

    Subclasses compose one container (the frame) and may widen it in their own CSS.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close", id="dialog.close",
                tooltip="Close this dialog"),
    ]

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > * {
        width: 90%; max-width: 90; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    Dialog Label { width: 1fr; }
    """

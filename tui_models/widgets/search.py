"""The search box: an Input that reports each edit in the same frame as the keystroke."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input


class SearchBox(Input):
    """An Input whose `on_query` callback runs synchronously on every change of value.

    A posted message reaches the App only after the screen has drawn the echo of the key,
    and the table would then wait for the next frame (~17 ms later at 60 fps). Calling the
    App's callback from the watcher puts the echo and the filtered table in the same frame.
    `Input.Changed` is still posted as usual.
    """

    def __init__(self, value: str = "", *, on_query: Callable[[str], None],
                 placeholder: str = "", id: str | None = None) -> None:
        super().__init__(value, placeholder=placeholder, compact=True, id=id)
        self.cursor_blink = False  # a steady cursor: no redraw every half second over SSH
        self._on_query = on_query

    def watch_value(self, value: str) -> None:
        if self.is_mounted:
            self._on_query(value)

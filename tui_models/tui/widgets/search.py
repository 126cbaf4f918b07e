"""The search: an Input that reports each edit in the same frame as the keystroke, with its
match counter and the line that explains a bad term."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input, Static


class SearchBox(Input):
    """An Input whose `on_query` callback runs synchronously on every change of value.

    A posted message reaches the App only after the screen has drawn the echo of the key,
    and the table would then wait for the next frame (~17 ms later at 60 fps). Calling the
    App's callback from the watcher puts the echo and the filtered table in the same frame.
    `Input.Changed` is still posted as usual.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # As in fzf and every picker: the table's cursor moves while the box keeps the focus.
        Binding("down,ctrl+n", "move('cursor_down')", "Move", key_display="↑↓", id="move",
                tooltip="Move the table's cursor while typing"),
        Binding("up", "move('cursor_up')", "Up", show=False),  # ctrl+p: the command palette
        Binding("pagedown", "move('page_down')", "Page down", show=False),
        Binding("pageup", "move('page_up')", "Page up", show=False),
    ]

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """Input sets its virtual size on every edit, and Textual's is a layout reactive: each
    keystroke reflowed the whole screen (the inspector's long text included), 10–30 ms at any
    number of models. The box has a fixed size and no scrollbar: a repaint is enough."""

    def __init__(self, value: str = "", *, on_query: Callable[[str], None],
                 on_submit: Callable[[], None], on_move: Callable[[str], None] = lambda a: None,
                 placeholder: str = "", id: str | None = None) -> None:
        # The screen selects the text itself when `/` is pressed, at once: a select on the
        # Focus event would come after keys typed in the same burst.
        super().__init__(value, placeholder=placeholder, compact=True, select_on_focus=False,
                         id=id)
        self.cursor_blink = False  # a steady cursor: no redraw every half second over SSH
        self._on_query = on_query
        self._on_submit = on_submit
        self._on_move = on_move
        self.moved = False
        """The cursor was moved from the box since the query last changed."""

    def action_move(self, action: str) -> None:
        """Move the table's cursor (`cursor_down`, `page_up`…) without leaving the box."""
        self.moved = True
        self._on_move(action)

    async def _on_key(self, event: events.Key) -> None:
        if self.screen.focused is not self:
            # Routed here before Enter moved the focus on (typed in the same burst): not text
            # for the box; it bubbles on, to the screen and what has the focus now.
            event.prevent_default()
        elif event.key in ("enter", "backspace"):
            # At once, not through a binding resolved after the key has bubbled up: text
            # typed after it in the same burst is inserted in the meantime, and the keys
            # after Enter must find the focus where Enter put it.
            event.stop()
            event.prevent_default()
            if event.key == "enter":
                self._on_submit()
            else:
                self.action_delete_left()

    def type_ahead(self, character: str) -> None:
        """Type `character` as a key typed into the box would."""
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(character)
        else:
            self.replace(character, *selection)

    def watch_value(self, value: str) -> None:
        self.moved = False
        if self.is_mounted:
            self._on_query(value)


class SearchArea(Widget):
    """The search box with its match counter ("N of M") beside it and, under it, a line
    saying what is wrong with a term (shown only then). A grid, not rows in a column: one
    node less to style on the first frame."""

    DEFAULT_CSS = """
    SearchArea { layout: grid; grid-size: 2; grid-columns: 1fr 20; grid-rows: 1;
                 height: auto; }
    SearchArea #query-hint { column-span: 2; }
    """

    def __init__(self, box: SearchBox) -> None:
        super().__init__(id="search-area")
        self.box = box
        self.counter = Static("", id="counter")
        self.hint: Static | None = None
        """The line under the box, made with the first bad term (not on the first frame)."""

    def compose(self) -> ComposeResult:
        yield self.box
        yield self.counter

    def count(self, shown: int, total: int, recent: int = 0) -> None:
        """`N of M`, after `↺R ·` when R recently used ids come first."""
        counter = f"{shown:,} of {total:,}"
        self.counter.update(f"↺{recent} · {counter}" if recent else counter, layout=False)

    def problems(self, problems: list[str]) -> None:
        """The first bad term, why, and what would be right, in one line (or nothing)."""
        self.box.set_class(bool(problems), "-bad-term")
        if problems:
            if self.hint is None:
                self.hint = Static("", id="query-hint")
                self.mount(self.hint)
            self.hint.update(Text("⚠ " + problems[0], no_wrap=True, overflow="ellipsis"))
        if self.hint is not None:
            self.hint.display = bool(problems)

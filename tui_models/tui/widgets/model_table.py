"""A table of models that draws only the rows on screen (Textual's Line API).

The table holds no row objects: it is given the models and a list of row positions (the
view's matching rows, already sorted) and renders each visible line on demand. Changing the
rows is O(1) for the widget, whatever their number; the cost of a frame is the ~20 visible
lines. It keeps DataTable's interaction model: a row cursor, a header with sort indicators
that sorts on click, zebra stripes, highlight/select messages, wheel, PgUp/PgDn/Home/End.

Every server string is made visible (`textsafe.visible`) and drawn as a plain segment:
no markup is parsed and no control character reaches the terminal.
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Sequence
from functools import lru_cache
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_models.model import Model
from tui_models.probe import STALE_AFTER
from tui_models.textsafe import visible
from tui_models.tui.widgets.columns import MIN_ID_WIDTH, Column, fit, layout


class ModelTable(ScrollView, can_focus=True):
    """Rows of models with a cursor; only the visible lines are ever drawn.

    | Key | Action |
    | :- | :- |
    | up/k, down/j | Move the cursor. |
    | pageup, pagedown | Move a page. |
    | home/g, end/G | First / last row. |
    | enter | Select the highlighted model. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "model-table--header",
        "model-table--header-sorted",
        "model-table--cursor",
        "model-table--odd-row",
        "model-table--new",
        "model-table--gone",
        "model-table--locked",
        "model-table--empty",
        "model-table--section-end",
        "model-table--stale",
    }

    DEFAULT_CSS = """
    ModelTable {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        & > .model-table--header { background: $panel; color: $foreground; text-style: bold; }
        & > .model-table--header-sorted { color: $accent; text-style: bold; }
        & > .model-table--cursor { background: $block-cursor-blurred-background; }
        & > .model-table--odd-row { background: $surface-lighten-1 40%; }
        & > .model-table--new { color: $success; text-style: bold; }
        & > .model-table--gone { color: $error; text-style: strike; }
        & > .model-table--locked { color: $text-muted; text-style: dim; }
        & > .model-table--empty { color: $text-muted; text-style: italic; }
        & > .model-table--section-end { text-style: underline; }
        & > .model-table--stale { text-style: dim; }
        &:focus > .model-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True)
    """Position of the cursor in `rows`."""

    class Highlighted(Message):
        """The cursor moved onto `model` (None when the table is empty)."""

        def __init__(self, table: ModelTable, model: Model | None) -> None:
            super().__init__()
            self.table = table
            self.model = model

        @property
        def control(self) -> ModelTable:
            return self.table

    class Selected(Message):
        """Enter (or a click on the cursor row) chose `model`."""

        def __init__(self, table: ModelTable, model: Model) -> None:
            super().__init__()
            self.table = table
            self.model = model

        @property
        def control(self) -> ModelTable:
            return self.table

    class SortRequested(Message):
        """The header of `column` was clicked."""

        def __init__(self, table: ModelTable, column: str) -> None:
            super().__init__()
            self.table = table
            self.column = column

        @property
        def control(self) -> ModelTable:
            return self.table

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.models: Sequence[Model] = ()
        self.rows: Sequence[int] = ()
        self.sort: tuple[str, bool] = ("id", False)
        self.protocol_column = True
        self.flag_column = False
        self.probe_column = False
        self.catalog_columns = False
        self.empty_text = "Loading models…"
        self.longest_id = MIN_ID_WIDTH
        self.section = 0
        """Rows at the top that form a section of their own (recently used ids)."""
        self._generation = 0
        self._line_cache: LRUCache[tuple, Strip] = LRUCache(1024)
        self._last_highlighted: Model | None = None
        self._frame: tuple[int, Style, tuple[Column, ...]] = (0, Style(), ())

    # -- data ---------------------------------------------------------------------------------

    def set_rows(self, models: Sequence[Model], rows: Sequence[int], *,
                 keep: Model | None = None, sort: tuple[str, bool] | None = None,
                 protocol_column: bool | None = None, flag_column: bool | None = None,
                 probe_column: bool | None = None, catalog_columns: bool | None = None,
                 empty_text: str | None = None, longest_id: int | None = None,
                 section: int = 0) -> None:
        """Show `rows` of `models`. The cursor stays on `keep` if it is still listed, else
        goes to the first row."""
        self.models, self.rows, self.section = models, rows, section
        if longest_id is not None:
            self.longest_id = longest_id
        if sort is not None:
            self.sort = sort
        if protocol_column is not None:
            self.protocol_column = protocol_column
        if flag_column is not None:
            self.flag_column = flag_column
        if probe_column is not None:
            self.probe_column = probe_column
        if catalog_columns is not None:
            self.catalog_columns = catalog_columns
        if empty_text is not None:
            self.empty_text = empty_text
        self._generation += 1
        self._line_cache.clear()
        self._set_height(len(rows) + 1)
        position = 0
        if keep is not None:
            try:
                position = self._position_of(keep)
            except ValueError:
                position = 0
        self.cursor_row = position
        self._scroll_cursor_into_view(center=keep is not None)
        self.refresh()

    def _position_of(self, model: Model) -> int:
        models = self.models
        for position, row in enumerate(self.rows):
            if models[row] is model:
                return position
        raise ValueError

    @property
    def current(self) -> Model | None:
        """The highlighted model."""
        if 0 <= self.cursor_row < len(self.rows):
            return self.models[self.rows[self.cursor_row]]
        return None

    def validate_cursor_row(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1))

    def watch_cursor_row(self) -> None:
        model = self.current
        self._scroll_cursor_into_view()
        self.refresh()
        if model is not self._last_highlighted or model is None:
            self._last_highlighted = model
            self.post_message(self.Highlighted(self, model))

    # -- movement -----------------------------------------------------------------------------

    @property
    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 2, 1)

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        visible_rows = max(self.scrollable_content_region.height - 1, 1)
        top = round(self.scroll_y)
        cursor = self.cursor_row
        if center and not top <= cursor < top + visible_rows:
            self.scroll_to(y=max(cursor - visible_rows // 2, 0), animate=False, immediate=True)
        elif cursor < top:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif cursor >= top + visible_rows:
            self.scroll_to(y=cursor - visible_rows + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_page_up(self) -> None:
        self.cursor_row -= self._page

    def action_page_down(self) -> None:
        self.cursor_row += self._page

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = len(self.rows) - 1

    def action_select(self) -> None:
        model = self.current
        if model is not None:
            self.post_message(self.Selected(self, model))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = 0
            for column in self._columns():
                if x <= event.x < x + column.width + 1:
                    if column.field.sort is not None:
                        self.post_message(self.SortRequested(self, column.key))
                    return
                x += column.width + 1
            return
        position = round(self.scroll_y) + event.y - 1
        if 0 <= position < len(self.rows):
            if position == self.cursor_row and event.chain >= 1:
                self.action_select()
            self.cursor_row = position

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows) + 1)
        self._line_cache.clear()

    def _set_height(self, height: int) -> None:
        """A new number of rows, without a screen-wide layout: `virtual_size` is a layout
        reactive, and reflowing every widget (the inspector's long text included) for each
        keystroke would cost tens of ms at any size. Only a scrollbar coming or going changes
        the layout."""
        size = Size(self.scrollable_content_region.width, height)
        if size == self.virtual_size:
            return
        scrollbars = (self.show_vertical_scrollbar, self.show_horizontal_scrollbar)
        self.set_reactive(ModelTable.virtual_size, size)
        self._scroll_update(size)
        if (self.show_vertical_scrollbar, self.show_horizontal_scrollbar) != scrollbars:
            self.refresh(layout=True)

    # -- drawing ------------------------------------------------------------------------------

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns shown at the table's current width."""
        return self._columns()

    def _columns(self) -> tuple[Column, ...]:
        return layout(self.scrollable_content_region.width,
                      protocol_column=self.protocol_column, flag_column=self.flag_column,
                      probe_column=self.probe_column, catalog_columns=self.catalog_columns,
                      sort=self.sort[0], longest_id=self.longest_id)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()

    def _style(self, component: str) -> Style:
        """The style a component class adds on top of the row's (only what it sets)."""
        return self.get_component_rich_style(f"model-table--{component}", partial=True)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Computed once per frame rather than once per line.
        self._frame = (self.scrollable_content_region.width, self.rich_style, self._columns())
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, base, _ = self._frame
        if y == 0:
            return self._header(width, base)
        position = round(self.scroll_y) + y - 1
        if not self.rows:
            lines = _empty_lines(self.empty_text, width)
            if 2 <= y < 2 + len(lines):
                style = base + self._style("empty")
                return Strip([Segment(fit("  " + lines[y - 2], width), style)])
            return Strip.blank(width, base)
        if position >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[position]
        cursor = position == self.cursor_row
        key = (position, row, width, cursor, self.has_focus, self._generation)
        strip = self._line_cache.get(key)
        if strip is None:
            strip = self._row(self.models[row], position, cursor, width, base)
            self._line_cache[key] = strip
        return strip

    def _header(self, width: int, base: Style) -> Strip:
        header = base + self._style("header")
        sorted_style = header + self._style("header-sorted")
        sort_key, reverse = self.sort
        segments = []
        for column in self._frame[2]:
            title = column.field.title
            style = header
            if column.key == sort_key:
                title = f"{title}{'▼' if reverse else '▲'}"
                style = sorted_style
            segments.append(Segment(fit(title, column.width, column.field.right) + " ", style))
        return Strip(segments).adjust_cell_length(width, header)

    def _row(self, model: Model, position: int, cursor: bool, width: int,
             base: Style) -> Strip:
        style = base
        if position % 2:
            style += self._style("odd-row")
        if cursor:
            style += self._style("cursor")
        if position == self.section - 1 and position < len(self.rows) - 1:
            style += self._style("section-end")
        if model.is_locked:  # published for other groups: not this key's to call
            style += self._style("locked")
        segments = []
        for column in self._frame[2]:
            text = fit(column.field.display(model), column.width, column.field.right) + " "
            cell_style = style
            if column.key == "new" and (model.is_new or model.is_gone):
                cell_style = style + self._style("new" if model.is_new else "gone")
            elif column.key == "probe" and model.probe is not None and \
                    time.time() - model.probe.probed_at > STALE_AFTER:
                cell_style = style + self._style("stale")
            segments.append(Segment(text, cell_style))
        return Strip(segments).adjust_cell_length(width, style)


@lru_cache(maxsize=8)
def _empty_lines(text: str, width: int) -> list[str]:
    """The empty table's text, a failure per cause, each wrapped at spaces to `width`: worked
    out once per text and width, not for every line of every frame."""
    return [part for line in text.splitlines()
            for part in textwrap.wrap(visible(line), max(width - 4, 20))]

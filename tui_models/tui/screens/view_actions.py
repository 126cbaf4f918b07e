"""What the explorer does to the view as a whole: sort, choose a protocol, show or hide the
sidebar, refresh, help. A mixin of `ExplorerScreen`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_models import fields

if TYPE_CHECKING:
    from tui_models.tui.screens.explorer import ExplorerScreen

    _Base = ExplorerScreen
else:
    _Base = object


class ViewActions(_Base):  # type: ignore[misc,valid-type]
    """`s`, `S`, `1`–`4`, `ctrl+b`, `r`, `?`."""

    def sort_by(self, column: str, reverse: bool = False) -> None:
        """Sort the table by the field `column`."""
        self.view.set_sort(column, reverse)
        self._show_rows(keep=self.table.current)

    # -- actions ------------------------------------------------------------------------------

    def action_sort(self) -> None:
        shown = {c.key for c in self.table.columns}
        columns = [c for c in fields.sortable() if c in shown]
        position = columns.index(self.view.sort) if self.view.sort in columns else -1
        self.sort_by(columns[(position + 1) % len(columns)])
        self.notify(f"Sorted by {fields.get(self.view.sort).title or self.view.sort}",
                    timeout=2)

    def action_reverse_sort(self) -> None:
        self.sort_by(self.view.sort, not self.view.reverse)

    def action_protocol(self, name: str) -> None:
        # The view changes at once (the sidebar's message follows and finds nothing to do):
        # a key typed right after, in the same burst, acts on the protocol chosen.
        self._show_protocol(name or None)
        self.sidebar.choose(name or None)

    def action_toggle_sidebar(self) -> None:
        self.sidebar.display = not self.sidebar.display

    def action_refresh(self) -> None:
        self.post_message(self.RefreshRequested())
        self.notify("Refreshing every protocol…", timeout=2)

    def action_help(self) -> None:
        from tui_models.tui.dialogs.help import HelpScreen, key_rows

        self.app.push_screen(HelpScreen(key_rows(self.active_bindings.values(),
                                                 self.app.get_key_display)))

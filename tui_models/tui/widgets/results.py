"""The results: the model table and, beside or under it, the inspector of its cursor row.

The inspector follows the cursor a moment later (`INSPECT_DELAY`), and waits while the user
types, so a keystroke's frame only redraws the table.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Container
from textual.timer import Timer

from tui_models.model import Model
from tui_models.snippets import call_url
from tui_models.tui.state import ExplorerState
from tui_models.tui.widgets.inspector import Inspector
from tui_models.tui.widgets.model_table import ModelTable

INSPECT_DELAY = 0.15
"""Seconds the inspector waits after the cursor moves: typing and scrolling stay smooth."""


class Results(Container):
    """Draws an `ExplorerState`'s view: its rows in the table, the cursor's model in the
    inspector."""

    def __init__(self, state: ExplorerState, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = state
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        self.table = ModelTable(id="table")
        self.inspector = Inspector(id="inspector")
        yield self.table
        yield self.inspector

    @property
    def current(self) -> Model | None:
        return self.table.current

    def show(self, keep: Model | None = None) -> None:
        """Draw the view's rows, the cursor on `keep` when it is still listed."""
        state = self.state
        view, listing = state.view, state.listing
        self.table.set_rows(view.index.models, view.rows, keep=keep,
                            sort=(view.sort, view.reverse),
                            protocol_column=view.protocol is None,
                            flag_column=listing.marked, probe_column=listing.probed,
                            catalog_columns=listing.catalogue is not None,
                            empty_text=state.empty_text(),
                            longest_id=view.index.longest_id, section=state.recent_rows())
        if not view.rows:
            self.inspector.show(None, hint=state.empty_text())

    def typing(self) -> None:
        """The query is being edited: the inspector waits for a pause."""
        if self._timer is not None:
            self._timer.reset()

    @on(ModelTable.Highlighted)
    def _highlighted(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(INSPECT_DELAY, self.inspect)

    def inspect(self) -> None:
        """Show the cursor's model in the inspector, now."""
        self._timer = None
        model = self.table.current
        if model is None:
            self.inspector.show(None, hint=self.state.empty_text())
            return
        profile = self.state.session.profile
        self.inspector.show(model, calls=[(v, call_url(profile, v))
                                          for v in model.variants or (model,)],
                            chosen=self.state.target(model),
                            twins=self.state.listing.case_twins(model))

"""The results: the model table and, beside or under it, the inspector of its cursor row.

The inspector follows the cursor a moment later (`INSPECT_DELAY`), and waits while the user
types, so a keystroke's frame only redraws the table.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.timer import Timer

from tui_models.model import Model
from tui_models.tui.state import ExplorerState
from tui_models.tui.widgets.inspector import Inspector
from tui_models.tui.widgets.model_table import ModelTable

INSPECT_DELAY = 0.15
"""Seconds the inspector waits after the cursor moves: typing and scrolling stay smooth."""


class Results(Container):
    """Draws an `ExplorerState`'s view: its rows in the table, the cursor's model in the
    inspector. `i` gives the inspector the whole area and the focus, so it scrolls with the
    usual keys (over SSH, without a mouse); `i` or `esc` gives the table back. On OpenRouter
    `i` also asks which providers serve the model (its `/endpoints`), once per model."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "full_inspector", "Inspect", id="inspect",
                tooltip="Show the inspector full size, to scroll it (i or esc returns); "
                        "on OpenRouter, with the providers serving the model"),
        Binding("escape", "leave_inspector", "Back", show=False, id="inspect-back"),
    ]

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

    @property
    def full(self) -> bool:
        """The inspector has the whole area."""
        return self.has_class("-full")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # esc leaves the full inspector; otherwise it is the screen's (clear, go back).
        return self.full if action == "leave_inspector" else True

    def action_leave_inspector(self) -> None:
        self.action_full_inspector()

    def action_full_inspector(self) -> None:
        full = not self.full
        self.set_class(full, "-full")
        self.inspector.can_focus = full
        model = self.table.current
        if full and model is not None and self.state.wants_providers(model.id):
            # The App's worker: its one handler reports a crash.
            self.app.run_worker(partial(self._providers, model.id), group="providers",
                                exit_on_error=False,
                                description="OpenRouter's providers of a model")
        if full:
            self.inspect()
        (self.inspector if full else self.table).focus()

    def show(self, keep: Model | None = None) -> None:
        """Draw the view's rows, the cursor on `keep` when it is still listed."""
        state = self.state
        view, listing = state.view, state.listing
        # Said only by an empty table: why a search matches nothing reads every id.
        empty = None if view.rows else state.empty_text()
        self.table.set_rows(view.index.models, view.rows, keep=keep,
                            sort=(view.sort, view.reverse),
                            protocol_column=view.protocol is None,
                            flag_column=listing.marked, probe_column=state.probes_in_view(),
                            catalog_columns=listing.catalogue is not None,
                            empty_text=empty,
                            longest_id=view.index.longest_id, section=state.recent_rows())
        if empty is not None:
            self.inspector.show(None, hint=empty)

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
        from tui_models.snippets import call_url  # with the first model inspected

        self.inspector.show(model, calls=[(v, call_url(profile, v))
                                          for v in model.variants or (model,)],
                            chosen=self.state.target(model),
                            twins=self.state.listing.case_twins(model),
                            providers=self.state.providers.get(model.id),
                            openrouter=profile.preset == "openrouter")

    async def _providers(self, model_id: str) -> None:
        """Ask OpenRouter which providers serve `model_id` (one GET under the lists' rules:
        timeout, body cap, no key in any error), then show them if still on that profile."""
        from tui_models.gateway.errors import GatewayError
        from tui_models.relay import openrouter

        session = self.state.session
        try:
            client = await self.app.client.ready()  # type: ignore[attr-defined]
            found = await openrouter.fetch_endpoints(client, model_id)
            problem = ""
        except (GatewayError, ValueError) as exc:
            found, problem = None, f"not loaded: {exc}"
        if self.state.session is not session:
            return  # another profile is shown now
        self.state.take_providers(model_id, found, problem)
        current = self.table.current
        if current is not None and current.id == model_id:
            self.inspect()

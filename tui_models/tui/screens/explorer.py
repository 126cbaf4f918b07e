"""The explorer: protocol sidebar | searchable model table | inspector, on one screen.

The screen composes the widgets, binds the keys and draws what `ExplorerState` holds; the
App hands it what its workers bring (`show_load`…), and requests beyond the view go up to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingsMap, BindingType
from textual.screen import Screen

from tui_models import fields, protocols, runtime
from tui_models.listing.loading import ProtocolLoad
from tui_models.listing.locked import not_usable
from tui_models.model import Model, Probe
from tui_models.session import Session
from tui_models.textsafe import one_line, shorten, visible
from tui_models.tui import news
from tui_models.tui.messages import ProbeRequested, RefreshRequested
from tui_models.tui.rebuild import Rebuilder
from tui_models.tui.screens.keys import EXPLORER_KEYS, protocol_keys
from tui_models.tui.state import ExplorerState
from tui_models.tui.widgets.footer import Footer
from tui_models.tui.widgets.inspector import Inspector
from tui_models.tui.widgets.model_table import ModelTable
from tui_models.tui.widgets.results import Results
from tui_models.tui.widgets.search import SearchArea, SearchBox
from tui_models.tui.widgets.sidebar import ProtocolSidebar, ProtocolState
from tui_models.tui.widgets.title import TitleBar

if TYPE_CHECKING:
    from tui_models.catalogue import Catalogue
    from tui_models.relay import RelayInfo
    from tui_models.tui.widgets.probe_progress import ProbeProgress


class ExplorerScreen(Screen[None]):
    """Browse the models of one session's key. In pick mode Enter ends the app with the
    highlighted id and esc with None."""

    BINDINGS: ClassVar[list[BindingType]] = EXPLORER_KEYS

    def __init__(self, session: Session, *, query: str = "", protocol: str | None = None,
                 pick: bool = False) -> None:
        super().__init__()
        self.state = ExplorerState(session, Rebuilder(self._start_rebuild, self._data_changed),
                                   query=query, protocol=protocol, pick=pick)
        self.initial_query = query
        self._told: set[int] = set()
        """The load errors already told (one notice for the protocols failing together)."""
        self._bindings = BindingsMap.merge([self._bindings, BindingsMap(protocol_keys())])
        self.probe_progress: ProbeProgress | None = None
        """The probes' progress row, above the results from the first batch on."""

    @property
    def session(self) -> Session:
        return self.state.session

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.title_bar = TitleBar(id="title")
        self.sidebar = ProtocolSidebar(id="sidebar")
        self.search = SearchBox(self.initial_query, on_query=self._query_changed,
                                on_submit=self._search_submitted,
                                on_move=lambda action: getattr(self.table, f"action_{action}")(),
                                placeholder=("pick: enter chooses · esc cancels"
                                             if self.state.pick else
                                             "/ search: gpt owner:azure ctx>128k in<1 kind:embed"),
                                id="search")
        self.search_area = SearchArea(self.search)
        self.results = Results(self.state, id="results")
        # Title, footer and sidebar are split off the screen's edges, in this order (app.tcss);
        # the search and the results stack in what is left. No container: fewer nodes to style.
        yield self.title_bar
        yield Footer()
        yield self.sidebar
        yield self.search_area
        yield self.results

    @property
    def table(self) -> ModelTable:
        return self.results.table

    @property
    def inspector(self) -> Inspector:
        return self.results.inspector

    def on_mount(self) -> None:
        self.sidebar.choose(self.state.view.protocol)
        self._tell(news.at_start(self.session, self.state.problems))
        self._show_title()
        self._show_rows()
        (self.search if self.state.pick else self.table).focus()

    # -- data from the App --------------------------------------------------------------------

    def show_session(self, session: Session, loads: dict[str, ProtocolLoad]) -> None:
        """Show another profile's session, forgetting the previous one's lists."""
        self.state.open(session, loads)
        self._data_changed()

    def show_state(self, load: ProtocolLoad) -> None:
        """Show where a protocol's load stands, in the sidebar only."""
        self.sidebar.set_state(load.protocol, ProtocolState.of(load))

    def show_load(self, load: ProtocolLoad) -> None:
        """A protocol's load moved on: show its models, state and what it has to say."""
        self.state.take_load(load)
        self.sidebar.set_state(load.protocol, ProtocolState.of(load))
        self._show_title()  # offline or cached: said at once
        self._tell([*news.of_load(load), *news.of_failures(self.state.loads, self._told)])

    def show_notices(self, load: ProtocolLoad) -> None:
        """What a load has to say that is not its state (the cache could not be written…)."""
        self._tell(news.Notice(visible(n), "warning", 8) for n in load.take_notices())

    def _tell(self, notices: Iterable[news.Notice]) -> None:
        for text, severity, timeout, title in notices:
            self.notify(text, title=title, severity=severity, timeout=timeout,  # type: ignore[arg-type]
                        markup=False)

    def show_relay(self, info: RelayInfo | None, problem: str | None) -> None:
        """What the relay publishes beside its lists arrived (or could not be had)."""
        if problem:
            self.notify(one_line(problem, 200), severity="warning", markup=False, timeout=8)
        if info is not None:
            self.state.take_relay(info)

    def show_catalogue(self, catalogue: Catalogue | None, problem: str | None) -> None:
        """The catalogue was loaded (or could not be)."""
        if problem:
            self.notify(visible(problem), severity="warning", markup=False, timeout=8)
        self.state.take_catalogue(catalogue)

    def show_probe(self, model: Model, result: Probe) -> None:
        """A probe of `model` (a protocol's own record) came back."""
        self.state.probed(model, result)
        self._show_batch()
        self._show_rows(keep=self.table.current)
        current = self.table.current
        if current is not None and current.id == model.id:
            self.results.inspect()
        if self.state.batch.total == 1:
            self._tell([news.of_probe(model, result)])

    def probes_finished(self, cancelled: bool) -> None:
        batch = self.state.batch
        batch.running = False
        self._show_batch()
        if problem := self.state.save_probes():
            self.notify(problem, severity="warning", markup=False)
        if batch.total > 1 or cancelled:
            self._tell([news.of_batch(batch, cancelled)])

    def _show_batch(self) -> None:
        if self.probe_progress is None:  # made with the first batch: not on the first frame
            from tui_models.tui.widgets.probe_progress import ProbeProgress

            self.probe_progress = ProbeProgress(id="probe-progress")
            self.mount(self.probe_progress, before=self.results)
        self.probe_progress.show(self.state.batch)

    def _start_rebuild(self, run) -> None:
        # The App's: its one handler reports a crash (a state reaches the node that started it).
        self.app.run_worker(run, group="index", exit_on_error=False,
                            description="rebuild the search index")

    def _data_changed(self) -> None:
        self.state.committed()
        self.sidebar.set_total(self.state.listing.count())
        # A list arriving keeps the cursor on the row the user moved to, or at the top: not
        # on whatever row happened to be first before the other lists came.
        self._show_rows(keep=self.table.current if self.table.cursor_row else None)
        self._show_title()
        runtime.settle(trim=False)  # the new records out of the collector's sight, at once

    # -- drawing ------------------------------------------------------------------------------

    def _show_title(self) -> None:
        self.title_bar.show(self.session, self.state.loads, self.state.listing.relay)

    def _show_rows(self, keep: Model | None = None) -> None:
        self.results.show(keep)
        view = self.state.view
        self.search_area.count(len(view.rows), view.total, self.state.recent_rows())

    # -- the view -----------------------------------------------------------------------------

    def _query_changed(self, text: str) -> None:
        self.results.typing()
        view = self.state.view
        view.set_query(text)
        self._show_rows()
        self.search_area.problems(view.query.problems)

    def _search_submitted(self) -> None:
        if self.state.pick:
            self._choose(self.table.current)
            return
        self.set_focus(self.table)
        if self.search.moved:  # typed, moved with ↑↓, Enter: that model, copied
            self.action_copy_id()
        else:  # typed, Enter: the first match, to copy or move on from
            self.table.cursor_row = 0

    @on(ModelTable.Selected)
    def _selected(self, event: ModelTable.Selected) -> None:
        if self.state.pick:
            self._choose(event.model)
        else:
            self.action_copy_id()

    @on(ProtocolSidebar.ProtocolChanged)
    def _protocol_changed(self, event: ProtocolSidebar.ProtocolChanged) -> None:
        self._show_protocol(event.protocol)

    def _show_protocol(self, protocol: str | None) -> None:
        if protocol != self.state.view.protocol:
            self.state.view.set_protocol(protocol)
            self._show_rows(keep=self.table.current)

    @on(ModelTable.SortRequested)
    def _sort_requested(self, event: ModelTable.SortRequested) -> None:
        view = self.state.view
        self.sort_by(event.column, not view.reverse if event.column == view.sort else False)

    def sort_by(self, column: str, reverse: bool = False) -> None:
        """Sort the table by the field `column`."""
        self.state.view.set_sort(column, reverse)
        self._show_rows(keep=self.table.current)

    def action_search(self) -> None:
        if self.focused is self.search:  # a `/` typed into the query is text
            self.search.type_ahead("/")
            return
        # At once, not after the frame (`focus()` waits for it): see the binding.
        self.set_focus(self.search)
        self.search.select_all()

    def action_back(self) -> None:
        if self.state.batch.running:  # esc stops a batch of probes first
            self.app.cancel_probes()  # type: ignore[attr-defined]
        elif self.state.pick:
            self.app.exit(None)
        else:  # the search is cleared and left: the next `2` is a protocol, not text
            self.search.value = ""
            self.set_focus(self.table)

    def action_sort(self) -> None:
        shown = {c.key for c in self.table.columns}
        columns = [c for c in fields.sortable() if c in shown and fields.get(c).title]
        view = self.state.view
        position = columns.index(view.sort) if view.sort in columns else -1
        self.sort_by(columns[(position + 1) % len(columns)])
        self.notify(f"Sorted by {fields.get(view.sort).title or view.sort}", timeout=2)

    def action_reverse_sort(self) -> None:
        self.sort_by(self.state.view.sort, not self.state.view.reverse)

    def action_protocol(self, name: str) -> None:
        # The view changes at once (the sidebar's message follows and finds nothing to do):
        # a key typed right after, in the same burst, acts on the protocol chosen.
        self._show_protocol(name or None)
        self.sidebar.choose(name or None)

    def action_toggle_sidebar(self) -> None:
        self.sidebar.display = not self.sidebar.display

    def action_refresh(self) -> None:
        self.post_message(RefreshRequested())
        self.notify("Refreshing every protocol…", timeout=2)

    def action_help(self) -> None:
        from tui_models.tui.dialogs.help import HelpScreen, key_rows

        self.app.push_screen(HelpScreen(key_rows(self.active_bindings.values(),
                                                 self.app.get_key_display)))

    # -- one model ----------------------------------------------------------------------------

    def _current(self) -> Model | None:
        model = self.table.current
        if model is None:
            self.notify("No model highlighted.", severity="warning")
        return model

    def _choose(self, model: Model | None) -> None:
        from tui_models.clipboard import refusal  # with the first pick: not on the first frame

        if model is None:
            self.notify("No model matches: nothing to choose.", severity="warning")
        elif reason := not_usable(model) or refusal(model.id):  # the same rules as `c`
            self.notify(f"Not chosen: {reason}", severity="error", markup=False)
        else:
            self._used(model.id)
            self.app.exit(model.id)

    def _used(self, model_id: str) -> None:
        self.state.used(model_id)
        if problem := self.state.save_marks():
            self.notify(problem, severity="warning", markup=False)

    def action_copy_id(self) -> None:
        if (model := self._current()) is not None:
            self._copy(model.id, model, twins=self.state.listing.case_twins(model))
            self._used(model.id)

    def _copy(self, text: str, model: Model, *, twins: list[str] | None = None,
              multiline: bool = False) -> None:
        from tui_models.tui.copying import copy_and_tell

        copy_and_tell(self.app, text, what=model.id, twins=twins, multiline=multiline,
                      refused=not_usable(model))

    def action_copy_as(self) -> None:
        from tui_models.tui.dialogs.copy_as import CopyAsScreen

        if (model := self._current()) is None:
            return

        def copied(text: str | None) -> None:
            if text is not None:
                self._copy(text, model, multiline=True)

        self.app.push_screen(CopyAsScreen(self.session.profile, self.state.target(model),
                                          self.state.models_in_view()),
                             copied)

    def action_star(self) -> None:
        if (model := self._current()) is None:
            return
        starred = self.state.star(model)
        if problem := self.state.save_marks():
            self.notify(problem, severity="warning", markup=False)
        self._show_rows(keep=model)
        self.results.inspect()
        self.notify(f"{'Starred' if starred else 'Unstarred'} {shorten(visible(model.id), 60)}"
                    + (" (search is:fav)" if starred else ""), markup=False, timeout=3)

    def action_next_protocol(self) -> None:
        model = self.table.current
        if model is None or (chosen := self.state.next_protocol(model)) is None:
            self.notify("Only one protocol serves this model.", timeout=3)
            return
        self.results.inspect()
        self.notify(f"Calls, probes and copy-as now use {protocols.label(chosen)}", timeout=3)

    def action_export(self) -> None:
        from tui_models.tui.dialogs.export import ExportScreen

        self.app.push_screen(ExportScreen(self.state.models_in_view(), self.session.profile))

    # -- probes -------------------------------------------------------------------------------

    def action_probe(self) -> None:
        if (model := self._current()) is None:
            return
        target = self.state.target(model)
        if self._start_probes([target]):
            self.notify(f"Probing {shorten(visible(target.id), 60)} through "
                        f"{protocols.label(target.protocol)}: one real call, one output token",
                        markup=False, timeout=3)

    def action_probe_view(self) -> None:
        from tui_models.tui.dialogs.confirm import ConfirmProbe

        planned = self.state.view_probe()
        if not planned.every:
            self.notify("No model in view to probe.", severity="warning")
            return

        def answered(choice: str | None) -> None:
            if choice == "endpoints":
                self._start_probes(planned.variants, every=True)
            elif choice is not None:
                self._start_probes(planned.every if choice == "all" else planned.chosen)

        self.app.push_screen(ConfirmProbe(planned, self.state.probes.results), answered)

    def _start_probes(self, models: list[Model], *, every: bool = False) -> bool:
        if self.state.batch.running:
            self.notify("Probes are running: esc stops them.", severity="warning")
            return False
        if not models:
            return False
        self.state.batch.start(len(models))
        self._show_batch()
        self.post_message(ProbeRequested(models, every))
        return True

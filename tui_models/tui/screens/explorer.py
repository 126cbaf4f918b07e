"""The explorer: protocol sidebar | searchable model table | inspector, on one screen.

The screen owns the layout and everything the user does to the view: search, sort, protocol
filter, copy, export. The App hands it each protocol's load as it moves on (`show_load`) and
keeps the session, the client and the workers; requests that reach beyond the view (refresh,
another profile) go up as messages.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from tui_models import fmt, protocols
from tui_models.catalogue.match import Reference
from tui_models.listing import Catalog, View
from tui_models.listing.loading import ProtocolLoad, Stage
from tui_models.model import Model
from tui_models.session import Session
from tui_models.snippets import call_url
from tui_models.store.marks import Marks
from tui_models.store.probes import ProbeStore
from tui_models.textsafe import shorten, visible
from tui_models.tui.screens.actions import ModelActions
from tui_models.tui.screens.probes import ProbeActions
from tui_models.tui.screens.updates import DataUpdates
from tui_models.tui.screens.view_actions import ViewActions
from tui_models.tui.widgets.inspector import Inspector
from tui_models.tui.widgets.model_table import ModelTable
from tui_models.tui.widgets.probe_progress import ProbeProgress
from tui_models.tui.widgets.search import SearchBox
from tui_models.tui.widgets.sidebar import ProtocolSidebar, ProtocolState

INSPECT_DELAY = 0.15
"""Seconds the inspector waits after the cursor moves: typing and scrolling stay smooth."""


class ExplorerScreen(ModelActions, ProbeActions, ViewActions, DataUpdates, Screen[None]):
    """Browse the models of one session's key. In pick mode Enter ends the app with the
    highlighted id and esc with None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # A priority binding runs as the key arrives, before the keys after it are routed:
        # text typed in the same burst as `/` (a paste, a fast typist, a slow SSH link) then
        # goes to the search box, as it would typed slowly.
        Binding("slash", "search", "Search", id="search", tooltip="Search models as you type",
                priority=True),
        Binding("c", "copy_id", "Copy id", id="copy", tooltip="Copy the exact model id"),
        Binding("C", "copy_as", "Copy as", id="copy-as",
                tooltip="Copy the raw name, a curl or SDK snippet, or the JSON record"),
        Binding("f", "star", "Star", show=False, id="star",
                tooltip="Star the model, or unstar it (search is:fav)"),
        Binding("p", "next_protocol", "Protocol", show=False, id="next-protocol",
                tooltip="For a model several protocols serve: inspect and copy as the next one"),
        Binding("t", "probe", "Probe", show=False, id="probe",
                tooltip="Call the model once (one billed output token): does it answer?"),
        Binding("T", "probe_view", "Probe view", show=False, id="probe-view",
                tooltip="Probe every model in view, after saying how many calls it sends"),
        Binding("r", "refresh", "Refresh", id="refresh", tooltip="Fetch every protocol again"),
        Binding("s", "sort", "Sort", id="sort", tooltip="Sort by the next column"),
        Binding("S", "reverse_sort", "Reverse", show=False, id="reverse-sort",
                tooltip="Reverse the sort order"),
        Binding("e", "export", "Export", show=False, id="export",
                tooltip="Write the current view to a JSON or CSV file"),
        Binding("1", "protocol('')", "All", show=False, id="protocol-all",
                tooltip="Show every protocol"),
        Binding("ctrl+b", "toggle_sidebar", "Sidebar", show=False, id="sidebar",
                tooltip="Show or hide the protocol sidebar"),
        Binding("escape", "back", "Back", show=False, id="back",
                tooltip="Clear the search or go back"),
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="Keys and search syntax"),
    ]

    @dataclass
    class RefreshRequested(Message):
        """The user asked to fetch every protocol again."""

    @dataclass
    class ProfileRequested(Message):
        """The user asked to switch to profile `name`, or to compare with it."""

        name: str
        compare: bool = False

    def __init__(self, session: Session, *, query: str = "", protocol: str | None = None,
                 pick: bool = False) -> None:
        super().__init__()
        self.session = session
        self.pick = pick
        self.initial_query = query
        self.initial_protocol = protocol
        self.loads: Mapping[str, ProtocolLoad] = {}
        """Every protocol's load, handed down by the App."""
        self.marks = Marks(session.cache_id).load()
        self.probes = ProbeStore(session.cache_id, session.key).load()
        self.catalog = Catalog(self.marks.favourites, self.probes.results)
        self.view = View(self.catalog.index, protocol=protocol, query=query)
        if pick:  # the ids used last come first, as in fzf-style pickers
            self.view.set_pinned(self.marks.recent)
        self._reference: tuple[Reference | None, str | None] | None = None
        """The catalogue once loaded (kept across profiles), and what went wrong reading it."""
        self._chosen: dict[str, str] = {}
        self._pending: dict[str, list[Model]] = {}
        """Lists that arrived and are not in the index yet, by protocol."""
        self._pending_everything = False
        self._rebuilding = False
        """Per id served by several protocols: the protocol the user chose with `p`."""
        self._inspect_timer: Timer | None = None
        # A number key per registered protocol, after `1` for All.
        self._bindings = BindingsMap.merge([self._bindings, BindingsMap(
            Binding(p.key, f"protocol('{p.name}')", p.label, show=False,
                    id=f"protocol-{p.name}", tooltip=f"Show {p.label} models")
            for p in protocols.all_protocols())])

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.title_bar = Static(self._title_text(), id="title")
        self.sidebar = ProtocolSidebar(id="sidebar")
        self.search = SearchBox(self.initial_query, on_query=self._query_changed,
                                on_submit=self._search_submitted,
                                placeholder=("pick: enter chooses · esc cancels"
                                             if self.pick else
                                             "/ search: gpt owner:azure ctx>128k in<1 kind:embed"),
                                id="search")
        self.counter = Static("", id="counter")
        self.query_hint = Static("", id="query-hint")
        self.probe_progress = ProbeProgress(id="probe-progress")
        self.table = ModelTable(id="table")
        self.inspector = Inspector(id="inspector")
        yield self.title_bar
        with Horizontal(id="body"):
            yield self.sidebar
            with Vertical(id="main"):
                with Horizontal(id="search-row"):
                    yield self.search
                    yield self.counter
                yield self.query_hint
                yield self.probe_progress
                with Container(id="results"):
                    yield self.table
                    yield self.inspector
        yield Footer()

    def on_mount(self) -> None:
        self.sidebar.choose(self.initial_protocol)
        for warning in [*self.session.warnings,
                        *filter(None, [self.marks.problem, self.probes.problem])]:
            self.notify(visible(warning), severity="warning", markup=False, timeout=8)
        self._show_rows()
        (self.search if self.pick else self.table).focus()
        # The catalogue after the first frame, in a thread: it never delays a keystroke.
        self.call_after_refresh(self.run_worker, self._load_reference, group="reference",
                                exit_on_error=False, description="load the catalogue")

    def _show_title(self) -> None:
        """The title line, redrawn in place: one row of fixed height needs no layout (a
        layout pass redraws the whole screen, the inspector's long text included)."""
        self.title_bar.update(self._title_text(), layout=False)

    def _title_text(self) -> Text:
        profile = self.session.profile
        title = Text.assemble(("tui-models", "bold"), "  ", f"profile {profile.name} · ",
                              visible(profile.host), f" · key {self.session.key.masked}")
        if self.session.demo:
            title.append(" · demo gateway", style="italic")
        stale = [load.stale for load in self.loads.values() if load.stale is not None]
        cached = [load.previous for load in self.loads.values()
                  if load.stage is Stage.CACHED and load.previous is not None]
        if stale:
            title.append(f" · offline: cached {fmt.age(max(s.age for s in stale))}",
                         style="bold yellow")
        elif cached:
            title.append(f" · cached {fmt.age(max(s.age for s in cached))}, refreshing…",
                         style="italic")
        if self.catalog.relay is not None:  # last: a narrow title cuts this, not the state
            title.append(" · " + visible(self.catalog.relay.summary()),
                         style="" if self.catalog.relay.group else "yellow")
        return title

    # -- data from the App --------------------------------------------------------------------

    def show_session(self, session: Session, loads: Mapping[str, ProtocolLoad]) -> None:
        """Show another profile's session, forgetting the previous one's lists."""
        self.session, self.loads = session, loads
        self.marks = Marks(session.cache_id).load()
        self.probes = ProbeStore(session.cache_id, session.key).load()
        self.catalog = Catalog(self.marks.favourites, self.probes.results)
        self._pending.clear()  # the previous profile's lists are not this one's
        if self._reference is not None:
            self.catalog.reference = self._reference[0] if session.profile.catalog else None
        self._data_changed()

    def show_state(self, load: ProtocolLoad) -> None:
        """Show where a protocol's load stands, in the sidebar only."""
        self.sidebar.set_state(load.protocol, ProtocolState.of(load))

    def show_load(self, load: ProtocolLoad) -> None:
        """A protocol's load moved on: show its models, state and what it has to say."""
        protocol, stage = load.protocol, load.stage
        self._rebuild({protocol: [*load.models, *load.gone]})
        self.sidebar.set_state(protocol, ProtocolState.of(load))
        self._show_title()  # offline or cached: said at once
        label = protocols.label(protocol)
        if stage in (Stage.FRESH, Stage.PARTIAL) and load.result is not None:
            for warning in load.result.warnings:
                self.notify(f"{label}: {warning}", severity="warning", markup=False,
                            timeout=10)
            new = sum(1 for m in load.models if m.is_new)
            if new or load.gone or load.changed:
                self.notify(f"{label}: {new} new, {len(load.gone)} gone, {load.changed} "
                            "changed since the last fetch (search is:new, is:gone, "
                            "is:changed)", timeout=8)
        elif stage in (Stage.STALE, Stage.FAILED) and load.error is not None:
            self.notify(load.error.message, title="Could not list models", severity="error",
                        markup=False, timeout=10)
        self.show_notices(load)

    def show_notices(self, load: ProtocolLoad) -> None:
        """What a load has to say that is not its state (the cache could not be written…)."""
        for notice in load.take_notices():
            self.notify(visible(notice), severity="warning", markup=False, timeout=8)

    def _data_changed(self) -> None:
        self.view.set_index(self.catalog.index)
        self.sidebar.set_total(self.catalog.count())
        # A list arriving keeps the cursor on the row the user moved to, or at the top: not
        # on whatever row happened to be first before the other lists came.
        self._show_rows(keep=self.table.current if self.table.cursor_row else None)
        self._show_title()
        # Hundreds of thousands of long-lived records, the new index and the relay's prices:
        # out of the cyclic collector's sight, so that a collection during typing does not
        # walk them all (100–250 ms at 100,000 models). Freezing is a list splice; a
        # collection first would itself walk every new object on the event loop (~140 ms).
        # Records hold no cycles: reference counting frees the old ones. What cyclic garbage
        # exists at this moment (a few messages) is kept.
        gc.freeze()

    # -- view ---------------------------------------------------------------------------------

    def _show_rows(self, keep: Model | None = None) -> None:
        view = self.view
        recent = self._recent_rows()
        self.table.set_rows(view.index.models, view.rows, keep=keep,
                            sort=(view.sort, view.reverse),
                            protocol_column=view.protocol is None,
                            flag_column=self.catalog.marked,
                            probe_column=self.catalog.probed,
                            catalog_columns=self.catalog.reference is not None,
                            empty_text=self._empty_text(),
                            longest_id=view.index.longest_id, section=recent)
        counter = f"{len(view.rows):,} of {view.total:,}"
        self.counter.update(f"↺{recent} · {counter}" if recent else counter, layout=False)
        if not view.rows:
            self.inspector.show(None, hint=self._empty_text())

    def _recent_rows(self) -> int:
        """How many rows at the top are recently used ids (pick mode's "recent" section)."""
        pinned = set(self.view.pinned)
        if not pinned:
            return 0
        models, count = self.view.index.models, 0
        for row in self.view.rows[:len(pinned)]:
            if models[row].id not in pinned:
                break
            count += 1
        return count

    def _empty_text(self) -> str:
        protocol = self.view.protocol
        if self.view.query.terms and len(self.view.index):
            return f"No model matches “{shorten(self.view.text, 60)}”."
        profile = self.session.profile
        if protocol is not None and protocol not in profile.offered:
            return f"The {profile.preset} preset has no {protocols.label(protocol)} list."
        shown = [load for p, load in self.loads.items() if protocol in (None, p)]
        failed = [load.error.message for load in shown if load.error is not None]
        if failed:
            return " · ".join(failed)
        if any(load.stage.busy for load in shown):
            return "Loading models…"
        return "This key sees no models here."

    def _query_changed(self, text: str) -> None:
        if self._inspect_timer is not None:  # still typing: the inspector waits for a pause
            self._inspect_timer.reset()
        self.view.set_query(text)
        self._show_rows()
        problems = self.view.query.problems
        self.search.set_class(bool(problems), "-bad-term")
        self.query_hint.display = bool(problems)
        if problems:  # the bad term, why, and what would be right: one line
            self.query_hint.update(Text("⚠ " + problems[0], no_wrap=True, overflow="ellipsis"))

    def _search_submitted(self) -> None:
        if self.pick:
            self._choose(self.table.current)
            return
        self.set_focus(self.table)
        self.table.cursor_row = 0

    @on(ModelTable.Selected)
    def _selected(self, event: ModelTable.Selected) -> None:
        if self.pick:
            self._choose(event.model)
        else:
            self.action_copy_id()

    @on(ProtocolSidebar.ProtocolChanged)
    def _protocol_changed(self, event: ProtocolSidebar.ProtocolChanged) -> None:
        self._show_protocol(event.protocol)

    def _show_protocol(self, protocol: str | None) -> None:
        if protocol != self.view.protocol:
            self.view.set_protocol(protocol)
            self._show_rows(keep=self.table.current)

    @on(ModelTable.Highlighted)
    def _highlighted(self) -> None:
        # The inspector follows a moment later, so a keystroke's frame only redraws the table.
        if self._inspect_timer is not None:
            self._inspect_timer.stop()
        self._inspect_timer = self.set_timer(INSPECT_DELAY, self._inspect)

    def _inspect(self) -> None:
        self._inspect_timer = None
        model = self.table.current
        if model is None:
            self.inspector.show(None, hint=self._empty_text())
            return
        profile = self.session.profile
        self.inspector.show(model, calls=[(v, call_url(profile, v))
                                          for v in model.variants or (model,)],
                            chosen=self._target(model), twins=self.catalog.case_twins(model))

    @on(ModelTable.SortRequested)
    def _sort_requested(self, event: ModelTable.SortRequested) -> None:
        reverse = not self.view.reverse if event.column == self.view.sort else False
        self.sort_by(event.column, reverse)

    def action_search(self) -> None:
        if self.focused is self.search:  # a `/` typed into the query is text
            self.search.type_ahead("/")
            return
        # At once, not after the frame (`focus()` waits for it): see the binding.
        self.set_focus(self.search)
        self.search.select_all()

    def action_back(self) -> None:
        if self.probe_progress.running:  # esc stops a batch of probes first
            self.app.cancel_probes()  # type: ignore[attr-defined]
        elif self.pick:
            self.app.exit(None)
        else:  # the search is cleared and left: the next `2` is a protocol, not text
            self.search.value = ""
            self.set_focus(self.table)

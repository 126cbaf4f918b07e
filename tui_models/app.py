"""The explorer: protocol sidebar | searchable model table | inspector, on one screen.

The App is the only coordinator: a worker per protocol (each in its own group) shows the
cached list, fetches the fresh one and posts messages; widgets post their messages up; the
App updates the catalog and view, then hands rows and models down. Nothing here talks HTTP,
parses JSON or reads the cache: that is the core's job (`loader`, `gateway`, `cache`).
"""

from __future__ import annotations

import gc
from functools import partial
from pathlib import Path
from time import strftime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from tui_models import config, fmt, logs
from tui_models.catalog import SORT_COLUMNS, Catalog, View
from tui_models.commands import ExplorerCommands
from tui_models.model import PROTOCOL_LABELS, PROTOCOLS, Model
from tui_models.session import Session, switch_profile
from tui_models.textsafe import shorten, visible
from tui_models.widgets.inspector import Inspector
from tui_models.widgets.model_table import ModelTable
from tui_models.widgets.search import SearchBox
from tui_models.widgets.sidebar import CHOICES, ProtocolSidebar, ProtocolState

if TYPE_CHECKING:
    from tui_models.cache import ListCache, Snapshot
    from tui_models.gateway import GatewayClient
    from tui_models.loader import Loaded
    from tui_models.messages import CacheShown, Compared, Fetched

# The HTTP client, the cache and the dialogs are imported where they are first used, after
# the first frame: they would add ~50 ms to start-up (httpx builds an SSL context, too).

INSPECT_DELAY = 0.15
"""Seconds the inspector waits after the cursor moves: typing and scrolling stay smooth."""


class ModelsApp(App[str | None]):
    """Browse the models a key can use and copy exact ids.

    In pick mode (`tui-models pick`) the search box has the focus, Enter ends the app with the
    highlighted model's id as its return value, and Esc ends it with None.
    """

    CSS_PATH = "app.tcss"
    TITLE = "tui-models"
    COMMANDS = App.COMMANDS | {ExplorerCommands}
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (120, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="search", tooltip="Search models as you type"),
        Binding("c", "copy_id", "Copy id", id="copy", tooltip="Copy the exact model id"),
        Binding("C", "copy_as", "Copy as", id="copy-as",
                tooltip="Copy the raw name, a curl or SDK snippet, or the JSON record"),
        Binding("r", "refresh", "Refresh", id="refresh", tooltip="Fetch every protocol again"),
        Binding("s", "sort", "Sort", id="sort", tooltip="Sort by the next column"),
        Binding("S", "reverse_sort", "Reverse", show=False, id="reverse-sort",
                tooltip="Reverse the sort order"),
        Binding("e", "export", "Export", show=False, id="export",
                tooltip="Write the current view to a JSON or CSV file"),
        Binding("1", "protocol(0)", "All", show=False, id="protocol-all",
                tooltip="Show every protocol"),
        Binding("2", "protocol(1)", "OpenAI", show=False, id="protocol-openai",
                tooltip="Show OpenAI-compatible models"),
        Binding("3", "protocol(2)", "Claude", show=False, id="protocol-claude",
                tooltip="Show Claude models"),
        Binding("4", "protocol(3)", "Gemini", show=False, id="protocol-gemini",
                tooltip="Show Gemini models"),
        Binding("ctrl+b", "toggle_sidebar", "Sidebar", show=False, id="sidebar",
                tooltip="Show or hide the protocol sidebar"),
        Binding("escape", "back", "Back", show=False, id="back",
                tooltip="Clear the search or go back"),
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="Keys and search syntax"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit tui-models"),
    ]

    def __init__(self, session: Session, *, query: str = "", protocol: str | None = None,
                 pick: bool = False, use_cache: bool = True) -> None:
        super().__init__()
        self.pick = pick
        self.use_cache = use_cache
        self.initial_query = query
        self.initial_protocol = protocol
        self._client: GatewayClient | None = None
        self._inspect_timer: Timer | None = None
        self._generation = 0
        """Bumped when another profile is shown: messages from older workers are dropped."""
        self._use(session)
        self.view = View(self.catalog.index, protocol=protocol, query=query)

    def _use(self, session: Session) -> None:
        """Take `session` as the current profile, forgetting the previous one's lists."""
        self.session = session
        self.profile = session.profile
        self.cache: ListCache | None = None
        self.catalog = Catalog()
        self.results: dict[str, Loaded] = {}
        self.snapshots: dict[str, Snapshot] = {}
        """The last complete list of each protocol: what the next fetch is compared with."""
        self.showing_cache: dict[str, Snapshot] = {}
        """Protocols shown from the cache while their fetch runs."""

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self._title_text(), id="title")
        with Horizontal(id="body"):
            yield ProtocolSidebar(id="sidebar")
            with Vertical(id="main"):
                with Horizontal(id="search-row"):
                    yield SearchBox(self.initial_query, on_query=self._query_changed,
                                    placeholder="/ search: gpt owner:azure ctx>128k in<1 "
                                    "kind:embed", id="search")
                    yield Static("", id="counter")
                with Container(id="results"):
                    yield ModelTable(id="table")
                    yield Inspector(id="inspector")
        yield Footer()

    def _bind_widgets(self) -> None:
        # Kept as references: `query_one` searches the *current* screen, which is a dialog
        # whenever one is open, while fetches and timers keep updating the explorer.
        self.table = self.query_one("#table", ModelTable)
        self.sidebar = self.query_one("#sidebar", ProtocolSidebar)
        self.search = self.query_one("#search", SearchBox)
        self.inspector = self.query_one("#inspector", Inspector)
        self.counter = self.query_one("#counter", Static)
        self.title_bar = self.query_one("#title", Static)

    def _title_text(self) -> Text:
        profile = self.profile
        title = Text.assemble(("tui-models", "bold"), "  ", f"profile {profile.name} · ",
                              visible(profile.host), f" · key {self.session.key.masked}")
        if self.session.demo:
            title.append(" · demo gateway", style="italic")
        stale = [r.stale for r in self.results.values() if r.stale is not None]
        if stale:
            oldest = max(s.age for s in stale)
            title.append(f" · offline: cached {fmt.age(oldest)}", style="bold yellow")
        elif self.showing_cache:
            oldest = max(s.age for s in self.showing_cache.values())
            title.append(f" · cached {fmt.age(oldest)}, refreshing…", style="italic")
        if self.pick:
            title.append(" · pick: enter chooses, esc cancels", style="bold")
        return title

    def _update_title(self) -> None:
        self.title_bar.update(self._title_text())

    def on_mount(self) -> None:
        self._bind_widgets()
        self.sidebar.choose(self.initial_protocol)
        for warning in self.session.warnings:
            self.notify(visible(warning), severity="warning", markup=False, timeout=8)
        self._show_rows()
        (self.search if self.pick else self.table).focus()

    def on_ready(self) -> None:
        """The first frame is on screen: now read the cache and fetch."""
        logs.setup(self.session.key)
        self.fetch_all()

    async def on_unmount(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    # -- fetching -----------------------------------------------------------------------------

    def fetch_all(self) -> None:
        """Start (or restart) one worker per offered protocol, each in its own group."""
        from tui_models.gateway import GatewayClient
        from tui_models.loader import cache_for

        if self._client is None:
            self._client = GatewayClient(self.profile, self.session.key)
        if self.use_cache and self.cache is None:
            self.cache = cache_for(self.session)
        for protocol in PROTOCOLS:
            if protocol not in self.profile.offered:
                self.sidebar.set_state(protocol, ProtocolState("off"))
                continue
            count = self.catalog.count(protocol)
            self.sidebar.set_state(protocol, ProtocolState("loading", count))
            # A callable, not a coroutine: a worker cancelled before it starts (quit during
            # start-up) then leaves no never-awaited coroutine behind.
            self.run_worker(partial(self._load, protocol, self._client),
                            group=f"fetch-{protocol}",
                            exclusive=True, exit_on_error=False,
                            description=f"list {protocol} models")

    async def _load(self, protocol: str, client: GatewayClient) -> None:
        from tui_models import loader
        from tui_models.messages import CacheShown, Fetched

        generation, cache = self._generation, self.cache
        notices: list[str] = []
        previous = self.snapshots.get(protocol)
        if previous is None and not self.results.get(protocol):
            previous = await loader.read_cache(cache, protocol, notices)
            if previous is not None:
                self.post_message(CacheShown(generation, previous, notices))
                notices = []
        loaded = await loader.fetch(client, protocol, cache, previous, notices)
        self.post_message(Fetched(generation, loaded))

    def on_cache_shown(self, message: CacheShown) -> None:  # handlers go by message name
        snapshot = message.snapshot
        if message.generation != self._generation or snapshot.protocol in self.results:
            return  # another profile by now, or the fetch won the race
        self.showing_cache[snapshot.protocol] = snapshot
        models = snapshot.models or []
        self.catalog.replace(snapshot.protocol, models)
        self.sidebar.set_state(snapshot.protocol, ProtocolState(
            "loading", len(models), f"cached {fmt.age(snapshot.age)}"))
        self._notices(message.notices)
        self._data_changed()

    def on_fetched(self, message: Fetched) -> None:
        if message.generation != self._generation:
            return
        loaded = message.loaded
        protocol = loaded.protocol
        self.results[protocol] = loaded
        self.showing_cache.pop(protocol, None)
        result, error = loaded.result, loaded.error
        if error is not None:
            if loaded.stale is not None:
                self.catalog.replace(protocol, loaded.models)
                self.snapshots[protocol] = loaded.stale  # what the next fetch compares with
                state = ProtocolState("stale", len(loaded.models), error.label)
            elif error.transient and self.catalog.count(protocol):  # keep what is shown
                state = ProtocolState("stale", self.catalog.count(protocol), error.label)
            else:
                self.catalog.replace(protocol, [])
                state = ProtocolState("error", 0, error.label)
            self.notify(error.message, title="Could not list models", severity="error",
                        markup=False, timeout=10)
        else:
            from tui_models.cache import Snapshot

            assert result is not None
            self.catalog.replace(protocol, [*loaded.models, *loaded.gone])
            if result.complete:
                self.snapshots[protocol] = Snapshot.of(protocol, loaded.models, 0.0,
                                                       result.url, self.profile.price_unit)
            state = ProtocolState("partial" if result.warnings else "ok", len(loaded.models),
                                  fmt.duration_ms(result.elapsed_ms))
            for warning in result.warnings:
                self.notify(f"{PROTOCOL_LABELS[protocol]}: {warning}", severity="warning",
                            markup=False, timeout=10)
            self._announce_changes(protocol, loaded)
        self.sidebar.set_state(protocol, state)
        self._notices(loaded.notices)
        self._data_changed()

    def _announce_changes(self, protocol: str, loaded: Loaded) -> None:
        new = sum(1 for m in loaded.models if m.is_new)
        if new or loaded.gone:
            self.notify(f"{PROTOCOL_LABELS[protocol]}: {new} new, {len(loaded.gone)} gone "
                        "since the last fetch (search is:new, is:gone)", timeout=8)

    def _notices(self, notices: list[str]) -> None:
        for notice in notices:
            self.notify(visible(notice), severity="warning", markup=False, timeout=8)

    def _data_changed(self) -> None:
        self.view.set_index(self.catalog.index)
        self._show_rows(keep=self.table.current)
        self._update_title()
        # Hundreds of thousands of long-lived records: out of the cyclic collector's sight,
        # so that a collection during typing does not walk them all (a ~100 ms pause). What
        # is garbage already is collected first, so that nothing dead is kept.
        gc.collect()
        gc.freeze()

    # -- view ---------------------------------------------------------------------------------

    def _show_rows(self, keep: Model | None = None) -> None:
        view = self.view
        self.table.set_rows(view.index.models, view.rows, keep=keep,
                            sort=(view.sort, view.reverse),
                            protocol_column=view.protocol is None,
                            flag_column=self.catalog.marked,
                            empty_text=self._empty_text())
        self.counter.update(f"{len(view.rows):,} of {view.total:,}",
                                                  layout=False)
        if not view.rows:
            self.inspector.show(None, hint=self._empty_text())

    def _empty_text(self) -> str:
        protocol = self.view.protocol
        failed = [r.error for p, r in self.results.items()
                  if r.error is not None and (protocol is None or p == protocol)]
        if self.view.query.terms and len(self.view.index):
            return f"No model matches “{shorten(self.view.text, 60)}”."
        if protocol is not None and protocol not in self.profile.offered:
            return (f"The {self.profile.preset} preset has no {PROTOCOL_LABELS[protocol]} "
                    "list.")
        if failed:
            return " · ".join(e.message for e in failed)
        if any(s.status == "loading" for s in self.sidebar.states.values()):
            return "Loading models…"
        return "This key sees no models here."

    def _query_changed(self, text: str) -> None:
        self.view.set_query(text)
        self._show_rows()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        if self.pick:
            self._choose(self.table.current)
            return
        self.table.focus()
        self.table.cursor_row = 0

    @on(ModelTable.Selected)
    def _selected(self, event: ModelTable.Selected) -> None:
        if self.pick:
            self._choose(event.model)
        else:
            self.action_copy_id()

    def _choose(self, model: Model | None) -> None:
        if model is None:
            self.notify("No model matches: nothing to choose.", severity="warning")
        else:
            self.exit(model.id)

    @on(ProtocolSidebar.ProtocolChanged)
    def _protocol_changed(self, event: ProtocolSidebar.ProtocolChanged) -> None:
        if event.protocol != self.view.protocol:
            self.view.set_protocol(event.protocol)
            self._show_rows(keep=self.table.current)

    @on(ModelTable.Highlighted)
    def _highlighted(self) -> None:
        # The inspector follows a moment later, so a keystroke's frame only redraws the table.
        if self._inspect_timer is not None:
            self._inspect_timer.stop()
        self._inspect_timer = self.set_timer(INSPECT_DELAY, self._inspect)

    def _inspect(self) -> None:
        from tui_models.snippets import call_url

        self._inspect_timer = None
        model = self.table.current
        if model is None:
            self.inspector.show(None, hint=self._empty_text())
            return
        self.inspector.show(model, url=call_url(self.profile, model),
                                       twins=self.catalog.case_twins(model))

    @on(ModelTable.SortRequested)
    def _sort_requested(self, event: ModelTable.SortRequested) -> None:
        reverse = not self.view.reverse if event.column == self.view.sort else False
        self._sort(event.column, reverse)

    def sort_by(self, column: str) -> None:
        """Sort the table by `column`, ascending."""
        self._sort(column, False)

    def _sort(self, column: str, reverse: bool) -> None:
        self.view.set_sort(column, reverse)
        self._show_rows(keep=self.table.current)

    # -- actions ------------------------------------------------------------------------------

    def action_search(self) -> None:
        self.search.focus()

    def action_back(self) -> None:
        if self.pick:
            self.exit(None)
        elif self.search.value:
            self.search.value = ""
            if self.focused is not self.search:
                self.table.focus()
        elif self.focused is self.search:
            self.table.focus()

    def action_sort(self) -> None:
        columns = [c for c in SORT_COLUMNS if c != "protocol" or self.view.protocol is None]
        position = columns.index(self.view.sort) if self.view.sort in columns else -1
        self._sort(columns[(position + 1) % len(columns)], False)
        self.notify(f"Sorted by {self.view.sort}", timeout=2)

    def action_reverse_sort(self) -> None:
        self._sort(self.view.sort, not self.view.reverse)

    def action_protocol(self, position: int) -> None:
        self.sidebar.choose(CHOICES[position])

    def action_toggle_sidebar(self) -> None:
        self.sidebar.display = not self.sidebar.display

    def action_refresh(self) -> None:
        self.fetch_all()
        self.notify("Refreshing every protocol…", timeout=2)

    def action_help(self) -> None:
        from tui_models.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_copy_id(self) -> None:
        model = self.table.current
        if model is None:
            self.notify("No model highlighted.", severity="warning")
            return
        self.copy_text(model.id, what=model.id, twins=self.catalog.case_twins(model))

    def action_copy_as(self) -> None:
        from tui_models.screens.copy_as import CopyAsScreen

        model = self.table.current
        if model is None:
            self.notify("No model highlighted.", severity="warning")
            return

        def copied(text: str | None) -> None:
            if text is not None:
                self.copy_text(text, what=model.id, multiline=True)

        self.push_screen(CopyAsScreen(self.profile, model), copied)

    def copy_text(self, text: str, *, what: str, twins: list[str] | None = None,
                  multiline: bool = False) -> None:
        """Copy through every route; say which worked; fall back to a dialog."""
        from tui_models import clipboard

        report = clipboard.copy(text, self._osc52, multiline=multiline)
        label = shorten(visible(what), 60)
        if report.refused:
            self.notify(f"Not copied: {report.refused}", severity="error", markup=False)
            return
        message = f"Copied {label}" if text == what else f"Copied snippet for {label}"
        message += " → " + ", ".join(report.routes or ["nowhere"])
        if twins:
            message += f"\nMind the case: {', '.join(visible(t) for t in twins)} also exists."
        self.notify(message, title="Copied", markup=False,
                    severity="warning" if twins else "information")
        if not report.confirmed:
            from tui_models.screens.manual_copy import ManualCopyScreen

            self.push_screen(ManualCopyScreen(text, report.routes))

    def _osc52(self, text: str) -> None:
        self.copy_to_clipboard(text)

    def action_export(self) -> None:
        from tui_models import export
        from tui_models.screens.export import ExportScreen

        models = [self.view.index.models[i] for i in self.view.rows]
        default = Path(f"tui-models-{self.profile.name}-{strftime('%Y%m%d-%H%M%S')}.json")

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            try:
                written = export.save(models, path)
            except OSError as exc:
                self.notify(f"Not exported: {exc}", severity="error", markup=False)
                return
            self.notify(f"Exported {len(models):,} models to {written}", title="Exported",
                        markup=False, timeout=10)

        self.push_screen(ExportScreen(len(models), default), chosen)

    # -- profiles -----------------------------------------------------------------------------

    async def switch_to(self, name: str) -> None:
        """Show another profile from the config file instead of this one."""
        try:
            session = switch_profile(self.session, name)
        except config.ConfigError as exc:
            self.notify(str(exc), title="Cannot switch profile", severity="error",
                        markup=False)
            return
        for protocol in PROTOCOLS:
            self.workers.cancel_group(self, f"fetch-{protocol}")
        self._generation += 1
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        self._use(session)
        self._update_title()
        self.fetch_all()
        self._data_changed()

    def compare_with(self, name: str) -> None:
        """Fetch another profile's lists and show how they differ from this one's."""
        self.notify(f"Fetching the lists of profile {name} to compare…", timeout=3)
        self.run_worker(partial(self._compare, name), group="compare", exclusive=True,
                        exit_on_error=False, description=f"compare with {name}")

    async def _compare(self, name: str) -> None:
        from tui_models import loader
        from tui_models.catalog.compare import compare
        from tui_models.messages import Compared

        try:
            other = switch_profile(self.session, name)
        except config.ConfigError as exc:
            self.post_message(Compared(name, None, str(exc)))
            return
        loaded = await loader.load_session(other, use_cache=self.use_cache)
        failed = [str(r.error) for r in loaded.values() if r.error and r.stale is None]
        theirs = [m for r in loaded.values() for m in r.models]
        self.post_message(Compared(name, compare(self.catalog.models(), theirs),
                                   "; ".join(failed)))

    def on_compared(self, message: Compared) -> None:
        from tui_models.screens.compare import CompareScreen

        if message.error:
            self.notify(message.error, title=f"Profile {message.other}", severity="error",
                        markup=False, timeout=10)
        if message.comparison is not None:
            self.push_screen(CompareScreen(self.profile.name, message.other,
                                           message.comparison))

    # -- errors -------------------------------------------------------------------------------

    def _fatal_error(self) -> None:
        """An unexpected exception: log it, exit with one line instead of a traceback."""
        import logging

        logs.setup(self.session.key)
        error = self._exception
        logging.getLogger("tui_models.app").error("unexpected error in the app",
                                                  exc_info=error)
        name = type(error).__name__ if error else "error"
        self.panic(Text(f"tui-models stopped on an unexpected {name}; details in "
                        f"{logs.log_path()}"))

"""The explorer: protocol sidebar | searchable model table | inspector, on one screen.

The App is the only coordinator: workers fetch each protocol in its own group and post
`Fetched`; widgets post their messages up; the App updates the catalog and view, then hands
rows and models down. Nothing here talks HTTP or parses JSON: that is the core's job.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from tui_models import clipboard, fmt, logs
from tui_models.catalog import SORT_COLUMNS, Catalog, View
from tui_models.gateway import FetchResult, GatewayClient
from tui_models.model import PROTOCOL_LABELS, PROTOCOLS, Model
from tui_models.screens.copy_as import CopyAsScreen
from tui_models.screens.help import HelpScreen
from tui_models.screens.manual_copy import ManualCopyScreen
from tui_models.session import Session
from tui_models.snippets import call_url
from tui_models.textsafe import shorten, visible
from tui_models.widgets.inspector import Inspector
from tui_models.widgets.model_table import ModelTable
from tui_models.widgets.search import SearchBox
from tui_models.widgets.sidebar import CHOICES, ProtocolSidebar, ProtocolState

log = logging.getLogger("tui_models.app")

INSPECT_DELAY = 0.15
"""Seconds the inspector waits after the cursor moves: typing and scrolling stay smooth."""


@dataclass
class Fetched(Message):
    """A protocol's fetch finished (with models, an error, or both)."""

    result: FetchResult


class ModelsApp(App[str | None]):
    """Browse the models a key can use and copy exact ids."""

    CSS_PATH = "app.tcss"
    TITLE = "tui-models"
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

    def __init__(self, session: Session, *, query: str = "",
                 protocol: str | None = None) -> None:
        super().__init__()
        logs.setup(session.key)
        self.session = session
        self.profile = session.profile
        self.catalog = Catalog()
        self.view = View(self.catalog.index, protocol=protocol, query=query)
        self.initial_query = query
        self.initial_protocol = protocol
        self.results: dict[str, FetchResult] = {}
        self._client: GatewayClient | None = None
        self._inspect_timer: Timer | None = None

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

    @property
    def table(self) -> ModelTable:
        return self.query_one("#table", ModelTable)

    @property
    def sidebar(self) -> ProtocolSidebar:
        return self.query_one("#sidebar", ProtocolSidebar)

    @property
    def search(self) -> SearchBox:
        return self.query_one("#search", SearchBox)

    def _title_text(self) -> Text:
        profile = self.profile
        parts = [("tui-models", "bold"), "  ", (f"profile {profile.name}", ""), " · ",
                 (visible(profile.host), ""), " · ", (f"key {self.session.key.masked}", "")]
        if self.session.demo:
            parts += [" · ", ("demo gateway", "italic")]
        return Text.assemble(*parts)

    def on_mount(self) -> None:
        self._client = GatewayClient(self.profile, self.session.key)
        self.sidebar.choose(self.initial_protocol)
        for warning in self.session.warnings:
            self.notify(visible(warning), severity="warning", markup=False, timeout=8)
        self._show_rows()
        self.table.focus()
        self.fetch_all()

    async def on_unmount(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    # -- fetching -----------------------------------------------------------------------------

    def fetch_all(self) -> None:
        """Start (or restart) one worker per offered protocol, each in its own group."""
        for protocol in PROTOCOLS:
            if protocol not in self.profile.offered:
                self.sidebar.set_state(protocol, ProtocolState("off"))
                continue
            count = self.catalog.count(protocol)
            self.sidebar.set_state(protocol, ProtocolState("loading", count))
            self.run_worker(self._fetch(protocol), group=f"fetch-{protocol}", exclusive=True,
                            exit_on_error=False, description=f"list {protocol} models")

    async def _fetch(self, protocol: str) -> None:
        assert self._client is not None
        self.post_message(Fetched(await self._client.fetch(protocol)))

    def on_fetched(self, message: Fetched) -> None:
        result = message.result
        protocol = result.protocol
        self.results[protocol] = result
        error = result.error
        if error is not None and not result.models:
            if self.catalog.count(protocol):
                state = ProtocolState("stale", self.catalog.count(protocol), error.label)
            else:
                self.catalog.replace(protocol, [])
                state = ProtocolState("error", 0, error.label)
            self.notify(error.message, title="Could not list models", severity="error",
                        markup=False, timeout=10)
        else:
            self.catalog.replace(protocol, result.models)
            status = "partial" if result.warnings else "ok"
            state = ProtocolState(status, len(result.models), fmt.duration_ms(result.elapsed_ms))
            for warning in result.warnings:
                self.notify(f"{PROTOCOL_LABELS[protocol]}: {warning}", severity="warning",
                            markup=False, timeout=10)
        self.sidebar.set_state(protocol, state)
        self.view.set_index(self.catalog.index)
        self._show_rows(keep=self.table.current)

    # -- view ---------------------------------------------------------------------------------

    def _show_rows(self, keep: Model | None = None) -> None:
        view = self.view
        self.table.set_rows(view.index.models, view.rows, keep=keep,
                            sort=(view.sort, view.reverse),
                            protocol_column=view.protocol is None,
                            flag_column=self.catalog.marked,
                            empty_text=self._empty_text())
        self.query_one("#counter", Static).update(f"{len(view.rows):,} of {view.total:,}",
                                                  layout=False)
        if not view.rows:
            self.query_one(Inspector).show(None, hint=self._empty_text())

    def _empty_text(self) -> str:
        protocol = self.view.protocol
        failed = [r.error for p, r in self.results.items()
                  if r.error is not None and (protocol is None or p == protocol)]
        if self.view.query.terms and len(self.view.index):
            return f"No model matches “{shorten(self.search.value, 60)}”."
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
        self.table.focus()
        self.table.cursor_row = 0

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
        self._inspect_timer = None
        model = self.table.current
        if model is None:
            self.query_one(Inspector).show(None, hint=self._empty_text())
            return
        self.query_one(Inspector).show(model, url=call_url(self.profile, model),
                                       twins=self.catalog.case_twins(model))

    @on(ModelTable.SortRequested)
    def _sort_requested(self, event: ModelTable.SortRequested) -> None:
        reverse = not self.view.reverse if event.column == self.view.sort else False
        self._sort(event.column, reverse)

    def _sort(self, column: str, reverse: bool) -> None:
        self.view.set_sort(column, reverse)
        self._show_rows(keep=self.table.current)

    # -- actions ------------------------------------------------------------------------------

    def action_search(self) -> None:
        self.search.focus()

    def action_back(self) -> None:
        if self.search.value:
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
        self.push_screen(HelpScreen())

    def action_copy_id(self) -> None:
        model = self.table.current
        if model is None:
            self.notify("No model highlighted.", severity="warning")
            return
        self.copy_text(model.id, what=model.id, twins=self.catalog.case_twins(model))

    def action_copy_as(self) -> None:
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
            self.push_screen(ManualCopyScreen(text, report.routes))

    def _osc52(self, text: str) -> None:
        self.copy_to_clipboard(text)

    # -- palette and errors -------------------------------------------------------------------

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        yield SystemCommand("Refresh", "Fetch every protocol again", self.action_refresh)
        yield SystemCommand("Copy id", "Copy the highlighted model's exact id",
                            self.action_copy_id)
        yield SystemCommand("Copy as…", "Copy raw name, curl, SDK snippet or JSON",
                            self.action_copy_as)
        for position, choice in enumerate(CHOICES):
            label = "All protocols" if choice is None else PROTOCOL_LABELS[choice]
            yield SystemCommand(f"Show {label}", f"Filter the table to {label}",
                                lambda p=position: self.action_protocol(p))
        for column in SORT_COLUMNS:
            yield SystemCommand(f"Sort by {column}", f"Sort the table by {column}",
                                lambda c=column: self._sort(c, False))
        yield SystemCommand("Toggle sidebar", "Show or hide the protocol sidebar",
                            self.action_toggle_sidebar)
        yield SystemCommand("Help", "Keys and search syntax", self.action_help)

    def _fatal_error(self) -> None:
        """An unexpected exception: log it, exit with one line instead of a traceback."""
        error = self._exception
        log.error("unexpected error in the app", exc_info=error)
        name = type(error).__name__ if error else "error"
        self.panic(Text(f"tui-models stopped on an unexpected {name}; details in "
                        f"{logs.log_path()}"))

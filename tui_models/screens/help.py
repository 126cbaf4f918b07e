"""`?`: every key and the search language on one page."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = (
    ("/", "search as you type"),
    ("enter", "in the search box: go to the first match"),
    ("esc", "clear the search, or go back"),
    ("↑ ↓ j k PgUp PgDn g G", "move"),
    ("c", "copy the exact id"),
    ("C", "copy as: id, raw name, curl, Python SDK, JSON"),
    ("r", "refresh every protocol"),
    ("1 2 3 4", "All / OpenAI / Claude / Gemini"),
    ("s  S", "sort by the next column / reverse the order (or click a header)"),
    ("ctrl+b", "show or hide the sidebar"),
    ("e", "export the current view to JSON or CSV"),
    ("ctrl+p", "command palette: theme, profiles, sort, …"),
    ("?", "this help"),
    ("q", "quit"),
)

SEARCH = (
    ("gpt 4o", "id, name or owner contains gpt and 4o (any case)"),
    ("-preview", "excludes models containing preview"),
    ("owner:azure  id:mini", "owner / id contains the text"),
    ("proto:claude", "protocol: openai, claude, gemini"),
    ("kind:embed", "chat, embedding, image, audio, rerank, moderation, other"),
    ("ctx>128k  max>=8k", "context window / max output tokens (k, m suffixes)"),
    ("in<1  out<=5", "price per 1M input / output tokens, USD"),
    ("is:new  is:gone", "new since the last fetch / no longer listed"),
)


def _section(title: str, rows: tuple[tuple[str, str], ...]) -> Group:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for key, text in rows:
        grid.add_row(key, text)
    return Group(Text(title, style="bold underline"), grid, Text(""))


def help_text() -> Group:
    return Group(
        Text("tui-models — see which models your key can use, copy the exact id.\n"),
        _section("Keys", KEYS),
        _section("Search (terms are AND-ed)", SEARCH),
        Text("Copying goes to the terminal (OSC 52, works over SSH), to tmux's buffer inside "
             "tmux, and to the local clipboard when there is one.", style="dim"),
    )


class HelpScreen(ModalScreen[None]):
    """Keys and search syntax."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close",
                tooltip="Close the help"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 90; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    HelpScreen Static { height: auto; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(help_text())

"""`?`: every key and the search language on one page, built from the live bindings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui_models import protocols
from tui_models.tui.dialogs.dialog import Dialog


def search_rows() -> list[tuple[str, str]]:
    return [
        ("gpt 4o", "id, name or owner contains gpt and 4o (any case)"),
        ("-preview", "excludes models containing preview"),
        ("owner:azure  id:mini", "owner / id contains the text"),
        ("proto:claude", "served by: " + ", ".join(protocols.names())),
        ("kind:embed", "chat, embedding, image, audio, rerank, moderation, other"),
        ("ctx>128k  max>=8k", "context window / max output tokens (k, m suffixes)"),
        ("in<1  out<=5", "price per 1M input / output tokens, USD"),
        ("is:new  is:gone", "first seen lately (NEW stays a day: new_for) / no longer "
                            "listed"),
        ("new:7d", "first seen in the last 7 days (h, d, w; from the kept history)"),
        ("is:fav  is:changed", "starred with f (★) / price, limits or groups changed lately "
                               "(CHG)"),
        ("is:locked", "offered by the relay to other groups only (never copied)"),
        ("probe:ok  probe:fail", "answered / failed when probed with t or T (probe:none)"),
        ("cap:vision  in:image", "capability (tools, reasoning, structured, vision, audio, "
                                 "pdf, open-weights) / takes in; out:audio puts out"),
        ("released>2025-06", "released after (models.dev); status:deprecated"),
        ("Caps TRSVAPW", "tools, reasoning, structured output, vision, audio, pdf, "
                         "open weights (models.dev)"),
        ("DEP", "deprecated, says models.dev"),
        ("Proto " + protocols.badges(protocols.names()),
         "the protocols serving a row: " + ", ".join(
             f"{p.label[:1]} {p.label}" for p in protocols.all_protocols())),
    ]


def key_rows(bindings: Iterable[ActiveBinding],
             display: Callable[[Binding], str]) -> list[tuple[str, str]]:
    """One row per action of `bindings`: every key bound to it, and what it does. The
    screen's and the app's keys come first, then those of the focused widget."""
    rows: dict[str, tuple[list[str], str]] = {}
    # tui-models' own keys (they have ids) first, the screen's and app's before the focused
    # widget's; Textual's generic keys (focus next, copy selection) last.
    ordered = sorted(bindings, key=lambda a: (a.binding.id is None,
                                              not isinstance(a.node, (Screen, App))))
    for active in ordered:
        binding = active.binding
        text = active.tooltip or binding.tooltip or binding.description
        if not text or binding.system:
            continue
        keys, _ = rows.setdefault(binding.action, ([], text))
        shown = display(binding)
        if shown not in keys:
            keys.append(shown)
    # Actions that differ only by argument (`protocol('claude')`) stay together.
    family = {action: n for n, action in reversed(list(enumerate(
        a.partition("(")[0] for a in rows)))}
    actions = sorted(rows, key=lambda a: family[a.partition("(")[0]])
    return [(" ".join(rows[a][0]), rows[a][1]) for a in actions]


def _section(title: str, rows: list[tuple[str, str]]) -> Group:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for key, text in rows:
        grid.add_row(key, text)
    return Group(Text(title, style="bold underline"), grid, Text(""))


class HelpScreen(Dialog[None]):
    """Keys (as bound when `?` was pressed) and the search syntax."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close",
                tooltip="Close the help"),
    ]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Group(
                Text("tui-models — see which models your key can use, copy the exact id.\n"),
                _section("Keys", self.keys),
                _section("Search (terms are AND-ed)", search_rows()),
                Text("Copying goes to the terminal (OSC 52, works over SSH), to tmux's buffer "
                     "inside tmux, and to the local clipboard when there is one.",
                     style="dim"),
            ))

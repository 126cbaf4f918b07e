"""The inspector: everything known about the highlighted model, as inert text."""

from __future__ import annotations

import json

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui_models import fields
from tui_models.model import Model
from tui_models.textsafe import id_warnings, shorten, visible

MAX_RAW = 12_000
MAX_DESCRIPTION = 1_500


def describe(model: Model, *, url: str | None, twins: list[str]) -> RenderableType:
    """A renderable of `model`: built from Text objects, so no server string is markup."""
    warnings = id_warnings(model.id)
    if twins:
        warnings.append("case twin of " + ", ".join(visible(t) for t in twins[:3]))
    parts: list[RenderableType] = [Text(visible(model.id), style="bold")]
    if warnings:
        parts.append(Text("⚠ id " + "; ".join(warnings), style="bold yellow"))
    if model.is_new:
        parts.append(Text("NEW since the last fetch", style="bold green"))
    if model.is_gone:
        parts.append(Text("GONE: listed before, not any more", style="bold red"))

    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")

    for field in fields.all_fields():
        value = field.value(model) if field.label else None
        if value is not None and value != "" and value != []:
            grid.add_row(field.label, Text(field.display(model)))
    if url:
        grid.add_row("Call at", Text(visible(url)))
    parts.append(grid)
    if model.description:
        parts += [Text(""), Text(shorten(visible(model.description), MAX_DESCRIPTION))]
    try:
        raw = json.dumps(model.raw, indent=2, ensure_ascii=True, default=str)
    except (RecursionError, ValueError):
        raw = "(nested too deeply to show)"
    parts += [Text(""), Text("Raw JSON", style="dim bold"),
              Text(shorten(raw, MAX_RAW), style="dim")]
    return Group(*parts)


class Inspector(VerticalScroll, can_focus=False):
    """Shows one model; `show(None)` shows a hint instead."""

    DEFAULT_CSS = """
    Inspector { padding: 0 1; }
    Inspector > Static { width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: RenderableType = Text("Highlight a model to see its details.", style="dim")
        """What the inspector shows now."""

    def compose(self):
        self._details = Static(self.shown, id="details")
        yield self._details

    def show(self, model: Model | None, *, url: str | None = None,
             twins: list[str] | None = None, hint: str = "") -> None:
        if model is None:
            self.shown = Text(hint or "No model highlighted.", style="dim")
        else:
            self.shown = describe(model, url=url, twins=twins or [])
        if self.is_attached:
            self._details.update(self.shown)
            self.scroll_home(animate=False)

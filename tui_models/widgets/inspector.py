"""The inspector: everything known about the highlighted model, as inert text."""

from __future__ import annotations

import contextlib
import json

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui_models import fmt
from tui_models.model import PROTOCOL_LABELS, Model
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

    def row(label: str, value: str | None) -> None:
        if value:
            grid.add_row(label, Text(value))

    row("Name", visible(model.display_name or "") or None)
    row("Owner", visible(model.owned_by or "") or None)
    row("Protocol", PROTOCOL_LABELS[model.protocol])
    row("Kind", model.kind)
    row("Call at", visible(url) if url else None)
    if model.input_per_1m is not None or model.output_per_1m is not None:
        row("Price", f"in ${fmt.price(model.input_per_1m)} · out "
                     f"${fmt.price(model.output_per_1m)} per 1M tokens")
    if model.per_request is not None:
        row("Per request", f"${fmt.price(model.per_request)}")
    if model.context_window or model.max_output:
        row("Limits", f"context {fmt.tokens(model.context_window)} · "
                      f"max output {fmt.tokens(model.max_output)}")
    if model.created:
        from datetime import UTC, datetime

        with contextlib.suppress(OverflowError, OSError, ValueError):
            row("Created", datetime.fromtimestamp(model.created, UTC).strftime("%Y-%m-%d"))
    row("Endpoints", visible(", ".join(model.endpoint_types)) or None)
    row("Methods", visible(", ".join(model.methods)) or None)
    row("Capabilities", visible(", ".join(model.capabilities)) or None)
    if model.first_seen:
        row("First seen", fmt.since(model.first_seen))
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

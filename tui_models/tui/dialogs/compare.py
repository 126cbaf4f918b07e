"""The compare view: what this profile's key sees that another's does not, and prices."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui_models import protocols
from tui_models.export import price_change
from tui_models.listing.compare import Comparison
from tui_models.model import Model
from tui_models.textsafe import visible
from tui_models.tui.dialogs.dialog import Dialog

SHOWN = 200
"""Entries shown per section; `tui-models diff` lists them all."""


def _line(model: Model) -> Text:
    return Text(f"  {protocols.label(model.protocol):<7} {visible(model.id)}")


def _section(title: str, models: list[Model], hint: str) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(f"{title}: {len(models):,}", style="bold")]
    parts += [_line(m) for m in models[:SHOWN]]
    if len(models) > SHOWN:
        parts.append(Text(f"  … and {len(models) - SHOWN:,} more ({hint})", style="dim"))
    parts.append(Text(""))
    return parts


def describe(a: str, b: str, comparison: Comparison) -> Group:
    hint = f"tui-models diff {a} {b} lists them all"
    parts: list[RenderableType] = [Text(f"{a} vs {b}", style="bold underline"), Text("")]
    parts += _section(f"Only in {a}", comparison.only_a, hint)
    parts += _section(f"Only in {b}", comparison.only_b, hint)
    parts.append(Text(f"In both: {len(comparison.both):,}, "
                      f"{len(comparison.price_changes):,} at different prices", style="bold"))
    for left, right in comparison.price_changes[:SHOWN]:
        line = _line(left)
        line.append(f"   {price_change(left, right)}", style="yellow")
        parts.append(line)
    return Group(*parts)


class CompareScreen(Dialog[None]):
    """Shows a Comparison between this profile (A) and another (B)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close", id="compare.close", tooltip="Close"),
    ]

    DEFAULT_CSS = """
    CompareScreen > VerticalScroll { max-width: 110; height: 90%; }
    """

    def __init__(self, a: str, b: str, comparison: Comparison) -> None:
        super().__init__()
        self.rendered = describe(a, b, comparison)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.rendered)

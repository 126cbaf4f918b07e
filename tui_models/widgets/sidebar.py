"""The protocol sidebar: All / OpenAI / Claude / Gemini, each with its count and fetch state."""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_models.model import PROTOCOL_LABELS, PROTOCOLS

CHOICES: tuple[str | None, ...] = (None, *PROTOCOLS)
"""What each row filters by: None is All."""


class ProtocolState(NamedTuple):
    """How one protocol's list stands: `status` is loading, ok, partial, error, stale or off."""

    status: str = "loading"
    count: int = 0
    detail: str = ""

    def line(self) -> Text:
        if self.status == "loading":
            return Text("⋯ loading", style="italic")
        if self.status == "off":
            return Text("– not offered", style="dim")
        if self.status == "error":
            return Text(f"✗ {self.detail}", style="bold red")
        mark, style = {"ok": ("✓", "green"), "partial": ("!", "yellow"),
                       "stale": ("◷", "yellow")}.get(self.status, ("?", ""))
        line = Text(f"{mark} ", style=style)
        line.append(f"{self.count:,}" + (f" · {self.detail}" if self.detail else ""))
        return line


class ProtocolSidebar(OptionList):
    """Choose which protocol's models the table shows; see each list's state at a glance."""

    DEFAULT_CSS = """
    ProtocolSidebar { width: 22; }
    """

    class ProtocolChanged(Message):
        """The user chose `protocol` (None: all protocols)."""

        def __init__(self, sidebar: ProtocolSidebar, protocol: str | None) -> None:
            super().__init__()
            self.sidebar = sidebar
            self.protocol = protocol

        @property
        def control(self) -> ProtocolSidebar:
            return self.sidebar

    def __init__(self, *, id: str | None = None) -> None:
        self.states: dict[str, ProtocolState] = {p: ProtocolState() for p in PROTOCOLS}
        super().__init__(*(Option(self._prompt(choice), id=choice or "all")
                           for choice in CHOICES), id=id)

    @property
    def protocol(self) -> str | None:
        return CHOICES[self.highlighted or 0]

    def choose(self, protocol: str | None) -> None:
        self.highlighted = CHOICES.index(protocol)

    def set_state(self, protocol: str, state: ProtocolState) -> None:
        self.states[protocol] = state
        self.replace_option_prompt_at_index(CHOICES.index(protocol), self._prompt(protocol))
        self.replace_option_prompt_at_index(0, self._prompt(None))

    def _prompt(self, choice: str | None) -> Text:
        if choice is None:
            states = getattr(self, "states", {})
            total = sum(s.count for s in states.values())
            loading = any(s.status == "loading" for s in states.values())
            second = Text("⋯ loading" if loading else f"{total:,} models",
                          style="italic" if loading else "")
            return Text.assemble(Text("All", style="bold"), "\n", second)
        return Text.assemble(Text(PROTOCOL_LABELS[choice], style="bold"), "\n",
                             self.states[choice].line())

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.ProtocolChanged(self, CHOICES[event.option_index]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()

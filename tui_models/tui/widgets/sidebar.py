"""The protocol sidebar: All / OpenAI / Claude / Gemini, each with its count and fetch state."""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_models import fmt, protocols
from tui_models.listing.loading import ProtocolLoad, Stage

_MARKS = {Stage.FRESH: ("✓", "green"), Stage.PARTIAL: ("!", "yellow"),
          Stage.STALE: ("◷", "yellow")}


class ProtocolState(NamedTuple):
    """How one protocol's list stands, as the sidebar shows it."""

    stage: Stage = Stage.WAITING
    count: int = 0
    detail: str = ""

    @classmethod
    def of(cls, load: ProtocolLoad) -> ProtocolState:
        stage, count = load.stage, len(load.models)
        error, result = load.error, load.result
        if stage in (Stage.STALE, Stage.FAILED) and error is not None:
            return cls(stage, count, error.label)
        if stage is Stage.PARTIAL and result is not None:
            return cls(stage, count, f"incomplete · {fmt.duration_ms(result.elapsed_ms)}")
        if stage is Stage.FRESH and result is not None:
            return cls(stage, count, fmt.duration_ms(result.elapsed_ms))
        if stage is Stage.CACHED and load.previous is not None:
            return cls(stage, count, f"cached {fmt.age(load.previous.age)}")
        return cls(stage, count)

    def line(self) -> Text:
        if self.stage.busy:
            return Text("⋯ loading", style="italic")
        if self.stage is Stage.OFF:
            return Text("– not offered", style="dim")
        if self.stage is Stage.FAILED:
            return Text(f"✗ {self.detail}", style="bold red")
        mark, style = _MARKS[self.stage]
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
        self.choices: tuple[str | None, ...] = (None, *protocols.names())
        """What each row filters by: None is All, then every registered protocol."""
        self.states: dict[str, ProtocolState] = {p: ProtocolState() for p in protocols.names()}
        self.total: int | None = None
        """Distinct models over every protocol (a model two protocols serve counts once)."""
        super().__init__(*(Option(self._prompt(choice), id=choice or "all")
                           for choice in self.choices), id=id)

    @property
    def protocol(self) -> str | None:
        return self.choices[self.highlighted or 0]

    def choose(self, protocol: str | None) -> None:
        self.highlighted = self.choices.index(protocol)

    def set_total(self, total: int) -> None:
        self.total = total
        self.replace_option_prompt_at_index(0, self._prompt(None))

    def set_state(self, protocol: str, state: ProtocolState) -> None:
        self.states[protocol] = state
        self.replace_option_prompt_at_index(self.choices.index(protocol),
                                            self._prompt(protocol))
        self.replace_option_prompt_at_index(0, self._prompt(None))

    def _prompt(self, choice: str | None) -> Text:
        if choice is None:
            states = getattr(self, "states", {})
            total = getattr(self, "total", None)
            if total is None:
                total = sum(s.count for s in states.values())
            loading = any(s.stage.busy for s in states.values())
            second = Text("⋯ loading" if loading else f"{total:,} models",
                          style="italic" if loading else "")
            return Text.assemble(Text("All", style="bold"), "\n", second)
        return Text.assemble(Text(protocols.label(choice), style="bold"), "\n",
                             self.states[choice].line())

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.ProtocolChanged(self, self.choices[event.option_index]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()

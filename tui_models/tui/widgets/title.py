"""The title line: profile, gateway host, masked key, list state and the key's group.

On a narrow terminal whole parts are dropped, least useful first (the host before the
group, which the prices depend on), never cut in the middle. Redrawn in place: one row of
fixed height needs no layout pass (which would redraw the whole screen).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from tui_models import fmt
from tui_models.listing.loading import ProtocolLoad, Stage
from tui_models.session import Session
from tui_models.textsafe import visible

if TYPE_CHECKING:
    from tui_models.relay import RelayInfo

SEPARATOR = " · "


class Part(NamedTuple):
    text: str
    keep: int
    """The higher, the longer it stays when space is short."""
    style: str = ""


def parts(session: Session, loads: Mapping[str, ProtocolLoad], relay: RelayInfo | None
          ) -> list[Part]:
    """Everything the title would say with room enough, in order."""
    profile = session.profile
    found = [Part(f"profile {visible(profile.name)}", 8), Part(visible(profile.host), 1),
             Part(f"key {session.key.masked}", 5)]
    if profile.key_source:  # which variable (or command) the key came from
        found.append(Part(f"from {visible(profile.key_source)}", 4, "dim"))
    if session.demo:
        found.append(Part("demo gateway", 2, "italic"))
    stale = [load.stale for load in loads.values() if load.stale is not None]
    cached = [load.previous for load in loads.values()
              if load.stage is Stage.CACHED and load.previous is not None]
    if stale:
        found.append(Part(f"offline: cached {fmt.age(max(s.age for s in stale))}", 9,
                          "bold yellow"))
    elif cached:
        found.append(Part(f"cached {fmt.age(max(s.age for s in cached))}, refreshing…", 6,
                          "italic"))
    if relay is not None:  # the group first: the prices shown are its prices
        group, *rest = relay.summary().split(SEPARATOR)
        found.append(Part(visible(group), 7,
                          "yellow" if relay.group_source == "unknown" else ""))
        found += [Part(visible(text), 3) for text in rest]
    return found


def fit(found: list[Part], width: int) -> Text:
    """The title in `width` cells: whole parts only, the least kept dropped first."""
    head = "tui-models  "
    shown = list(found)
    while shown and cell_len(head) + cell_len(SEPARATOR.join(p.text for p in shown)) > width:
        shown.remove(min(shown, key=lambda p: p.keep))
    title = Text(head, no_wrap=True, overflow="ellipsis")
    title.stylize("bold", 0, len("tui-models"))
    for position, part in enumerate(shown):
        if position:
            title.append(SEPARATOR)
        title.append(part.text, style=part.style)
    return title


class TitleBar(Widget):
    """One row: what `parts` says, fitted to the width."""

    DEFAULT_CSS = """
    TitleBar { height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: list[Part] = []

    def show(self, session: Session, loads: Mapping[str, ProtocolLoad],
             relay: RelayInfo | None) -> None:
        self._parts = parts(session, loads, relay)
        self.refresh()

    @property
    def text(self) -> str:
        """The title as shown now (for tests and screenshots)."""
        return fit(self._parts, self.content_size.width or 10_000).plain

    def render(self) -> Text:
        # The padding is the CSS's: the content region is what the text may fill.
        return fit(self._parts, self.content_size.width)

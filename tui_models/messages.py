"""Messages the fetch workers post to the App: small, documented, carrying plain data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui_models.catalog.compare import Comparison
    from tui_models.loading import ProtocolLoad, Stage


@dataclass
class LoadChanged(Message):
    """A protocol's load moved on: its cached list was read, or its fetch finished."""

    generation: int
    """Which profile the App showed when the worker started (a switch makes it stale)."""
    load: ProtocolLoad
    stage: Stage
    """The load's stage when posted: if it moved on since, a newer message follows."""


@dataclass
class Compared(Message):
    """The lists of another profile were fetched and compared with this one's."""

    other: str
    comparison: Comparison | None
    error: str = ""

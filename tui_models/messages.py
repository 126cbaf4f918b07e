"""Messages the workers post to the App: small, documented, carrying plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui_models.cache import Snapshot
    from tui_models.catalog.compare import Comparison
    from tui_models.loader import Loaded


@dataclass
class CacheShown(Message):
    """A protocol's cached list was read; it shows until its fetch finishes."""

    generation: int
    """Which profile the App showed when the worker started (a switch makes it stale)."""
    snapshot: Snapshot
    notices: list[str] = field(default_factory=list)


@dataclass
class Fetched(Message):
    """A protocol's fetch finished: fresh models, the cached ones served stale, or an error."""

    generation: int
    loaded: Loaded


@dataclass
class Compared(Message):
    """The lists of another profile were fetched and compared with this one's."""

    other: str
    comparison: Comparison | None
    error: str = ""

"""Messages between the screen, the App and its workers: small, documented, plain data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui_models.listing.compare import Comparison
    from tui_models.listing.loading import ProtocolLoad, Stage
    from tui_models.model import Model, Probe


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


@dataclass
class ProbeRequested(Message):
    """The user asked to probe these models (each through its own protocol); `every`: on
    every endpoint its protocol serves (`probe --endpoints all`)."""

    models: list[Model]
    every: bool = False


@dataclass
class Probed(Message):
    """One probe came back."""

    generation: int
    model: Model
    result: Probe


@dataclass
class ProbesFinished(Message):
    """A batch of probes ended: all done, or cancelled."""

    generation: int
    cancelled: bool

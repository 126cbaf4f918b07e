"""Messages between the screen, the App and its workers: small, documented, plain data.

Plain `Message` subclasses with their fields set in `__init__`, as Textual's own are: a
dataclass costs a quarter of a millisecond to make at import, on the first frame's path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui_models.listing.compare import Comparison
    from tui_models.listing.loading import ProtocolLoad, Stage
    from tui_models.model import Model, Probe


class LoadChanged(Message):
    """A protocol's load moved on: its cached list was read, or its fetch finished."""

    def __init__(self, generation: int, load: ProtocolLoad, stage: Stage) -> None:
        super().__init__()
        self.generation = generation
        """Which profile the App showed when the worker started (a switch makes it stale)."""
        self.load = load
        self.stage = stage
        """The load's stage when posted: if it moved on since, a newer message follows."""


class Compared(Message):
    """The lists of another profile were fetched and compared with this one's."""

    def __init__(self, other: str, comparison: Comparison | None, error: str = "") -> None:
        super().__init__()
        self.other = other
        self.comparison = comparison
        self.error = error


class RefreshRequested(Message):
    """The user asked to fetch every protocol again."""


class ProfileRequested(Message):
    """The user asked to switch to profile `name`, or to compare with it."""

    def __init__(self, name: str, compare: bool = False) -> None:
        super().__init__()
        self.name = name
        self.compare = compare


class ProbeRequested(Message):
    """The user asked to probe these models (each through its own protocol); `every`: on
    every endpoint its protocol serves (`probe --endpoints all`)."""

    def __init__(self, models: list[Model], every: bool = False) -> None:
        super().__init__()
        self.models = models
        self.every = every


class Probed(Message):
    """One probe came back."""

    def __init__(self, generation: int, model: Model, result: Probe) -> None:
        super().__init__()
        self.generation = generation
        self.model = model
        self.result = result


class ProbesFinished(Message):
    """A batch of probes ended: all done, or cancelled."""

    def __init__(self, generation: int, cancelled: bool) -> None:
        super().__init__()
        self.generation = generation
        self.cancelled = cancelled

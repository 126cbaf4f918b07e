"""The outcome of listing one protocol."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui_models.gateway.errors import GatewayError
from tui_models.model import Model


@dataclass(slots=True)
class FetchResult:
    """What one protocol's list gave: its models, or the error, and how it went.

    A result can hold models *and* warnings (a page cap or a deadline cut the list short);
    `complete` tells whether the list can be trusted to be whole.
    """

    protocol: str
    models: list[Model] = field(default_factory=list)
    error: GatewayError | None = None
    url: str | None = None
    elapsed_ms: float = 0.0
    pages: int = 0
    skipped: int = 0
    """Items that were not objects or had no usable string id."""
    out_of_range: int = 0
    """Numbers dropped as nonsense; their fields are null."""
    nulled: int = 0
    """Numbers in items' `raw` no strict JSON holds (NaN, Infinity), written as null."""
    echoed: int = 0
    """Items that held the API key, redacted before they became records."""
    warnings: list[str] = field(default_factory=list)
    """Why the list may be incomplete (a cap, a deadline, a broken cursor, skipped items)."""

    def restart(self, url: str) -> None:
        """Start again from another URL (a fallback), forgetting what the first one gave."""
        self.url, self.models, self.warnings = url, [], []
        self.pages = self.skipped = self.out_of_range = self.nulled = self.echoed = 0

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def complete(self) -> bool:
        return self.error is None and not self.warnings

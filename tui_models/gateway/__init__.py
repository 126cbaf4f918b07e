"""Talk to a gateway: one client, one module per protocol, one error tree.

Never imports Textual: scripts and the TUI share it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui_models.gateway.errors import GatewayError
from tui_models.gateway.result import FetchResult

if TYPE_CHECKING:
    from tui_models.gateway.client import GatewayClient

__all__ = ["FetchResult", "GatewayClient", "GatewayError"]


def __getattr__(name: str) -> Any:
    """`GatewayClient` on first use: it brings httpx (~40 ms of imports), which the explorer
    needs only after its first frame."""
    if name == "GatewayClient":
        from tui_models.gateway.client import GatewayClient

        return GatewayClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

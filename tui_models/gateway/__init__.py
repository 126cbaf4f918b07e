"""Talk to a gateway: one client, one module per protocol, one error tree.

Never imports Textual: scripts and the TUI share it.
"""

from __future__ import annotations

from tui_models.gateway.client import GatewayClient
from tui_models.gateway.errors import GatewayError
from tui_models.gateway.result import FetchResult

__all__ = ["FetchResult", "GatewayClient", "GatewayError"]

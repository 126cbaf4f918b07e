"""The explorer's one HTTP client per session, made when first needed and off the event loop:
importing httpx and building its SSL context take tens of ms, which the cached lists are
drawn in meanwhile."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui_models import runtime
from tui_models.session import Session

if TYPE_CHECKING:
    from tui_models.gateway import GatewayClient


class SessionClient:
    """The current session's client: `await ready()` for it, `close()` when the session
    changes or the app ends (the next `ready()` makes the next session's)."""

    def __init__(self, session: Callable[[], Session]) -> None:
        self._session = session
        self._client: GatewayClient | None = None
        self._lock = asyncio.Lock()

    async def ready(self) -> GatewayClient:
        """The client; the first call makes it in a thread, the others wait for that one.
        A setting found wrong only then (a CA file broken past its head) raises its
        `ConfigError`."""
        async with self._lock:
            if self._client is None:
                from importlib import import_module

                session = self._session()
                module = await runtime.blocking(import_module, "tui_models.gateway.client")
                self._client = await runtime.blocking(module.GatewayClient, session.profile,
                                                      session.key)
        return self._client

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()

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
    changes or the app ends. A client is only ever handed out for the session it was made
    for: one made for a session that is no longer current is closed, not used."""

    def __init__(self, session: Callable[[], Session]) -> None:
        self._session = session
        self._client: GatewayClient | None = None
        self._made_for: Session | None = None
        self._lock = asyncio.Lock()

    async def ready(self) -> GatewayClient:
        """The client of the current session; the first call makes it in a thread, the
        others wait for that one. A setting found wrong only then (a CA file broken past its
        head) raises its `ConfigError`."""
        async with self._lock:
            session = self._session()
            if self._client is not None and self._made_for is not session:
                await self._drop()
            if self._client is None:
                from importlib import import_module

                module = await runtime.blocking(import_module, "tui_models.gateway.client")
                client = await runtime.blocking(module.GatewayClient, session.profile,
                                                session.key)
                if session is not self._session():  # switched meanwhile: never used
                    await client.aclose()
                    raise asyncio.CancelledError
                self._client, self._made_for = client, session
            return self._client

    async def close(self) -> None:
        async with self._lock:
            await self._drop()

    async def _drop(self) -> None:
        client, self._client, self._made_for = self._client, None, None
        if client is not None:
            await client.aclose()

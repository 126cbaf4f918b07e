"""Helpers for Pilot tests: an app on a demo gateway, loaded and ready."""

from __future__ import annotations

import asyncio

from tui_models.app import ModelsApp
from tui_models.demo import DemoGateway, demo_profile
from tui_models.session import Session


def make_app(gateway: DemoGateway, *, preset: str = "memorylake", key: str = "demo-key",
             **options) -> ModelsApp:
    profile = demo_profile(gateway, preset=preset, key=key, timeout=options.pop("timeout", 10))
    assert profile.api_key is not None
    return ModelsApp(Session(profile, profile.api_key, demo=True), **options)


async def loaded(app: ModelsApp, pilot, timeout: float = 20) -> None:
    """Wait until every offered protocol's fetch finished and its message was handled."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if len(app.results) >= len(app.profile.offered) and not app.workers:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"protocols still loading: {set(app.results)}")
        await asyncio.sleep(0.02)


def table_lines(app: ModelsApp) -> list[str]:
    """The table's visible lines as the terminal would get them (header first)."""
    table = app.table
    return ["".join(segment.text for segment in table.render_line(y))
            for y in range(table.scrollable_content_region.height)]

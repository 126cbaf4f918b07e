"""Regenerate the SVG screenshots in screenshots/ from the embedded demo gateway.

    .venv/bin/python scripts/screenshots.py

Each shot drives the real app with Pilot against a demo gateway on loopback.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from tui_models.cli.demo import demo_profile
from tui_models.demo import DemoGateway
from tui_models.session import Session
from tui_models.tui.app import ModelsApp

OUT = Path(__file__).resolve().parent.parent / "screenshots"
PORT = 47_801


async def shoot(name: str, size: tuple[int, int], steps: Callable[..., Awaitable[None]],
                **gateway_options) -> Path:
    with tempfile.TemporaryDirectory() as home, DemoGateway(port=PORT,
                                                             **gateway_options) as gateway:
        # A fresh cache and config for every shot: what a first run shows, never your own.
        os.environ["XDG_CACHE_HOME"] = os.environ["XDG_CONFIG_HOME"] = home
        profile = demo_profile(gateway)
        assert profile.api_key is not None
        app = ModelsApp(Session(profile, profile.api_key, demo=True))
        async with app.run_test(size=size) as pilot:
            while app.workers or any(load.stage.busy for load in app.loads.values()):
                await pilot.pause(0.05)
            await pilot.pause(0.3)
            await steps(app, pilot)
            await pilot.pause(0.3)
            path = OUT / f"{name}.svg"
            app.save_screenshot(filename=path.name, path=str(OUT))
    return path


async def nothing(app, pilot) -> None:
    return None


async def search(app, pilot) -> None:
    await pilot.press("slash", *"ctx>128k in<1 -mini")


async def inspector(app, pilot) -> None:
    await pilot.press("slash", *"GPT-4o owner:azure", "enter")


async def merged(app, pilot) -> None:
    await pilot.press("slash", *"claude-sonnet-4-5", "enter", "p")


async def help_screen(app, pilot) -> None:
    await pilot.press("question_mark")


async def error_state(app, pilot) -> None:
    await pilot.press("3")


SHOTS = (
    ("main", (100, 30), nothing, {}),
    ("main-80x24", (80, 24), nothing, {}),
    ("search", (100, 30), search, {}),
    ("inspector", (140, 36), inspector, {}),
    ("merged", (160, 48), merged, {}),
    ("error", (100, 30), error_state, {"faults": {"claude": "key-rejected",
                                                  "gemini": "html-502"}}),
    ("help", (100, 36), help_screen, {}),
)


async def main() -> int:
    OUT.mkdir(exist_ok=True)
    for name, size, steps, options in SHOTS:
        path = await shoot(name, size, steps, **options)
        print(path.relative_to(OUT.parent))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

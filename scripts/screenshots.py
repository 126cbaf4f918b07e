"""Regenerate the SVG screenshots in screenshots/ from the embedded demo gateway.

    .venv/bin/python scripts/screenshots.py

Each shot drives the real app with Pilot against a demo gateway on loopback, waits for what
it shows to settle (no fixed sleeps), and saves the screen. `SHOTS` is also the list the
snapshot tests compare (tests/test_snapshots.py): what the README shows is what is tested.
Times are frozen (every fetch and probe takes the same milliseconds at every run) and the
cursor does not blink, so a shot changes only when the app does.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import tempfile
import weakref
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from textual.widgets import Input

from tui_models.cli.demo import demo_profile
from tui_models.demo import DemoGateway
from tui_models.session import Session
from tui_models.tui.app import ModelsApp

OUT = Path(__file__).resolve().parent.parent / "screenshots"
SHOWN_PORT = 47_801
"""The port the shots show: the gateway listens wherever the system puts it (two runs at
once never collide), and its address on the screen is written with this port instead."""
TICK = 0.017
"""What a frozen clock advances at each reading, in the task that reads it."""
SETTLE_TIMEOUT = 30.0

Steps = Callable[[ModelsApp, Any], Awaitable[None]]


@dataclass(frozen=True)
class Shot:
    name: str
    size: tuple[int, int]
    steps: Steps | None = None
    faults: dict[str, str] = field(default_factory=dict)

    def gateway(self) -> DemoGateway:
        return DemoGateway(faults=dict(self.faults))

    async def drive(self, app: ModelsApp, pilot) -> None:
        """Everything loaded, the steps taken, and the screen settled again."""
        await settle(app, pilot)
        if self.steps is not None:
            await self.steps(app, pilot)
            await settle(app, pilot)


def make_app(gateway: DemoGateway) -> ModelsApp:
    """The explorer on `gateway`, its screenshots showing the address on `SHOWN_PORT`."""
    profile = demo_profile(gateway)
    assert profile.api_key is not None
    app = ModelsApp(Session(profile, profile.api_key, demo=True))
    export, real = app.export_screenshot, f"127.0.0.1:{gateway.port}"

    def export_shown(*args: Any, **options: Any) -> str:
        return export(*args, **options).replace(real, f"127.0.0.1:{SHOWN_PORT}")

    app.export_screenshot = export_shown  # type: ignore[method-assign]
    return app


async def settle(app: ModelsApp, pilot) -> None:
    """Wait until nothing is loading, probing or waiting to be shown, with no cursor blink."""
    def busy() -> bool:
        if app.workers or any(load.stage.busy for load in app.loads.values()):
            return True
        results = getattr(app.screen, "results", None)
        return getattr(results, "_timer", None) is not None  # the inspector's short wait

    deadline = asyncio.get_running_loop().time() + SETTLE_TIMEOUT
    while True:
        while busy():
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("the app did not settle")
            await pilot.pause(0.02)
        # A message still queued may start a worker (the list's LoadChanged starts the
        # relay's): idle only when nothing is busy after the queue has been served.
        await pilot.pause()
        if not busy():
            break
    for box in app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


class FrozenClock:
    """`time.perf_counter` advancing `TICK` at each reading within each task: a fetch or a
    probe reads the same milliseconds at every run, whatever the machine."""

    def __init__(self) -> None:
        self._readings: weakref.WeakKeyDictionary[object, int] = weakref.WeakKeyDictionary()

    def perf_counter(self) -> float:
        try:
            task: object = asyncio.current_task() or self
        except RuntimeError:  # no loop: a worker thread
            task = self
        count = self._readings.get(task, 0) + 1
        self._readings[task] = count
        return count * TICK


@contextlib.contextmanager
def frozen_times() -> Iterator[None]:
    """The clock that times fetches and probes, frozen (the rest of `time` is untouched)."""
    import time

    from tui_models.gateway import client
    from tui_models.probe import calls

    clock = FrozenClock()
    stand_in = SimpleNamespace(**{name: getattr(time, name) for name in dir(time)
                                  if not name.startswith("_")})
    stand_in.perf_counter = clock.perf_counter
    modules = (client, calls)
    saved = [module.time for module in modules]
    for module in modules:
        module.time = stand_in  # type: ignore[assignment]
    try:
        yield
    finally:
        for module, original in zip(modules, saved, strict=True):
            module.time = original  # type: ignore[assignment]


@contextlib.contextmanager
def fresh_home() -> Iterator[None]:
    """A fresh cache, config and state for a shot: what a first run shows, never your own."""
    names = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")
    saved = {name: os.environ.get(name) for name in names}
    with tempfile.TemporaryDirectory() as home:
        os.environ.update(dict.fromkeys(names, home))
        try:
            yield
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


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


async def probed(app, pilot) -> None:
    await pilot.press("slash", *"gpt-4o", "enter", "t")


SHOTS = (
    Shot("main", (100, 30)),
    Shot("main-80x24", (80, 24)),
    Shot("search", (100, 30), search),
    Shot("inspector", (140, 36), inspector),
    Shot("merged", (160, 48), merged),
    Shot("error", (100, 30), error_state, {"claude": "key-rejected", "gemini": "html-502"}),
    Shot("help", (100, 36), help_screen),
    Shot("probe", (120, 32), probed),
)


async def shoot(shot: Shot) -> Path:
    with fresh_home(), frozen_times(), shot.gateway() as gateway:
        app = make_app(gateway)
        async with app.run_test(size=shot.size, notifications=True) as pilot:
            await shot.drive(app, pilot)
            path = OUT / f"{shot.name}.svg"
            app.save_screenshot(filename=path.name, path=str(OUT))
    return path


async def main() -> int:
    OUT.mkdir(exist_ok=True)
    for shot in SHOTS:
        path = await shoot(shot)
        print(path.relative_to(OUT.parent))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

"""Helpers for Pilot tests: an app on a demo gateway, conditions waited for, the screen as
drawn."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable

from rich.cells import cell_len

from tui_models.cli.demo import demo_profile
from tui_models.demo import DemoGateway
from tui_models.session import Session
from tui_models.tui.app import ModelsApp


def make_app(gateway: DemoGateway, *, preset: str = "memorylake", key: str = "demo-key",
             **options) -> ModelsApp:
    profile = demo_profile(gateway, preset=preset, key=key, timeout=options.pop("timeout", 10))
    assert profile.api_key is not None
    return ModelsApp(Session(profile, profile.api_key, demo=True), **options)


async def wait_until(pilot, condition: Callable[[], object], timeout: float = 20,
                     what: str = "the condition") -> None:
    """Let the app run until `condition()` holds; fail after `timeout` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.01)


async def loaded(app: ModelsApp, pilot, timeout: float = 20) -> None:
    """Wait until every offered protocol's fetch finished and its message was handled."""
    def done() -> bool:
        sidebar = app.explorer.sidebar.states
        return not app.workers and all(not s.stage.busy for s in sidebar.values())

    await wait_until(pilot, done, timeout, "every protocol to load")


def table_lines(app: ModelsApp) -> list[str]:
    """The table's visible lines as the terminal would get them (header first)."""
    table = app.explorer.table
    return ["".join(segment.text for segment in table.render_line(y))
            for y in range(table.scrollable_content_region.height)]


_TEXT = re.compile(r'<text [^>]*?x="([\d.]+)"[^>]*?textLength="([\d.]+)"[^>]*?'
                   r'clip-path="url\(#[\w-]+-line-(\d+)\)"[^>]*>(.*?)</text>')


def drawn(app: ModelsApp) -> str:
    """The whole screen as drawn (dialogs and notifications included), one line per row:
    read from the same SVG a screenshot holds, each run of text at its column."""
    runs = [(float(x), float(length), int(line), html.unescape(text).replace("\xa0", " "))
            for x, length, line, text in _TEXT.findall(app.export_screenshot())]
    widths = sorted(round(length / cell_len(text), 3) for _, length, _, text in runs
                    if cell_len(text))
    cell = widths[len(widths) // 2] if widths else 1.0
    lines: dict[int, list[str]] = {}
    for x, _, line, text in runs:
        row = lines.setdefault(line, [])
        column = round(x / cell)
        row.extend(" " * (column - len(row)))
        row[column:column + len(text)] = list(text)
    return "\n".join("".join(lines[n]).rstrip() for n in sorted(lines))


def plain(renderable) -> str:
    """A Rich renderable as the plain text a terminal would show."""
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def notified(app, text: str) -> bool:
    """Some notification says `text` (on screen a toast wraps it wherever its paths' lengths
    put the line breaks: a tmp path under xdist is longer)."""
    return any(text in n.message for n in app._notifications)

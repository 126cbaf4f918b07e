"""First frame in a real terminal: launch → the cached list on screen, vs a bare Textual app.

    .venv/bin/pip install -e '.[bench]'      # pyte, the VT emulator frames are replayed with
    .venv/bin/python -m benchmarks.first_frame_pty [MODELS]

Both run on a pty whose harness is the terminal (`benchmarks.terminal.Terminal`: it answers the
synchronized-output query and timestamps every chunk), started the way a user starts them:
`tui-models` (the console script's interpreter and imports included) and `python FILE` for the
floor, a bare Textual app of Header + Static + Footer. The time is from the fork to the end of
the first frame that shows the cached list — the counter "N of M" with N > 0 — or, for the
floor, its Static. The cache is filled beforehand by `tui-models list` against a demo gateway in
another process that then answers 2 s late, so the list shown is the cached one. Runs
alternate (floor, app, floor, app…) so both see the same machine load; medians of 5 each.
Budget: ≤ 1.3× the floor.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from benchmarks.common import emit, gateway
from benchmarks.terminal import Terminal, environment

RUNS = 5
FLOOR = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Floor(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield Static("floor: first frame")
        yield Footer()

Floor().run()
"""
COUNTER = re.compile(r"\b([1-9][\d,]*) of [\d,]+")


def first_showing(argv: list[str], env: dict[str, str],
                  shows: Callable[[list[str]], bool]) -> float:
    """Seconds from the fork to the end of the first frame whose screen `shows`."""
    started = time.perf_counter()
    term = Terminal(argv, env)
    try:
        deadline = started + 60
        while time.perf_counter() < deadline:
            shown = next((at for at, lines in term.frames() if shows(lines)), None)
            if shown is not None:  # a whole frame (its end arrived), not a screen mid-way
                return shown - started
            time.sleep(0.05)
        raise RuntimeError(f"{argv[0]} never showed it:\n" + "\n".join(term.screen()))
    finally:
        term.close()


@contextmanager
def launches(models: int) -> Iterator[tuple[dict[str, str], str, str, str]]:
    """A demo gateway that answers 2 s late, a home whose cache holds its list, and the floor
    script: (env, url, the `tui-models` command, the floor's file)."""
    command = shutil.which("tui-models", path=os.path.dirname(sys.executable)) or "tui-models"
    with tempfile.TemporaryDirectory() as home, gateway(models, "--latency", "2000") as url:
        env = environment(home)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # modules load from .pyc, as installed
        floor_file = os.path.join(home, "floor.py")
        with open(floor_file, "w") as out:
            out.write(FLOOR)
        subprocess.run([command, "list", "--base-url", url, "--format", "ids"], env=env,
                       stdout=subprocess.DEVNULL, check=True, timeout=120)
        yield env, url, command, floor_file


def main() -> None:
    models = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    with launches(models) as (env, url, command, floor_file):
        floor_argv = [sys.executable, floor_file]
        app_argv = [command, "--base-url", url]
        floor_shows = lambda lines: any("floor: first frame" in line for line in lines)  # noqa: E731
        app_shows = lambda lines: bool(COUNTER.search(lines[1]))  # noqa: E731
        first_showing(floor_argv, env, floor_shows)  # warm-up: .pyc written, files cached
        first_showing(app_argv, env, app_shows)
        floor, app = [], []
        for _ in range(RUNS):
            floor.append(first_showing(floor_argv, env, floor_shows))
            app.append(first_showing(app_argv, env, app_shows))
    emit(benchmark="first_frame_pty", models=models,
         floor_ms=[round(s * 1000) for s in floor], app_ms=[round(s * 1000) for s in app],
         floor_median_ms=round(statistics.median(floor) * 1000),
         app_median_ms=round(statistics.median(app) * 1000),
         ratio=round(statistics.median(app) / statistics.median(floor), 2))


if __name__ == "__main__":
    main()

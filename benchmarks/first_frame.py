"""First frame: the app with a cached list of 100,000 models vs a bare Textual app.

    .venv/bin/python -m benchmarks.first_frame [MODELS]

Each is a fresh process (interpreter start and imports included) running headless; the time
is from launching it to its first frame, with modules loaded from compiled files (after a
warm-up run) as on a user's machine. For the app, the time until the cached list is on
screen is reported too (it is read in a worker thread after the first frame). The cache is
filled beforehand by `tui-models list` against a demo gateway in another process. The bare
and the app runs alternate (so both see the same machine load); medians of 11 runs each.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from benchmarks.common import emit, gateway

RUNS = 11

BARE = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hello")

app = Bare()
original = app._display

def display(screen, renderable):
    original(screen, renderable)
    if renderable is not None:
        print("first", flush=True)
        app.exit()

app._display = display
app.run(headless=True)
"""

APP = """
import sys
from tui_models.tui.app import ModelsApp
from tui_models.session import resolve
from tui_models.config import Overrides

app = ModelsApp(resolve(Overrides(base_url=sys.argv[1])))
original = app._display
seen = set()

def display(screen, renderable):
    original(screen, renderable)
    if renderable is None:
        return
    if "first" not in seen:
        seen.add("first")
        print("first", flush=True)
    if app.explorer.table.rows and "listed" not in seen:
        seen.add("listed")
        print("listed", flush=True)
        app.exit()

app._display = display
app.run(headless=True)
"""


def timed(code: str, *args: str, env: dict[str, str]) -> dict[str, float]:
    """Seconds from launch to each line the child prints."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                             text=True, env=env)
    marks = {}
    assert child.stdout is not None
    for line in child.stdout:
        marks[line.strip()] = time.perf_counter() - started
    child.wait(timeout=60)
    return marks


def main() -> None:
    models = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as home, gateway(models, "--latency", "2000") as url:
        env = {**os.environ, "XDG_CACHE_HOME": home, "XDG_CONFIG_HOME": home,
               "XDG_STATE_HOME": home,
               "MEMORYLAKE_API_KEY": "demo-key"}
        # As on a user's machine: modules load from their compiled .pyc files (a warm-up
        # run writes them if this environment had turned that off).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([sys.executable, "-m", "tui_models", "list", "--base-url", url,
                        "--format", "ids"], env=env, stdout=subprocess.DEVNULL, check=True)
        timed(BARE, env=env)
        timed(APP, url, env=env)
        bare, ours = [], []
        for _ in range(RUNS):
            bare.append(timed(BARE, env=env)["first"])
            ours.append(timed(APP, url, env=env))
    first = statistics.median(m["first"] for m in ours)
    listed = statistics.median(m["listed"] for m in ours)
    emit(benchmark="first_frame", models=models,
         bare_textual_ms=round(statistics.median(bare) * 1000),
         first_frame_ms=round(first * 1000), cached_list_shown_ms=round(listed * 1000),
         ratio=round(first / statistics.median(bare), 3))


if __name__ == "__main__":
    main()

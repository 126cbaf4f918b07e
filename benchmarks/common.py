"""Shared by the benchmarks: a demo gateway in its own process, a loaded app, JSON lines."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from tui_models.config import PRESETS, Profile
from tui_models.secret import Secret


def emit(**figures) -> None:
    """One JSON line of figures on stdout."""
    print(json.dumps({"machine": machine(), **figures}), flush=True)


def machine() -> str:
    return f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"


@contextmanager
def gateway(models: int, *extra: str) -> Iterator[str]:
    """A demo gateway serving the curated set plus `models` synthetic models, in a separate
    process so that it shares neither memory nor the GIL with what is measured."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tui_models", "serve-demo", "--models", str(models), *extra],
        stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://[\d.]+:\d+", line)
        if not match:
            raise RuntimeError(f"demo gateway did not start: {line!r}")
        yield match.group()
    finally:
        process.terminate()
        process.wait(timeout=10)


def profile(url: str, timeout: float = 120) -> Profile:
    preset = PRESETS["memorylake"]
    return Profile(name="bench", preset="memorylake", base_url=url,
                   api_key_env="TUI_MODELS_DEMO_KEY", paths=dict(preset.paths),
                   api_key=Secret("demo-key"), timeout=timeout, relay=True)


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(round(q * (len(ordered) - 1)), len(ordered) - 1)]


class Stopwatch:
    def __enter__(self) -> Stopwatch:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self.start


async def settled(app, pilot) -> None:
    """Until every list, the catalogue and the relay's prices are in the index: no worker
    runs and no load is busy, twice in a row (a finished load starts the index rebuild)."""
    quiet = 0
    while quiet < 2:
        busy = app.workers or any(load.stage.busy for load in app.loads.values())
        quiet = 0 if busy else quiet + 1
        await pilot.pause(0.05)

"""Resident memory with a large list loaded in the app.

    .venv/bin/python -m benchmarks.memory [MODELS]

Starts the app headless against a demo gateway in another process serving MODELS synthetic
models (default 100,000), waits until every protocol has loaded (and its cache has been
written) and a search has run, then reports this process's resident memory.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import tempfile

from benchmarks.common import emit, gateway, profile, rss_mb, settled
from tui_models.session import Session
from tui_models.tui.app import ModelsApp


async def measure(models: int) -> dict:
    before = rss_mb()
    with tempfile.TemporaryDirectory() as home, gateway(models) as url:
        for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            os.environ[name] = home
        bench = profile(url)
        assert bench.api_key is not None
        app = ModelsApp(Session(bench, bench.api_key))
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(app, pilot)
            await pilot.press("slash", *"syn 1", "enter")
            await pilot.pause()
            gc.collect()
            loaded = len(app.explorer.state.view.index)
            rss = rss_mb()
    return {"benchmark": "memory", "models": loaded, "rss_mb": round(rss, 1),
            "rss_before_app_mb": round(before, 1)}


def main() -> None:
    models = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    emit(**asyncio.run(measure(models)))


if __name__ == "__main__":
    main()

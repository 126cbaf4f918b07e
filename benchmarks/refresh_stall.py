"""How long the event loop stalls while big lists land and are refreshed.

    .venv/bin/python -m benchmarks.refresh_stall [MODELS]

Runs the app headless against a demo gateway (another process) serving MODELS synthetic
models (default 100,000) and a heartbeat task that wakes every 10 ms; reports the longest
gap between two beats while the lists load cold, then during a refresh (`r`), against the
longest gap while idle. A gap is time the app could not answer a key.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time

from benchmarks.common import emit, gateway, profile, settled
from tui_models.session import Session
from tui_models.tui.app import ModelsApp


async def measure(models: int) -> dict:
    with tempfile.TemporaryDirectory() as home, gateway(models) as url:
        for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            os.environ[name] = home
        bench = profile(url)
        assert bench.api_key is not None
        app = ModelsApp(Session(bench, bench.api_key))
        gaps: list[float] = []

        async def heartbeat() -> None:
            last = time.perf_counter()
            while True:
                await asyncio.sleep(0.01)
                now = time.perf_counter()
                gaps.append(now - last - 0.01)
                last = now

        async with app.run_test(size=(120, 40)) as pilot:
            beat = asyncio.create_task(heartbeat())
            await settled(app, pilot)
            cold, gaps[:] = max(gaps, default=0.0), []
            await pilot.pause(1.0)
            idle, gaps[:] = max(gaps, default=0.0), []
            await pilot.press("r")
            await pilot.pause(0.1)
            await settled(app, pilot)
            refresh = max(gaps, default=0.0)
            beat.cancel()
            loaded = len(app.explorer.state.view.index)
    return {"benchmark": "refresh_stall", "models": loaded,
            "longest_gap_cold_ms": round(cold * 1000), "longest_gap_refresh_ms":
            round(refresh * 1000), "longest_gap_idle_ms": round(idle * 1000)}


def main() -> None:
    models = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    emit(**asyncio.run(measure(models)))


if __name__ == "__main__":
    main()

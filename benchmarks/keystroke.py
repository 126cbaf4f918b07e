"""Keystroke → refreshed table frame, at 1k, 10k and 100k models, in a headless app.

    .venv/bin/python -m benchmarks.keystroke [SIZES…]

For each size the app loads the list from a demo gateway (another process), then types
queries into the search box one key at a time, 50 ms apart like a fast typist. Latency is
from the key event to the first frame the compositor produced after the table took the new
rows (Textual paces frames at 60 fps, so up to ~16 ms of it is frame pacing).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time

from textual import events

from benchmarks.common import emit, gateway, percentile, profile, settled
from tui_models.session import Session
from tui_models.tui.app import ModelsApp

QUERIES = ("syn-openai-chat-00012", "gpt-4o", "owner:meta ctx>100k", "claude sonnet",
           "in<1 kind:embed", "qwen3")


async def measure(models: int) -> dict:
    with gateway(models) as url:
        bench = profile(url)
        assert bench.api_key is not None
        app = ModelsApp(Session(bench, bench.api_key))
        frames: list[tuple[float, int]] = []
        frame_event = asyncio.Event()
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is not None:
                frames.append((time.perf_counter(), app.explorer.table._generation))
                frame_event.set()

        app._display = display  # type: ignore[method-assign]
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(app, pilot)
            total = len(app.explorer.state.view.index)
            app.explorer.search.focus()
            await pilot.pause()
            latencies: list[float] = []
            for query in QUERIES:
                keys = [(c if c != " " else "space", c) for c in query]
                keys += [("backspace", None)] * len(query)
                for key, char in keys:
                    generation = app.explorer.table._generation
                    frame_event.clear()
                    started = time.perf_counter()
                    app._driver.send_message(events.Key(key, char))
                    while True:
                        await frame_event.wait()
                        frame_event.clear()
                        if frames[-1][1] > generation:
                            break
                    latencies.append((frames[-1][0] - started) * 1000)
                    if os.environ.get("KEYSTROKE_DEBUG") and latencies[-1] > 16:
                        recent = [round((t - started) * 1000, 1) for t, _ in frames[-3:]]
                        print(f"{query!r} {key}: {latencies[-1]:.1f} ms, frames {recent}",
                              file=sys.stderr)
                    await asyncio.sleep(0.05)
        return {"benchmark": "keystroke_to_frame", "models": total,
                "keystrokes": len(latencies),
                "median_ms": round(statistics.median(latencies), 2),
                "p95_ms": round(percentile(latencies, 0.95), 2),
                "max_ms": round(max(latencies), 2)}


def main() -> None:
    sizes = [int(s) for s in sys.argv[1:]] or [1_000, 10_000, 100_000]
    for size in sizes:
        emit(**asyncio.run(measure(size)))


if __name__ == "__main__":
    main()

"""Three protocols fetched together vs the slowest single endpoint alone.

    .venv/bin/python -m benchmarks.fetch [MODELS [LATENCY_MS …]]

The demo gateway runs in another process with MODELS synthetic models (default 100,000;
94% on the OpenAI list, 3% each on Claude and Gemini, paged 1,000 at a time). It answers
after LATENCY_MS (default: 0, then 100, a remote gateway's time to first byte). Each figure
is the median of 5 rounds with a fresh client; a round runs each protocol alone and the three
together back to back, in an order that rotates from round to round, so a slow spell of the
machine lands on both sides of the ratio instead of on one.

With no latency the work is all parsing, which one Python process does on one core at a
time, so "together" is the sum of the three parses; with latency the waits overlap.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time

from benchmarks.common import emit, gateway, profile
from tui_models.gateway import GatewayClient

RUNS = 5


async def timed(url: str, protocols: tuple[str, ...]) -> float:
    bench = profile(url)
    assert bench.api_key is not None
    async with GatewayClient(bench, bench.api_key) as client:
        started = time.perf_counter()
        results = await client.fetch_all(protocols)
        elapsed = time.perf_counter() - started
    assert all(r.complete for r in results.values()), results
    return elapsed


async def measure(models: int, latency_ms: float) -> dict:
    with gateway(models, "--latency", str(latency_ms)) as url:
        everything = ("openai", "claude", "gemini")
        await timed(url, everything)  # warm the gateway's caches
        runs: dict[tuple[str, ...], list[float]] = {(p,): [] for p in everything}
        runs[everything] = []
        order = list(runs)
        for round_ in range(RUNS):
            for asked in order[round_ % len(order):] + order[:round_ % len(order)]:
                runs[asked].append(await timed(url, asked))
        single = {p: statistics.median(runs[(p,)]) for p in everything}
        together = statistics.median(runs[everything])
    slowest = max(single.values())
    return {"benchmark": "fetch_three_protocols", "models": models, "latency_ms": latency_ms,
            **{f"{p}_alone_ms": round(v * 1000) for p, v in single.items()},
            "slowest_alone_ms": round(slowest * 1000), "together_ms": round(together * 1000),
            "ratio": round(together / slowest, 3)}


def main() -> None:
    models = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    for latency in [float(a) for a in sys.argv[2:]] or [0.0, 100.0]:
        emit(**asyncio.run(measure(models, latency)))


if __name__ == "__main__":
    main()

"""Reading a cached list back: what the first frame of a big gateway waits for.

    .venv/bin/python -m benchmarks.cache_read [MODELS]

Fetches the three lists of a demo gateway serving MODELS synthetic models (default 100,000)
into an isolated cache, then times `ListCache.load` of each protocol with its models, with
the collector paused as the app reads caches: its normalised rows as written (the path of a
start-up), and, for comparison, the same file parsed again from the items as sent (the path
of a cache written by other code). Median of 5 reads each.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time

from benchmarks.common import emit, gateway, profile
from tui_models.listing.loading import cache_for, load_session
from tui_models.runtime import collector_paused
from tui_models.session import Session
from tui_models.store import rows


def timed(read) -> float:
    times = []
    for _ in range(5):
        started = time.perf_counter()
        with collector_paused():
            read()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    models = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as home:
        for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            os.environ[name] = home
        with gateway(models) as url:
            bench = profile(url)
            assert bench.api_key is not None
            session = Session(bench, bench.api_key)
            loads = asyncio.run(load_session(session, use_cache=True))
        emit(**measure(session, loads))


def measure(session: Session, loads: dict) -> dict:
    cache = cache_for(session)
    listed = sum(len(load.models) for load in loads.values())
    protocols = [p for p, load in loads.items() if load.models]
    size = sum(cache.path(p).stat().st_size for p in protocols)

    def read_all() -> None:
        for protocol in protocols:
            cache.load(protocol)

    from_rows = timed(read_all)
    code = rows.CODE
    rows.CODE = "another"  # rows written by other code are not trusted: items parsed again
    try:
        reparsed = timed(read_all)
    finally:
        rows.CODE = code
    return {"benchmark": "cache_read", "models": listed, "file_mb": round(size / 2**20, 1),
            "rows_s": round(from_rows, 3), "reparse_s": round(reparsed, 3),
            "speedup": round(reparsed / from_rows, 2)}


if __name__ == "__main__":
    main()

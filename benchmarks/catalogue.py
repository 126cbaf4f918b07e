"""The reference catalogue's cost: loading it, the memory it holds, and filling a big list.

    .venv/bin/python -m benchmarks.catalogue [MODELS]

Loads the bundled snapshot and builds its lookups (median of 5, in this process: the
explorer does it in a thread after the first frame), reports the memory it holds
(tracemalloc), then matches MODELS models (default 100,000: a fifth with catalogue ids, the
rest synthetic) and reports the time per model.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc

from benchmarks.common import emit
from tui_models.catalogue import Catalogue, enrich, load
from tui_models.model import Model


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    times = []
    for _ in range(5):
        started = time.perf_counter()
        snapshot, _ = load()
        assert snapshot is not None
        reference = Catalogue(snapshot)
        times.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    snapshot, _ = load()
    assert snapshot is not None
    reference = Catalogue(snapshot)
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    known = [e.id for entries in snapshot.providers.values() for e in entries]
    models = [Model(known[i % len(known)] if i % 5 == 0 else f"synthetic-{i}", "openai")
              for i in range(count)]
    started = time.perf_counter()
    enrich(models, reference)
    filled = (time.perf_counter() - started) * 1000
    emit(benchmark="catalogue", entries=snapshot.count, load_ms=round(statistics.median(times), 1),
         held_mb=round(held / 1024 / 1024, 1), models=count, enrich_ms=round(filled, 1),
         matched=sum(1 for m in models if m.ref is not None))


if __name__ == "__main__":
    main()

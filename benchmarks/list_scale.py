"""`tui-models list` at scale: does a 300,000-model list load, and what does a model cost?

    .venv/bin/python -m benchmarks.list_scale [SIZES…]

For each size (default 100,000 and 300,000 synthetic models), a fresh process runs
`tui-models list --format json` against a demo gateway in another process (cold cache,
isolated config) and reports its exit code, how many records it wrote, the wall time and its
peak resident memory. Peak per model is net of the same run against the curated set alone
(the interpreter, imports and catalogue). Budget: ≤ 1.5 KB per model at 100,000.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from benchmarks.common import emit, gateway

RUNNER = r"""
import sys
from tui_models.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
# VmHWM, not ru_maxrss: the latter keeps the parent's size at fork, from before exec.
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
sys.stderr.write(f"\npeak_kb={hwm.split()[1]}\n")
sys.exit(code)
"""


def run(url: str, home: str) -> tuple[int, int, float, int]:
    """(exit code, records written, seconds, peak KB) of one `list --format json`."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env.update(XDG_CONFIG_HOME=home + "/config", XDG_CACHE_HOME=home + "/cache",
               MEMORYLAKE_API_KEY="demo-key")
    argv = [sys.executable, "-c", RUNNER, "list", "--base-url", url, "--format", "json"]
    with tempfile.TemporaryFile("w+") as out:  # as `list > file` is used; a pipe is the same
        started = time.perf_counter()
        done = subprocess.run(argv, env=env, stdout=out, stderr=subprocess.PIPE, text=True,
                              check=False)
        seconds = time.perf_counter() - started
        out.seek(0)
        records = sum(1 for line in out if line.startswith('{"id"'))
    peak = int(done.stderr.rsplit("peak_kb=", 1)[1].split()[0])
    return done.returncode, records, seconds, peak


def main(sizes: list[int]) -> None:
    with gateway(0) as url, tempfile.TemporaryDirectory() as home:
        _, _, _, floor_kb = run(url, home)
    for models in sizes:
        with gateway(models) as url, tempfile.TemporaryDirectory() as home:
            code, records, seconds, peak_kb = run(url, home)
        emit(benchmark="list_scale", models=models, exit=code, records=records,
             seconds=round(seconds, 1), peak_mb=round(peak_kb / 1024),
             floor_mb=round(floor_kb / 1024),
             kb_per_model=round((peak_kb - floor_kb) / models, 2))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000, 300_000])

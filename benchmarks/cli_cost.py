"""What a script pays for `tui-models list --format ids`, vs a plain httpx script.

    .venv/bin/python -m benchmarks.cli_cost [MODELS]

Against a demo gateway in another process (the curated set plus MODELS synthetic models, 50 by
default), each run is a fresh process: `tui-models list --base-url URL --format ids` (the
console script, as a script or a shell completion calls it) and the yardstick, a plain httpx
script that fetches the same three lists, following every page, and prints the ids. Both read
the same key and TLS settings from the environment. CPU time (user + system, from the
children's rusage) and wall time; runs alternate, medians of 9 each. Budget: ≤ 1.5× the
yardstick's CPU.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from benchmarks.common import emit, gateway

RUNS = 9
PLAIN = """
import sys
import httpx

base, key = sys.argv[1], "demo-key"
with httpx.Client(headers={"Authorization": f"Bearer {key}", "x-api-key": key,
                           "x-goog-api-key": key}) as client:
    ids = [m["id"] for m in client.get(base + "/v1/models").json()["data"]]
    after = None
    while True:
        params = {"limit": 1000, **({"after_id": after} if after else {})}
        page = client.get(base + "/claude/v1/models", params=params).json()
        ids += [m["id"] for m in page["data"]]
        if not page.get("has_more"):
            break
        after = page["last_id"]
    token = None
    while True:
        params = {"pageSize": 1000, **({"pageToken": token} if token else {})}
        page = client.get(base + "/gemini/v1beta/models", params=params).json()
        ids += [m["name"].removeprefix("models/") for m in page.get("models", [])]
        token = page.get("nextPageToken")
        if not token:
            break
sys.stdout.write("".join(i + "\\n" for i in ids))
"""


def cost(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """CPU seconds, wall seconds and lines printed of one run of `argv`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True, timeout=120)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, done.stdout.count("\n")


def main() -> None:
    models = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    command = shutil.which("tui-models", path=os.path.dirname(sys.executable)) or "tui-models"
    with tempfile.TemporaryDirectory() as home, gateway(models) as url:
        env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
        env.update(XDG_CONFIG_HOME=f"{home}/config", XDG_CACHE_HOME=f"{home}/cache",
                   XDG_STATE_HOME=f"{home}/state", MEMORYLAKE_API_KEY="demo-key")
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # modules load from .pyc, as installed
        ours_argv = [command, "list", "--base-url", url, "--format", "ids"]
        plain_argv = [sys.executable, "-c", PLAIN, url]
        cost(ours_argv, env)  # warm-up: .pyc written, the cache and the history made
        cost(plain_argv, env)
        ours, plain = [], []
        for _ in range(RUNS):
            plain.append(cost(plain_argv, env))
            ours.append(cost(ours_argv, env))
    cpu = statistics.median(c for c, _, _ in ours)
    base = statistics.median(c for c, _, _ in plain)
    emit(benchmark="cli_cost", models=models, ids=ours[0][2], yardstick_ids=plain[0][2],
         cpu_ms=round(cpu * 1000), yardstick_cpu_ms=round(base * 1000),
         wall_ms=round(statistics.median(w for _, w, _ in ours) * 1000),
         yardstick_wall_ms=round(statistics.median(w for _, w, _ in plain) * 1000),
         cpu_ratio=round(cpu / base, 2))


if __name__ == "__main__":
    main()

"""`tui-models list --format json` at 100,000 models vs a plain fetch + json.load + json.dump.

    .venv/bin/python -m benchmarks.list_json [MODELS]

Both run as fresh processes writing to /dev/null, against the same demo gateway (another
process), and fetch the same responses (`list` also reads and rewrites its cache, as it does
for users): the baseline asks each protocol's pages one after the other with httpx, and the
relay's prices and groups (`/api/available_model`, `/api/user_group_map`: 40 MB at 100,000
models, which `list` needs for the price the key pays), decodes each with `json.loads` and
writes them with `json.dump`. `lists_only_ratio` is against the three lists alone. Figures
are medians of 5 runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from benchmarks.common import emit, gateway

RUNS = 5

BASELINE = r"""
import json, sys, httpx
base = sys.argv[1]
openai = {"Authorization": "Bearer demo-key"}
claude = {"x-api-key": "demo-key", "anthropic-version": "2023-06-01"}
gemini = {"x-goog-api-key": "demo-key"}
pages = []
with httpx.Client(timeout=120) as client:
    pages.append(json.loads(client.get(base + "/v1/models", headers=openai).content))
    params = {"limit": "1000"}
    while True:
        page = json.loads(client.get(base + "/claude/v1/models", params=params,
                                     headers=claude).content)
        pages.append(page)
        if not page.get("has_more"):
            break
        params = {"limit": "1000", "after_id": page["last_id"]}
    params = {"pageSize": "1000"}
    while True:
        page = json.loads(client.get(base + "/gemini/v1beta/models", params=params,
                                     headers=gemini).content)
        pages.append(page)
        if not page.get("nextPageToken"):
            break
        params = {"pageSize": "1000", "pageToken": page["nextPageToken"]}
    if "--relay" in sys.argv:  # what `list` also asks a one-hub relay: its prices and groups
        for path in ("/api/available_model", "/api/user_group_map"):
            pages.append(json.loads(client.get(base + path, headers=openai).content))
json.dump(pages, sys.stdout)
"""


def run(argv: list[str], env: dict[str, str]) -> float:
    with open(os.devnull, "w") as sink:
        started = time.perf_counter()
        subprocess.run(argv, stdout=sink, env=env, check=True)
        return time.perf_counter() - started


def main() -> None:
    models = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    env = {**os.environ, "MEMORYLAKE_API_KEY": "demo-key"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # modules load from .pyc, as for a user
    with tempfile.TemporaryDirectory() as home, gateway(models) as url:
        env["XDG_CACHE_HOME"] = env["XDG_CONFIG_HOME"] = env["XDG_STATE_HOME"] = home
        run([sys.executable, "-c", BASELINE, url], env)  # warm the gateway's caches
        run([sys.executable, "-m", "tui_models", "list", "--base-url", url, "--format", "ids"],
            env)  # and write the cache a second run compares with
        ours = statistics.median(
            run([sys.executable, "-m", "tui_models", "list", "--base-url", url,
                 "--format", "json"], env) for _ in range(RUNS))
        baseline = statistics.median(run([sys.executable, "-c", BASELINE, url, "--relay"],
                                         env) for _ in range(RUNS))
        lists_only = statistics.median(run([sys.executable, "-c", BASELINE, url], env)
                                       for _ in range(RUNS))
    emit(benchmark="list_json", models=models, list_json_ms=round(ours * 1000),
         baseline_ms=round(baseline * 1000), ratio=round(ours / baseline, 3),
         lists_only_baseline_ms=round(lists_only * 1000),
         lists_only_ratio=round(ours / lists_only, 3))


if __name__ == "__main__":
    main()

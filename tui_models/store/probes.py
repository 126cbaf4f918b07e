"""Probe results kept between runs: the last probe of each (protocol, id) per gateway and key.

In `$XDG_CACHE_HOME/tui-models/probes/<digest>.json` (the digest hashes the gateway and the
key's fingerprint: the key itself is never written), written atomically, read with bounds: a
damaged file is ignored with a notice. What to probe and how results are shown is policy, in
`tui_models.probe`. Never imports Textual.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tui_models.model import Probe
from tui_models.probe import whole
from tui_models.secret import Secret
from tui_models.store import paths
from tui_models.store.files import NotRegularFile, read_json, write_json

MAX_STORED = 100_000
MAX_STORE_BYTES = 64 * 1024 * 1024


class ProbeStore:
    """The last probe of each (protocol, id) for one gateway and key, kept between runs in
    `$XDG_CACHE_HOME/tui-models/probes/<digest>.json` (the digest hashes the gateway and the
    key's fingerprint: the key is never written)."""

    def __init__(self, gateway: str, key: Secret, root: Path | None = None) -> None:
        self.path = (root or paths.probes_dir()) / f"{paths.digest(gateway, key.fingerprint)}.json"
        self.results: dict[tuple[str, str], Probe] = {}
        self.problem: str | None = None

    def load(self) -> ProbeStore:
        try:
            data = read_json(self.path, MAX_STORE_BYTES)
            entries = data["results"] if isinstance(data, dict) else None
            if not isinstance(entries, list):
                raise ValueError("no results")
            for entry in entries[-MAX_STORED:]:
                protocol, model_id, result = _entry(entry)
                self.results[(protocol, model_id)] = result
        except FileNotFoundError:
            pass
        except NotRegularFile:
            self.problem = f"probe file {self.path} is not a regular file; ignored"
        except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
            self.results.clear()
            self.problem = f"probe file {self.path} is unreadable ({type(exc).__name__}); " \
                           "ignored"
        return self

    def put(self, protocol: str, model_id: str, result: Probe) -> None:
        self.results.pop((protocol, model_id), None)  # newest last: the oldest go first
        self.results[(protocol, model_id)] = result
        while len(self.results) > MAX_STORED:
            del self.results[next(iter(self.results))]

    def save(self) -> None:
        """Write the results atomically; OSError when the cache cannot be written."""
        write_json(self.path, {"results": [
            {"protocol": protocol, "id": model_id, **asdict(result)}
            for (protocol, model_id), result in self.results.items()]})


def _entry(entry: Any) -> tuple[str, str, Probe]:
    if not isinstance(entry, dict):
        raise ValueError("an entry is not an object")
    protocol, model_id = entry["protocol"], entry["id"]
    if not isinstance(protocol, str) or not isinstance(model_id, str):
        raise ValueError("an entry has no protocol or id")
    at = entry["probed_at"]
    if not isinstance(at, int | float) or not math.isfinite(at):
        raise ValueError("a probe time is not a number")
    numbers = {name: entry.get(name) for name in ("latency_ms", "ttfb_ms")}
    for name, value in numbers.items():
        if value is not None and (not isinstance(value, int | float) or not math.isfinite(value)):
            raise ValueError(f"{name} is not a number")
    texts = {name: entry.get(name) for name in ("answered_as", "error")}
    for name, value in texts.items():
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{name} is not text")
    status = entry.get("status")
    return protocol, model_id, Probe(
        bool(entry["ok"]), whole(status), numbers["latency_ms"], numbers["ttfb_ms"],
        texts["answered_as"], texts["error"], float(at), whole(entry.get("input_tokens")),
        whole(entry.get("output_tokens")))


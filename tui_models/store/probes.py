"""Probe results kept between runs, and what a probe of a view sends: no HTTP here.

The last probe of each (protocol, id) is kept per gateway and key fingerprint in
`$XDG_CACHE_HOME/tui-models/probes/<digest>.json` (the key itself is never written), written
atomically, read with bounds: a damaged file is ignored with a notice. The explorer imports
this module at start-up; the calls themselves live in `probing` (which needs the HTTP client).
Never imports Textual.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tui_models.model import Probe
from tui_models.secret import Secret
from tui_models.store.files import NotRegularFile, cache_dir, read_json, write_json

SKIPPED_KINDS = ("image", "audio", "rerank")
"""Kinds `T` and `probe` leave out unless asked: one call costs real money (an image, a
second of speech), not one token."""
CONFIRM_ABOVE = 20
"""`probe` asks for `--yes` before sending more requests than this."""
STALE_AFTER = 24 * 3600
"""A probe older than a day is shown dimmed: the gateway may have changed since."""


def worth_probing(models: Iterable[Any], *, all_kinds: bool = False,
                  ) -> tuple[list[Any], dict[str, int]]:
    """The models a view probe sends a request to, and how many of each kind it skips."""
    chosen, skipped = [], {}
    for model in models:
        if all_kinds or model.kind not in SKIPPED_KINDS:
            chosen.append(model)
        else:
            skipped[model.kind] = skipped.get(model.kind, 0) + 1
    return chosen, skipped


def record(model_id: str, protocol: str, result: Probe) -> dict[str, Any]:
    """The JSON record `probe --format json` writes for one probe."""
    return {"id": model_id, "protocol": protocol, "ok": result.ok, "status": result.status,
            "latency_ms": _ms(result.latency_ms), "ttfb_ms": _ms(result.ttfb_ms),
            "answered_as": result.answered_as, "error": result.error,
            "input_tokens": result.input_tokens, "output_tokens": result.output_tokens,
            "probed_at": _iso(result.probed_at)}


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


MAX_STORED = 100_000
MAX_STORE_BYTES = 64 * 1024 * 1024


class ProbeStore:
    """The last probe of each (protocol, id) for one gateway and key, kept between runs in
    `$XDG_CACHE_HOME/tui-models/probes/<digest>.json` (the digest hashes the gateway and the
    key's fingerprint: the key is never written)."""

    def __init__(self, gateway: str, key: Secret, root: Path | None = None) -> None:
        digest = hashlib.sha256(f"{gateway}\n{key.fingerprint}".encode()).hexdigest()[:24]
        self.path = (root or cache_dir() / "probes") / f"{digest}.json"
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


def whole(value: Any) -> int | None:
    """`value` when it is a plausible count (a whole number from 0 to a billion), else None."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9:
        return value
    return None

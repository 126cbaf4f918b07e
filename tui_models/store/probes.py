"""Probe results kept between runs: the last probe of each (protocol, id) per gateway and key.

In `$XDG_STATE_HOME/tui-models/probes/<digest>.json` (the digest hashes the gateway and the
key's fingerprint: the key itself is never written), written atomically, read with bounds: a
damaged file is ignored with a notice. Each record says how its answer was got (endpoint,
token parameter, retries, headroom): the next probe of that id starts where the last one
was answered (`probe.plan`). Files written before those fields existed load with them
unknown. What to probe and how results are shown is policy, in `tui_models.probe`. Never
imports Textual.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tui_models.model import Probe, RateLimit
from tui_models.probe import whole
from tui_models.secret import Secret
from tui_models.store import paths
from tui_models.store.files import NotRegularFile, read_json, write_json

MAX_STORED = 100_000
MAX_STORE_BYTES = 64 * 1024 * 1024
MAX_NAME = 64
"""Longest endpoint or parameter name kept from a record."""
MAX_MARKS = 16
MAX_COUNT = 10**15
"""Largest rate-limit count kept (as `probe.headroom` reads them)."""


class ProbeStore:
    """The last probe of each (protocol, id) for one gateway and key, kept between runs in
    `$XDG_STATE_HOME/tui-models/probes/<digest>.json` (the digest hashes the gateway and the
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
    calls = whole(entry.get("calls"))
    return protocol, model_id, Probe(
        bool(entry["ok"]), whole(status), numbers["latency_ms"], numbers["ttfb_ms"],
        texts["answered_as"], texts["error"], float(at), whole(entry.get("input_tokens")),
        whole(entry.get("output_tokens")), endpoint=_name(entry.get("endpoint")),
        token_param=_name(entry.get("token_param")),
        retried=_text(entry.get("retried"), 200), rate_limit=_rate(entry.get("rate_limit")),
        calls=1 if calls is None else calls, marks=_marks(entry.get("marks")))


def _text(value: Any, limit: int) -> str | None:
    return value[:limit] if isinstance(value, str) and value else None


def _name(value: Any) -> str | None:
    """A short identifier (`responses`, `max_completion_tokens`), else None."""
    text = _text(value, MAX_NAME)
    return text if text is not None and text.isascii() and text.isprintable() else None


def _rate(value: Any) -> RateLimit | None:
    """A stored rate limit; None when absent or not an object (fields that are not what
    they should be are dropped, not fatal: the headroom is a detail)."""
    if not isinstance(value, dict):
        return None
    return RateLimit(**{name: _big(value.get(name)) for name in (
        "remaining_requests", "remaining_tokens", "limit_requests", "limit_tokens")},
        reset_requests=_text(value.get("reset_requests"), 40),
        reset_tokens=_text(value.get("reset_tokens"), 40))


def _big(value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_COUNT
    return value if ok else None


def _marks(value: Any) -> tuple[tuple[str, bool], ...]:
    if not isinstance(value, list):
        return ()
    return tuple((name, ok) for item in value[:MAX_MARKS]
                 if isinstance(item, list) and len(item) == 2
                 and (name := _name(item[0])) is not None and isinstance(ok := item[1], bool))


"""Is a listed model callable? Send it the smallest real request and keep what came back.

Relays list models that then fail: a channel is down, the key's model limits are enforced only
at call time, the quota is spent, the id is answered as another model. `probe()` calls one
model through its protocol (the protocol object owns the path and the minimal body: one
output token) with the same client as the lists — auth, timeouts, body cap, same-origin
redirects, no key in any message — and returns a `Probe`. `probe_all()` probes many with
bounded concurrency; a 429 pauses every worker for the gateway's `Retry-After` (bounded) and
the call is tried once more, then reported: a rate limit is never hammered.

Results are kept per gateway, key fingerprint, protocol and id (`ProbeStore`). Nothing here
runs unless the user asks: `t`/`T` in the explorer, or `tui-models probe`. Never imports
Textual.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tui_models import protocols
from tui_models.gateway import GatewayClient, bodies, errors, messages
from tui_models.gateway.client import retry_after
from tui_models.locations import NotRegularFile, cache_dir, read_json, write_json
from tui_models.model import Probe
from tui_models.secret import Secret
from tui_models.snippets import call_url
from tui_models.textsafe import shorten

SKIPPED_KINDS = ("image", "audio", "rerank")
"""Kinds `T` and `probe` leave out unless asked: one call costs real money (an image, a
second of speech), not one token."""
CONFIRM_ABOVE = 20
"""`probe` asks for `--yes` before sending more requests than this."""
CONCURRENCY = 4
MAX_PAUSE = 10.0
"""Longest wait a 429's Retry-After may impose before the one retry."""
DEFAULT_PAUSE = 2.0
MAX_ANSWERED_AS = 256

Probeable = Any  # a Model: `id`, `protocol`, `kind`


async def probe(client: GatewayClient, model: Probeable) -> Probe:
    """Call `model` once through its protocol with the smallest valid request. Never
    raises (but for cancellation)."""
    return (await _probe_once(client, model))[0]


async def _probe_once(client: GatewayClient, model: Probeable) -> tuple[Probe, float | None]:
    """The probe, and the seconds a 429 asked to wait (None when it was no 429)."""
    at, started = time.time(), time.perf_counter()
    profile = client.profile
    url = call_url(profile, model)
    if url is None:
        return Probe(False, None, None, None, None,
                     f"the {profile.preset} preset has no {protocols.label(model.protocol)} "
                     "calls", at), None
    body = protocols.get(model.protocol).call_body(model, max_tokens=1)
    try:
        status, headers, raw, ttfb = await client.call(model.protocol, url, body)
    except errors.GatewayError as exc:
        elapsed = (time.perf_counter() - started) * 1000
        return Probe(False, exc.status, elapsed, None, None,
                     exc.detail or exc.summary, at), None
    elapsed = (time.perf_counter() - started) * 1000
    payload, _ = bodies.scan(raw, None, lambda item, text: None)
    ok = 200 <= status < 300 and isinstance(payload, Mapping) and \
        messages.payload_message(payload) is None
    error = None
    if not ok:
        failure = messages.error_for(model.protocol, status, bytes(raw),
                                     payload if isinstance(payload, Mapping) else None,
                                     redact=client.redact)
        error = failure.detail or failure.summary
    found = payload if isinstance(payload, Mapping) else {}
    usage_in, usage_out = _usage(found)
    result = Probe(ok, status, elapsed, ttfb, _answered_as(found), error, at, usage_in,
                   usage_out)
    wait = None
    if status == 429:
        wait = retry_after(headers.get("retry-after"))
        wait = DEFAULT_PAUSE if wait is None else wait
    return result, wait


def _answered_as(payload: Mapping[str, Any]) -> str | None:
    for key in ("model", "modelVersion"):
        value = payload.get(key)
        if isinstance(value, str) and value:
            return shorten(value, MAX_ANSWERED_AS)
    return None


def _usage(payload: Mapping[str, Any]) -> tuple[int | None, int | None]:
    """Input and output tokens, as OpenAI, Anthropic or Gemini report them."""
    usage = payload.get("usage")
    if isinstance(usage, Mapping):
        return (_count(usage.get("prompt_tokens", usage.get("input_tokens"))),
                _count(usage.get("completion_tokens", usage.get("output_tokens"))))
    usage = payload.get("usageMetadata")
    if isinstance(usage, Mapping):
        return _count(usage.get("promptTokenCount")), _count(usage.get("candidatesTokenCount"))
    return None, None


def _count(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9:
        return value
    return None


def worth_probing(models: Iterable[Probeable], *, all_kinds: bool = False,
                  ) -> tuple[list[Probeable], dict[str, int]]:
    """The models a view probe sends a request to, and how many of each kind it skips."""
    chosen, skipped = [], {}
    for model in models:
        if all_kinds or model.kind not in SKIPPED_KINDS:
            chosen.append(model)
        else:
            skipped[model.kind] = skipped.get(model.kind, 0) + 1
    return chosen, skipped


async def probe_all(client: GatewayClient, models: Sequence[Probeable], *,
                    concurrency: int = CONCURRENCY,
                    on_result: Callable[[Probeable, Probe], Awaitable[None] | None]
                    | None = None) -> list[tuple[Probeable, Probe]]:
    """Probe every model, `concurrency` at a time, in order of `models` (results arrive as
    they finish). A 429 pauses every worker, then that call is tried once more."""
    queue = iter(models)
    results: list[tuple[Probeable, Probe]] = []
    resume_at = 0.0
    loop = asyncio.get_running_loop()

    async def wait_turn() -> None:
        while (delay := resume_at - loop.time()) > 0:
            await asyncio.sleep(delay)

    async def worker() -> None:
        nonlocal resume_at
        for model in queue:  # one iterator shared by the workers: each model once
            await wait_turn()
            result, wait = await _probe_once(client, model)
            if wait is not None:  # rate limited: everyone waits, then one more try
                pause = min(wait, MAX_PAUSE)
                resume_at = max(resume_at, loop.time() + pause)
                await wait_turn()
                result, wait = await _probe_once(client, model)
                if wait is not None and result.error is not None:
                    result = _with_error(result, f"{result.error} (also after waiting "
                                                 f"{pause:g} s)")
            results.append((model, result))
            if on_result is not None:
                done = on_result(model, result)
                if done is not None:
                    await done

    await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency,
                                                                len(models))))))
    return results


def _with_error(result: Probe, error: str) -> Probe:
    values = asdict(result)
    values["error"] = error
    return Probe(**values)


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
        bool(entry["ok"]), _count(status), numbers["latency_ms"], numbers["ttfb_ms"],
        texts["answered_as"], texts["error"], float(at), _count(entry.get("input_tokens")),
        _count(entry.get("output_tokens")))

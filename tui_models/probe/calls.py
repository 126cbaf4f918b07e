"""Is a listed model callable? Send it the smallest real request and keep what came back.

Relays list models that then fail: a channel is down, the key's model limits are enforced only
at call time, the quota is spent, the id is answered as another model. `probe()` calls one
model through its protocol (the protocol object owns the path and the minimal body: one
output token) with the same client as the lists — auth, timeouts, body cap, same-origin
redirects, no key in any message — and returns a `Probe`. `probe_all()` probes many with
bounded concurrency; a 429 pauses every worker for the gateway's `Retry-After` (bounded) and
the call is tried once more, then reported: a rate limit is never hammered.

Results are kept by `store.probes.ProbeStore`. Nothing here runs unless the user asks: `t`/`T`
in the explorer, or `tui-models probe`. Never imports Textual.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

from tui_models import protocols
from tui_models.gateway import GatewayClient, bodies, errors, messages
from tui_models.gateway.http import retry_after
from tui_models.model import Probe
from tui_models.snippets import call_url
from tui_models.textsafe import shorten

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
    protocol = protocols.get(model.protocol)
    body = protocol.call_body(model, max_tokens=1)
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
    usage_in, usage_out = protocol.reply_usage(found)
    answered = protocol.answered_as(found)
    result = Probe(ok, status, elapsed, ttfb,
                   None if answered is None else shorten(answered, MAX_ANSWERED_AS), error, at,
                   usage_in, usage_out)
    wait = None
    if status == 429:
        wait = retry_after(headers.get("retry-after"))
        wait = DEFAULT_PAUSE if wait is None else wait
    return result, wait


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

"""Is a listed model callable? Send it the smallest real request and keep what came back.

Relays list models that then fail: a channel is down, the key's model limits are enforced only
at call time, the quota is spent, the id is answered as another model. `probe()` calls one
model through its protocol (the protocol object owns the path, the minimal body — one output
token, 16 on Responses — and the reading of the reply) with the same client as the lists —
auth, timeouts, body cap, no redirect followed, no key in any message — and returns a
`Probe` that says how it got its answer: the endpoint, the token parameter, why it retried,
the headroom the answer reported.

The first request goes where the gateway said or a probe learned (`probe.plan`). A refusal
another request answers (`protocols.refusals`: `max_tokens` refused → `max_completion_tokens`;
"only supported in v1/responses" → `POST …/responses`) is retried once per cause — at most
three requests, never a loop. `probe_all()` probes many with bounded concurrency; a 429 pauses
every worker for the gateway's `Retry-After` (bounded) and that request is tried once more,
then reported: a rate limit is never hammered. With `every=True` each id is probed on every
client-facing API its protocols serve (chat and Responses, messages, generateContent), one
record per endpoint.

Results are kept by `store.probes.ProbeStore`. Nothing here runs unless the user asks: `t`/`T`
in the explorer, or `tui-models probe`. Never imports Textual.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, NamedTuple

from tui_models import protocols
from tui_models.gateway import GatewayClient, bodies, errors, explain
from tui_models.gateway.http import retry_after
from tui_models.model import Probe
from tui_models.probe import headroom, verdict
from tui_models.probe.plan import Attempt, Learned, at, endpoints, start
from tui_models.protocols.base import UNSAFE_PATH_ID
from tui_models.protocols.refusals import Refusal
from tui_models.snippets import api_root
from tui_models.textsafe import shorten

CONCURRENCY = 4
MAX_PAUSE = 10.0
"""Longest wait a 429's Retry-After may impose before the one retry."""
DEFAULT_PAUSE = 2.0
MAX_ANSWERED_AS = 256

Probeable = Any  # a Model: `id`, `protocol`, `kind`, and what the plan reads
OnSent = Callable[[Probeable], None]
"""Told each time a request leaves for the gateway (billed, whether or not it is answered)."""


class _Sent(NamedTuple):
    """One request's outcome: the probe it amounts to, the seconds a 429 asked to wait (None
    when it was no 429), and the refusal another request answers (None when it stands)."""

    result: Probe
    wait: float | None
    refusal: Refusal | None


class _Pacer:
    """What every worker of a `probe_all` shares: when requests may go again after a 429."""

    def __init__(self) -> None:
        self.resume_at = 0.0

    async def turn(self) -> None:
        loop = asyncio.get_running_loop()
        while (delay := self.resume_at - loop.time()) > 0:
            await asyncio.sleep(delay)

    async def pause(self, wait: float) -> float:
        """Hold every worker for `wait` seconds (at most MAX_PAUSE); the pause imposed."""
        pause = min(wait, MAX_PAUSE)
        self.resume_at = max(self.resume_at, asyncio.get_running_loop().time() + pause)
        await self.turn()
        return pause


async def probe(client: GatewayClient, model: Probeable, *, endpoint: str | None = None,
                learned: Learned | None = None, on_sent: OnSent | None = None) -> Probe:
    """Call `model` once through its protocol with the smallest valid request (retrying a
    refusal another request answers, once per cause; a 429 is reported, not retried). At
    `endpoint` only, when given. Never raises (but for cancellation)."""
    attempt = start(model, learned) if endpoint is None else at(model, endpoint, learned)
    return await _chain(client, model, attempt, follow=endpoint is None, pacer=None,
                        on_sent=on_sent)


async def _chain(client: GatewayClient, model: Probeable, attempt: Attempt, *, follow: bool,
                 pacer: _Pacer | None, on_sent: OnSent | None) -> Probe:
    """Send `attempt`, then what the answers ask: each retry cause once (another endpoint
    only if `follow`), a 429 once more after the pacer's pause. At most 2 + 1 + 1 requests."""
    at_time = time.time()
    calls, why, used = 0, [], set()
    waited: float | None = None
    while True:
        if pacer is not None:
            await pacer.turn()
        sent = await _send(client, model, attempt, at_time, on_sent)
        calls += sent.result.calls
        if sent.wait is not None and pacer is not None and waited is None:
            waited = await pacer.pause(sent.wait)  # rate limited: everyone waits, one more try
            continue
        refusal = sent.refusal
        if refusal is not None and refusal.cause not in used and \
                (follow or refusal.endpoint == attempt.endpoint):
            used.add(refusal.cause)
            why.append(refusal.why)
            attempt = Attempt(refusal.endpoint, refusal.token_param)
            continue
        result = sent.result
        if waited is not None and sent.wait is not None and result.error is not None:
            result = replace(result, error=f"{result.error} (also after waiting "
                                           f"{waited:g} s)")
        return replace(result, retried="; ".join(why) or None, calls=calls)


async def _send(client: GatewayClient, model: Probeable, attempt: Attempt, at_time: float,
                on_sent: OnSent | None) -> _Sent:
    """One request of `attempt`, read into a Probe. Never raises (but for cancellation)."""
    started = time.perf_counter()
    profile = client.profile
    protocol = protocols.get(model.protocol)
    where = {"endpoint": attempt.endpoint, "token_param": attempt.token_param}
    root = api_root(profile, model.protocol)
    url = None if root is None else protocol.call_url(root, model, attempt.endpoint)
    if url is None:
        reason = (f"the {profile.preset} preset has no {protocols.label(model.protocol)} "
                  "calls") if root is None else f"{UNSAFE_PATH_ID}; not sent"
        return _Sent(Probe(False, None, None, None, None, reason, at_time, calls=0, **where),
                     None, None)
    body = protocol.call_body(model, max_tokens=1, endpoint=attempt.endpoint,
                              token_param=attempt.token_param)
    if on_sent is not None:
        on_sent(model)
    try:
        status, headers, raw, ttfb = await client.call(model.protocol, url, body)
    except errors.GatewayError as exc:
        elapsed = (time.perf_counter() - started) * 1000
        return _Sent(Probe(False, exc.status, elapsed, None, None, exc.detail or exc.summary,
                           at_time, **where), None, None)
    elapsed = (time.perf_counter() - started) * 1000
    payload, _ = bodies.scan(raw, None, lambda *_: None)
    found = payload if isinstance(payload, Mapping) else {}
    ok = 200 <= status < 300 and isinstance(payload, Mapping) and \
        explain.payload_message(payload) is None
    error = refusal = None
    if not ok:
        failure = explain.error_for(model.protocol, status, bytes(raw), found or None,
                                     redact=client.redact)
        error = failure.detail or failure.summary
        refusal = protocol.refusal(attempt.endpoint, attempt.token_param, status, found)
    usage_in, usage_out = protocol.reply_usage(found)
    answered = protocol.answered_as(found)
    if answered is not None:
        answered = shorten(client.redact(answered), MAX_ANSWERED_AS)
    result = Probe(ok, status, elapsed, ttfb, answered, error, at_time, usage_in, usage_out,
                   rate_limit=headroom.read(headers, client.redact), **where)
    wait = None
    if status == 429:
        wait = retry_after(headers.get("retry-after"))
        wait = DEFAULT_PAUSE if wait is None else wait
    return _Sent(result, wait, refusal)


async def probe_all(client: GatewayClient, models: Sequence[Probeable], *,
                    concurrency: int = CONCURRENCY, every: bool = False,
                    learned: Learned | None = None,
                    on_result: Callable[[Probeable, Probe], Awaitable[None] | None]
                    | None = None, on_sent: OnSent | None = None,
                    ) -> list[tuple[Probeable, Probe]]:
    """Probe every model, `concurrency` at a time; a 429 pauses every worker, then that
    request is tried once more. Returns (model, probe) pairs in the order of `models`: one
    per model, or with `every`, one per model and endpoint, each probe carrying the `marks`
    of every endpoint tried for its id (the records of one id, one per protocol, are probed
    together). `on_result` is told each model's verdict (`probe.verdict`) as its id is done:
    what the explorer and the store keep."""
    pacer = _Pacer()
    units = _units(models, every)
    done: dict[int, list[tuple[Probeable, Probe]]] = {}
    queue = iter(enumerate(units))

    async def run(unit: list[Probeable]) -> list[tuple[Probeable, Probe]]:
        if not every:
            [model] = unit
            return [(model, await _chain(client, model, start(model, learned), follow=True,
                                         pacer=pacer, on_sent=on_sent))]
        found = [(model, await _chain(client, model, at(model, endpoint, learned),
                                      follow=False, pacer=pacer, on_sent=on_sent))
                 for model in unit for endpoint in endpoints(model)]
        marks = tuple((p.endpoint or "?", p.ok) for _, p in found)
        return [(m, replace(p, marks=marks)) for m, p in found]

    async def worker() -> None:
        for index, unit in queue:  # one iterator shared by the workers: each unit once
            done[index] = pairs = await run(unit)
            if on_result is None:
                continue
            for model in unit:
                told = on_result(model, verdict([p for m, p in pairs if m is model]))
                if told is not None:
                    await told

    await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency, len(units))))))
    return [pair for index in sorted(done) for pair in done[index]]


def _units(models: Sequence[Probeable], every: bool) -> list[list[Probeable]]:
    """What one worker probes at a time: each model, or with `every` the records of one id
    (in the order of their first appearance)."""
    if not every:
        return [[m] for m in models]
    groups: dict[str, list[Probeable]] = {}
    for model in models:
        groups.setdefault(model.id, []).append(model)
    return list(groups.values())

"""Probing policy: what a probe of a view sends, when results are stale, how they are reported.

No HTTP here (the calls live in `probe.calls`, which needs the HTTP client; which request goes
first and how many may follow is `probe.plan`; the headroom headers are read by
`probe.headroom`) and no files (the results are kept by `store.probes.ProbeStore`): the
explorer imports this at start-up. Never imports Textual.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

from tui_models import fmt
from tui_models.model import Probe
from tui_models.probe import headroom
from tui_models.protocols.endpoints import label, mark

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
    """The JSON record `probe --format json` writes for one probe (of one endpoint)."""
    return {"id": model_id, "protocol": protocol, "endpoint": result.endpoint,
            "ok": result.ok, "status": result.status,
            "latency_ms": _ms(result.latency_ms), "ttfb_ms": _ms(result.ttfb_ms),
            "answered_as": result.answered_as, "error": result.error,
            "input_tokens": result.input_tokens, "output_tokens": result.output_tokens,
            "token_param": result.token_param, "retried": result.retried,
            "calls": result.calls, "rate_limit": headroom.record(result.rate_limit),
            "probed_at": _iso(result.probed_at)}


def verdict(results: Sequence[Probe]) -> Probe:
    """What one model's probes of several endpoints amount to, as the explorer and the store
    keep it: the first that answered (its endpoint is where the next probe goes), else the
    first. `results` is never empty."""
    return next((r for r in results if r.ok), results[0])


def cell(result: Probe) -> str:
    """A probe in a table cell: `✓ 412 ms`, `✗ no channel`; when several endpoints were
    tried, a mark each: `C✓ R✓ M✗`."""
    if len(result.marks) > 1:
        return " ".join(f"{mark(name)}{'✓' if ok else '✗'}" for name, ok in result.marks)
    return fmt.probe(result)


def summary(result: Probe) -> str:
    """The verdict line: `✓ 412 ms via Responses · 499 req / 29,994 tok left`."""
    text = fmt.probe(result)
    if result.endpoint is not None:
        text += f" via {label(result.endpoint)}"
    left = headroom.left(result.rate_limit)
    return f"{text} · {left}" if left else text


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def whole(value: Any) -> int | None:
    """`value` when it is a plausible count (a whole number from 0 to a billion), else None:
    for token counts in a gateway's reply and in the probe store."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9:
        return value
    return None

"""OpenRouter beside its lists: `GET /api/v1/key` — the key's `limit`, `limit_remaining`,
`limit_reset`, `usage` (all time, `usage_daily`…), `is_free_tier`, `rate_limit {requests,
interval}`, `expires_at` — and, per model on demand, `GET /api/v1/models/{author}/{slug}/
endpoints` — the providers serving it, each with `provider_name`, `quantization`,
`context_length`, `pricing` (strings, USD per token), `uptime_last_30m` (%),
`latency_last_30m` (ms to the first token, p50…p99), `throughput_last_30m` (tokens/s),
`status` (openrouter.ai/docs/api-reference/limits, …/endpoints/list-endpoints).

Prices come in the list itself (`pricing.prompt`), so `parse` prices nothing; the key's
`label` (a masked form of the key) is never read. Every server string is cut short here and
shown through `visible` by whoever draws it."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from tui_models.relay.info import MAX_QUOTA, RelayInfo, data_of, number

KEY = "/v1/key"
"""Under the preset's base URL (`https://openrouter.ai/api`)."""
MAX_ENDPOINTS = 40
"""Providers kept per model: OpenRouter lists a handful; a hostile server may send more."""
_TEXT = 80
_RESETS = ("daily", "weekly", "monthly")
_INTERVAL = re.compile(r"\d{1,6}(ms|s|m|h|d)")


def parse(prices: Any, key_info: Any, listed: set[str], configured: str | None) -> RelayInfo:
    """The key's facts from `/api/v1/key` (`prices` is always None: they are in the list)."""
    info = RelayInfo("openrouter", group_source="none")
    facts = data_of(key_info)
    if not isinstance(facts, Mapping):
        raise ValueError("/api/v1/key has no data object")
    info.limit_usd = number(facts.get("limit"), MAX_QUOTA)
    info.unlimited = facts.get("limit") is None
    remaining = facts.get("limit_remaining")
    if isinstance(remaining, int | float) and not isinstance(remaining, bool) and remaining < 0:
        remaining = 0.0  # over the limit: nothing left
    info.quota_left_usd = None if info.unlimited else number(remaining, MAX_QUOTA)
    reset = facts.get("limit_reset")
    info.limit_reset = reset if reset in _RESETS else None
    info.usage_usd = number(facts.get("usage"), MAX_QUOTA)
    info.usage_today_usd = number(facts.get("usage_daily"), MAX_QUOTA)
    free = facts.get("is_free_tier")
    info.free_tier = free if isinstance(free, bool) else None
    info.rate_limit = _rate_limit(facts.get("rate_limit"))
    expires = facts.get("expires_at")
    if isinstance(expires, str) and len(expires) <= 40:
        with contextlib.suppress(ValueError):
            info.expires_at = datetime.fromisoformat(expires.replace("Z", "+00:00")).timestamp()
    return info


def _rate_limit(value: Any) -> str | None:
    """`50 requests / 10s`, from `{"requests": 50, "interval": "10s"}`."""
    if not isinstance(value, Mapping):
        return None
    requests, interval = value.get("requests"), value.get("interval")
    if isinstance(requests, bool) or not isinstance(requests, int) or not 0 < requests < 10**9:
        return None
    if not isinstance(interval, str) or not _INTERVAL.fullmatch(interval):
        return None
    return f"{requests:,} requests / {interval}"


# -- a model's endpoints ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Endpoint:
    """One provider serving a model on OpenRouter."""

    provider: str
    tag: str | None = None
    quantization: str | None = None
    context: int | None = None
    max_output: int | None = None
    input_per_1m: float | None = None
    output_per_1m: float | None = None
    uptime_30m: float | None = None
    """Percent of requests answered over the last 30 minutes."""
    latency_ms: float | None = None
    """Median time to the first token over the last 30 minutes (ms)."""
    throughput: float | None = None
    """Median tokens per second over the last 30 minutes."""
    status: int | None = None
    """OpenRouter's endpoint status: 0 normal; below 0 degraded or down."""


@dataclass(frozen=True, slots=True)
class ModelEndpoints:
    """What `/endpoints` said for one model: its providers, in OpenRouter's order."""

    model_id: str
    endpoints: tuple[Endpoint, ...]
    more: int = 0
    """Providers left out beyond `MAX_ENDPOINTS`."""


def endpoints_path(model_id: str) -> str | None:
    """`/v1/models/{author}/{slug}/endpoints` for an `author/slug` id, each part
    percent-encoded (`:free` included), or None for an id that is not two plain parts."""
    author, sep, slug = model_id.partition("/")
    if not sep or not _plain(author) or not _plain(slug):
        return None
    return f"/v1/models/{quote(author, safe='-._~')}/{quote(slug, safe='-._~')}/endpoints"


def _plain(part: str) -> bool:
    return part not in ("", ".", "..") and len(part) <= 200 and \
        not any(c in "/\\?#%;" or unicodedata.category(c)[0] in "CZ" for c in part)


def parse_endpoints(model_id: str, payload: Any) -> ModelEndpoints:
    """The `/endpoints` answer for `model_id`; ValueError when it is not that shape."""
    data = data_of(payload)
    rows = data.get("endpoints") if isinstance(data, Mapping) else None
    if not isinstance(rows, list):
        raise ValueError("the endpoints answer has no data.endpoints list")
    found = [e for row in rows[:MAX_ENDPOINTS] if (e := _endpoint(row)) is not None]
    return ModelEndpoints(model_id, tuple(found), max(0, len(rows) - MAX_ENDPOINTS))


def _endpoint(row: Any) -> Endpoint | None:
    if not isinstance(row, Mapping):
        return None
    provider = _text(row.get("provider_name")) or _text(row.get("name"))
    if provider is None:
        return None
    pricing = row.get("pricing") if isinstance(row.get("pricing"), Mapping) else {}
    status = row.get("status")
    return Endpoint(
        provider=provider, tag=_text(row.get("tag")),
        quantization=_text(row.get("quantization")),
        context=_count(row.get("context_length")),
        max_output=_count(row.get("max_completion_tokens")),
        input_per_1m=_per_1m(pricing.get("prompt")),
        output_per_1m=_per_1m(pricing.get("completion")),
        uptime_30m=_percent(row.get("uptime_last_30m")),
        latency_ms=_median(row.get("latency_last_30m"), 1e7),
        throughput=_median(row.get("throughput_last_30m"), 1e7),
        status=status if isinstance(status, int) and not isinstance(status, bool)
        and -100 <= status <= 100 else None)


def _text(value: Any) -> str | None:
    return value[:_TEXT] if isinstance(value, str) and value.strip() else None


def _count(value: Any) -> int | None:
    found = number(value, 1e12)
    return int(found) if found is not None and found >= 1 else None


def _per_1m(value: Any) -> float | None:
    """A per-token price (OpenRouter writes strings) as USD per 1M tokens."""
    if isinstance(value, str) and len(value) <= 40:
        with contextlib.suppress(ValueError):
            value = float(value)
    found = number(value, 1e3)
    return None if found is None else found * 1e6


def _percent(value: Any) -> float | None:
    found = number(value, 100)
    return found


def _median(value: Any, limit: float) -> float | None:
    return number(value.get("p50"), limit) if isinstance(value, Mapping) else None


async def fetch_endpoints(client: Any, model_id: str) -> ModelEndpoints:
    """Ask OpenRouter which providers serve `model_id`. Raises ValueError for an id that
    has no endpoints path or an answer of another shape, GatewayError when it fails."""
    path = endpoints_path(model_id)
    if path is None:
        raise ValueError("this id is not author/slug: OpenRouter has no endpoints page for it")
    return parse_endpoints(model_id, await client.get_json(path))

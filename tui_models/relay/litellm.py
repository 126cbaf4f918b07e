"""LiteLLM proxy: `GET /model/info` — per deployment `model_name` and `model_info
{input_cost_per_token, output_cost_per_token, max_input_tokens, max_output_tokens, mode,
supports_*}` — and `GET /key/info` (the key): `info {key_alias, spend, max_budget, expires,
models}`. Prices are USD per token (× 1,000,000 per 1M); LiteLLM has no groups. `key_name`
there is the key itself, masked: it is never read (docs.litellm.ai/docs/proxy/model_management,
/docs/proxy/virtual_keys)."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tui_models.relay.info import (
    MAX_QUOTA,
    RelayInfo,
    RelayPrice,
    count,
    data_of,
    number,
    sharing,
    words,
)

PRICES = "/model/info"
KEY = "/key/info"
_FLAGS = 12
"""At most this many `supports_*` flags become tags."""


def entry(row: Any) -> tuple | None:
    """What one `/model/info` row says, compactly: (name, input $/token, output $/token,
    max input tokens, max output tokens, tags)."""
    if isinstance(row, tuple):
        return row
    if not isinstance(row, Mapping) or not isinstance(row.get("model_name"), str):
        return None
    info = row.get("model_info") if isinstance(row.get("model_info"), Mapping) else {}
    flags = [name.removeprefix("supports_") for name, value in list(info.items())[:200]
             if isinstance(name, str) and name.startswith("supports_") and value is True]
    tags = words([info.get("mode"), *flags[:_FLAGS]])
    return (row["model_name"], number(info.get("input_cost_per_token")),
            number(info.get("output_cost_per_token")),
            count(info.get("max_input_tokens")),
            count(info.get("max_output_tokens")) or count(info.get("max_tokens")), tags)


def parse(model_info: Any, key_info: Any, listed: set[str], configured: str | None
          ) -> RelayInfo:
    """LiteLLM's `/model/info` (and `/key/info` when it answered). A name served by several
    deployments takes the first that states a price."""
    info = RelayInfo("litellm", group_source="none")
    rows = data_of(model_info)
    if not isinstance(rows, list):
        raise ValueError("/model/info has no data list")
    share = sharing()
    for name, cost_in, cost_out, max_in, max_out, tags in \
            (e for row in rows if (e := entry(row)) is not None):
        known = info.prices.get(name)
        if known is not None and known.input_per_1m is not None:
            continue
        info.prices[name] = share(RelayPrice(
            input_per_1m=cost_in * 1e6 if cost_in is not None else None,
            output_per_1m=cost_out * 1e6 if cost_out is not None else None,
            context_window=max_in, max_output=max_out, tags=tags, kind="litellm-tokens"))
    _apply_key(info, key_info)
    return info


def _apply_key(info: RelayInfo, key_info: Any) -> None:
    facts = key_info.get("info") if isinstance(key_info, Mapping) else None
    if not isinstance(facts, Mapping):
        return
    alias = facts.get("key_alias")
    info.key_name = alias[:100] if isinstance(alias, str) and alias else None
    budget, spend = number(facts.get("max_budget"), MAX_QUOTA), number(facts.get("spend"),
                                                                       MAX_QUOTA)
    info.unlimited = facts.get("max_budget") is None
    if budget is not None:
        info.quota_left_usd = max(0.0, budget - (spend or 0.0))
    expires = facts.get("expires")
    if isinstance(expires, str) and len(expires) <= 40:
        with contextlib.suppress(ValueError):
            info.expires_at = datetime.fromisoformat(expires.replace("Z", "+00:00")).timestamp()
    models = facts.get("models")
    if isinstance(models, list) and models:
        info.model_limits = len(models)

"""new-api: `GET /api/pricing` — per model `quota_type`, `model_ratio`, `model_price`,
`completion_ratio`, `enable_groups`, `tags`, and `group_ratio` — and `GET /api/usage/token/`
(the key): its name, quota granted/used/left (500,000 = 1 USD), expiry, model limits.
Input USD/1M = `model_ratio` × 2, output = input × `completion_ratio`, per call =
`model_price`, all × the group's ratio (read from new-api's `controller/pricing.go` and
`controller/token.go`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui_models.protocols.normalize import product
from tui_models.relay.info import (
    MAX_QUOTA,
    USD_PER_QUOTA,
    RelayInfo,
    RelayPrice,
    choose_group,
    data_of,
    number,
    ratio_of,
    sharing,
    words,
)

PRICES = "/api/pricing"
KEY = "/api/usage/token/"


def entry(row: Any) -> tuple | None:
    """What one `/api/pricing` row says, compactly: (name, groups, per call?, model ratio,
    model price, completion ratio, tags)."""
    if isinstance(row, tuple):
        return row
    if not isinstance(row, Mapping) or not isinstance(row.get("model_name"), str):
        return None
    return (row["model_name"], words(row.get("enable_groups")), row.get("quota_type") == 1,
            number(row.get("model_ratio")), number(row.get("model_price")),
            number(row.get("completion_ratio")), words(row.get("tags")))


def parse(pricing: Any, usage: Any, listed: set[str], configured: str | None) -> RelayInfo:
    """new-api's `/api/pricing` (and `/api/usage/token/` when it answered)."""
    info = RelayInfo("new-api")
    rows = data_of(pricing)
    if not isinstance(rows, list):
        raise ValueError("/api/pricing has no data list")
    raw_ratios = pricing.get("group_ratio") if isinstance(pricing, Mapping) else None
    ratios = {str(g): r for g, v in (raw_ratios or {}).items()
              if (r := number(v)) is not None} if isinstance(raw_ratios, Mapping) else {}
    entries = [e for row in rows if (e := entry(row)) is not None]
    memberships = {e[0]: e[1] for e in entries}
    info.group, info.group_source = choose_group(memberships, listed, configured, ratios)
    info.group_ratio = ratio_of(info.group, ratios)
    info.group_ratios = ratios
    scale, group_ratio = info.group_ratio, info.group_ratio if info.group else None
    share = sharing()
    for name, member, per_call, ratio, price, completion, tags in entries:
        values = {}
        if per_call:
            if price is not None:
                values["per_request"] = product(price * scale)
        elif ratio is not None:
            values["input_per_1m"] = product(ratio * 2 * scale)
            if completion is not None and values["input_per_1m"] is not None:
                values["output_per_1m"] = product(values["input_per_1m"] * completion)
        info.prices[name] = share(RelayPrice(
            **values, tags=tags, groups=member, group=info.group, group_ratio=group_ratio,
            kind="new-api-call" if per_call else "new-api-tokens",
            ratio_in=price if per_call else ratio, ratio_out=completion))
    _apply_usage(info, usage)
    return info


def _apply_usage(info: RelayInfo, usage: Any) -> None:
    data = data_of(usage)
    if not isinstance(data, Mapping):
        return
    name = data.get("name")
    info.key_name = name[:100] if isinstance(name, str) else None
    info.unlimited = data.get("unlimited_quota") is True
    available = number(data.get("total_available"), MAX_QUOTA)
    info.quota_left_usd = available * USD_PER_QUOTA if available is not None else None
    expires = data.get("expires_at")
    info.expires_at = float(expires) if isinstance(expires, int | float) and \
        not isinstance(expires, bool) and 0 < expires < 10**11 else None
    limits = data.get("model_limits")
    if isinstance(limits, Mapping) and data.get("model_limits_enabled") is not False:
        info.model_limits = len(limits)
        info.allowed = tuple(str(name)[:200] for name, on in list(limits.items())[:100_000]
                             if on is not False)

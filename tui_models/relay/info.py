"""What a relay said, for one key: each model's price with its arithmetic, the key's group,
its quota and expiry. Plain values, shared by every relay kind's parser."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tui_models.protocols.normalize import share

USD_PER_QUOTA = 1 / 500_000
MAX_RATIO = 1e6
MAX_QUOTA = 1e15


@dataclass(frozen=True, slots=True)
class RelayPrice:
    """One model's price on the relay for the key's group, with how it was worked out."""

    input_per_1m: float | None = None
    output_per_1m: float | None = None
    per_request: float | None = None
    context_window: int | None = None
    max_output: int | None = None
    tags: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    group: str | None = None
    """The group whose ratio was applied (None: base prices, the group being unknown)."""
    group_ratio: float | None = None
    kind: str = ""
    """How the relay prices it: `one-hub-tokens`, `one-hub-times`, `new-api-tokens`,
    `new-api-call`, `litellm-tokens`."""
    ratio_in: float | None = None
    """The relay's number behind the input price (a ratio, or new-api's per-call price)."""
    ratio_out: float | None = None
    """The number behind the output price (one-hub's ratio, new-api's completion ratio)."""

    @property
    def explain(self) -> tuple[str, ...]:
        """The arithmetic, a line per price: `in $1.25 /1M = ratio 1.25 × $2 × group vip
        0.5` (worked out when shown, not stored for 100,000 models)."""
        where = f"group {self.group} {self.group_ratio:g}" if self.group \
            else "base (group unknown)"
        lines = []
        if self.kind == "one-hub-times" and self.per_request is not None:
            lines.append(f"per call ${self.per_request:.4g} = ratio {self.ratio_in:g} × "
                         f"$0.002 × {where}")
        elif self.kind == "new-api-call" and self.per_request is not None:
            lines.append(f"per call ${self.per_request:.4g} = model price "
                         f"${self.ratio_in:g} × {where}")
        elif self.kind == "one-hub-tokens":
            for label, price, ratio in (("in", self.input_per_1m, self.ratio_in),
                                        ("out", self.output_per_1m, self.ratio_out)):
                if price is not None and ratio is not None:
                    lines.append(f"{label} ${price:.4g} /1M = ratio {ratio:g} × $2 × {where}")
        elif self.kind == "litellm-tokens":
            for label, price in (("in", self.input_per_1m), ("out", self.output_per_1m)):
                if price is not None:
                    lines.append(f"{label} ${price:.4g} /1M = ${price / 1e6:.4g} per token "
                                 "(LiteLLM /model/info)")
        elif self.kind == "new-api-tokens" and self.input_per_1m is not None:
            lines.append(f"in ${self.input_per_1m:.4g} /1M = ratio {self.ratio_in:g} × $2 × "
                         f"{where}")
            if self.output_per_1m is not None:
                lines.append(f"out ${self.output_per_1m:.4g} /1M = in × completion ratio "
                             f"{self.ratio_out:g}")
        return tuple(lines)


def sharing() -> Callable[[RelayPrice], RelayPrice]:
    """`share(price)`: one record for equal prices, as a list's equal values are one object.
    A relay's models share a few price rows (a ratio, a group, the same tags): the 100,000
    synthetic models of the demo have 4,093, so their records take ~1 MB, not 17."""
    seen: dict[RelayPrice, RelayPrice] = {}
    return lambda price: seen.setdefault(price, price)


@dataclass(slots=True)
class RelayInfo:
    """Everything a relay said beside its lists, for one key."""

    kind: str
    prices: dict[str, RelayPrice] = field(default_factory=dict)
    group: str | None = None
    group_ratio: float = 1.0
    group_ratios: dict[str, float] = field(default_factory=dict)
    """Every group's ratio the relay publishes (for the groups other models are offered to)."""
    group_source: str = "unknown"
    """`profile`, `inferred`, `unknown` (base prices shown) or `none` (the gateway has no
    groups: LiteLLM)."""
    key_name: str | None = None
    quota_left_usd: float | None = None
    unlimited: bool = False
    expires_at: float | None = None
    model_limits: int | None = None
    allowed: tuple[str, ...] = ()
    """The only models this token may call (new-api's `model_limits`); () when not limited."""
    limit_usd: float | None = None
    """The key's credit limit (OpenRouter's `limit`; None: none, or not published)."""
    limit_reset: str | None = None
    """When the limit starts again: `daily`, `weekly`, `monthly` (None: never)."""
    usage_usd: float | None = None
    """Credits the key used, all time."""
    usage_today_usd: float | None = None
    free_tier: bool | None = None
    """OpenRouter's `is_free_tier`: the account never bought credits (lower limits)."""
    rate_limit: str | None = None
    """`50 requests / 10s`, as the gateway states it."""
    fetched_at: float = field(default_factory=time.time)

    def summary(self) -> str:
        """`vip · $12.40 left · expires 2027-01-31`, or what is known of it."""
        parts = [self.group] if self.group else [] if self.group_source == "none" \
            else ["group unknown — set group in the profile"]
        if self.unlimited:
            parts.append("no credit limit" if self.kind == "openrouter" else "unlimited quota")
        elif self.quota_left_usd is not None:
            limit = "" if self.limit_usd is None else f" of ${self.limit_usd:,.2f}" + (
                f" {self.limit_reset}" if self.limit_reset else "")
            parts.append(f"${self.quota_left_usd:,.2f} left{limit}")
        if self.usage_usd is not None:
            parts.append(f"used ${self.usage_usd:,.2f}")
        if self.free_tier:
            parts.append("free tier")
        if self.rate_limit:
            parts.append(self.rate_limit)
        if self.expires_at:
            parts.append("expires " + time.strftime("%Y-%m-%d", time.gmtime(self.expires_at)))
        return " · ".join(parts) or self.kind

    def record(self) -> dict[str, Any]:
        """What `whoami --format json` prints."""
        return {"gateway": self.kind, "group": self.group, "group_source": self.group_source,
                "group_ratio": self.group_ratio, "key_name": self.key_name,
                "quota_left_usd": self.quota_left_usd, "unlimited_quota": self.unlimited,
                "expires_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.expires_at))
                if self.expires_at else None,
                "model_limits": self.model_limits, "priced_models": len(self.prices),
                "limit_usd": self.limit_usd, "limit_reset": self.limit_reset,
                "usage_usd": self.usage_usd, "usage_today_usd": self.usage_today_usd,
                "free_tier": self.free_tier, "rate_limit": self.rate_limit}


def number(value: Any, limit: float = MAX_RATIO) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return share(value) if math.isfinite(value) and 0 <= value <= limit else None


def count(value: Any) -> int | None:
    found = number(value)
    return share(int(found)) if found is not None and found >= 1 else None


def words(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    return share(tuple(share(w.strip()[:60]) for w in value[:50]
                       if isinstance(w, str) and w.strip()))


def data_of(payload: Any) -> Any:
    return payload.get("data") if isinstance(payload, Mapping) else None


def choose_group(memberships: Mapping[str, Iterable[str]], listed: set[str],
                 configured: str | None, ratios: Mapping[str, float]
                 ) -> tuple[str | None, str]:
    """The key's group and how it is known: `profile`, `inferred` (the one group whose
    models are exactly the key's list) or `unknown`."""
    if configured:
        return configured, "profile"
    groups: dict[str, set[str]] = {}
    for model_id, names in memberships.items():
        for name in names:
            groups.setdefault(name, set()).add(model_id)
    matching = [g for g, ids in groups.items() if ids == listed and listed]
    if len(matching) == 1:
        return matching[0], "inferred"
    return None, "unknown"


def ratio_of(name: str | None, ratios: Mapping[str, float]) -> float:
    return ratios.get(name, 1.0) if name else 1.0



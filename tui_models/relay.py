"""What a relay publishes beside its model lists: prices as ratios, groups, and the key's facts.

Real relays list bare ids (`{"id","object","created","owned_by"}`) and publish the rest apart:

- one-hub (and MemoryLake): `GET /api/available_model` — per model `groups`, `owned_by`,
  `price {type, input, output, model_info?}`; `GET /api/user_group_map` — per group `ratio`.
- new-api: `GET /api/pricing` — per model `quota_type`, `model_ratio`, `model_price`,
  `completion_ratio`, `enable_groups`, `tags`, and `group_ratio`; `GET /api/usage/token/`
  (the key) — its name, quota granted/used/left (500,000 = 1 USD), expiry, model limits.

The arithmetic is the relays' own: one-hub USD per 1M tokens = ratio × 2, per call (`times`) =
ratio × 0.002; new-api input = `model_ratio` × 2, output = input × `completion_ratio`, per call =
`model_price`; all × the group's ratio. The key's group comes from the profile (`group`), else
is inferred: the one group whose models are exactly the key's OpenAI list. With no group the
base prices (ratio 1) are shown, marked so. Never imports Textual.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

KINDS = {"memorylake": "one-hub", "new-api": "new-api"}
"""The relay kind each preset speaks (others publish nothing beside their lists)."""
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
    `new-api-call`."""
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
        elif self.kind == "new-api-tokens" and self.input_per_1m is not None:
            lines.append(f"in ${self.input_per_1m:.4g} /1M = ratio {self.ratio_in:g} × $2 × "
                         f"{where}")
            if self.output_per_1m is not None:
                lines.append(f"out ${self.output_per_1m:.4g} /1M = in × completion ratio "
                             f"{self.ratio_out:g}")
        return tuple(lines)


@dataclass(slots=True)
class RelayInfo:
    """Everything a relay said beside its lists, for one key."""

    kind: str
    prices: dict[str, RelayPrice] = field(default_factory=dict)
    group: str | None = None
    group_ratio: float = 1.0
    group_source: str = "unknown"
    """`profile`, `inferred` or `unknown` (base prices shown)."""
    key_name: str | None = None
    quota_left_usd: float | None = None
    unlimited: bool = False
    expires_at: float | None = None
    model_limits: int | None = None
    fetched_at: float = field(default_factory=time.time)

    def summary(self) -> str:
        """`vip · $12.40 left · expires 2027-01-31`, or what is known of it."""
        parts = [self.group if self.group else "group unknown — set group in the profile"]
        if self.unlimited:
            parts.append("unlimited quota")
        elif self.quota_left_usd is not None:
            parts.append(f"${self.quota_left_usd:,.2f} left")
        if self.expires_at:
            parts.append("expires " + time.strftime("%Y-%m-%d", time.gmtime(self.expires_at)))
        return " · ".join(parts)

    def record(self) -> dict[str, Any]:
        """What `whoami --format json` prints."""
        return {"gateway": self.kind, "group": self.group, "group_source": self.group_source,
                "group_ratio": self.group_ratio, "key_name": self.key_name,
                "quota_left_usd": self.quota_left_usd, "unlimited_quota": self.unlimited,
                "expires_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.expires_at))
                if self.expires_at else None,
                "model_limits": self.model_limits, "priced_models": len(self.prices)}


def _number(value: Any, limit: float = MAX_RATIO) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) and 0 <= value <= limit else None


def _count(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number >= 1 else None


def _words(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    return tuple(w.strip()[:60] for w in value[:50] if isinstance(w, str) and w.strip())


def _data(payload: Any) -> Any:
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


def _ratio(name: str | None, ratios: Mapping[str, float]) -> float:
    return ratios.get(name, 1.0) if name else 1.0


def _group_text(info: RelayInfo) -> str:
    return f"group {info.group} {info.group_ratio:g}" if info.group else "base (group unknown)"


def _one_hub_entry(body: Any) -> tuple | None:
    """What one `/api/available_model` entry says, in a few dozen bytes: (groups, type,
    input ratio, output ratio, context, max tokens, tags)."""
    if isinstance(body, tuple):
        return body
    if not isinstance(body, Mapping):
        return None
    price = body.get("price") if isinstance(body.get("price"), Mapping) else {}
    details = price.get("model_info") if isinstance(price.get("model_info"), Mapping) else {}
    return (_words(body.get("groups")), "times" if price.get("type") == "times" else "tokens",
            _number(price.get("input")), _number(price.get("output")),
            _count(details.get("context_length")), _count(details.get("max_tokens")),
            _words(details.get("tags")))


def one_hub(available: Any, group_map: Any, listed: set[str],
            configured: str | None) -> RelayInfo:
    """one-hub's `/api/available_model` and `/api/user_group_map`, for a key listing
    `listed` on the OpenAI protocol. Entries may come compact (`_one_hub_entry`), as the
    client hands them over while it reads a big table."""
    info = RelayInfo("one-hub")
    models = _data(available)
    if models == []:  # an empty table read entry by entry: no model priced
        models = {}
    if not isinstance(models, Mapping):
        raise ValueError("/api/available_model has no data object")
    groups = _data(group_map)
    ratios = {str(name): ratio for name, body in (groups or {}).items()
              if isinstance(body, Mapping) and (ratio := _number(body.get("ratio"))) is not None
              } if isinstance(groups, Mapping) else {}
    entries = {m: e for m, body in models.items()
               if isinstance(m, str) and (e := _one_hub_entry(body)) is not None}
    memberships = {m: e[0] for m, e in entries.items()}
    info.group, info.group_source = choose_group(memberships, listed, configured, ratios)
    info.group_ratio = _ratio(info.group, ratios)
    scale, group_ratio = info.group_ratio, info.group_ratio if info.group else None
    for model_id, (member, kind, ratio_in, ratio_out, context, max_tokens, tags) in \
            entries.items():
        values = {}
        if kind == "times":
            if ratio_in is not None:
                values["per_request"] = ratio_in * 0.002 * scale
        else:
            if ratio_in is not None:
                values["input_per_1m"] = ratio_in * 2 * scale
            if ratio_out is not None:
                values["output_per_1m"] = ratio_out * 2 * scale
        info.prices[model_id] = RelayPrice(
            **values, context_window=context, max_output=max_tokens, tags=tags, groups=member,
            group=info.group, group_ratio=group_ratio, kind=f"one-hub-{kind}",
            ratio_in=ratio_in, ratio_out=ratio_out)
    return info


def _new_api_entry(row: Any) -> tuple | None:
    """What one `/api/pricing` row says, compactly: (name, groups, per call?, model ratio,
    model price, completion ratio, tags)."""
    if isinstance(row, tuple):
        return row
    if not isinstance(row, Mapping) or not isinstance(row.get("model_name"), str):
        return None
    return (row["model_name"], _words(row.get("enable_groups")), row.get("quota_type") == 1,
            _number(row.get("model_ratio")), _number(row.get("model_price")),
            _number(row.get("completion_ratio")), _words(row.get("tags")))


def new_api(pricing: Any, usage: Any, listed: set[str], configured: str | None) -> RelayInfo:
    """new-api's `/api/pricing` (and `/api/usage/token/` when it answered)."""
    info = RelayInfo("new-api")
    rows = _data(pricing)
    if not isinstance(rows, list):
        raise ValueError("/api/pricing has no data list")
    raw_ratios = pricing.get("group_ratio") if isinstance(pricing, Mapping) else None
    ratios = {str(g): r for g, v in (raw_ratios or {}).items()
              if (r := _number(v)) is not None} if isinstance(raw_ratios, Mapping) else {}
    entries = [e for row in rows if (e := _new_api_entry(row)) is not None]
    memberships = {e[0]: e[1] for e in entries}
    info.group, info.group_source = choose_group(memberships, listed, configured, ratios)
    info.group_ratio = _ratio(info.group, ratios)
    scale, group_ratio = info.group_ratio, info.group_ratio if info.group else None
    for name, member, per_call, ratio, price, completion, tags in entries:
        values = {}
        if per_call:
            if price is not None:
                values["per_request"] = price * scale
        elif ratio is not None:
            values["input_per_1m"] = ratio * 2 * scale
            if completion is not None:
                values["output_per_1m"] = values["input_per_1m"] * completion
        info.prices[name] = RelayPrice(
            **values, tags=tags, groups=member, group=info.group, group_ratio=group_ratio,
            kind="new-api-call" if per_call else "new-api-tokens",
            ratio_in=price if per_call else ratio, ratio_out=completion)
    _apply_usage(info, usage)
    return info


def _apply_usage(info: RelayInfo, usage: Any) -> None:
    data = _data(usage)
    if not isinstance(data, Mapping):
        return
    name = data.get("name")
    info.key_name = name[:100] if isinstance(name, str) else None
    info.unlimited = data.get("unlimited_quota") is True
    available = _number(data.get("total_available"), MAX_QUOTA)
    info.quota_left_usd = available * USD_PER_QUOTA if available is not None else None
    expires = data.get("expires_at")
    info.expires_at = float(expires) if isinstance(expires, int | float) and \
        not isinstance(expires, bool) and 0 < expires < 10**11 else None
    limits = data.get("model_limits")
    if isinstance(limits, Mapping) and data.get("model_limits_enabled") is not False:
        info.model_limits = len(limits)


async def fetch(client: Any, preset: str, listed: set[str],
                configured: str | None = None) -> RelayInfo | None:
    """Ask the relay behind `client` what it publishes beside its lists (None when the preset
    publishes nothing). `listed` is the key's OpenAI list, to infer its group. Raises
    GatewayError when the prices cannot be had; the key's own facts are optional."""
    import asyncio

    kind = KINDS.get(preset)
    if kind is None:
        return None
    prices_path, keep, facts_path, parse = _ENDPOINTS[kind]
    prices, facts = await asyncio.gather(client.get_json(prices_path, keep=keep),
                                         client.get_json(facts_path), return_exceptions=True)
    if isinstance(prices, BaseException):
        raise prices
    # 100,000 priced models are seconds of work: off the event loop.
    return await asyncio.to_thread(
        _paused, parse, prices, None if isinstance(facts, BaseException) else facts, listed,
        configured)


def _one_hub_pair(item: Any) -> Any:
    """A streamed `(id, body)` pair of `/api/available_model`, its body made compact."""
    if isinstance(item, tuple) and len(item) == 2:
        return item[0], _one_hub_entry(item[1])
    return item


_ENDPOINTS: dict[str, tuple[str, Any, str, Any]] = {
    "one-hub": ("/api/available_model", _one_hub_pair, "/api/user_group_map", one_hub),
    "new-api": ("/api/pricing", _new_api_entry, "/api/usage/token/", new_api),
}
"""Per relay kind: its prices (each entry made compact as read), the optional second answer
(group ratios, or the key's facts) and the parser taking both."""


def _paused(parse: Any, *args: Any) -> RelayInfo:
    """`parse(*args)` with the cyclic collector paused (no cycles, many objects)."""
    from tui_models.gateway.bodies import collector_paused

    with collector_paused():
        return parse(*args)


def apply(models: Iterable[Any], info: RelayInfo | None) -> None:
    """Attach each model's relay price (None clears them)."""
    prices = info.prices if info is not None else {}
    for model in models:
        model.relay = prices.get(model.id)


class RelayCache:
    """The last relay answer per gateway and key, so a warm start shows the prices at once
    and an offline run keeps them: `$XDG_CACHE_HOME/tui-models/relay/<digest>.json` (the
    digest hashes the gateway and the key's fingerprint; the key is never written)."""

    MAX_BYTES = 32 * 1024 * 1024

    def __init__(self, gateway: str, fingerprint: str, root: Any = None) -> None:
        import hashlib

        from tui_models.locations import cache_dir

        digest = hashlib.sha256(f"{gateway}\n{fingerprint}".encode()).hexdigest()[:24]
        self.path = (root or cache_dir() / "relay") / f"{digest}.json"

    def save(self, info: RelayInfo) -> None:
        """Write `info` atomically; OSError when the cache cannot be written. Prices are rows
        (`[id, field…]`): 100,000 of them as dicts would cost hundreds of MB to write."""
        from dataclasses import asdict, astuple, fields

        from tui_models.locations import write_json

        record = asdict(replace(info, prices={}))
        record["price_fields"] = [f.name for f in fields(RelayPrice)]
        record["prices"] = [[model_id, *astuple(price)] for model_id, price in
                            info.prices.items()]
        write_json(self.path, record)

    def load(self) -> RelayInfo | None:
        """The cached answer, or None (none, or not usable: a cache never breaks a run)."""
        from dataclasses import fields

        from tui_models.locations import read_json

        try:
            data = read_json(self.path, self.MAX_BYTES)
            names = data.pop("price_fields")
            if names != [f.name for f in fields(RelayPrice)]:
                return None  # written by another version
            prices = {}
            for model_id, *values in data.pop("prices"):
                price = dict(zip(names, values, strict=True))
                for name in ("tags", "groups"):
                    price[name] = tuple(price[name])
                prices[str(model_id)] = RelayPrice(**price)
            return RelayInfo(**data, prices=prices)
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return None

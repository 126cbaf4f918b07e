"""one-hub (and MemoryLake): `GET /api/available_model` — per model `groups`, `owned_by`,
`price {type, input, output, model_info?}` — and `GET /api/user_group_map` — per group
`ratio`. USD per 1M tokens = ratio × 2, per call (`times`) = ratio × 0.002, both × the
group's ratio (read from one-hub's `relay/model.go` `AvailableModel` and
`controller/user_group.go`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui_models.protocols.normalize import product
from tui_models.relay.info import (
    RelayInfo,
    RelayPrice,
    choose_group,
    count,
    data_of,
    number,
    ratio_of,
    sharing,
    words,
)

PRICES = "/api/available_model"
_KINDS = {"tokens": "one-hub-tokens", "times": "one-hub-times"}
GROUPS = "/api/user_group_map"


def entry(body: Any) -> tuple | None:
    """What one `/api/available_model` entry says, in a few dozen bytes: (groups, type,
    input ratio, output ratio, context, max tokens, tags)."""
    if isinstance(body, tuple):
        return body
    if not isinstance(body, Mapping):
        return None
    price = body.get("price") if isinstance(body.get("price"), Mapping) else {}
    details = price.get("model_info") if isinstance(price.get("model_info"), Mapping) else {}
    return (words(body.get("groups")), "times" if price.get("type") == "times" else "tokens",
            number(price.get("input")), number(price.get("output")),
            count(details.get("context_length")), count(details.get("max_tokens")),
            words(details.get("tags")))


def parse(available: Any, group_map: Any, listed: set[str],
          configured: str | None) -> RelayInfo:
    """one-hub's `/api/available_model` and `/api/user_group_map`, for a key listing
    `listed` on the OpenAI protocol. Entries may come compact (`entry`), as the
    client hands them over while it reads a big table."""
    info = RelayInfo("one-hub")
    models = data_of(available)
    if models == []:  # an empty table read entry by entry: no model priced
        models = {}
    if not isinstance(models, Mapping):
        raise ValueError("/api/available_model has no data object")
    groups = data_of(group_map)
    ratios = {str(name): ratio for name, body in (groups or {}).items()
              if isinstance(body, Mapping) and (ratio := number(body.get("ratio"))) is not None
              } if isinstance(groups, Mapping) else {}
    entries = {m: e for m, body in models.items()
               if isinstance(m, str) and (e := entry(body)) is not None}
    memberships = {m: e[0] for m, e in entries.items()}
    info.group, info.group_source = choose_group(memberships, listed, configured, ratios)
    info.group_ratio = ratio_of(info.group, ratios)
    info.group_ratios = ratios
    scale, group_ratio = info.group_ratio, info.group_ratio if info.group else None
    share = sharing()
    for model_id, (member, kind, ratio_in, ratio_out, context, max_tokens, tags) in \
            entries.items():
        values = {}
        if kind == "times":
            if ratio_in is not None:
                values["per_request"] = product(ratio_in * 0.002 * scale)
        else:
            if ratio_in is not None:
                values["input_per_1m"] = product(ratio_in * 2 * scale)
            if ratio_out is not None:
                values["output_per_1m"] = product(ratio_out * 2 * scale)
        info.prices[model_id] = share(RelayPrice(
            **values, context_window=context, max_output=max_tokens, tags=tags, groups=member,
            group=info.group, group_ratio=group_ratio, kind=_KINDS[kind],
            ratio_in=ratio_in, ratio_out=ratio_out))
    return info


def pair(item: Any) -> Any:
    """A streamed `(id, body)` pair of `/api/available_model`, its body made compact."""
    if isinstance(item, tuple) and len(item) == 2:
        return item[0], entry(item[1])
    return item

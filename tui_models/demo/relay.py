"""What the demo publishes beside its lists, as one-hub and new-api do (see `tui_models.relay`):
prices as ratios per model, three groups (`default` 1, `vip` 0.5, `svip` 0.25) and the key's
quota. `demo-key` is in `default`, `demo-vip-key` in `vip`; vip-only models are enabled for
`vip` alone, the others for `default` and `vip`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui_models.demo.data import DemoModel

GROUP_RATIOS = {"default": 1.0, "vip": 0.5, "svip": 0.25}
EXPIRES = 1_801_353_600  # 2027-01-31
QUOTA = {"default": (10_000_000, 3_800_000), "vip": None}
"""Quota granted and used per group's demo key (500,000 = 1 USD); None: unlimited."""


def _groups(model: DemoModel) -> list[str]:
    return ["vip"] if model.vip else ["default", "vip"]


def _tags(model: DemoModel) -> list[str]:
    tags = []
    if "anthropic" in model.endpoints or model.owner in ("openai", "google"):
        tags.append("Tools")
    if model.id.startswith(("o1", "o3", "o4", "deepseek-r", "gpt-5")):
        tags.append("Reasoning")
    return tags


def available_model(models: Sequence[DemoModel]) -> dict[str, Any]:
    """one-hub's `GET /api/available_model`."""
    data = {}
    for model in models:
        if model.per_request is not None:
            price = {"model": model.id, "type": "times", "channel_type": 1,
                     "input": round(model.per_request / 0.002, 6), "output": 0, "locked": False}
        else:
            price = {"model": model.id, "type": "tokens", "channel_type": 1,
                     "input": (model.input_1m or 0) / 2, "output": (model.output_1m or 0) / 2,
                     "locked": False}
        price["model_info"] = {"name": model.name, "description": model.description or "",
                               "context_length": model.context or 0,
                               "max_tokens": model.max_output or 0,
                               "input_modalities": ["text"], "output_modalities": ["text"],
                               "tags": _tags(model)}
        data[model.id] = {"groups": _groups(model), "owned_by": model.owner, "price": price}
    return {"success": True, "message": "", "data": data}


def user_group_map() -> dict[str, Any]:
    """one-hub's `GET /api/user_group_map`."""
    return {"success": True, "message": "", "data": {
        name: {"symbol": name, "name": name.upper(), "ratio": ratio, "api_rate": 600,
               "public": True, "enable": True} for name, ratio in GROUP_RATIOS.items()}}


def pricing(models: Sequence[DemoModel]) -> dict[str, Any]:
    """new-api's `GET /api/pricing`."""
    rows = []
    for model in models:
        row: dict[str, Any] = {"model_name": model.id, "owner_by": model.owner,
                               "enable_groups": _groups(model),
                               "supported_endpoint_types": list(model.endpoints),
                               "tags": ",".join(_tags(model))}
        if model.per_request is not None:
            row.update(quota_type=1, model_price=model.per_request, model_ratio=0,
                       completion_ratio=1)
        else:
            ratio = (model.input_1m or 0) / 2
            row.update(quota_type=0, model_ratio=ratio, model_price=0,
                       completion_ratio=round((model.output_1m or 0) / (model.input_1m or 1), 6)
                       if model.input_1m else 1)
        rows.append(row)
    return {"success": True, "message": "", "data": rows, "group_ratio": GROUP_RATIOS,
            "usable_group": {name: name for name in GROUP_RATIOS}}


def usage(group: str, key_name: str) -> dict[str, Any]:
    """new-api's `GET /api/usage/token/` for a key of `group`."""
    quota = QUOTA.get(group)
    granted, used = quota if quota else (0, 0)
    return {"code": True, "message": "", "data": {
        "object": "token_usage", "name": key_name, "total_granted": granted,
        "total_used": used, "total_available": granted - used, "unlimited_quota": quota is None,
        "model_limits": {}, "model_limits_enabled": False,
        "expires_at": EXPIRES if quota else -1}}

"""The demo's OpenRouter (`flavor="openrouter"`), in OpenRouter's own shapes and errors:

- `GET /v1/models`: the public catalogue, no key needed; text models only unless
  `output_modalities=all` (or a comma list of modalities);
- `GET /v1/models/user`: the key's own list (Bearer): its group's models, every modality;
- `GET /v1/key`: the key's facts (`limit`, `limit_remaining`, `limit_reset`, `usage…`,
  `is_free_tier`, `rate_limit`);
- `GET /v1/models/{author}/{slug}/endpoints`: the providers serving a model (latency only
  with a key),

all under `https://openrouter.ai/api` on the real one. Errors are `{"error": {"code": 401,
"message": "…"}}`. `faults={"models-user": FAULT}` makes the key's own list alone misbehave
(a key that may not read it: `not-found`, `group-forbidden`, `key-rejected`); a fault on
`openai` hits both lists. Calls (`POST /v1/chat/completions`…) are the OpenAI wire's.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from tui_models.demo import wire as wires
from tui_models.demo.data import DemoModel
from tui_models.demo.replies import Reply, json_reply

if TYPE_CHECKING:
    from tui_models.demo.server import DemoGateway

KEY_FACTS: Mapping[str, dict[str, Any]] = {
    "default": {"limit": 10, "limit_reset": "monthly", "limit_remaining": 6.2,
                "usage": 3.8, "usage_daily": 0.42, "usage_weekly": 1.35, "usage_monthly": 3.8,
                "is_free_tier": True, "rate_limit": {"requests": 20, "interval": "10s"}},
    "vip": {"limit": None, "limit_reset": None, "limit_remaining": None,
            "usage": 125.5, "usage_daily": 2.25, "usage_weekly": 14.0, "usage_monthly": 51.75,
            "is_free_tier": False, "rate_limit": {"requests": 200, "interval": "10s"}},
}
"""What `/v1/key` says of each group's demo key (USD)."""
_ENDPOINTS = re.compile(r"/v1/models/([^/]+)/([^/]+)/endpoints")
_FIRST_PARTY = {"openai": "OpenAI", "anthropic": "Anthropic", "google": "Google",
                "mistral": "Mistral", "deepseek": "DeepSeek", "xai": "xAI", "cohere": "Cohere",
                "alibaba": "Alibaba", "meta": "Meta"}
_HOSTS = {"openai": ("Azure",), "anthropic": ("Amazon Bedrock", "Google Vertex"),
          "google": ("Google AI Studio",)}
_OPEN_HOSTS = (("DeepInfra", "fp8"), ("Together", "bf16"))


def error(message: str, status: int) -> Reply:
    return json_reply({"error": {"message": message, "code": status}}, status)


def answer(gateway: DemoGateway, path: str, query: Mapping[str, str],
           headers: Mapping[str, str]) -> Reply | None:
    """OpenRouter's answer to `GET path`, or None for a path it leaves to the rest."""
    path = path.rstrip("/")
    if path in ("/v1/models", "/v1/models/user"):
        fault = gateway._fault(wires.get("openai"), query, headers)
        if fault is None and path.endswith("/user") and gateway.faults.get("models-user"):
            from tui_models.demo import faults

            fault = faults.reply(gateway.faults["models-user"],
                                 faults.Asked("openai", query, 1, headers, gateway.port))
        if fault is not None:
            return fault
        if path == "/v1/models":
            return _public(gateway, query)
    if path in ("/v1/models/user", "/v1/key"):
        group, refused = _group(gateway, headers)
        if refused is not None:
            return refused
        if path == "/v1/key":
            return json_reply({"data": key_facts(gateway, headers, group)})
        return json_reply({"data": gateway.items(wires.get("openai"), "openrouter", group)})
    found = _ENDPOINTS.fullmatch(path)
    if found:
        model_id = f"{unquote(found[1])}/{unquote(found[2])}"
        group, _ = _group(gateway, headers)
        return _endpoints(gateway, model_id, signed_in=group is not None)
    return None


def _group(gateway: DemoGateway, headers: Mapping[str, str]) -> tuple[str | None, Reply | None]:
    key = gateway.key_for("openai", headers, {})
    if not key:
        return None, error("No auth credentials found", 401)
    group = gateway.keys.get(key)
    if group is None:
        return None, error("User not found.", 401)
    return group, None


def key_facts(gateway: DemoGateway, headers: Mapping[str, str], group: str) -> dict[str, Any]:
    key = gateway.key_for("openai", headers, {}) or ""
    return {"label": f"{key[:3]}...{key[-3:]}", **KEY_FACTS.get(group, KEY_FACTS["default"]),
            "include_byok_in_limit": False, "byok_usage": 0, "byok_usage_daily": 0,
            "byok_usage_weekly": 0, "byok_usage_monthly": 0, "is_provisioning_key": False,
            "expires_at": None}


def _public(gateway: DemoGateway, query: Mapping[str, str]) -> Reply:
    """The catalogue anyone reads: every model, by default only those that write text."""
    asked = query.get("output_modalities", "text")
    wanted = None if asked == "all" else set(asked.split(","))
    items = gateway.items(wires.get("openai"), "openrouter", "vip") or []
    return json_reply({"data": [
        item for item in items
        if wanted is None or wanted & set(item["architecture"]["output_modalities"])]})


def _endpoints(gateway: DemoGateway, model_id: str, *, signed_in: bool) -> Reply:
    model = next((m for m in gateway.models_for("vip") if f"{m.owner}/{m.id}" == model_id
                  and gateway.serves("openai", m)), None)
    if model is None:
        return error(f"Model {model_id[:100]} not found", 404)
    item = wires.get("openai").item(model, "openrouter")
    return json_reply({"data": {
        "id": item["id"], "name": item["name"], "created": item["created"],
        "description": item["description"], "architecture": item["architecture"],
        "endpoints": [_endpoint(model, item, provider, quantization, position, signed_in)
                      for position, (provider, quantization) in enumerate(providers(model))]}})


def providers(model: DemoModel) -> list[tuple[str, str]]:
    """Who serves `model` on the demo's OpenRouter, and at which precision."""
    own = _FIRST_PARTY.get(model.owner, model.owner.title())
    found = [(own, "unknown")] + [(host, "unknown") for host in _HOSTS.get(model.owner, ())]
    if model.owner not in _HOSTS:  # open weights: other hosts too, quantized
        found += list(_OPEN_HOSTS)
    return found


def _spread(text: str, low: float, high: float) -> float:
    """A stable number in [low, high) for `text`."""
    fraction = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) / 0x1_0000_0000
    return round(low + (high - low) * fraction, 2)


def _endpoint(model: DemoModel, item: Mapping[str, Any], provider: str, quantization: str,
              position: int, signed_in: bool) -> dict[str, Any]:
    seed = f"{item['id']}|{provider}"
    markup = 1 + 0.1 * position
    latency = _spread(seed + "latency", 180, 1400)
    throughput = _spread(seed + "throughput", 25, 180)
    pricing = dict(item["pricing"])
    for name in ("prompt", "completion"):
        if pricing.get(name) not in (None, "0"):
            pricing[name] = f"{float(pricing[name]) * markup:.12f}".rstrip("0").rstrip(".")
    return {
        "name": f"{provider} | {item['id']}", "model_id": item["id"],
        "model_name": item["name"], "context_length": model.context or 0, "pricing": pricing,
        "provider_name": provider, "tag": provider.lower().replace(" ", "-"),
        "quantization": quantization, "max_completion_tokens": model.max_output,
        "max_prompt_tokens": None, "supported_parameters": item["supported_parameters"],
        "status": 0, "uptime_last_30m": _spread(seed + "uptime", 96, 100),
        "uptime_last_5m": 100, "uptime_last_1d": _spread(seed + "day", 98, 100),
        "supports_implicit_caching": position == 0,
        "latency_last_30m": {"p50": latency, "p75": round(latency * 1.3, 2),
                             "p90": round(latency * 1.8, 2), "p99": round(latency * 3, 2)}
        if signed_in else None,
        "throughput_last_30m": {"p50": throughput, "p75": round(throughput * 0.85, 2),
                                "p90": round(throughput * 0.7, 2),
                                "p99": round(throughput * 0.4, 2)},
    }

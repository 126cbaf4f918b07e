"""Flavors that are not one-hub-style relays: the official OpenAI, Anthropic and Gemini APIs,
and a LiteLLM proxy. Each reads the key where the real one does and refuses with its own body:

- `openai`: `/v1/models`, OpenAI's models; Bearer. No key: 401 `invalid_request_error`;
  a wrong one: 401 `invalid_api_key`, the key masked in the text.
- `anthropic`: `/v1/models`, Claude's, paged; `x-api-key` (or Bearer, which the Anthropic
  SDK 2.x sends) and `anthropic-version`. 401
  `authentication_error` (`x-api-key header is required`, `invalid x-api-key`).
- `gemini`: `/v1beta/models`, Gemini's, paged; `x-goog-api-key` or `?key=`. No key: 403
  `PERMISSION_DENIED`; a wrong one: 400 `INVALID_ARGUMENT` with reason `API_KEY_INVALID`.
- `litellm`: `/v1/models` and `/models`, every model, plus `/model/info` and `/key/info`;
  Bearer or `x-litellm-api-key`. 401 `auth_error`; a wrong key is half-shown in the text.

The texts are the APIs' own, as their documentation and SDK tests record them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from tui_models.demo.data import RESPONSES_ONLY, DemoModel
from tui_models.demo.replies import Reply, json_reply

FLAVORS = ("openai", "anthropic", "gemini", "litellm")
ROUTES: dict[str, dict[str, str]] = {
    "openai": {"/v1/models": "openai"},
    "anthropic": {"/v1/models": "claude"},
    "gemini": {"/v1beta/models": "gemini"},
    "litellm": {"/v1/models": "openai", "/models": "openai"},
}
"""Per flavor: the list paths it serves and the protocol of each."""
OWNERS = {"openai": "openai", "anthropic": "anthropic", "gemini": "google"}
"""Whose models an official API lists (LiteLLM proxies everyone's)."""
LITELLM_INFO = ("/model/info", "/v1/model/info", "/key/info")


def route(flavor: str, path: str) -> str | None:
    """The protocol whose list `path` is on `flavor`, or None."""
    return ROUTES[flavor].get(path.rstrip("/"))


def serves(flavor: str, model: DemoModel) -> bool:
    owner = OWNERS.get(flavor)
    return owner is None or model.owner == owner


def key(flavor: str, headers: Mapping[str, str], query: Mapping[str, str]) -> str | None:
    """The key a request carries where `flavor` looks for it."""
    bearer = headers.get("authorization", "")
    bearer = bearer[7:].strip() if bearer.lower().startswith("bearer ") else None
    if flavor == "anthropic":  # the Anthropic SDK 2.x sends its key as Bearer
        return headers.get("x-api-key") or bearer
    if flavor == "gemini":
        return headers.get("x-goog-api-key") or query.get("key")
    if flavor == "litellm":
        return bearer or headers.get("x-litellm-api-key")
    return bearer


def _openai_error(message: str, status: int, code: str | None = None,
                  kind: str = "invalid_request_error") -> Reply:
    return json_reply({"error": {"message": message, "type": kind, "param": None,
                                 "code": code}}, status)


def _anthropic_error(kind: str, message: str, status: int) -> Reply:
    request_id = "req_011" + hashlib.sha256(message.encode()).hexdigest()[:21]
    return json_reply({"type": "error", "error": {"type": kind, "message": message},
                       "request_id": request_id}, status)


def _google_error(code: int, status: str, message: str,
                  details: list[dict[str, Any]] | None = None) -> Reply:
    error: dict[str, Any] = {"code": code, "message": message, "status": status}
    if details:
        error["details"] = details
    return json_reply({"error": error}, code)


def refusal(flavor: str, given: str | None, known: bool, headers: Mapping[str, str]
            ) -> Reply | None:
    """The API's own answer to a request carrying key `given` (None: no key), when it refuses
    it; None when it lets it through (the key is `known`)."""
    if flavor == "anthropic" and known and "anthropic-version" not in headers:
        return _anthropic_error("invalid_request_error", "anthropic-version: header is required",
                                400)
    if known:
        return None
    if flavor == "openai":
        if not given:
            return _openai_error(
                "You didn't provide an API key. You need to provide your API key in an "
                "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). "
                "You can obtain an API key from https://platform.openai.com/account/api-keys.",
                401)
        return _openai_error(
            f"Incorrect API key provided: {given[:3]}{'*' * 12}{given[-4:]}. You can find "
            "your API key at https://platform.openai.com/account/api-keys.", 401,
            "invalid_api_key")
    if flavor == "anthropic":
        return _anthropic_error("authentication_error", "invalid x-api-key" if given else
                                "x-api-key header is required", 401)
    if flavor == "gemini":
        if not given:
            return _google_error(403, "PERMISSION_DENIED",
                                 "Method doesn't allow unregistered callers (callers without "
                                 "established identity). Please use API Key or other form of "
                                 "API consumer identity to call this API.")
        return _google_error(400, "INVALID_ARGUMENT",
                             "API key not valid. Please pass a valid API key.",
                             [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                               "reason": "API_KEY_INVALID", "domain": "googleapis.com",
                               "metadata": {"service": "generativelanguage.googleapis.com"}}])
    if not given:
        return json_reply({"error": {"message": "Authentication Error, No api key passed in.",
                                     "type": "auth_error", "param": "None", "code": "401"}},
                          401)
    digest = hashlib.sha256(given.encode()).hexdigest()
    return json_reply({"error": {
        "message": f"Authentication Error, Invalid proxy server token passed. Received API "
                   f"Key = {given[:3]}...{given[-4:]}, Key Hash (Token) ={digest}. Unable to "
                   "find token in cache or `LiteLLM_VerificationTokenTable`",
        "type": "token_not_found_in_db", "param": "key", "code": "401"}}, 401)


def not_found(flavor: str, method: str, path: str) -> Reply:
    """The API's answer to a path it does not serve."""
    path = path[:100]
    if flavor == "anthropic":
        return _anthropic_error("not_found_error", "Not Found", 404)
    if flavor == "gemini":
        return _google_error(404, "NOT_FOUND", f"Requested entity was not found: {path}")
    if flavor == "litellm":
        return json_reply({"detail": "Not Found"}, 404)
    return _openai_error(f"Invalid URL ({method} {path})", 404)


def no_model(flavor: str, model_id: str) -> Reply:
    """The API's answer to a call of a model it does not serve."""
    model_id = model_id[:200]
    if flavor == "anthropic":
        return _anthropic_error("not_found_error", f"model: {model_id}", 404)
    if flavor == "gemini":
        return _google_error(404, "NOT_FOUND",
                             f"models/{model_id} is not found for API version v1beta, or is "
                             "not supported for generateContent. Call ListModels to see the "
                             "list of available models and their supported methods.")
    if flavor == "litellm":
        return json_reply({"error": {
            "message": f"/chat/completions: Invalid model name passed in model={model_id}. "
                       "Call `/v1/models` to view available models for your key.",
            "type": "None", "param": "None", "code": "400"}}, 400)
    return _openai_error(f"The model `{model_id}` does not exist or you do not have access "
                         "to it.", 404, "model_not_found")


def model_info(models: list[DemoModel]) -> dict[str, Any]:
    """LiteLLM's `GET /model/info`: one row per deployment, prices per token, no secrets."""
    rows = []
    for m in models:
        info: dict[str, Any] = {
            "id": hashlib.sha256(m.id.encode()).hexdigest()[:16], "db_model": False,
            "key": m.id, "litellm_provider": m.owner, "mode": _mode(m),
            "max_tokens": m.max_output, "max_input_tokens": m.context,
            "max_output_tokens": m.max_output,
            "input_cost_per_token": (m.input_1m or 0) / 1e6,
            "output_cost_per_token": (m.output_1m or 0) / 1e6,
            "supports_function_calling": _mode(m) == "chat",
            "supports_vision": m.owner in ("openai", "anthropic", "google"),
            "supports_reasoning": m.id.startswith(("o1", "o3", "o4", "gpt-5", "deepseek-r")),
        }
        rows.append({"model_name": m.id, "litellm_params": {"model": f"{m.owner}/{m.id}"},
                     "model_info": info})
    return {"data": rows}


def key_info(key_alias: str, vip: bool) -> dict[str, Any]:
    """LiteLLM's `GET /key/info` for the caller's key (a budget, spend, expiry)."""
    return {"key": "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
            "info": {"key_name": "sk-...demo", "key_alias": key_alias, "spend": 7.6,
                     "max_budget": None if vip else 20.0,
                     "expires": "2027-01-31T00:00:00+00:00", "models": [],
                     "user_id": None, "team_id": None}}


def _mode(m: DemoModel) -> str:
    if "embeddings" in m.endpoints:
        return "embedding"
    if "image-generation" in m.endpoints:
        return "image_generation"
    if "jina-rerank" in m.endpoints:
        return "rerank"
    if m.id in RESPONSES_ONLY:  # LiteLLM's model map: `"mode": "responses"` for codex models
        return "responses"
    return "chat"

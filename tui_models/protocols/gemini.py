"""Gemini: `GET …/v1beta/models?pageSize=1000`, `x-goog-api-key`, models under `models`.

Pages follow `pageToken = nextPageToken` until it is absent or null. The id used in calls is
`name` without its `models/` prefix (new-api sends it bare); the raw name stays in `raw`.
The key is never put in the query string (`?key=` ends up in access logs).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any, ClassVar

from tui_models.model import Model
from tui_models.protocols import normalize
from tui_models.protocols.base import Payload, Protocol

PREFIX = "models/"


class Gemini(Protocol):
    name = "gemini"
    label = "Gemini"
    key = "4"
    list_field = "models"
    list_paths: ClassVar[Mapping[str, str]] = {
        "memorylake": "/gemini/v1beta/models", "new-api": "/v1beta/models",
        "gemini": "/v1beta/models"}
    first_params: ClassVar[Mapping[str, str]] = {"pageSize": "1000"}
    id_field = "name"

    def headers(self, key: str, relay: bool) -> dict[str, str]:
        sent = {"x-goog-api-key": key}
        if relay:
            sent["Authorization"] = f"Bearer {key}"
        return sent

    def next_params(self, payload: Payload) -> dict[str, str] | None:
        token = payload.get("nextPageToken")
        if isinstance(token, str) and token:
            return {"pageSize": "1000", "pageToken": token}
        return None

    def more_without_cursor(self, payload: Payload) -> bool:
        return payload.get("nextPageToken") not in (None, "")

    def parse(self, item: Mapping[str, Any], price_unit: str) -> Model | None:
        name = normalize.model_id(item.get("name"))
        if name is None:
            return None
        ident = name.removeprefix(PREFIX)
        if not ident:
            return None
        return normalize.record(
            item, self.name, ident, price_unit,
            name_keys=("displayName", "display_name"),
            methods=normalize.strings(item.get("supportedGenerationMethods")),
            capabilities=("thinking",) if item.get("thinking") is True else (),
        )

    def call_url(self, root: str, model: Model) -> str:
        method = "embedContent" if model.kind == "embedding" else "generateContent"
        if model.kind == "image" and "predict" in model.methods:
            method = "predict"
        return f"{root}/models/{model.id}:{method}"

    def call_body(self, model: Model, *, max_tokens: int | None = None) -> dict[str, Any]:
        if model.kind == "embedding":
            return {"content": {"parts": [{"text": "Hello"}]}}
        body: dict[str, Any] = {"contents": [{"parts": [{"text": "Hello"}]}]}
        if max_tokens is not None:
            body["generationConfig"] = {"maxOutputTokens": max_tokens}
        return body

    def curl_headers(self, env: str) -> list[str]:
        return [f"x-goog-api-key: {env}"]

    def sdk_snippet(self, root: str, env: str, model: Model) -> str:
        base = json.dumps(root.removesuffix("/v1beta"))
        return (f"import os\nfrom google import genai\n\n"
                f"client = genai.Client(api_key=os.environ[{json.dumps(env)}],\n"
                f'                      http_options={{"base_url": {base}}})\n'
                f"response = client.models.generate_content(model={json.dumps(model.id)}, "
                f"contents=\"Hello\")\nprint(response.text)\n")

    def demo_item(self, m: Any, flavor: str) -> dict[str, Any]:
        if flavor == "one-hub":
            return {"name": f"{PREFIX}{m.id}"}
        if flavor == "new-api":  # controller/model.go + dto.GeminiModel: bare name, id shown
            return {"name": m.id, "baseModelId": None, "version": None, "displayName": m.id,
                    "description": None, "inputTokenLimit": None, "outputTokenLimit": None,
                    "supportedGenerationMethods": None, "thinking": None,
                    "temperature": None, "maxTemperature": None, "topP": None, "topK": None}
        methods = list(m.methods) or ["generateContent", "countTokens", "createCachedContent"]
        item: dict[str, Any] = {
            "name": f"{PREFIX}{m.id}", "version": "001", "displayName": m.name,
            "description": m.description or f"{m.name}.",
            "inputTokenLimit": m.context, "outputTokenLimit": m.max_output,
            "supportedGenerationMethods": methods,
        }
        if "generateContent" in methods:
            item.update({"temperature": 1, "maxTemperature": 2, "topP": 0.95, "topK": 64})
            if m.id.startswith("gemini-2.5"):
                item["thinking"] = True
        return item

    def demo_page(self, items: list[dict[str, Any]], query: Mapping[str, str], cap: int,
                  flavor: str) -> tuple[dict[str, Any], int]:
        if flavor == "one-hub":
            return super().demo_page(items, query, cap, flavor)
        if flavor == "new-api":  # every model of the group in one page
            return {"models": items, "nextPageToken": None}, 200
        size = self.page_size(query.get("pageSize"), default=50, cap=cap)
        start = 0
        if query.get("pageToken"):
            try:
                start = int(base64.urlsafe_b64decode(query["pageToken"].encode()).decode())
            except (ValueError, UnicodeDecodeError):
                return {"error": {"code": 400, "message": "Invalid page token.",
                                  "status": "INVALID_ARGUMENT"}}, 400
        payload: dict[str, Any] = {"models": items[start:start + size]}
        if start + size < len(items):
            payload["nextPageToken"] = base64.urlsafe_b64encode(
                str(start + size).encode()).decode()
        return payload, 200


PROTOCOL = Gemini()

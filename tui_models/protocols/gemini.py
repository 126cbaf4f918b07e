"""Gemini: `GET …/v1beta/models?pageSize=1000`, `x-goog-api-key`, models under `models`.

Pages follow `pageToken = nextPageToken` until it is absent or null. The id used in calls is
`name` without its `models/` prefix (new-api sends it bare); the raw name stays in `raw`.
The key is never put in the query string (`?key=` ends up in access logs).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from tui_models.model import Model
from tui_models.protocols import normalize
from tui_models.protocols.base import Payload, Protocol, counts, path_segment, plain_snippet

PREFIX = "models/"
_METHODS = {"generate_content": "generateContent", "embed_content": "embedContent",
            "predict": "predict"}


class Gemini(Protocol):
    name = "gemini"
    label = "Gemini"
    key = "4"
    provider = "google"
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

    chat_endpoints: ClassVar[tuple[str, ...]] = ("generate_content",)

    def endpoint(self, model: Model) -> str:
        if model.kind == "embedding":
            return "embed_content"
        if model.kind == "image" and "predict" in model.methods:
            return "predict"
        return "generate_content"

    def token_param(self, endpoint: str) -> str | None:
        return "maxOutputTokens" if endpoint == "generate_content" else None

    def call_url(self, root: str, model: Model, endpoint: str | None = None) -> str | None:
        """`{root}/models/{id}:{method}`: the id is in the path, encoded by `path_segment`
        (None when it cannot be: `../`, `?`, `#` or `:` would call something else)."""
        segment = path_segment(model.id)
        if segment is None:
            return None
        method = _METHODS.get(endpoint or self.endpoint(model), "generateContent")
        return f"{root}/models/{segment}:{method}"

    def call_body(self, model: Model, *, max_tokens: int | None = None,
                  endpoint: str | None = None, token_param: str | None = None
                  ) -> dict[str, Any]:
        endpoint = endpoint or self.endpoint(model)
        if endpoint == "embed_content":
            return {"content": {"parts": [{"text": "Hello"}]}}
        if endpoint == "predict":
            return {"instances": [{"prompt": "A lighthouse at dusk"}],
                    "parameters": {"sampleCount": 1}}
        body: dict[str, Any] = {"contents": [{"parts": [{"text": "Hello"}]}]}
        if max_tokens is not None and endpoint == "generate_content":
            body["generationConfig"] = {"maxOutputTokens": max_tokens}
        return body

    def reply_usage(self, payload: Payload) -> tuple[int | None, int | None]:
        """Google's `usageMetadata.promptTokenCount`/`candidatesTokenCount`; a relay's
        OpenAI-style `usage` when there is none."""
        if isinstance(payload.get("usageMetadata"), Mapping):
            return counts(payload["usageMetadata"], ("promptTokenCount",),
                          ("candidatesTokenCount",))
        return super().reply_usage(payload)

    def answered_as(self, payload: Payload) -> str | None:
        """Google's `modelVersion` (a relay's `model` when there is none)."""
        version = payload.get("modelVersion")
        if isinstance(version, str) and version:
            return version
        return super().answered_as(payload)

    def curl_headers(self, env: str) -> list[str]:
        return [f"x-goog-api-key: {env}"]

    def sdk_snippet(self, root: str, env: str, model: Model, endpoint: str | None = None
                    ) -> str:
        """The SDK is given the root's API version (`v1beta`) as well as its base: given a
        base alone it calls `/v1/…`, which relays answer 404."""
        base, _, version = root.rpartition("/")
        if not re.fullmatch(r"v\d+\w*", version):
            base, version = root, "v1beta"
        ident = json.dumps(model.id)
        head = (f"import os\nfrom google import genai\n\n"
                f"client = genai.Client(api_key=os.environ[{json.dumps(env)}],\n"
                f'                      http_options={{"base_url": {json.dumps(base)}, '
                f'"api_version": {json.dumps(version)}}})\n')
        endpoint = endpoint or self.endpoint(model)
        if endpoint in ("embed_content", "predict"):
            # The SDK sends these as :batchEmbedContents (which relays may not serve) and
            # calls Imagen on Vertex AI only: the request the curl snippet sends, instead.
            url = self.call_url(root, model, endpoint) or ""
            return plain_snippet(url, {"x-goog-api-key": env},
                                 self.call_body(model, endpoint=endpoint))
        return head + (f"response = client.models.generate_content(model={ident}, "
                       "contents=\"Hello\")\nprint(response.text)\n")


PROTOCOL = Gemini()

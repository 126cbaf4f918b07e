"""The Gemini list and calls as each gateway family writes them.

`GET /gemini/v1beta/models` (one-hub; `x-goog-api-key` or `?key=`) or `/v1beta/models`
(new-api: bare names, null fields), models under `models` named `models/{id}`. Pages follow
`pageSize`/`pageToken` (an opaque token), capped below what clients ask. Calls: `POST
…/v1beta/models/{id}:generateContent`, `:embedContent`, `:predict`.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import unquote

from tui_models.demo.data import DemoModel
from tui_models.demo.wire.base import (
    DEFAULT,
    NEW_API,
    RELAY,
    Call,
    Item,
    ItemWriter,
    PageWriter,
    Route,
    Wire,
    page_size,
    whole_list,
)

PREFIX = "models/"
DEFAULT_METHODS = ("generateContent", "countTokens", "createCachedContent")
_CALL = re.compile(r"^(/gemini)?/v1beta/models/([^/:]+):(generateContent|embedContent|"
                   r"predict)$")


def _one_hub(m: DemoModel) -> Item:
    return {"name": f"{PREFIX}{m.id}"}


def _new_api(m: DemoModel) -> Item:
    """new-api's controller/model.go + dto.GeminiModel: the bare name, the id shown, nulls."""
    return {"name": m.id, "baseModelId": None, "version": None, "displayName": m.id,
            "description": None, "inputTokenLimit": None, "outputTokenLimit": None,
            "supportedGenerationMethods": None, "thinking": None,
            "temperature": None, "maxTemperature": None, "topP": None, "topK": None}


def _official(m: DemoModel) -> Item:
    """generativelanguage.googleapis.com's item, sampling defaults on generating models."""
    methods = list(m.methods) or list(DEFAULT_METHODS)
    item: Item = {
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


def _one_page(items: list[Item], query: Mapping[str, str], cap: int
              ) -> tuple[dict[str, Any], int]:
    """new-api: every model of the group in one page."""
    return {"models": items, "nextPageToken": None}, 200


def _paged(items: list[Item], query: Mapping[str, str], cap: int
           ) -> tuple[dict[str, Any], int]:
    """Google's paging: `pageSize` (50 unless asked, at most `cap`) from an opaque
    `pageToken` (here the start index, base64)."""
    size = page_size(query.get("pageSize"), default=50, cap=cap)
    start = 0
    if query.get("pageToken"):
        try:
            start = int(base64.urlsafe_b64decode(query["pageToken"].encode()).decode())
        except (ValueError, UnicodeDecodeError):
            return {"error": {"code": 400, "message": "Invalid page token.",
                              "status": "INVALID_ARGUMENT"}}, 400
    payload: dict[str, Any] = {"models": items[start:start + size]}
    if start + size < len(items):
        payload["nextPageToken"] = base64.urlsafe_b64encode(str(start + size).encode()).decode()
    return payload, 200


class GeminiWire(Wire):
    name = "gemini"
    list_field = "models"
    id_field = "name"
    routes = (Route("/gemini/v1beta/models", RELAY), Route("/v1beta/models", NEW_API))
    items: ClassVar[Mapping[str, ItemWriter]] = {
        "one-hub": _one_hub, "new-api": _new_api, DEFAULT: _official}
    pages: ClassVar[Mapping[str, PageWriter]] = {
        "one-hub": whole_list("models"), "new-api": _one_page, DEFAULT: _paged}

    def relay_key(self, headers: Mapping[str, str], query: Mapping[str, str],
                  bearer: str | None) -> str | None:
        return headers.get("x-goog-api-key") or query.get("key")

    def call(self, path: str, body: Any) -> Call | None:
        """The model is in the path (`models/{id}:method`), not the body."""
        found = _CALL.match(path)
        if found is None:
            return None
        return Call(unquote(found.group(2)), found.group(3), RELAY if found.group(1) else NEW_API)

    def reply(self, asked: str, answered: str, *, thinks: bool = False) -> Mapping[str, Any]:
        if asked == "embedContent":
            return {"embedding": {"values": [0.01, -0.02, 0.03]}}
        if asked == "predict":
            return {"predictions": [{"mimeType": "image/png", "bytesBase64Encoded": ""}]}
        return {"candidates": [{"content": {"role": "model", "parts": [{"text": "Hi"}]},
                                "finishReason": "MAX_TOKENS"}],
                "usageMetadata": {"promptTokenCount": 1, "candidatesTokenCount": 1,
                                  "totalTokenCount": 2},
                "modelVersion": answered}

    def cursor_page(self, token: str) -> dict[str, Any]:
        return {"models": [{"name": f"{PREFIX}page-{token}"}], "nextPageToken": token}

    def endless_page(self, items: str, token: str) -> str:
        return f'{{"models": [{items}], "nextPageToken": "{token}"}}'


WIRE = GeminiWire()

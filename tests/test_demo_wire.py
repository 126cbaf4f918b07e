"""The demo's wire formats: their own registry, their bytes pinned per flavour, the client's
protocol objects reading what they write, and a gateway that stops at once."""

from __future__ import annotations

import base64
import hashlib
import re
import threading
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tui_models import protocols
from tui_models.demo import DemoGateway, wire
from tui_models.demo.data import CURATED
from tui_models.demo.flavors import FLAVORS
from tui_models.demo.wire import DEFAULT

BEARER = {"authorization": "Bearer demo-key"}
CLAUDE = {"x-api-key": "demo-key", "anthropic-version": "2023-06-01"}
GOOGLE = {"x-goog-api-key": "demo-key"}
ASKED = [("/v1/models", {}, BEARER), ("/v1/models", {"limit": "1000"}, CLAUDE),
         ("/claude/v1/models", {"limit": "3"}, CLAUDE),
         ("/claude/v1/models", {"limit": "3", "after_id": "claude-opus-4-0"}, CLAUDE),
         ("/gemini/v1beta/models", {"pageSize": "4"}, GOOGLE),
         ("/gemini/v1beta/models", {"pageSize": "4",
                                    "pageToken": base64.urlsafe_b64encode(b"4").decode()}, GOOGLE),
         ("/v1beta/models", {}, GOOGLE), ("/v1/models/gpt-4o", {}, BEARER),
         ("/models", {}, BEARER)]
"""Every list route and layout, a second page of each paged list, one model by id."""

PINNED = {
    "memorylake": ("9408cceb6d718f6f", "80c7acac48e0337a"),
    "one-hub": ("e071c5dd242b20d1", "980b55a204592c7b"),
    "new-api": ("d3fd0a5cbde0524f", "d11fed45750241bc"),
    "openrouter": ("68c3fbe3c986c7e2", "7d13b255a34828c2"),
    "one-api": ("15f3991a4cea9eed", "8c32f6c1baa723d6"),
    "null-lists": ("3e876036168d80d5", "3e876036168d80d5"),
    "openai": ("8894fdac90ee6670", "1a86765e93eb621e"),
    "anthropic": ("9029982cd4731860", "92de5a2801c7f1df"),
    "gemini": ("4dd26c9f63e1b127", "66667edfda096fbe"),
    "litellm": ("f41c19ed2ccd9db0", "caaa48b9bfbfbb4c"),
}
"""Digests of what each flavour answers to `ASKED` (curated models; plus 40 synthetic ones),
taken before the wire formats left `protocols/` (and again when gpt-5-codex and
codex-mini-latest joined the curated set, issue 21; and for `openrouter` when it began
answering `/v1/models` as OpenRouter does, public and text-only, issue 24). A change here
changes what clients are tested against: make it on purpose, then update the digest."""


def _digest(flavor: str, extra_models: int) -> str:
    gateway = DemoGateway(flavor=flavor, extra_models=extra_models)  # answered in-process
    try:
        digest = hashlib.sha256()
        for path, query, headers in ASKED:
            reply = gateway.answer(path, query, headers)
            assert isinstance(reply.body, bytes)
            body = re.sub(rb"request id: [0-9a-f]+", b"", reply.body)  # one-hub's are random
            digest.update(f"{reply.status} ".encode() + body + b"\n")
        return digest.hexdigest()[:16]
    finally:
        gateway.stop()


@pytest.mark.parametrize("flavor", FLAVORS)
def test_every_flavour_writes_the_bytes_it_always_wrote(flavor):
    assert set(PINNED) == set(FLAVORS)
    assert (_digest(flavor, 0), _digest(flavor, 40)) == PINNED[flavor]


def _model(ident: str):
    return next(m for m in CURATED if m.id == ident)


def test_a_few_items_as_each_family_writes_them():
    dalle, sonnet, flash = _model("dall-e-3"), _model("claude-sonnet-4-5"), \
        _model("gemini-2.5-flash")
    assert wire.get("openai").item(dalle, "memorylake") == {
        "id": "dall-e-3", "object": "model", "created": 1677649963, "owned_by": "openai",
        "supported_endpoint_types": ["image-generation"],
        "pricing": {"input": None, "output": None, "request": 0.04}}
    assert wire.get("openai").item(_model("gpt-4o"), "openrouter")["pricing"] == {
        "prompt": "0.0000025", "completion": "0.00001", "request": "0", "image": "0"}
    assert wire.get("openai").item(dalle, "openai") == {
        "id": "dall-e-3", "object": "model", "created": 1715367049, "owned_by": "system"}
    assert wire.get("claude").item(sonnet, "one-hub") == {"type": "model",
                                                          "id": "claude-sonnet-4-5"}
    assert wire.get("claude").item(sonnet, "new-api") == {
        "id": "claude-sonnet-4-5", "created_at": "2021-07-20T10:40:00Z",
        "display_name": "claude-sonnet-4-5", "type": "model"}
    assert wire.get("claude").item(_model("claude-3-opus-20240229"),
                                   "memorylake")["lifecycle"] == "deprecated"
    assert wire.get("gemini").item(flash, "one-hub") == {"name": "models/gemini-2.5-flash"}
    item = wire.get("gemini").item(flash, "gemini")
    assert item["thinking"] is True and item["supportedGenerationMethods"] == [
        "generateContent", "countTokens", "createCachedContent"]


def test_a_flavour_without_a_row_gets_the_default_writer():
    for served in wire.all():
        for m in CURATED[:5]:
            assert served.item(m, "a-new-relay") == served.items[DEFAULT](m)


def test_each_wire_is_a_registered_protocol_with_the_same_list_shape():
    assert [w.name for w in wire.all()] == list(protocols.names())
    for served in wire.all():
        client = protocols.get(served.name)
        assert (served.list_field, served.id_field) == (client.list_field, client.id_field)
        # every list path a client is sent to on MemoryLake and new-api is a demo route
        for preset in ("memorylake", "new-api"):
            assert client.list_paths[preset] in {r.path for r in served.routes}


def test_routes_pick_the_wire_by_path_and_headers():
    def picked(path, headers):
        found = wire.route(path, headers)
        return found and (found[0].name, found[1])

    assert picked("/v1/models", BEARER) == ("openai", "memorylake")
    assert picked("/v1/models/", {"x-api-key": "k"}) == ("openai", "memorylake")
    assert picked("/v1/models", CLAUDE) == ("claude", "new-api")
    assert picked("/claude/v1/models", {}) == ("claude", "memorylake")
    assert picked("/gemini/v1beta/models", {}) == ("gemini", "memorylake")
    assert picked("/v1beta/models", {}) == ("gemini", "new-api")
    assert picked("/v2/models", BEARER) is None
    assert wire.paths() == ["/claude/v1/models", "/gemini/v1beta/models", "/v1/models",
                            "/v1beta/models"]


def test_calls_are_recognised_by_their_wire():
    def called(path, body):
        found = wire.call(path, body)
        return found and (found[0].name, *found[1])

    assert called("/v1/chat/completions", {"model": "gpt-4o"}) == \
        ("openai", "gpt-4o", "completions", "memorylake")
    assert called("/v1/embeddings", None) == ("openai", "", "embeddings", "memorylake")
    assert called("/v1/messages", {"model": "claude-haiku-4-5"}) == \
        ("claude", "claude-haiku-4-5", "messages", "new-api")
    assert called("/gemini/v1beta/models/gemini-2.5-pro:generateContent", {}) == \
        ("gemini", "gemini-2.5-pro", "generateContent", "memorylake")
    assert called("/v1beta/models/text%2Dembedding-004:embedContent", {}) == \
        ("gemini", "text-embedding-004", "embedContent", "new-api")
    assert called("/v1/completions", {"model": "gpt-4o"}) is None


def test_the_protocol_reads_the_reply_its_wire_writes():
    for served in wire.all():
        client = protocols.get(served.name)
        reply = served.reply("completions" if served.name == "openai" else
                             "messages" if served.name == "claude" else "generateContent",
                             "answered-model")
        used_in, used_out = client.reply_usage(reply)
        assert isinstance(used_in, int) and used_out == 1
        assert client.answered_as(reply) == "answered-model"


def test_reply_reading_is_lenient_and_per_protocol():
    openai, claude, gemini = (protocols.get(n) for n in ("openai", "claude", "gemini"))
    assert openai.reply_usage({"usage": {"input_tokens": 3, "output_tokens": 2}}) == (3, 2)
    assert claude.reply_usage({"usage": {"prompt_tokens": 3, "completion_tokens": 2}}) == (3, 2)
    assert openai.reply_usage({"usage": {"prompt_tokens": True, "completion_tokens": -1}}) == \
        (None, None)
    assert openai.reply_usage({"usage": [1, 2]}) == (None, None)
    assert gemini.reply_usage({"usageMetadata": {"promptTokenCount": 4,
                                                 "candidatesTokenCount": 10**9}}) == (4, None)
    assert gemini.reply_usage({"usage": {"prompt_tokens": 5, "completion_tokens": 1}}) == (5, 1)
    assert gemini.answered_as({"model": "relayed", "modelVersion": "gemini-2.5-pro-001"}) == \
        "gemini-2.5-pro-001"
    assert gemini.answered_as({"model": "relayed"}) == "relayed"
    assert openai.answered_as({"model": ""}) is None and claude.answered_as({}) is None
    assert (openai.provider, claude.provider, gemini.provider) == (None, "anthropic", "google")


@pytest.fixture
def served() -> Iterator[DemoGateway]:
    gateway = DemoGateway().start()
    yield gateway
    gateway.stop()


def test_the_gateway_stops_at_once_and_leaves_no_thread(served):
    request = urllib.request.Request(served.url + "/v1/models",
                                     headers={"Authorization": "Bearer demo-key"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
    started = time.perf_counter()
    served.stop()  # the standard library's loop took up to its 0.5 s poll interval here
    assert time.perf_counter() - started < 0.25
    assert "demo-gateway" not in {t.name for t in threading.enumerate()}
    served.stop()  # twice is harmless (the fixture stops it again)


def test_a_gateway_never_started_stops_too():
    gateway = DemoGateway()
    gateway.stop()
    assert gateway.answer("/", {}, {}).status == 200  # still answers in-process

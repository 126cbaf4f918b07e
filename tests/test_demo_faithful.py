"""The demo speaks as real relays speak: one-hub's auth header per protocol, its model
endpoint, and a log that names headers, never keys."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request

import pytest

from tui_models.demo import DemoGateway

from .helpers import expected_ids, fetch_demo

pytestmark = pytest.mark.e2e  # real servers, terminals or processes


def get(url: str, headers: dict[str, str]) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.mark.parametrize(("path", "right", "wrong"), [
    ("/v1/models", {"Authorization": "Bearer demo-key"}, {"x-api-key": "demo-key"}),
    ("/claude/v1/models", {"x-api-key": "demo-key"}, {"Authorization": "Bearer demo-key"}),
    ("/gemini/v1beta/models", {"x-goog-api-key": "demo-key"},
     {"Authorization": "Bearer demo-key"}),
])
@pytest.mark.parametrize("flavor", ["one-hub", "memorylake"])
def test_one_hub_reads_each_protocols_own_header_only(flavor, path, right, wrong):
    with DemoGateway(flavor=flavor) as gw:
        assert get(gw.url + path, right)[0] == 200
        status, body = get(gw.url + path, wrong)
        assert status == 401 and "未提供令牌" in body["error"]["message"]
        assert body["error"]["type"] == "one_hub_error"
        if "gemini" in path:  # Gemini's key may come as ?key= too, as one-hub allows
            assert get(gw.url + path + "?key=demo-key", {})[0] == 200


def test_the_client_sends_what_one_hub_reads():
    with DemoGateway(flavor="one-hub") as gw:
        results = fetch_demo(gw)
        for protocol, result in results.items():
            assert result.error is None, result.error
            assert {m.id for m in result.models} == set(expected_ids(gw, protocol))


def test_one_model_by_id_as_one_hub_answers_it(gateway):
    status, body = get(gateway.url + "/v1/models/gpt-4o", {"Authorization": "Bearer demo-key"})
    assert status == 200 and body["id"] == "gpt-4o" and body["object"] == "model"
    status, body = get(gateway.url + "/v1/models/nope", {"Authorization": "Bearer demo-key"})
    assert status == 200 and body["error"]["code"] == "model_not_found"  # 200, as one-hub


def test_serve_demo_log_names_headers_never_keys():
    log = io.StringIO()
    with DemoGateway() as gw:
        gw.log = log
        get(gw.url + "/v1/models", {"Authorization": "Bearer demo-key"})
        get(gw.url + "/gemini/v1beta/models?key=demo-key", {})
    lines = log.getvalue().splitlines()
    assert lines[0].endswith("GET /v1/models 200 auth: authorization")
    assert lines[1].endswith("GET /gemini/v1beta/models 200 auth: ?key=")
    assert "demo-key" not in log.getvalue()

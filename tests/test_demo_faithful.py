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


# -- new-api's Claude and Gemini lists (controller/model.go) --------------------------------


def test_new_api_serves_claude_and_gemini_in_one_page_with_the_id_as_name():
    with DemoGateway(flavor="new-api") as gw:
        status, claude = get(gw.url + "/v1/models?limit=2", {
            "x-api-key": "demo-key", "anthropic-version": "2023-06-01"})
        assert status == 200 and claude["has_more"] is False  # every model, whatever is asked
        assert [m["id"] for m in claude["data"]] == expected_ids(gw, "claude")
        assert {m["display_name"] == m["id"] for m in claude["data"]} == {True}
        assert claude["first_id"] == claude["data"][0]["id"]
        status, gemini = get(gw.url + "/v1beta/models?pageSize=2",
                             {"x-goog-api-key": "demo-key"})
        assert status == 200 and "nextPageToken" in gemini and gemini["nextPageToken"] is None
        assert [m["name"] for m in gemini["models"]] == expected_ids(gw, "gemini")
        assert {m["displayName"] == m["name"] for m in gemini["models"]} == {True}
        assert gemini["models"][0]["inputTokenLimit"] is None
        results = fetch_demo(gw, "new-api")
        assert {p: r.pages for p, r in results.items()} == {"openai": 1, "claude": 1,
                                                             "gemini": 1}
        assert [m.display_name for m in results["gemini"].models][:1] == \
            expected_ids(gw, "gemini")[:1]


# -- the official APIs and LiteLLM (demo/official.py) -------------------------------------

OFFICIAL = {"openai": ("openai", "/v1/models"), "anthropic": ("claude", "/v1/models"),
            "gemini": ("gemini", "/v1beta/models"), "litellm": ("openai", "/v1/models")}


@pytest.mark.parametrize("flavor", list(OFFICIAL))
def test_an_official_api_lists_its_own_models_and_tui_models_reads_them(flavor):
    from tui_models.demo.flavors import preset_of

    protocol, _ = OFFICIAL[flavor]
    with DemoGateway(flavor=flavor) as gw:
        results = fetch_demo(gw, preset_of(flavor))
        assert set(results) == {protocol}
        ids = [m.id for m in results[protocol].models]
        assert ids == expected_ids(gw, protocol) and ids
        owners = {m.owner for m in gw.models_for("default") if m.id in ids}
        # An official API lists its own company's models; a LiteLLM proxy everyone's.
        assert owners == {"openai": {"openai"}, "anthropic": {"anthropic"},
                          "gemini": {"google"}}.get(flavor, owners)
        assert len(owners) > 5 or flavor != "litellm"


@pytest.mark.parametrize(("flavor", "status", "kind"), [
    ("openai", 401, "invalid_api_key"),
    ("anthropic", 401, "authentication_error"),
    ("gemini", 400, "API_KEY_INVALID"),
    ("litellm", 401, "token_not_found_in_db"),
])
def test_a_wrong_key_gets_the_apis_own_refusal_and_no_part_of_it_is_shown(flavor, status,
                                                                           kind):
    from tui_models.cli.demo import demo_profile
    from tui_models.demo.flavors import preset_of
    from tui_models.gateway.errors import KeyRejected

    from .helpers import fetch

    protocol, path = OFFICIAL[flavor]
    wrong = "sk-wrong-key-7Q9Z"
    headers = {"Authorization": f"Bearer {wrong}", "x-api-key": wrong,
               "x-goog-api-key": wrong, "anthropic-version": "2023-06-01"}
    with DemoGateway(flavor=flavor) as gw:
        got, body = get(gw.url + path, headers)
        assert got == status and kind in json.dumps(body)
        error = fetch(demo_profile(gw, preset=preset_of(flavor), key=wrong))[protocol].error
        assert isinstance(error, KeyRejected) and error.status == status
        for part in (wrong, wrong[-4:], wrong[:6]):
            assert part not in error.message
        missing, _ = get(gw.url + path, {"anthropic-version": "2023-06-01"})
        assert missing == (403 if flavor == "gemini" else 401)


def test_anthropic_wants_its_version_header():
    with DemoGateway(flavor="anthropic") as gw:
        status, body = get(gw.url + "/v1/models", {"x-api-key": "demo-key"})
        assert status == 400 and body["error"]["type"] == "invalid_request_error"
        status, body = get(gw.url + "/v1/models", {"x-goog-api-key": "demo-key",
                                                   "anthropic-version": "2023-06-01"})
        assert status == 401 and body["error"]["type"] == "authentication_error"


def test_official_apis_refuse_each_others_paths_and_models():
    with DemoGateway(flavor="openai") as gw:
        status, body = get(gw.url + "/api/pricing", {"Authorization": "Bearer demo-key"})
        assert status == 404 and body["error"]["message"] == "Invalid URL (GET /api/pricing)"
    with DemoGateway(flavor="gemini") as gw:
        assert get(gw.url + "/v1/models", {"x-goog-api-key": "demo-key"})[0] == 404


def test_litellm_prices_and_budget_come_from_model_info_and_key_info(capsys):
    from .helpers import run_cli

    code, out, _ = run_cli(capsys, "list", "--demo", "--preset", "litellm", "--protocol",
                           "openai", "--format", "json", "--no-catalog", "o3-mini")
    [record] = [r for r in json.loads(out) if r["id"] == "o3-mini"]
    assert code == 0 and record["price_source"] == "gateway"
    assert (record["input_per_1m"], record["output_per_1m"]) == (1.1, 4.4)
    assert record["context_window"] == 200_000 and "reasoning" in record["tags"]
    assert record["group"] is None and record["raw"]["owned_by"] == "openai"
    code, out, _ = run_cli(capsys, "whoami", "--demo", "--preset", "litellm", "--format",
                           "json")
    facts = json.loads(out)
    assert code == 0 and facts["gateway"] == "litellm" and facts["group_source"] == "none"
    assert facts["quota_left_usd"] == pytest.approx(12.4)  # budget 20 − spend 7.6
    assert facts["key_name"] == "demo-default"  # the alias, never LiteLLM's masked key

"""OpenRouter done properly (issue 24): the key's own list with the public catalogue as a
fallback, the key's facts in `whoami` and the title, and a model's providers in the
inspector — over loopback HTTP to the demo's `openrouter` flavour, which serves OpenRouter's
shapes (`tui_models/demo/openrouter.py`)."""

from __future__ import annotations

import asyncio
import json

import pytest
from rich.console import Console

from tui_models.cli.demo import demo_profile
from tui_models.demo import DemoGateway
from tui_models.gateway import GatewayClient
from tui_models.gateway.errors import GatewayError
from tui_models.relay import openrouter
from tui_models.secret import Secret

from .helpers import fetch_demo, run_cli

VIP_ONLY = "openai/gpt-5"
IMAGE = "openai/dall-e-3"


@pytest.fixture
def gw():
    with DemoGateway(flavor="openrouter") as gateway:
        yield gateway


def ids(result) -> set[str]:
    return {m.id for m in result.models}


def user_list(gateway: DemoGateway, group: str = "default") -> set[str]:
    return {f"{m.owner}/{m.id}" for m in gateway.models_for(group)
            if gateway.serves("openai", m)}


# -- the list ---------------------------------------------------------------------------------

def test_the_preset_reads_the_keys_own_list(gw):
    result = fetch_demo(gw, preset="openrouter")["openai"]
    assert result.complete, result.warnings
    assert result.url == gw.url + "/v1/models/user"
    assert ids(result) == user_list(gw)
    assert VIP_ONLY not in ids(result)  # the key's list, not the catalogue
    assert IMAGE in ids(result)  # every modality, not text only
    assert [path for path, _ in gw.requests] == ["/v1/models/user"]


def test_the_public_catalogue_is_text_only_unless_asked(gw):
    import httpx

    text = httpx.get(gw.url + "/v1/models").json()["data"]
    every = httpx.get(gw.url + "/v1/models", params={"output_modalities": "all"}).json()["data"]
    assert IMAGE not in {m["id"] for m in text} and IMAGE in {m["id"] for m in every}
    assert httpx.get(gw.url + "/v1/models/user").json() == \
        {"error": {"message": "No auth credentials found", "code": 401}}


@pytest.mark.parametrize("fault", ["not-found", "group-forbidden", "key-rejected"])
def test_a_key_that_may_not_read_its_list_falls_back_to_the_whole_catalogue(fault):
    with DemoGateway(flavor="openrouter", faults={"models-user": fault}) as gw:
        result = fetch_demo(gw, preset="openrouter")["openai"]
        assert result.ok and result.url == gw.url + "/v1/models?output_modalities=all"
        assert ids(result) == user_list(gw, "vip")  # everything, image models included
        assert IMAGE in ids(result) and VIP_ONLY in ids(result)
        (warning,) = result.warnings
        assert "/v1/models/user" in warning and "public catalogue" in warning
        assert "not only those the key may use" in warning


def test_no_fallback_when_the_server_fails_or_the_path_is_the_users():
    with DemoGateway(flavor="openrouter", faults={"models-user": "html-502"}) as gw:
        result = fetch_demo(gw, preset="openrouter", retries=0)["openai"]
        assert result.error is not None and result.error.status == 502
    with DemoGateway(flavor="openrouter", faults={"models-user": "not-found"}) as gw:
        profile = demo_profile(gw, preset="openrouter")
        from dataclasses import replace

        mine = replace(profile, paths={**profile.paths, "openai": "/v1/models/user/"})
        from .helpers import fetch

        result = fetch(mine)["openai"]
        assert result.error is not None and result.error.status == 404


def test_calls_go_under_the_api_root_not_the_key_list(gw):
    from tui_models.snippets import api_root

    assert api_root(demo_profile(gw, preset="openrouter"), "openai") == gw.url + "/v1"


def test_list_on_the_demo_openrouter_is_the_keys_list(capsys):
    code, out, err = run_cli(capsys, "list", "--demo", "--preset", "openrouter", "--json")
    assert code == 0, err
    listed = {r["id"] for r in json.loads(out)}
    assert IMAGE in listed and VIP_ONLY not in listed


# -- the key's facts --------------------------------------------------------------------------

def test_whoami_says_the_keys_limit_usage_tier_and_rate_limit(capsys):
    code, out, err = run_cli(capsys, "whoami", "--demo", "--preset", "openrouter")
    assert code == 0, err
    assert "credit limit: $10.00, resets monthly" in out
    assert "quota left:   $6.20" in out and "used:         $3.80 (today $0.42)" in out
    assert "tier:         free tier" in out and "rate limit:   20 requests / 10s" in out
    assert "priced:" not in out  # its prices are in the list
    assert "dem...key" not in out + err  # the key's label (a masked key) is never shown
    code, out, err = run_cli(capsys, "whoami", "--demo", "--preset", "openrouter", "--json")
    record = json.loads(out)
    assert (record["gateway"], record["limit_usd"], record["quota_left_usd"],
            record["usage_usd"], record["free_tier"], record["rate_limit"],
            record["limit_reset"]) == \
        ("openrouter", 10.0, 6.2, 3.8, True, "20 requests / 10s", "monthly")
    code, out, err = run_cli(capsys, "whoami", "--demo", "--preset", "openrouter",
                             "--profile", "demo-vip")
    assert code == 0, err
    assert "credit limit: none" in out and "tier:         paid" in out
    assert "quota left:   unlimited" in out


def test_key_facts_from_a_careless_or_hostile_server_are_dropped():
    info = openrouter.parse(None, {"data": {
        "limit": float("nan"), "limit_remaining": -3, "usage": "12", "limit_reset": "\x1b[2J",
        "is_free_tier": "yes", "rate_limit": {"requests": 10**12, "interval": "10s; rm"},
        "expires_at": "x" * 100}}, set(), None)
    assert (info.limit_usd, info.usage_usd, info.limit_reset, info.free_tier,
            info.rate_limit, info.expires_at) == (None, None, None, None, None, None)
    assert info.quota_left_usd == 0.0  # over its limit: nothing left, not a negative sum
    with pytest.raises(ValueError):
        openrouter.parse(None, {"data": []}, set(), None)


def test_a_rejected_key_says_so_in_whoami(capsys, gw, monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-wrong")
    code, _, err = run_cli(capsys, "whoami", "--preset", "openrouter", "--base-url", gw.url)
    assert code == 1 and "key facts not loaded" in err and "sk-or-wrong" not in err


# -- a model's providers ----------------------------------------------------------------------

def endpoints(gw: DemoGateway, model_id: str, key: str = "demo-key"):
    async def run():
        profile = demo_profile(gw, preset="openrouter")
        async with GatewayClient(profile, Secret(key)) as client:
            return await openrouter.fetch_endpoints(client, model_id)

    return asyncio.run(run())


def test_a_models_providers_come_with_quantization_uptime_latency_and_price(gw):
    found = endpoints(gw, "openai/gpt-4o")
    assert [e.provider for e in found.endpoints] == ["OpenAI", "Azure"]
    first = found.endpoints[0]
    assert first.input_per_1m == pytest.approx(2.5) and first.context == 128_000
    assert 96 <= first.uptime_30m <= 100 and 180 <= first.latency_ms <= 1400
    assert first.throughput is not None and first.status == 0
    meta = endpoints(gw, "meta/llama-3.3-70b-instruct")
    assert [(e.provider, e.quantization) for e in meta.endpoints][1:] == \
        [("DeepInfra", "fp8"), ("Together", "bf16")]
    with pytest.raises(GatewayError) as refused:
        endpoints(gw, "openai/no-such-model")
    assert refused.value.status == 404


def test_endpoint_paths_keep_an_id_in_its_two_segments():
    assert openrouter.endpoints_path("openai/gpt-4o:free") == \
        "/v1/models/openai/gpt-4o%3Afree/endpoints"
    for bad in ("gpt-4o", "a/b/c", "../x", "openai/..", "a/b?c", "a/b#c", "a/b c", "a/%2e"):
        assert openrouter.endpoints_path(bad) is None, bad


def test_endpoints_are_bounded_and_their_strings_stay_inert():
    from tui_models.tui.widgets.inspector import providers_part

    rows = [{"provider_name": f"\x1b[2J\x1b]52;c;eA==\x07evil-{n}" + "x" * 500,
             "quantization": "[bold]fp8[/bold]", "uptime_last_30m": 1e9,
             "pricing": {"prompt": "nan"}} for n in range(100)]
    found = openrouter.parse_endpoints("a/b", {"data": {"endpoints": rows}})
    assert len(found.endpoints) == openrouter.MAX_ENDPOINTS and found.more == 60
    assert len(found.endpoints[0].provider) == 80 and found.endpoints[0].uptime_30m is None
    console = Console(width=200, record=True, force_terminal=True)
    console.print(providers_part(found))
    text = console.export_text()
    assert "\x1b" not in text and "\x07" not in text and "[bold]fp8[/bold]" in text
    assert "and 60 more" in text


@pytest.mark.e2e
async def test_the_explorer_shows_the_keys_facts_and_a_models_providers(gw):
    from .tui_helpers import drawn, loaded, make_app, wait_until

    app = make_app(gw, preset="openrouter")
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(app, pilot)
        await wait_until(pilot, lambda: "$6.20 left of $10.00 monthly" in
                         drawn(app).splitlines()[0], what="the key's facts in the title")
        assert "free tier" in app.explorer.title_bar.text
        app.explorer.search.value = "openai/gpt-4o"
        await wait_until(pilot, lambda: app.explorer.table.current is not None and
                         app.explorer.table.current.id == "openai/gpt-4o")
        app.explorer.table.focus()
        await pilot.press("i")
        await wait_until(pilot, lambda: "Providers on OpenRouter" in drawn(app),
                         what="the providers in the inspector")
        assert "Azure" in drawn(app) and " ms" in drawn(app)
        assert "/v1/models/openai/gpt-4o/endpoints" in {path for path, _ in gw.requests}
        assert "/models/user/" not in drawn(app)  # calls go under /v1, not the key's list


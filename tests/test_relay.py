"""What relays publish beside their lists: their arithmetic, the key's group, and how the
explorer, `list` and `whoami` use it (over loopback HTTP to the demo)."""

from __future__ import annotations

import json

import pytest

from tui_models.relay import choose_group, new_api, one_hub

AVAILABLE = {"success": True, "data": {
    "gpt-4o": {"groups": ["default", "vip"], "owned_by": "OpenAI",
               "price": {"type": "tokens", "input": 1.25, "output": 5,
                         "model_info": {"context_length": 128000, "max_tokens": 16384,
                                        "tags": ["Tools", "Vision"]}}},
    "dall-e-3": {"groups": ["vip"], "price": {"type": "times", "input": 20, "output": 0}},
}}
GROUPS = {"data": {"default": {"ratio": 1}, "vip": {"ratio": 0.5}, "svip": {"ratio": 0.25}}}


def test_one_hub_prices_are_ratios_times_two_times_the_group():
    info = one_hub(AVAILABLE, GROUPS, {"gpt-4o", "dall-e-3"}, None)
    assert (info.group, info.group_source, info.group_ratio) == ("vip", "inferred", 0.5)
    gpt = info.prices["gpt-4o"]
    assert (gpt.input_per_1m, gpt.output_per_1m) == (1.25, 5.0)  # 1.25 × 2 × 0.5
    assert gpt.explain[0] == "in $1.25 /1M = ratio 1.25 × $2 × group vip 0.5"
    assert gpt.context_window == 128000 and gpt.tags == ("Tools", "Vision")
    assert info.prices["dall-e-3"].per_request == pytest.approx(0.02)  # 20 × 0.002 × 0.5


def test_new_api_prices_and_the_keys_quota():
    pricing = {"data": [
        {"model_name": "gpt-4o", "quota_type": 0, "model_ratio": 1.25, "completion_ratio": 4,
         "enable_groups": ["default"], "tags": "Tools,Vision"},
        {"model_name": "mj", "quota_type": 1, "model_price": 0.1, "enable_groups": ["default"]},
    ], "group_ratio": {"default": 1, "vip": 0.5}}
    usage = {"data": {"name": "ci", "total_available": 6_200_000, "unlimited_quota": False,
                      "expires_at": 1_801_353_600, "model_limits": {"gpt-4o": True},
                      "model_limits_enabled": True}}
    info = new_api(pricing, usage, {"gpt-4o", "mj"}, None)
    assert info.group == "default"
    assert (info.prices["gpt-4o"].input_per_1m, info.prices["gpt-4o"].output_per_1m) == \
        (2.5, 10.0)
    assert info.prices["mj"].per_request == 0.1 and info.prices["gpt-4o"].tags == ("Tools",
                                                                                  "Vision")
    assert info.quota_left_usd == pytest.approx(12.4) and info.model_limits == 1
    assert info.summary() == "default · $12.40 left · expires 2027-01-31"


def test_a_price_the_ratios_multiply_past_the_bound_is_unknown_not_huge():
    huge = {"data": {"gpt-4o": {"groups": ["default"], "price": {
        "type": "tokens", "input": 1e6, "output": 1}}}}
    info = one_hub(huge, {"data": {"default": {"ratio": 1e6}}}, {"gpt-4o"}, "default")
    gpt = info.prices["gpt-4o"]  # 1e6 × 2 × 1e6 = 2e12, over the 1e12 every number keeps to
    assert gpt.input_per_1m is None and gpt.output_per_1m == 2e6
    pricing = {"data": [{"model_name": "m", "quota_type": 0, "model_ratio": 1e6,
                         "completion_ratio": 1e6, "enable_groups": ["default"]}],
               "group_ratio": {"default": 1}}
    price = new_api(pricing, None, {"m"}, "default").prices["m"]
    assert price.input_per_1m == 2e6 and price.output_per_1m is None  # 2e6 × 1e6


def test_the_group_is_the_profiles_or_the_one_whose_models_match_or_unknown():
    members = {"a": ["default", "vip"], "b": ["vip"]}
    assert choose_group(members, {"a"}, None, {}) == ("default", "inferred")
    assert choose_group(members, {"a", "b"}, None, {}) == ("vip", "inferred")
    assert choose_group(members, {"a", "c"}, None, {}) == (None, "unknown")
    assert choose_group({"a": ["x", "y"]}, {"a"}, None, {}) == (None, "unknown")  # two match
    assert choose_group(members, {"a"}, "svip", {}) == ("svip", "profile")
    info = one_hub(AVAILABLE, GROUPS, {"nothing"}, None)
    assert info.group is None and info.prices["gpt-4o"].input_per_1m == 2.5  # base prices
    assert info.summary().startswith("group unknown")
    assert "base (group unknown)" in info.prices["gpt-4o"].explain[0]


@pytest.mark.parametrize("bad", [None, [], {"data": []}, {"data": {"m": {"price": "x"}}}])
def test_hostile_relay_answers_never_crash(bad):
    try:
        info = one_hub(bad, bad, set(), None)
    except ValueError:
        return
    assert all(p.input_per_1m is None for p in info.prices.values())


@pytest.mark.e2e
def test_list_fills_prices_from_the_relay_for_the_keys_group(capsys):
    from .helpers import run_cli

    _, out, _ = run_cli(capsys, "list", "--demo", "--profile", "demo-vip", "--preset",
                        "new-api", "claude-3-5-haiku", "--format", "json")
    claude = next(r for r in json.loads(out) if r["protocol"] == "claude")
    # Claude's list has no price: new-api's ratio 0.4 × $2 × group vip 0.5.
    assert claude["input_per_1m"] == pytest.approx(0.4) and claude["price_source"] == "gateway"
    assert (claude["group"], claude["group_ratio"]) == ("vip", 0.5)


@pytest.mark.e2e
def test_whoami_says_group_quota_and_expiry(capsys):
    from .helpers import run_cli

    code, out, _ = run_cli(capsys, "whoami", "--demo", "--preset", "new-api")
    assert code == 0 and "default (inferred, ratio 1)" in out and "$12.40" in out
    assert "2027-01-31" in out
    code, out, _ = run_cli(capsys, "whoami", "--demo", "--profile", "demo-vip", "--format",
                           "json")
    record = json.loads(out)
    assert code == 0 and record["gateway"] == "one-hub" and record["group"] == "vip"
    code, _, err = run_cli(capsys, "whoami", "--demo", "--preset", "openai")
    assert code == 1 and "publishes no key facts" in err


@pytest.mark.e2e
async def test_the_title_shows_the_group_and_a_failure_is_a_notice():
    from tui_models.demo import DemoGateway

    from .tui_helpers import drawn, loaded, make_app, wait_until

    with DemoGateway() as gw:
        app = make_app(gw, key="demo-vip-key", preset="new-api")
        async with app.run_test(size=(140, 30)) as pilot:
            await loaded(app, pilot)
            await wait_until(pilot, lambda: "vip · unlimited quota" in drawn(app).splitlines()[0])
    with DemoGateway(faults={"relay": "down"}) as gw:
        app = make_app(gw)
        async with app.run_test(size=(140, 30), notifications=True) as pilot:
            await loaded(app, pilot)
            await wait_until(pilot, lambda: "relay pricing not loaded" in drawn(app))
            assert len(app.explorer.table.rows) > 50  # the lists are all there


def test_the_last_relay_answer_is_kept_without_the_key(tmp_path):
    from tui_models.store.relay import RelayCache

    info = one_hub(AVAILABLE, GROUPS, {"gpt-4o", "dall-e-3"}, None)
    cache = RelayCache("https://gw.example", "fingerprint-1", root=tmp_path)
    cache.save(info)
    again = cache.load()
    assert again is not None and again.prices == info.prices and again.group == "vip"
    assert RelayCache("https://gw.example", "fingerprint-2", root=tmp_path).load() is None
    cache.path.write_text('{"kind": "one-hub", "prices": {"x": {"nope": 1}}}')
    assert cache.load() is None  # a damaged cache is no answer, never a crash


def test_models_priced_alike_share_one_record_fresh_and_cached(tmp_path):
    from tui_models.store.relay import RelayCache

    same = {"groups": ["default"], "price": {"type": "tokens", "input": 1, "output": 2}}
    available = {"data": {**AVAILABLE["data"], "a": same, "b": dict(same),
                          "c": {**same, "price": {"type": "tokens", "input": 1, "output": 3}}}}
    listed = {"gpt-4o", "dall-e-3", "a", "b", "c"}
    info = one_hub(available, GROUPS, listed, "default")
    cache = RelayCache("https://gw.example", "fingerprint-1", root=tmp_path)
    cache.save(info)
    for prices in (info.prices, cache.load().prices):
        assert prices["a"] is prices["b"] and prices["a"] == prices["b"]
        assert prices["c"] is not prices["a"] and prices["c"].ratio_out == 3.0
        assert len({id(p) for p in prices.values()}) == 4


def test_the_relay_cache_builds_its_100k_rows_with_the_collector_paused(tmp_path, monkeypatch):
    # Every caller gets the pause: the cache read at launch, the cache written after a fetch.
    import gc

    from tui_models.store import relay as store

    seen = []
    for name in ("write_json", "sharing"):
        real = getattr(store, name)
        monkeypatch.setattr(store, name, lambda *a, _real=real, **k: (
            seen.append(gc.isenabled()), _real(*a, **k))[1])
    cache = store.RelayCache("https://gw.example", "fingerprint-1", root=tmp_path)
    cache.save(one_hub(AVAILABLE, GROUPS, {"gpt-4o", "dall-e-3"}, None))
    assert cache.load() is not None and seen == [False, False] and gc.isenabled()


@pytest.mark.e2e
async def test_a_relay_that_goes_down_leaves_its_last_prices_on_screen():
    from tui_models.demo import DemoGateway

    from .tui_helpers import loaded, make_app, wait_until

    with DemoGateway() as gw:
        app = make_app(gw)
        async with app.run_test(size=(140, 30)) as pilot:
            await loaded(app, pilot)
            await wait_until(pilot, lambda: app.explorer.state.listing.relay is not None)
        gw.faults = {"relay": "down"}
        app = make_app(gw)
        async with app.run_test(size=(140, 30), notifications=True) as pilot:
            await loaded(app, pilot)
            await wait_until(pilot, lambda: any(  # a toast: wrapped on screen
                "relay pricing not loaded from /api/available_model" in n.message
                and "showing the last prices" in n.message for n in app._notifications))
            assert app.explorer.state.listing.relay is not None
            assert app.explorer.state.listing.relay.group == "default"


@pytest.mark.e2e
def test_a_gateway_without_relay_prices_is_said_once_naming_the_endpoint(capsys, monkeypatch):
    from tui_models.demo import DemoGateway

    from .helpers import run_cli

    monkeypatch.setenv("NEW_API_KEY", "demo-key")
    with DemoGateway(flavor="litellm") as gw:  # serves lists, no /api/pricing
        args = ("list", "--base-url", gw.url, "--preset", "new-api", "--protocol", "openai",
                "gpt-4o")
        code, out, err = run_cli(capsys, *args)
        assert code == 0 and "gpt-4o" in out
        assert "no relay pricing at /api/pricing (HTTP 404)" in err and "OpenAI:" not in err
        code, out, err = run_cli(capsys, *args)
        assert code == 0 and "gpt-4o" in out and "relay pricing" not in err


@pytest.mark.parametrize("flavor", ["memorylake", "new-api"])
def test_the_relays_prices_are_keyed_by_the_lists_own_id_strings(flavor):
    # Over loopback: 100,000 priced ids are not held twice, once by the list, once by the relay.
    import asyncio

    from tui_models import relay
    from tui_models.cli.demo import demo_profile
    from tui_models.demo import DemoGateway
    from tui_models.gateway import GatewayClient

    with DemoGateway(flavor=flavor, extra_models=200) as gw:
        profile = demo_profile(gw, timeout=5)

        async def run():
            async with GatewayClient(profile, profile.api_key, retries=0) as client:
                models = (await client.fetch("openai")).models
                listed = {m.id for m in models}
                return models, await relay.fetch(client, profile.preset, listed)

        models, info = asyncio.run(run())
    own = {m.id: m.id for m in models}
    shared = [model_id for model_id in info.prices if model_id in own]
    assert len(shared) > 200
    assert all(model_id is own[model_id] for model_id in shared)

"""The gateway client against the demo gateway over real loopback HTTP."""

from __future__ import annotations

import math

import pytest

from tui_models.cli.demo import demo_profile
from tui_models.demo import DemoGateway
from tui_models.demo.data import CURATED, synthetic
from tui_models.gateway import errors

from .helpers import expected_ids, fetch, fetch_demo

pytestmark = pytest.mark.e2e  # real servers, terminals or processes


def test_lists_every_protocol_exactly(gateway):
    results = fetch_demo(gateway)
    for protocol in ("openai", "claude", "gemini"):
        result = results[protocol]
        assert result.ok and result.complete, result.error
        assert [m.id for m in result.models] == expected_ids(gateway, protocol)
        assert {m.protocol for m in result.models} == {protocol}


def test_claude_and_gemini_follow_cursors_across_many_pages():
    models = CURATED + synthetic(400)
    with DemoGateway(models=models, page_caps={"claude": 7, "gemini": 3}) as gw:
        results = fetch_demo(gw)
        claude_ids = expected_ids(gw, "claude")
        gemini_ids = expected_ids(gw, "gemini")
        assert [m.id for m in results["claude"].models] == claude_ids
        assert [m.id for m in results["gemini"].models] == gemini_ids
        assert results["claude"].pages == math.ceil(len(claude_ids) / 7)
        assert results["gemini"].pages == math.ceil(len(gemini_ids) / 3)
        after_ids = [h for path, h in gw.requests if path == "/claude/v1/models"]
        assert len(after_ids) == results["claude"].pages


def test_pages_ask_for_the_maximum_size(gateway):
    fetch_demo(gateway)
    paths = [path for path, _ in gateway.requests]
    assert "/claude/v1/models" in paths and "/gemini/v1beta/models" in paths


def test_gemini_id_drops_models_prefix_and_raw_keeps_it(gateway):
    models = {m.id: m for m in fetch_demo(gateway)["gemini"].models}
    flash = models["gemini-2.5-flash"]
    assert flash.raw["name"] == "models/gemini-2.5-flash"
    assert flash.context_window == 1_048_576 and flash.max_output == 65_536
    assert "generateContent" in flash.methods and "thinking" in flash.capabilities
    assert models["gemini-embedding-001"].kind == "embedding"
    assert models["imagen-3.0-generate-002"].kind == "image"


def test_memorylake_prices_per_1k_become_per_1m(gateway):
    models = {m.id: m for m in fetch_demo(gateway)["openai"].models}
    assert models["gpt-4o-mini"].raw["pricing"]["input"] == pytest.approx(0.00015)
    assert models["gpt-4o-mini"].input_per_1m == pytest.approx(0.15)
    assert models["gpt-4o-mini"].output_per_1m == pytest.approx(0.6)
    assert models["dall-e-3"].per_request == pytest.approx(0.04)


def test_price_unit_override(gateway):
    profile = demo_profile(gateway)
    from dataclasses import replace

    models = {m.id: m for m in fetch(replace(profile, price_unit="1m"))["openai"].models}
    assert models["gpt-4o-mini"].input_per_1m == pytest.approx(0.00015)


def test_case_twins_are_kept_exact(gateway):
    ids = [m.id for m in fetch_demo(gateway)["openai"].models]
    assert "GPT-4o" in ids and "gpt-4o" in ids


def test_kinds(gateway):
    models = {m.id: m for m in fetch_demo(gateway)["openai"].models}
    assert models["text-embedding-3-small"].kind == "embedding"
    assert models["dall-e-3"].kind == "image"
    assert models["gte-rerank"].kind == "rerank"
    assert models["gpt-4o"].kind == "chat"
    assert models["whisper-1"].kind == "audio"
    assert models["omni-moderation-latest"].kind == "moderation"


def test_constant_created_is_not_a_date(gateway):
    openai = fetch_demo(gateway)["openai"].models
    assert all(m.created is None for m in openai)
    claude = {m.id: m for m in fetch_demo(gateway)["claude"].models}
    assert claude["claude-sonnet-4-5"].created == 1759104000


def test_new_api_layout_switches_claude_by_headers_and_sends_bare_gemini():
    with DemoGateway(flavor="new-api") as gw:
        results = fetch_demo(gw, preset="new-api")
        assert [m.id for m in results["claude"].models] == expected_ids(gw, "claude")
        assert results["claude"].models[0].display_name
        gemini = results["gemini"].models
        assert [m.id for m in gemini] == expected_ids(gw, "gemini")
        assert gemini[0].raw["name"] == gemini[0].id
        assert gemini[0].display_name == gemini[0].id and gemini[0].methods == ()  # as sent
        claude_requests = [h for p, h in gw.requests if p == "/v1/models" and "x-api-key" in h]
        assert claude_requests and all(h["anthropic-version"] for h in claude_requests)


def test_one_hub_minimal_items_without_paging_fields():
    with DemoGateway(flavor="one-hub") as gw:
        results = fetch_demo(gw)
        for protocol in ("claude", "gemini"):
            assert results[protocol].pages == 1
            assert [m.id for m in results[protocol].models] == expected_ids(gw, protocol)
            assert all(m.display_name is None for m in results[protocol].models)


def test_openrouter_string_prices_per_token():
    with DemoGateway(flavor="openrouter") as gw:
        models = {m.id: m for m in fetch_demo(gw, preset="openrouter")["openai"].models}
        gpt = models["openai/gpt-4o"]
        assert gpt.raw["pricing"]["prompt"] == "0.0000025"
        assert gpt.input_per_1m == pytest.approx(2.5)
        assert gpt.output_per_1m == pytest.approx(10)
        assert gpt.context_window == 128_000 and gpt.max_output == 16_384
        assert gpt.display_name == "Openai: GPT-4o"
        assert models["openai/dall-e-3"].kind == "image"


def test_one_api_legacy_fields():
    with DemoGateway(flavor="one-api") as gw:
        models = fetch_demo(gw)["openai"].models
        assert [m.id for m in models] == expected_ids(gw, "openai")
        assert models[0].raw["permission"][0]["object"] == "model_permission"
        assert models[0].created is None


def test_null_lists_are_empty_not_errors():
    with DemoGateway(flavor="null-lists") as gw:
        for result in fetch_demo(gw).values():
            assert result.ok and result.models == []


def test_items_without_usable_ids_are_skipped_and_counted():
    with DemoGateway(faults={"openai": "hostile-ids", "gemini": "hostile-ids"}) as gw:
        results = fetch_demo(gw)
        for protocol in ("openai", "gemini"):
            assert results[protocol].skipped == 7
            assert "fine-model" in [m.id for m in results[protocol].models]


def test_one_failing_protocol_never_stops_the_others():
    with DemoGateway(faults={"claude": "key-rejected"}) as gw:
        results = fetch_demo(gw)
        assert isinstance(results["claude"].error, errors.KeyRejected)
        assert results["openai"].ok and results["gemini"].ok
        assert results["openai"].models


def test_unknown_key_is_rejected(gateway):
    profile = demo_profile(gateway, key="wrong-key-123456789")
    results = fetch(profile)
    for result in results.values():
        assert isinstance(result.error, errors.KeyRejected)
        assert result.error.label == "401 key rejected"
        assert "invalid token" in str(result.error)


def test_key_groups_decide_what_is_listed(gateway):
    default = {m.id for m in fetch_demo(gateway)["openai"].models}
    vip = {m.id for m in fetch(demo_profile(gateway, key="demo-vip-key"))["openai"].models}
    assert default < vip
    assert "gpt-5" in vip - default


def test_protocols_are_fetched_concurrently():
    delayed = {"openai": "delay", "claude": "delay", "gemini": "delay"}
    with DemoGateway(faults=delayed) as gw:
        results = fetch_demo(gw)
        assert all(r.ok for r in results.values())
        assert gw.max_in_flight == 3

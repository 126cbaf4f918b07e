"""Probing: the smallest real call per protocol, over loopback HTTP to the demo gateway,
which answers calls and fails the way real relays fail."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess

import pytest

from tui_models.cli.demo import demo_profile
from tui_models.demo import DemoGateway
from tui_models.gateway import GatewayClient
from tui_models.model import Model, Probe
from tui_models.probe import worth_probing
from tui_models.probe.calls import probe, probe_all
from tui_models.secret import Secret
from tui_models.store.probes import ProbeStore

from .helpers import run_cli

pytestmark = pytest.mark.e2e  # real servers, terminals or processes


def run(gateway: DemoGateway, models, **options):
    async def go():
        profile = demo_profile(gateway, **options)
        async with GatewayClient(profile, profile.api_key) as client:
            return await probe_all(client, models, concurrency=4)
    return dict(((m.protocol, m.id), r) for m, r in asyncio.run(go()))


@pytest.mark.parametrize(("protocol", "model_id", "kind", "path", "tokens"), [
    ("openai", "gpt-4o", "chat", "/v1/chat/completions", (8, 1)),
    ("openai", "text-embedding-3-small", "embedding", "/v1/embeddings", (1, None)),
    ("claude", "claude-sonnet-4-5", "chat", "/claude/v1/messages", (8, 1)),
    ("gemini", "gemini-2.5-pro", "chat", "/gemini/v1beta/models/gemini-2.5-pro:generateContent",
     (1, 1)),
])
def test_each_protocol_is_probed_with_its_smallest_request(gateway, protocol, model_id, kind,
                                                           path, tokens):
    result = run(gateway, [Model(model_id, protocol, kind=kind)])[(protocol, model_id)]
    assert result.ok and result.status == 200 and result.error is None
    assert result.answered_as == model_id and not result.substituted(model_id)
    assert (result.input_tokens, result.output_tokens) == tokens
    assert 0 < result.ttfb_ms <= result.latency_ms
    assert gateway.calls == [(protocol, model_id)]
    sent_path, headers = gateway.requests[-1]
    assert sent_path == path
    assert ("x-goog-api-key" if protocol == "gemini" else
            "x-api-key" if protocol == "claude" else "authorization") in headers


def test_a_probe_asks_for_one_output_token(gateway):
    bodies = []
    for protocol in ("openai", "claude", "gemini"):
        from tui_models import protocols

        bodies.append(protocols.get(protocol).call_body(Model("m", protocol), max_tokens=1))
    assert bodies[0]["max_tokens"] == 1 and bodies[1]["max_tokens"] == 1
    assert bodies[2]["generationConfig"] == {"maxOutputTokens": 1}


def test_what_relays_do_wrong_is_reported_not_hidden(gateway):
    found = run(gateway, [Model("deepseek-r1", "openai"), Model("chatgpt-4o-latest", "openai"),
                          Model("not-listed", "openai"), Model("grok-3", "openai")])
    channel = found[("openai", "deepseek-r1")]
    assert not channel.ok and channel.status == 503
    assert channel.error == "no available channel for model deepseek-r1 in group default"
    swapped = found[("openai", "chatgpt-4o-latest")]
    assert swapped.ok and swapped.substituted("chatgpt-4o-latest")
    assert swapped.answered_as == "gpt-4o-2024-11-20"
    assert not found[("openai", "not-listed")].ok  # listed nowhere: no channel either
    limited = found[("openai", "grok-3")]
    assert limited.status == 429 and "also after waiting 1 s" in limited.error
    # Backed off, then tried once more: two calls, not a hammering.
    assert gateway.calls.count(("openai", "grok-3")) == 2


def test_a_rate_limit_pauses_every_worker(gateway):
    models = [Model("grok-3", "openai")] + [Model("gpt-4o-mini", "openai")] * 3
    async def go():
        profile = demo_profile(gateway)
        order = []
        async with GatewayClient(profile, profile.api_key) as client:
            await probe_all(client, models, concurrency=1,
                            on_result=lambda m, r: order.append(m.id))
        return order
    assert asyncio.run(go())[0] == "grok-3"
    calls = [c[1] for c in gateway.calls]
    assert calls[:2] == ["grok-3", "grok-3"]  # the retry comes before anything else


def test_concurrency_is_bounded():
    with DemoGateway(latency=0.05) as gw:
        async def go():
            profile = demo_profile(gw)
            async with GatewayClient(profile, profile.api_key) as client:
                return await probe_all(client, [Model("gpt-4o", "openai")] * 12,
                                       concurrency=3)
        assert len(asyncio.run(go())) == 12
        assert 1 < gw.max_in_flight <= 3


def test_a_key_the_gateway_echoes_never_reaches_the_result(gateway):
    key = "sk-probe-secret-0123456789abcdef"
    gateway.keys[key] = "default"
    result = run(gateway, [Model(f"x-{key}", "openai")], key=key)[("openai", f"x-{key}")]
    assert not result.ok and "no available channel" in result.error
    assert key not in result.error and key[:12] not in json.dumps(result.__repr__())


def test_a_gateway_that_is_down_is_a_failed_probe_not_a_crash():
    gateway = DemoGateway().start()
    port = gateway.port
    gateway.stop()

    async def go():
        profile = demo_profile(gateway, timeout=5)
        async with GatewayClient(profile, profile.api_key) as client:
            return await probe(client, Model("gpt-4o", "openai"))
    result = asyncio.run(go())
    assert not result.ok and result.status is None and str(port) in result.error


def test_costly_kinds_are_skipped_unless_asked():
    models = [Model("a", "openai"), Model("b", "openai", kind="image"),
              Model("c", "openai", kind="rerank"), Model("d", "openai", kind="embedding")]
    chosen, skipped = worth_probing(models)
    assert [m.id for m in chosen] == ["a", "d"] and skipped == {"image": 1, "rerank": 1}
    assert len(worth_probing(models, all_kinds=True)[0]) == 4


def test_results_are_kept_per_gateway_and_key_without_the_key(tmp_path):
    key = Secret("sk-store-secret-abcdef0123456789")
    store = ProbeStore("https://gw.example", key, root=tmp_path / "probes").load()
    result = Probe(False, 503, 12.5, 10.0, None, "no channel", 1_700_000_000.0)
    store.put("openai", "gpt-4o", result)
    store.save()
    again = ProbeStore("https://gw.example", key, root=tmp_path / "probes").load()
    assert again.results == {("openai", "gpt-4o"): result}
    other = ProbeStore("https://gw.example", Secret("sk-other-key-000000000000"),
                       root=tmp_path / "probes").load()
    assert other.results == {}  # another key, another group: its own results
    assert "sk-store" not in store.path.read_text()
    store.path.write_text('{"results": [{"protocol": "openai", "id": 1}]}')
    broken = ProbeStore("https://gw.example", key, root=tmp_path / "probes").load()
    assert broken.results == {} and "ignored" in broken.problem


def test_probe_command_exit_codes_and_records(capsys):
    code, out, _ = run_cli(capsys, "probe", "--demo", "gpt-4o-mini", "--protocol", "openai",
                           "--format", "json")
    [record] = json.loads(out)
    assert code == 0 and record["ok"] and record["answered_as"] == "gpt-4o-mini"
    assert set(record) == {"id", "protocol", "endpoint", "ok", "status", "latency_ms",
                           "ttfb_ms", "answered_as", "error", "input_tokens", "output_tokens",
                           "token_param", "retried", "calls", "rate_limit", "probed_at"}
    assert (record["endpoint"], record["token_param"]) == ("chat", "max_tokens")
    code, out, _ = run_cli(capsys, "probe", "--demo", "deepseek", "--protocol", "openai")
    assert code == 4 and "✗ no channel" in out and "deepseek-chat" in out
    code, out, _ = run_cli(capsys, "list", "--demo", "probe:fail", "--format", "ids")
    assert out.split() == ["deepseek-r1"]  # kept, and searchable from scripts too
    code, _, err = run_cli(capsys, "probe", "--demo", "no-such-model")
    assert code == 1 and "no model to probe" in err
    code, _, err = run_cli(capsys, "probe", "--demo")
    assert code == 2 and "--yes" in err
    code, _, err = run_cli(capsys, "probe", "--demo", "ctx>abc")
    assert code == 2 and "wants a number" in err
    code, _, err = run_cli(capsys, "probe", "--demo", "dall-e-3")
    assert code == 1 and "skipping 1 image" in err


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_snippet_works_against_the_demo_as_written(gateway):
    from tui_models.snippets import curl

    profile = demo_profile(gateway)
    for model in (Model("gpt-4o", "openai"), Model("claude-sonnet-4-5", "claude"),
                  Model("gemini-2.5-pro", "gemini")):
        snippet = curl(profile, model)
        done = subprocess.run(["sh", "-c", snippet], capture_output=True, text=True,
                              timeout=30, env={**os.environ, "TUI_MODELS_DEMO_KEY": "demo-key"})
        assert done.returncode == 0, done.stderr
        assert "Hi" in done.stdout and "error" not in done.stdout

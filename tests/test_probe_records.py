"""Every probe record says how it got its answer (endpoint, token parameter, why it retried,
the headroom the gateway reported), in JSON, the table, the store — and old store files still
load. `--endpoints all` gives one record per endpoint; ids as separate arguments are OR-ed."""

from __future__ import annotations

import asyncio
import json

import pytest

from tui_models.cli.demo import demo_profile
from tui_models.demo import DemoGateway
from tui_models.gateway import GatewayClient
from tui_models.model import Model, Probe, RateLimit
from tui_models.probe import cell, record, summary
from tui_models.probe.calls import probe_all
from tui_models.secret import Secret
from tui_models.store.probes import ProbeStore

from .helpers import run_cli

pytestmark = pytest.mark.e2e  # real servers

RECORD_KEYS = {"id", "protocol", "endpoint", "ok", "status", "latency_ms", "ttfb_ms",
               "answered_as", "error", "input_tokens", "output_tokens", "token_param",
               "retried", "calls", "rate_limit", "probed_at"}


def run(gateway: DemoGateway, models, preset: str, **options):
    async def go():
        profile = demo_profile(gateway, preset=preset)
        async with GatewayClient(profile, profile.api_key) as client:
            return await probe_all(client, models, **options)
    return asyncio.run(go())


@pytest.mark.parametrize(("flavor", "preset", "model"), [
    ("openai", "openai", Model("gpt-4o-mini", "openai")),
    ("litellm", "litellm", Model("gpt-4o-mini", "openai")),
    ("anthropic", "anthropic", Model("claude-haiku-4-5", "claude")),
])
def test_the_headroom_each_flavour_reports_is_kept(flavor, preset, model):
    with DemoGateway(flavor=flavor) as gw:
        [(_, result)] = run(gw, [model], preset)
    assert result.ok and result.rate_limit is not None
    assert (result.rate_limit.remaining_requests, result.rate_limit.remaining_tokens,
            result.rate_limit.limit_requests, result.rate_limit.limit_tokens) == \
        (499, 29_994, 500, 30_000)
    assert result.rate_limit.reset_requests  # as sent: "120ms" or an RFC 3339 time
    assert summary(result).endswith(" · 499 req / 29,994 tok left")


def test_a_relay_that_sends_no_headroom_leaves_it_null(gateway):
    [(_, result)] = run(gateway, [Model("gpt-4o-mini", "openai")], "memorylake")
    assert result.ok and result.rate_limit is None
    assert record("gpt-4o-mini", "openai", result)["rate_limit"] is None


def test_json_and_table_say_how_the_answer_was_got(capsys):
    argv = ("probe", "--demo", "--preset", "openai", "--no-catalog", "gpt-5-codex")
    code, out, _ = run_cli(capsys, *argv, "--format", "json")
    [found] = json.loads(out)
    assert code == 0 and set(found) == RECORD_KEYS
    assert (found["endpoint"], found["token_param"], found["retried"], found["calls"]) == \
        ("responses", "max_output_tokens", "responses only", 2)
    assert found["rate_limit"] == {"remaining_requests": 498, "remaining_tokens": 29_988,
                                   "limit_requests": 500, "limit_tokens": 30_000,
                                   "reset_requests": "120ms", "reset_tokens": "12ms"}
    code, out, _ = run_cli(capsys, *argv)
    head, row = out.splitlines()
    assert head.split() == ["ID", "PROTO", "ENDPOINT", "RESULT", "TTFB", "HEADROOM", "NOTE"]
    assert "Responses" in row and "499 req / 29,994 tok left" in row
    assert "retried: responses only" not in row  # learned: straight to Responses this time


def test_endpoints_all_reports_one_record_per_client_facing_api(capsys):
    code, out, _ = run_cli(capsys, "probe", "--demo", "claude-sonnet-4-5", "gemini-2.5-flash",
                           "--endpoints", "all", "--format", "json")
    found = [(r["id"], r["protocol"], r["endpoint"], r["ok"]) for r in json.loads(out)]
    assert code == 0 and found == [
        ("claude-sonnet-4-5", "openai", "chat", True),
        ("claude-sonnet-4-5", "openai", "responses", True),
        ("claude-sonnet-4-5", "claude", "messages", True),
        ("gemini-2.5-flash", "openai", "chat", True),
        ("gemini-2.5-flash", "openai", "responses", True),
        ("gemini-2.5-flash", "gemini", "generate_content", True)]
    code, out, _ = run_cli(capsys, "probe", "--demo", "gpt-5-codex", "--endpoints", "all",
                           "--no-catalog")
    rows = out.splitlines()[1:]
    assert code == 4 and len(rows) == 2  # chat refused: "some did not answer"
    assert "Chat Completions" in rows[0] and "✗ 400" in rows[0]
    assert "Responses" in rows[1] and "✓" in rows[1]
    # The explorer keeps the verdict, marked per endpoint: answered, through Responses.
    code, out, _ = run_cli(capsys, "list", "--demo", "probe:ok", "--format", "ids")
    assert "gpt-5-codex" in out.split()


def test_ids_given_as_separate_arguments_are_each_probed(capsys):
    code, out, _ = run_cli(capsys, "probe", "--demo", "gpt-4o-mini", "gpt-4.1-nano",
                           "--protocol", "openai", "--format", "json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == ["gpt-4o-mini", "gpt-4.1-nano"]
    code, out, _ = run_cli(capsys, "probe", "--demo", "claude-haiku-4-5", "gpt-4o-mini",
                           "--format", "json")
    assert [(r["id"], r["protocol"]) for r in json.loads(out)] == [
        ("claude-haiku-4-5", "openai"), ("claude-haiku-4-5", "claude"),
        ("gpt-4o-mini", "openai")]
    # Search terms still narrow: `gpt-4o owner:openai` is one query (AND), not two ids.
    code, out, _ = run_cli(capsys, "probe", "--demo", "gpt-4o-mini", "owner:openai",
                           "--protocol", "openai", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["gpt-4o-mini"]
    code, _, err = run_cli(capsys, "probe", "--demo", "gpt-4o-mini", "no-such-id")
    assert code == 1 and "no model to probe" in err  # not every word an id: one query
    with pytest.raises(SystemExit):
        run_cli(capsys, "probe", "--help")
    assert "are each probed (OR)" in " ".join(capsys.readouterr().out.split())


def test_records_and_old_store_files_load(tmp_path):
    key = Secret("sk-store-secret-abcdef0123456789")
    store = ProbeStore("https://gw.example", key, root=tmp_path).load()
    rich = Probe(True, 200, 412.0, 300.0, "gpt-5-codex", None, 1_700_000_000.0, 8, 16,
                 endpoint="responses", token_param="max_output_tokens",
                 retried="responses only",
                 rate_limit=RateLimit(499, 29_994, 500, 30_000, "120ms", "12ms"), calls=2,
                 marks=(("chat", False), ("responses", True)))
    store.put("openai", "gpt-5-codex", rich)
    store.save()
    assert ProbeStore("https://gw.example", key, root=tmp_path).load().results == \
        {("openai", "gpt-5-codex"): rich}
    # A file from before these fields: every probe loads, how it was got unknown.
    store.path.write_text(json.dumps({"results": [
        {"protocol": "openai", "id": "gpt-4o", "ok": True, "status": 200, "latency_ms": 12.5,
         "ttfb_ms": 10.0, "answered_as": "gpt-4o", "error": None,
         "probed_at": 1_700_000_000.0, "input_tokens": 8, "output_tokens": 1},
        {"protocol": "openai", "id": "odd", "ok": False, "status": 503, "latency_ms": None,
         "ttfb_ms": None, "answered_as": None, "error": "no channel", "probed_at": 1.0,
         "endpoint": "\x1b[31m", "rate_limit": "lots", "marks": [["chat", "yes"], 5],
         "calls": -3}]}))
    old = ProbeStore("https://gw.example", key, root=tmp_path).load()
    assert old.problem is None
    assert old.results[("openai", "gpt-4o")] == Probe(True, 200, 12.5, 10.0, "gpt-4o", None,
                                                      1_700_000_000.0, 8, 1)
    odd = old.results[("openai", "odd")]
    assert (odd.endpoint, odd.rate_limit, odd.marks, odd.calls) == (None, None, (), 1)
    assert "sk-store" not in store.path.read_text()


def test_the_probe_column_marks_each_endpoint_when_several_were_tried():
    single = Probe(True, 200, 412.0, 300.0, None, None, 1.0, endpoint="responses")
    assert cell(single) == "✓ 412 ms"
    several = Probe(True, 200, 412.0, 300.0, None, None, 1.0, endpoint="chat",
                    marks=(("chat", True), ("responses", True), ("messages", False),
                           ("generate_content", True)))
    assert cell(several) == "C✓ R✓ M✗ G✓" and len(cell(several)) <= 12

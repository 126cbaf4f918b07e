"""Probes choose the request each model answers (issue 21): up front where the gateway says,
else learned from its refusal (one retry per cause, never a loop), remembered for the next
probe. Real HTTP to the demo gateway, which refuses as OpenAI does."""

from __future__ import annotations

import asyncio
import io
import json
import urllib.request

import pytest

from tui_models import protocols
from tui_models.catalogue.match import Match
from tui_models.catalogue.snapshot import Entry
from tui_models.cli.demo import demo_profile
from tui_models.demo import DemoGateway
from tui_models.gateway import GatewayClient
from tui_models.model import Model, Probe
from tui_models.probe import plan
from tui_models.probe.calls import probe, probe_all
from tui_models.relay.info import RelayPrice
from tui_models.store.probes import ProbeStore

from .helpers import run_cli

pytestmark = pytest.mark.e2e  # real servers


def run(gateway: DemoGateway, models, *, preset: str = "memorylake", **options):
    """(model, probe) pairs of a `probe_all` against `gateway`."""
    async def go():
        profile = demo_profile(gateway, preset=preset)
        async with GatewayClient(profile, profile.api_key) as client:
            return await probe_all(client, models, **options)
    return asyncio.run(go())


def one(gateway: DemoGateway, model: Model, **options):
    [(_, result)] = run(gateway, [model], **options)
    return result


def logged(gateway: DemoGateway) -> io.StringIO:
    gateway.log = io.StringIO()
    return gateway.log


def calls_to(log: io.StringIO) -> list[str]:
    """`POST path status [model…]` of each call the demo logged (what `serve-demo --log`
    prints, the time and auth cut off)."""
    return [" ".join(line.split()[1:]).partition(" auth:")[0]
            for line in log.getvalue().splitlines() if " POST " in line]


@pytest.fixture
def one_hub():
    """A relay that says nothing up front: no endpoint types, no relay tags."""
    with DemoGateway(flavor="one-hub") as gw:
        yield gw


def test_a_reasoning_model_refusing_max_tokens_is_retried_once_with_max_completion_tokens(
        one_hub):
    log = logged(one_hub)
    result = one(one_hub, Model("gpt-5-mini", "openai"))
    assert calls_to(log) == [
        "POST /v1/chat/completions 400 [gpt-5-mini: unsupported_parameter, param max_tokens]",
        "POST /v1/chat/completions 200 [gpt-5-mini]"]  # what serve-demo --log shows
    assert result.ok and result.status == 200 and result.error is None
    assert (result.endpoint, result.token_param) == ("chat", "max_completion_tokens")
    assert result.retried == "unsupported max_tokens" and result.calls == 2
    # Its one token went to reasoning: empty text, finish_reason "length" — an answer.
    assert result.output_tokens == 1


def test_a_responses_only_model_is_retried_once_on_responses_with_16_tokens(one_hub):
    log = logged(one_hub)
    result = one(one_hub, Model("gpt-5-codex", "openai"))
    assert calls_to(log) == ["POST /v1/chat/completions 400 [gpt-5-codex: param model]",
                             "POST /v1/responses 200 [gpt-5-codex]"]
    assert result.ok and result.answered_as == "gpt-5-codex"
    assert (result.endpoint, result.token_param) == ("responses", "max_output_tokens")
    assert result.retried == "responses only" and result.calls == 2
    assert (result.input_tokens, result.output_tokens) == (8, 16)


def test_responses_refuses_a_bound_below_16_and_the_probe_never_sends_one(gateway):
    body = protocols.get("openai").call_body(Model("gpt-5-codex", "openai"), max_tokens=1,
                                             endpoint="responses")
    assert body == {"model": "gpt-5-codex", "input": "Hello", "max_output_tokens": 16}
    request = urllib.request.Request(
        f"{gateway.url}/v1/responses", method="POST",
        data=json.dumps({**body, "max_output_tokens": 1}).encode(),
        headers={"Authorization": "Bearer demo-key", "Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    error = json.loads(refused.value.read())["error"]
    assert refused.value.code == 400 and error["code"] == "integer_below_min_value"
    assert "Expected a value >= 16, but got 1 instead." in error["message"]


def test_both_families_and_a_plain_model_answer_in_one_batch(one_hub):
    found = {m.id: r for m, r in run(one_hub, [Model("gpt-5-mini", "openai"),
                                               Model("gpt-5-codex", "openai"),
                                               Model("gpt-4o-mini", "openai")])}
    assert all(r.ok for r in found.values())
    assert [found[i].endpoint for i in ("gpt-5-mini", "gpt-5-codex", "gpt-4o-mini")] == \
        ["chat", "responses", "chat"]
    assert found["gpt-4o-mini"].retried is None and found["gpt-4o-mini"].calls == 1
    assert len(one_hub.calls) == 5  # 2 + 2 + 1


def test_where_the_gateway_says_the_first_request_is_the_right_one(gateway):
    """MemoryLake lists `supported_endpoint_types`; the catalogue flags reasoning models;
    LiteLLM's /model/info gives `mode` and `supports_reasoning` (the relay's tags)."""
    log = logged(gateway)
    codex = Model("gpt-5-codex", "openai", endpoint_types=("openai-response",))
    ref = Match(Entry("openai", "gpt-5-mini", "GPT-5 mini", None, None, ("reasoning",), (),
                      (), None, None, None, None, None), "exact")
    thinker = Model("gpt-5-mini", "openai", owned_by="openai")
    thinker.ref = ref
    found = {m.id: r for m, r in run(gateway, [codex, thinker])}
    assert sorted(calls_to(log)) == ["POST /v1/chat/completions 200 [gpt-5-mini]",
                                     "POST /v1/responses 200 [gpt-5-codex]"]
    assert found["gpt-5-codex"].retried is None and found["gpt-5-codex"].calls == 1
    assert found["gpt-5-mini"].token_param == "max_completion_tokens"
    assert plan.start(Model("x", "openai", endpoint_types=("openai", "openai-response"))) \
        == plan.Attempt("chat", "max_tokens")  # both served: the usual one


def test_relay_tags_choose_the_request_and_the_catalogue_flag_only_for_openai_models():
    litellm = RelayPrice(tags=("chat", "reasoning"), kind="litellm-tokens")
    model = Model("deepseek-reasoner", "openai", owned_by="deepseek")
    model.relay = litellm
    assert plan.start(model).token_param == "max_completion_tokens"  # LiteLLM translates it
    responses = Model("codex-mini-latest", "openai")
    responses.relay = RelayPrice(tags=("responses",), kind="litellm-tokens")
    assert plan.start(responses) == plan.Attempt("responses", "max_output_tokens")
    other = Model("deepseek-r1", "openai", owned_by="deepseek")
    other.ref = Match(Entry("deepseek", "deepseek-r1", None, None, None, ("reasoning",), (),
                            (), None, None, None, None, None), "exact")
    # Elsewhere an unknown parameter may be ignored and the answer not bounded: max_tokens.
    assert plan.start(other).token_param == "max_tokens"


def test_the_cli_goes_straight_there_with_the_catalogue_and_litellm(capsys):
    code, out, _ = run_cli(capsys, "probe", "--demo", "gpt-5-mini", "--protocol", "openai",
                           "--format", "json")
    [record] = json.loads(out)
    assert code == 0 and record["token_param"] == "max_completion_tokens"
    assert record["retried"] is None and record["calls"] == 1
    code, out, _ = run_cli(capsys, "probe", "--demo", "--preset", "litellm", "--no-catalog",
                           "o4-mini", "--format", "json")
    [record] = json.loads(out)
    assert code == 0 and record["calls"] == 1 and record["token_param"] == \
        "max_completion_tokens"


def test_what_worked_is_remembered_so_the_next_probe_goes_straight_there(one_hub, tmp_path):
    models = [Model("gpt-5-mini", "openai"), Model("gpt-5-codex", "openai")]
    profile = demo_profile(one_hub)
    store = ProbeStore(one_hub.url, profile.api_key, root=tmp_path).load()
    for model, result in run(one_hub, models):
        store.put(model.protocol, model.id, result)
    store.save()
    assert len(one_hub.calls) == 4
    learned = ProbeStore(one_hub.url, profile.api_key, root=tmp_path).load().results
    log = logged(one_hub)
    again = {m.id: r for m, r in run(one_hub, models, learned=learned)}
    assert sorted(calls_to(log)) == ["POST /v1/chat/completions 200 [gpt-5-mini]",
                                     "POST /v1/responses 200 [gpt-5-codex]"]
    assert all(r.ok and r.retried is None and r.calls == 1 for r in again.values())


def test_the_cli_remembers_between_runs(capsys):
    argv = ("probe", "--demo", "--no-catalog", "--preset", "openai", "gpt-5-codex",
            "--format", "json")
    first = json.loads(run_cli(capsys, *argv)[1])[0]
    second = json.loads(run_cli(capsys, *argv)[1])[0]
    assert (first["calls"], first["retried"], first["endpoint"]) == \
        (2, "responses only", "responses")
    assert (second["calls"], second["retried"], second["endpoint"]) == \
        (1, None, "responses")


def test_a_gateway_whose_wording_differs_but_whose_code_matches():
    with DemoGateway(flavor="one-hub", faults={"calls": "other-wording"}) as gw:
        log = logged(gw)
        found = {m.id: r for m, r in run(gw, [Model("gpt-5-mini", "openai"),
                                              Model("gpt-5-codex", "openai")])}
        assert found["gpt-5-mini"].ok and found["gpt-5-mini"].retried == \
            "unsupported max_tokens"
        assert found["gpt-5-codex"].ok and found["gpt-5-codex"].endpoint == "responses"
        assert "unsupported_api_for_model" in log.getvalue()
        assert len(gw.calls) == 4


def test_a_lying_gateway_that_answers_400_forever_is_asked_three_times_at_most():
    with DemoGateway(flavor="one-hub", faults={"calls": "lying-400"}) as gw:
        result = one(gw, Model("gpt-4o", "openai"))
        assert not result.ok and result.status == 400
        assert result.retried == "unsupported max_tokens; responses only"
        assert result.calls == 3 and len(gw.calls) == 3
        assert plan.most_calls(Model("gpt-4o", "openai")) == 3  # what T announces
        gw.calls.clear()
        every = run(gw, [Model("gpt-4o", "openai")], every=True)
        assert [(r.endpoint, r.ok, r.calls) for _, r in every] == \
            [("chat", False, 2), ("responses", False, 1)]
        assert len(gw.calls) == 3 == plan.most_calls(Model("gpt-4o", "openai"), every=True)


def test_a_model_refusing_on_every_path_is_reported_on_each_without_a_retry(gateway):
    """`deepseek-r1` has no channel: 503 on chat and on Responses; no cause to retry."""
    every = run(gateway, [Model("deepseek-r1", "openai")], every=True)
    assert [(r.endpoint, r.status, r.calls, r.marks) for _, r in every] == [
        ("chat", 503, 1, (("chat", False), ("responses", False))),
        ("responses", 503, 1, (("chat", False), ("responses", False)))]
    gateway.calls.clear()
    result = one(gateway, Model("deepseek-r1", "openai"))
    assert not result.ok and result.retried is None and len(gateway.calls) == 1


def test_probing_one_endpoint_never_moves_to_another(one_hub):
    async def go():
        profile = demo_profile(one_hub)
        async with GatewayClient(profile, profile.api_key) as client:
            return await probe(client, Model("gpt-5-codex", "openai"), endpoint="chat")
    result = asyncio.run(go())
    assert not result.ok and result.endpoint == "chat" and len(one_hub.calls) == 1
    assert "only supported in v1/responses" in result.error


def test_the_worst_case_counts_every_retry():
    models = [Model("gpt-4o", "openai"), Model("claude-haiku-4-5", "claude"),
              Model("text-embedding-3-small", "openai", kind="embedding"),
              Model("gemini-2.5-pro", "gemini")]
    assert plan.worst_case(models) == (4, 3 + 1 + 1 + 1)
    assert plan.worst_case(models, every=True) == (5, 3 + 1 + 1 + 1)
    answered = {("openai", "gpt-4o"): Probe(
        True, 200, 1.0, 1.0, "gpt-4o", None, 1.0, endpoint="responses",
        token_param="max_output_tokens")}
    assert plan.worst_case(models[:1], learned=answered) == (1, 1)

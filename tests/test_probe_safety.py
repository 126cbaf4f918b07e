"""What a listed id or a gateway may not make a probe do (issue 26): steer the call's URL,
get a call sent twice by a redirect; and a stopped batch says what it really sent."""

from __future__ import annotations

import asyncio

import pytest

from tui_models import protocols, snippets
from tui_models.cli.demo import demo_profile
from tui_models.demo import DemoGateway
from tui_models.demo.data import CURATED, DemoModel
from tui_models.gateway import GatewayClient
from tui_models.model import Model
from tui_models.probe.calls import probe, probe_all
from tui_models.protocols.base import path_segment

from .tui_helpers import drawn, loaded, make_app, wait_until

pytestmark = pytest.mark.e2e  # real servers

STEERING = ("../../../admin/x", "gemini-2.5-pro?alt=sse", "gemini-2.5-pro#x",
            "gemini-2.5-pro:streamGenerateContent", "a/b", "..", "x%2F..%2Fadmin", "x y",
            "x\x1b[2J", "x\u202e", "x\\..\\admin")


def probe_one(gateway: DemoGateway, model: Model, **options):
    async def go():
        profile = demo_profile(gateway)
        async with GatewayClient(profile, profile.api_key) as client:
            return await probe(client, model, **options)
    return asyncio.run(go())


@pytest.mark.parametrize("model_id", STEERING)
def test_an_id_that_would_change_the_path_is_never_sent(model_id):
    hostile = DemoModel(model_id, "google", "Hostile", endpoints=("gemini",), native_only=True)
    with DemoGateway(models=(*CURATED, hostile)) as gw:
        model = Model(model_id, "gemini")
        result = probe_one(gw, model)
        assert not result.ok and result.status is None and result.calls == 0
        assert "would change the call's URL path" in result.error and "not sent" in result.error
        assert [path for path, _ in gw.requests] == []  # nothing left for the gateway
        profile = demo_profile(gw)
        assert snippets.call_url(profile, model) is None  # the inspector shows "–"
        for snippet in (snippets.curl(profile, model), snippets.python_sdk(profile, model)):
            assert snippet.startswith("# no call: ") and "\n" not in snippet


def test_every_other_id_is_encoded_by_the_one_helper_and_answered():
    odd = DemoModel("模型-中文~v1", "google", "Unicode", endpoints=("gemini",),
                    native_only=True)
    with DemoGateway(models=(*CURATED, odd)) as gw:
        result = probe_one(gw, Model("模型-中文~v1", "gemini"))
        assert result.ok and gw.calls == [("gemini", "模型-中文~v1")]
        [(path, _)] = gw.requests
        assert path == "/gemini/v1beta/models/%E6%A8%A1%E5%9E%8B-%E4%B8%AD%E6%96%87~v1" \
                       ":generateContent"
    assert path_segment("gemini-2.5-pro") == "gemini-2.5-pro"
    url = protocols.get("gemini").call_url("https://gw/v1beta", Model("a b", "gemini"))
    assert url is None


def test_a_same_origin_307_never_resends_the_probe():
    with DemoGateway(faults={"calls": "redirect-307"}) as gw:
        result = probe_one(gw, Model("gpt-4o", "openai"))
        assert len(gw.calls) == 1  # followed, it would be sent again (and again)
    assert not result.ok and result.status == 307 and result.calls == 1
    assert "never sent twice" in result.error


def test_an_answer_naming_the_key_is_masked():
    key = "sk-echoed-secret-0123456789abcdef"
    with DemoGateway(keys={key: "default"}) as gw:
        gw.set_models((DemoModel(f"m-{key}", "openai", "Echo"),))
        async def go():
            profile = demo_profile(gw, key=key)
            async with GatewayClient(profile, profile.api_key) as client:
                return await probe_all(client, [Model(f"m-{key}", "openai")])
        [(_, result)] = asyncio.run(go())
    assert result.ok and result.answered_as is not None and key not in result.answered_as


async def test_a_stopped_batch_says_how_many_calls_reached_the_gateway():
    with DemoGateway(latency=0.3, flavor="one-hub") as gateway:
        app = make_app(gateway, preset="memorylake")
        async with app.run_test(size=(140, 36), notifications=True) as pilot:
            await loaded(app, pilot)
            await pilot.press("T", "enter")
            await wait_until(pilot, lambda: app.explorer.state.batch.done >= 2)
            await pilot.press("escape")
            await wait_until(pilot, lambda: "Probing stopped after" in drawn(app))
            batch = app.explorer.state.batch
            # the calls in flight when the batch stopped reach the demo's log
            await wait_until(pilot, lambda: len(gateway.calls) >= batch.sent)
            sent = len(gateway.calls)
            assert batch.sent == sent and sent > batch.done  # in flight when stopped: billed
            assert f"({sent} calls sent)" in " ".join(drawn(app).split())

"""Every "copy as" snippet runs as written against the demo flavour it was made for.

For each flavour the demo imitates, the models are listed and enriched through the commands'
own pipeline (`listing.gather`) and each one is probed, as `T` does, so a snippet follows the
endpoint the model answered on. Then, for one model of each (protocol, endpoint), the Python
snippet is executed unmodified by the official SDK it imports (in one interpreter per
flavour, each snippet in a namespace of its own) and the curl snippet by bash; each must get
an answer, not an error. Where the gateway says up front which API a model takes
(supported_endpoint_types, LiteLLM's mode), the snippet is right before any probe too.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

import pytest

from tui_models import snippets
from tui_models.cli.demo import DEMO_KEY_ENV, demo_profile
from tui_models.demo import DemoGateway
from tui_models.demo.flavors import FLAVORS, preset_of
from tui_models.gateway import GatewayClient
from tui_models.listing.gather import gather
from tui_models.probe.calls import probe_all
from tui_models.session import Session

from .test_sdks import import_sdk

pytestmark = pytest.mark.e2e  # real servers and processes

SAYS_UP_FRONT = {"memorylake", "new-api", "litellm"}
"""Flavours that publish which API each model takes (endpoint types, LiteLLM's mode)."""

RUNNER = r"""
import contextlib, io, json, sys, traceback
results = []
for code in json.load(sys.stdin):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "<snippet>", "exec"), {"__name__": "__main__"})
        results.append({"ok": True, "out": out.getvalue()})
    except BaseException:
        results.append({"ok": False, "out": traceback.format_exc(limit=1)[-600:]})
json.dump(results, sys.stdout)
"""


def _environment(key: str) -> dict[str, str]:
    """What a snippet runs with: the key in the profile's variable, nothing of the host's
    own SDK settings (base URLs, tokens, proxies)."""
    keep = {name: os.environ[name] for name in ("PATH", "HOME", "NO_PROXY", "LANG")
            if name in os.environ}
    return {**keep, DEMO_KEY_ENV: key, "no_proxy": "127.0.0.1,localhost"}


async def _probed(gateway: DemoGateway, flavor: str):
    profile = demo_profile(gateway, preset=preset_of(flavor), timeout=20)
    session = Session(profile, profile.api_key, demo=True)
    found = await gather(session, profile.offered, use_cache=False)
    models = found.listing.records()
    up_front = {(m.protocol, m.id): snippets.endpoint_of(m) for m in models}
    async with GatewayClient(profile, profile.api_key) as client:
        results = await probe_all(client, models, concurrency=4)
    for model, result in results:
        model.probe = result
    return profile, [(m, r) for m, r in results], up_front


@pytest.mark.parametrize("flavor", [f for f in FLAVORS if f != "null-lists"])
def test_every_snippet_runs_as_written_against_its_flavour(flavor):
    for sdk in ("openai", "anthropic", "google.genai"):
        import_sdk(sdk)
    with DemoGateway(flavor=flavor) as gateway:
        profile, results, up_front = asyncio.run(_probed(gateway, flavor))
        answered = [m for m, r in results if r.ok]
        assert answered, f"{flavor}: no model answered a probe"
        chosen: dict[tuple[str, str], object] = {}
        for model in answered:
            chosen.setdefault((model.protocol, snippets.endpoint_of(model)), model)
        assert any(endpoint == "responses" for _, endpoint in chosen) or \
            flavor in ("anthropic", "gemini"), "a Responses-only model is among the callable"
        env = _environment(profile.api_key.reveal())
        python = [snippets.python_sdk(profile, m) for m in chosen.values()]
        ran = subprocess.run([sys.executable, "-c", RUNNER], input=json.dumps(python),
                             env=env, capture_output=True, text=True, timeout=300)
        assert ran.returncode == 0, ran.stderr[-2000:]
        for (protocol, endpoint), model, result in zip(chosen, chosen.values(),
                                                       json.loads(ran.stdout), strict=True):
            assert result["ok"], f"{flavor} {protocol} {endpoint} {model.id}: {result['out']}"
        for (protocol, endpoint), model in chosen.items():
            curl = snippets.curl(profile, model)
            done = subprocess.run(["bash", "-c", curl], env=env, capture_output=True,
                                  text=True, timeout=60)
            assert done.returncode == 0, f"{flavor} {model.id}: {done.stderr}"
            reply = json.loads(done.stdout)
            assert "error" not in reply, f"{flavor} {protocol} {endpoint} {model.id}: {reply}"
        if flavor in SAYS_UP_FRONT:  # right before any probe, too
            for model in answered:
                answered_at = next(r for m, r in results if m is model).endpoint
                assert up_front[model.protocol, model.id] == answered_at, model.id

"""The load state machine (`tui_models.listing.loading`): the same stages for the explorer and for
scripts, and the regressions that came from the App keeping its own copy of them."""

from __future__ import annotations

import asyncio
import logging
import os
import time

import pytest

from tui_models import logs
from tui_models.cli.demo import demo_profile
from tui_models.demo import DemoGateway
from tui_models.demo.data import CURATED, DemoModel
from tui_models.gateway import GatewayClient
from tui_models.listing.loading import ProtocolLoad, Stage
from tui_models.secret import Secret
from tui_models.store.lists import ListCache

from .tui_helpers import drawn, loaded, make_app, wait_until

NEW = DemoModel("fresh-off-the-press", "openai", "Fresh", 64_000, 8_192, 1, 2)


def test_every_key_ever_loaded_is_redacted_from_the_log():
    first, second = Secret("sk-first-key-aaaaaaaaaaaa"), Secret("sk-second-key-bbbbbbbbbbbb")
    logs.setup(first)
    logs.setup(second)  # a profile switch
    log = logging.getLogger("tui_models.test")
    log.error("server said %s and %s", first.reveal(), second.reveal())
    for handler in logging.getLogger("tui_models").handlers:
        handler.flush()
    text = logs.log_path().read_text()
    assert "server said" in text
    assert first.reveal() not in text and second.reveal() not in text
    assert os.stat(logs.log_path()).st_mode & 0o777 == 0o600


def test_stages_say_what_is_still_to_come():
    assert {s for s in Stage if s.busy} == {Stage.WAITING, Stage.CACHED, Stage.FETCHING}
    assert ProtocolLoad("openai", offered=False).stage is Stage.OFF
    assert not ProtocolLoad("openai", offered=False).begin()



def openai_load(gw: DemoGateway, root) -> tuple[ProtocolLoad, GatewayClient]:
    """A load of the demo's OpenAI list, cached under `root`, and a client (no retries)."""
    profile = demo_profile(gw, timeout=5)
    load = ProtocolLoad("openai", ListCache(gw.url, profile.api_key, root=root))
    return load, GatewayClient(profile, profile.api_key, retries=0)


@pytest.mark.e2e
def test_fresh_then_stale_then_fresh_with_the_real_fetch_time(tmp_path):
    with DemoGateway() as gw:
        load, gateway = openai_load(gw, tmp_path)

        async def run():
            async with gateway as client:
                assert (await load.fetch(client)).stage is Stage.FRESH
                fetched = load.previous.fetched_at
                gw.faults = {"openai": "html-502"}
                assert (await load.fetch(client)).stage is Stage.STALE
                assert load.stale is load.previous and load.previous.fetched_at == fetched
                assert time.time() - load.stale.fetched_at < 60
                assert len(load.models) == len(load.previous.ids)
                gw.faults = {"openai": "key-rejected"}
                assert (await load.fetch(client)).stage is Stage.FAILED
                assert load.models == [] and load.stale is None
                gw.faults = {}
                assert (await load.fetch(client)).stage is Stage.FRESH

        asyncio.run(run())


@pytest.mark.e2e
async def test_a_first_fetch_rejected_then_refreshed_still_compares_with_the_cache():
    with DemoGateway() as gw:
        app = make_app(gw)
        async with app.run_test(size=(100, 30)) as pilot:
            await loaded(app, pilot)
        first_seen = {m.id: m.first_seen for m in app.loads["openai"].models}
        gw.set_models((*CURATED, NEW))
        gw.faults = {"openai": "key-rejected"}
        app = make_app(gw)
        async with app.run_test(size=(100, 30)) as pilot:
            await loaded(app, pilot)
            assert app.loads["openai"].stage is Stage.FAILED
            gw.faults = {}
            await pilot.press("r")
            await wait_until(pilot, lambda: app.loads["openai"].stage is Stage.FRESH)
            models = app.loads["openai"].models
            assert [m.id for m in models if m.is_new] == [NEW.id]
            assert all(m.first_seen == first_seen[m.id] for m in models if m.id in first_seen)


@pytest.mark.e2e
async def test_a_refresh_that_fails_serves_the_last_list_as_just_fetched():
    with DemoGateway() as gw:
        app = make_app(gw, use_cache=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await loaded(app, pilot)
            gw.faults = {"openai": "html-502"}
            await pilot.press("r")
            await wait_until(pilot, lambda: app.loads["openai"].stage is Stage.STALE)
            await wait_until(pilot, lambda: "offline: cached just now"
                             in drawn(app).splitlines()[0], what="the title to say offline")


def test_a_refresh_builds_its_records_with_the_collector_paused(tmp_path, monkeypatch):
    """Every step of a refresh that builds or walks every record runs with the cyclic
    collector paused: a full collection there walked each record of the refresh, holding the
    interpreter lock (and the screen) for 100-300 ms at 100,000 models."""
    import gc

    from tui_models.listing import changes, loading

    seen: dict[str, bool] = {}
    for module, name in ((loading, "_by_text"), (loading, "mark_changes"), (loading, "_save"),
                         (changes, "record")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _name=name, _real=real, **k: (
            seen.__setitem__(_name, gc.isenabled()), _real(*a, **k))[1])
    with DemoGateway() as gw:
        load, gateway = openai_load(gw, tmp_path)

        async def run():
            async with gateway as client:
                for _ in range(2):  # the second compares with the first, by item text
                    assert (await load.fetch(client)).stage is Stage.FRESH

        assert gc.isenabled()
        asyncio.run(run())
        from tui_models.store.history import History

        changes.keep(History(gw.url, gateway.profile.api_key), {"openai": load},
                     {"openai": load.models})
    assert seen == {"_by_text": False, "mark_changes": False, "_save": False, "record": False}
    assert gc.isenabled()

"""The explorer's state owners, without Textual: the state, the rebuild queue, the title."""

from __future__ import annotations

import asyncio
from functools import partial

from tui_models.config import Profile
from tui_models.listing.loading import ProtocolLoad, Stage
from tui_models.model import Model, Probe
from tui_models.secret import Secret
from tui_models.session import Session
from tui_models.tui.rebuild import Rebuilder
from tui_models.tui.state import ExplorerState
from tui_models.tui.widgets.title import fit, parts


def session(name: str = "work") -> Session:
    profile = Profile(name=name, preset="memorylake", base_url="https://gw.example.com",
                      api_key_env="K", paths={"openai": "/v1/models", "claude": None,
                                              "gemini": None})
    return Session(profile, Secret("sk-test-1234567890abcd"))


def listed() -> dict[str, list[Model]]:
    return {"openai": [Model("claude-x", "openai"), Model("gpt-4o", "openai"),
                       Model("dall-e-3", "openai", kind="image")],
            "claude": [Model("claude-x", "claude")]}


class Immediate:
    """Runs the rebuilder's loop to completion at once (no event loop of the explorer)."""

    def __init__(self) -> None:
        self.commits = 0

    def start(self, run) -> None:
        asyncio.run(run())

    def committed(self) -> None:
        self.commits += 1


def state_with(models: dict[str, list[Model]], **options) -> ExplorerState:
    runner = Immediate()
    state = ExplorerState(session(), Rebuilder(runner.start, runner.committed), **options)
    state.listing.load(models)
    state.committed()
    return state


def test_the_target_follows_p_then_the_proto_term_then_the_first_protocol():
    state = state_with(listed())
    merged = next(m for m in state.models_in_view() if m.variants)
    assert state.target(merged).protocol == "openai"
    state.view.set_query("proto:claude")
    assert state.target(merged).protocol == "claude"
    assert state.next_protocol(merged) == "openai"
    assert state.target(merged).protocol == "openai"  # `p` beats the search term
    state.view.set_query("")
    single = next(m for m in state.models_in_view() if not m.variants)
    assert state.next_protocol(single) is None


def test_a_star_is_kept_searchable_and_saved(tmp_path):
    state = state_with(listed())
    model = next(m for m in state.models_in_view() if m.id == "gpt-4o")
    assert state.star(model) is True
    state.view.set_query("is:fav")
    assert [m.id for m in state.models_in_view()] == ["gpt-4o"]
    assert state.save_marks() is None
    state.open(session(), {})  # the same gateway again: the star is read back
    assert state.marks.favourites == ["gpt-4o"]


def test_the_empty_text_says_why_the_table_is_empty():
    state = state_with({})
    load = ProtocolLoad("openai")
    state.loads = {"openai": load}
    assert state.empty_text() == "Loading models…"
    load.stage = Stage.FRESH
    assert state.empty_text() == "This key sees no models here."
    state.view.set_protocol("claude")
    assert state.empty_text() == "The memorylake preset has no Claude list."
    state = state_with(listed(), query="nothing-like-this")  # one id: `why`'s verdict
    assert state.empty_text() == "`nothing-like-this` is not listed."
    state = state_with(listed(), query="nothing like-this")
    assert state.empty_text() == "No model matches “nothing like-this”."


def test_a_view_probe_skips_costly_kinds_and_a_batch_counts_what_came_back():
    state = state_with(listed())
    planned = state.view_probe()
    assert {m.id for m in planned.every} == {"claude-x", "gpt-4o", "dall-e-3"}
    assert "dall-e-3" not in {m.id for m in planned.chosen}
    assert planned.skipped == {"image": 1} and planned.protocols == "OpenAI"
    state.batch.start(2)
    gpt = next(m for m in planned.chosen if m.id == "gpt-4o")
    state.probed(gpt, Probe(True, 200, 10.0, 5.0, "gpt-4o", None, 1.0))
    state.probed(gpt, Probe(False, 503, 10.0, 5.0, None, "no channel", 2.0))
    assert (state.batch.done, state.batch.failed) == (2, 1)
    state.view.set_query("probe:fail")
    assert [m.id for m in state.models_in_view()] == ["gpt-4o"]


def test_pick_mode_puts_the_ids_used_last_first():
    first = state_with(listed())
    first.used("gpt-4o")
    assert first.save_marks() is None
    state = state_with(listed(), pick=True)
    assert state.models_in_view()[0].id == "gpt-4o" and state.recent_rows() == 1


def test_the_rebuilder_takes_what_arrives_meanwhile_in_one_more_turn():
    listing_changes: list[set[str]] = []

    async def scenario() -> int:
        started: list = []
        commits = 0

        def committed() -> None:
            nonlocal commits
            commits += 1

        rebuilder = Rebuilder(lambda run: started.append(asyncio.ensure_future(run())),
                              committed)
        state = ExplorerState(session(), rebuilder)
        listing = state.listing
        original = listing.prepare
        loop = asyncio.get_running_loop()
        models = listed()

        def prepare(changes, everything=False):
            if not listing_changes:  # two more arrive while the first rebuild runs
                loop.call_soon_threadsafe(rebuilder.request, listing,
                                          {"claude": models["claude"]})
                loop.call_soon_threadsafe(partial(rebuilder.request, listing,
                                                  everything=True))
            listing_changes.append(set(changes))
            return original(changes, everything=everything)

        listing.prepare = prepare  # type: ignore[method-assign]
        rebuilder.request(listing, {"openai": models["openai"]})
        while started and not started[-1].done():
            await asyncio.gather(*started)
        assert len(started) == 1 and not rebuilder.running
        assert {m.id for m in listing.index.models} == {"claude-x", "gpt-4o", "dall-e-3"}
        return commits

    assert asyncio.run(scenario()) == 2
    assert listing_changes == [{"openai"}, {"claude"}]


def test_a_held_rebuilder_takes_every_cached_list_in_one_rebuild_once_released():
    async def scenario() -> tuple[int, list[set[str]], set[str]]:
        started: list = []
        rebuilder = Rebuilder(lambda run: started.append(asyncio.ensure_future(run())),
                              lambda: None)
        listing = state_with({}).listing
        original, prepared = listing.prepare, []

        def prepare(changes, everything=False):
            prepared.append(set(changes))
            return original(changes, everything=everything)

        listing.prepare = prepare  # type: ignore[method-assign]
        rebuilder.held = True  # the cached lists are being read
        for protocol, models in listed().items():
            rebuilder.request(listing, {protocol: models})
        waited = len(started)
        rebuilder.release()
        await asyncio.gather(*started)
        return waited, prepared, {m.key[0] for m in listing.index.models}

    waited, prepared, protocols = asyncio.run(scenario())
    assert waited == 0 and prepared == [{"openai", "claude"}]
    assert {"openai", "claude"} <= protocols


def test_another_listing_drops_what_was_pending_for_the_old_one():
    async def scenario() -> list[str]:
        started: list = []
        seen: list[str] = []
        rebuilder = Rebuilder(lambda run: started.append(asyncio.ensure_future(run())),
                              lambda: None)
        old, new = state_with({}).listing, state_with({}).listing
        rebuilder.request(old, {"openai": [Model("a", "openai")]})
        rebuilder.request(new, {"openai": [Model("b", "openai")]})
        await asyncio.gather(*started)
        seen += [m.id for m in new.index.models]
        seen += [m.id for m in old.index.models]
        return seen

    assert asyncio.run(scenario()) == ["b"]


def test_the_title_drops_whole_parts_the_host_before_the_group():
    from tui_models.relay import RelayInfo

    relay = RelayInfo("one-hub", group="vip", group_source="inferred", quota_left_usd=12.4)
    found = parts(session(), {}, relay)
    wide = fit(found, 200).plain
    assert wide == ("tui-models  profile work · gw.example.com · key sk-…abcd · vip · "
                    "$12.40 left")
    narrow = fit(found, 50).plain
    assert "gw.example.com" not in narrow and "vip" in narrow and len(narrow) <= 50
    assert all(part in wide for part in narrow.removeprefix("tui-models  ").split(" · "))
    assert fit(found, 12).plain == "tui-models  "
    from dataclasses import replace

    named = session()
    named.profile = replace(named.profile, key_source="$WORK_KEY")
    assert "key sk-…abcd · from $WORK_KEY" in fit(parts(named, {}, relay), 200).plain
    assert "$WORK_KEY" not in fit(parts(named, {}, relay), 60).plain  # dropped before the key



def cached_state() -> ExplorerState:
    """A state whose loads each have a cached list (openai's offered, claude's not), unread."""
    from tui_models.listing.loading import loads_for
    from tui_models.store.lists import ListSnapshot

    work = session()
    loads = loads_for(work, ("openai", "claude", "gemini"))
    cache = loads["openai"].cache
    assert cache is not None
    for protocol, models in listed().items():
        for model in models:
            model.raw_item = f'{{"id": "{model.id}"}}'
        cache.save(ListSnapshot.of(protocol, models, 1000.0))
    state = ExplorerState(work, Rebuilder(lambda run: None, lambda: None))  # never rebuilds
    state.open(work, loads)
    return state


def test_small_cached_lists_are_indexed_before_the_first_frame():
    state = cached_state()
    state.warm_start()
    assert sorted(state.listing.index.models[i].id for i in state.view.rows) == \
        ["claude-x", "dall-e-3", "gpt-4o"]
    assert {p: load.stage for p, load in state.loads.items()} == \
        {"openai": Stage.CACHED, "claude": Stage.OFF, "gemini": Stage.OFF}


def test_large_cached_lists_are_left_to_the_workers(monkeypatch):
    from tui_models.listing import loading

    state = cached_state()
    monkeypatch.setattr(loading.read_small_caches, "__defaults__", (10,))  # 10 bytes at most
    state.warm_start()
    assert state.view.total == 0
    assert state.loads["openai"].stage is Stage.WAITING
    assert not state.loads["openai"]._cache_read  # its worker reads it

"""A cached list's records keep their items' texts in the cache file, not in memory
(`store.texts`): read back byte for byte, still readable after a newer list replaced the file,
in memory when the items are not ASCII, the file closed when the records go."""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path

import pytest

from tui_models.gateway.pages import PageReader
from tui_models.protocols import get
from tui_models.secret import Secret
from tui_models.store import texts
from tui_models.store.lists import ListCache, ListSnapshot


def snapshot_of(items: list[str]) -> ListSnapshot:
    reader = PageReader(get("openai"))
    for text in items:
        reader.item(json.loads(text), text)
    return ListSnapshot.of("openai", reader.page.models, 1000.0)


def items(tag: str, count: int = 5) -> list[str]:
    # Spacing as a server might send it: kept exactly, never re-encoded.
    return [f'{{"id": "m{i}",  "owned_by":"{tag}", "n": [1, 2.50, {i}]}}' for i in range(count)]


@pytest.fixture
def cache(tmp_path) -> ListCache:
    return ListCache("https://gw.example", Secret("sk-test"), root=tmp_path)


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_a_saved_list_reads_its_texts_from_the_file(cache):
    sent = items("acme")
    snapshot = snapshot_of(sent)
    assert all(type(m.raw_item) is str for m in snapshot.models)
    cache.save(snapshot)
    assert all(isinstance(m.raw_item, texts.Stored) for m in snapshot.models)
    assert [m.raw_text for m in snapshot.models] == sent
    assert [m.raw for m in snapshot.models] == [json.loads(t) for t in sent]
    loaded = cache.load("openai").models
    assert all(isinstance(m.raw_item, texts.Stored) for m in loaded)
    assert [m.raw_text for m in loaded] == sent


def test_texts_stay_readable_after_a_newer_list_replaced_the_file(cache):
    first = snapshot_of(items("first"))
    cache.save(first)
    loaded = cache.load("openai").models
    cache.save(snapshot_of(items("second", count=2)))  # renamed over the first file
    assert [m.raw_text for m in first.models] == items("first")
    assert [m.raw_text for m in loaded] == items("first")
    assert [m.raw_text for m in cache.load("openai").models] == items("second", count=2)


def test_a_list_saved_again_from_its_stored_texts_keeps_them(cache):
    snapshot = snapshot_of(items("acme"))
    cache.save(snapshot)
    cache.save(ListSnapshot.of("openai", cache.load("openai").models, 2000.0))
    assert [m.raw_text for m in cache.load("openai").models] == items("acme")


def test_items_that_are_not_ascii_keep_their_texts_in_memory(cache):
    sent = ['{"id": "ünï", "name": "Cødé \u202e"}', *items("acme", 2)]
    snapshot = snapshot_of(sent)
    cache.save(snapshot)
    loaded = cache.load("openai").models
    for models in (snapshot.models, loaded):
        assert all(type(m.raw_item) is str for m in models)
        assert [m.raw_text for m in models] == sent


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts /proc/self/fd")
def test_the_file_is_closed_when_its_records_go(cache):
    cache.save(snapshot_of(items("acme")))
    gc.collect()
    before = open_descriptors()
    loaded = cache.load("openai").models
    assert open_descriptors() == before + 1
    header_only = cache.load("openai", models=False)
    assert header_only.models is None and open_descriptors() == before + 1
    del loaded
    gc.collect()
    assert open_descriptors() == before


def test_a_file_changed_in_place_gives_no_text_rather_than_another(cache):
    snapshot = snapshot_of(items("acme"))
    path = cache.save(snapshot)
    with open(path, "r+b") as changed:  # no code of ours does this; a user might
        changed.truncate(os.path.getsize(path) // 3)
    assert {m.raw_text for m in snapshot.models} <= {"{}", *items("acme")}
    assert snapshot.models[-1].raw_text == "{}"


def test_a_fetched_record_points_into_its_page_until_the_cache_takes_its_text(tmp_path):
    # Real pages over loopback: no record holds a copy of its item's text, each reads it back
    # exactly from its page; once saved, from the file.
    from tui_models.cli.demo import demo_profile
    from tui_models.demo import DemoGateway
    from tui_models.gateway import GatewayClient

    with DemoGateway(extra_models=300) as gw:
        profile = demo_profile(gw, timeout=5)

        async def fetch():
            async with GatewayClient(profile, profile.api_key, retries=0) as client:
                return await client.fetch("openai")

        import asyncio

        models = asyncio.run(fetch()).models
    assert len(models) > 300
    places = [m.raw_item for m in models]
    assert all(type(p) is texts.Sliced for p in places)
    assert len({id(p.spans) for p in places}) == 1  # the one page the list came in
    for model in models:
        text = model.raw_text
        assert len(model.raw_item) == len(text) and text.startswith("{") and text.endswith("}")
        assert json.loads(text)["id"] == model.id
    sent = [m.raw_text for m in models]
    cache = ListCache(gw.url, profile.api_key, root=tmp_path)
    cache.save(ListSnapshot.of("openai", models, 1000.0))
    assert all(type(m.raw_item) is texts.Stored for m in models)
    assert [m.raw_text for m in models] == sent


def page_of(items: list[str]) -> bytearray:
    return bytearray(('{"object": "list", "data": [' + ", ".join(items) + "]}").encode())


def test_a_refreshed_page_takes_its_records_and_lets_the_previous_page_go():
    # A refresh where one item of many changed: every record now points into the new page,
    # none keeps the previous one.
    sent = items("acme", 50)
    first = PageReader(get("openai")).read(200, {}, page_of(sent))
    assert all(type(m.raw_item) is texts.Sliced for m in first.models)
    before = first.models[0].raw_item.spans
    known = {m.raw_text: m for m in first.models}
    changed = [*sent[:-1], '{"id": "m49", "owned_by": "someone else"}']
    again = PageReader(get("openai"), known=known).read(200, {}, page_of(changed))
    assert again.models[:-1] == first.models[:-1]
    assert {id(m.raw_item.spans) for m in again.models} == {id(again.models[-1].raw_item.spans)}
    assert all(m.raw_item.spans is not before for m in again.models)
    assert [m.raw_text for m in again.models] == changed


def test_records_holding_little_of_their_page_or_a_wide_or_echoing_one_take_copies():
    from tui_models.gateway.clean import Cleaner

    skipped = ['{"object": "model", "note": "' + "x" * 200 + '"}'] * 20  # no id: no record
    few = PageReader(get("openai")).read(200, {}, page_of([*skipped, *items("acme", 2)]))
    wide = PageReader(get("openai")).read(200, {}, page_of(
        [*items("acme", 5), '{"id": "m-wide", "name": "\u4e2d\u6587"}']))
    key = "sk-test-0123456789abcdef"
    echoing = PageReader(get("openai"), cleaner=Cleaner(Secret(key))).read(200, {}, page_of(
        [*items("acme", 5), '{"id": "leak", "description": "' + key + '"}']))
    assert echoing.echoed == 1
    for page in (few, wide, echoing):
        assert page.models and all(type(m.raw_item) is str for m in page.models)
    assert [m.raw_text for m in few.models] == items("acme", 2)
    assert key not in "".join(m.raw_text for m in echoing.models)


def test_a_relay_tables_equal_entries_are_one_object():
    from tui_models.gateway import bodies
    from tui_models.relay import onehub

    body = json.dumps({"data": {f"m{i}": {"groups": ["default"], "price": {
        "type": "tokens", "input": 1 + i % 2, "output": 2}} for i in range(6)}}).encode()
    payload = bodies.scan_entries(bytearray(body), onehub.pair, None)
    entries = payload["data"]
    assert list(entries) == [f"m{i}" for i in range(6)]
    assert entries["m0"] is entries["m2"] is entries["m4"]
    assert entries["m1"] is entries["m3"] and entries["m0"] != entries["m1"]
    odd = bodies.scan_entries(bytearray(b'{"data": {"a": 1, "b": 2}}'),
                              lambda pair: (pair[0], [pair[1]]), None)
    assert odd["data"] == {"a": [1], "b": [2]}  # not hashable: kept as it is

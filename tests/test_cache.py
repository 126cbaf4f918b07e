"""The list cache: stale-while-revalidate, atomic writes, corrupt files, new and gone models."""

from __future__ import annotations

import json
import os

import pytest

from tui_models.demo import DemoGateway
from tui_models.demo.data import CURATED, DemoModel
from tui_models.gateway import GatewayClient
from tui_models.listing.loading import ProtocolLoad
from tui_models.secret import Secret
from tui_models.store.lists import CacheCorrupt, ListCache, ListSnapshot
from tui_models.store.paths import cache_dir

from .helpers import run_cli

pytestmark = pytest.mark.e2e  # real servers, terminals or processes

KEY = "sk-cache-test-key-5e2b7c9a1f3d8064"
EXTRA = (DemoModel("brand-new-model", "openai", "Brand new", 128_000, 8_192, 1, 2),
         DemoModel("another-new-one", "meta", "Another", 32_000, 4_096, 0.5, 1))


def cache_files() -> list:
    return sorted((cache_dir() / "lists").rglob("*"))


def listing(capsys, gw: DemoGateway, *extra: str):
    code, out, err = run_cli(capsys, "list", "--base-url", gw.url, "--format", "json", *extra)
    return code, (json.loads(out) if out else []), err


@pytest.fixture
def keyed(monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", KEY)


def test_first_fetch_marks_nothing_new_and_second_marks_exactly_the_added(capsys, keyed):
    with DemoGateway(keys={KEY: "default"}) as gw:
        code, first, _ = listing(capsys, gw)
        assert code == 0 and first and not any(r["is_new"] for r in first)
        gw.set_models(CURATED + EXTRA)
        code, second, _ = listing(capsys, gw)
    assert code == 0
    new = [r for r in second if r["is_new"]]
    assert sorted((r["protocol"], r["id"]) for r in new) == \
        [("openai", "another-new-one"), ("openai", "brand-new-model")]
    first_seen = {(r["protocol"], r["id"]): r["first_seen"] for r in first}
    assert all(r["first_seen"] == first_seen[r["protocol"], r["id"]]
               for r in second if not r["is_new"])
    assert all(r["first_seen"] >= max(first_seen.values()) for r in new)


def test_gone_models_are_listed_on_request(capsys, keyed):
    removed = [m for m in CURATED if m.id in ("gpt-4o-mini", "claude-haiku-4-5")]
    with DemoGateway(keys={KEY: "default"}) as gw:
        listing(capsys, gw)
        gw.set_models([m for m in CURATED if m not in removed])
        code, records, _ = listing(capsys, gw, "--include-gone")
    assert code == 0
    assert not any(r["id"] == "gpt-4o-mini" and not r["is_gone"] for r in records)
    gone = {(r["protocol"], r["id"]) for r in records if r["is_gone"]}
    assert gone == {("openai", "gpt-4o-mini"), ("openai", "claude-haiku-4-5"),
                    ("claude", "claude-haiku-4-5")}


def test_offline_list_serves_the_cache_and_says_so(capsys, keyed):
    with DemoGateway(keys={KEY: "default"}) as gw:
        url = gw.url
        code, fresh, _ = listing(capsys, gw)
    assert code == 0
    code, out, err = run_cli(capsys, "list", "--base-url", url, "--format", "json",
                             "--timeout", "3")
    assert code == 3
    assert sorted(r["id"] for r in json.loads(out)) == sorted(r["id"] for r in fresh)
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert all("printing the cached list from just now" in line for line in lines)


def test_cache_never_holds_the_key(capsys, keyed):
    with DemoGateway(keys={KEY: "default"}) as gw:
        listing(capsys, gw)
    files = [p for p in cache_files() if p.is_file()]
    assert len(files) == 3
    for path in files:
        assert KEY not in str(path)
        text = path.read_text()
        assert KEY not in text and KEY[3:20] not in text
        assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_corrupt_cache_is_ignored_with_a_notice(capsys, keyed):
    with DemoGateway(keys={KEY: "default"}) as gw:
        listing(capsys, gw)
        openai = next(p for p in cache_files() if p.name == "openai.json")
        openai.write_text('{"version": 1, "protocol": "openai", "models": [[1, 2')
        code, records, err = listing(capsys, gw)
        assert code == 0 and records
        assert "warning: cache" in err and "unreadable" in err and "ignored" in err
        header, items, rows = openai.read_text().splitlines()  # rewritten whole
        assert json.loads(header)["version"] == 3
        assert len(json.loads(items)["items"]) == len(json.loads(header)["ids"]) \
            == json.loads(rows)["count"]
        openai.write_text('{"version": 2, "protocol": "openai", "fetched_at": 1, '
                          '"ids": ["a", "b"], "first_seen": [1]}\n')
        code, _, err = listing(capsys, gw)
        assert code == 0 and "corrupt" in err
        gw.faults = {"openai": "html-502"}
        openai.write_text(openai.read_text().split("\n")[0] + '\n{"items": [{"id": "x"}]}')
        code, _, err = listing(capsys, gw)
        assert code == 3 and "corrupt" in err and "OpenAI: server error (HTTP 502)" in err


def test_write_is_atomic(tmp_path, monkeypatch):
    cache = ListCache("https://gw.example", Secret(KEY), root=tmp_path)
    from tui_models.model import Model

    first = ListSnapshot.of("openai", [Model(id="a", protocol="openai", raw_item='{"id":"a"}')],
                        1.0)
    cache.save(first)

    def broken(descriptor):
        raise OSError("disk full")

    monkeypatch.setattr("tui_models.store.files.os.fsync", broken)
    with pytest.raises(OSError):
        cache.save(ListSnapshot.of("openai", [], 2.0))
    assert [m.id for m in cache.load("openai").models] == ["a"]
    assert sorted(os.listdir(cache.directory)) == ["openai.json"]


def test_round_trip_keeps_every_field(tmp_path):
    with DemoGateway() as gw:
        from tui_models.cli.demo import demo_profile

        profile = demo_profile(gw)
        cache = ListCache(gw.url, profile.api_key, root=tmp_path)

        async def run():
            async with GatewayClient(profile, profile.api_key) as client:
                first = await ProtocolLoad("gemini", cache).fetch(client)
                again = ProtocolLoad("gemini", cache)
                previous = await again.read_cache()
                second = await again.fetch(client)
                return first, previous, second

        import asyncio

        first, previous, second = asyncio.run(run())
    for fresh, cached in zip(first.result.models, previous.models, strict=True):
        for name in ("id", "display_name", "context_window", "methods", "capabilities",
                     "kind", "raw_text", "first_seen"):
            assert getattr(fresh, name) == getattr(cached, name), name
    # unchanged items are not parsed again: the cached records are reused as they are
    assert all(a is b for a, b in zip(second.models, previous.models, strict=True))


def test_corrupt_file_raises_cache_corrupt(tmp_path):
    cache = ListCache("https://gw.example", Secret(KEY), root=tmp_path)
    cache.directory.mkdir(parents=True)
    cache.path("claude").write_bytes(b"\xff\xfe not json")
    with pytest.raises(CacheCorrupt):
        cache.load("claude")
    assert cache.load("gemini") is None


def test_a_rejected_key_is_not_hidden_behind_the_cache(capsys, keyed):
    with DemoGateway(keys={KEY: "default"}) as gw:
        code, fresh, _ = listing(capsys, gw)
        assert code == 0 and fresh
        gw.faults = {p: "key-rejected" for p in ("openai", "claude", "gemini")}
        code, records, err = listing(capsys, gw)
    assert (code, records) == (1, [])
    assert "cached" not in err and err.count("key rejected") == 3


def test_is_gone_query_lists_only_the_gone(capsys, keyed):
    with DemoGateway(keys={KEY: "default"}) as gw:
        listing(capsys, gw)
        gw.set_models([m for m in CURATED if m.id != "deepseek-r1"])
        code, out, _ = run_cli(capsys, "list", "--base-url", gw.url, "is:gone",
                               "--format", "ids")
    assert (code, out) == (0, "deepseek-r1\n")

"""The cache file on disk: what a corrupt, strange or half-written file does (no server)."""

from __future__ import annotations

import os
import time

import pytest

from tui_models.model import Model
from tui_models.secret import Secret
from tui_models.store.lists import CacheCorrupt, ListCache, ListSnapshot


def _cache(tmp_path) -> ListCache:
    return ListCache("https://gw.example", Secret("sk-cache-test-key-0001"), root=tmp_path)


@pytest.mark.parametrize("bad", ["1e999", "NaN", "-Infinity"])
def test_times_that_are_not_finite_make_the_cache_corrupt(tmp_path, bad):
    cache = _cache(tmp_path)
    cache.directory.mkdir(parents=True)
    cache.path("openai").write_text(
        f'{{"version": 2, "protocol": "openai", "fetched_at": 1, "ids": ["a"], '
        f'"first_seen": [{bad}]}}\n{{"items": [{{"id": "a"}}]}}\n')
    with pytest.raises(CacheCorrupt):
        cache.load("openai")


def test_a_fifo_in_place_of_a_cache_file_is_refused_not_waited_on(tmp_path):
    cache = _cache(tmp_path)
    cache.directory.mkdir(parents=True)
    os.mkfifo(cache.path("openai"))  # no writer: a blocking open would wait forever
    with pytest.raises(CacheCorrupt, match="not a regular file"):
        cache.load("openai")


def test_leftovers_of_an_interrupted_save_are_removed_by_the_next(tmp_path):
    cache = _cache(tmp_path)
    cache.directory.mkdir(parents=True)
    old = cache.directory / ".openai.json.k3x_9qz1.tmp"  # the writer's temporary names
    old.write_text("half a list")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    fresh = cache.directory / ".openai.json.a8b7c6d5.tmp"  # another process saving right now
    fresh.write_text("being written")
    other = cache.directory / ".openai.json.notes"  # not a name the writer makes: not ours
    other.write_text("kept")
    os.utime(other, (time.time() - 3600, time.time() - 3600))
    cache.save(ListSnapshot.of("openai", [Model("a", "openai", raw_item='{"id":"a"}')], 1.0))
    assert not old.exists() and fresh.exists() and other.exists()
    assert [m.id for m in cache.load("openai").models] == ["a"]

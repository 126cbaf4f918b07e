"""The store: paths and names, the one atomic writer, bounded reads, and what a hostile or
damaged local file may cost (issue 26). No server: files only."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import logging
import os
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from tui_models.model import Model
from tui_models.secret import Secret
from tui_models.store import files, paths
from tui_models.store.files import (
    NotRegularFile,
    TooLarge,
    gunzip,
    read_bounded,
    read_json,
    read_up_to,
    write_atomic,
)
from tui_models.store.lists import CacheCorrupt, ListCache, ListSnapshot
from tui_models.store.marks import Marks
from tui_models.store.probes import ProbeStore
from tui_models.store.relay import RelayCache

KEY = Secret("sk-store-test-key-0001")
BASE = "https://gw.example"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


# -- paths and names ---------------------------------------------------------------------------

def test_every_store_keeps_the_names_of_existing_files():
    """Users' files stay where they are: the four schemes the stores used are one digest."""
    keyed = _sha(BASE + "\n" + KEY.fingerprint)
    assert ListCache(BASE, KEY).directory == paths.lists_dir() / keyed
    assert Marks(BASE).path == paths.marks_dir() / f"{_sha(BASE)}.json"
    assert ProbeStore(BASE, KEY).path == paths.probes_dir() / f"{keyed}.json"
    assert RelayCache(BASE, "fp").path == paths.relay_dir() / f"{_sha(BASE + chr(10) + 'fp')}.json"
    assert paths.digest(BASE, KEY.fingerprint) == keyed and paths.digest(BASE) == _sha(BASE)


def test_every_directory_is_where_it_was(tmp_path):
    cache = tmp_path / "cache" / "tui-models"  # the conftest's XDG_CACHE_HOME
    state = tmp_path / "state" / "tui-models"  # and XDG_STATE_HOME
    assert paths.cache_dir() == cache and paths.state_dir() == state
    assert (paths.lists_dir(), paths.relay_dir()) == (cache / "lists", cache / "relay")
    assert (paths.marks_dir(), paths.probes_dir(), paths.history_dir()) == \
        (state / "marks", state / "probes", state / "history")
    assert paths.catalogue_path() == cache / "catalog.json.gz"
    assert paths.log_path() == state / "errors.log"
    assert paths.ledger_path() == state / "written.json"
    assert paths.default_config_path() == tmp_path / "config" / "tui-models" / "config.toml"


def test_paths_follow_the_environment_and_fall_back_to_home(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert paths.lists_dir() == tmp_path / "home" / ".cache" / "tui-models" / "lists"
    assert paths.marks_dir() == tmp_path / "home" / ".local" / "state" / "tui-models" / "marks"


# -- the atomic writer -------------------------------------------------------------------------

def test_the_writer_streams_pieces_and_replaces_the_file_only_at_the_end(tmp_path):
    target = tmp_path / "a" / "b" / "file.json"
    write_atomic(target, b"old")
    seen = []

    def pieces():
        for piece in ("{", b'"k"', ":", "\u00e9", "}"):
            seen.append(target.read_bytes())  # while streaming, the old file stands whole
            yield piece

    assert write_atomic(target, pieces()) == target
    assert target.read_bytes() == '{"k":\u00e9}'.encode() and set(seen) == {b"old"}
    assert write_atomic(target, "text") and target.read_text() == "text"


def test_files_are_private_and_so_is_every_directory_made_for_them(tmp_path):
    target = tmp_path / "new" / "deeper" / "file"
    write_atomic(target, b"x")
    assert os.stat(target).st_mode & 0o777 == 0o600
    for directory in (tmp_path / "new", tmp_path / "new" / "deeper"):
        assert os.stat(directory).st_mode & 0o777 == 0o700


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "file"
    write_atomic(target, b"old")

    def pieces():
        yield "half"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, pieces())
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["file"]


def test_only_the_writers_own_old_leftovers_are_removed(tmp_path):
    target = tmp_path / "file.json"
    hour_ago = time.time() - 3600
    old, legacy = tmp_path / ".file.json.abc_1234.tmp", tmp_path / ".file.json.zzzz9999"
    fresh = tmp_path / ".file.json.qwerty12.tmp"  # another process writing now
    foreign = [tmp_path / ".file.json.bak", tmp_path / ".other.json.abc_1234.tmp"]
    for path in (old, legacy, fresh, *foreign):
        path.write_text("x")
    for path in (old, legacy, *foreign):
        os.utime(path, (hour_ago, hour_ago))
    write_atomic(target, b"new")
    assert not old.exists() and not legacy.exists()
    assert fresh.exists() and all(p.exists() for p in foreign)


def test_clobbering_replaces_a_symlink_never_its_target(tmp_path):
    precious = tmp_path / "precious"
    precious.write_text("mine")
    (tmp_path / "link").symlink_to(precious)
    write_atomic(tmp_path / "link", b"new")
    assert precious.read_text() == "mine" and not (tmp_path / "link").is_symlink()


# -- no clobbering -----------------------------------------------------------------------------

def test_no_clobber_writes_where_nothing_is_and_replaces_only_its_own_unchanged_file(tmp_path):
    target = tmp_path / "out.json"
    write_atomic(target, b"first", clobber=False)
    write_atomic(target, b"second", clobber=False)  # ours, unchanged since: replaced
    assert target.read_bytes() == b"second"
    with target.open("ab") as handle:  # the user edits it: no longer ours
        handle.write(b" edited")
    with pytest.raises(FileExistsError, match="already exists"):
        write_atomic(target, b"third", clobber=False)
    assert target.read_bytes() == b"second edited"


@pytest.mark.parametrize("change", ["touch", "chmod", "replace"])
def test_any_change_to_a_file_we_wrote_makes_it_not_ours(tmp_path, change):
    target = tmp_path / "out.json"
    write_atomic(target, b"ours", clobber=False)
    _wait_for_the_file_clock(target)
    if change == "touch":
        os.utime(target)
    elif change == "chmod":
        os.chmod(target, 0o644)
    else:
        (tmp_path / "other").write_bytes(b"ours")
        os.replace(tmp_path / "other", target)
    with pytest.raises(FileExistsError):
        write_atomic(target, b"again", clobber=False)


def _wait_for_the_file_clock(after: Path) -> None:
    """Until a change now gets a later time than `after` got (file-system clocks tick
    coarsely: a few milliseconds)."""
    probe = after.with_name("clock")
    while True:
        probe.write_bytes(b"")
        if os.stat(probe).st_ctime_ns > os.stat(after).st_ctime_ns:
            probe.unlink()
            return


def test_no_clobber_refuses_before_writing_a_file_that_is_not_ours(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("the user's")
    consumed = []

    def pieces():
        consumed.append(True)
        yield "x"

    with pytest.raises(FileExistsError):
        write_atomic(target, pieces(), clobber=False)
    assert target.read_text() == "the user's" and not consumed
    assert os.listdir(tmp_path) == ["notes.txt"]


def test_no_clobber_never_replaces_a_symlink(tmp_path):
    precious = tmp_path / "precious"
    precious.write_text("mine")
    link = tmp_path / "out.json"
    link.symlink_to(precious)
    with pytest.raises(FileExistsError):
        write_atomic(link, b"new", clobber=False)
    assert link.is_symlink() and precious.read_text() == "mine"


def test_a_file_appearing_while_we_write_is_not_clobbered(tmp_path):
    target = tmp_path / "out.json"

    def pieces():
        yield "ours"
        target.write_text("someone else's")  # appears between the check and the rename

    with pytest.raises(FileExistsError):
        write_atomic(target, pieces(), clobber=False)
    assert target.read_text() == "someone else's" and os.listdir(tmp_path) == ["out.json"]


def test_without_its_ledger_no_file_is_ours(tmp_path):
    target = tmp_path / "out.json"
    write_atomic(target, b"ours", clobber=False)
    paths.ledger_path().write_text("{not json")
    with pytest.raises(FileExistsError):
        write_atomic(target, b"again", clobber=False)
    paths.ledger_path().unlink()
    with pytest.raises(FileExistsError):
        write_atomic(target, b"again", clobber=False)


def test_a_document_written_unowned_is_never_replaced(tmp_path):
    target = tmp_path / "view.json"
    write_atomic(target, b"export", clobber=False, own=False)
    with pytest.raises(FileExistsError):
        write_atomic(target, b"again", clobber=False)
    owned = tmp_path / "config.json"
    write_atomic(owned, b"ours", clobber=False)
    with pytest.raises(FileExistsError):  # and an unowned write takes nothing that exists
        write_atomic(owned, b"again", clobber=False, own=False)


def test_export_save_streams_and_never_overwrites(tmp_path):
    from tui_models import export

    models = [Model("a", "openai", raw_item='{"id":"a"}'), Model("b\u202e", "claude")]
    written = export.save(models, tmp_path / "view.json")
    assert [r["id"] for r in json.loads(written.read_text())] == ["a", "b\u202e"]
    assert os.stat(written).st_mode & 0o777 == 0o600
    with pytest.raises(FileExistsError, match="already exists"):
        export.save(models, written)
    assert export.save(models, tmp_path / "view.csv").read_text().startswith("id,")


# -- bounded reads -----------------------------------------------------------------------------

def test_a_file_larger_than_its_bound_is_refused_unread(tmp_path):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(4 * 1024**3)  # sparse: 4 GiB that would take seconds and RAM to read
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge):
            read_json(huge, 1024 * 1024)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024
    (tmp_path / "small").write_bytes(b"12345")
    assert read_bounded(tmp_path / "small", 5) == b"12345"


def test_a_bounded_read_allocates_what_the_file_holds_not_the_bound(tmp_path):
    (tmp_path / "small.json").write_text('{"a": [1, 2, 3]}')
    tracemalloc.start()
    try:
        assert read_json(tmp_path / "small.json", 512 * 1024 * 1024) == {"a": [1, 2, 3]}
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024  # `read(limit + 1)` took 512 MiB first
    with open(tmp_path / "small.json", "rb") as handle:
        handle.read(5)
        assert read_up_to(handle, 4) == b' [1,' and read_up_to(handle, 100) == b" 2, 3]}"


def test_read_json_refuses_what_is_not_a_regular_file_without_waiting(tmp_path):
    os.mkfifo(tmp_path / "fifo")  # no writer: a blocking open would wait forever
    with pytest.raises(NotRegularFile):
        read_json(tmp_path / "fifo", 100)
    with pytest.raises(NotRegularFile):
        read_json(tmp_path, 100)
    with pytest.raises(FileNotFoundError):
        read_json(tmp_path / "absent", 100)
    (tmp_path / "ok.json").write_text('{"a": [1]}')
    assert read_json(tmp_path / "ok.json", 100) == {"a": [1]}
    with pytest.raises(TooLarge):
        read_json(tmp_path / "ok.json", 5)


def _bomb(size: int) -> bytes:
    """`size` zero bytes, gzipped (a 64 MiB bomb is 64 KB)."""
    encoder = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    chunk = bytes(1024 * 1024)
    return b"".join([*(encoder.compress(chunk) for _ in range(size // len(chunk))),
                     encoder.flush()])


def test_gunzip_stops_at_its_bound_and_knows_damage():
    assert gunzip(gzip.compress(b"a" * 100) + gzip.compress(b"b"), 101) == b"a" * 100 + b"b"
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge):
            gunzip(_bomb(64 * 1024 * 1024), 1024 * 1024)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024
    with pytest.raises(TooLarge):
        gunzip(gzip.compress(b"a" * 101), 100)
    with pytest.raises(ValueError, match="cut short"):
        gunzip(gzip.compress(b"a" * 1000)[:-12], 10_000)
    with pytest.raises(ValueError, match="not valid gzip"):
        gunzip(b"\x1f\x8bnot gzip", 100)


def test_a_gzip_bomb_as_the_downloaded_catalogue_is_ignored_with_a_notice(monkeypatch):
    """Issue 26: a 4 MB bomb as catalog.json.gz raised MemoryError; now it inflates no
    further than the cap (a small one here) and the bundled catalogue is used."""
    from tui_models.catalogue import snapshot

    monkeypatch.setattr(snapshot, "MAX_INFLATED", 1024 * 1024, raising=False)
    path = paths.catalogue_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(_bomb(32 * 1024 * 1024))
    tracemalloc.start()
    try:
        found, problem = snapshot.load()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found is not None and found.origin == "bundled"
    assert problem is not None and "ignored" in problem and "larger than" in problem
    assert peak < 24 * 1024 * 1024  # the bundled catalogue's records, not the 32 MiB bomb


def test_a_catalogue_file_too_large_to_be_one_is_not_read(monkeypatch):
    from tui_models.catalogue import snapshot

    path = paths.catalogue_path()
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        handle.truncate(snapshot.MAX_TRIMMED + 1)
    found, problem = snapshot.load()
    assert found.origin == "bundled" and "larger than" in (problem or "")


# -- the list cache: bounded like a network body -----------------------------------------------

def _cache_with_a_list(tmp_path: Path, count: int = 50) -> ListCache:
    cache = ListCache(BASE, KEY, root=tmp_path)
    models = [Model(f"m{i}", "openai", raw_item=json.dumps({"id": f"m{i}"})) for i in range(count)]
    cache.save(ListSnapshot.of("openai", models, 1.0))
    return cache


def test_a_list_cache_larger_than_its_cap_is_ignored_unread(tmp_path, monkeypatch):
    """Issue 26: a 1.5 GB cache file was read whole (3.1 GB RSS); now its size alone rules it
    out, with a notice, at a cap that grows with max_models."""
    from tui_models.store import lists

    monkeypatch.setattr(lists, "MIN_BYTES", 1000)
    monkeypatch.setattr(lists, "BYTES_PER_MODEL", 10)
    cache = _cache_with_a_list(tmp_path)
    assert cache.path("openai").stat().st_size > 1000
    small = ListCache(BASE, KEY, root=tmp_path, max_models=10)
    for models in (True, False):
        with pytest.raises(CacheCorrupt, match="larger than"):
            small.load("openai", models=models)
    roomy = ListCache(BASE, KEY, root=tmp_path, max_models=10_000)
    assert [m.id for m in roomy.load("openai").models] == [f"m{i}" for i in range(50)]


def test_a_huge_list_cache_costs_no_memory_and_becomes_a_notice(tmp_path):
    from tui_models.listing.loading import ProtocolLoad

    cache = _cache_with_a_list(tmp_path)
    with cache.path("openai").open("r+b") as handle:  # the same header, then 1.5 GB (sparse)
        handle.truncate(1536 * 1024 * 1024)
    load = ProtocolLoad("openai", cache)
    tracemalloc.start()
    try:
        previous = asyncio.run(load.read_cache())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert previous is None and peak < 16 * 1024 * 1024
    assert any("larger than" in notice and "ignored" in notice for notice in load.notices)


def test_the_list_cache_cap_follows_the_profiles_max_models(gateway):
    from dataclasses import replace

    from tui_models.cli.demo import demo_profile
    from tui_models.listing.loading import cache_for
    from tui_models.session import Session

    profile = replace(demo_profile(gateway), max_models=2_000_000)
    assert cache_for(Session(profile, profile.api_key)).max_bytes == 2_000_000 * 1024
    profile = replace(profile, max_models=10)
    assert cache_for(Session(profile, profile.api_key)).max_bytes == 128 * 1024 * 1024


# -- marks: one bad element no longer costs every star -----------------------------------------

def _marks_file(content: bytes) -> Marks:
    marks = Marks(BASE)
    marks.path.parent.mkdir(parents=True, exist_ok=True)
    marks.path.write_bytes(content)
    return marks


def test_a_bad_element_in_the_marks_file_costs_only_itself(tmp_path):
    """Issue 26: one bad element dropped every star, and the next `f` wrote the loss."""
    content = b'{"favourites": ["a", 1, "b", {"x": 2}], "recent": ["b", null]}'
    marks = _marks_file(content).load()
    assert marks.favourites == ["a", "b"] and marks.recent == ["b"]
    assert marks.problem is not None and "damaged" in marks.problem
    assert "3 bad entries" in marks.problem and str(marks.damaged_path) in marks.problem
    assert marks.damaged_path.read_bytes() == content
    assert os.stat(marks.damaged_path).st_mode & 0o777 == 0o600
    marks.star("c")
    marks.save()
    again = Marks(BASE).load()
    assert again.favourites == ["a", "b", "c"] and again.problem is None
    assert marks.damaged_path.read_bytes() == content  # the original is still there


@pytest.mark.parametrize("content", [b"{\"favourites\": [\"a\"", b"[1, 2]", b"\xff"])
def test_an_unreadable_marks_file_is_kept_aside_before_it_is_rewritten(content):
    marks = _marks_file(content).load()
    assert marks.favourites == [] and "ignored" in (marks.problem or "")
    assert marks.damaged_path.read_bytes() == content
    marks.star("x")
    marks.save()
    assert marks.damaged_path.read_bytes() == content


def test_an_oversized_marks_file_is_moved_aside_whole(monkeypatch):
    from tui_models.store import marks as module

    monkeypatch.setattr(module, "MAX_BYTES", 100)
    content = json.dumps({"favourites": [f"id-{i}" for i in range(50)]}).encode()
    marks = _marks_file(content).load()
    assert marks.favourites == [] and "larger than" in (marks.problem or "")
    assert marks.damaged_path.read_bytes() == content and not marks.path.exists()


def test_a_good_marks_file_says_nothing_and_makes_no_backup():
    marks = _marks_file(b'{"favourites": ["a"], "recent": ["a"]}').load()
    assert marks.problem is None and marks.favourites == ["a"]
    assert not marks.damaged_path.exists()


# -- errors.log ---------------------------------------------------------------------------------

@pytest.fixture
def log_reset():
    logger = logging.getLogger("tui_models")
    yield logger
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def test_errors_log_never_follows_a_symlink(tmp_path, log_reset, capfd):
    """Issue 26: errors.log as a symlink appended to its target and chmodded it 0600."""
    from tui_models import logs

    precious = tmp_path / "bashrc"
    precious.write_text("export PATH\n")
    os.chmod(precious, 0o644)
    paths.log_path().parent.mkdir(parents=True)
    paths.log_path().symlink_to(precious)
    logs.setup(KEY)
    log_reset.error("boom")
    assert precious.read_text() == "export PATH\n"
    assert os.stat(precious).st_mode & 0o777 == 0o644
    assert capfd.readouterr().err == ""  # and nothing on the user's screen


def test_errors_log_swapped_for_a_symlink_after_setup_is_not_followed(tmp_path, log_reset,
                                                                     capfd):
    from tui_models import logs

    precious = tmp_path / "bashrc"
    precious.write_text("export PATH\n")
    logs.setup(KEY)  # nothing there yet: the handler opens the file on the first record
    paths.log_path().symlink_to(precious)
    log_reset.error("boom")
    assert precious.read_text() == "export PATH\n"
    assert capfd.readouterr().err == ""


def test_errors_log_that_is_a_fifo_is_refused_without_waiting(log_reset, capfd):
    from tui_models import logs

    paths.log_path().parent.mkdir(parents=True)
    os.mkfifo(paths.log_path())  # no reader: a blocking open would wait forever
    logs.setup(KEY)
    assert not any(isinstance(h, logging.FileHandler) for h in log_reset.handlers)
    os.unlink(paths.log_path())
    logs.setup(KEY)  # a FIFO appearing after setup: refused when the first record comes
    os.mkfifo(paths.log_path())
    log_reset.error("boom")
    assert capfd.readouterr().err == ""


def test_errors_log_is_still_written_privately(log_reset):
    from tui_models import logs

    logs.setup(KEY)
    log_reset.error("boom %s", KEY.reveal())
    text = paths.log_path().read_text()
    assert "boom" in text and KEY.reveal() not in text
    assert os.stat(paths.log_path()).st_mode & 0o777 == 0o600


def test_the_store_modules_share_one_writer():
    """No store module opens temporary files of its own any more."""
    root = Path(files.__file__).parent
    for module in ("lists", "marks", "probes", "relay", "ledger"):
        text = (root / f"{module}.py").read_text()
        assert "tempfile" not in text and "hashlib" not in text and "fsync" not in text, module

"""The state (stars, recent ids, probe results, the error log) lives in `$XDG_STATE_HOME`, not
in the cache directory users clear; what earlier versions kept in the cache is moved there
once, with one notice, losing nothing (issue 24)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from tui_models.store import migrate, paths
from tui_models.store.marks import Marks
from tui_models.store.probes import ProbeStore

from .helpers import run_cli

OLD = "tui-models-demo"  # the demo's cache id: its marks file's name


def legacy(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "tui-models"  # where earlier versions wrote (conftest's XDG)


def write(path: Path, text: str, mtime: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def old_marks(tmp_path: Path, favourites: list[str]) -> Path:
    marks = legacy(tmp_path) / "marks" / f"{paths.digest(OLD)}.json"
    return write(marks, json.dumps({"favourites": favourites, "recent": []}))


# -- paths ------------------------------------------------------------------------------------

def test_state_and_cache_are_apart(tmp_path):
    state, cache = tmp_path / "state" / "tui-models", tmp_path / "cache" / "tui-models"
    assert paths.state_dir() == state and paths.history_dir() == state / "history"
    assert Marks("https://gw.example").path.parent == state / "marks"
    assert paths.probes_dir() == state / "probes" and paths.log_path() == state / "errors.log"
    assert (paths.lists_dir(), paths.relay_dir(), paths.catalogue_path()) == \
        (cache / "lists", cache / "relay", cache / "catalog.json.gz")


def test_linux_defaults_are_plain_xdg(monkeypatch, tmp_path):
    for name in ("XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    assert paths.state_dir() == tmp_path / ".local" / "state" / "tui-models"
    assert paths.cache_dir() == tmp_path / ".cache" / "tui-models"
    assert paths.default_config_path() == tmp_path / ".config" / "tui-models" / "config.toml"


def test_macos_follows_its_conventions_unless_an_xdg_variable_is_set(monkeypatch, tmp_path):
    for name in ("XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "darwin")
    support = tmp_path / "Library" / "Application Support" / "tui-models"
    assert paths.state_dir() == support
    assert paths.cache_dir() == tmp_path / "Library" / "Caches" / "tui-models"
    assert paths.default_config_path() == support / "config.toml"
    # A config where earlier versions read it is still read while the new place has none.
    old = write(tmp_path / ".config" / "tui-models" / "config.toml", "")
    assert paths.default_config_path() == old
    write(support / "config.toml", "")
    assert paths.default_config_path() == support / "config.toml"
    # The legacy cache (what the migration empties) is the XDG one on every platform.
    assert paths.legacy_cache_dir() == tmp_path / ".cache" / "tui-models"
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "st"))
    assert paths.state_dir() == tmp_path / "st" / "tui-models"


# -- migration --------------------------------------------------------------------------------

def test_the_state_moves_and_the_cache_stays(tmp_path):
    marks = old_marks(tmp_path, ["m-1"])
    probe = write(legacy(tmp_path) / "probes" / "abc.json", '{"x": 1}')
    log = write(legacy(tmp_path) / "errors.log", "old traceback\n")
    listed = write(legacy(tmp_path) / "lists" / "abc" / "openai.json", "[]")
    assert paths.legacy_state_left()  # so a command imports `migrate`
    notices = migrate.run()
    assert len(notices) == 1 and "moved 3 files" in notices[0]
    assert str(paths.state_dir()) in notices[0]
    assert not marks.exists() and not probe.exists() and not log.exists()
    assert not (legacy(tmp_path) / "marks").exists()  # the emptied folder goes too
    assert Marks(OLD).load().favourites == ["m-1"]
    assert (paths.probes_dir() / "abc.json").read_text() == '{"x": 1}'
    assert paths.log_path().read_text() == "old traceback\n"
    assert listed.exists() and listed.parent.parent == paths.lists_dir()  # cache stays cache
    assert migrate.run() == []  # nothing left to move: nothing said
    assert not paths.legacy_state_left()  # the lists left behind are cache, not state


def test_a_conflict_keeps_both_files(tmp_path):
    old = old_marks(tmp_path, ["old-star"])
    os.utime(old, (1_700_000_000, 1_700_000_000))
    newer = Marks(OLD)
    newer.favourites = ["new-star"]
    newer.save()
    notices = migrate.run()
    assert Marks(OLD).load().favourites == ["new-star"]  # what is in use stays
    backup = newer.path.with_name(newer.path.name + ".bak-1700000000")
    assert json.loads(backup.read_text())["favourites"] == ["old-star"]
    assert not old.exists()
    assert any(str(backup) in notice for notice in notices)
    # A second old copy meeting both: a third name, never an overwrite.
    old_marks(tmp_path, ["older-star"])
    os.utime(old, (1_700_000_000, 1_700_000_000))
    migrate.run()
    third = newer.path.with_name(newer.path.name + ".bak-1700000000-2")
    assert {json.loads(p.read_text())["favourites"][0] for p in
            newer.path.parent.iterdir()} == {"new-star", "old-star", "older-star"}
    assert third.exists()


def test_what_is_not_a_regular_file_is_left_where_it_is(tmp_path):
    target = write(tmp_path / "elsewhere.txt", "not ours")
    (legacy(tmp_path) / "probes").mkdir(parents=True)
    (legacy(tmp_path) / "probes" / "link.json").symlink_to(target)
    assert migrate.run() == []
    assert (legacy(tmp_path) / "probes" / "link.json").is_symlink()
    assert not paths.probes_dir().exists()


def test_a_file_that_cannot_be_moved_is_said_and_stays(tmp_path):
    old = old_marks(tmp_path, ["kept"])
    paths.state_dir().mkdir(parents=True)
    write(paths.state_dir() / "marks", "a file where the folder would go")
    notices = migrate.run()
    assert old.exists() and any("could not move" in n and "stays" in n for n in notices)


# -- the notice, said once --------------------------------------------------------------------

def test_a_command_says_it_once_on_stderr(tmp_path, capsys):
    old_marks(tmp_path, ["m-1"])
    code, out, err = run_cli(capsys, "whoami", "--demo")
    assert code == 0, err
    assert err.count("moved 1 file of stars") == 1 and "moved" not in out
    code, _, err = run_cli(capsys, "whoami", "--demo")
    assert code == 0 and "moved" not in err


async def test_the_explorer_tells_it_as_a_notification(tmp_path):
    from tui_models.cli.common import session_for
    from tui_models.tui.app import ModelsApp

    old_marks(tmp_path, ["m-1"])
    args = argparse.Namespace(demo=True, demo_models=0)
    with session_for(args, tui=True) as session:
        app = ModelsApp(session)
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await pilot.pause()
            told = [n.message for n in app._notifications if "moved 1 file" in n.message]
            assert len(told) == 1
            assert app.explorer.state.marks.favourites == ["m-1"]
    with session_for(args, tui=True) as session:
        assert session.notices == []


def test_the_probe_store_reads_the_moved_file(tmp_path):
    from tui_models.secret import Secret

    store = ProbeStore("https://gw.example", Secret("demo-key"))
    write(legacy(tmp_path) / "probes" / store.path.name, "{}")
    assert not store.path.exists()
    migrate.run()
    assert store.path.read_text() == "{}"

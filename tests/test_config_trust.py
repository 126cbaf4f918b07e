"""A config file runs `api_key_cmd` only when nobody else could have written it (issue 26),
and the command's output is bounded like a network body."""

from __future__ import annotations

import os
import time

import pytest

from tui_models.config import ConfigError, Overrides, load
from tui_models.config.keys import MAX_COMMAND_OUTPUT, resolve_key
from tui_models.store import paths as locations

from .helpers import run_cli

NOBODY = 65534
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file away needs root")


def write_config(text: str, mode: int = 0o600):
    path = locations.default_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    os.chmod(path, mode)
    return path


KEY_CMD = '[profiles.default]\napi_key_cmd = "echo sk-from-command-0001"\n'


@pytest.mark.parametrize("level", [1, 2])
def test_a_key_command_below_a_directory_others_can_write_is_refused(capsys, level):
    path = write_config(KEY_CMD)
    directory = path.parents[level - 1]  # tui-models/, then the XDG config home
    os.chmod(directory, 0o777)
    try:
        with pytest.raises(ConfigError) as caught:
            load()
        message = str(caught.value)
        assert message.startswith(f"{path} runs api_key_cmd but other users can write "
                                  f"{directory}: chmod go-w {directory}")
        code, _, err = run_cli(capsys, "list")
        assert code == 2 and err.count("\n") == 1 and str(directory) in err
        os.chmod(directory, 0o755)
        assert load().profile.api_key_cmd == "echo sk-from-command-0001"
    finally:
        os.chmod(directory, 0o700)


def test_a_group_writable_config_may_not_run_a_key_command():
    path = write_config(KEY_CMD, mode=0o620)
    with pytest.raises(ConfigError, match="other users can write it: chmod go-w"):
        load()
    os.chmod(path, 0o600)
    assert load().profile.api_key_cmd


def test_a_sticky_directory_like_tmp_is_accepted_and_the_walk_stops_at_home(tmp_path,
                                                                            monkeypatch):
    """/tmp-like directories (sticky, writable by all) cannot have our entries replaced;
    above the home directory nothing is checked, as ssh does."""
    path = write_config(KEY_CMD)
    os.chmod(path.parent, 0o1777)
    assert load().profile.api_key_cmd  # sticky: accepted
    os.chmod(path.parent, 0o700)
    home = path.parent.parent  # the XDG config home stands in for $HOME
    monkeypatch.setenv("HOME", str(home))
    os.chmod(home.parent, 0o777)  # above home: not ours to judge
    try:
        assert load().profile.api_key_cmd
        monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))  # outside home: up to /
        with pytest.raises(ConfigError, match=f"other users can write {home.parent}:"):
            load()
    finally:
        os.chmod(home.parent, 0o700)


def test_a_link_to_a_config_in_a_writable_directory_is_refused(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "config.toml"
    target.write_text(KEY_CMD)
    os.chmod(target, 0o600)
    os.chmod(shared, 0o777)
    link = tmp_path / "config.toml"
    link.symlink_to(target)
    with pytest.raises(ConfigError, match=f"other users can write {shared}:"):
        load(Overrides(config=str(link)))
    os.chmod(shared, 0o700)
    assert load(Overrides(config=str(link))).profile.api_key_cmd


@as_root
def test_a_config_another_user_owns_may_not_run_a_key_command(capsys):
    path = write_config(KEY_CMD, mode=0o644)
    os.chown(path, NOBODY, NOBODY)
    with pytest.raises(ConfigError) as caught:
        load()
    assert str(caught.value).startswith(f"{path} runs api_key_cmd but it belongs to another "
                                        f"user (uid {NOBODY})")
    code, _, err = run_cli(capsys, "list")
    assert code == 2 and str(path) in err and "sk-from-command" not in err
    os.chown(path, os.geteuid(), os.getegid())
    assert load().profile.api_key_cmd


@as_root
def test_a_directory_another_user_owns_is_refused_even_when_sticky():
    path = write_config(KEY_CMD)
    os.chown(path.parent, NOBODY, NOBODY)
    os.chmod(path.parent, 0o1777)
    try:
        with pytest.raises(ConfigError, match=f"but {path.parent} belongs to another user"):
            load()
    finally:
        os.chown(path.parent, os.geteuid(), os.getegid())
        os.chmod(path.parent, 0o700)


def test_a_profile_without_a_key_command_is_not_judged():
    path = write_config('[profiles.default]\nbase_url = "https://gw.example"\n')
    os.chmod(path.parent, 0o777)
    try:
        assert load().profile.base_url == "https://gw.example"
    finally:
        os.chmod(path.parent, 0o700)


@pytest.mark.e2e  # runs a shell command
def test_a_key_command_that_prints_forever_is_stopped_at_its_bound():
    write_config('[profiles.default]\napi_key_cmd = "yes sk-endless-key-0001"\ntimeout = 20\n')
    started = time.monotonic()
    with pytest.raises(ConfigError) as caught:
        resolve_key(load().profile, env={})
    assert f"printed more than {MAX_COMMAND_OUTPUT // 1024} KB" in str(caught.value)
    assert "sk-endless" not in str(caught.value)
    assert time.monotonic() - started < 10  # the bound stopped it, not the 20 s timeout


@pytest.mark.e2e  # runs a shell command
def test_a_key_command_that_hangs_is_stopped_at_the_timeout():
    write_config('[profiles.default]\napi_key_cmd = "sleep 30"\ntimeout = 0.5\n')
    started = time.monotonic()
    with pytest.raises(ConfigError, match=r"did not finish within 0.5 s"):
        resolve_key(load().profile, env={})
    assert time.monotonic() - started < 10


@pytest.mark.e2e  # runs a shell command
def test_a_key_command_just_under_the_bound_still_gives_its_first_line():
    filler = "x" * (MAX_COMMAND_OUTPUT - 100)
    write_config(f"[profiles.default]\napi_key_cmd = \"printf 'sk-fits-0001\\\\n{filler}'\"\n")
    assert resolve_key(load().profile, env={}).reveal() == "sk-fits-0001"

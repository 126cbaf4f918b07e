"""Where a profile's API key comes from, and the rules a key must pass before it is sent.

Sources, first found wins: the profile's environment variable, `api_key` in the config
file, the output of `api_key_cmd`. Never a command-line flag. Never imports Textual.

A key goes only to the host it was configured for: a profile's own key sources stay with
its base URL (`loader` drops them when flags move it elsewhere), an SDK's key variable
(`OPENAI_API_KEY`…) with the host its base URL variable names (`OPENAI_BASE_URL`…) when
that is set, MemoryLake's key with MemoryLake's host.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from tui_models.config.presets import PRESETS
from tui_models.config.profile import Profile
from tui_models.config.sdk import KEY_BASES
from tui_models.config.urls import host_of, same_host
from tui_models.errors import ConfigError
from tui_models.secret import Secret
from tui_models.store.paths import default_config_path

if TYPE_CHECKING:
    import subprocess

FALLBACK_KEY_ENV = {"new-api": "memorylake"}
"""A new-api preset may take the key of MemoryLake's preset, but only on MemoryLake's own host:
a key is never sent to a host the user did not give it for."""

MAX_COMMAND_OUTPUT = 64 * 1024
"""Most bytes read from `api_key_cmd`: a key is one line; a command that prints forever is
stopped here, not when memory runs out."""

_KEY_CHARS = re.compile(r"[\x21-\x7e]+")


def key_source(profile: Profile, env: Mapping[str, str] | None = None) -> str:
    """Where `resolve_key` reads the key from, named as its errors name it: "$VAR",
    "api_key of profile 'x'", "api_key_cmd of profile 'x'". The variable it would read
    when no source is set."""
    env = os.environ if env is None else env
    if env.get(profile.api_key_env, "").strip():
        return f"${profile.api_key_env}"
    if profile.api_key:
        return f"api_key of profile {profile.name!r}"
    if profile.api_key_cmd:
        return f"api_key_cmd of profile {profile.name!r}"
    fallback = _fallback(profile, env)
    return f"${fallback}" if fallback else f"${profile.api_key_env}"


def resolve_key(profile: Profile, env: Mapping[str, str] | None = None,
                warnings: list[str] | None = None) -> Secret:
    """The profile's key: its environment variable, then `api_key`, then `api_key_cmd`.

    Each source's first line is the key (as `pass` and git credential helpers print it); a key
    that still holds a space, a control or a non-ASCII character is refused before any
    request. With the new-api preset's own variable unset, `MEMORYLAKE_API_KEY` is used only
    when the base URL is MemoryLake's own host (a warning, appended to `warnings`, says so).
    An SDK key variable whose base URL variable names another host than the profile's is
    refused. Raises ConfigError with one line naming the source; the key itself is never
    echoed.
    """
    env = os.environ if env is None else env
    if env.get(profile.api_key_env, "").strip():
        _check_sdk_host(profile, profile.api_key_env, env)
        return _checked(env[profile.api_key_env], f"${profile.api_key_env}")
    if profile.api_key:
        return _checked(profile.api_key.reveal(), f"api_key of profile {profile.name!r}")
    if profile.api_key_cmd:
        return _run_key_command(profile)
    fallback = PRESETS.get(FALLBACK_KEY_ENV.get(profile.preset, ""))
    if fallback and _fallback(profile, env):
        if profile.base_url != fallback.base_url:
            raise ConfigError(
                f"no API key: set {profile.api_key_env} ({fallback.key_env} is only sent to "
                f"{fallback.base_url}, not to {profile.host})")
        if warnings is not None:
            warnings.append(f"{profile.api_key_env} is not set; using {fallback.key_env}")
        return _checked(env[fallback.key_env], f"${fallback.key_env}")
    raise ConfigError(
        f"no API key: set {profile.api_key_env} "
        f"(or api_key_cmd in profile {profile.name!r} of {default_config_path()})"
    )


def _fallback(profile: Profile, env: Mapping[str, str]) -> str | None:
    """The other preset's key variable this profile may fall back to, when it is set."""
    fallback = PRESETS.get(FALLBACK_KEY_ENV.get(profile.preset, ""))
    if fallback and profile.api_key_env == PRESETS[profile.preset].key_env and \
            env.get(fallback.key_env, "").strip():
        return fallback.key_env
    return None


def _check_sdk_host(profile: Profile, name: str, env: Mapping[str, str]) -> None:
    """ConfigError when `name` is an SDK's key variable whose base URL variable is set to
    another host than the profile's: that key belongs to that host."""
    base_env = KEY_BASES.get(name)
    configured = env.get(base_env, "") if base_env else ""
    if configured and not same_host(configured, profile.base_url):
        raise ConfigError(
            f"{name} is for {host_of(configured)} ({base_env}), not {profile.host}: it was "
            f"not sent (unset {base_env}, or name another variable in api_key_env)")


def _checked(value: str, source: str) -> Secret:
    """The first line of `value`, trimmed, as a key; ConfigError naming `source` otherwise."""
    lines = value.strip().splitlines()
    key = lines[0].strip() if lines else ""
    if not key:
        raise ConfigError(f"{source} is empty")
    if not _KEY_CHARS.fullmatch(key):
        raise ConfigError(f"the key from {source} holds spaces, control or non-ASCII "
                          "characters; it was not sent")
    return Secret(key)


class _TooMuch(Exception):
    """The command printed more than `MAX_COMMAND_OUTPUT` bytes."""


def _run_key_command(profile: Profile) -> Secret:
    """Run `api_key_cmd` with no input, at most `profile.timeout` seconds and at most
    `MAX_COMMAND_OUTPUT` bytes of output (its stderr is discarded), and check its first
    line as a key. Its output is never echoed."""
    import subprocess

    where = f"api_key_cmd of profile {profile.name!r}"
    try:
        with subprocess.Popen(profile.api_key_cmd or "", shell=True, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as process:
            try:
                output = _read_bounded(process, profile.timeout)
            except (subprocess.TimeoutExpired, _TooMuch):
                process.kill()
                raise
    except subprocess.TimeoutExpired:
        raise ConfigError(f"{where} did not finish within {profile.timeout:g} s") from None
    except _TooMuch:
        raise ConfigError(f"{where} printed more than {MAX_COMMAND_OUTPUT // 1024} KB; a key "
                          "is one line") from None
    except OSError as exc:
        raise ConfigError(f"{where} could not run: {exc.strerror}") from None
    if process.returncode != 0:
        raise ConfigError(f"{where} failed (exit status {process.returncode})")
    try:
        text = output.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{where} printed bytes that are not UTF-8") from None
    if not text.strip():
        raise ConfigError(f"{where} printed nothing")
    return _checked(text, where)


def _read_bounded(process: subprocess.Popen[bytes], timeout: float) -> bytes:
    """All of `process`'s stdout and its exit, within `timeout` seconds in total; raises
    subprocess.TimeoutExpired, or _TooMuch past `MAX_COMMAND_OUTPUT` bytes."""
    import selectors
    import subprocess
    import time

    deadline = time.monotonic() + timeout
    output = bytearray()
    assert process.stdout is not None
    descriptor = process.stdout.fileno()
    with selectors.DefaultSelector() as selector:
        selector.register(descriptor, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                raise subprocess.TimeoutExpired(process.args, timeout)
            chunk = os.read(descriptor, 65536)
            if not chunk:
                break
            output += chunk
            if len(output) > MAX_COMMAND_OUTPUT:
                raise _TooMuch
    process.wait(max(deadline - time.monotonic(), 0.001))
    return bytes(output)

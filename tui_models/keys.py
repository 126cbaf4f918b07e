"""Where a profile's API key comes from, and the rules a key must pass before it is sent.

Sources, first found wins: the profile's environment variable, `api_key` in the config
file, the output of `api_key_cmd`. Never a command-line flag. Never imports Textual.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from tui_models.config import PRESETS, Profile
from tui_models.errors import ConfigError
from tui_models.secret import Secret
from tui_models.store.paths import default_config_path

FALLBACK_KEY_ENV = {"new-api": "memorylake"}
"""A new-api preset may take the key of MemoryLake's preset, but only on MemoryLake's own host:
a key is never sent to a host the user did not give it for."""

_KEY_CHARS = re.compile(r"[\x21-\x7e]+")


def resolve_key(profile: Profile, env: Mapping[str, str] | None = None,
                warnings: list[str] | None = None) -> Secret:
    """The profile's key: its environment variable, then `api_key`, then `api_key_cmd`.

    Each source's first line is the key (as `pass` and git credential helpers print it); a key
    that still holds a space, a control or a non-ASCII character is refused before any
    request. With the new-api preset's own variable unset, `MEMORYLAKE_API_KEY` is used only
    when the base URL is MemoryLake's own host (a warning, appended to `warnings`, says so).
    Raises ConfigError with one line naming the source; the key itself is never echoed.
    """
    env = os.environ if env is None else env
    if env.get(profile.api_key_env, "").strip():
        return _checked(env[profile.api_key_env], f"${profile.api_key_env}")
    if profile.api_key:
        return _checked(profile.api_key.reveal(), f"api_key of profile {profile.name!r}")
    if profile.api_key_cmd:
        return _run_key_command(profile)
    fallback = PRESETS.get(FALLBACK_KEY_ENV.get(profile.preset, ""))
    if fallback and profile.api_key_env == PRESETS[profile.preset].key_env and \
            env.get(fallback.key_env, "").strip():
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


def _run_key_command(profile: Profile) -> Secret:
    import subprocess

    where = f"api_key_cmd of profile {profile.name!r}"
    try:
        done = subprocess.run(
            profile.api_key_cmd or "", shell=True, capture_output=True,
            timeout=profile.timeout, stdin=subprocess.DEVNULL, check=False,
        )
    except subprocess.TimeoutExpired:
        raise ConfigError(f"{where} did not finish within {profile.timeout:g} s") from None
    except OSError as exc:
        raise ConfigError(f"{where} could not run: {exc.strerror}") from None
    if done.returncode != 0:
        raise ConfigError(f"{where} failed (exit status {done.returncode})")
    try:
        output = done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{where} printed bytes that are not UTF-8") from None
    if not output.strip():
        raise ConfigError(f"{where} printed nothing")
    return _checked(output, where)

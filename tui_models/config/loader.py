"""`load`: read the config file, choose the profile, resolve the settings table over it,
and keep each key on its own host."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from tui_models.config import keys, sdk
from tui_models.config.presets import DEFAULT_PRESET, PRESETS
from tui_models.config.profile import Loaded, Overrides, Profile
from tui_models.config.settings import KNOWN, SETTINGS, Context
from tui_models.config.urls import host_of, same_host
from tui_models.config.validators import check_type
from tui_models.errors import ConfigError
from tui_models.store.files import NotRegularFile, open_regular, read_up_to
from tui_models.store.paths import default_config_path

MAX_CONFIG = 1024 * 1024
"""Largest config file read: a FIFO or /dev/zero named as the config never hangs the app."""

OWN_KEY = ("api_key_env", "api_key", "api_key_cmd")
"""A profile's own key sources: they are only used on the profile's own host."""


def load(overrides: Overrides | None = None, env: Mapping[str, str] | None = None) -> Loaded:
    """Resolve the profile to use from defaults, the config file, `env` and `overrides`.

    With no profile selected, no preset or base URL given and no MemoryLake key, the SDKs'
    variables make the profile (`sdk.from_environment`). Raises ConfigError.
    """
    overrides = overrides or Overrides()
    env = os.environ if env is None else env
    config_arg = overrides.config or env.get("TUI_MODELS_CONFIG")
    path = Path(config_arg).expanduser() if config_arg else default_config_path()
    data = _read_file(path, explicit=bool(config_arg))
    profiles = check_type(data.get("profiles", {}), dict, f"{path}: [profiles]")
    ctx = _context(data, profiles, path, overrides, env)
    found = None if ctx.name in profiles or _given_outside(overrides, env) else \
        _from_sdk_environment(env)
    if found:
        ctx.section, ctx.where = found.section, found.origin.removeprefix("from ")
    for setting in SETTINGS:
        setting.resolve(ctx)
    _keep_key_on_its_host(ctx)
    preset = ctx.values.pop("preset")
    origin = found.origin if found else _origin(ctx, in_file=ctx.name in profiles)
    relay = found.relay if found else preset.relay
    profile = Profile(name=ctx.name, preset=preset.name, relay=relay, origin=origin,
                      **ctx.values)
    profile = replace(profile, key_source=keys.key_source(profile, env))
    return Loaded(profile, ctx.warnings, tuple(profiles))


def _read_file(path: Path, explicit: bool) -> dict[str, Any]:
    try:
        with open_regular(path) as handle:
            data = read_up_to(handle, MAX_CONFIG + 1)
    except NotRegularFile:
        raise ConfigError(f"config file {path} is not a regular file") from None
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"config file not found: {path}") from None
        return {}
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    if len(data) > MAX_CONFIG:
        raise ConfigError(f"config file {path} is larger than {MAX_CONFIG // 1024} KB")
    from tui_models.compat import tomllib  # only with a file: start-up stays light

    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    except RecursionError:  # the parser recurses once per level of nesting
        raise ConfigError(f"config file {path} is not valid TOML: its tables or arrays are "
                          "nested too deeply") from None


def _context(data: Mapping[str, Any], profiles: Mapping[str, Any], path: Path,
             overrides: Overrides, env: Mapping[str, str]) -> Context:
    """The profile chosen (flag, then TUI_MODELS_PROFILE, then default_profile, then
    "default"); one that was asked for by name must exist. Unknown settings are warned."""
    default_name = check_type(data.get("default_profile", "default"), str,
                              f"{path}: default_profile")
    name = overrides.profile or env.get("TUI_MODELS_PROFILE") or default_name
    if name in profiles:
        section = check_type(profiles[name], dict, f"{path}: [profiles.{name}]")
    elif overrides.profile or env.get("TUI_MODELS_PROFILE") or "default_profile" in data:
        known = ", ".join(profiles) or "none defined"
        raise ConfigError(f"no profile {name!r} in {path} (profiles: {known})")
    else:
        section = {}
    where = f"{path}: [profiles.{name}]"
    ctx = Context(overrides, env, section, path, name, where)
    ctx.warnings += [f"{where}: unknown setting {key!r} ignored"
                     for key in section if key not in KNOWN]
    return ctx


def _given_outside(overrides: Overrides, env: Mapping[str, str]) -> bool:
    """Whether a preset or a base URL was given by flag or TUI_MODELS_* variable."""
    return bool(overrides.preset or overrides.base_url or env.get("TUI_MODELS_PRESET")
                or env.get("TUI_MODELS_BASE_URL"))


def _from_sdk_environment(env: Mapping[str, str]) -> sdk.Found | None:
    """The SDKs' profile, unless MemoryLake's key says the default preset is meant."""
    if env.get(PRESETS[DEFAULT_PRESET].key_env, "").strip():
        return None
    return sdk.from_environment(env)


def _keep_key_on_its_host(ctx: Context) -> None:
    """A profile's own key (api_key_env, api_key, api_key_cmd) is only sent to the host the
    profile names (its base_url, or its preset's). When a flag or TUI_MODELS_* variable moves
    the base URL to another host, the key comes from the preset's variable instead, and a
    warning says so. Without a host of its own (a hostless preset), the profile's key goes
    where the base URL given says, as before."""
    section = ctx.section
    sources = [key for key in OWN_KEY if section.get(key) is not None]
    if not sources or ctx.sources["base_url"] == "file":
        return
    own = section.get("preset") or DEFAULT_PRESET
    preset = PRESETS.get(own) if isinstance(own, str) else None  # not checked when overridden
    configured = section.get("base_url") or (preset.base_url if preset else None)
    if not isinstance(configured, str) or same_host(configured, ctx.values["base_url"]):
        return
    preset_env = ctx.preset.key_env
    ctx.values.update(api_key=None, api_key_cmd=None, api_key_env=preset_env)
    ctx.warnings.append(
        f"profile {ctx.name!r} keeps its key ({', '.join(sources)}) for {host_of(configured)}; "
        f"on {host_of(ctx.values['base_url'])} the key comes from ${preset_env}")


def _origin(ctx: Context, *, in_file: bool) -> str:
    """Where the settings came from, for the title and whoami."""
    parts = [f"profile {ctx.name!r} of {ctx.path}"] if in_file else []
    for setting in (s for s in SETTINGS if s.name in ("preset", "base_url")):
        source = ctx.sources[setting.name]  # which gateway this is
        label = setting.flag_label if source == "flag" else setting.env
        if source in ("flag", "env") and label not in parts:
            parts.append(label or "")
    if not parts:
        return f"from the {ctx.preset.name} preset's defaults"
    return "from " + (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1
                      else parts[0])

"""Profiles: which gateway to ask, with which key, and how.

A profile is built in layers, each overriding the one before:
built-in preset defaults < config file (`[profiles.NAME]`) < environment < command-line flags.
The API key comes from the profile's environment variable, then `api_key` in the file, then
`api_key_cmd`; never from a flag.

```toml
# $XDG_CONFIG_HOME/tui-models/config.toml
default_profile = "work"

[profiles.work]
preset = "memorylake"                # memorylake, new-api, openai, anthropic, gemini, openrouter,
                                     # openai-compatible
base_url = "https://app.memorylake.ai"
api_key_env = "WORK_MEMORYLAKE_KEY"  # or api_key_cmd = "pass show memorylake"
timeout = 20                         # seconds, total per protocol
verify = true                        # or ca_bundle = "/etc/ssl/corp.pem"
price_unit = "1k"                    # how `pricing.input/output` is quoted: 1k, 1m or token
headers = { "X-Team" = "ml" }
[profiles.work.paths]
claude = "/anthropic/v1/models"      # override a list path; false = not offered
```
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from tui_models import protocols
from tui_models.errors import ConfigError
from tui_models.locations import default_config_path
from tui_models.secret import Secret

DEFAULT_TIMEOUT = 30.0
PRICE_UNITS = ("auto", "1k", "1m", "token")


class Preset(NamedTuple):
    """A kind of gateway: its default base URL and key variable. Which lists it serves, and
    at which paths, each protocol says (`Protocol.list_paths`)."""

    name: str
    base_url: str | None
    key_env: str
    gateway: bool = False
    """A relay (one-hub, new-api): also send `Authorization: Bearer` on Claude/Gemini routes."""

    @property
    def paths(self) -> dict[str, str | None]:
        """Every registered protocol's list path on this preset (None: not offered)."""
        return {p.name: p.list_paths.get(self.name) for p in protocols.all_protocols()}


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("memorylake", "https://app.memorylake.ai", "MEMORYLAKE_API_KEY", gateway=True),
        Preset("new-api", None, "NEW_API_KEY", gateway=True),
        Preset("openai", "https://api.openai.com", "OPENAI_API_KEY"),
        Preset("anthropic", "https://api.anthropic.com", "ANTHROPIC_API_KEY"),
        Preset("gemini", "https://generativelanguage.googleapis.com", "GEMINI_API_KEY"),
        Preset("openrouter", "https://openrouter.ai/api", "OPENROUTER_API_KEY"),
        Preset("openai-compatible", None, "OPENAI_API_KEY", gateway=True),
    )
}
DEFAULT_PRESET = "memorylake"


@dataclass(frozen=True, slots=True)
class Profile:
    """Everything needed to list one gateway's models. Holds no key unless one was injected."""

    name: str
    preset: str
    base_url: str
    api_key_env: str
    paths: Mapping[str, str | None]
    api_key_cmd: str | None = None
    api_key: Secret | None = field(default=None, repr=False)
    timeout: float = DEFAULT_TIMEOUT
    verify: bool | str = True
    headers: Mapping[str, str] = field(default_factory=dict)
    price_unit: str = "auto"
    gateway: bool = False

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc

    def url_for(self, protocol: str) -> str | None:
        """The list URL for `protocol`, or None when this profile does not offer it."""
        path = self.paths.get(protocol)
        if not path:
            return None
        if "://" in path:
            return path
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    @property
    def offered(self) -> tuple[str, ...]:
        return tuple(p for p in protocols.names() if self.url_for(p))


class Overrides(NamedTuple):
    """Values from command-line flags; None means "not given"."""

    profile: str | None = None
    base_url: str | None = None
    preset: str | None = None
    config: str | None = None
    timeout: float | None = None


class Loaded(NamedTuple):
    """A resolved profile plus anything the user should be told about the config."""

    profile: Profile
    warnings: list[str]
    profiles: tuple[str, ...] = ()


def _read_file(path: Path, explicit: bool) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"config file not found: {path}") from None
        return {}
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    import tomllib  # only when there is a file: start-up stays light without one

    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None


def _check_type(value: Any, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        names = " or ".join(k.__name__ for k in _as_tuple(kind))
        raise ConfigError(f"{where} must be {names}")
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _validate_base_url(url: str, where: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{where} must be an http(s) URL such as https://gateway.example.com")
    return url.rstrip("/")


def _preset(name: str, where: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise ConfigError(
            f"{where}: unknown preset {name!r} (choose from {', '.join(PRESETS)})"
        ) from None


def _timeout(value: Any, where: str) -> float:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise ConfigError(f"{where} must be a number of seconds") from None
    value = float(_check_type(value, (int, float), where))
    if not 0 < value <= 3600:
        raise ConfigError(f"{where} must be between 0 and 3600 seconds")
    return value


_KNOWN_KEYS = {
    "preset", "base_url", "api_key_env", "api_key_cmd", "api_key", "timeout", "verify",
    "ca_bundle", "headers", "paths", "price_unit",
}


def load(overrides: Overrides | None = None, env: Mapping[str, str] | None = None) -> Loaded:
    """Resolve the profile to use from defaults, the config file, `env` and `overrides`."""
    overrides = overrides or Overrides()
    env = os.environ if env is None else env
    config_arg = overrides.config or env.get("TUI_MODELS_CONFIG")
    path = Path(config_arg).expanduser() if config_arg else default_config_path()
    data = _read_file(path, explicit=bool(config_arg))
    warnings: list[str] = []

    profiles = data.get("profiles", {})
    _check_type(profiles, dict, f"{path}: [profiles]")
    default_name = data.get("default_profile", "default")
    _check_type(default_name, str, f"{path}: default_profile")
    name = overrides.profile or env.get("TUI_MODELS_PROFILE") or default_name
    if name in profiles:
        section = _check_type(profiles[name], dict, f"{path}: [profiles.{name}]")
    elif overrides.profile or env.get("TUI_MODELS_PROFILE") or "default_profile" in data:
        known = ", ".join(profiles) or "none defined"
        raise ConfigError(f"no profile {name!r} in {path} (profiles: {known})")
    else:
        section = {}
    where = f"{path}: [profiles.{name}]"
    for key in section:
        if key not in _KNOWN_KEYS:
            warnings.append(f"{where}: unknown setting {key!r} ignored")

    preset_name = overrides.preset or env.get("TUI_MODELS_PRESET") or section.get("preset")
    preset = _preset(preset_name or DEFAULT_PRESET, "--preset" if overrides.preset else where)

    base_url = overrides.base_url or env.get("TUI_MODELS_BASE_URL") or section.get("base_url")
    base_url = base_url or preset.base_url
    if not base_url:
        raise ConfigError(
            f"preset {preset.name!r} has no default host: pass --base-url URL "
            f"or set base_url in profile {name!r}"
        )
    base_url = _validate_base_url(_check_type(base_url, str, f"{where} base_url"), "base URL")

    paths = preset.paths
    file_paths = _check_type(section.get("paths", {}), dict, f"{where} paths")
    for protocol, value in file_paths.items():
        if protocol not in paths:
            raise ConfigError(f"{where} paths: unknown protocol {protocol!r}")
        if value is False or value == "":
            paths[protocol] = None
        else:
            paths[protocol] = _check_type(value, str, f"{where} paths.{protocol}")

    timeout = DEFAULT_TIMEOUT
    if "timeout" in section:
        timeout = _timeout(section["timeout"], f"{where} timeout")
    if env.get("TUI_MODELS_TIMEOUT"):
        timeout = _timeout(env["TUI_MODELS_TIMEOUT"], "TUI_MODELS_TIMEOUT")
    if overrides.timeout is not None:
        timeout = _timeout(overrides.timeout, "--timeout")

    verify: bool | str = _check_type(section.get("verify", True), bool, f"{where} verify")
    if "ca_bundle" in section:
        verify = str(Path(_check_type(section["ca_bundle"], str, f"{where} ca_bundle"))
                     .expanduser())

    headers = _check_type(section.get("headers", {}), dict, f"{where} headers")
    for key, value in headers.items():
        _check_type(value, str, f"{where} headers.{key}")

    price_unit = _check_type(section.get("price_unit", "auto"), str, f"{where} price_unit")
    if price_unit not in PRICE_UNITS:
        raise ConfigError(f"{where} price_unit must be one of {', '.join(PRICE_UNITS)}")

    api_key = None
    if "api_key" in section:
        api_key = Secret(_check_type(section["api_key"], str, f"{where} api_key").strip())
        if _readable_by_others(path):
            warnings.append(
                f"{path} holds an API key and is readable by other users: chmod 600 {path}"
            )
    api_key_cmd = section.get("api_key_cmd")
    if api_key_cmd is not None:
        _check_type(api_key_cmd, str, f"{where} api_key_cmd")

    profile = Profile(
        name=name,
        preset=preset.name,
        base_url=base_url,
        api_key_env=_check_type(section.get("api_key_env", preset.key_env), str,
                                f"{where} api_key_env"),
        paths=paths,
        api_key_cmd=api_key_cmd,
        api_key=api_key,
        timeout=timeout,
        verify=verify,
        headers=dict(headers),
        price_unit=price_unit,
        gateway=preset.gateway,
    )
    return Loaded(profile, warnings, tuple(profiles))


def _readable_by_others(path: Path) -> bool:
    try:
        return bool(path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH))
    except OSError:
        return False


FALLBACK_KEY_ENV = {"new-api": "MEMORYLAKE_API_KEY"}
"""A new-api gateway takes the same keys as MemoryLake's (also a one-hub/new-api relay)."""


def resolve_key(profile: Profile, env: Mapping[str, str] | None = None,
                warnings: list[str] | None = None) -> Secret:
    """The profile's key: its environment variable, then `api_key`, then `api_key_cmd`.

    With the new-api preset's own variable unset, `MEMORYLAKE_API_KEY` is used, and a
    warning (appended to `warnings`) says so. Raises ConfigError with one line naming what
    to set; the key itself is never echoed.
    """
    env = os.environ if env is None else env
    value = env.get(profile.api_key_env, "").strip()
    if value:
        return Secret(value)
    if profile.api_key:
        return profile.api_key
    if profile.api_key_cmd:
        return _run_key_command(profile)
    fallback = FALLBACK_KEY_ENV.get(profile.preset)
    if fallback and profile.api_key_env == PRESETS[profile.preset].key_env:
        value = env.get(fallback, "").strip()
        if value:
            if warnings is not None:
                warnings.append(f"{profile.api_key_env} is not set; using {fallback}")
            return Secret(value)
    raise ConfigError(
        f"no API key: set {profile.api_key_env} "
        f"(or api_key_cmd in profile {profile.name!r} of {default_config_path()})"
    )


def _run_key_command(profile: Profile) -> Secret:
    import subprocess

    where = f"api_key_cmd of profile {profile.name!r}"
    try:
        done = subprocess.run(
            profile.api_key_cmd or "", shell=True, capture_output=True, text=True,
            timeout=profile.timeout, stdin=subprocess.DEVNULL, check=False,
        )
    except subprocess.TimeoutExpired:
        raise ConfigError(f"{where} did not finish within {profile.timeout:g} s") from None
    except OSError as exc:
        raise ConfigError(f"{where} could not run: {exc.strerror}") from None
    if done.returncode != 0:
        raise ConfigError(f"{where} failed (exit status {done.returncode})")
    value = done.stdout.strip()
    if not value:
        raise ConfigError(f"{where} printed nothing")
    return Secret(value)


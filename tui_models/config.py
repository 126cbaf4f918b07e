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
                                     # litellm, openai-compatible
base_url = "https://app.memorylake.ai"
api_key_env = "WORK_MEMORYLAKE_KEY"  # or api_key_cmd = "pass show memorylake"
timeout = 20                         # seconds, total per protocol
verify = true                        # or ca_bundle = "/etc/ssl/corp.pem"
price_unit = "1k"                    # how `pricing.input/output` is quoted: 1k, 1m or token
headers = { "X-Team" = "ml" }
probe_concurrency = 4                # probes in flight at once (T, tui-models probe)
max_models = 500000                  # most models read per list; body cap 512 bytes each
catalog = true                       # fill what lists leave out from models.dev (bundled)
group = "vip"                        # the key's group on a relay (default: inferred)
catalog_url = "https://models.dev/api.json"   # where `tui-models catalog update` downloads
[profiles.work.paths]
claude = "/anthropic/v1/models"      # override a list path; false = not offered
```
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import SplitResult, urlsplit

from tui_models import protocols
from tui_models.errors import ConfigError
from tui_models.presets import DEFAULT_PRESET, PRESETS, Preset
from tui_models.secret import Secret
from tui_models.store.files import (
    NotRegularFile,
    open_regular,
    readable_by_others,
    writable_by_others,
)
from tui_models.store.paths import default_config_path

DEFAULT_TIMEOUT = 30.0
PRICE_UNITS = ("auto", "1k", "1m", "token")

__all__ = ["DEFAULT_PRESET", "PRESETS", "ConfigError", "Loaded", "Overrides", "Preset",
           "Profile", "load"]


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
    probe_concurrency: int = 4
    """Probes in flight at once (`T`, `tui-models probe`)."""
    max_models: int = 500_000
    """Most models read per list (the body cap scales with it: 512 bytes a model, 64 MiB at
    least), so a gateway listing more is said so, and memory stays bounded."""
    catalog: bool = True
    """Fill what the lists leave out from the reference catalogue (models.dev)."""
    group: str | None = None
    """The key's group on a relay (its price ratio); inferred from the lists when None."""
    catalog_url: str = "https://models.dev/api.json"  # = DEFAULT_CATALOG_URL
    """Where `tui-models catalog update` downloads the catalogue from."""

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


DEFAULT_CATALOG_URL = "https://models.dev/api.json"


class Overrides(NamedTuple):
    """Values from command-line flags; None means "not given"."""

    profile: str | None = None
    base_url: str | None = None
    preset: str | None = None
    config: str | None = None
    timeout: float | None = None
    catalog: bool | None = None
    """False with `--no-catalog`."""


class Loaded(NamedTuple):
    """A resolved profile plus anything the user should be told about the config."""

    profile: Profile
    warnings: list[str]
    profiles: tuple[str, ...] = ()


MAX_CONFIG = 1024 * 1024
"""Largest config file read: a FIFO or /dev/zero named as the config never hangs the app."""


def _read_file(path: Path, explicit: bool) -> dict[str, Any]:
    try:
        with open_regular(path) as handle:
            data = handle.read(MAX_CONFIG + 1)
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


_EXAMPLE = "an http(s) URL such as https://gateway.example.com"
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_HEADER_VALUE = re.compile(r"[\x20-\x7e\t]*")


def _url_parts(url: str, where: str) -> SplitResult:
    """`url` split, or ConfigError saying what is wrong with it (never echoing it: it may
    hold a password)."""
    if any(c.isspace() or not c.isprintable() for c in url):
        raise ConfigError(f"{where} holds spaces, line breaks or control characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not 0-65535
    except ValueError as exc:
        raise ConfigError(f"{where} is not a valid URL ({exc}); it must be {_EXAMPLE}") \
            from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where} must be {_EXAMPLE}")
    if parts.username is not None or parts.password is not None:
        raise ConfigError(f"{where} holds a user name or password: keys and credentials go "
                          "in api_key_env or api_key_cmd, never in a URL")
    return parts


def _validate_base_url(url: str, where: str) -> str:
    parts = _url_parts(url, where)
    if parts.query or parts.fragment:
        raise ConfigError(f"{where} must not hold a query string or fragment (?… or #…)")
    return url.rstrip("/")


def _validate_path(value: str, base_url: str, where: str) -> str:
    """A list path (`/anthropic/v1/models`) or a full URL on the base URL's own origin."""
    if "://" not in value:
        if not value.startswith("/") or any(c.isspace() or not c.isprintable()
                                            for c in value):
            raise ConfigError(f"{where} must be a path starting with / (or a full URL)")
        return value
    parts, base = _url_parts(value, where), urlsplit(base_url)
    if (parts.scheme, parts.hostname, parts.port) != (base.scheme, base.hostname, base.port):
        raise ConfigError(f"{where} is on another host than the base URL: the key is only "
                          "sent to the base URL's host")
    return value


def _ca_bundle(value: str, where: str) -> str:
    import ssl

    path = Path(value).expanduser()
    if not path.is_file():
        raise ConfigError(f"{where}: {path} is not a file (a PEM file of CA certificates)")
    try:
        ssl.create_default_context(cafile=str(path))
    except (ssl.SSLError, OSError, ValueError):
        raise ConfigError(f"{where}: {path} holds no usable certificate (PEM expected)") \
            from None
    return str(path)


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
    "ca_bundle", "headers", "paths", "price_unit", "probe_concurrency", "catalog",
    "catalog_url", "group", "max_models",
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
            label = f"{where} paths.{protocol}"
            paths[protocol] = _validate_path(_check_type(value, str, label), base_url, label)

    timeout = DEFAULT_TIMEOUT
    if "timeout" in section:
        timeout = _timeout(section["timeout"], f"{where} timeout")
    if env.get("TUI_MODELS_TIMEOUT"):
        timeout = _timeout(env["TUI_MODELS_TIMEOUT"], "TUI_MODELS_TIMEOUT")
    if overrides.timeout is not None:
        timeout = _timeout(overrides.timeout, "--timeout")

    verify: bool | str = _check_type(section.get("verify", True), bool, f"{where} verify")
    if "ca_bundle" in section:
        verify = _ca_bundle(_check_type(section["ca_bundle"], str, f"{where} ca_bundle"),
                            f"{where} ca_bundle")

    headers = _check_type(section.get("headers", {}), dict, f"{where} headers")
    for key, value in headers.items():
        _check_type(value, str, f"{where} headers.{key}")
        if not _HEADER_NAME.fullmatch(key):
            raise ConfigError(f"{where} headers: {key!r} is not a valid header name")
        if not _HEADER_VALUE.fullmatch(value):
            raise ConfigError(f"{where} headers.{key} holds line breaks, control or non-ASCII "
                              "characters")

    price_unit = _check_type(section.get("price_unit", "auto"), str, f"{where} price_unit")
    concurrency = section.get("probe_concurrency", 4)
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or \
            not 1 <= concurrency <= 32:
        raise ConfigError(f"{where} probe_concurrency must be a whole number from 1 to 32")
    max_models = section.get("max_models", 500_000)
    if isinstance(max_models, bool) or not isinstance(max_models, int) or \
            not 1_000 <= max_models <= 10_000_000:
        raise ConfigError(f"{where} max_models must be a whole number from 1000 to 10000000")
    catalog = _check_type(section.get("catalog", True), bool, f"{where} catalog")
    if overrides.catalog is False:
        catalog = False
    catalog_url = _check_type(section.get("catalog_url", DEFAULT_CATALOG_URL), str,
                              f"{where} catalog_url")
    _url_parts(catalog_url, f"{where} catalog_url")
    if price_unit not in PRICE_UNITS:
        raise ConfigError(f"{where} price_unit must be one of {', '.join(PRICE_UNITS)}")

    api_key = None
    if "api_key" in section:
        api_key = Secret(_check_type(section["api_key"], str, f"{where} api_key").strip())
        if readable_by_others(path):
            warnings.append(
                f"{path} holds an API key and is readable by other users: chmod 600 {path}"
            )
    api_key_cmd = section.get("api_key_cmd")
    if api_key_cmd is not None:
        _check_type(api_key_cmd, str, f"{where} api_key_cmd")
        if writable_by_others(path):
            raise ConfigError(f"{path} runs api_key_cmd but other users can write it: "
                              f"chmod go-w {path}")

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
        probe_concurrency=concurrency,
        max_models=max_models,
        catalog=catalog,
        catalog_url=catalog_url,
        group=_check_type(section.get("group"), (str, type(None)), f"{where} group"),
    )
    return Loaded(profile, warnings, tuple(profiles))

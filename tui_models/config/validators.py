"""The checks behind the settings table: each takes the setting's row, the value one layer
gave (with the label errors name it by) and the resolution so far, and returns the value to
keep, or raises ConfigError with one sentence. None of them echoes a URL or a key."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui_models.config import trust
from tui_models.config.presets import PRESETS, Preset
from tui_models.config.urls import url_parts, validate_base_url, validate_path
from tui_models.errors import ConfigError
from tui_models.secret import Secret
from tui_models.store.files import readable_by_others

if TYPE_CHECKING:
    from tui_models.config.settings import Context, Given, Setting


def check_type(value: Any, kind: type | tuple[type, ...], where: str) -> Any:
    """`value` when it is of `kind` (a bool is no number); ConfigError naming `where`."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in kinds):
        names = " or ".join(k.__name__ for k in kinds)
        raise ConfigError(f"{where} must be {names}")
    return value


def preset(row: Setting, given: Given, ctx: Context) -> Preset:
    """The preset named; an unknown one names the flag when it came from `--preset`."""
    where = given.label if given.source == "flag" else ctx.where
    name, known = given.value, row.choices or ()
    if isinstance(name, str) and name in known:
        return PRESETS[name]
    raise ConfigError(f"{where}: unknown preset {name!r} (choose from {', '.join(known)})")


def base_url(row: Setting, given: Given, ctx: Context) -> str:
    """The base URL, trailing slashes dropped; a hostless preset without one is refused."""
    if not given.value:
        raise ConfigError(
            f"preset {ctx.preset.name!r} has no default host: pass --base-url URL "
            f"or set base_url in profile {ctx.name!r}"
        )
    return validate_base_url(given.value, "base URL")


def paths(row: Setting, given: Given, ctx: Context) -> dict[str, str | None]:
    """The preset's list paths with the file's changes: `false` or "" turns a protocol off,
    a path or a full URL on the base URL's origin replaces it."""
    merged = ctx.preset.paths
    for protocol, value in given.value.items():
        if protocol not in merged:
            raise ConfigError(f"{given.label}: unknown protocol {protocol!r}")
        if value is False or value == "":
            merged[protocol] = None
        else:
            label = f"{given.label}.{protocol}"
            merged[protocol] = validate_path(check_type(value, str, label),
                                             ctx.values["base_url"], label)
    return merged


def seconds(row: Setting, given: Given, ctx: Context) -> float:
    """A number of seconds within `row.bounds` (the low bound excluded); text is parsed."""
    value = given.value
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise ConfigError(f"{given.label} must be a number of seconds") from None
    value = float(check_type(value, (int, float), given.label))
    low, high = row.bounds or (0, float("inf"))
    if not low < value <= high:
        raise ConfigError(f"{given.label} must be between {low} and {high} seconds")
    return value


def duration(row: Setting, given: Given, ctx: Context) -> float:
    """A duration within `row.bounds`: seconds, or text such as `12h`, `1d`, `2w`."""
    from tui_models.fmt import parse_duration

    value = given.value
    if isinstance(value, str):
        parsed = parse_duration(value)
        if parsed is None:
            raise ConfigError(f"{given.label} must be a duration such as 12h, 1d or 2w")
        value = parsed
    value = float(check_type(value, (int, float), given.label))
    low, high = row.bounds or (0, float("inf"))
    if not low < value <= high:
        raise ConfigError(f"{given.label} must be over {low} seconds and at most {high}")
    return value


def whole(row: Setting, given: Given, ctx: Context) -> int:
    """A whole number within `row.bounds`, both included."""
    value, (low, high) = given.value, row.bounds or (0, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{given.label} must be a whole number from {low} to {high}")
    return value


def choice(row: Setting, given: Given, ctx: Context) -> str:
    """One of `row.choices`."""
    if given.value not in (row.choices or ()):
        raise ConfigError(f"{given.label} must be one of {', '.join(row.choices or ())}")
    return given.value


def url(row: Setting, given: Given, ctx: Context) -> str:
    """An http(s) URL (such as where the catalogue is downloaded from)."""
    url_parts(given.value, given.label)
    return given.value


def ca_bundle(row: Setting, given: Given, ctx: Context) -> str | None:
    """A PEM file of CA certificates that the ssl module can load (None: not set)."""
    if given.value is None:
        return None
    return pem_file(given.value, given.label)


PEM_HEAD = 256 * 1024
"""How much of a CA file is read to find its first certificate: loading a system bundle whole
(~200 KB, 150 certificates) costs ~20 ms of every start; the client loads it when first used,
and says the same sentence if it turns out broken (`gateway.http.ssl_verify`)."""


def pem_file(value: str, where: str) -> str:
    """`value` (`~` expanded) when it names a file that holds a PEM certificate."""
    path = Path(value).expanduser()
    if not path.is_file():
        raise ConfigError(f"{where}: {path} is not a file (a PEM file of CA certificates)")
    try:
        with path.open("rb") as pem:
            head = pem.read(PEM_HEAD)
    except OSError:
        head = b""
    if b"-----BEGIN CERTIFICATE-----" not in head and \
            b"-----BEGIN TRUSTED CERTIFICATE-----" not in head:
        raise ConfigError(no_certificate(where, path))
    return str(path)


def no_certificate(where: str, path: Path | str) -> str:
    return f"{where}: {path} holds no usable certificate (PEM expected)"


_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_HEADER_VALUE = re.compile(r"[\x20-\x7e\t]*")


def headers(row: Setting, given: Given, ctx: Context) -> dict[str, str]:
    """Extra request headers: token names and printable ASCII values (no header injection)."""
    for key, value in given.value.items():
        check_type(value, str, f"{given.label}.{key}")
        if not _HEADER_NAME.fullmatch(key):
            raise ConfigError(f"{given.label}: {key!r} is not a valid header name")
        if not _HEADER_VALUE.fullmatch(value):
            raise ConfigError(f"{given.label}.{key} holds line breaks, control or non-ASCII "
                              "characters")
    return dict(given.value)


def api_key(row: Setting, given: Given, ctx: Context) -> Secret | None:
    """A key written in the file, trimmed; a warning when others can read the file."""
    if given.value is None:
        return None
    if readable_by_others(ctx.path):
        ctx.warnings.append(f"{ctx.path} holds an API key and is readable by other users: "
                            f"chmod 600 {ctx.path}")
    return Secret(given.value.strip())


def api_key_cmd(row: Setting, given: Given, ctx: Context) -> str | None:
    """A command to print the key: refused when anyone but the user (or root) could have
    written it — the file, or a directory above it (see `trust.check_trusted`)."""
    if given.value is not None:
        trust.check_trusted(ctx.path, "api_key_cmd")
    return given.value

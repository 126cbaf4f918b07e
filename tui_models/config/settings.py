"""The settings table: one row per profile setting, which `load` walks in order.

A row says where a value may come from — the profile's section of the config file (its
`name`), an environment variable (`env`), a command-line flag (`flag`, an `Overrides`
field) — what the file's value must be (`kind`), its bounds or choices, its default, and
the validator that turns a given value into the one kept (or raises ConfigError).

Layers, lowest first: default < file < environment < flag. Two ways to combine them, as
the settings always have:

- most rows check every layer that gives a value, in that order, and keep the highest
  (a wrong `timeout` in the file is an error even when `--timeout` overrides it);
- `first_truthy` rows (`preset`, `base_url`) read only the highest layer holding a
  non-empty value, like `flag or env or file` — the others are not looked at.

A row's validator sees the values resolved before it (`Context.values`, `Context.preset`),
so rows that depend on others (a path on the base URL's host, the key variable of the
preset) come after them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from tui_models.config import validators as check
from tui_models.config.presets import DEFAULT_PRESET, PRESETS, Preset
from tui_models.config.profile import DEFAULT_CATALOG_URL, DEFAULT_TIMEOUT, PRICE_UNITS, Overrides


class Given(NamedTuple):
    """A value one layer gave, the label errors name it by, and the layer."""

    value: Any
    label: str
    source: str
    """"flag", "env", "file" or "default"."""


@dataclass(slots=True)
class Context:
    """What the rows are resolved from, and what is resolved so far."""

    overrides: Overrides
    env: Mapping[str, str]
    section: Mapping[str, Any]
    """The profile's table in the config file ({} when there is none)."""
    path: Path
    """The config file."""
    name: str
    """The profile's name."""
    where: str
    """How errors name the section: "PATH: [profiles.NAME]"."""
    warnings: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    """Profile field → value, for the rows resolved so far."""
    sources: dict[str, str] = field(default_factory=dict)
    """Row name → the layer its value came from ("flag", "env", "file", "default")."""

    @property
    def preset(self) -> Preset:
        return self.values.get("preset") or PRESETS[DEFAULT_PRESET]


Validator = Callable[["Setting", Given, Context], Any]


class Setting(NamedTuple):
    """One profile setting: where it may come from, what it may be, how it is checked. A row
    of a fixed table, so a NamedTuple (a frozen dataclass takes 1 ms to make at every start)."""

    name: str
    """Its key in `[profiles.NAME]`."""
    kind: type | tuple[type, ...] | None = None
    """The TOML type(s) the file's value must have (None: the validator checks)."""
    default: Any = None
    default_from: Callable[[Context], Any] | None = None
    """The default, when it depends on settings resolved before (the preset's)."""
    env: str | None = None
    """The environment variable that overrides the file."""
    flag: str | None = None
    """The `Overrides` field (a command-line flag) that overrides the environment."""
    flag_label: str = ""
    """How errors name the flag: "--timeout"."""
    flag_counts: tuple[Any, ...] | None = None
    """The flag values that override (None: any but None): `--no-catalog` only turns the
    catalogue off."""
    bounds: tuple[int, int] | None = None
    choices: tuple[str, ...] | None = None
    check: Validator | None = None
    field: str = ""
    """The Profile field it sets (default: `name`). A row whose value is None leaves what a
    row before it set (`ca_bundle` replaces `verify` only when given)."""
    first_truthy: bool = False
    """Read only the highest layer with a non-empty value (see the module's docstring)."""

    def given(self, ctx: Context) -> list[Given]:
        """The values the layers give, lowest first (the default when none does)."""
        found = []
        if self.name in ctx.section:
            found.append(Given(ctx.section[self.name], f"{ctx.where} {self.name}", "file"))
        if self.env and ctx.env.get(self.env):
            found.append(Given(ctx.env[self.env], self.env, "env"))
        flag = getattr(ctx.overrides, self.flag) if self.flag else None
        if flag is not None and (self.flag_counts is None or flag in self.flag_counts):
            found.append(Given(flag, self.flag_label, "flag"))
        if self.first_truthy:
            found = [given for given in found if given.value][-1:]
        if found:
            return found
        default = self.default_from(ctx) if self.default_from else self.default
        return [Given(default, f"{ctx.where} {self.name}", "default")]

    def resolve(self, ctx: Context) -> None:
        """Check each layer's value, and record the highest in `ctx`."""
        value, source = None, "default"
        for given in self.given(ctx):
            if given.source == "file" and self.kind is not None:
                check.check_type(given.value, self.kind, given.label)
            value = self.check(self, given, ctx) if self.check else given.value
            source = given.source
        target = self.field or self.name
        if value is not None or target not in ctx.values:
            ctx.values[target] = value
        ctx.sources[self.name] = source


SETTINGS: tuple[Setting, ...] = (
    Setting("preset", default=DEFAULT_PRESET, env="TUI_MODELS_PRESET", flag="preset",
            flag_label="--preset", choices=tuple(PRESETS), check=check.preset,
            first_truthy=True),
    Setting("base_url", str, default_from=lambda ctx: ctx.preset.base_url,
            env="TUI_MODELS_BASE_URL", flag="base_url", flag_label="--base-url",
            check=check.base_url, first_truthy=True),
    Setting("paths", dict, default={}, check=check.paths),
    Setting("timeout", default=DEFAULT_TIMEOUT, env="TUI_MODELS_TIMEOUT", flag="timeout",
            flag_label="--timeout", bounds=(0, 3600), check=check.seconds),
    Setting("verify", bool, default=True),
    Setting("ca_bundle", str, check=check.ca_bundle, field="verify"),
    Setting("headers", dict, default={}, check=check.headers),
    Setting("price_unit", str, default="auto", choices=PRICE_UNITS, check=check.choice),
    Setting("probe_concurrency", default=4, bounds=(1, 32), check=check.whole),
    Setting("max_models", default=500_000, bounds=(1_000, 10_000_000), check=check.whole),
    Setting("new_for", default=86400.0, bounds=(0, 365 * 86400),
            check=check.duration),
    Setting("catalog", bool, default=True, flag="catalog", flag_label="--no-catalog",
            flag_counts=(False,)),
    Setting("catalog_url", str, default=DEFAULT_CATALOG_URL, check=check.url),
    Setting("api_key", str, check=check.api_key),
    Setting("api_key_cmd", str, check=check.api_key_cmd),
    Setting("api_key_env", str, default_from=lambda ctx: ctx.preset.key_env),
    Setting("group", (str, type(None))),
)
"""Every setting of a profile, in the order they are resolved."""

KNOWN = frozenset(setting.name for setting in SETTINGS)
"""The keys a profile's section may hold; others are warned about and ignored."""

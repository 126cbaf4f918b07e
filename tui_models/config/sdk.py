"""Zero configuration where the vendors' SDKs are already set up.

With no profile selected and no MemoryLake key, the variables the SDKs read make a profile:

| family    | base URL variable        | key variables, first set wins              |
|-----------|--------------------------|--------------------------------------------|
| OpenAI    | `OPENAI_BASE_URL`        | `OPENAI_API_KEY`                           |
| Anthropic | `ANTHROPIC_BASE_URL`     | `ANTHROPIC_AUTH_TOKEN`, `ANTHROPIC_API_KEY` |
| Gemini    | `GOOGLE_GEMINI_BASE_URL` | `GEMINI_API_KEY`                           |

A family counts when its base URL variable is set. When every family set names one host
(a one-hub or new-api relay: `OPENAI_BASE_URL=https://gw/v1`,
`ANTHROPIC_BASE_URL=https://gw/claude`), the profile is one gateway with the memorylake
preset's layout on what the URLs share (`https://gw`), each family's list where its SDK
would find it. Otherwise the first family set (in the table's order; one whose key is set
first) makes a profile of its own preset (openai-compatible, anthropic or gemini) on its
base URL — or of the preset whose own host that is (OpenAI's, OpenRouter's, MemoryLake's) —
and the other families are left out: a key is only ever sent to the host its own base URL
variable names (`keys.resolve_key` holds to that for every profile).

`OPENAI_BASE_URL` conventionally ends in `/v1` (the SDK appends `/models`); that is
stripped to the base URL the presets expect.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from tui_models.config.presets import PRESETS
from tui_models.config.urls import validate_base_url


class Family(NamedTuple):
    """One SDK's variables and the preset its base URL alone makes."""

    protocol: str
    base_env: str
    key_envs: tuple[str, ...]
    preset: str
    list_path: str
    """Where that SDK lists models, below its base URL."""


FAMILIES = (
    Family("openai", "OPENAI_BASE_URL", ("OPENAI_API_KEY",), "openai-compatible", "/models"),
    Family("claude", "ANTHROPIC_BASE_URL", ("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY"),
           "anthropic", "/v1/models"),
    Family("gemini", "GOOGLE_GEMINI_BASE_URL", ("GEMINI_API_KEY",), "gemini",
           "/v1beta/models"),
)
SHARED_PRESET = "memorylake"
KEY_BASES: dict[str, str] = {key: family.base_env for family in FAMILIES
                             for key in family.key_envs}
"""Each SDK key variable → the variable naming the host that key is for."""


class Found(NamedTuple):
    """A profile's section made from the environment, and how to say where it came from."""

    section: dict[str, Any]
    origin: str
    relay: bool
    """Send `Authorization: Bearer` beside each protocol's own key header."""


def from_environment(env: Mapping[str, str]) -> Found | None:
    """The profile the SDK variables in `env` make, or None when no base URL variable is
    set. Raises ConfigError (naming the variable) for a base URL that is no http(s) URL."""
    chosen = [(family, _base(family, env)) for family in FAMILIES if env.get(family.base_env)]
    if not chosen:
        return None
    if len(chosen) > 1 and len({_origin_of(base) for _, base in chosen}) == 1:
        families = [family for family, _ in chosen]
        preset, base = SHARED_PRESET, _common_base([base for _, base in chosen])
    else:  # one family, or several hosts: the first family, alone on its host
        families, base = [chosen[0][0]], chosen[0][1]
        keyed = [(f, b) for f, b in chosen if _key_env(f, env)]
        if keyed:  # one whose key is set, rather than one that cannot be used
            families, base = [keyed[0][0]], keyed[0][1]
        preset = _known_preset(base, families[0])
    key_env = next((k for f in families if (k := _key_env(f, env))), families[0].key_envs[0])
    section: dict[str, Any] = {"preset": preset, "base_url": base, "api_key_env": key_env}
    paths = {}
    for family in families:
        listed = validate_base_url(env[family.base_env], family.base_env) + family.list_path
        if listed != base + (PRESETS[preset].paths.get(family.protocol) or ""):
            paths[family.protocol] = listed.removeprefix(base) \
                if listed.startswith(base + "/") else listed
    if paths:
        section["paths"] = paths
    # Claude Code sends ANTHROPIC_AUTH_TOKEN as a Bearer token: so do we, beside x-api-key.
    bearer = PRESETS[preset].relay or key_env == "ANTHROPIC_AUTH_TOKEN"
    return Found(section, _origin([f.base_env for f in families], key_env), bearer)


def _known_preset(base: str, family: Family) -> str:
    """The preset whose own host `base` is (`https://api.openai.com`, OpenRouter's,
    MemoryLake's), when it serves the family's protocol; else the family's preset."""
    return next((p.name for p in PRESETS.values()
                 if p.base_url == base and p.paths.get(family.protocol)), family.preset)


def _base(family: Family, env: Mapping[str, str]) -> str:
    """The family's base URL as the presets expect it (OpenAI's without its `/v1`)."""
    base = validate_base_url(env[family.base_env], family.base_env)
    return base.removesuffix("/v1") if family.protocol == "openai" else base


def _key_env(family: Family, env: Mapping[str, str]) -> str | None:
    """The family's first key variable that is set."""
    return next((name for name in family.key_envs if env.get(name, "").strip()), None)


def _origin_of(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc.lower()


def _common_base(bases: list[str]) -> str:
    """The longest URL every base starts with, cut at a `/` (one origin, `bases[0]`'s)."""
    split = [urlsplit(b) for b in bases]
    origin = f"{split[0].scheme}://{split[0].netloc}"
    segments = [[part for part in s.path.split("/") if part] for s in split]
    common: list[str] = []
    for parts in zip(*segments, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return origin + "".join("/" + part for part in common)


def _origin(base_envs: list[str], key_env: str) -> str:
    names = [*base_envs, key_env]
    return "from " + ", ".join(names[:-1]) + " and " + names[-1]

"""What every client export is made of: the target (a profile and its models), the document
written, and the client object that writes it.

A `Client` is one object per tool (`opencode`, `crush`, `codex`, …): which of the gateway's lists
it can use, which endpoint it calls on each (what `--verified` checks a probe against), the file
it reads, the version of the tool its format was checked against, and `render`. Adding a client
is one new module and one line in the registry (`tui_models.clients`). Never imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tui_models import fields, snippets
from tui_models.config import Profile
from tui_models.model import Model

DEFAULT_ENDPOINTS: Mapping[str, str] = {"openai": "chat", "claude": "messages",
                                        "gemini": "generate_content"}
"""The endpoint a probe of each protocol calls when it does not say which (`Probe.endpoint`)."""


@dataclass(frozen=True, slots=True)
class Target:
    """What to write: the profile (base URLs, the key's variable) and the chosen models, one
    record per (protocol, exact id), in the order the view shows them."""

    profile: Profile
    models: tuple[Model, ...]

    def of(self, protocol: str) -> list[Model]:
        return [m for m in self.models if m.protocol == protocol]

    @property
    def protocols(self) -> list[str]:
        """The protocols of the chosen models, in the profile's order."""
        present = {m.protocol for m in self.models}
        return [p for p in self.profile.offered if p in present]

    @property
    def key_env(self) -> str:
        return self.profile.api_key_env

    def root(self, protocol: str) -> str:
        """Where `protocol`'s calls live on this gateway (`{base}/v1`, `{base}/claude/v1`…)."""
        return snippets.api_root(self.profile, protocol) or self.profile.base_url.rstrip("/")

    @property
    def slug(self) -> str:
        """The profile's name as an identifier every format accepts (`[a-z0-9_-]+`)."""
        return slug(self.profile.name)


@dataclass(slots=True)
class Document:
    """One client's file: `text`, how many models it holds, and `notes` for the user (how to
    use it, what was left out and why), which never hold the key."""

    text: str
    count: int
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Client:
    """One tool tui-models writes a config for; see the module docstring."""

    name: str
    """What `--for` takes."""
    label: str
    filename: str
    """The file the tool reads (where the export is meant to go)."""
    written_for: str
    """The tool's version (and the source file) the format was checked against."""
    summary: str
    protocols: tuple[str, ...]
    """The gateway's lists the tool can use, in order."""
    endpoints: Mapping[str, str]
    """The endpoint the tool calls for each protocol (`chat`, `responses`, `messages`,
    `generate_content`): a `--verified` export keeps models whose last probe answered there."""
    render: Callable[[Target], Document]
    kinds: tuple[str, ...] = ("chat",)
    """The model kinds the format can hold (`--all-kinds` widens the default, chat, to these)."""


def slug(name: str) -> str:
    """`name` lower-cased with anything but letters, digits, `_` and `-` as `-`."""
    cleaned = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-")
    return cleaned or "gateway"


def value(model: Model, attribute: str) -> Any:
    """The value the list, the relay or the catalogue gives `attribute` (`fields.filled`)."""
    return fields.filled(model, attribute)


def whole(model: Model, attribute: str) -> int | None:
    """A positive token count for `attribute`, else None."""
    found = value(model, attribute)
    return found if isinstance(found, int) and not isinstance(found, bool) and found > 0 \
        else None


def price(model: Model, attribute: str) -> float | None:
    found = value(model, attribute)
    if isinstance(found, bool) or not isinstance(found, int | float) or found < 0:
        return None
    return float(found)


_SOURCE_WORDS = {"list": "the list", "gateway": "the relay", "catalog": "the catalogue"}


def provenance(model: Model) -> str:
    """One line saying where the limits and prices written for `model` came from."""
    parts = []
    for attribute, label in (("context_window", "context"), ("max_output", "output")):
        found = whole(model, attribute)
        if found is not None:
            source = fields.source(model, attribute) or "list"
            parts.append(f"{label} {found:,} from {_SOURCE_WORDS[source]}")
    cost_in, cost_out = price(model, "input_per_1m"), price(model, "output_per_1m")
    if cost_in is not None or cost_out is not None:
        source = fields.source(model, "input_per_1m") or fields.source(model, "output_per_1m")
        parts.append(f"${_num(cost_in)}/${_num(cost_out)} per 1M from "
                     f"{_SOURCE_WORDS[source or 'list']}")
    return "; ".join(parts) or "no limits or prices known"


def _num(found: float | None) -> str:
    return "?" if found is None else f"{found:g}"


def has(model: Model, capability: str) -> bool:
    return capability in fields.get("capabilities").value(model)

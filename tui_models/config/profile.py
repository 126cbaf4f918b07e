"""The resolved profile, the command line's overrides, and what `load` returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlsplit

from tui_models import protocols
from tui_models.secret import Secret

DEFAULT_TIMEOUT = 30.0
DEFAULT_CATALOG_URL = "https://models.dev/api.json"
PRICE_UNITS = ("auto", "1k", "1m", "token")


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
    relay: bool = False
    probe_concurrency: int = 4
    """Probes in flight at once (`T`, `tui-models probe`)."""
    max_models: int = 500_000
    """Most models read per list (the body cap scales with it: 512 bytes a model, 64 MiB at
    least), so a gateway listing more is said so, and memory stays bounded."""
    catalog: bool = True
    """Fill what the lists leave out from the reference catalogue (models.dev)."""
    new_for: float = 86400.0
    """Seconds an id first seen after the gateway's first fetch stays NEW (`is:new`)."""
    group: str | None = None
    """The key's group on a relay (its price ratio); inferred from the lists when None."""
    catalog_url: str = DEFAULT_CATALOG_URL
    """Where `tui-models catalog update` downloads the catalogue from."""
    origin: str = ""
    """Where these settings came from, for the title and `whoami`: "from profile 'work' of
    PATH", "from OPENAI_BASE_URL and OPENAI_API_KEY", "from the memorylake preset's
    defaults"… Empty for a profile built in code (the demo's)."""
    key_source: str = ""
    """Where the key is read from, as errors name it: "$OPENAI_API_KEY", "api_key of profile
    'work'", "api_key_cmd of profile 'work'". Names a source, never holds the key. Empty for
    a profile built in code."""

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
    catalog: bool | None = None
    """False with `--no-catalog`."""


class Loaded(NamedTuple):
    """A resolved profile plus anything the user should be told about the config."""

    profile: Profile
    warnings: list[str]
    profiles: tuple[str, ...] = ()

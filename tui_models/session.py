"""What every command and the explorer work with: a resolved profile and its key.

A session knows how to open the other profiles of its source (`switch`): the config file's,
or — for a session the CLI opened on the demo gateway — the demo's (`opener`). The core never
starts the demo itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from tui_models import config, logs
from tui_models.config import Overrides, Profile, keys
from tui_models.config.environment import check_environment
from tui_models.secret import Secret


@dataclass(slots=True)
class Session:
    profile: Profile
    key: Secret
    warnings: list[str] = field(default_factory=list)
    profiles: tuple[str, ...] = ()
    """Every profile the config file defines (for switching and comparing)."""
    demo: bool = False
    overrides: Overrides = field(default_factory=Overrides)
    opener: Callable[[str], Session] | None = None
    """Opens another profile of this session's source; None: the config file's."""
    notices: list[str] = field(default_factory=list)
    """What to tell once that is no problem (the state moved out of the cache directory)."""

    def switch(self, name: str) -> Session:
        """The session of profile `name` from the same source; raises ConfigError."""
        if self.opener is not None:
            return self.opener(name)
        return resolve(self.overrides._replace(profile=name, base_url=None, preset=None))

    @property
    def cache_id(self) -> str:
        """What names this gateway in the cache: its URL (the demo's port changes per run)."""
        return "tui-models-demo" if self.demo else self.profile.base_url


def check_proxies(env: Mapping[str, str] | None = None) -> None:
    """ConfigError (one sentence naming the variable) when a proxy or CA variable would make
    every request fail, or names a SOCKS proxy httpx cannot use here."""
    check_environment(env)


def resolve(overrides: Overrides) -> Session:
    """A session for the profile `overrides` select; raises ConfigError."""
    check_proxies()
    loaded = config.load(overrides)
    key = keys.resolve_key(loaded.profile, warnings=loaded.warnings)
    logs.setup(key)
    return Session(loaded.profile, key, loaded.warnings, loaded.profiles,
                   overrides=overrides)

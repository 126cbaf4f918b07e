"""Open what every command needs: a resolved profile, its key, and the demo gateway if asked."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tui_models import config, logs
from tui_models.config import Overrides, Profile, keys
from tui_models.config.environment import check_environment
from tui_models.errors import ConfigError
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
    demo_gateway: Any = None
    """The embedded demo gateway serving this session, when it is the demo."""

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


def switch_profile(session: Session, name: str) -> Session:
    """The session for profile `name` of the same config file (of the demo, for a demo
    session); raises ConfigError."""
    if session.demo_gateway is not None:
        return _demo_session(session.demo_gateway, name, session.overrides)
    overrides = session.overrides._replace(profile=name, base_url=None, preset=None)
    return resolve(overrides)


def _demo_session(gateway: Any, name: str, overrides: Overrides) -> Session:
    from tui_models.demo import DEMO_PROFILES, demo_profile

    if name not in DEMO_PROFILES:
        raise ConfigError(f"the demo has no profile {name!r} "
                          f"(profiles: {', '.join(DEMO_PROFILES)})")
    profile = demo_profile(gateway, name=name, preset=overrides.preset or "memorylake",
                           timeout=overrides.timeout or config.DEFAULT_TIMEOUT,
                           catalog=overrides.catalog is not False)
    key = keys.resolve_key(profile)
    logs.setup(key)
    return Session(profile, key, profiles=tuple(DEMO_PROFILES), demo=True,
                   overrides=overrides, demo_gateway=gateway)


@contextmanager
def open_session(overrides: Overrides, *, demo: bool = False, demo_models: int = 0,
                 demo_flavor: str | None = None) -> Iterator[Session]:
    """Resolve the profile and key (raises ConfigError), starting the demo gateway if asked."""
    if not demo:
        yield resolve(overrides)
        return
    check_proxies()
    from tui_models.demo import DEMO_PROFILES, DemoGateway
    from tui_models.demo.flavors import flavor_for

    gateway = DemoGateway(extra_models=demo_models,
                          flavor=demo_flavor or flavor_for(overrides.preset)).start()
    try:
        name = overrides.profile if overrides.profile in DEMO_PROFILES else "demo"
        yield _demo_session(gateway, name, overrides)
    finally:
        gateway.stop()

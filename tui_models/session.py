"""Open what every command needs: a resolved profile, its key, and the demo gateway if asked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from tui_models import config, logs
from tui_models.config import Overrides, Profile
from tui_models.secret import Secret


@dataclass(slots=True)
class Session:
    profile: Profile
    key: Secret
    warnings: list[str] = field(default_factory=list)
    profiles: tuple[str, ...] = ()
    demo: bool = False


@contextmanager
def open_session(overrides: Overrides, *, demo: bool = False, demo_models: int = 0,
                 demo_flavor: str = "memorylake") -> Iterator[Session]:
    """Resolve the profile and key (raises ConfigError), starting the demo gateway if asked."""
    if not demo:
        loaded = config.load(overrides)
        key = config.resolve_key(loaded.profile)
        logs.setup(key)
        yield Session(loaded.profile, key, loaded.warnings, loaded.profiles)
        return
    from tui_models.demo import DemoGateway, demo_profile

    gateway = DemoGateway(extra_models=demo_models, flavor=demo_flavor).start()
    try:
        profile = demo_profile(
            gateway,
            preset=overrides.preset or "memorylake",
            timeout=overrides.timeout or config.DEFAULT_TIMEOUT,
        )
        key = config.resolve_key(profile)
        logs.setup(key)
        yield Session(profile, key, demo=True)
    finally:
        gateway.stop()

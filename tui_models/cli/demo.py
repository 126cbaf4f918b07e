"""The embedded demo gateway as a session: what `--demo` gives every command.

The CLI wires it (the core never imports the demo): the gateway starts for the command and
stops after it, and the session opens the demo's other profiles (`demo`, `demo-vip`), each
with its own key — the variable the snippets read (`TUI_MODELS_DEMO_KEY`) is not the
profiles' key source, so exporting it for the snippets never turns `demo-vip` into `demo`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from tui_models import logs
from tui_models.config import DEFAULT_TIMEOUT, PRESETS, Overrides, Profile
from tui_models.demo import DEMO_PROFILES, DemoGateway
from tui_models.errors import ConfigError
from tui_models.secret import Secret
from tui_models.session import Session, check_proxies

DEMO_KEY_ENV = "TUI_MODELS_DEMO_KEY"
"""What the copy-as snippets read the key from on the demo (never a profile's key source)."""


@contextmanager
def demo_session(overrides: Overrides, *, extra_models: int = 0, flavor: str | None = None
                 ) -> Iterator[Session]:
    """A session on a demo gateway started for it (stopped on the way out)."""
    from tui_models.demo.flavors import flavor_for

    check_proxies()
    gateway = DemoGateway(extra_models=extra_models,
                          flavor=flavor or flavor_for(overrides.preset)).start()
    try:
        name = overrides.profile if overrides.profile in DEMO_PROFILES else "demo"
        yield open_demo(gateway, name, overrides)
    finally:
        gateway.stop()


def open_demo(gateway: DemoGateway, name: str, overrides: Overrides) -> Session:
    """The session of the demo's profile `name` on a running `gateway`."""
    if name not in DEMO_PROFILES:
        raise ConfigError(f"the demo has no profile {name!r} "
                          f"(profiles: {', '.join(DEMO_PROFILES)})")
    profile = demo_profile(gateway, name=name, preset=overrides.preset or "memorylake",
                           timeout=overrides.timeout or DEFAULT_TIMEOUT,
                           catalog=overrides.catalog is not False)
    assert profile.api_key is not None
    logs.setup(profile.api_key)
    return Session(profile, profile.api_key, profiles=tuple(DEMO_PROFILES), demo=True,
                   overrides=overrides, opener=partial(open_demo, gateway, overrides=overrides))


def demo_profile(gateway: DemoGateway, *, name: str = "demo", preset: str = "memorylake",
                 key: str | None = None, timeout: float = 30.0, catalog: bool = True
                 ) -> Profile:
    """Profile `name` of the demo (its key unless `key`), pointing at a running gateway."""
    chosen = PRESETS[preset]
    return Profile(
        name=name,
        preset=chosen.name,
        base_url=gateway.url,
        api_key_env=DEMO_KEY_ENV,
        paths=dict(chosen.paths),
        api_key=Secret(key or DEMO_PROFILES[name]),
        timeout=timeout,
        relay=chosen.relay,
        catalog=catalog,
        catalog_url=f"{gateway.url}/catalog/api.json",
        origin="the embedded demo gateway",
        key_source=f"the demo's {name} key",
    )

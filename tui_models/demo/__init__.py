"""The embedded demo gateway: real HTTP on loopback, realistic data, no key or network needed."""

from __future__ import annotations

from tui_models.config import PRESETS, Profile
from tui_models.demo.server import DEMO_KEY, DEMO_KEYS, DemoGateway
from tui_models.secret import Secret

DEMO_KEY_ENV = "TUI_MODELS_DEMO_KEY"

__all__ = ["DEMO_KEY", "DEMO_KEYS", "DemoGateway", "demo_profile"]


def demo_profile(gateway: DemoGateway, *, preset: str = "memorylake", key: str = DEMO_KEY,
                 timeout: float = 30.0) -> Profile:
    """A profile pointing at a running demo gateway, holding the demo key."""
    chosen = PRESETS[preset]
    return Profile(
        name="demo",
        preset=chosen.name,
        base_url=gateway.url,
        api_key_env=DEMO_KEY_ENV,
        paths=dict(chosen.paths),
        api_key=Secret(key),
        timeout=timeout,
        gateway=chosen.gateway,
    )

"""The embedded demo gateway: real HTTP on loopback, realistic data, no key or network needed."""

from __future__ import annotations

from tui_models.config import PRESETS, Profile
from tui_models.demo.server import DEMO_KEY, DEMO_KEYS, DemoGateway
from tui_models.secret import Secret

DEMO_KEY_ENV = "TUI_MODELS_DEMO_KEY"
DEMO_PROFILES: dict[str, str] = {"demo": DEMO_KEY, "demo-vip": "demo-vip-key"}
"""The profiles `--demo` offers (switch, compare, `diff --demo demo demo-vip`), by key."""

__all__ = ["DEMO_KEY", "DEMO_KEYS", "DEMO_PROFILES", "DemoGateway", "demo_profile"]


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
        gateway=chosen.gateway,
        catalog=catalog,
        catalog_url=f"{gateway.url}/catalog/api.json",
    )

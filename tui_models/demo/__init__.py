"""The embedded demo gateway: real HTTP on loopback, realistic data, no key or network needed."""

from __future__ import annotations

from tui_models.demo.server import DEMO_KEY, DEMO_KEYS, DemoGateway

DEMO_PROFILES: dict[str, str] = {"demo": DEMO_KEY, "demo-vip": "demo-vip-key"}
"""The profiles `--demo` offers (switch, compare, `diff --demo demo demo-vip`), by key."""

__all__ = ["DEMO_KEY", "DEMO_KEYS", "DEMO_PROFILES", "DemoGateway"]

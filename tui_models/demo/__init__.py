"""The embedded demo gateway: real HTTP on loopback, realistic data, no key or network needed.

The server is imported when first named (`from tui_models.demo import DemoGateway`), not by
`tui_models.demo.faults` or `.flavors`, which the command line reads for its options.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

DEMO_KEY = "demo-key"
DEMO_PROFILES: dict[str, str] = {"demo": DEMO_KEY, "demo-vip": "demo-vip-key"}
"""The profiles `--demo` offers (switch, compare, `diff --demo demo demo-vip`), by key."""

__all__ = ["DEMO_KEY", "DEMO_KEYS", "DEMO_PROFILES", "DemoGateway"]

if TYPE_CHECKING:
    from tui_models.demo.server import DEMO_KEYS, DemoGateway


def __getattr__(name: str):
    if name in ("DEMO_KEYS", "DemoGateway"):
        from tui_models.demo import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""The options every command shares, and the checks on numbers that argparse cannot
express."""

from __future__ import annotations

import argparse

from tui_models import protocols
from tui_models.config import PRESETS, Overrides
from tui_models.errors import UsageError


def add_common(parser: argparse.ArgumentParser) -> None:
    """Options every command takes. SUPPRESS keeps a subcommand from resetting them."""
    group = parser.add_argument_group("gateway")
    S = argparse.SUPPRESS
    group.add_argument("--profile", default=S, metavar="NAME",
                       help="profile from the config file (default: default_profile or "
                            "'default')")
    group.add_argument("--base-url", default=S, metavar="URL", help="gateway base URL")
    group.add_argument("--preset", default=S, choices=sorted(PRESETS),
                       help="gateway kind: paths and key variable (default: memorylake)")
    group.add_argument("--config", default=S, metavar="PATH",
                       help="config file (default: $XDG_CONFIG_HOME/tui-models/config.toml)")
    group.add_argument("--timeout", default=S, type=float, metavar="S",
                       help="give up on a protocol after S seconds in total (default: 30)")
    group.add_argument("--demo", default=S, action="store_true",
                       help="use the embedded demo gateway (no key, no network)")
    group.add_argument("--demo-models", default=S, type=int, metavar="N",
                       help="with --demo: also serve N synthetic models")
    group.add_argument("--no-catalog", default=S, action="store_true",
                       help="do not fill in context, capabilities and list prices from the "
                            "bundled models.dev catalogue")


def add_protocol(parser: argparse.ArgumentParser,
                     help: str = "one protocol's list only (default: all)") -> None:
    parser.add_argument("--protocol", choices=("all", *protocols.names()), default="all",
                        help=help)


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...] = ("table", "json"),
               help: str | None = None) -> None:
    """`--format` (the first choice by default) and `--json`, its shorthand."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--format", choices=choices, default=choices[0], help=help)
    group.add_argument("--json", dest="format", action="store_const", const="json",
                       help="the same as --format json")


def overrides_from(args: argparse.Namespace) -> Overrides:
    return Overrides(
        profile=getattr(args, "profile", None),
        base_url=getattr(args, "base_url", None),
        preset=getattr(args, "preset", None),
        config=getattr(args, "config", None),
        timeout=getattr(args, "timeout", None),
        catalog=False if getattr(args, "no_catalog", False) else None,
    )


_BOUNDS = (("timeout", "--timeout", 0.0, 3600.0, False), ("demo_models", "--demo-models", 0,
           1_000_000, True), ("models", "--models", 0, 1_000_000, True),
           ("latency", "--latency", 0.0, 600_000.0, True), ("port", "--port", 0, 65535, True),
           ("concurrency", "--concurrency", 0, 32, True))
"""(option, flag, low, high, low allowed): the numbers a command line may hold."""


def check_numbers(args: argparse.Namespace) -> None:
    for name, flag, low, high, low_ok in _BOUNDS:
        value = getattr(args, name, None)
        if value is not None and not (low <= value <= high and (low_ok or value > low)):
            raise UsageError(f"{flag} must be {'at least' if low_ok else 'over'} {low:g} and "
                             f"at most {high:g}")

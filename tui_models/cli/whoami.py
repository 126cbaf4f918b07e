"""`tui-models whoami`: what the relay says about the key (group, quota, expiry, limits; on
OpenRouter its credit limit, usage, free tier and rate limit)."""

from __future__ import annotations

import argparse
import json
import sys

from tui_models import relay
from tui_models.cli.common import fail, gather, output, report, session_for
from tui_models.cli.options import add_common, add_format
from tui_models.errors import EXIT_FAILED, EXIT_OK
from tui_models.textsafe import visible


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "whoami", help="the key's group, quota and expiry on a relay",
        description="Ask the relay (one-hub, MemoryLake, new-api, LiteLLM, OpenRouter) what "
                    "it says about the key: its group (from the profile's `group`, else "
                    "inferred from the lists), quota left, expiry and model limits; on "
                    "OpenRouter its credit limit, usage, free tier and rate limit.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  tui-models whoami\n  tui-models whoami --preset new-api "
               "--base-url https://gw.example.com --format json")
    add_format(parser)
    add_common(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        profile = session.profile
        if profile.preset not in relay.BY_PRESET:
            return fail(f"preset {profile.preset} publishes no key facts (one-hub, MemoryLake, "
                        "new-api, LiteLLM and OpenRouter do)", EXIT_FAILED)
        found = gather(session, ("openai",) if "openai" in profile.offered else (),
                       with_catalogue=False)
    report(found.loads)
    info = found.relay
    if info is None:
        return EXIT_FAILED
    record = {**info.record(), "key_source": profile.key_source or None,
              "settings_from": profile.origin or None}
    if args.format == "json":
        output(lambda: sys.stdout.write(json.dumps(record, indent=1) + "\n"))
        return EXIT_OK
    lines = [f"gateway:      {info.kind} at {visible(profile.host)} (profile {profile.name})",
             f"key:          {session.key.masked}"
             + (f" ({visible(info.key_name)})" if info.key_name else "")
             + (f" from {visible(profile.key_source)}" if profile.key_source else ""),
             *([f"settings:     {visible(profile.origin)}"] if profile.origin else []),
             "group:        " + ("none: this gateway has no groups"
                                 if info.group_source == "none" else
                                 f"{visible(info.group or 'unknown — set group in the profile')}"
                                 f" ({info.group_source}, ratio {info.group_ratio:g})"),
             "quota left:   " + ("unlimited" if info.unlimited else
                                 f"${info.quota_left_usd:,.2f}"
                                 if info.quota_left_usd is not None else "not published"),
             f"expires:      {record['expires_at'] or 'never or not published'}",
             *_openrouter_lines(info),
             "model limits: " + (f"{info.model_limits:,} models" if info.model_limits
                                 is not None else "none"),
             *([] if info.kind == "openrouter" else
               [f"priced:       {len(info.prices):,} models"])]
    output(lambda: sys.stdout.write("\n".join(lines) + "\n"))
    return EXIT_OK


def _openrouter_lines(info: relay.RelayInfo) -> list[str]:
    """What OpenRouter says beside the quota: the limit, usage, tier and rate limit."""
    if info.kind != "openrouter":
        return []
    limit = "none" if info.limit_usd is None else f"${info.limit_usd:,.2f}" + (
        f", resets {info.limit_reset}" if info.limit_reset else "")
    used = "not published" if info.usage_usd is None else f"${info.usage_usd:,.2f}" + (
        f" (today ${info.usage_today_usd:,.2f})" if info.usage_today_usd is not None else "")
    tier = {True: "free tier (lower rate limits)", False: "paid", None: "not published"}
    return [f"credit limit: {limit}", f"used:         {used}",
            f"tier:         {tier[info.free_tier]}",
            f"rate limit:   {visible(info.rate_limit or 'not published')}"]

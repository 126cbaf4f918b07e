"""Small helpers shared by tests."""

from __future__ import annotations

import asyncio
import json

from tui_models.cli.demo import demo_profile
from tui_models.config import Profile
from tui_models.demo import DemoGateway
from tui_models.demo.data import DemoModel
from tui_models.gateway import FetchResult, GatewayClient
from tui_models.secret import Secret


def fetch(profile: Profile, protocols=None, **client_options) -> dict[str, FetchResult]:
    async def run():
        async with GatewayClient(profile, profile.api_key or Secret(""),
                                 **client_options) as client:
            return await client.fetch_all(protocols or profile.offered)

    return asyncio.run(run())


def fetch_demo(gateway: DemoGateway, preset: str = "memorylake", **options):
    return fetch(demo_profile(gateway, preset=preset, timeout=options.pop("timeout", 10)),
                 **options)


def expected_ids(gateway: DemoGateway, protocol: str, group: str = "default") -> list[str]:
    """The ids the demo gateway's data says this group should see, in served order."""
    models: tuple[DemoModel, ...] = gateway.models_for(group)
    return [m.id for m in models if gateway.serves(protocol, m)]


def distinct_ids(gateway: DemoGateway, group: str = "default") -> set[str]:
    """Every id the group sees, once however many protocols serve it: the All view's rows."""
    return {m.id for m in gateway.models_for(group)}


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    from tui_models.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def json_pairs(text: str) -> list[tuple[str, str]]:
    return [(r["protocol"], r["id"]) for r in json.loads(text)]

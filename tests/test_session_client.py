"""The explorer's HTTP client: made once per session, never handed out for another."""

from __future__ import annotations

from tui_models import runtime
from tui_models.cli.demo import demo_profile
from tui_models.session import Session
from tui_models.tui.client import SessionClient


def session_of(gateway, name: str) -> Session:
    profile = demo_profile(gateway, name=name)
    assert profile.api_key is not None
    return Session(profile, profile.api_key)


async def test_one_client_per_session_and_a_new_one_after_a_switch(gateway):
    current = [session_of(gateway, "demo")]
    holder = SessionClient(lambda: current[0])
    first = await holder.ready()
    assert await holder.ready() is first
    current[0] = session_of(gateway, "demo-vip")
    second = await holder.ready()  # without close(): the old session's is not reused
    assert second is not first and first._http.is_closed
    assert second.profile is current[0].profile
    await holder.close()
    assert second._http.is_closed


async def test_a_client_made_while_the_session_changes_is_closed_not_used(gateway,
                                                                          monkeypatch):
    import asyncio

    import pytest

    current = [session_of(gateway, "demo")]
    holder = SessionClient(lambda: current[0])
    made = []
    original = runtime.blocking

    async def blocking(fn, *args, **kwargs):
        result = await original(fn, *args, **kwargs)
        if args and isinstance(args[0], type(current[0].profile)):  # the client was made
            made.append(result)
            current[0] = session_of(gateway, "demo-vip")  # a profile switch meanwhile
        return result

    monkeypatch.setattr(runtime, "blocking", blocking)
    with pytest.raises(asyncio.CancelledError):
        await holder.ready()
    assert len(made) == 1 and made[0]._http.is_closed
    monkeypatch.setattr(runtime, "blocking", original)
    fresh = await holder.ready()
    assert fresh.profile is current[0].profile
    await holder.close()

"""When something breaks in the background: one notice, a failed protocol, the explorer still
answering keys."""

from __future__ import annotations

import os
import time

from tui_models import logs
from tui_models.listing.loading import ProtocolLoad, Stage
from tui_models.tui.dialogs.manual_copy import ManualCopyScreen

from .tui_helpers import loaded, make_app, wait_until


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_crash_in_a_fetch_is_one_notice_and_the_protocol_shows_failed(gateway,
                                                                           monkeypatch):
    original = ProtocolLoad.fetch

    async def fetch(self, client, **options):
        if self.protocol == "claude":
            raise RuntimeError("a bug while listing, with the key demo-key in it")
        return await original(self, client, **options)

    monkeypatch.setattr(ProtocolLoad, "fetch", fetch)
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await loaded(app, pilot)
        states = app.explorer.sidebar.states
        assert states["claude"].stage is Stage.FAILED
        assert states["openai"].stage is Stage.FRESH and states["openai"].count > 0
        said = [n for n in notices(app) if "failed" in n]
        assert said == [f"list claude models failed: unexpected RuntimeError; details in "
                        f"{logs.log_path()}"]
        await pilot.press("3")  # the Claude view says why it is empty
        assert "unexpected RuntimeError" in app.explorer.state.empty_text()
    logged = logs.log_path().read_text()
    assert "RuntimeError" in logged and "demo-key" not in logged


async def test_a_crash_while_rebuilding_the_index_is_said(gateway, monkeypatch):
    from tui_models.listing import Listing

    def prepare(self, changes, everything=False):
        raise ValueError("a bug in the index")

    monkeypatch.setattr(Listing, "prepare", prepare)
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await wait_until(pilot, lambda: any("rebuild the search index failed" in n
                                            for n in notices(app)))
        await pilot.press("j")  # still answering keys


async def test_a_hanging_tmux_never_freezes_the_explorer(gateway, monkeypatch, tmp_path):
    from tui_models import clipboard
    from tui_models.tui import copying

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tmux = bin_dir / "tmux"
    tmux.write_text("#!/bin/sh\nexec sleep 30\n")
    tmux.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("TMUX", "/tmp/tmux-test,1,0")
    monkeypatch.setattr(copying, "LOCAL_TIMEOUT", 0.5)
    monkeypatch.setattr(clipboard, "TMUX_TIMEOUT", 2.0)
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await loaded(app, pilot)
        table = app.explorer.table
        first = table.current
        assert first is not None
        started = time.monotonic()
        await pilot.press("c", "j", "j")
        assert table.cursor_row == 2, "the keys after `c` were answered"
        assert time.monotonic() - started < 0.5, "…before the hung route gave up"
        assert app.clipboard == first.id  # the terminal's route (OSC 52) went at once
        await wait_until(pilot, lambda: any("did not answer within 0.5 s" in n
                                            for n in notices(app)))
        await wait_until(pilot, lambda: isinstance(app.screen, ManualCopyScreen))


async def test_a_rejected_key_is_one_notice_with_a_line_per_protocol():
    from tui_models.demo import DemoGateway

    faults = {p: "key-rejected" for p in ("openai", "claude", "gemini")}
    with DemoGateway(faults=faults) as gateway:
        app = make_app(gateway)
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await loaded(app, pilot)
            failures = [n for n in app._notifications if n.title == "Could not list models"]
            assert len(failures) == 1
            # One cause struck all three: one line naming them, in the toast and the table.
            assert failures[0].message.splitlines() == [
                "OpenAI, Claude, Gemini: key rejected (HTTP 401): invalid token"]
            assert app.explorer.table.empty_text == failures[0].message
            await pilot.pause()
            table = app.explorer.table
            rendered = " ".join(table.render_line(y).text.strip() for y in range(2, 6))
            assert rendered.strip() == failures[0].message  # whole, wrapped, not cut short
            await pilot.press("r")
            await loaded(app, pilot)
            failures = [n for n in app._notifications if n.title == "Could not list models"]
            assert len(failures) == 2  # the refresh failed again: told again, once


async def test_a_ca_file_broken_past_its_head_fails_each_list_in_one_sentence(
        gateway, monkeypatch, tmp_path):
    # The config reads only the head of SSL_CERT_FILE (a system bundle loaded whole would cost
    # every start ~20 ms); the client, made after the first frame, loads it whole.
    pem = tmp_path / "broken.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n")
    monkeypatch.setenv("SSL_CERT_FILE", str(pem))
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await wait_until(pilot, lambda: all(
            s.stage is Stage.FAILED for s in app.explorer.sidebar.states.values()))
        sentence = f"SSL_CERT_FILE: {pem} holds no usable certificate (PEM expected)"
        assert sentence in " ".join(app.explorer.state.empty_text().split())
        assert notices(app) == [f"OpenAI, Claude, Gemini: failed: {sentence}"]  # one, no "bug"
        await pilot.press("j")  # still answering keys


async def test_a_crash_while_reading_a_cache_still_loads_the_catalogue(gateway, monkeypatch):
    # The catalogue waits until every cached list has been read (they go first on the one
    # CPU thread); a read that crashes must not keep it waiting.
    original = ProtocolLoad.read_cache

    async def read_cache(self, **options):
        if self.protocol == "gemini":
            raise RuntimeError("a bug while reading the cache")
        return await original(self, **options)

    monkeypatch.setattr(ProtocolLoad, "read_cache", read_cache)
    app = make_app(gateway)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await wait_until(pilot, lambda: app.explorer.state.catalogue is not None)
        await wait_until(pilot, lambda: app.explorer.sidebar.states["gemini"].stage
                         is Stage.FAILED)
        assert app.explorer.sidebar.states["openai"].stage is not Stage.FAILED

"""The TUI on a hostile gateway: ids are shown literally, nothing reaches the terminal raw,
control characters never reach a clipboard, and the key is never on screen."""

from __future__ import annotations

import re

import pytest

from tui_models import logs
from tui_models.demo import DemoGateway
from tui_models.tui.screens.explorer import ExplorerScreen

from .tui_helpers import drawn, loaded, make_app, plain, table_lines, wait_until

pytestmark = pytest.mark.e2e  # real servers, terminals or processes

RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
KEY = "sk-screen-test-key-0c4e8a2f9b7d1356"


@pytest.fixture
def hostile():
    with DemoGateway(faults={"openai": "hostile-ids"}) as gw:
        yield gw


async def test_hostile_ids_render_inert_in_table_and_inspector(hostile):
    app = make_app(hostile)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("2")
        lines = table_lines(app)
        assert not any(RAW_CONTROL.search(line) for line in lines)
        text = "\n".join(lines)
        assert "[bold red]markup[/bold red]" in text
        assert "\\x1b]52;c;aGFja2" in text
        inspector = app.explorer.inspector
        for row in app.explorer.table.rows:
            inspector.show(app.explorer.table.models[row])
            shown = plain(inspector.shown)
            assert not RAW_CONTROL.search(shown), repr(shown[:200])


async def test_ids_with_control_characters_never_reach_a_clipboard(hostile):
    app = make_app(hostile)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"osc52-hijack", "enter", "c")
        await wait_until(pilot, lambda: "Not copied" in drawn(app))
        assert app.explorer.table.current.id.startswith("\x1b]52")
        assert app.clipboard == ""


async def test_markup_like_id_is_copied_literally(hostile):
    app = make_app(hostile)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"[bold", "enter", "c")
        await pilot.pause()
        assert app.clipboard == "[bold red]markup[/bold red]"


async def test_the_key_is_never_on_screen():
    with DemoGateway(keys={KEY: "default"}) as gw:
        app = make_app(gw, key=KEY)
        async with app.run_test(size=(120, 40)) as pilot:
            await loaded(app, pilot)
            await pilot.press("C")
            screen = app.export_screenshot()
            assert "sk-…1356" in drawn(app).splitlines()[0]
            assert KEY not in screen and KEY[3:20] not in screen
            await pilot.press("down", "down", "enter")
            await pilot.pause()
            assert KEY not in app.clipboard


async def test_unexpected_error_is_one_line_and_logged(gateway, capsys, monkeypatch):
    def broken(self):
        raise RuntimeError("boom in a handler")

    monkeypatch.setattr(ExplorerScreen, "action_help", broken)
    app = make_app(gateway)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(app, pilot)
            await pilot.press("question_mark")
            await pilot.pause()
    err = capsys.readouterr().err
    assert "tui-models stopped on an unexpected RuntimeError" in err
    assert "Traceback" not in err
    assert "boom in a handler" in logs.log_path().read_text()


async def test_pick_refuses_an_id_that_would_not_paste_back(hostile):
    app = make_app(hostile, pick=True, query="osc52-hijack")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await loaded(app, pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Not chosen" in drawn(app))
        assert app.is_running  # still picking: esc or another model
        app.explorer.search.value = "[bold"
        await pilot.press("enter")
    assert app.return_value == "[bold red]markup[/bold red]"

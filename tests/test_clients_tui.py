"""The client configs in the explorer: copy-as (`C`) and export (`e`) offer them for the view."""

from __future__ import annotations

import json

import pytest
import yaml
from textual.widgets import OptionList, Select

from tui_models.tui.dialogs.copy_as import CopyAsScreen
from tui_models.tui.dialogs.export import ExportScreen

from .tui_helpers import loaded, make_app, notified, wait_until

pytestmark = pytest.mark.e2e  # real servers and terminals


async def test_copy_as_a_client_config_holds_the_view(gateway):
    app = make_app(gateway)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"gpt-4o proto:openai", "enter", "C")
        assert isinstance(app.screen, CopyAsScreen)
        shown = [app.explorer.table.models[i].id for i in app.explorer.table.rows]
        options = app.screen.query_one(OptionList)
        index = next(i for i in range(options.option_count)
                     if options.get_option_at_index(i).id == "client:opencode")
        options.highlighted = index
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.clipboard.startswith("{"))
        config = json.loads(app.clipboard)
        models = config["provider"]["demo-openai"]["models"]
        assert set(models) == {i for i in shown if i != "gpt-4o-audio-preview"}  # chat only
        assert "demo-key" not in app.clipboard
        assert config["provider"]["demo-openai"]["options"]["apiKey"] == \
            "{env:TUI_MODELS_DEMO_KEY}"


async def test_export_writes_a_client_config_for_the_view(gateway, tmp_path):
    app = make_app(gateway)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"claude proto:openai", "enter", "e")
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#format", Select).value = "llm"
        await pilot.pause()
        path = app.screen.query_one("#path")
        assert path.value == "extra-openai-models.yaml"
        target = tmp_path / "extra-openai-models.yaml"
        path.value = str(target)
        path.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: target.exists())
        shown = [app.explorer.table.models[i].id for i in app.explorer.table.rows]
        assert [e["model_name"] for e in yaml.safe_load(target.read_text())] == shown
        await wait_until(pilot, lambda: notified(app, "Wrote"))
        target.write_text("# mine\n")  # the user's now: never replaced
        await pilot.press("e")
        app.screen.query_one("#format", Select).value = "llm"
        await pilot.pause()
        app.screen.query_one("#path").value = str(target)
        app.screen.query_one("#path").focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: notified(app, "did not write"))
        assert target.read_text() == "# mine\n"

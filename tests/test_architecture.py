"""The house rules: one module per protocol, one declaration per field, small modules. (The
import contracts — layers, a core without Textual, the demo apart — are `lint-imports`'s, in
`pyproject.toml`, run by CI beside ruff.)

A fourth protocol and a new field are added here, from this file alone, and must show up in
every place that lists protocols or fields.
"""

from __future__ import annotations

import json
import pathlib
import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

import pytest

import tui_models
from tui_models import fields, protocols
from tui_models.demo import wire
from tui_models.demo.data import DemoModel
from tui_models.demo.wire import DEFAULT, Route, Wire
from tui_models.fields import Field
from tui_models.model import Model
from tui_models.protocols import Protocol
from tui_models.protocols.normalize import model_id, record

from .helpers import run_cli

PACKAGE = pathlib.Path(tui_models.__file__).parent


class Toy(Protocol):
    """A made-up protocol: `GET /toy/v1/models`, models under `toys`, ids in `toy_id`."""

    name = "toy"
    label = "Toy"
    key = "5"
    list_field = "toys"
    list_paths: ClassVar[Mapping[str, str]] = {"memorylake": "/toy/v1/models"}

    def parse(self, item: Mapping[str, Any], price_unit: str) -> Model | None:
        ident = model_id(item.get("toy_id"))
        return None if ident is None else record(item, self.name, ident, price_unit)


class ToyWire(Wire):
    """How the demo gateway serves Toy: the gpt-4o family, renamed, in one page."""

    name = "toy"
    list_field = "toys"
    id_field = "toy_id"
    routes = (Route("/toy/v1/models", "memorylake"),)
    items: ClassVar[Mapping[str, Any]] = {
        DEFAULT: lambda model: {"toy_id": f"toy-{model.id}", "owned_by": "toyland"}}

    def serves(self, model: DemoModel) -> bool:
        return "openai" in model.protocols and model.id.startswith("gpt-4o")


@pytest.fixture
def toy() -> Iterator[Toy]:
    protocol = protocols.register(Toy())
    wire.register(ToyWire())
    yield protocol
    protocols.unregister("toy")
    wire.unregister("toy")


@pytest.fixture
def id_length() -> Iterator[Field]:
    field = fields.add(Field("id_length", lambda m: len(m.id), title="Len", width=4,
                             right=True, priority=7, sort=lambda m: len(m.id),
                             search=("len",), match="number", label="Id length"),
                       after="kind")
    yield field
    fields.remove("id_length")


@pytest.mark.e2e
def test_a_fourth_protocol_reaches_the_cli(capsys, toy):
    code, out, err = run_cli(capsys, "list", "--demo", "--format", "json")
    assert code == 0, err
    toys = [r for r in json.loads(out) if r["protocol"] == "toy"]
    assert toys and all(r["id"].startswith("toy-gpt-4o") for r in toys)
    assert {r["owned_by"] for r in toys} == {"toyland"}
    code, out, _ = run_cli(capsys, "list", "--demo", "--protocol", "toy", "--format", "ids")
    assert code == 0 and set(out.split()) == {r["id"] for r in toys}


@pytest.mark.e2e
async def test_a_fourth_protocol_reaches_the_explorer(gateway, toy):
    from .tui_helpers import drawn, loaded, make_app, wait_until

    app = make_app(gateway)
    async with app.run_test(size=(100, 50)) as pilot:
        await loaded(app, pilot)
        assert app.explorer.sidebar.states["toy"].count > 0
        assert "Toy" in drawn(app)
        await pilot.press("5")
        assert app.explorer.state.view.protocol == "toy"
        shown = {app.explorer.table.models[i].protocol for i in app.explorer.table.rows}
        assert shown == {"toy"}
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: "Show Toy models" in drawn(app))


@pytest.mark.e2e
def test_a_new_field_reaches_json_csv_table_sort_and_search(capsys, id_length):
    code, out, _ = run_cli(capsys, "list", "--demo", "len<7", "--format", "json")
    records = json.loads(out)
    assert code == 0 and records
    assert all(r["id_length"] == len(r["id"]) < 7 for r in records)
    code, out, _ = run_cli(capsys, "list", "--demo", "len<7", "--format", "csv")
    header = out.splitlines()[0].split(",")
    assert "id_length" in header
    code, out, _ = run_cli(capsys, "list", "--demo", "len<7")
    assert "LEN" in out.splitlines()[0]
    assert "id_length" in fields.sortable()


def test_a_new_field_reaches_the_inspector_and_the_table(id_length):
    from tui_models.tui.widgets.columns import layout
    from tui_models.tui.widgets.inspector import describe

    from .tui_helpers import plain

    model = Model(id="abc", protocol="openai")
    assert re.search(r"Id length +3", plain(describe(model, calls=[(model, None)])))
    assert "id_length" in [c.key for c in layout(200, protocol_column=True,
                                                  flag_column=False)]


def test_no_module_is_too_long():
    lengths = {str(p.relative_to(PACKAGE)): len(p.read_text().splitlines())
               for p in PACKAGE.rglob("*.py")}
    assert {name: n for name, n in lengths.items() if n > 400} == {}
    assert lengths["tui/app.py"] <= 300

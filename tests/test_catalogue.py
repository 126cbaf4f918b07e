"""The reference catalogue (models.dev): a bundled snapshot, matching that never changes the
id, filling that never overrides the gateway, and its search terms and columns."""

from __future__ import annotations

import gzip
import json

import pytest

from tui_models import export, fields
from tui_models.catalogue import Catalogue, enrich, load
from tui_models.catalogue.match import normalise
from tui_models.catalogue.snapshot import BUNDLED, Entry, Snapshot
from tui_models.listing import SearchIndex, parse
from tui_models.model import Model


def entry(provider: str, model_id: str, **values) -> Entry:
    base = {"name": None, "context": None, "output": None, "capabilities": (),
            "input_modalities": ("text",), "output_modalities": ("text",), "released": None,
            "knowledge": None, "status": None, "cost_input": None, "cost_output": None}
    return Entry(provider, model_id, **{**base, **values})


@pytest.fixture(scope="module")
def reference() -> Catalogue:
    return Catalogue(Snapshot({
        "openrouter": [entry("openrouter", "gpt-4o", context=1)],
        "openai": [entry("openai", "gpt-4o", context=128_000, cost_input=2.5, cost_output=10,
                         capabilities=("tools", "vision"), input_modalities=("text", "image"),
                         released="2024-05-13", status="deprecated")],
        "azure": [entry("azure", "gpt-4o", context=64_000)],
        "anthropic": [entry("anthropic", "claude-sonnet-4-5", context=200_000,
                            released="2025-09-29", output_modalities=("text", "audio"))],
        "google": [entry("google", "gemini-2.5-pro", context=1_048_576)],
    }, "2026-07-02", "test", "bundled"))


def find(reference, model_id, protocol="openai", owner=None):
    return reference.find(Model(model_id, protocol, owned_by=owner))


def test_the_owner_named_by_the_gateway_comes_first(reference):
    assert find(reference, "gpt-4o", owner="azure").entry.context == 64_000
    assert find(reference, "gpt-4o", owner="somebody").entry.provider == "openai"  # preferred
    assert find(reference, "claude-sonnet-4-5", "claude").record() == {
        "provider": "anthropic", "id": "claude-sonnet-4-5", "how": "exact"}


def test_the_owners_own_entry_wins_over_a_resellers_and_a_reseller_is_said():
    catalogue = Catalogue(Snapshot({
        "azure": [entry("azure", "deepseek-r1", cost_input=1.35, cost_output=5.4),
                  entry("azure", "deepseek-chat", cost_input=9.0)],
        "deepseek": [entry("deepseek", "DeepSeek-Chat", cost_input=0.27, cost_output=1.1)],
    }, "2026-07-02", "test", "bundled"))
    own = catalogue.find(Model("deepseek-chat", "openai", owned_by="deepseek"))
    assert own.entry.provider == "deepseek" and own.first_party  # normalised, but the maker's
    resold = catalogue.find(Model("deepseek-r1", "openai", owned_by="deepseek"))
    assert resold.entry.provider == "azure" and not resold.first_party


async def test_the_inspector_names_a_resellers_price_as_such(gateway):
    from tui_models.tui.widgets.inspector import describe

    from .tui_helpers import plain

    catalogue = Catalogue(Snapshot({"azure": [entry("azure", "deepseek-r1", cost_input=1.35)]},
                                   "2026-07-02", "test", "bundled"))
    model = Model("deepseek-r1", "openai", owned_by="deepseek", input_per_1m=0.55)
    enrich([model], catalogue)
    shown = plain(describe(model, calls=[(model, None)]))
    assert "-59% vs azure's price" in shown and "list price" not in shown


@pytest.mark.parametrize("model_id", ["models/gemini-2.5-pro", "google/gemini-2.5-pro",
                                      "gemini-2.5-pro:free", "Gemini-2.5-Pro"])
def test_normalised_forms_are_found_and_said(reference, model_id):
    match = find(reference, model_id, "gemini")
    assert match.how == "normalised" and match.entry.id == "gemini-2.5-pro"
    assert match.case_only == (model_id == "Gemini-2.5-Pro")


def test_a_case_twin_is_matched_but_flagged(reference):
    twin = find(reference, "GPT-4o", owner="azure")
    assert twin.how == "normalised" and twin.case_only
    assert find(reference, "nothing-like-it") is None
    assert normalise("models/Org/Model-X:thinking") == "model-x"


def test_the_catalogue_fills_but_never_overrides_and_never_changes_the_id(reference):
    bare = Model("gpt-4o", "openai")
    priced = Model("gpt-4o", "openai", input_per_1m=3.0, context_window=100_000)
    enrich([bare, priced], reference)
    record = fields.record(bare)
    assert record["id"] == "gpt-4o" and bare.context_window is None  # the model is untouched
    assert record["context_window"] == 128_000 and record["context_source"] == "catalog"
    assert record["input_per_1m"] == 2.5 and record["price_source"] == "catalog"
    assert record["capabilities"] == ["tools", "vision"]
    assert record["released"] == "2024-05-13" and record["status"] == "deprecated"
    assert record["catalog_match"] == {"provider": "openai", "id": "gpt-4o", "how": "exact"}
    mine = fields.record(priced)
    assert mine["context_window"] == 100_000 and mine["context_source"] == "list"
    assert mine["input_per_1m"] == 3.0 and mine["list_input_per_1m"] == 2.5
    assert mine["output_per_1m"] == 10 and mine["price_source"] == "list"
    assert fields.record(Model("x", "openai"))["catalog_match"] is None


def test_catalogue_search_terms(reference):
    models = [Model("gpt-4o", "openai"), Model("claude-sonnet-4-5", "claude"),
              Model("gemini-2.5-pro", "gemini"), Model("unknown", "openai")]
    enrich(models, reference)
    index = SearchIndex(models)

    def ids(text: str) -> list[str]:
        query = parse(text)
        assert not query.problems, query.problems
        return [index.models[i].id for i in index.filter(query, index.order())]

    assert ids("cap:vision") == ids("in:image") == ["gpt-4o"]
    assert ids("out:audio") == ["claude-sonnet-4-5"]
    assert ids("released>2025-06") == ["claude-sonnet-4-5"]
    assert ids("released<=2024-05-13") == ["gpt-4o"]
    assert ids("status:deprecated") == ["gpt-4o"]
    assert ids("ctx>1m") == ["gemini-2.5-pro"]  # numbers over filled values
    assert "wants a number, such as released>2025-06" in parse("released>june").problems[0]
    assert "matches nothing" in parse("cap:telepathy").problems[0]


def test_columns_and_markers_appear_only_with_the_catalogue(reference):
    model = Model("gpt-4o", "openai")
    assert "caps" not in [f.key for f in export.table_columns([model])]
    enrich([model], reference)
    columns = [f.key for f in export.table_columns([model])]
    assert "caps" in columns and "released" in columns and "new" in columns  # DEP marker
    assert fields.get("caps").display(model) == "TV"
    assert fields.get("new").display(model) == "DEP"


def test_the_bundled_snapshot_is_small_complete_and_credited():
    assert BUNDLED.stat().st_size <= 400 * 1024
    data = json.loads(gzip.decompress(BUNDLED.read_bytes()))
    assert "MIT" in data["licence"] and "models.dev" in data["source"]
    snapshot, problem = load()
    assert problem is None and snapshot.origin == "bundled"
    assert snapshot.count >= 5000 and len(snapshot.providers) >= 140
    found = Catalogue(snapshot).find(Model("claude-sonnet-4-5", "claude"))
    assert found is not None and found.entry.context == 200_000


def test_a_damaged_download_is_ignored_with_a_notice():
    from tui_models.catalogue import snapshot as module
    from tui_models.store import paths

    path = paths.catalogue_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x1f\x8bnot gzip")
    found, problem = module.load()
    assert found.origin == "bundled" and "ignored" in problem


@pytest.mark.e2e
def test_list_fills_from_the_catalogue_unless_told_not_to(capsys):
    from .helpers import run_cli

    # The anthropic preset: no relay pricing beside the list, so the catalogue fills it.
    _, out, _ = run_cli(capsys, "list", "--demo", "--preset", "anthropic", "claude-3-5-sonnet",
                        "--format", "json")
    [record] = json.loads(out)
    assert record["price_source"] == "catalog" and record["input_per_1m"] == 3.0
    assert record["catalog_match"]["how"] == "exact" and record["status"] == "deprecated"
    _, out, _ = run_cli(capsys, "list", "--demo", "--preset", "anthropic", "claude-3-5-sonnet",
                        "--format", "json", "--no-catalog")
    [record] = json.loads(out)
    assert record["price_source"] is None and record["catalog_match"] is None
    code, out, _ = run_cli(capsys, "list", "--demo", "status:deprecated", "--format", "ids")
    assert code == 0 and "claude-3-5-sonnet-20241022" in out.split()


@pytest.mark.e2e
def test_catalog_update_from_the_demo_checks_its_catalogue_and_writes_nothing(capsys):
    from tui_models.store import paths

    from .helpers import run_cli

    code, out, _ = run_cli(capsys, "catalog")
    assert code == 0 and "in use:  bundled" in out and "5,276" in out
    code, out, _ = run_cli(capsys, "catalog", "update", "--demo")
    assert code == 0 and "nothing written" in out and "/catalog/api.json" in out
    assert not paths.catalogue_path().exists()
    code, out, _ = run_cli(capsys, "catalog")
    assert "in use:  bundled" in out
    code, _, err = run_cli(capsys, "catalog", "update", "--demo", "--url",
                           "http://127.0.0.1:9/nothing")
    assert code == 1 and "not updated" in err


@pytest.mark.e2e
async def test_the_inspector_says_where_a_value_came_from(gateway):
    from .tui_helpers import loaded, make_app, plain, wait_until

    async def inspected(app, pilot, mark: str) -> str:
        """The inspector's text for claude-3-5-sonnet-20241022 once it holds `mark`."""
        await loaded(app, pilot)
        await wait_until(pilot, lambda: app.explorer.state.listing.catalogue is not None)
        await pilot.press("slash", *"claude-3-5-sonnet-20241022", "enter")
        # The inspector follows the table once typing pauses: wait for this model's details.
        await wait_until(pilot, lambda: plain(app.explorer.inspector.shown).startswith(
            "claude-3-5-sonnet-20241022") and mark in plain(app.explorer.inspector.shown))
        return plain(app.explorer.inspector.shown)

    app = make_app(gateway, protocol="claude", preset="anthropic")  # no relay pricing
    async with app.run_test(size=(140, 40)) as pilot:
        shown = await inspected(app, pilot, "models.dev")
        assert "3.00 · models.dev" in shown  # Claude's list has no price: the list price
        assert "anthropic/claude-3-5-sonnet-20241022 (exact)" in shown
    app = make_app(gateway)  # MemoryLake: the list's own price, beside the list price
    async with app.run_test(size=(140, 40)) as pilot:
        await inspected(app, pilot, "list price")

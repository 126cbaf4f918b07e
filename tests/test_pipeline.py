"""One pipeline: the explorer and every command read the same merged, enriched listing."""

from __future__ import annotations

import json

import pytest

from tui_models.listing import EACH, Listing
from tui_models.model import Model

from .helpers import run_cli


def ids(text: str) -> set[tuple[str, str]]:
    return {(r["protocol"], r["id"]) for r in json.loads(text)}


@pytest.mark.parametrize("query", ["cap:vision", "released>2025", "owner:anthropic ctx>100k"])
def test_list_and_probe_choose_the_same_models(capsys, query):
    code, listed, err = run_cli(capsys, "list", "--demo", query, "--format", "json")
    assert code == 0, err
    assert ids(listed), f"the catalogue fills {query}: the demo has such models"
    code, probed, err = run_cli(capsys, "probe", "--demo", query, "--yes", "--all-kinds",
                                "--format", "json")
    assert code in (0, 4), err
    assert ids(probed) == ids(listed)


def test_diff_of_the_demos_keys_sees_the_relay_group_prices(capsys):
    code, out, err = run_cli(capsys, "diff", "--demo", "demo", "demo-vip", "--format", "json")
    assert code == 4, err
    changes = {(c["protocol"], c["id"]): c for c in json.loads(out)["price_changes"]}
    # Claude's list carries no price: each key pays the relay's, vip half of default.
    change = changes[("claude", "claude-sonnet-4-5")]
    assert change["b"]["input_per_1m"] == pytest.approx(change["a"]["input_per_1m"] / 2)


def test_the_price_shown_is_what_this_keys_group_pays_with_the_list_price_beside(capsys):
    # The OpenAI list carries gpt-5's price undiscounted; the relay prices it for group vip.
    code, out, err = run_cli(capsys, "list", "--demo", "--profile", "demo-vip", "gpt-5",
                             "--protocol", "openai", "--format", "json")
    assert code == 0, err
    record = next(r for r in json.loads(out) if r["id"] == "gpt-5")
    assert record["group"] == "vip" and record["group_ratio"] == 0.5
    assert record["list_input_per_1m"] == 1.25 and record["list_output_per_1m"] == 10.0
    assert record["input_per_1m"] == 0.625 and record["output_per_1m"] == 5.0
    assert record["price_source"] == "gateway"
    code, table, err = run_cli(capsys, "list", "--demo", "--profile", "demo-vip", "gpt-5",
                               "--protocol", "openai")
    assert code == 0, err
    assert next(line for line in table.splitlines() if line.startswith("gpt-5 ")).split()[3] \
        == "0.625"
    # And `diff` sees every priced model of both keys at its group's price.
    code, out, err = run_cli(capsys, "diff", "--demo", "demo", "demo-vip", "--format", "json")
    changes = {(c["protocol"], c["id"]) for c in json.loads(out)["price_changes"]}
    assert ("openai", "gpt-4o") in changes, "listed with a price, priced again by the relay"


def test_the_snippets_variable_never_turns_one_demo_profile_into_another(capsys, monkeypatch):
    monkeypatch.setenv("TUI_MODELS_DEMO_KEY", "demo-key")  # as the README says, for snippets
    code, out, err = run_cli(capsys, "diff", "--demo", "demo", "demo-vip", "--format", "json")
    assert code == 4, err
    assert json.loads(out)["only_b"], "demo-vip keeps its own key: it sees more"
    code, out, err = run_cli(capsys, "whoami", "--demo", "--profile", "demo-vip",
                             "--format", "json")
    facts = json.loads(out)
    assert code == 0 and facts["group"] == "vip", err
    assert facts["key_source"] == "the demo's demo-vip key"
    assert facts["settings_from"] == "the embedded demo gateway"


def test_select_scopes_one_record_per_protocol_or_per_id_and_adds_gone_ones():
    listing = Listing()
    listing.load({"openai": [Model("claude-x", "openai"), Model("gpt-4o", "openai"),
                             Model("old", "openai", is_gone=True)],
                  "claude": [Model("claude-x", "claude")]})
    each = [(m.protocol, m.id) for m in listing.select("", EACH)]
    assert each == [("openai", "claude-x"), ("claude", "claude-x"), ("openai", "gpt-4o")]
    merged = listing.select("", None)
    assert [(m.id, bool(m.variants)) for m in merged] == [("claude-x", True),
                                                         ("gpt-4o", False)]
    assert [m.id for m in listing.select("", "claude")] == ["claude-x"]
    with_gone = [m.id for m in listing.select("", EACH, include_gone=True)]
    assert with_gone == ["claude-x", "claude-x", "gpt-4o", "old"]
    # An id typed in full comes first, gone ones included.
    assert [m.id for m in listing.select("gpt-4o", EACH, include_gone=True)] == ["gpt-4o"]
    assert [m.id for m in listing.select("old", EACH, include_gone=True)] == ["old"]
    assert [m.id for m in listing.select("old", EACH)] == []
    assert {(m.protocol, m.id) for m in listing.records()} == set(each)

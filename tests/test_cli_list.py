"""`tui-models list`: every (protocol, id) pair, exact, with the right exit code."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from tui_models.demo import DemoGateway
from tui_models.demo.data import CURATED, synthetic

from .helpers import expected_ids, json_pairs, run_cli

pytestmark = pytest.mark.e2e  # real servers, terminals or processes


def all_pairs(gw: DemoGateway, group: str = "default") -> list[tuple[str, str]]:
    return [(p, i) for p in ("openai", "claude", "gemini") for i in expected_ids(gw, p, group)]


def test_json_lists_every_pair_across_pages(capsys, monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", "demo-key")
    with DemoGateway(models=CURATED + synthetic(300), page_caps={"claude": 4, "gemini": 6}) as gw:
        code, out, err = run_cli(capsys, "list", "--base-url", gw.url, "--format", "json")
        assert (code, err) == (0, "")
        assert sorted(json_pairs(out)) == sorted(all_pairs(gw))
        assert len(set(json_pairs(out))) == len(json_pairs(out))
        record = json.loads(out)[0]
        for field in ("id", "protocol", "display_name", "owned_by", "input_per_1m",
                      "output_per_1m", "per_request", "context_window", "max_output", "kind",
                      "raw"):
            assert field in record


def test_new_api_preset(capsys, monkeypatch):
    monkeypatch.setenv("NEW_API_KEY", "demo-key")
    with DemoGateway(flavor="new-api") as gw:
        code, out, err = run_cli(capsys, "list", "--preset", "new-api", "--base-url", gw.url,
                                 "--format", "json")
        assert (code, err) == (0, "")
        assert sorted(json_pairs(out)) == sorted(all_pairs(gw))


def test_prices_are_per_1m_in_json(capsys, monkeypatch, gateway):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", "demo-key")
    code, out, _ = run_cli(capsys, "list", "gpt-4o-mini", "--base-url", gateway.url,
                           "--format", "json")
    assert code == 0
    record = next(r for r in json.loads(out) if r["id"] == "gpt-4o-mini")
    assert record["input_per_1m"] == pytest.approx(0.15)
    assert record["raw"]["pricing"]["input"] == pytest.approx(0.00015)


def test_partial_failure_prints_what_loaded_and_exits_3(capsys, monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", "demo-key")
    with DemoGateway(faults={"claude": "key-rejected"}) as gw:
        code, out, err = run_cli(capsys, "list", "--base-url", gw.url, "--format", "ids")
        assert code == 3
        ids = out.splitlines()
        assert sorted(ids) == sorted(expected_ids(gw, "openai") + expected_ids(gw, "gemini"))
        lines = err.strip().splitlines()
        assert lines == ["tui-models: Claude: key rejected (HTTP 401): invalid token"]


def test_nothing_loaded_exits_1(capsys, monkeypatch, gateway):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", "not-a-demo-key-000001")
    code, out, err = run_cli(capsys, "list", "--base-url", gateway.url)
    assert code == 1
    assert len(err.strip().splitlines()) == 3
    assert "not-a-demo-key-000001" not in out + err


def test_missing_key_exits_2_with_one_line(capsys, gateway):
    code, out, err = run_cli(capsys, "list", "--base-url", gateway.url)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "MEMORYLAKE_API_KEY" in err


def test_protocol_filter_and_query(capsys):
    code, out, _ = run_cli(capsys, "list", "--demo", "--protocol", "claude", "--format", "ids")
    assert code == 0
    ids = out.split()
    assert ids and all(i.startswith("claude") for i in ids)
    code, out, _ = run_cli(capsys, "list", "--demo", "owner:azure", "GPT-4o", "--format", "ids")
    assert out.splitlines() == ["GPT-4o"]


def test_protocol_not_in_preset_is_input_error(capsys, monkeypatch, gateway):
    monkeypatch.setenv("OPENAI_API_KEY", "demo-key")
    code, _, err = run_cli(capsys, "list", "--preset", "openai", "--base-url", gateway.url,
                           "--protocol", "gemini")
    assert code == 2 and "does not offer" in err


def test_table_is_aligned_sorted_and_per_1m(capsys):
    code, out, _ = run_cli(capsys, "list", "--demo", "--protocol", "openai", "gpt-4o")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["ID", "OWNER", "PROTO"]
    ids = [line.split()[0] for line in lines[1:]]
    assert ids[:2] == ["gpt-4o", "GPT-4o"]  # the exact id, then its case twin, then id order
    assert ids[2:] == sorted(ids[2:], key=lambda i: (i.lower(), i))
    row = next(line for line in lines if line.split()[0] == "gpt-4o-mini")
    assert "0.15" in row and "0.60" in row and "128K" in row
    starts = {line.index(line.split()[1]) for line in lines[1:] if len(line.split()) > 2}
    assert len(starts) == 1


def test_csv(capsys):
    code, out, _ = run_cli(capsys, "list", "--demo", "kind:embed", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {r["kind"] for r in rows} == {"embedding"}
    assert "text-embedding-3-small" in [r["id"] for r in rows]


def test_console_entry_points():
    for argv in (["-m", "tui_models", "--version"],):
        done = subprocess.run([sys.executable, *argv], capture_output=True, text=True)
        assert done.returncode == 0 and done.stdout.startswith("tui-models ")


def test_help_has_examples():
    done = subprocess.run([sys.executable, "-m", "tui_models", "list", "--help"],
                          capture_output=True, text=True)
    assert "examples:" in done.stdout and "--format" in done.stdout


@pytest.mark.parametrize(("redirect", "message"), [
    (">/dev/full", "tui-models: cannot write the output: No space left on device"),
    (">&-", "tui-models: standard output is closed"),
])
def test_output_that_cannot_be_written_is_one_line_and_exit_2(redirect, message):
    import subprocess
    import sys

    done = subprocess.run(f"{sys.executable} -m tui_models list --demo --format ids {redirect}",
                          shell=True, capture_output=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [message]


def test_with_stderr_closed_the_list_still_prints_and_exits_as_usual():
    import os

    with DemoGateway(faults={"gemini": "html-502"}) as gw:
        env = {**os.environ, "MEMORYLAKE_API_KEY": "demo-key"}
        done = subprocess.run(f"{sys.executable} -m tui_models list --base-url {gw.url} "
                              "--format ids 2>&-", shell=True, capture_output=True,
                              timeout=60, check=False, env=env)
        ids = done.stdout.decode().split()
    assert done.returncode == 3  # Gemini failed: said nowhere, but the status says so
    assert set(ids) == set(expected_ids(gw, "openai")) | set(expected_ids(gw, "claude"))


def test_list_ranks_the_exact_id_first_as_the_explorer_does(capsys):
    code, out, _ = run_cli(capsys, "list", "--demo", "gpt-4o", "--format", "ids")
    assert code == 0 and out.split()[:2] == ["gpt-4o", "GPT-4o"]


def test_a_word_starting_with_a_dash_excludes_unless_it_is_an_option(capsys):
    _, every, _ = run_cli(capsys, "list", "--demo", "gpt", "--format", "ids")
    code, out, _ = run_cli(capsys, "list", "--demo", "gpt", "-mini", "--format", "ids")
    wanted = [i for i in every.splitlines() if "mini" not in i.lower()]
    assert code == 0 and out.splitlines() == wanted and len(wanted) < len(every.splitlines())
    assert run_cli(capsys, "list", "--demo", "-mini", "gpt", "--format", "ids")[1] == out
    assert run_cli(capsys, "list", "--demo", "--format", "ids", "--", "gpt", "-mini")[1] == out
    with pytest.raises(SystemExit) as stopped:  # a typo of --protocol is no search term
        run_cli(capsys, "list", "--demo", "gpt", "-protocol", "openai")
    assert stopped.value.code == 2 and "unrecognized arguments: -protocol" in \
        capsys.readouterr().err


@pytest.mark.parametrize("merge", [[], ["--merge"]])
def test_every_id_without_relay_or_catalogue_is_every_id_json_lists(capsys, monkeypatch,
                                                                     gateway, merge):
    # `list --format ids` with no query asks nothing beside the lists (no relay price, no
    # catalogue): the ids, their order and their count are the full pipeline's.
    monkeypatch.setenv("MEMORYLAKE_API_KEY", "demo-key")
    gateway.requests.clear()
    code, ids, _ = run_cli(capsys, "list", "--base-url", gateway.url, "--format", "ids", *merge)
    assert code == 0 and not [p for p, _ in gateway.requests if p.startswith("/api/")]
    code, out, _ = run_cli(capsys, "list", "--base-url", gateway.url, "--format", "json", *merge)
    assert code == 0 and [p for p, _ in gateway.requests if p.startswith("/api/")]
    assert ids.splitlines() == [r["id"] for r in json.loads(out)] and len(ids.splitlines()) > 90

"""`tui-models export --for CLIENT` against the demo gateway: each format read back by its real
parser (json, tomllib, PyYAML, the shell) holds exactly the listed ids, the limits and prices of
the list, and the key only as a reference to its variable."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
import yaml

from tui_models import clients
from tui_models.compat import tomllib
from tui_models.config.sdk import from_environment
from tui_models.demo import DemoGateway
from tui_models.demo.data import CURATED, DemoModel

from .helpers import run_cli

pytestmark = pytest.mark.e2e  # real servers

KEY = "sk-tuimodels-RECOGNISABLE-0123456789abcdef"
"""A key no output may hold, in whole or in its distinctive part."""
VAR = "MEMORYLAKE_API_KEY"


@pytest.fixture
def keyed(monkeypatch):
    monkeypatch.setenv(VAR, KEY)
    with DemoGateway(keys={KEY: "default"}) as gw:
        yield gw


def export(capsys, gw: DemoGateway, client: str, *args: str) -> tuple[str, str]:
    code, out, err = run_cli(capsys, "export", "--for", client, "--base-url", gw.url, *args)
    assert code == 0, err
    assert "RECOGNISABLE" not in out + err
    return out, err


def listed(capsys, gw: DemoGateway, *args: str) -> list[dict]:
    code, out, err = run_cli(capsys, "list", "--base-url", gw.url, "--format", "json", *args)
    assert code == 0, err
    return [r for r in json.loads(out) if r["kind"] == "chat"]


def test_opencode_json_holds_every_listed_chat_id_per_protocol(capsys, keyed):
    out, _ = export(capsys, keyed, "opencode")
    config = json.loads(out)
    records = listed(capsys, keyed)
    providers = config["provider"]
    assert set(providers) == {"default-openai", "default-claude", "default-gemini"}
    for protocol in ("openai", "claude", "gemini"):
        provider = providers[f"default-{protocol}"]
        assert list(provider["models"]) == [r["id"] for r in records
                                            if r["protocol"] == protocol]
        assert provider["options"]["apiKey"] == "{env:MEMORYLAKE_API_KEY}"
    openai = providers["default-openai"]
    assert openai["npm"] == "@ai-sdk/openai-compatible"
    assert openai["options"]["baseURL"] == f"{keyed.url}/v1"
    assert providers["default-claude"]["options"]["baseURL"] == f"{keyed.url}/claude/v1"
    assert {"gpt-4o", "GPT-4o"} <= set(openai["models"])  # case twins stay two entries
    mini = openai["models"]["gpt-4o-mini"]
    assert mini["limit"] == {"context": 128_000, "output": 16_384}
    assert mini["cost"] == {"input": pytest.approx(0.15), "output": pytest.approx(0.6)}


def test_a_query_narrows_the_set_and_protocol_one_list(capsys, keyed):
    out, _ = export(capsys, keyed, "opencode", "gpt-4o", "--protocol", "openai")
    models = json.loads(out)["provider"]["default-openai"]["models"]
    assert set(models) == {r["id"] for r in listed(capsys, keyed, "gpt-4o", "--protocol",
                                                   "openai")}
    assert list(json.loads(out)["provider"]) == ["default-openai"]


def test_crush_providers(capsys, keyed):
    out, _ = export(capsys, keyed, "crush")
    providers = json.loads(out)["providers"]
    assert set(providers) == {"default-openai", "default-claude"}  # not Gemini's: Google's API
    claude = providers["default-claude"]
    assert (claude["type"], claude["api_key"]) == ("anthropic", "$MEMORYLAKE_API_KEY")
    assert claude["base_url"] == f"{keyed.url}/claude/v1"
    ids = [m["id"] for m in claude["models"]]
    assert ids == [r["id"] for r in listed(capsys, keyed) if r["protocol"] == "claude"]
    sonnet = next(m for m in claude["models"] if m["id"] == "claude-sonnet-4-5")
    assert (sonnet["context_window"], sonnet["default_max_tokens"]) == (200_000, 64_000)
    assert (sonnet["cost_per_1m_in"], sonnet["cost_per_1m_out"]) == (3, 15)


def test_codex_toml(capsys, keyed):
    out, _ = export(capsys, keyed, "codex", "gpt-4o")
    config = tomllib.loads(out)
    provider = config["model_providers"]["default-openai"]
    assert provider == {"name": "default via tui-models", "base_url": f"{keyed.url}/v1",
                        "env_key": VAR, "wire_api": "responses"}
    assert config["model_provider"] == "default-openai"
    expected = [r["id"] for r in listed(capsys, keyed, "gpt-4o", "--protocol", "openai")]
    assert config["model"] == expected[0]
    assert config["model_context_window"] == 128_000
    picks = [tomllib.loads("m = " + line.split("-m ", 1)[1].split("   (")[0])["m"]
             for line in out.splitlines() if line.startswith("#   -m ")]
    assert picks == expected


def test_claude_code_lines_run_in_a_shell(capsys, keyed, tmp_path):
    out, _ = export(capsys, keyed, "claude-code")
    script = tmp_path / "claude.sh"
    script.write_text(out)
    shown = subprocess.run(
        ["sh", "-c", '. "$1" && env', "sh", str(script)], capture_output=True, text=True,
        env={"PATH": os.environ["PATH"], VAR: KEY}, check=True).stdout
    env = dict(line.split("=", 1) for line in shown.splitlines() if "=" in line)
    assert env["ANTHROPIC_BASE_URL"] == f"{keyed.url}/claude"
    assert env["ANTHROPIC_AUTH_TOKEN"] == KEY  # read from the variable when run, not written
    assert env["ANTHROPIC_API_KEY"] == ""
    assert env["CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY"] == "1"
    assert env["ANTHROPIC_MODEL"] == env["ANTHROPIC_DEFAULT_SONNET_MODEL"] == "claude-sonnet-4-5"
    assert env["ANTHROPIC_DEFAULT_HAIKU_MODEL"] == "claude-haiku-4-5"
    assert env["ANTHROPIC_DEFAULT_OPUS_MODEL"] == "claude-opus-4-0"  # 4-1 is the vip group's


def test_aider_metadata_and_its_env_lines(capsys, keyed):
    out, err = export(capsys, keyed, "aider", "gpt-4o-mini", "--protocol", "openai")
    metadata = json.loads(out)
    entry = metadata["openai/gpt-4o-mini"]
    assert entry["litellm_provider"] == "openai" and entry["mode"] == "chat"
    assert (entry["max_input_tokens"], entry["max_output_tokens"]) == (128_000, 16_384)
    assert entry["input_cost_per_token"] == pytest.approx(0.15e-6)
    assert f"export OPENAI_API_BASE={keyed.url}/v1" in err
    assert 'export OPENAI_API_KEY="$MEMORYLAKE_API_KEY"' in err


def test_llm_yaml(capsys, keyed):
    out, _ = export(capsys, keyed, "llm", "gpt-4o")
    entries = yaml.safe_load(out)
    expected = [r["id"] for r in listed(capsys, keyed, "gpt-4o", "--protocol", "openai")]
    assert [e["model_name"] for e in entries] == expected
    assert [e["model_id"] for e in entries] == [f"default/{i}" for i in expected]
    assert {e["api_base"] for e in entries} == {f"{keyed.url}/v1"}
    assert {e["api_key_name"] for e in entries} == {VAR}


def test_continue_yaml(capsys, keyed):
    out, _ = export(capsys, keyed, "continue", "claude-sonnet-4-5")
    config = yaml.safe_load(out)
    assert (config["schema"], config["version"]) == ("v1", "1.0.0")
    by_provider = {m["provider"]: m for m in config["models"]}
    assert set(by_provider) == {"openai", "anthropic"}  # the OpenAI and the Claude list
    claude = by_provider["anthropic"]
    assert claude["model"] == "claude-sonnet-4-5"
    assert claude["apiBase"] == f"{keyed.url}/claude/v1/"
    assert claude["apiKey"] == "${{ secrets.MEMORYLAKE_API_KEY }}"
    assert claude["defaultCompletionOptions"] == {"contextLength": 200_000, "maxTokens": 64_000}
    assert len({m["name"] for m in config["models"]}) == len(config["models"])


def test_env_lines_are_what_the_sdk_reader_reads_back(capsys, keyed, tmp_path):
    out, _ = export(capsys, keyed, "env", "gemini-2.5-pro")
    dotenv = tmp_path / ".env"
    dotenv.write_text(out)
    shown = subprocess.run(["sh", "-c", 'set -a; . "$1"; env', "sh", str(dotenv)],
                           capture_output=True, text=True, check=True,
                           env={"PATH": os.environ["PATH"], VAR: KEY}).stdout
    env = dict(line.split("=", 1) for line in shown.splitlines() if "=" in line)
    assert env["GEMINI_MODEL"] == env["OPENAI_MODEL"] == "gemini-2.5-pro"
    assert env["OPENAI_API_KEY"] == env["GEMINI_API_KEY"] == KEY
    found = from_environment(env)  # tui-models' own zero-config reader finds the gateway
    assert found is not None and found.section["base_url"] == keyed.url


def test_output_never_replaces_a_file_it_did_not_write(capsys, keyed, tmp_path):
    target = tmp_path / "opencode.json"
    target.write_text("mine\n")
    code, out, err = run_cli(capsys, "export", "--for", "opencode", "--base-url", keyed.url,
                             "--output", str(target))
    assert code == 2 and "not replaced; --force replaces it" in err
    assert target.read_text() == "mine\n"
    out, err = export(capsys, keyed, "opencode", "--output", str(target), "--force")
    assert out == "" and "wrote" in err
    assert json.loads(target.read_text())["provider"]
    fresh = tmp_path / "new" / "opencode.json"
    export(capsys, keyed, "opencode", "--output", str(fresh))
    written = json.loads(fresh.read_text())
    export(capsys, keyed, "opencode", "gpt", "--output", str(fresh))  # ours: replaced
    assert json.loads(fresh.read_text()) != written
    fresh.write_text(fresh.read_text() + " ")  # edited since: the user's now
    code, _, err = run_cli(capsys, "export", "--for", "opencode", "--base-url", keyed.url,
                           "--output", str(fresh))
    assert code == 2 and fresh.read_text().endswith(" ")
    code, _, err = run_cli(capsys, "export", "--for", "opencode", "--force")
    assert code == 2 and "--force needs --output" in err


def test_verified_keeps_what_a_probe_answered(capsys, keyed):
    code, _, err = run_cli(capsys, "probe", "gpt-4o-mini", "--protocol", "openai",
                           "--base-url", keyed.url)
    assert code == 0, err
    out, err = export(capsys, keyed, "llm", "gpt-4o", "--verified")
    assert [e["model_name"] for e in yaml.safe_load(out)] == ["gpt-4o-mini"]
    assert "never probed (--verified)" in err
    code, _, err = run_cli(capsys, "export", "--for", "codex", "--verified",
                           "--base-url", keyed.url)
    assert code == 2  # the probe answered through chat; Codex calls the Responses API
    assert "answered through chat, not responses (--verified)" in err


def test_a_client_without_its_list_is_told_so(capsys, keyed):
    code, _, err = run_cli(capsys, "export", "--for", "claude-code", "--protocol", "openai",
                           "--base-url", keyed.url)
    assert code == 2 and "Claude Code uses the claude list" in err


HOSTILE = (
    DemoModel("{file:/etc/hostname}", "acme", "{env:HOME} ${{ secrets.X }}", 8_000, 1_000,
              1, 2, ("openai",)),
    DemoModel("${{ secrets.OPENAI }}$(touch pwned)", "acme", "\x1b]52;c;aGk=\x07", 8_000,
              1_000, 1, 2, ("openai",)),
)


@pytest.mark.parametrize("client", ["opencode", "crush", "codex", "aider", "llm", "continue"])
def test_hostile_ids_come_back_exact_and_expand_nothing(capsys, monkeypatch, client):
    monkeypatch.setenv(VAR, KEY)
    with DemoGateway(models=CURATED + HOSTILE, keys={KEY: "default"}) as gw:
        out, _ = export(capsys, gw, client, "owner:acme", "--protocol", "openai")
    assert "\x1b" not in out and "\x07" not in out  # nothing reaches the terminal raw
    if client == "opencode":  # its raw-text {env:…} / {file:…} pass finds only our reference
        assert "{file:" not in out and out.count("{env:") == 1
    if client == "continue":  # its ${{ … }} pass finds only our secret reference
        assert out.count("${{") == out.count("${{ secrets.MEMORYLAKE_API_KEY }}")
    ids = {m.id for m in HOSTILE}
    if client == "opencode":
        assert set(json.loads(out)["provider"]["default-openai"]["models"]) == ids
    elif client == "crush":
        assert {m["id"] for m in json.loads(out)["providers"]["default-openai"]["models"]} \
            == ids
    elif client == "codex":
        assert "tui-models" in tomllib.loads(out)["model_providers"]["default-openai"]["name"]
    elif client == "aider":
        assert set(json.loads(out)) == {f"openai/{i}" for i in ids}
    elif client == "llm":
        assert {e["model_name"] for e in yaml.safe_load(out)} == ids
    else:
        assert {m["model"] for m in yaml.safe_load(out)["models"]} == ids


def test_every_client_is_registered_with_its_version():
    assert clients.names() == ("opencode", "crush", "codex", "claude-code", "aider", "llm",
                               "continue", "env")
    for client in clients.CLIENTS.values():
        assert client.written_for and client.filename
        assert set(client.endpoints) == set(client.protocols)

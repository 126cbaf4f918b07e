"""The exports read by the real clients, where they are installed (on PATH): opencode lists
exactly the exported ids, llm calls the demo gateway with the exact id, Codex accepts the
config (and refuses what it does not support). Each skips, saying why, when its client is not
installed: `.ci/run` installs them from the package registries (npm `opencode-ai`,
`@openai/codex`; PyPI `llm`). No client reaches beyond loopback: each runs with its own home,
and opencode and Codex with their network fetches off."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tui_models.demo import DemoGateway

from .helpers import run_cli

pytestmark = pytest.mark.e2e  # real servers and processes

KEY = "demo-key"
VAR = "MEMORYLAKE_API_KEY"


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed here (.ci/run installs it from its registry)")
    return found


def exported(capsys, gw: DemoGateway, client: str, *args: str) -> str:
    code, out, err = run_cli(capsys, "export", "--for", client, "--base-url", gw.url, *args)
    assert code == 0, err
    return out


def home(tmp_path: Path) -> dict[str, str]:
    """An environment of its own: no developer config, cache or key is read."""
    return {"PATH": os.environ["PATH"], "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state"),
            "NO_PROXY": "127.0.0.1,localhost"}


def test_opencode_lists_exactly_the_exported_ids(capsys, monkeypatch, gateway, tmp_path):
    opencode = tool("opencode")
    monkeypatch.setenv(VAR, KEY)
    config = tmp_path / "opencode.json"
    config.write_text(exported(capsys, gateway, "opencode"))
    providers = json.loads(config.read_text())["provider"]
    expected = sorted(f"{name}/{model}" for name, provider in providers.items()
                      for model in provider["models"])
    env = home(tmp_path) | {"OPENCODE_CONFIG": str(config), VAR: KEY,
                            "OPENCODE_DISABLE_MODELS_FETCH": "1",
                            "OPENCODE_DISABLE_AUTOUPDATE": "1",
                            "OPENCODE_DISABLE_PROJECT_CONFIG": "1",
                            "OPENCODE_DISABLE_DEFAULT_PLUGINS": "1"}
    shown = subprocess.run([opencode, "models"], capture_output=True, text=True, env=env,
                           cwd=tmp_path, timeout=120, stdin=subprocess.DEVNULL)
    assert shown.returncode == 0, shown.stderr
    ours = sorted(line for line in shown.stdout.splitlines()
                  if line.split("/", 1)[0] in providers)
    assert ours == expected
    assert "default-openai/GPT-4o" in ours and "default-openai/gpt-4o" in ours


def test_llm_calls_the_gateway_with_the_exact_id(capsys, monkeypatch, gateway, tmp_path):
    llm = tool("llm")
    monkeypatch.setenv(VAR, KEY)
    user = tmp_path / "llm"
    user.mkdir()
    (user / "extra-openai-models.yaml").write_text(exported(capsys, gateway, "llm", "gpt-4o"))
    env = home(tmp_path) | {"LLM_USER_PATH": str(user)}
    # llm reads keys from its own store, under the name the export gives (api_key_name)
    subprocess.run([llm, "keys", "set", VAR, "--value", KEY], env=env, check=True,
                   timeout=60, capture_output=True)
    for name in ("gpt-4o", "GPT-4o"):
        # --no-stream: the demo gateway answers calls whole, not as server-sent events
        answer = subprocess.run([llm, "-m", f"default/{name}", "--no-stream", "hi"], env=env,
                                capture_output=True, text=True, timeout=120,
                                stdin=subprocess.DEVNULL)
        assert answer.returncode == 0, answer.stderr
        assert answer.stdout.strip()
    assert gateway.calls[-2:] == [("openai", "gpt-4o"), ("openai", "GPT-4o")]


def test_codex_accepts_the_config_and_refuses_wire_api_chat(capsys, monkeypatch, gateway,
                                                             tmp_path):
    codex = tool("codex")
    monkeypatch.setenv(VAR, KEY)
    codex_home = tmp_path / "codex"
    codex_home.mkdir()
    text = exported(capsys, gateway, "codex", "gpt-4o")
    env = home(tmp_path) | {"CODEX_HOME": str(codex_home), VAR: KEY}

    def load(config: str) -> subprocess.CompletedProcess[str]:
        (codex_home / "config.toml").write_text(config)
        # `features list` loads and checks the whole config, and calls nothing
        return subprocess.run([codex, "features", "list"], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=120,
                              stdin=subprocess.DEVNULL)

    accepted = load(text)
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.strip()
    refused = load(text.replace('wire_api = "responses"', 'wire_api = "chat"'))
    assert refused.returncode != 0 and "wire_api" in refused.stderr  # the check is real

"""`tui-models check`: the ids each client's config names for this gateway, judged against
the key's list over real HTTP; hostile and unreadable files are one line and exit 2."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tui_models.clients import scan
from tui_models.demo import DemoGateway

from .helpers import run_cli

KEY = "sk-check-test-key-9f8e7d6c5b4a3210"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def configs(root: Path, url: str) -> dict[str, Path]:
    """One config per client, pointed at `url`, each naming a listed id and one that is not;
    beside them, settings for another service whose ids must not be judged."""
    host_url = url.rstrip("/")
    return {
        "opencode": write(root / "opencode.json", json.dumps({
            "model": "gw/gpt-4o-mni", "provider": {
                "gw": {"npm": "@ai-sdk/openai-compatible",
                       "options": {"baseURL": f"{host_url}/v1", "apiKey": "{env:K}"},
                       "models": {"gpt-4o": {}, "gpt-4o-mni": {}}},
                "elsewhere": {"options": {"baseURL": "https://api.example.com/v1"},
                              "models": {"not-ours": {}}}}}, indent=1)),
        "crush": write(root / "crush.json", json.dumps({"providers": {"gw": {
            "type": "openai", "base_url": f"{host_url}/v1",
            "models": [{"id": "gpt-4o-mini"}, {"id": "GPT-4O"}]}}})),
        "codex": write(root / "codex" / "config.toml",
                       f'model = "gpt-5"\nmodel_provider = "gw"\n\n[model_providers.gw]\n'
                       f'name = "gw"\nbase_url = "{host_url}/v1"\nenv_key = "K"\n'),
        "claude": write(root / "claude" / "settings.json", json.dumps({"env": {
            "ANTHROPIC_BASE_URL": f"{host_url}/claude",
            "ANTHROPIC_MODEL": "claude-sonnet-4-5", "ANTHROPIC_DEFAULT_HAIKU_MODEL": "gpt-4o"}})),
        "aider": write(root / ".aider.conf.yml",
                       f"openai-api-base: {host_url}/v1\nmodel: openai/gpt-4o\n"
                       "weak-model: openai/gpt-4o-mini\n"),
        "llm": write(root / "extra-openai-models.yaml",
                     f"- model_id: gw-4o\n  model_name: gpt-4o\n  api_base: {host_url}/v1\n"
                     "- model_id: other\n  model_name: not-ours\n"
                     "  api_base: https://api.example.com/v1\n"),
        "env": write(root / "app.env", "OPENAI_MODEL=gpt-4o\nexport SMALL_MODEL='gpt-4.1-mini'\n"
                                       "EMBED_MODEL=text-embedding-4\n"),
    }


@pytest.fixture
def keyed(monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", KEY)


# -- reading each client's file (no gateway) --------------------------------------------------

def test_each_clients_file_gives_the_ids_it_points_at_this_gateway(tmp_path):
    files = configs(tmp_path, "http://gw.test:8080")
    found = {name: [(m.id, m.protocol, m.line) for m in
                    scan.mentions(path, scan.source_for(path), "gw.test:8080")]
             for name, path in files.items()}
    assert sorted(i for i, _, _ in found["opencode"]) == ["gpt-4o", "gpt-4o-mni"]
    assert found["crush"] == [("gpt-4o-mini", "openai", 1), ("GPT-4O", "openai", 1)]
    assert found["codex"] == [("gpt-5", "openai", 1)]
    assert found["claude"] == [("claude-sonnet-4-5", "claude", 1), ("gpt-4o", "claude", 1)]
    assert found["aider"] == [("gpt-4o", "openai", 2), ("gpt-4o-mini", "openai", 3)]
    assert found["llm"] == [("gpt-4o", "openai", 2)]  # not the other service's
    assert found["env"] == [("gpt-4o", "openai", 1), ("gpt-4.1-mini", "openai", 2),
                            ("text-embedding-4", "openai", 3)]
    # Pointed at another host, a client's file names nothing of this gateway.
    assert scan.mentions(files["opencode"], scan.OPENCODE, "other.test") == []


def test_the_usual_places_are_each_clients_own(tmp_path, monkeypatch):
    home, cwd = tmp_path / "home", tmp_path / "project"
    write(home / ".codex" / "config.toml", "")
    write(home / ".claude" / "settings.json", "{}")
    write(tmp_path / "config" / "opencode" / "opencode.json", "{}")
    write(cwd / ".aider.conf.yml", "")
    places = scan.usual_places(cwd, {"HOME": str(home),
                                     "XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert sorted((p.relative_to(tmp_path).as_posix(), s.client) for p, s in places) == [
        ("config/opencode/opencode.json", "opencode"), ("home/.claude/settings.json",
                                                         "claude-code"),
        ("home/.codex/config.toml", "codex"), ("project/.aider.conf.yml", "aider")]


# -- the command, over real HTTP --------------------------------------------------------------

@pytest.mark.e2e
def test_check_judges_every_id_found_and_exits_4_when_one_is_not_listed(capsys, tmp_path,
                                                                        keyed):
    with DemoGateway(keys={KEY: "default"}) as gw:
        files = configs(tmp_path, gw.url)
        code, out, err = run_cli(capsys, "check", "--base-url", gw.url, "--json",
                                 *map(str, files.values()))
        rows = json.loads(out)
        verdicts = {(Path(r["file"]).name, r["id"]): r["verdict"] for r in rows}
        assert code == 4 and err == ""
        assert verdicts[("opencode.json", "gpt-4o")] == "listed"
        assert verdicts[("opencode.json", "gpt-4o-mni")] == "not_listed"
        assert verdicts[("crush.json", "GPT-4O")] == "case_twin"
        assert verdicts[("config.toml", "gpt-5")] == "other_group"  # vip only
        # Claude Code calls through the Claude protocol: gpt-4o is the OpenAI list's only.
        assert verdicts[("settings.json", "gpt-4o")] == "other_protocol"
        assert verdicts[("settings.json", "claude-sonnet-4-5")] == "listed"
        assert verdicts[(".aider.conf.yml", "gpt-4o-mini")] == "listed"
        assert ("extra-openai-models.yaml", "not-ours") not in verdicts
        # Text: one line per id with file and line; all listed is exit 0.
        good = write(tmp_path / "good.env", "A_MODEL=gpt-4o\nB_MODEL=gpt-4o-mini\n")
        code, out, _ = run_cli(capsys, "check", "--base-url", gw.url, str(good))
    assert code == 0
    assert out.splitlines() == [f"{good}:1: ✓ `gpt-4o` is listed (OpenAI).",
                                f"{good}:2: ✓ `gpt-4o-mini` is listed (OpenAI)."]


@pytest.mark.e2e
def test_with_no_file_check_reads_the_usual_places(capsys, tmp_path, keyed, monkeypatch):
    with DemoGateway(keys={KEY: "default"}) as gw:
        write(Path(os.environ["HOME"]) / ".codex" / "config.toml",
              f'model = "gpt-4o"\nmodel_provider = "gw"\n[model_providers.gw]\n'
              f'base_url = "{gw.url}/v1"\n')
        monkeypatch.chdir(tmp_path)
        code, out, _ = run_cli(capsys, "check", "--base-url", gw.url)
    assert code == 0 and out.endswith("config.toml:1: ✓ `gpt-4o` is listed (OpenAI).\n")


@pytest.mark.e2e
@pytest.mark.parametrize(("name", "content", "says"), [
    ("opencode.json", b'{"provider": ' * 3000, "nested too deep"),
    ("crush.json", b"{not json", "not a valid crush file"),
    ("config.toml", b"model = [", "not a valid codex file"),
    (".aider.conf.yml", b"model: [unclosed\n", "not a valid aider file"),
    ("app.env", b"\xff\xfe\x00binary", "not UTF-8 text"),
])
def test_an_unreadable_file_is_named_in_one_line_and_exit_2(capsys, tmp_path, keyed, name,
                                                           content, says):
    path = tmp_path / name
    path.write_bytes(content)
    with DemoGateway(keys={KEY: "default"}) as gw:
        code, out, err = run_cli(capsys, "check", "--base-url", gw.url, str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(path) in err and says in err
    assert "Traceback" not in err


@pytest.mark.e2e
def test_hostile_values_stay_inert_and_the_key_is_never_printed(capsys, tmp_path, keyed):
    path = write(tmp_path / "hostile.env",
                 f"OPENAI_MODEL={KEY}\nX_MODEL=gpt\x1b]52;c;aGk=\x07-4o\nY_MODEL=" + "a" * 5000
                 + "\n")
    with DemoGateway(keys={KEY: "default"}) as gw:
        code, out, err = run_cli(capsys, "check", "--base-url", gw.url, str(path))
        code_json, out_json, _ = run_cli(capsys, "check", "--base-url", gw.url, "--json",
                                         str(path))
    assert code == code_json == 4
    for text in (out, err, out_json):
        assert KEY not in text and "\x1b" not in text and "\x07" not in text
    assert "holds the API key" in out
    assert len(json.loads(out_json)) == 2  # the 5,000-character value is not an id

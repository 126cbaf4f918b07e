"""Zero configuration where the SDKs are set up (issue 24): OPENAI_BASE_URL + OPENAI_API_KEY,
ANTHROPIC_BASE_URL + ANTHROPIC_AUTH_TOKEN/ANTHROPIC_API_KEY, GOOGLE_GEMINI_BASE_URL +
GEMINI_API_KEY make a profile — tried over real HTTP against the demo gateway."""

from __future__ import annotations

import json
import os

import pytest

from tui_models.cli.demo import demo_profile
from tui_models.config import ConfigError, Overrides, load
from tui_models.config.keys import resolve_key
from tui_models.demo import DEMO_KEY, DemoGateway
from tui_models.store import paths as locations

from .helpers import fetch, run_cli

VIP_KEY = "demo-vip-key"


def listed(capsys, *argv: str) -> set[tuple[str, str]]:
    code, out, err = run_cli(capsys, "list", "--format", "json", *argv)
    assert code == 0, err
    return {(r["protocol"], r["id"]) for r in json.loads(out)}


def served(gateway: DemoGateway, preset: str, protocols: list[str]) -> set[tuple[str, str]]:
    """What the gateway lists under `protocols`, fetched with a profile made by hand."""
    results = fetch(demo_profile(gateway, preset=preset), protocols)
    assert all(r.error is None for r in results.values())
    return {(p, m.id) for p, r in results.items() for m in r.models}


def keys_sent(gateway: DemoGateway) -> set[str]:
    """Every credential-looking header value the gateway received."""
    return {value.removeprefix("Bearer ") for _, headers in gateway.requests
            for name, value in headers.items()
            if name.lower() in ("authorization", "x-api-key", "x-goog-api-key")}


def test_openai_sdk_variables_list_the_gateway(capsys, monkeypatch, gateway):
    monkeypatch.setenv("OPENAI_BASE_URL", gateway.url + "/v1")
    monkeypatch.setenv("OPENAI_API_KEY", DEMO_KEY + "\nsecond line of a pass entry\n")
    profile = load().profile
    assert (profile.preset, profile.base_url, profile.api_key_env) == \
        ("openai-compatible", gateway.url, "OPENAI_API_KEY")
    assert profile.origin == "from OPENAI_BASE_URL and OPENAI_API_KEY"
    assert profile.key_source == "$OPENAI_API_KEY"
    models = listed(capsys)
    assert models and models == served(gateway, "openai-compatible", ["openai"])
    assert keys_sent(gateway) == {DEMO_KEY}  # the first line only


@pytest.mark.parametrize("token", ["ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY"])
def test_claude_codes_variables_list_an_anthropic_gateway(capsys, monkeypatch, token):
    with DemoGateway(flavor="anthropic") as gw:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", gw.url)
        monkeypatch.setenv(token, DEMO_KEY)
        profile = load().profile
        assert (profile.preset, profile.base_url, profile.api_key_env) == \
            ("anthropic", gw.url, token)
        assert profile.origin == f"from ANTHROPIC_BASE_URL and {token}"
        # Claude Code sends the auth token as Bearer: so do we, beside x-api-key
        assert profile.relay is (token == "ANTHROPIC_AUTH_TOKEN")
        models = listed(capsys)
        assert models and models == served(gw, "anthropic", ["claude"])


def test_gemini_variables_list_a_gemini_gateway(capsys, monkeypatch):
    with DemoGateway(flavor="gemini") as gw:
        monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", gw.url)
        monkeypatch.setenv("GEMINI_API_KEY", DEMO_KEY)
        assert load().profile.preset == "gemini"
        models = listed(capsys)
        assert models and models == served(gw, "gemini", ["gemini"])


def test_variables_naming_one_host_make_one_gateway(capsys, monkeypatch, gateway):
    """A one-hub relay configured for both SDKs: the memorylake layout on its root."""
    monkeypatch.setenv("OPENAI_BASE_URL", gateway.url + "/v1")
    monkeypatch.setenv("OPENAI_API_KEY", DEMO_KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", gateway.url + "/claude")
    monkeypatch.setenv("ANTHROPIC_AUTH_TOKEN", DEMO_KEY)
    profile = load().profile
    assert (profile.preset, profile.base_url) == ("memorylake", gateway.url)
    assert profile.url_for("claude") == gateway.url + "/claude/v1/models"
    assert profile.origin == "from OPENAI_BASE_URL, ANTHROPIC_BASE_URL and OPENAI_API_KEY"
    models = listed(capsys)
    assert {p for p, _ in models} == {"openai", "claude", "gemini"}
    assert models == served(gateway, "memorylake", ["openai", "claude", "gemini"])


def test_a_shared_prefix_and_non_standard_routes_are_followed(monkeypatch):
    env = {"OPENAI_BASE_URL": "https://gw.example/api/v1",
           "ANTHROPIC_BASE_URL": "https://gw.example/api/anthropic",
           "GOOGLE_GEMINI_BASE_URL": "https://gw.example/api/gemini",
           "ANTHROPIC_AUTH_TOKEN": "sk-one-0001"}
    profile = load(env=env).profile
    assert profile.base_url == "https://gw.example/api"
    assert profile.api_key_env == "ANTHROPIC_AUTH_TOKEN"  # the first family whose key is set
    assert [profile.url_for(p) for p in ("openai", "claude", "gemini")] == [
        "https://gw.example/api/v1/models", "https://gw.example/api/anthropic/v1/models",
        "https://gw.example/api/gemini/v1beta/models"]
    alone = load(env={"OPENAI_BASE_URL": "https://gw.example/openai", "OPENAI_API_KEY": "k"})
    assert alone.profile.url_for("openai") == "https://gw.example/openai/models"


def test_variables_naming_different_hosts_never_cross(capsys, monkeypatch):
    with DemoGateway() as relay, DemoGateway(flavor="anthropic") as other:
        monkeypatch.setenv("OPENAI_BASE_URL", relay.url + "/v1")
        monkeypatch.setenv("OPENAI_API_KEY", DEMO_KEY)
        monkeypatch.setenv("ANTHROPIC_BASE_URL", other.url)
        monkeypatch.setenv("ANTHROPIC_API_KEY", VIP_KEY)
        models = listed(capsys)
        assert {p for p, _ in models} == {"openai"}  # the first family, alone on its host
        assert keys_sent(relay) == {DEMO_KEY} and not other.requests
        monkeypatch.delenv("OPENAI_API_KEY")  # now only Anthropic's key is usable
        models = listed(capsys)
        assert {p for p, _ in models} == {"claude"}
        assert keys_sent(other) == {VIP_KEY} and VIP_KEY not in keys_sent(relay)


def test_an_sdk_key_is_not_sent_to_another_host_than_its_base_url_names(capsys, monkeypatch,
                                                                        gateway):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("OPENAI_API_KEY", DEMO_KEY)
    code, _, err = run_cli(capsys, "list", "--preset", "openai-compatible", "--base-url",
                           gateway.url)
    assert code == 2 and err.count("\n") == 1
    assert f"OPENAI_API_KEY is for 127.0.0.1:9 (OPENAI_BASE_URL), not {gateway.url[7:]}" in err
    assert DEMO_KEY not in err and not gateway.requests
    monkeypatch.setenv("OPENAI_BASE_URL", gateway.url + "/v1/")  # the same host: fine
    assert listed(capsys, "--preset", "openai-compatible", "--base-url", gateway.url)


def test_explicit_settings_still_win(monkeypatch):
    sdk = {"OPENAI_BASE_URL": "https://gw.example/v1", "OPENAI_API_KEY": "sk-sdk-0001"}
    assert load(env=sdk).profile.preset == "openai-compatible"
    memorylake = load(env={**sdk, "MEMORYLAKE_API_KEY": "ml-key-0001"}).profile
    assert (memorylake.preset, memorylake.base_url) == ("memorylake", "https://app.memorylake.ai")
    assert load(Overrides(preset="openrouter"), env=sdk).profile.base_url == \
        "https://openrouter.ai/api"
    flagged = load(Overrides(base_url="https://other.example"), env=sdk).profile
    assert (flagged.preset, flagged.origin) == ("memorylake", "from --base-url")
    assert load(env={**sdk, "TUI_MODELS_PRESET": "gemini"}).profile.preset == "gemini"
    path = locations.default_config_path()
    path.parent.mkdir(parents=True)
    path.write_text('[profiles.default]\nbase_url = "https://file.example"\n'
                    '[profiles.work]\npreset = "anthropic"\n')
    os.chmod(path, 0o600)
    assert load(env=sdk).profile.base_url == "https://file.example"
    assert load(env={**sdk, "TUI_MODELS_PROFILE": "work"}).profile.preset == "anthropic"
    path.write_text('[profiles.work]\npreset = "anthropic"\n')  # no profile selected
    loaded = load(env=sdk)
    assert (loaded.profile.preset, loaded.profiles) == ("openai-compatible", ("work",))


@pytest.mark.parametrize(("name", "value"), [
    ("OPENAI_BASE_URL", "gw.example/v1"), ("ANTHROPIC_BASE_URL", "https://u:pw@gw.example"),
    ("GOOGLE_GEMINI_BASE_URL", "https://gw.example/?key=AIza-secret"),
])
def test_a_bad_sdk_base_url_names_its_variable(capsys, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load()
    assert str(caught.value).startswith(name + " ")
    code, _, err = run_cli(capsys, "list")
    assert code == 2 and err.count("\n") == 1 and "pw" not in err and "AIza" not in err


def test_an_sdk_key_that_is_refused_is_never_echoed(capsys, monkeypatch, gateway):
    monkeypatch.setenv("OPENAI_BASE_URL", gateway.url + "/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong-but-secret-0001")
    code, out, err = run_cli(capsys, "list")
    assert code == 1 and "sk-wrong-but-secret" not in out + err
    monkeypatch.setenv("OPENAI_API_KEY", "sk-with space")
    with pytest.raises(ConfigError, match=r"\$OPENAI_API_KEY holds spaces"):
        resolve_key(load().profile)


@pytest.mark.parametrize(("base", "preset", "offered"), [
    ("https://api.openai.com/v1", "openai", ("openai",)),
    ("https://openrouter.ai/api/v1", "openrouter", ("openai",)),
    ("https://app.memorylake.ai/v1", "memorylake", ("openai", "claude", "gemini")),
    ("https://relay.example/v1", "openai-compatible", ("openai",)),
])
def test_a_base_url_on_a_presets_own_host_takes_that_preset(base, preset, offered):
    profile = load(env={"OPENAI_BASE_URL": base, "OPENAI_API_KEY": "sk-0001"}).profile
    assert (profile.preset, profile.offered, profile.api_key_env) == \
        (preset, offered, "OPENAI_API_KEY")  # the SDK's key variable, on its own host


@pytest.mark.e2e  # a subprocess
def test_tui_models_list_with_only_the_sdk_variables_set(tmp_path, gateway):
    import subprocess
    import sys

    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path / "home"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "c"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "NO_PROXY": "127.0.0.1",
           "OPENAI_BASE_URL": gateway.url + "/v1", "OPENAI_API_KEY": DEMO_KEY,
           "ANTHROPIC_BASE_URL": gateway.url + "/claude", "ANTHROPIC_AUTH_TOKEN": DEMO_KEY}
    done = subprocess.run([sys.executable, "-m", "tui_models", "list", "--format", "json"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    pairs = {(r["protocol"], r["id"]) for r in json.loads(done.stdout)}
    assert pairs == served(gateway, "memorylake", ["openai", "claude", "gemini"])
    assert DEMO_KEY not in done.stdout + done.stderr


def test_an_empty_profile_that_is_selected_is_still_a_profile():
    path = locations.default_config_path()
    path.parent.mkdir(parents=True)
    path.write_text("[profiles.default]\n[profiles.bare]\n")
    sdk = {"OPENAI_BASE_URL": "https://gw.example/v1", "OPENAI_API_KEY": "sk-sdk-0001"}
    for overrides in (Overrides(), Overrides(profile="bare")):
        profile = load(overrides, env=sdk).profile
        assert (profile.preset, profile.origin) == \
            ("memorylake", f"from profile {profile.name!r} of {path}")

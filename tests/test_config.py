"""Profiles: presets, the config file, precedence, and where the key comes from."""

from __future__ import annotations

import os

import pytest

from tui_models.config import ConfigError, Overrides, load
from tui_models.config.keys import resolve_key
from tui_models.store import paths as locations


def write_config(text: str, mode: int = 0o600):
    path = locations.default_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    os.chmod(path, mode)
    return path


def test_defaults_are_memorylake():
    profile = load().profile
    assert profile.preset == "memorylake"
    assert profile.base_url == "https://app.memorylake.ai"
    assert profile.api_key_env == "MEMORYLAKE_API_KEY"
    assert profile.url_for("claude") == "https://app.memorylake.ai/claude/v1/models"
    assert profile.url_for("gemini") == "https://app.memorylake.ai/gemini/v1beta/models"


@pytest.mark.parametrize(("preset", "openai", "claude", "gemini", "env"), [
    ("new-api", "/v1/models", "/v1/models", "/v1beta/models", "NEW_API_KEY"),
    ("openai", "https://api.openai.com/v1/models", None, None, "OPENAI_API_KEY"),
    ("anthropic", None, "https://api.anthropic.com/v1/models", None, "ANTHROPIC_API_KEY"),
    ("gemini", None, None, "https://generativelanguage.googleapis.com/v1beta/models",
     "GEMINI_API_KEY"),
    ("openrouter", "https://openrouter.ai/api/v1/models/user", None, None,
     "OPENROUTER_API_KEY"),
    ("litellm", "/v1/models", None, None, "LITELLM_API_KEY"),
])
def test_presets(preset, openai, claude, gemini, env):
    hostless = preset in ("new-api", "litellm")
    base_url = "https://gw.example" if hostless else None
    profile = load(Overrides(preset=preset, base_url=base_url)).profile
    prefix = "https://gw.example" if hostless else ""
    assert profile.url_for("openai") == (prefix + openai if openai else None)
    assert profile.url_for("claude") == (prefix + claude if claude else None)
    assert profile.url_for("gemini") == (prefix + gemini if gemini else None)
    assert profile.api_key_env == env


def test_preset_without_host_needs_base_url():
    with pytest.raises(ConfigError, match="--base-url"):
        load(Overrides(preset="openai-compatible"))


def test_precedence_flags_over_env_over_file_over_defaults():
    write_config("""
[profiles.default]
base_url = "https://file.example"
timeout = 11
preset = "new-api"
""")
    assert load(env={}).profile.base_url == "https://file.example"
    assert load(env={}).profile.timeout == 11
    assert load(env={}).profile.preset == "new-api"
    env = {"TUI_MODELS_BASE_URL": "https://env.example", "TUI_MODELS_TIMEOUT": "12"}
    assert load(env=env).profile.base_url == "https://env.example"
    assert load(env=env).profile.timeout == 12
    flags = Overrides(base_url="https://flag.example/", timeout=13, preset="memorylake")
    profile = load(flags, env=env).profile
    assert (profile.base_url, profile.timeout, profile.preset) == \
        ("https://flag.example", 13, "memorylake")


def test_named_profiles_and_default_profile():
    write_config("""
default_profile = "work"
[profiles.work]
base_url = "https://work.example"
api_key_env = "WORK_KEY"
[profiles.home]
preset = "openrouter"
[profiles.home.paths]
openai = "/api/v1/models"
""")
    assert load().profile.name == "work"
    assert load().profile.api_key_env == "WORK_KEY"
    home = load(Overrides(profile="home")).profile
    assert home.url_for("openai") == "https://openrouter.ai/api/api/v1/models"
    with pytest.raises(ConfigError, match="no profile 'nope'"):
        load(Overrides(profile="nope"))


def test_path_overrides_and_disabling_a_protocol():
    write_config("""
[profiles.default]
[profiles.default.paths]
claude = "/anthropic/models"
gemini = false
""")
    profile = load().profile
    assert profile.url_for("claude") == "https://app.memorylake.ai/anthropic/models"
    assert profile.offered == ("openai", "claude")


def test_bad_config_is_one_clear_line():
    write_config("[profiles.default\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load()
    write_config('[profiles.default]\ntimeout = "soon"\n')
    with pytest.raises(ConfigError, match="timeout must be a number"):
        load()
    with pytest.raises(ConfigError, match="config file not found"):
        load(Overrides(config="/nonexistent/tui-models.toml"))


def test_missing_key_names_the_variable():
    with pytest.raises(ConfigError) as caught:
        resolve_key(load().profile, env={})
    assert "set MEMORYLAKE_API_KEY" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_key_from_environment_is_trimmed():
    key = resolve_key(load().profile, env={"MEMORYLAKE_API_KEY": "  sk-abc123def456ghi789\n"})
    assert key.reveal() == "sk-abc123def456ghi789"
    assert "abc123" not in repr(key) and key.masked == "sk-…i789"


@pytest.mark.e2e  # runs a shell command
def test_api_key_cmd_is_trimmed_and_never_echoed():
    write_config("""
[profiles.default]
api_key_cmd = "printf '  from-command-key-0042\\n'"
[profiles.broken]
api_key_cmd = "echo secret-output-7; exit 4"
""")
    assert resolve_key(load().profile, env={}).reveal() == "from-command-key-0042"
    with pytest.raises(ConfigError) as caught:
        resolve_key(load(Overrides(profile="broken")).profile, env={})
    assert "exit status 4" in str(caught.value)
    assert "secret-output-7" not in str(caught.value)


@pytest.mark.e2e  # runs shell commands
def test_a_key_command_in_pass_layout_gives_its_first_line_and_bad_bytes_are_refused(capsys):
    write_config("""
[profiles.default]
api_key_cmd = "printf 'sk-pass-key-0001\\\\nlogin: me\\\\nurl: gw.example\\\\n'"
[profiles.latin1]
api_key_cmd = "printf 'sk-\\\\377\\\\376-key\\\\n'"
""")
    assert resolve_key(load().profile, env={}).reveal() == "sk-pass-key-0001"
    with pytest.raises(ConfigError, match="not UTF-8"):
        resolve_key(load(Overrides(profile="latin1")).profile, env={})
    from tui_models.cli import main

    assert main(["list", "--profile", "latin1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "api_key_cmd of profile 'latin1'" in err


def test_environment_key_beats_file_key():
    write_config('[profiles.default]\napi_key = "file-key-000000000001"\n')
    profile = load().profile
    assert resolve_key(profile, env={}).reveal() == "file-key-000000000001"
    assert resolve_key(profile, env={"MEMORYLAKE_API_KEY": "env-key-0000000002"}).reveal() \
        == "env-key-0000000002"


def test_warns_when_a_file_holding_a_key_is_readable_by_others():
    path = write_config('[profiles.default]\napi_key = "file-key-000000000001"\n', 0o644)
    loaded = load()
    assert any("chmod 600" in w and str(path) in w for w in loaded.warnings)
    os.chmod(path, 0o600)
    assert not load().warnings


def test_no_flag_takes_a_key(capsys):
    from tui_models.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["list", "--api-key", "sk-x"])
    assert "unrecognized arguments" in capsys.readouterr().err


def test_new_api_takes_the_memorylake_key_only_on_memorylakes_host():
    elsewhere = load(Overrides(preset="new-api", base_url="https://gw.example")).profile
    memorylake_key = {"MEMORYLAKE_API_KEY": "ml-key-000000000001"}
    with pytest.raises(ConfigError, match=r"set NEW_API_KEY \(MEMORYLAKE_API_KEY is only"):
        resolve_key(elsewhere, env=memorylake_key)
    home = load(Overrides(preset="new-api", base_url="https://app.memorylake.ai")).profile
    warnings: list[str] = []
    assert resolve_key(home, env=memorylake_key, warnings=warnings).reveal() == \
        "ml-key-000000000001"
    assert warnings == ["NEW_API_KEY is not set; using MEMORYLAKE_API_KEY"]
    both = {"MEMORYLAKE_API_KEY": "ml-key-000000000001", "NEW_API_KEY": "na-key-0000000002"}
    assert resolve_key(elsewhere, env=both).reveal() == "na-key-0000000002"
    with pytest.raises(ConfigError, match="set NEW_API_KEY"):
        resolve_key(elsewhere, env={})
    openai = load(Overrides(preset="openai")).profile
    with pytest.raises(ConfigError, match="set OPENAI_API_KEY"):
        resolve_key(openai, env={"MEMORYLAKE_API_KEY": "ml-key-000000000001"})


@pytest.mark.parametrize(("value", "key"), [
    ("sk-one\nlogin: me\nurl: x", "sk-one"), ("  sk-two  \n", "sk-two"), ("sk-3\r\n", "sk-3"),
])
def test_a_key_source_gives_its_first_line(value, key):
    profile = load(Overrides()).profile
    assert resolve_key(profile, env={"MEMORYLAKE_API_KEY": value}).reveal() == key


@pytest.mark.parametrize("value", ["sk-tab\there", "sk-\x1bbad", "sk-ключ", "sk-\u200bzw"])
def test_a_key_with_odd_characters_is_refused_naming_its_source(value):
    profile = load(Overrides()).profile
    with pytest.raises(ConfigError) as caught:
        resolve_key(profile, env={"MEMORYLAKE_API_KEY": value})
    message = str(caught.value)
    assert "$MEMORYLAKE_API_KEY" in message and "not sent" in message
    assert value not in message and "sk-" not in message


@pytest.mark.parametrize(("url", "reason"), [
    ("http://admin:pw@gw.example", "user name or password"),
    ("https://sk-secret@gw.example", "user name or password"),
    ("http://[::1", "not a valid URL"), ("http://h:abc", "not a valid URL"),
    ("http://h:99999", "not a valid URL"), ("https://gw.example\n", "line breaks"),
    ("https://gw.example/?key=x", "query string"), ("https://gw.example/#top", "fragment"),
    ("ftp://gw.example", "http(s) URL"), ("gw.example", "http(s) URL"),
])
def test_a_bad_base_url_is_one_line_that_never_echoes_it(url, reason):
    with pytest.raises(ConfigError, match=reason.replace("(", r"\(").replace(")", r"\)")) \
            as caught:
        load(Overrides(base_url=url))
    assert "pw" not in str(caught.value) and "sk-secret" not in str(caught.value)


@pytest.mark.parametrize(("section", "reason"), [
    ('headers = { "X Bad" = "v" }', "not a valid header name"),
    ('headers = { "X-Team" = "a\\nInjected: 1" }', "line breaks"),
    ('headers = { "X-Team" = "ключ" }', "non-ASCII"),
    ('[profiles.default.paths]\nclaude = "https://elsewhere.example/v1/models"', "another host"),
    ('[profiles.default.paths]\nclaude = "ftp://gw.example/v1/models"', "http(s) URL"),
    ('[profiles.default.paths]\nclaude = "v1/models"', "starting with /"),
    ('ca_bundle = "/nonexistent/ca.pem"', "is not a file"),
    ('ca_bundle = "/tmp"', "is not a file"),
    ("max_models = 10", "max_models must be a whole number"),
    ('max_models = "lots"', "max_models must be a whole number"),
])
def test_configuration_mistakes_are_config_errors(section, reason):
    head, _, tail = section.partition("\n[")
    text = f'[profiles.default]\nbase_url = "https://gw.example"\n{head}\n'
    if tail:
        text += "[" + tail + "\n"
    write_config(text)
    with pytest.raises(ConfigError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        load()


def test_a_ca_bundle_that_holds_no_certificate_is_refused(tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("not a certificate\n")
    write_config(f'[profiles.default]\nca_bundle = "{bundle}"\n')
    with pytest.raises(ConfigError, match="no usable certificate"):
        load()


def test_a_config_that_others_can_write_may_not_run_a_key_command():
    path = write_config('[profiles.default]\napi_key_cmd = "echo sk-x"\n', mode=0o622)
    with pytest.raises(ConfigError, match="other users can write it: chmod go-w"):
        load()
    os.chmod(path, 0o600)
    assert load().profile.api_key_cmd == "echo sk-x"


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_config_that_is_not_a_file_is_refused_at_once(tmp_path, kind):
    if kind == "fifo":
        path = tmp_path / "config.toml"
        os.mkfifo(path)
    else:
        path = "/dev/zero"
    with pytest.raises(ConfigError, match="not a regular file"):
        load(Overrides(config=str(path)))


def test_a_socks_proxy_without_socks_support_is_one_line():
    import importlib.util

    from tui_models.session import check_proxies

    if importlib.util.find_spec("socksio") is not None:
        pytest.skip("SOCKS support is installed here")
    with pytest.raises(ConfigError, match=r"HTTPS_PROXY is a SOCKS proxy.*httpx\[socks\]"):
        check_proxies({"HTTPS_PROXY": "socks5://127.0.0.1:1080"})
    check_proxies({"HTTPS_PROXY": "http://127.0.0.1:3128"})


def test_the_body_cap_grows_with_max_models():
    from tui_models.gateway.client import MAX_BODY, GatewayClient, body_cap
    from tui_models.secret import Secret

    assert body_cap(1_000) == MAX_BODY  # never below 64 MiB
    assert body_cap(500_000) == 500_000 * 512  # the default: a 300,000-model list fits
    write_config('[profiles.default]\nmax_models = 1000000\n')
    profile = load().profile
    assert profile.max_models == 1_000_000
    client = GatewayClient(profile, Secret("k"))
    assert (client.max_models, client.max_body) == (1_000_000, 512_000_000)


# -- the settings table ------------------------------------------------------------------------

def test_the_settings_table_is_what_load_reads():
    import dataclasses

    from tui_models.config import Profile
    from tui_models.config.settings import KNOWN, SETTINGS

    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names)) and set(names) == KNOWN
    fields = {f.name for f in dataclasses.fields(Profile)}
    assert {s.field or s.name for s in SETTINGS} <= fields
    assert {s.flag for s in SETTINGS if s.flag} <= set(Overrides._fields)
    assert {s.env for s in SETTINGS if s.env} == \
        {"TUI_MODELS_PRESET", "TUI_MODELS_BASE_URL", "TUI_MODELS_TIMEOUT"}
    write_config("[profiles.default]\nbogus = 1\n")
    assert load().warnings == [f"{locations.default_config_path()}: [profiles.default]: "
                               "unknown setting 'bogus' ignored"]


def test_each_layer_is_checked_as_before():
    """A wrong timeout in the file is an error even under --timeout (every layer is read);
    a file's base_url under --base-url is not read at all (`flag or env or file`)."""
    write_config('[profiles.default]\ntimeout = "soon"\n')
    with pytest.raises(ConfigError, match="timeout must be a number of seconds"):
        load(Overrides(timeout=5))
    write_config("[profiles.default]\nbase_url = 5\n")
    with pytest.raises(ConfigError, match=r"\[profiles.default\] base_url must be str"):
        load()
    assert load(Overrides(base_url="https://flag.example")).profile.base_url == \
        "https://flag.example"
    write_config("[profiles.default]\n")
    with pytest.raises(ConfigError, match="TUI_MODELS_TIMEOUT must be between 0 and 3600"):
        load(env={"TUI_MODELS_TIMEOUT": "0"})
    with pytest.raises(ConfigError, match="--timeout must be between 0 and 3600 seconds"):
        load(Overrides(timeout=4000))
    write_config('[profiles.default]\nprobe_concurrency = 0\ncatalog = false\n')
    with pytest.raises(ConfigError, match="probe_concurrency must be a whole number from 1 "
                                          "to 32"):
        load()
    write_config('[profiles.default]\ncatalog = false\nprice_unit = "1k"\n')
    assert (load().profile.catalog, load(Overrides(catalog=False)).profile.catalog) == \
        (False, False)
    write_config('[profiles.default]\nprice_unit = "each"\n')
    with pytest.raises(ConfigError, match="price_unit must be one of auto, 1k, 1m, token"):
        load()
    write_config('[profiles.default]\npreset = ["memorylake"]\n')  # was a TypeError
    with pytest.raises(ConfigError, match=r"unknown preset \['memorylake'\]"):
        load()


def test_origin_and_key_source_say_where_settings_and_key_come_from():
    path = write_config("""
default_profile = "work"
[profiles.work]
base_url = "https://work.example"
api_key_env = "WORK_KEY"
api_key = "work-file-key-0001"
""")
    work = load(env={}).profile
    assert work.origin == f"from profile 'work' of {path}"
    assert work.key_source == "api_key of profile 'work'"
    assert load(env={"WORK_KEY": "k"}).profile.key_source == "$WORK_KEY"
    flagged = load(Overrides(preset="openai-compatible", base_url="https://work.example/v2"),
                   env={"TUI_MODELS_TIMEOUT": "5"}).profile
    assert flagged.origin == f"from profile 'work' of {path}, --preset and --base-url"
    assert "work-file-key" not in flagged.origin + flagged.key_source + repr(flagged)
    path.unlink()
    assert load(env={}).profile.origin == "from the memorylake preset's defaults"


# -- a key stays with the host it was configured for (issue 27, item 11) -------------------------

WORK = """
default_profile = "work"
[profiles.work]
base_url = "https://work.example"
api_key_env = "WORK_KEY"
api_key = "work-file-key-0001"
"""


def _keys_sent(gateway) -> set[str]:
    return {value.removeprefix("Bearer ") for _, headers in gateway.requests
            for name, value in headers.items() if name.lower() in ("authorization", "x-api-key")}


def test_a_preset_on_the_command_line_brings_its_own_key_variable(capsys, monkeypatch,
                                                                  gateway):
    from .helpers import run_cli

    write_config(WORK)
    monkeypatch.setenv("WORK_KEY", "work-env-key-0001")
    argv = ("list", "--preset", "openai-compatible", "--base-url", gateway.url, "--format",
            "ids")
    code, _, err = run_cli(capsys, *argv)
    assert code == 2 and "no API key: set OPENAI_API_KEY" in err
    assert not gateway.requests  # neither of the profile's keys went to another host
    monkeypatch.setenv("OPENAI_API_KEY", "demo-key")
    code, out, err = run_cli(capsys, *argv)
    assert code == 0 and "gpt-4o" in out.split()
    assert _keys_sent(gateway) == {"demo-key"}
    assert f"profile 'work' keeps its key (api_key_env, api_key) for work.example; on " \
           f"{gateway.url[7:]} the key comes from $OPENAI_API_KEY" in err
    profile = load(Overrides(preset="openai-compatible", base_url=gateway.url)).profile
    assert (profile.api_key_env, profile.api_key, profile.key_source) == \
        ("OPENAI_API_KEY", None, "$OPENAI_API_KEY")


def test_a_base_url_elsewhere_never_runs_the_profiles_key_command(capsys, tmp_path, gateway):
    from .helpers import run_cli

    marker = tmp_path / "ran"
    write_config(f'[profiles.default]\nbase_url = "https://work.example"\n'
                 f'api_key_cmd = "touch {marker}; echo demo-key"\n')
    code, _, err = run_cli(capsys, "list", "--base-url", gateway.url)
    assert code == 2 and "no API key: set MEMORYLAKE_API_KEY" in err
    assert not marker.exists() and not gateway.requests


def test_the_profiles_key_still_goes_to_its_own_host(capsys, gateway):
    from .helpers import run_cli

    write_config(f'[profiles.default]\nbase_url = "{gateway.url}"\napi_key = "demo-key"\n')
    code, out, _ = run_cli(capsys, "list", "--preset", "openai-compatible", "--format", "ids")
    assert code == 0 and "gpt-4o" in out.split()
    code, out, _ = run_cli(capsys, "list", "--base-url", gateway.url + "/", "--format", "ids")
    assert code == 0 and "gpt-4o" in out.split()
    assert _keys_sent(gateway) == {"demo-key"}
    profile = load(Overrides(preset="openai-compatible")).profile
    assert profile.key_source == "api_key of profile 'default'"

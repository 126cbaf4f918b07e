"""Shared fixtures. Every test runs with its own XDG dirs and no API-key variables, so it never
reads the developer's config, cache or keys; gateways are demo servers on loopback."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tui_models.demo import DemoGateway

KEY_VARIABLES = ("MEMORYLAKE_API_KEY", "NEW_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY",
                 "GEMINI_API_KEY", "OPENROUTER_API_KEY", "LITELLM_API_KEY",
                 "TUI_MODELS_DEMO_KEY", "ANTHROPIC_AUTH_TOKEN", "OPENAI_BASE_URL",
                 "ANTHROPIC_BASE_URL", "GOOGLE_GEMINI_BASE_URL")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, tmp_path_factory, monkeypatch) -> Iterator[None]:
    for name in list(os.environ):
        if name in KEY_VARIABLES or name.startswith("TUI_MODELS_") or \
                name.lower() in ("http_proxy", "https_proxy", "all_proxy"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    # The clients' own homes: `tui-models check` reads ~/.codex, ~/.claude, ~/.aider.conf.yml.
    # Beside tmp_path, not in it: tests list what they wrote there.
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    for name in ("CODEX_HOME", "LLM_USER_PATH", "CLAUDE_CONFIG_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for name in ("TMUX", "TMUX_PANE", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    yield


@pytest.fixture
def gateway() -> Iterator[DemoGateway]:
    with DemoGateway() as gw:
        yield gw

"""Where the configs users already have name model ids of this gateway (`tui-models check`).

Each client's file is read as that client reads it (JSON, TOML, YAML, `KEY=value`), and an id
is taken only where the file points the client at this gateway (its base URL's host is the
profile's): an opencode provider whose `baseURL` is elsewhere names another service's ids,
which this key's list cannot judge. `.env`-style files given by name are the exception: every
`*_MODEL=` value in them is checked. Files are bounded like a network body; a value is never
printed unless it is an id (a key met on the way is not one).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tui_models.store.files import read_bounded

MAX_BYTES = 4 * 1024 * 1024
"""The largest config file read."""
MAX_IDS = 10_000
"""Ids taken from one file at most."""
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*_MODEL)\s*=\s*(.*?)\s*$")
_PREFIXES = ("openai/", "anthropic/", "gemini/", "openrouter/", "litellm_proxy/")
"""Provider prefixes aider (LiteLLM) and others put before the gateway's id."""


class Unreadable(Exception):
    """A config file that cannot be read or parsed: one sentence naming it."""


@dataclass(frozen=True, slots=True)
class Mention:
    """One model id a config names: where, as which client calls it, through which protocol."""

    path: Path
    line: int
    id: str
    client: str
    protocol: str = "openai"


@dataclass(frozen=True, slots=True)
class Source:
    """A kind of config file: the client, how its text becomes mentions."""

    client: str
    read: Callable[[str, str], Iterator[tuple[str, str]]]
    """(text, gateway host) → (id, protocol) pairs."""


def usual_places(cwd: Path | None = None, env: Mapping[str, str] | None = None
                 ) -> list[tuple[Path, Source]]:
    """The config files of the clients tui-models exports for, where each looks for them."""
    env = os.environ if env is None else env
    cwd = cwd or Path.cwd()
    home = Path(env.get("HOME") or Path.home())
    config = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
    codex = Path(env.get("CODEX_HOME") or home / ".codex")
    llm = Path(env.get("LLM_USER_PATH") or config / "io.datasette.llm")
    places = [
        (config / "opencode" / "opencode.json", OPENCODE), (cwd / "opencode.json", OPENCODE),
        (config / "crush" / "crush.json", CRUSH), (cwd / "crush.json", CRUSH),
        (cwd / ".crush.json", CRUSH), (codex / "config.toml", CODEX),
        (home / ".claude" / "settings.json", CLAUDE_CODE),
        (cwd / ".claude" / "settings.json", CLAUDE_CODE),
        (home / ".aider.conf.yml", AIDER), (cwd / ".aider.conf.yml", AIDER),
        (llm / "extra-openai-models.yaml", LLM), (llm / "default_model.txt", LLM_DEFAULT),
    ]
    unique = dict.fromkeys((p, s) for p, s in places)
    return [(p, s) for p, s in unique if p.is_file()]


def source_for(path: Path) -> Source:
    """The kind of file `path` is, by its name (`.env`-style when no client's)."""
    name = path.name
    return {"opencode.json": OPENCODE, "opencode.jsonc": OPENCODE, "crush.json": CRUSH,
            ".crush.json": CRUSH, "config.toml": CODEX, "settings.json": CLAUDE_CODE,
            "settings.local.json": CLAUDE_CODE, ".aider.conf.yml": AIDER,
            "extra-openai-models.yaml": LLM, "default_model.txt": LLM_DEFAULT,
            }.get(name, DOTENV)


def mentions(path: Path, source: Source, host: str) -> list[Mention]:
    """The ids `path` names for the gateway at `host`, each with its line. Raises
    Unreadable."""
    try:
        text = read_bounded(path, MAX_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable(f"{path}: not UTF-8 text") from None
    except (OSError, ValueError) as exc:
        raise Unreadable(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})"
                         ) from None
    try:
        pairs = list(_first(source.read(text, host.lower()), MAX_IDS))
    except RecursionError:
        raise Unreadable(f"{path}: nested too deep to read") from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise Unreadable(f"{path}: not a valid {source.client} file "
                         f"({_reason(exc)})") from None
    return [Mention(path, _line_of(text, model_id), model_id, source.client, protocol)
            for model_id, protocol in pairs]


# -- each client's file -------------------------------------------------------------------------

def _opencode(text: str, host: str) -> Iterator[tuple[str, str]]:
    document = _mapping(json.loads(text))
    ours: dict[str, str] = {}
    for name, provider in _mapping(document.get("provider")).items():
        provider = _mapping(provider)
        options = _mapping(provider.get("options"))
        if _host(options.get("baseURL")) == host:
            ours[name] = _OPENCODE_NPM.get(provider.get("npm"), "openai")
            for model_id in _mapping(provider.get("models")):
                yield model_id, ours[name]
    for key in ("model", "small_model"):
        provider, _, model_id = _text(document.get(key)).partition("/")
        if model_id and provider in ours:
            yield model_id, ours[provider]


_OPENCODE_NPM = {"@ai-sdk/anthropic": "claude", "@ai-sdk/google": "gemini"}


def _crush(text: str, host: str) -> Iterator[tuple[str, str]]:
    document = _mapping(json.loads(text))
    for provider in _mapping(document.get("providers")).values():
        provider = _mapping(provider)
        if _host(provider.get("base_url")) != host:
            continue
        protocol = {"anthropic": "claude", "gemini": "gemini"}.get(provider.get("type"),
                                                                     "openai")
        for model in _list(provider.get("models")):
            if model_id := _text(_mapping(model).get("id")):
                yield model_id, protocol


def _codex(text: str, host: str) -> Iterator[tuple[str, str]]:
    from tui_models.compat import tomllib

    document = tomllib.loads(text)
    ours = {name for name, provider in _mapping(document.get("model_providers")).items()
            if _host(_mapping(provider).get("base_url")) == host}
    settings = [document, *(_mapping(p) for p in _mapping(document.get("profiles")).values())]
    for table in settings:
        if _text(table.get("model_provider") or document.get("model_provider")) in ours and \
                (model_id := _text(table.get("model"))):
            yield model_id, "openai"


_CLAUDE_MODELS = ("ANTHROPIC_MODEL", "ANTHROPIC_SMALL_FAST_MODEL",
                  "ANTHROPIC_DEFAULT_OPUS_MODEL", "ANTHROPIC_DEFAULT_SONNET_MODEL",
                  "ANTHROPIC_DEFAULT_HAIKU_MODEL")


def _claude_code(text: str, host: str) -> Iterator[tuple[str, str]]:
    document = _mapping(json.loads(text))
    env = _mapping(document.get("env"))
    if _host(env.get("ANTHROPIC_BASE_URL")) != host:
        return
    for name in _CLAUDE_MODELS:
        if model_id := _text(env.get(name)):
            yield model_id, "claude"
    if (model_id := _text(document.get("model"))) and model_id not in ("opus", "sonnet",
                                                                      "haiku", "default"):
        yield model_id, "claude"


def _aider(text: str, host: str) -> Iterator[tuple[str, str]]:
    document = _mapping(_yaml(text))
    base = document.get("openai-api-base") or document.get("anthropic-api-base")
    if _host(base) != host:
        return
    for key in ("model", "weak-model", "editor-model"):
        if model_id := _text(document.get(key)):
            yield _unprefixed(model_id), "claude" if model_id.startswith("anthropic/") \
                else "openai"


def _llm(text: str, host: str) -> Iterator[tuple[str, str]]:
    for entry in _list(_yaml(text)):
        entry = _mapping(entry)
        if _host(entry.get("api_base")) == host and (
                model_id := _text(entry.get("model_name") or entry.get("model_id"))):
            yield model_id, "openai"


def _llm_default(text: str, host: str) -> Iterator[tuple[str, str]]:
    """llm's default model is an alias of `extra-openai-models.yaml` beside it; the id it
    stands for is checked there. Alone it names no gateway: nothing to check."""
    return iter(())


def _dotenv(text: str, host: str) -> Iterator[tuple[str, str]]:
    for line in text.splitlines():
        match = _ENV_LINE.match(line)
        if match and (value := match.group(2).strip().strip("'\"")):
            name = match.group(1)
            yield _unprefixed(value), "claude" if name.startswith("ANTHROPIC") else \
                "gemini" if name.startswith(("GEMINI", "GOOGLE")) else "openai"


OPENCODE = Source("opencode", _opencode)
CRUSH = Source("crush", _crush)
CODEX = Source("codex", _codex)
CLAUDE_CODE = Source("claude-code", _claude_code)
AIDER = Source("aider", _aider)
LLM = Source("llm", _llm)
LLM_DEFAULT = Source("llm", _llm_default)
DOTENV = Source(".env", _dotenv)


# -- reading ------------------------------------------------------------------------------------

def _yaml(text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(str(exc).splitlines()[0]) from None


def _host(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    try:
        return urlsplit(url.strip()).netloc.lower() or None
    except ValueError:
        return None


def _mapping(value: Any) -> Mapping[str, Any]:
    return {k: v for k, v in value.items() if isinstance(k, str)} \
        if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _unprefixed(model_id: str) -> str:
    for prefix in _PREFIXES:
        if model_id.startswith(prefix):
            return model_id[len(prefix):]
    return model_id


def _first(pairs: Iterable[tuple[str, str]], limit: int) -> Iterator[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()
    for pair in pairs:
        if pair not in seen and len(pair[0]) <= 1000:
            seen.add(pair)
            yield pair
            if len(seen) >= limit:
                return


def _line_of(text: str, model_id: str) -> int:
    """The line where `model_id` is first written (1 when it cannot be found: escaped)."""
    found = re.search(rf"(?<![\w.-]){re.escape(model_id)}(?![\w.-])", text)
    at = found.start() if found else text.find(model_id)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _reason(exc: Exception) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__

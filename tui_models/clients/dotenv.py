"""`.env` lines: each list's base URL and key variable as the vendors' SDKs read them, and the
chosen model of each.

The variables are the SDKs' own (`tui_models.config.sdk.FAMILIES`): `OPENAI_BASE_URL` (ends
in `/v1`) with `OPENAI_API_KEY`, `ANTHROPIC_BASE_URL` (without `/v1`) with
`ANTHROPIC_AUTH_TOKEN`, `GOOGLE_GEMINI_BASE_URL` (without `/v1beta`) with `GEMINI_API_KEY`;
the key is `${VAR}`, the reference dotenv loaders expand (python-dotenv, Docker Compose,
direnv's `dotenv`), never its value. The chosen model of a list is the first of the view; the
`*_MODEL` names are a convention, not an SDK's. Values are single-quoted (literal in every
dialect); an id that cannot be written so is left out and said.
"""

from __future__ import annotations

from tui_models.clients.base import Client, Document, Target
from tui_models.clients.text import dotenv_value
from tui_models.config.sdk import FAMILIES
from tui_models.model import KINDS

_STRIP = {"openai": "", "claude": "/v1", "gemini": "/v1beta"}
MODEL_VARIABLES = {"openai": "OPENAI_MODEL", "claude": "ANTHROPIC_MODEL",
                   "gemini": "GEMINI_MODEL"}


def render(target: Target) -> Document:
    lines = [f"# profile {target.profile.name} via tui-models: base URLs and the key variable "
             "as the SDKs read them.",
             f"# ${{{target.key_env}}} is expanded by the loader; the key is never written here."]
    written, skipped = 0, 0
    for family in FAMILIES:
        models = target.of(family.protocol)
        if not models:
            continue
        base = target.root(family.protocol).removesuffix(_STRIP[family.protocol])
        lines.append(f"{family.base_env}={dotenv_value(base) or chr(39) * 2}")
        lines.append(f"{family.key_envs[0]}=${{{target.key_env}}}")
        chosen = next((m for m in models if dotenv_value(m.id)), None)
        skipped += sum(1 for m in models if not dotenv_value(m.id))
        if chosen is not None:
            lines.append(f"{MODEL_VARIABLES[family.protocol]}={dotenv_value(chosen.id)}")
            written += 1
    notes = []
    if skipped:
        notes.append(f"{skipped:,} ids cannot be a .env value (quotes, backslashes or "
                     "non-printable characters)")
    return Document("\n".join(lines) + "\n", written, notes)


CLIENT = Client(
    name="env", label=".env", filename=".env",
    written_for="the OpenAI, Anthropic and Google GenAI SDKs' variables",
    summary=".env lines: base URL and key variable per list, and the chosen model",
    protocols=("openai", "claude", "gemini"),
    endpoints={"openai": "chat", "claude": "messages", "gemini": "generate_content"},
    render=render, kinds=KINDS)

"""Codex: `config.toml` with a `[model_providers.<id>]` for the OpenAI list, the chosen model,
and every other model listed as the `codex -m` that picks it.

Written for Codex CLI 0.171.0 (npm `@openai/codex`; `docs/config.md` of openai/codex, and the
binary's own checks): top-level `model_provider`, `model` and `model_context_window`;
`model_providers.<id>` with `name`, `base_url`, `env_key` (the variable Codex reads the key
from; sent as `Authorization: Bearer`) and `wire_api`. Codex 0.171 refuses
`wire_api = "chat"` ("no longer supported"): it speaks the Responses API only, so
`wire_api = "responses"` is always written, and `--verified` keeps the models whose probe
answered through `responses`. Its `--profile NAME` layers `$CODEX_HOME/NAME.config.toml`, a
file per profile, so models are not written as profiles: `codex -m ID` picks one.

`model_catalog_json` exists (a path to a JSON catalog of Codex's `ModelInfo` entries) but is
not written: Codex replaces its whole catalog with that file, and 0.171 requires each entry to
carry the model's full system prompt (`base_instructions`), which only Codex knows; a model
Codex does not know gets its own fallback instructions instead.
"""

from __future__ import annotations

from tui_models.clients.base import Client, Document, Target, provenance, whole
from tui_models.clients.text import toml_str


def render(target: Target) -> Document:
    provider = f"{target.slug}-openai"
    written = [(m, toml_str(m.id)) for m in target.of("openai")]
    skipped = sum(1 for _, ident in written if ident is None)
    written = [(m, ident) for m, ident in written if ident is not None]
    lines = [f"# Codex on profile {target.profile.name}'s OpenAI list, via tui-models (written "
             "for Codex 0.171.0).",
             f"# Codex reads the key from ${target.key_env} (env_key); this file never holds it."]
    if written:
        first, ident = written[0]
        lines += [f'model_provider = "{provider}"', f"model = {ident}"]
        context = whole(first, "context_window")
        if context is not None:
            lines.append(f"model_context_window = {context}")
    lines += ["", f"[model_providers.{provider}]",
              f"name = {toml_str(target.profile.name + ' via tui-models')}",
              f"base_url = {toml_str(target.root('openai'))}",
              f'env_key = "{target.key_env}"', 'wire_api = "responses"', "",
              f"# The {len(written):,} models of this export; pick one with codex -m ID:"]
    lines += [f"#   -m {ident}   ({provenance(model)})" for model, ident in written]
    notes = ["merge it into ~/.codex/config.toml (Codex speaks the Responses API only)"]
    if skipped:
        notes.append(f"left out {skipped:,} ids TOML cannot hold (lone surrogates)")
    return Document("\n".join(lines) + "\n", len(written), notes)


CLIENT = Client(
    name="codex", label="Codex", filename="config.toml",
    written_for="Codex CLI 0.171.0 (openai/codex docs/config.md; wire_api \"chat\" refused)",
    summary="Codex config.toml: [model_providers.X] (env_key, wire_api), model, codex -m list",
    protocols=("openai",), endpoints={"openai": "responses"}, render=render)

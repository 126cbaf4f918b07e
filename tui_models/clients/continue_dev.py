"""Continue: a `config.yaml` whose `models:` hold the chosen models of every list.

Written for Continue's config.yaml schema v1 (`packages/config-yaml/src/schemas/models.ts` of
continuedev/continue): top-level `name`, `version`, `schema`; each model `name` (unique),
`provider` (`openai`, `anthropic`, `gemini`), `model` (the exact id), `apiBase`, `apiKey`,
`roles` and `defaultCompletionOptions` (`contextLength`, `maxTokens`). The key is
`${{ secrets.VAR }}`, which Continue fills from a `.env` file (`~/.continue/.env` or the
workspace's `.continue/.env`); Continue fills such templates over the raw file, so every `$`
in a gateway string is written escaped.
"""

from __future__ import annotations

from tui_models import protocols
from tui_models.clients.base import Client, Document, Target, provenance, value, whole
from tui_models.clients.text import yaml_str

PROVIDERS = {"openai": "openai", "claude": "anthropic", "gemini": "gemini"}
ROLES = {"chat": "[chat, edit, apply]", "embedding": "[embed]", "rerank": "[rerank]"}


def render(target: Target) -> Document:
    secret = "${{ secrets." + target.key_env + " }}"
    lines = [f"# Continue models for profile {target.profile.name} via tui-models (config.yaml "
             "schema v1).",
             f"# Continue fills {secret} from ~/.continue/.env (or the workspace's",
             f"# .continue/.env): put {target.key_env}=<your key> there. This file never holds "
             "the key.",
             f"name: {yaml_str('tui-models ' + target.profile.name)}",
             "version: 1.0.0", "schema: v1", "models:"]
    for model in target.models:
        lines.append(f"  # {provenance(model)}")
        label = f"{value(model, 'display_name') or model.id} ({target.profile.name}, " \
                f"{protocols.label(model.protocol)}, {model.id})"
        lines.append(f"  - name: {yaml_str(label)}")
        lines.append(f"    provider: {PROVIDERS[model.protocol]}")
        lines.append(f"    model: {yaml_str(model.id)}")
        lines.append(f"    apiBase: {yaml_str(target.root(model.protocol) + '/')}")
        lines.append(f"    apiKey: \"{secret}\"")
        lines.append(f"    roles: {ROLES[model.kind]}")
        options = [(key, whole(model, attribute)) for key, attribute in
                   (("contextLength", "context_window"), ("maxTokens", "max_output"))]
        options = [(key, number) for key, number in options if number is not None]
        if options and model.kind == "chat":
            lines.append("    defaultCompletionOptions:")
            lines += [f"      {key}: {number}" for key, number in options]
    notes = [f"merge the models into ~/.continue/config.yaml; put {target.key_env}=… in "
             "~/.continue/.env"]
    return Document("\n".join(lines) + "\n", len(target.models), notes)


CLIENT = Client(
    name="continue", label="Continue", filename="config.yaml",
    written_for="Continue config.yaml schema v1 (continuedev/continue packages/config-yaml/"
                "src/schemas/models.ts)",
    summary="Continue config.yaml models (openai, anthropic, gemini providers)",
    protocols=("openai", "claude", "gemini"),
    endpoints={"openai": "chat", "claude": "messages", "gemini": "generate_content"},
    render=render, kinds=tuple(ROLES))

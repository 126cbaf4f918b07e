"""llm: `extra-openai-models.yaml` entries for the OpenAI list.

Written for llm 0.36 (PyPI `llm`, `llm/default_plugins/openai_models.py` of simonw/llm): a
YAML list of entries with `model_id` (what `llm -m` takes: here `<profile>/<exact id>`, so it
never shadows llm's own `gpt-4o`), `model_name` (the exact id sent to the gateway),
`api_base`, `api_key_name`, and `vision` / `supports_tools` when the list or the catalogue
says so. llm reads `api_key_name` as the name of a key stored with `llm keys set NAME` (its
`keys.json`), not as an environment variable: the header says how to store it once.
"""

from __future__ import annotations

from tui_models.clients.base import Client, Document, Target, has, provenance
from tui_models.clients.text import yaml_str


def render(target: Target) -> Document:
    name = target.key_env
    lines = [f"# llm models for profile {target.profile.name} via tui-models (written for llm "
             "0.36).",
             f"# llm reads the key stored under the name {name}; store it once with",
             f"#   llm keys set {name}",
             "# (paste the key when asked). This file never holds the key.", ""]
    models = target.of("openai")
    for model in models:
        lines.append(f"# {provenance(model)}")
        lines.append(f"- model_id: {yaml_str(f'{target.slug}/{model.id}')}")
        lines.append(f"  model_name: {yaml_str(model.id)}")
        lines.append(f"  api_base: {yaml_str(target.root('openai'))}")
        lines.append(f"  api_key_name: {yaml_str(name)}")
        if has(model, "vision"):
            lines.append("  vision: true")
        if has(model, "tools"):
            lines.append("  supports_tools: true")
    notes = [f"put it in \"$(dirname \"$(llm logs path)\")/extra-openai-models.yaml\", then "
             f"llm -m {target.slug}/<id> 'hi'", f"llm keys set {name}  (once: llm reads its "
             "own key store, not the environment)"]
    return Document("\n".join(lines) + "\n", len(models), notes)


CLIENT = Client(
    name="llm", label="llm", filename="extra-openai-models.yaml",
    written_for="llm 0.36 (simonw/llm llm/default_plugins/openai_models.py)",
    summary="llm's extra-openai-models.yaml (model_id, model_name, api_base, api_key_name)",
    protocols=("openai",), endpoints={"openai": "chat"}, render=render)

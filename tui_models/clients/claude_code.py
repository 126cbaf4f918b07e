"""Claude Code: shell lines that point it at the gateway's Claude route.

Written for Claude Code 2.1.197 (npm `@anthropic-ai/claude-code`; the variable names checked
in its binary and docs): `ANTHROPIC_BASE_URL` is the Claude route's base without `/v1`
(Claude Code appends `/v1/messages`; one-hub's is `{base}/claude`), `ANTHROPIC_AUTH_TOKEN`
is sent as `Authorization: Bearer` and is written as a reference to the profile's variable,
`ANTHROPIC_API_KEY` must be empty (Claude Code prefers it), `ANTHROPIC_MODEL` and
`ANTHROPIC_DEFAULT_{OPUS,SONNET,HAIKU}_MODEL` are picked from the list (the newest id naming
each family), and `CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY=1` makes `/model` list the
gateway's own `/v1/models` (Claude Code 2.1 reads it only when the variable is truthy).
"""

from __future__ import annotations

from tui_models.clients.base import Client, Document, Target
from tui_models.clients.text import shell_word
from tui_models.model import Model

FAMILIES = ("opus", "sonnet", "haiku")


def pick(models: list[Model], family: str) -> Model | None:
    """The newest model whose id names `family` (by listed date, then id)."""
    named = [m for m in models if family in m.id.lower() and shell_word(m.id)]
    return max(named, key=lambda m: (m.created or 0, m.id), default=None)


def render(target: Target) -> Document:
    models = target.of("claude")
    base = target.root("claude").removesuffix("/v1")
    picked = {family: pick(models, family) for family in FAMILIES}
    main = picked["sonnet"] or picked["opus"] or next((m for m in models if shell_word(m.id)),
                                                      None)
    lines = [f"# Claude Code on profile {target.profile.name}'s Claude list, via tui-models "
             "(written for Claude Code 2.1.197).",
             f"# The key is read from ${target.key_env} when this runs; it is never written "
             "here.",
             f"export ANTHROPIC_BASE_URL={shell_word(base) or chr(39) * 2}",
             f'export ANTHROPIC_AUTH_TOKEN="${target.key_env}"',
             "# ANTHROPIC_API_KEY must be empty: Claude Code prefers it to ANTHROPIC_AUTH_TOKEN.",
             "export ANTHROPIC_API_KEY=''"]
    if main is not None:
        lines.append(f"export ANTHROPIC_MODEL={shell_word(main.id)}")
    for family, model in picked.items():
        if model is not None:
            lines.append(f"export ANTHROPIC_DEFAULT_{family.upper()}_MODEL="
                         f"{shell_word(model.id)}")
    lines.append("# /model lists the gateway's own /v1/models:")
    lines.append("export CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY=1")
    others = [m.id for m in models if shell_word(m.id)]
    if others:
        lines.append(f"# {len(others):,} models on this list: " + ", ".join(others[:40])
                     + (", …" if len(others) > 40 else ""))
    unsafe = len(models) - len(others)
    notes = ["source these lines (or put them under \"env\" in ~/.claude/settings.json), "
             "then run claude"]
    if unsafe:
        notes.append(f"left out {unsafe:,} ids that are not printable ASCII")
    return Document("\n".join(lines) + "\n", len(others), notes)


CLIENT = Client(
    name="claude-code", label="Claude Code", filename="claude-code.env.sh",
    written_for="Claude Code 2.1.197 (ANTHROPIC_* and CLAUDE_CODE_* variables)",
    summary="shell lines: ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN=\"$VAR\", model picks",
    protocols=("claude",), endpoints={"claude": "messages"}, render=render)

"""Write a client's own config for the models a key can use: `export --for CLIENT`.

One module per client, each exporting a `CLIENT` (`tui_models.clients.base.Client`); this
registry lists them in the order help shows them. `export` is what the command line and the
explorer call: it chooses the models (`clients.choose`) and renders the client's document.

Every document names the key only through the client's own reference to the profile's
variable (`{env:VAR}`, `$VAR`, `env_key = "VAR"`, `${{ secrets.VAR }}`…): the key itself is
never written. Never imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tui_models.clients import (
    aider,
    claude_code,
    codex,
    continue_dev,
    crush,
    dotenv,
    llm,
    opencode,
)
from tui_models.clients.base import Client, Document, Target
from tui_models.clients.choose import Chosen, choose
from tui_models.config import Profile
from tui_models.errors import UsageError
from tui_models.model import Model

__all__ = ["CLIENTS", "Chosen", "Client", "Document", "Target", "choose", "export", "get",
           "names"]

CLIENTS: dict[str, Client] = {c.name: c for c in (
    opencode.CLIENT, crush.CLIENT, codex.CLIENT, claude_code.CLIENT, aider.CLIENT, llm.CLIENT,
    continue_dev.CLIENT, dotenv.CLIENT)}


_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def names() -> tuple[str, ...]:
    return tuple(CLIENTS)


def get(name: str) -> Client:
    try:
        return CLIENTS[name]
    except KeyError:
        raise UsageError(f"no client {name!r} (clients: {', '.join(CLIENTS)})") from None


def export(name: str, profile: Profile, models: Iterable[Model], *, all_kinds: bool = False,
           verified: bool = False) -> tuple[Document, Chosen]:
    """Client `name`'s document for the `models` of `profile` that it can hold, and what was
    chosen (with what was left out and why). Raises UsageError for an unknown client or when
    no model is left to write."""
    client = get(name)
    if not _VARIABLE.fullmatch(profile.api_key_env):
        # every format writes the name inside its own reference syntax: it must be a name
        raise UsageError(f"the key variable {profile.api_key_env!r} is not a variable name")
    chosen = choose(client, models, all_kinds=all_kinds, verified=verified)
    if not chosen.models:
        why = "; ".join(chosen.notes()) or "nothing matched"
        raise UsageError(f"no model to write for {client.label}: {why}")
    document = client.render(Target(profile, tuple(chosen.models)))
    return document, chosen

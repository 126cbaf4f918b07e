"""The protocol modules, by name. Adding a protocol is one module and one line here."""

from __future__ import annotations

from tui_models.gateway import claude, gemini, openai
from tui_models.gateway.protocol import Spec

SPECS: dict[str, Spec] = {spec.name: spec for spec in (openai.SPEC, claude.SPEC, gemini.SPEC)}

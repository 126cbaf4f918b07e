"""The protocols a gateway lists models under, one module each, in display order.

```python
from tui_models import protocols
protocols.names()          # ("openai", "claude", "gemini")
protocols.get("claude")    # the Claude client: paths, auth, paging, parsing, calls, replies
protocols.register(MyProtocol())   # a fourth one: the CLI and explorer pick it up
```
Never imports Textual.
"""

from __future__ import annotations

from tui_models.protocols.base import Protocol
from tui_models.protocols.claude import PROTOCOL as CLAUDE
from tui_models.protocols.gemini import PROTOCOL as GEMINI
from tui_models.protocols.openai import PROTOCOL as OPENAI

__all__ = ["Protocol", "all_protocols", "badges", "get", "label", "names", "order",
           "register", "unregister"]

_REGISTRY: dict[str, Protocol] = {}


def register(protocol: Protocol) -> Protocol:
    """Add `protocol` after the others (its name must be new)."""
    if protocol.name in _REGISTRY:
        raise ValueError(f"protocol {protocol.name!r} is already registered")
    _REGISTRY[protocol.name] = protocol
    return protocol


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def names() -> tuple[str, ...]:
    """Every registered protocol's name, in display order."""
    return tuple(_REGISTRY)


def all_protocols() -> tuple[Protocol, ...]:
    return tuple(_REGISTRY.values())


def get(name: str) -> Protocol:
    """The protocol called `name`; KeyError when there is none."""
    return _REGISTRY[name]


def label(name: str) -> str:
    """What people read for protocol `name` (the name itself when it is unknown)."""
    found = _REGISTRY.get(name)
    return found.label if found else name


def badges(served: tuple[str, ...]) -> str:
    """One letter per registered protocol, in a fixed slot, blank where `served` lacks it:
    `O C  ` for OpenAI and Claude. Rows line up, so a column reads at a glance."""
    return " ".join(p.label[:1] if p.name in served else " "
                    for p in _REGISTRY.values()).rstrip()


def order(served: set[str] | tuple[str, ...]) -> tuple[str, ...]:
    """`served` in display order (unknown names last, as given)."""
    known = tuple(n for n in _REGISTRY if n in served)
    return known + tuple(n for n in served if n not in _REGISTRY)


for _builtin in (OPENAI, CLAUDE, GEMINI):
    register(_builtin)

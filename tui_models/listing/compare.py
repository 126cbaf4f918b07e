"""Compare two lists of models: what two keys (or two gateways) see differently."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tui_models.fields import prices
from tui_models.model import Model


@dataclass(slots=True)
class Comparison:
    """Models only in A, only in B, in both, and those in both whose prices differ."""

    only_a: list[Model] = field(default_factory=list)
    only_b: list[Model] = field(default_factory=list)
    both: list[tuple[Model, Model]] = field(default_factory=list)
    price_changes: list[tuple[Model, Model]] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not (self.only_a or self.only_b or self.price_changes)


def compare(a: Iterable[Model], b: Iterable[Model]) -> Comparison:
    """Match models by (protocol, exact id); order follows (protocol, id). Prices compare as
    each key pays them (`prices`)."""
    in_a = {m.key: m for m in a if not m.is_gone}
    in_b = {m.key: m for m in b if not m.is_gone}
    result = Comparison()
    for key in sorted(in_a.keys() | in_b.keys()):
        left, right = in_a.get(key), in_b.get(key)
        if right is None and left is not None:
            result.only_a.append(left)
        elif left is None and right is not None:
            result.only_b.append(right)
        elif left is not None and right is not None:
            result.both.append((left, right))
            if prices(left) != prices(right):
                result.price_changes.append((left, right))
    return result

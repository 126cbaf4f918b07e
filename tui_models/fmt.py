"""How numbers look to people: prices per 1M tokens, token counts, ages."""

from __future__ import annotations

import time


def price(value: float | None) -> str:
    """USD per 1M tokens: `2.50`, `0.075`, `150`, or `–` when unknown."""
    if value is None:
        return "–"
    if value == 0:
        return "0"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 1:
        return f"{value:.2f}"
    if value < 0.0001:
        return f"{value:.1e}"
    cents = f"{value:.2f}"
    return cents if float(cents) == round(value, 9) else f"{value:.4g}"


def tokens(value: int | None) -> str:
    """A token count: `128K`, `1M`, `200K`, `8K`, or `–` when unknown."""
    if value is None:
        return "–"
    binary = value % 1000 != 0 and value % 1024 == 0
    if value >= 1_000_000:
        scaled = value / 1_048_576 if binary else value / 1_000_000
        return f"{scaled:.1f}".removesuffix(".0") + "M"
    if value >= 1_000:
        return f"{value / 1024 if binary else value / 1000:.0f}K"
    return str(value)


def age(seconds_ago: float) -> str:
    """`just now`, `5 min ago`, `3 h ago`, `2 d ago`."""
    if seconds_ago < 60:
        return "just now"
    if seconds_ago < 3600:
        return f"{seconds_ago // 60:.0f} min ago"
    if seconds_ago < 86400:
        return f"{seconds_ago // 3600:.0f} h ago"
    return f"{seconds_ago // 86400:.0f} d ago"


def since(timestamp: float) -> str:
    return age(max(time.time() - timestamp, 0))


def duration_ms(ms: float) -> str:
    return f"{ms:.0f} ms" if ms < 10_000 else f"{ms / 1000:.0f} s"

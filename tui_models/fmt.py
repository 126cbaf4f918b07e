"""How numbers look to people: prices per 1M tokens, token counts, ages, probe results."""

from __future__ import annotations

import time

from tui_models.model import Probe


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
    """A token count as the search language reads it (k = 1,000, m = 1,000,000): `128K`,
    `1M`, `2.5M` when exact, else `~` and three significant digits, rounded (245,760 is
    `~246K`). `shown_tokens` is the number this text stands for, which `ctx>`… compare, so a
    term matches exactly the values that look like it matches."""
    if value is None:
        return "–"
    if value < 1_000:
        return str(value)
    scale, suffix = (1_000_000, "M") if value >= 1_000_000 else (1_000, "K")
    exact = value / scale
    for decimals in range(3 if suffix == "M" else 2):
        if round(exact, decimals) * scale == value:
            return f"{exact:.{decimals}f}{suffix}"
    number = shown_tokens(value)
    if number >= 1_000_000 and suffix == "K":  # 999,999 rounds up to ~1M
        scale, suffix = 1_000_000, "M"
    shown = number / scale
    digits = max(0, 3 - len(str(int(shown))))
    return f"~{shown:.{digits}f}{suffix}"


def shown_tokens(value: int | None) -> float | None:
    """The number `tokens(value)` shows: the count itself when exact, else rounded to three
    significant digits (245,760 → 246,000)."""
    if value is None or value < 1_000:
        return value
    scale = 1_000_000 if value >= 1_000_000 else 1_000
    exact = value / scale
    for decimals in range(3 if scale == 1_000_000 else 2):
        if round(exact, decimals) * scale == value:
            return value
    digits = max(0, 3 - len(str(int(exact))))
    return round(round(exact, digits) * scale)


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


def probe(result: Probe) -> str:
    """A probe in a few cells, for a table: `✓ 412 ms`, `✗ no channel`, `✗ 429`."""
    if result.ok:
        latency = result.latency_ms or 0.0
        return f"✓ {latency:,.0f} ms" if latency < 10_000 else f"✓ {latency / 1000:.0f} s"
    error = (result.error or "").lower()
    if "no available channel" in error or "no channel" in error:
        return "✗ no channel"
    if result.status is not None:
        return f"✗ {result.status}"
    if "timed out" in error or "no answer within" in error:
        return "✗ timeout"
    return "✗ network"


_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(text: str) -> float | None:
    """Seconds in `30m`, `6h`, `7d`, `2w`, `90s` or `1.5h` (a bare number is seconds); None
    when `text` is none of these, or not over zero."""
    text = text.strip().lower()
    unit = _DURATION_UNITS.get(text[-1:]) if text else None
    number = text[:-1] if unit else text
    try:
        value = float(number) * (unit or 1)
    except ValueError:
        return None
    return value if 0 < value < 1e12 else None


def duration(seconds: float) -> str:
    """`30m`, `6h`, `7d`: the largest whole unit (`90s` when none divides)."""
    for suffix, size in (("w", 7 * 86400), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size:.0f}{suffix}"
    return f"{seconds:g}s"


CHANGED_FIELDS = {"input_per_1m": ("input", "$/1M"), "output_per_1m": ("output", "$/1M"),
                  "per_request": ("per request", "$"), "context_window": ("context", ""),
                  "max_output": ("max output", ""), "groups": ("groups", "")}
"""What a change of each field is called, and the unit its values are in."""


def changed_value(field: str, value: object) -> str:
    """One side of a change as people read it: a price, a token count or groups."""
    from tui_models.textsafe import visible

    if value is None:
        return "unknown"
    if isinstance(value, list | tuple):
        return ", ".join(visible(str(v)) for v in value) or "none"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return visible(str(value))
    unit = CHANGED_FIELDS.get(field, ("", ""))[1]
    return price(float(value)) if unit else tokens(int(value))


def change(field: str, old: object, new: object, at: float | None = None,
           source: str = "list") -> str:
    """`input 2.50 → 3.00 $/1M on 2026-12-02` (`(relay)` when it is the relay's price for
    the key's group; no date when it changed in this fetch)."""
    label, unit = CHANGED_FIELDS.get(field, (field, ""))
    text = f"{label} {changed_value(field, old)} → {changed_value(field, new)}"
    text += f" {unit}" if unit else ""
    text += " (relay)" if source == "relay" else ""
    if at is not None:
        text += " on " + time.strftime("%Y-%m-%d", time.gmtime(at))
    return text

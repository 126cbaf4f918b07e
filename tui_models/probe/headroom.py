"""The headroom an answer reports: its rate-limit headers, read as the gateway sent them.

Two families (FORMATS.md, "Headroom headers on an answer"): OpenAI's
`x-ratelimit-{limit,remaining,reset}-{requests,tokens}` (LiteLLM sends them too; resets are
durations such as `120ms`, `6m0s`) and Anthropic's `anthropic-ratelimit-{requests,tokens}-
{limit,remaining,reset}` (resets are RFC 3339 times; when the combined `tokens` family is
absent, the `input-tokens` one stands for it). Relays may drop or rewrite them: what is
absent stays None. Values are server text: counts must be plausible whole numbers, resets
are short, printable and redacted. Never imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from tui_models.model import RateLimit

MAX_COUNT = 10**15
MAX_RESET = 40
"""Characters of a reset value kept (`2026-12-03T18:00:00Z`, `6m0s`)."""
_FAMILIES: tuple[Mapping[str, tuple[str, ...]], ...] = (
    {"remaining_requests": ("x-ratelimit-remaining-requests",),
     "remaining_tokens": ("x-ratelimit-remaining-tokens",),
     "limit_requests": ("x-ratelimit-limit-requests",),
     "limit_tokens": ("x-ratelimit-limit-tokens",),
     "reset_requests": ("x-ratelimit-reset-requests",),
     "reset_tokens": ("x-ratelimit-reset-tokens",)},
    {"remaining_requests": ("anthropic-ratelimit-requests-remaining",),
     "remaining_tokens": ("anthropic-ratelimit-tokens-remaining",
                          "anthropic-ratelimit-input-tokens-remaining"),
     "limit_requests": ("anthropic-ratelimit-requests-limit",),
     "limit_tokens": ("anthropic-ratelimit-tokens-limit",
                      "anthropic-ratelimit-input-tokens-limit"),
     "reset_requests": ("anthropic-ratelimit-requests-reset",),
     "reset_tokens": ("anthropic-ratelimit-tokens-reset",
                      "anthropic-ratelimit-input-tokens-reset")},
)
_COUNTS = ("remaining_requests", "remaining_tokens", "limit_requests", "limit_tokens")


def read(headers: Mapping[str, str], redact: Callable[[str], str] = lambda s: s
         ) -> RateLimit | None:
    """The rate limit `headers` report (OpenAI's family first, then Anthropic's; the first
    header present for each field), or None when they report none."""
    values: dict[str, int | str | None] = {}
    for family in _FAMILIES:
        for field, names in family.items():
            if values.get(field) is not None:
                continue
            raw = next((headers[n] for n in names if headers.get(n) is not None), None)
            if raw is not None:
                values[field] = _count(raw) if field in _COUNTS else _reset(raw, redact)
    if not any(v is not None for v in values.values()):
        return None
    return RateLimit(**values)  # type: ignore[arg-type]


def _count(text: str) -> int | None:
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 16:
        return None
    value = int(text)
    return value if value < MAX_COUNT else None


def _reset(text: str, redact: Callable[[str], str]) -> str | None:
    text = "".join(c for c in text.strip() if c.isprintable())  # no controls, no bidi
    text = redact(text)[:MAX_RESET]
    return text or None


def left(rate: RateLimit | None) -> str | None:
    """What is left, for people: `499 req / 29,994 tok left` (None when nothing is known)."""
    if rate is None:
        return None
    parts = []
    if rate.remaining_requests is not None:
        parts.append(f"{rate.remaining_requests:,} req")
    if rate.remaining_tokens is not None:
        parts.append(f"{rate.remaining_tokens:,} tok")
    return " / ".join(parts) + " left" if parts else None


def record(rate: RateLimit | None) -> dict[str, int | str | None] | None:
    """The JSON object `probe --format json` writes (None: no header)."""
    if rate is None:
        return None
    return {"remaining_requests": rate.remaining_requests,
            "remaining_tokens": rate.remaining_tokens, "limit_requests": rate.limit_requests,
            "limit_tokens": rate.limit_tokens, "reset_requests": rate.reset_requests,
            "reset_tokens": rate.reset_tokens}

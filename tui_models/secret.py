"""An API key that cannot leak by accident: its `repr` and `str` are masked."""

from __future__ import annotations

import re

_PREFIX = re.compile(r"^[A-Za-z]{1,6}[-_]")
RUN = 8
"""The shortest part of a key that redaction removes wherever it appears."""
STRIDE = 4
"""`pieces()` steps: every piece of `RUN + STRIDE - 1` characters of the key holds one."""


_SEPARATOR = re.compile(r"\s|[\u00ad\u200b-\u200f\u2060\ufeff]|\\(?:[ntr]|u[0-9a-fA-F]{4})")
"""What may split a key into runs too short to be found: spaces, line breaks, zero-width and
other invisible characters, and the escapes that write them."""
MAX_SPLIT_SCAN = 1 << 20
"""Longest text searched for a key split by separators (an error message, a notice)."""


def _cover_split(lowered: str, runs: frozenset[str], covered: bytearray) -> None:
    """Mark in `covered` every run of the key that separators split: `sk-ab cd\u200bef…`
    reads as the key once they are taken out, and is hidden whole, separators included."""
    kept: list[str] = []
    where: list[int] = []
    position = 0
    for match in _SEPARATOR.finditer(lowered):
        kept.append(lowered[position:match.start()])
        where.extend(range(position, match.start()))
        position = match.end()
    kept.append(lowered[position:])
    where.extend(range(position, len(lowered)))
    squeezed = "".join(kept)
    if not any(run in squeezed for run in runs):
        return
    for start in range(len(squeezed) - RUN + 1):
        if squeezed[start:start + RUN] in runs:
            first, last = where[start], where[start + RUN - 1]
            covered[first:last + 1] = b"\x01" * (last + 1 - first)


def _forms(value: str) -> tuple[str, ...]:
    """How a key can be written in a message: as is, URL-encoded, escaped by `repr()`."""
    from urllib.parse import quote, quote_plus

    return tuple(dict.fromkeys((value, quote(value, safe=""), quote_plus(value),
                                repr(value)[1:-1])))


class Secret:
    """Holds a key; only `reveal()` returns it, and only the HTTP layer calls that."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    @property
    def masked(self) -> str:
        """`sk-…a1b2`: enough to tell keys apart, never enough to use one."""
        value = self._value
        if len(value) < 16:  # too short to show any of it: a hash tells two keys apart
            return f"…#{self.fingerprint[:4]}"
        prefix = _PREFIX.match(value)
        return f"{prefix.group() if prefix else ''}…{value[-4:]}"

    @property
    def fingerprint(self) -> str:
        """A short hash that names the key in cache paths without holding it."""
        import hashlib

        return hashlib.sha256(self._value.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def redact(self, text: str) -> str:
        """`text` without the key: every occurrence of it, or of any 8-character run of it,
        in any case, as written, URL-encoded or escaped as `repr()` would, is replaced (a
        whole key by its mask, a part by `…`)."""
        value = self._value
        if not value or not text:
            return text
        if len(value) < RUN:
            pattern = re.compile("|".join(re.escape(v) for v in _forms(value)), re.IGNORECASE)
            return pattern.sub(self.masked, text)
        runs = self._runs()
        lowered = text.lower()
        covered = bytearray(len(text))
        if any(run in lowered for run in runs):
            for start in range(len(text) - RUN + 1):
                if lowered[start:start + RUN] in runs:
                    covered[start:start + RUN] = b"\x01" * RUN
        if len(text) <= MAX_SPLIT_SCAN and _SEPARATOR.search(text):
            _cover_split(lowered, runs, covered)
        if not any(covered):  # the usual case
            return text
        out, position = [], 0
        while position < len(text):
            if not covered[position]:
                out.append(text[position])
                position += 1
                continue
            end = covered.find(b"\x00", position)
            end = len(text) if end < 0 else end
            whole = lowered[position:end] in {f.lower() for f in _forms(value)}
            out.append(self.masked if whole else "…")
            position = end
        return "".join(out)

    def pieces(self) -> tuple[str, ...]:
        """Lower-cased pieces of every written form of the key, one every `STRIDE`
        characters (and the last): text holding 11 or more characters of the key in a row,
        in any case, holds one. A cheap first test before `redact` (a few substring
        searches for a 20 MB page instead of one per run)."""
        found: dict[str, None] = {}
        for form in _forms(self._value):
            low = form.lower()
            if len(low) <= RUN:
                found[low] = None
                continue
            for start in range(0, len(low) - RUN + 1, STRIDE):
                found[low[start:start + RUN]] = None
            found[low[-RUN:]] = None
        return tuple(p for p in found if p)

    def _runs(self) -> frozenset[str]:
        """Every 8-character run of every written form of the key, lower-cased."""
        return frozenset(form.lower()[start:start + RUN] for form in _forms(self._value)
                         for start in range(len(form) - RUN + 1))

    def __repr__(self) -> str:
        return f"Secret({self.masked!r})"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

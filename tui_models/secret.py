"""An API key that cannot leak by accident: its `repr` and `str` are masked."""

from __future__ import annotations

import re

_PREFIX = re.compile(r"^[A-Za-z]{1,6}[-_]")


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
        if len(value) < 16:
            return "…" + value[-2:] if len(value) >= 8 else "…"
        prefix = _PREFIX.match(value)
        return f"{prefix.group() if prefix else ''}…{value[-4:]}"

    @property
    def fingerprint(self) -> str:
        """A short hash that names the key in cache paths without holding it."""
        import hashlib

        return hashlib.sha256(self._value.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def redact(self, text: str) -> str:
        """`text` with the key, or any 12-character run of it, replaced by its mask."""
        value = self._value
        if len(value) < 12:
            return text.replace(value, self.masked) if value and value in text else text
        if value in text:
            text = text.replace(value, self.masked)
        for start in range(len(value) - 11):
            window = value[start : start + 12]
            if window in text:
                text = text.replace(window, "…")
        return text

    def __repr__(self) -> str:
        return f"Secret({self.masked!r})"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

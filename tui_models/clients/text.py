"""Writing gateway strings into each file format byte-exact and inert.

Every id, name and URL written is the gateway's text: it must come back from the client's parser
exactly as listed (case twins stay two entries) and must never act on the client or on the
terminal the export is printed to. So every format is written as ASCII with the format's own
escapes, and each client's substitution syntax is escaped where its loader would expand it:

- opencode substitutes `{env:VAR}` and `{file:PATH}` in the config's raw text before parsing it
  (`packages/opencode/src/config/variable.ts`): a listed name holding `{file:~/.ssh/id_rsa}`
  would read that file. Every `{` inside a JSON string is written `\\u007b` (the same value
  once parsed; invisible to the raw-text pass), except the key reference tui-models writes.
- Continue fills `${{ … }}` templates (secrets) in the raw YAML: every `$` in a gateway string is
  written `\\x24` in a double-quoted scalar.
- Shell and `.env` lines hold a value only when it is printable, single-line and (for `.env`)
  free of quotes; otherwise the caller leaves the model out and says so.
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def json_text(value: Any, *, inert_braces: bool = False, raw: tuple[str, ...] = ()) -> str:
    """`value` as indented ASCII JSON. With `inert_braces`, `{` inside strings is written as
    `\\u007b`, except in the strings listed in `raw` (tui-models' own references)."""
    text = json.dumps(value, indent=2, ensure_ascii=True) + "\n"
    if not inert_braces:
        return text
    kept = {json.dumps(r, ensure_ascii=True) for r in raw}

    def inert(match: re.Match[str]) -> str:
        token = match.group()
        return token if token in kept else token.replace("{", "\\u007b")

    return _JSON_STRING.sub(inert, text)


def _escape_code(code: int) -> str:
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


_YAML_NAMED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "$": "\\x24"}


def yaml_str(text: str) -> str:
    """A YAML double-quoted scalar holding `text` exactly: ASCII, every control or non-ASCII
    character escaped, `$` as `\\x24` (inert to template passes over the raw file)."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in _YAML_NAMED:
            out.append(_YAML_NAMED[char])
        elif 0x20 <= code < 0x7F:
            out.append(char)
        else:
            out.append(_escape_code(code))
    out.append('"')
    return "".join(out)


_TOML_NAMED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b",
               "\f": "\\f"}


def toml_str(text: str) -> str | None:
    """A TOML basic string holding `text` exactly (ASCII, escaped), or None when `text` holds
    a lone surrogate, which TOML cannot write."""
    out = ['"']
    for char in text:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return None
        if char in _TOML_NAMED:
            out.append(_TOML_NAMED[char])
        elif 0x20 <= code < 0x7F:
            out.append(char)
        else:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def printable(text: str) -> bool:
    """Printable ASCII only: safe on a shell line and a terminal as it is."""
    return text.isascii() and text.isprintable()


def shell_word(text: str) -> str | None:
    """`text` quoted for a POSIX shell line, or None when it is not printable ASCII."""
    return shlex.quote(text) if printable(text) else None


def dotenv_value(text: str) -> str | None:
    """`text` single-quoted for a `.env` line (literal in every dotenv dialect), or None when
    it holds a quote, a backslash or anything but printable ASCII."""
    if not printable(text) or any(c in text for c in "'\"\\"):
        return None
    return f"'{text}'"

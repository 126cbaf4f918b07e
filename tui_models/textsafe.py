"""Make untrusted strings inert for a terminal, and say what is odd about an id.

Servers can put anything in a model id or an error message: ANSI/OSC/DCS escapes that would
reprogram the terminal or its clipboard, bidi overrides that reorder what is shown, zero-width
characters that make two ids look alike. `visible()` turns each such character into a visible
escape (`\\x1b`, `\\u202e`) so it is shown, not obeyed. The original string is never changed:
copies and JSON keep it byte for byte.
"""

from __future__ import annotations

import re

_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
    "\U000e0000-\U000e007f"
)
CONTROL_CHARS = "\x00-\x1f\x7f-\x9f"
"""C0 and C1 control characters, as a character-class range."""
_CONTROL = re.compile(f"[{CONTROL_CHARS}]")
_UNSAFE = re.compile(f"[{CONTROL_CHARS}{_INVISIBLE}\ud800-\udfff]")
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """`text` with every control, invisible or direction-changing character escaped."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + "…"


def elide(text: str, width: int) -> str:
    """`text` in at most `width` terminal cells, its middle replaced by `…` when it does not
    fit, so both ends stay readable: `claude-3-5-…-20241022`."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    tail_cells, head_cells = (width - 1) // 2, width - 1 - (width - 1) // 2
    tail, cells = "", 0
    for char in reversed(text):
        if cells + cell_len(char) > tail_cells:
            break
        tail, cells = char + tail, cells + cell_len(char)
    return set_cell_size(text, head_cells).rstrip() + "…" + tail


def one_line(text: str, limit: int = 200) -> str:
    """Whitespace collapsed, made visible and shortened: safe inside a one-line message."""
    return shorten(visible(" ".join(text.split())), limit)


def id_warnings(model_id: str) -> list[str]:
    """What a person could get wrong copying `model_id` by eye (case twins are the caller's)."""
    warnings = []
    if model_id != model_id.strip() or any(c.isspace() for c in model_id):
        warnings.append("contains whitespace")
    if _UNSAFE.search(model_id):
        if _INVISIBLE_RE.search(model_id):
            warnings.append("contains invisible or direction-changing characters")
        if _CONTROL.search(model_id):
            warnings.append("contains control characters")
    if not model_id.isascii():
        warnings.append("contains non-ASCII characters")
    return warnings


_URL_PART = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#]*|[/?&#=]*[^/?&#=]*", re.IGNORECASE)


def wrap_url(url: str, width: int) -> list[str]:
    """`url` in lines of at most `width` characters, broken before a `/`, `?`, `&`, `#` or
    `=` rather than mid-word (`…/v1/chat` / `/completions`), never inside `scheme://host`
    unless a line cannot hold it; a part longer than a line is cut where it must."""
    width = max(width, 1)
    lines: list[str] = []
    line = ""
    for part in _URL_PART.findall(url):
        if not part:
            continue
        if line and len(line) + len(part) > width:
            lines.append(line)
            line = ""
        line += part
        while len(line) > width:
            lines.append(line[:width])
            line = line[width:]
    if line or not lines:
        lines.append(line)
    return lines

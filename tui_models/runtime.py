"""Giving memory back to the system once a big load is done.

Parsing 100,000 models frees hundreds of MB of short-lived objects; the C allocator keeps
most of that heap for reuse, so the process stays at its high-water mark (310 MB where 225 MB
are in use or held by Python). `give_back()` asks glibc to return what it can. A no-op where
there is no glibc (macOS, musl)."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys


@functools.cache
def _trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def give_back() -> bool:
    """Return free heap memory to the system (releases the interpreter lock meanwhile).
    True when the allocator could be asked."""
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True

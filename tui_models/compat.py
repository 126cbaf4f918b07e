"""The three Python 3.11 standard-library names tui-models uses, made to work on 3.10.

- `UTC`: `datetime.UTC` (the same object as `datetime.timezone.utc`).
- `tomllib`: the standard library's from 3.11, the `tomli` package (same API) on 3.10.
- `timeout`: `asyncio.timeout` from 3.11, `async_timeout.timeout` on 3.10. On 3.10 its expiry
  raises `asyncio.TimeoutError`, a different class from the built-in `TimeoutError` before
  3.11: callers catch `(TimeoutError, asyncio.TimeoutError)`.

`tomllib` and `timeout` are imported on first use (PEP 562 module `__getattr__`), so importing
this module stays as cheap as importing `datetime`: start-up without a config file never loads
a TOML parser. When 3.10 is dropped, each name becomes its standard-library import and this
module goes. `vermin -t=3.10-` in CI keeps other 3.11-only names out.
"""

from __future__ import annotations

import sys
from datetime import timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from asyncio import timeout  # novm: only type checkers read this block

    import tomllib  # novm

__all__ = ["UTC", "timeout", "tomllib"]

UTC = timezone.utc


def __getattr__(name: str) -> Any:
    """`tomllib` and `timeout`, imported when first asked for and kept as module globals."""
    if name == "tomllib":
        if sys.version_info >= (3, 11):
            import tomllib as value  # novm: guarded by the version check
        else:
            import tomli as value
    elif name == "timeout":
        if sys.version_info >= (3, 11):
            from asyncio import timeout as value  # novm
        else:
            from async_timeout import timeout as value
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value

"""Every failure tui-models expects, as one small tree; `str()` is one line for people.

```
TuiModelsError           an expected failure: one line on stderr, never a traceback
├── UsageError           a flag, a query or an argument is wrong             exit 2
│   ├── ConfigError      the config file, a profile or the key source is     exit 2
│   └── NoTerminal       a full-screen command without a terminal            exit 2
└── GatewayError         a protocol's list could not be loaded                exit 1
                         (its own tree: `tui_models.gateway.errors`)
```
Anything else is a bug: the CLI logs it (key redacted) and prints one line naming the log.
Never imports Textual.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
"""Nothing could be loaded, or the user cancelled a pick."""
EXIT_USAGE = 2
EXIT_PARTIAL = 3
"""Some protocols failed or are incomplete; what loaded was printed."""
EXIT_DIFFERENT = 4
"""`diff`: the two lists differ."""


class TuiModelsError(Exception):
    """An expected failure; `exit_code` is what the command exits with."""

    exit_code = EXIT_FAILED


class UsageError(TuiModelsError):
    """The command line or the input is wrong; the message says how to fix it."""

    exit_code = EXIT_USAGE


class ConfigError(UsageError):
    """The configuration or the key source is wrong; the message says how to fix it."""


class NoTerminal(UsageError):
    """A command that draws a screen was started without a terminal."""

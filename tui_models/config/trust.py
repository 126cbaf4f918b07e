"""Whether a config file may run a command: only when nobody but the user could have
written it.

As ssh does for `authorized_keys` (StrictModes): the file and every directory above it, up
to the home directory (or up to `/` for a file outside home), must be owned by the user or
by root and writable by neither group nor others. Otherwise another user could have put an
`api_key_cmd` there (or swapped the file for one that has it), and it would run as us.

One exception, decided here: a directory with the sticky bit set (`/tmp`, 1777 and owned by
root) is accepted although others can write it. The sticky bit lets only an entry's owner
rename or remove it, so nobody else can replace what we own inside it — while refusing it
would refuse every config under `/tmp` (tests, containers). A sticky directory owned by
another user is still refused: its owner may remove anything in it.

Both the path as named and the file it leads to (through symbolic links) are checked.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from tui_models.errors import ConfigError


def check_trusted(path: Path, what: str = "api_key_cmd") -> None:
    """Nothing when `path` is safe to take a command from; ConfigError (one sentence naming
    `path` and what is wrong, and how to fix it) otherwise."""
    me = os.geteuid()
    named = Path(os.path.abspath(path))
    real = Path(os.path.realpath(path))
    home = os.path.expanduser("~")
    homes = {Path(os.path.abspath(home)), Path(os.path.realpath(home))}
    _check(path, real, "it" if real == named else str(real), me, what, directory=False)
    for chain in dict.fromkeys((named, real)):
        for directory in _parents(chain, homes):
            _check(path, directory, str(directory), me, what, directory=True)


def _parents(path: Path, homes: set[Path]) -> Iterator[Path]:
    """The directories above `path`, nearest first, up to a home directory (included) when
    `path` is under one, else up to `/`."""
    stop_at_home = any(home in path.parents for home in homes)
    for directory in path.parents:
        yield directory
        if stop_at_home and directory in homes:
            return


def _check(path: Path, target: Path, it: str, me: int, what: str, *, directory: bool) -> None:
    """ConfigError when `target` (called `it` in the message about `path`) is another
    user's, or others can write it."""
    try:
        info = os.stat(target)
    except OSError as exc:
        raise ConfigError(f"{path} runs {what} but {it} cannot be checked "
                          f"({exc.strerror})") from None
    if info.st_uid not in (0, me):
        raise ConfigError(f"{path} runs {what} but {it} belongs to another user "
                          f"(uid {info.st_uid}): only your own files may run a command")
    sticky = directory and info.st_mode & stat.S_ISVTX
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not sticky:
        fix = path if it == "it" else target
        raise ConfigError(f"{path} runs {what} but other users can write {it}: "
                          f"chmod go-w {fix}")

"""Moving the state earlier versions kept in the cache directory to the state directory.

Earlier versions kept stars, recent ids, probe results and the error log in
`$XDG_CACHE_HOME/tui-models`, which users clear. `run()` moves each of them
(`paths.STATE_NAMES`) to `paths.state_dir()` once: the first command that opens a session
finds them and says so in one notice; later ones find nothing to move and say nothing.

Nothing is lost or overwritten: a file is hard-linked (or copied, across file systems) to its
new place, which must not exist yet, before the old name is removed. When the new place
already has a file of that name (a newer version wrote it), that file is kept and the old one
lands beside it as `<name>.bak-<mtime>`. Only regular files are moved: a symlink or a FIFO in
the cache directory is left where it is.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from tui_models.store import paths

__all__ = ["Moved", "move_state", "run"]


@dataclass
class Moved:
    """What one migration did."""

    source: Path
    target: Path
    files: int = 0
    kept: list[Path] = field(default_factory=list)
    """The old files that met a newer one: where they were put instead (`*.bak-<mtime>`)."""
    failed: list[str] = field(default_factory=list)
    """One line per file that could not be moved (it stays where it was)."""

    def notices(self) -> list[str]:
        """What to tell the user: nothing when nothing was there to move."""
        told: list[str] = []
        if self.files:
            told.append(f"moved {self.files} file{'s' * (self.files != 1)} of stars, recent "
                        f"ids, probe results and logs from {self.source} to {self.target} "
                        "(the cache directory is for what can be fetched again)")
        if self.kept:
            told.append(f"{len(self.kept)} of them met a newer file of the same name, which "
                        f"was kept; the older copies are beside them as *.bak-<time>: "
                        + ", ".join(str(path) for path in self.kept[:3])
                        + (", …" if len(self.kept) > 3 else ""))
        told += self.failed[:5]
        return told


def run() -> list[str]:
    """Move the state out of the legacy cache directory; the notices to show (none when
    there was nothing to move)."""
    return move_state(paths.legacy_cache_dir(), paths.state_dir()).notices()


def move_state(source: Path, target: Path) -> Moved:
    """Move each of `paths.STATE_NAMES` from `source` to `target`, file by file."""
    moved = Moved(source, target)
    if source == target:
        return moved
    for name in paths.STATE_NAMES:
        old = source / name
        try:
            mode = os.lstat(old).st_mode
        except FileNotFoundError:
            continue
        except OSError as exc:
            moved.failed.append(f"cannot read {old}: {exc.strerror or exc}")
            continue
        if stat.S_ISREG(mode):
            _move(old, target / name, moved)
        elif stat.S_ISDIR(mode):
            _move_tree(old, target / name, moved)
    return moved


def _move_tree(old: Path, new: Path, moved: Moved) -> None:
    for folder, _, files in os.walk(old, topdown=False):
        here = Path(folder)
        relative = here.relative_to(old)
        for name in sorted(files):
            with contextlib.suppress(OSError):
                if not stat.S_ISREG(os.lstat(here / name).st_mode):
                    continue  # a symlink or a FIFO: not ours to move
            _move(here / name, new / relative / name, moved)
        with contextlib.suppress(OSError):
            here.rmdir()  # only when empty: what was left stays, with its folder


def _move(old: Path, new: Path, moved: Moved) -> None:
    try:
        new.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        mtime = int(os.lstat(old).st_mtime)
        placed = _place(old, new, mtime)
        old.unlink()
    except OSError as exc:
        moved.failed.append(f"could not move {old} to {new.parent}: {exc.strerror or exc}; "
                            "it stays where it was")
        return
    moved.files += 1
    if placed != new:
        moved.kept.append(placed)


def _place(old: Path, new: Path, mtime: int) -> Path:
    """Put a copy of `old` at `new`, or at a `.bak-<mtime>` beside it when `new` exists;
    never over an existing file. Returns where it went."""
    for attempt in range(100):
        target = new if attempt == 0 else new.with_name(
            f"{new.name}.bak-{mtime}" + (f"-{attempt}" if attempt > 1 else ""))
        try:
            os.link(old, target, follow_symlinks=False)
            return target
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EMLINK):
                raise
        try:
            _copy_exclusive(old, target)
            return target
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "too many copies already", str(new))


def _copy_exclusive(old: Path, target: Path) -> None:
    """Copy `old` to `target`, which must not exist (across file systems)."""
    with open(old, "rb") as source:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                             0o600)
        try:
            with os.fdopen(descriptor, "wb") as copy:
                shutil.copyfileobj(source, copy)
        except BaseException:
            with contextlib.suppress(OSError):
                target.unlink()
            raise
    shutil.copystat(old, target)

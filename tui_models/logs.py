"""Where unexpected errors go: a log file, never the user's screen."""

from __future__ import annotations

import logging
import os
import stat

from tui_models.secret import Secret
from tui_models.store.files import NotRegularFile
from tui_models.store.paths import log_path

__all__ = ["log_path", "setup"]


_SECRETS: list[Secret] = []
"""Every key this process has loaded: the log redacts them all (a profile switch adds one)."""


def _redact(record: logging.LogRecord) -> bool:
    if _SECRETS:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        for secret in _SECRETS:
            text = secret.redact(text)
        record.msg, record.args = text, ()
    return True


def setup(secret: Secret | None = None) -> None:
    """Send warnings and tracebacks of the `tui_models` loggers to the log file (created
    lazily, private to the user), redacting `secret` and every key registered before."""
    if secret is not None and all(s is not secret for s in _SECRETS):
        _SECRETS.append(secret)
    logger = logging.getLogger("tui_models")
    logger.setLevel(logging.WARNING)
    logger.propagate = False  # never logging's last resort (stderr, under the TUI's frame)
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    path = log_path()
    for handler in list(logger.handlers):
        if isinstance(handler, logging.FileHandler):
            if handler.baseFilename == str(path.absolute()):
                return
            logger.removeHandler(handler)
            handler.close()
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return  # a symlink, a FIFO, a directory: not a log we write (see the handler)
    except FileNotFoundError:
        pass
    except OSError:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = _PrivateFileHandler(path, delay=True, encoding="utf-8")
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_redact)
    logger.addHandler(handler)


class _PrivateFileHandler(logging.FileHandler):
    """A log file only its owner can read: it may hold a server's words about the key.

    Opened without following a symlink and only when it is a regular file: an `errors.log`
    that someone pointed elsewhere (a symlink to `~/.bashrc`, a FIFO) is never appended to or
    chmodded. A log that cannot be opened or written is dropped, never reported on the user's
    screen (where a traceback would break the TUI's frame)."""

    def _open(self):  # type: ignore[no-untyped-def]
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_NONBLOCK
        descriptor = os.open(self.baseFilename, flags, 0o600)
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise NotRegularFile(f"{self.baseFilename} is not a regular file")
            os.fchmod(descriptor, 0o600)
            return os.fdopen(descriptor, "a", encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(descriptor)
            raise

    def emit(self, record: logging.LogRecord) -> None:
        try:
            super().emit(record)  # opens the file on the first record: that may fail too
        except Exception:
            self.handleError(record)

    def handleError(self, record: logging.LogRecord) -> None:
        pass

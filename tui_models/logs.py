"""Where unexpected errors go: a log file, never the user's screen."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from tui_models.secret import Secret


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tui-models"


def log_path() -> Path:
    return cache_dir() / "errors.log"


class _Redact(logging.Filter):
    def __init__(self, secret: Secret | None) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secret is not None:
            text = record.getMessage()
            if record.exc_info and record.exc_info[1] is not None:
                text += "\n" + logging.Formatter().formatException(record.exc_info)
                record.exc_info = None
                record.exc_text = None
            record.msg, record.args = self.secret.redact(text), ()
        return True


def setup(secret: Secret | None = None) -> None:
    """Send warnings and tracebacks of the `tui_models` loggers to the log file (lazily)."""
    logger = logging.getLogger("tui_models")
    path = log_path()
    for handler in list(logger.handlers):
        if isinstance(handler, logging.FileHandler):
            if handler.baseFilename == str(path.absolute()):
                return
            logger.removeHandler(handler)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, delay=True, encoding="utf-8")
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_Redact(secret))
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False

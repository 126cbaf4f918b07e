"""Where unexpected errors go: a log file, never the user's screen."""

from __future__ import annotations

import os
from pathlib import Path

from tui_models.secret import Secret


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tui-models"


def log_path() -> Path:
    return cache_dir() / "errors.log"


def _redactor(secret: Secret | None):
    import logging

    def redact(record: logging.LogRecord) -> bool:
        if secret is not None:
            text = record.getMessage()
            if record.exc_info and record.exc_info[1] is not None:
                text += "\n" + logging.Formatter().formatException(record.exc_info)
                record.exc_info = None
                record.exc_text = None
            record.msg, record.args = secret.redact(text), ()
        return True

    return redact


def setup(secret: Secret | None = None) -> None:
    """Send warnings and tracebacks of the `tui_models` loggers to the log file (lazily)."""
    import logging

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
    handler.addFilter(_redactor(secret))
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False

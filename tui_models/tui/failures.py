"""When something in the explorer breaks: logged with the key redacted, said in one line.

Every background job is a worker of the App; `worker_failed` is its one handler for a crash:
a notice naming what failed, the traceback in the log, and a fetch's protocol shown as failed
instead of loading forever. `fatal` is the one line the App exits with on a bug elsewhere.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from rich.text import Text
from textual.worker import Worker

from tui_models import logs
from tui_models.errors import TuiModelsError
from tui_models.session import Session
from tui_models.textsafe import one_line

if TYPE_CHECKING:
    from tui_models.tui.app import ModelsApp

log = logging.getLogger("tui_models.app")


def worker_failed(app: ModelsApp, worker: Worker) -> None:
    """`worker` stopped on an exception."""
    error, what = worker.error, worker.description or worker.name or "background work"
    load = app.loads.get(worker.group.removeprefix("fetch-")) \
        if worker.group.startswith("fetch-") else None
    logs.setup(app.session.key)
    bug = not isinstance(error, TuiModelsError)  # else a sentence (a CA file found broken)
    if bug:
        log.error("%s failed", what, exc_info=error)
    if bug or load is None:  # a load's own notice says a sentence, once for every list
        said = f"unexpected {type(error).__name__}; details in {logs.log_path()}" if bug \
            else str(error)
        app.notify(one_line(app.session.key.redact(f"{what} failed: {said}"), 300),
                   title="Something went wrong" if bug else "", severity="error",
                   markup=False, timeout=10)
    if load is not None:
        load.crashed(error or RuntimeError())
        app.explorer.show_load(load)


def fatal(session: Session, error: BaseException | None) -> Text:
    """Log an error that stops the app; the line it exits with."""
    logs.setup(session.key)
    log.error("unexpected error in the app", exc_info=error)
    name = type(error).__name__ if error else "error"
    return Text(f"tui-models stopped on an unexpected {name}; details in {logs.log_path()}")

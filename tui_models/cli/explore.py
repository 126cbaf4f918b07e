"""`tui-models` with no command: the explorer."""

from __future__ import annotations

import argparse

from tui_models.cli.common import session_for


def run(args: argparse.Namespace) -> int:
    from tui_models.cli.terminal import on_terminal

    with session_for(args, tui=True) as session:
        from tui_models.tui.app import ModelsApp

        app = ModelsApp(session)
        with on_terminal():  # no terminal at all (`setsid … </dev/null`): one line, exit 2
            app.run()
        return app.return_code or 0

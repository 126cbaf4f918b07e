"""`tui-models pick`: choose a model in the explorer; its exact id goes to stdout."""

from __future__ import annotations

import argparse

from tui_models.cli.common import chosen_protocols, fail, session_for
from tui_models.cli.options import add_common, add_protocol
from tui_models.errors import EXIT_FAILED, EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "pick", help="choose a model in the TUI; its id goes to stdout",
        description="Open the explorer with the search box focused. Enter prints the "
                    "highlighted model's exact id to stdout and exits 0; esc exits 1 and "
                    "prints nothing. The screen is drawn on the terminal, not on stdout.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  llm -m \"$(tui-models pick claude)\" 'Hello'\n"
               "  MODEL=$(tui-models pick --protocol gemini flash) || exit 1\n\n"
               "stdout gets the id with no newline when it is not a terminal.")
    parser.add_argument("query", nargs="*", help="start with this search")
    add_protocol(parser)
    add_common(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui_models.cli.terminal import on_terminal
    from tui_models.clipboard import refusal

    with session_for(args, tui=True) as session:
        chosen = chosen_protocols(session.profile, args.protocol)
        from tui_models.tui.app import ModelsApp

        app = ModelsApp(session, query=" ".join(args.query), pick=True,
                        protocol=None if args.protocol == "all" else chosen[0])
        with on_terminal() as result:
            picked = app.run()
    if app.return_code:
        return app.return_code
    if picked is None:
        return EXIT_FAILED
    if reason := refusal(picked):  # never reached through the explorer, which refuses first
        return fail(f"not printed: {reason}", EXIT_FAILED)
    result.write(picked)
    return EXIT_OK

"""The `tui-models` command: the explorer by default, and a command per script job.

Each command is a module here that registers its options and a `run(args) -> int`
(`parser.py` lists them); `main` only parses, runs, and maps failures to exit codes:
0 every protocol loaded; 1 nothing could be loaded; 2 wrong input or configuration (one line
on stderr says what to fix); 3 some protocols failed or came back incomplete (what loaded is
printed, one stderr line per problem); 4 a difference was found (`diff`, `probe`); 130
interrupted.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Sequence

from tui_models.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, TuiModelsError

__all__ = ["build_parser", "console", "main"]


def build_parser():
    from tui_models.cli.parser import build_parser as build

    return build()


def parse(argv: list[str]):
    """The arguments, parsed by a parser that registers only the commands `argv` names (the
    explorer's start and each command load no other command's modules). Help and anything
    that parser refuses (a typo of a command, a bad option) go to the whole parser, which
    prints them as usual."""
    from tui_models.cli.parser import COMMANDS, Refused, StrictParser
    from tui_models.cli.parser import build_parser as build

    if not {"-h", "--help"} & set(argv):
        parser = build({word for word in argv if word in COMMANDS}, StrictParser)
        try:
            args, extra = parser.parse_known_args(argv)
            if not extra:  # words it does not know (`-mini`) are for the whole parser to judge
                return args
        except Refused:
            pass
    return _parsed(build(), argv)


def _parsed(parser, argv: list[str]):
    args, extra = parser.parse_known_args(argv)
    if extra:
        args = _with_excluded_words(parser, args, extra, argv)
    return args


def _with_excluded_words(parser, args, extra: list[str], argv: list[str]):
    """`list gpt -mini`: a word that starts with one `-` and names no option is a search
    term that excludes (as `--` before it makes it one). Anything else is the usual usage
    error, which `parse_args` prints (`-protocol` is a typo of `--protocol`, not a term)."""
    options = {o for action in _actions(parser) for o in action.option_strings}
    if hasattr(args, "query") and all(
            len(e) > 1 and e[0] == "-" and e[1] != "-" and e not in options and
            not any(o.startswith("-" + e) for o in options) for e in extra):
        args.query = [*args.query, *extra]
        return args
    return parser.parse_args(argv)  # exits 2, naming what it did not recognise


def _actions(parser):
    """Every action of `parser` and of its sub-commands' parsers."""
    import argparse

    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _actions(sub)


def console() -> int:
    """The `tui-models` script and `python -m tui_models`: `main()` under the process's
    collector policy (`runtime`: off while a command that ends runs, frozen on the way out)."""
    from tui_models import runtime

    runtime.starting()
    try:
        return main()
    finally:
        runtime.leaving()


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv == ["--version"]:  # answered before the parser and its commands are imported
        from tui_models import __version__

        print(f"tui-models {__version__}")
        return EXIT_OK
    from tui_models.cli.common import fail
    from tui_models.cli.options import check_numbers

    args = parse(argv)
    if sys.stderr is None:  # started with `2>&-`: warnings go nowhere, the output stands
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (for the process's life)
    if sys.stdout is None:  # started with `>&-`
        if sys.stderr is not None:
            sys.stderr.write("tui-models: standard output is closed\n")
        return EXIT_USAGE
    # A lone surrogate in a hostile id cannot be encoded: written as `\ud800`, not a crash.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")
    try:
        check_numbers(args)
        if getattr(args, "run", None) is None:
            from tui_models.cli.explore import run
        else:
            run = args.run
        if getattr(args, "lasting", False):  # a loop: the collector runs as usual (`runtime`)
            from tui_models import runtime

            runtime.lasting()  # (the explorer and `pick` call it on their first frame)
        return run(args)
    except TuiModelsError as exc:
        return fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `tui-models list | head`: the reader left; so do we, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # never a traceback on a user's terminal: one line, and a log
        from tui_models import logs

        logs.setup()
        logging.getLogger("tui_models.cli").error("unexpected error", exc_info=exc)
        return fail(f"unexpected {type(exc).__name__}; details in {logs.log_path()}",
                    EXIT_FAILED)

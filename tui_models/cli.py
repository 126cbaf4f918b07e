"""The `tui-models` command: the TUI by default, and `list`, `serve-demo` for scripts.

Exit codes: 0 every protocol loaded; 1 nothing could be loaded; 2 wrong input or
configuration (one line on stderr says what to fix); 3 some protocols failed or came back
incomplete (what loaded is printed, one stderr line per problem); 130 interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import Callable, Sequence

from tui_models import __version__, export, protocols
from tui_models.config import PRESETS, Overrides
from tui_models.errors import (
    EXIT_DIFFERENT,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    TuiModelsError,
    UsageError,
)
from tui_models.textsafe import visible

EPILOG = """\
examples:
  tui-models --demo                      explore the embedded demo gateway (no key needed)
  MEMORYLAKE_API_KEY=sk-… tui-models     explore your own models on MemoryLake
  tui-models list gpt --format ids       every id containing "gpt", one per line
  tui-models list 'owner:azure GPT-4o' --format json
  tui-models list --preset new-api --base-url https://gw.example.com --protocol claude
  tui-models serve-demo --port 8080      run the demo gateway alone, for curl

keys come from the profile's environment variable (MEMORYLAKE_API_KEY for the default preset),
or from api_key_cmd in the config file; never from a flag.
exit codes: 0 ok, 1 nothing loaded, 2 bad input or config, 3 some protocols failed.
"""

LIST_EPILOG = """\
query terms (AND-ed, case-insensitive): words match id, name or owner; -word excludes;
owner:X id:X proto:claude kind:embed ctx>128k in<1 out<=5 max>=8k is:new is:gone

examples:
  tui-models list                                 a table of every model, all protocols
  tui-models list --protocol gemini --format ids  Gemini ids, one per line
  tui-models list 'kind:embed in<0.1' --format csv > cheap-embeddings.csv
  tui-models list --format json | jq -r '.[] | select(.context_window > 200000) | .id'

JSON is an array of records (id, protocol, display_name, owned_by, input_per_1m,
output_per_1m, per_request, context_window, max_output, kind, raw, …); ids are exact.
"""


def _common(parser: argparse.ArgumentParser) -> None:
    """Options every command takes. SUPPRESS keeps a subcommand from resetting them."""
    group = parser.add_argument_group("gateway")
    S = argparse.SUPPRESS
    group.add_argument("--profile", default=S, metavar="NAME",
                       help="profile from the config file (default: default_profile or "
                            "'default')")
    group.add_argument("--base-url", default=S, metavar="URL", help="gateway base URL")
    group.add_argument("--preset", default=S, choices=sorted(PRESETS),
                       help="gateway kind: paths and key variable (default: memorylake)")
    group.add_argument("--config", default=S, metavar="PATH",
                       help="config file (default: $XDG_CONFIG_HOME/tui-models/config.toml)")
    group.add_argument("--timeout", default=S, type=float, metavar="S",
                       help="give up on a protocol after S seconds in total (default: 30)")
    group.add_argument("--demo", default=S, action="store_true",
                       help="use the embedded demo gateway (no key, no network)")
    group.add_argument("--demo-models", default=S, type=int, metavar="N",
                       help="with --demo: also serve N synthetic models")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tui-models",
        description="See which LLM models an API key can use on a gateway, and copy the "
                    "exact model id. Without a COMMAND, opens the explorer (the TUI).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tui-models {__version__}")
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=False)

    listing = sub.add_parser(
        "list", help="print the models a key can see", epilog=LIST_EPILOG,
        description="Print every model the key can see, from every protocol, then exit.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    listing.add_argument("query", nargs="*", help="search terms (see below)")
    listing.add_argument("--protocol", choices=("all", *protocols.names()), default="all",
                         help="one protocol's list only (default: all)")
    listing.add_argument("--format", choices=export.FORMATS, default="table",
                         help="table for people; json, csv or ids for scripts")
    listing.add_argument("--include-gone", action="store_true",
                         help="also list models that were listed before but not any more")
    listing.add_argument("--no-cache", action="store_true",
                         help="neither read nor write the cached lists")
    _common(listing)

    pick = sub.add_parser(
        "pick", help="choose a model in the TUI; its id goes to stdout",
        description="Open the explorer with the search box focused. Enter prints the "
                    "highlighted model's exact id to stdout and exits 0; esc exits 1 and "
                    "prints nothing. The screen is drawn on the terminal, not on stdout.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  llm -m \"$(tui-models pick claude)\" 'Hello'\n"
               "  MODEL=$(tui-models pick --protocol gemini flash) || exit 1\n\n"
               "stdout gets the id with no newline when it is not a terminal.")
    pick.add_argument("query", nargs="*", help="start with this search")
    pick.add_argument("--protocol", choices=("all", *protocols.names()), default="all",
                         help="one protocol's list only (default: all)")
    _common(pick)

    diff = sub.add_parser(
        "diff", help="compare the models two profiles' keys can use",
        description="Fetch the lists of two profiles from the config file and show the models "
                    "only one of them sees, and those both see at different prices.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  tui-models diff work personal\n"
               "  tui-models diff default vip --format json | jq '.only_b[].id'\n\n"
               "exit codes: 0 the lists are the same, 4 they differ, 1 nothing could be "
               "loaded, 2 bad input, 3 some protocols failed.")
    diff.add_argument("profile_a", metavar="PROFILE_A")
    diff.add_argument("profile_b", metavar="PROFILE_B")
    diff.add_argument("--protocol", choices=("all", *protocols.names()), default="all",
                         help="one protocol's list only (default: all)")
    diff.add_argument("--format", choices=("table", "json"), default="table")
    diff.add_argument("--no-cache", action="store_true",
                      help="neither read nor write the cached lists")
    diff.add_argument("--config", default=argparse.SUPPRESS, metavar="PATH",
                      help="config file (default: $XDG_CONFIG_HOME/tui-models/config.toml)")
    diff.add_argument("--timeout", default=argparse.SUPPRESS, type=float, metavar="S",
                      help="give up on a protocol after S seconds in total (default: 30)")

    serve = sub.add_parser(
        "serve-demo", help="run the embedded demo gateway alone",
        description="Serve the demo gateway until interrupted; point curl or another client "
                    "at it. Keys: demo-key (group default), demo-vip-key (group vip).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  tui-models serve-demo --port 8080 &\n"
               "  curl -H 'Authorization: Bearer demo-key' localhost:8080/v1/models")
    serve.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    serve.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    serve.add_argument("--models", type=int, default=0, metavar="N",
                       help="also serve N synthetic models")
    serve.add_argument("--latency", type=float, default=0.0, metavar="MS",
                       help="wait MS milliseconds before each answer, like a remote gateway")
    serve.add_argument("--flavor", default="memorylake",
                       help="wire format: memorylake, one-hub, new-api, openrouter, one-api, "
                            "null-lists")
    serve.add_argument("--fault", action="append", default=[], metavar="PROTOCOL=FAULT",
                       help="make a protocol misbehave, e.g. claude=key-rejected "
                            "(see tui_models/demo/faults.py)")
    return parser


def overrides_from(args: argparse.Namespace) -> Overrides:
    return Overrides(
        profile=getattr(args, "profile", None),
        base_url=getattr(args, "base_url", None),
        preset=getattr(args, "preset", None),
        config=getattr(args, "config", None),
        timeout=getattr(args, "timeout", None),
    )


def fail(message: str, code: int = EXIT_USAGE) -> int:
    sys.stderr.write(f"tui-models: {visible(message)}\n")
    return code


_BOUNDS = (("timeout", "--timeout", 0.0, 3600.0, False), ("demo_models", "--demo-models", 0,
           1_000_000, True), ("models", "--models", 0, 1_000_000, True),
           ("latency", "--latency", 0.0, 600_000.0, True), ("port", "--port", 0, 65535, True))
"""(option, flag, low, high, low allowed): the numbers a command line may hold."""


def _check_numbers(args: argparse.Namespace) -> None:
    for name, flag, low, high, low_ok in _BOUNDS:
        value = getattr(args, name, None)
        if value is not None and not (low <= value <= high and (low_ok or value > low)):
            raise UsageError(f"{flag} must be {'at least' if low_ok else 'over'} {low:g} and "
                             f"at most {high:g}")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if sys.stdout is None:  # started with `>&-`
        if sys.stderr is not None:
            sys.stderr.write("tui-models: standard output is closed\n")
        return EXIT_USAGE
    # A lone surrogate in a hostile id cannot be encoded: written as `\ud800`, not a crash.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")
    try:
        _check_numbers(args)
        if args.command == "list":
            return cmd_list(args)
        if args.command == "serve-demo":
            return cmd_serve_demo(args)
        if args.command == "pick":
            return cmd_pick(args)
        if args.command == "diff":
            return cmd_diff(args)
        return cmd_tui(args)
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


def _session(args: argparse.Namespace):
    from tui_models.session import open_session

    return open_session(overrides_from(args), demo=getattr(args, "demo", False),
                        demo_models=getattr(args, "demo_models", 0))


def cmd_list(args: argparse.Namespace) -> int:
    from tui_models.catalog import SearchIndex

    with _session(args) as session:
        chosen = _protocols(session.profile, args.protocol)
        loaded = _load(session, chosen, use_cache=not args.no_cache,
                       gone=_with_gone(args))

    problems = _report(loaded)
    models = [m for p in chosen for m in loaded[p].models]
    if _with_gone(args):
        models += [m for p in chosen for m in loaded[p].gone]
    if problems and not models:
        return EXIT_FAILED
    index = SearchIndex(models)
    rows = list(index.filter(" ".join(args.query), index.order()))
    rank = {p: n for n, p in enumerate(protocols.names())}
    protocol = index.column("protocol")
    rows.sort(key=lambda i: rank[protocol[i]])
    _write(args.format, [index.models[i] for i in rows])
    return EXIT_PARTIAL if problems else EXIT_OK


def _with_gone(args: argparse.Namespace) -> bool:
    """`--include-gone`, or a query asking for `is:gone`."""
    return args.include_gone or "is:gone" in " ".join(args.query).lower().split()


def _protocols(profile, choice: str) -> tuple[str, ...]:
    if choice == "all":
        return profile.offered
    if choice in profile.offered:
        return (choice,)
    raise UsageError(f"preset {profile.preset} does not offer a {choice} list")


def _load(session, chosen: tuple[str, ...], *, use_cache: bool, gone: bool = False) -> dict:
    """Every protocol's list, through the cache unless told not to."""
    from tui_models.loading import load_session

    for warning in session.warnings:
        fail(f"warning: {warning}", 0)
    return asyncio.run(load_session(session, chosen, use_cache=use_cache, gone=gone))


def _report(loaded: dict) -> int:
    """One stderr line per problem; returns how many there were."""
    from tui_models import fmt

    problems = 0
    for protocol, outcome in loaded.items():
        for notice in outcome.take_notices():
            fail(f"warning: {notice}", 0)
        if outcome.error is not None:
            problems += 1
            if outcome.stale is not None:
                fail(f"{outcome.error}; printing the cached list from "
                     f"{fmt.age(outcome.stale.age)}", 0)
            else:
                fail(str(outcome.error), 0)
        for warning in outcome.warnings:
            problems += 1
            fail(f"{protocols.label(protocol)}: {warning}", 0)
    return problems


def _write(format_: str, models: list) -> None:
    writer = {"json": export.write_json, "csv": export.write_csv,
              "ids": export.write_ids}.get(format_, export.write_table)
    _output(lambda: writer(models, sys.stdout))


def _output(write: Callable[[], object]) -> None:
    """Run `write` on stdout; a full disk or a closed stdout is one line, not a traceback."""
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second failure
        raise UsageError(f"cannot write the output: {exc.strerror or exc}") from None


def cmd_serve_demo(args: argparse.Namespace) -> int:
    from tui_models.demo import DEMO_KEYS, DemoGateway
    from tui_models.demo.faults import FAULTS
    from tui_models.demo.server import FLAVORS

    if args.flavor not in FLAVORS:
        return fail(f"unknown flavor {args.flavor!r} (choose from {', '.join(FLAVORS)})")
    faults = {}
    for spec in args.fault:
        protocol, _, name = spec.partition("=")
        if protocol not in protocols.names() or name not in FAULTS:
            return fail(f"--fault wants PROTOCOL=FAULT; faults: {', '.join(FAULTS)}")
        faults[protocol] = name
    try:
        gateway = DemoGateway(extra_models=args.models, flavor=args.flavor, faults=faults,
                              host=args.host, port=args.port, latency=args.latency / 1000)
    except OSError as exc:
        return fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror}")
    host = args.host if args.host not in ("0.0.0.0", "") else "127.0.0.1"
    print(f"demo gateway on http://{host}:{gateway.port}  (keys: {', '.join(DEMO_KEYS)})",
          flush=True)
    print(f"try: tui-models --base-url http://{host}:{gateway.port} with "
          "MEMORYLAKE_API_KEY=demo-key", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        gateway.serve_forever()
    return EXIT_OK


def cmd_pick(args: argparse.Namespace) -> int:
    from tui_models.terminal import on_terminal

    with _session(args) as session:
        chosen = _protocols(session.profile, args.protocol)
        from tui_models.app import ModelsApp

        app = ModelsApp(session, query=" ".join(args.query), pick=True,
                        protocol=None if args.protocol == "all" else chosen[0])
        with on_terminal() as result:
            chosen = app.run()
    if app.return_code:
        return app.return_code
    if chosen is None:
        return EXIT_FAILED
    result.write(chosen)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from tui_models.catalog.compare import compare
    from tui_models.session import resolve

    common = overrides_from(args)
    sessions = [resolve(common._replace(profile=name))
                for name in (args.profile_a, args.profile_b)]
    loads = [_load(s, _protocols(s.profile, args.protocol), use_cache=not args.no_cache)
             for s in sessions]
    problems = sum(_report(loaded) for loaded in loads)
    a, b = ([m for r in loaded.values() for m in r.models] for loaded in loads)
    if problems and not (a and b):
        return EXIT_FAILED
    comparison = compare(a, b)
    _output(lambda: export.write_comparison(comparison, args.profile_a, args.profile_b,
                                            args.format, sys.stdout))
    if problems:
        return EXIT_PARTIAL
    return EXIT_OK if comparison.same else EXIT_DIFFERENT


def cmd_tui(args: argparse.Namespace) -> int:
    with _session(args) as session:
        from tui_models.app import ModelsApp

        app = ModelsApp(session)
        app.run()
        return app.return_code or 0

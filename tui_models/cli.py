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
from collections.abc import Sequence

from tui_models import __version__, export
from tui_models.config import PRESETS, ConfigError, Overrides
from tui_models.model import PROTOCOLS
from tui_models.textsafe import visible

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3

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
                    "exact model id.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tui-models {__version__}")
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = sub.add_parser(
        "list", help="print the models a key can see", epilog=LIST_EPILOG,
        description="Print every model the key can see, from every protocol, then exit.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    listing.add_argument("query", nargs="*", help="search terms (see below)")
    listing.add_argument("--protocol", choices=("all", *PROTOCOLS), default="all")
    listing.add_argument("--format", choices=export.FORMATS, default="table",
                         help="table for people; json, csv or ids for scripts")
    _common(listing)

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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "list":
            return cmd_list(args)
        if args.command == "serve-demo":
            return cmd_serve_demo(args)
        return cmd_tui(args)
    except ConfigError as exc:
        return fail(str(exc))
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
    from tui_models.gateway import GatewayClient

    with _session(args) as session:
        for warning in session.warnings:
            fail(f"warning: {warning}")
        profile = session.profile
        if args.protocol == "all":
            protocols = profile.offered
        elif args.protocol in profile.offered:
            protocols = (args.protocol,)
        else:
            return fail(f"preset {profile.preset} does not offer a {args.protocol} list")

        async def fetch():
            async with GatewayClient(profile, session.key) as client:
                return await client.fetch_all(protocols)

        results = asyncio.run(fetch())

    models = [m for p in protocols for m in results[p].models]
    problems = 0
    for protocol in protocols:
        result = results[protocol]
        if result.error is not None:
            fail(str(result.error), 0)
            problems += 1
        for warning in result.warnings:
            fail(f"{protocol}: {warning}", 0)
            problems += 1
    index = SearchIndex(models)
    rows = list(index.filter(" ".join(args.query), index.order()))
    rank = {p: n for n, p in enumerate(PROTOCOLS)}
    protocol = index.column("protocol")
    rows.sort(key=lambda i: rank[protocol[i]])
    if problems and not models:
        return EXIT_FAILED
    _write(args.format, [index.models[i] for i in rows])
    return EXIT_PARTIAL if problems else EXIT_OK


def _write(format_: str, models: list) -> None:
    out = sys.stdout
    clean = visible if out.isatty() else export._same
    if format_ == "json":
        export.write_json(models, out)
    elif format_ == "csv":
        export.write_csv(models, out, clean)
    elif format_ == "ids":
        export.write_ids(models, out, clean)
    else:
        export.write_table(models, out)
    out.flush()


def cmd_serve_demo(args: argparse.Namespace) -> int:
    from tui_models.demo import DEMO_KEYS, DemoGateway
    from tui_models.demo.faults import FAULTS
    from tui_models.demo.formats import FLAVORS

    if args.flavor not in FLAVORS:
        return fail(f"unknown flavor {args.flavor!r} (choose from {', '.join(FLAVORS)})")
    faults = {}
    for spec in args.fault:
        protocol, _, name = spec.partition("=")
        if protocol not in PROTOCOLS or name not in FAULTS:
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


def cmd_tui(args: argparse.Namespace) -> int:
    with _session(args) as session:
        from tui_models.app import ModelsApp

        app = ModelsApp(session)
        app.run()
        return app.return_code or 0

"""`tui-models serve-demo`: the embedded demo gateway alone, for curl and other clients."""

from __future__ import annotations

import argparse
import contextlib
import sys

from tui_models import protocols
from tui_models.cli.common import fail
from tui_models.errors import EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    from tui_models.demo.faults import FAULTS
    from tui_models.demo.flavors import FLAVORS

    parser = sub.add_parser(
        "serve-demo", help="run the embedded demo gateway alone",
        description="Serve the demo gateway until interrupted; point curl or another client "
                    "at it. Keys: demo-key (group default), demo-vip-key (group vip).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  tui-models serve-demo --port 8080 &\n"
               "  curl -H 'Authorization: Bearer demo-key' localhost:8080/v1/models")
    parser.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    parser.add_argument("--models", type=int, default=0, metavar="N",
                        help="also serve N synthetic models")
    parser.add_argument("--latency", type=float, default=0.0, metavar="MS",
                        help="wait MS milliseconds before each answer, like a remote gateway")
    parser.add_argument("--flavor", default=FLAVORS[0], choices=FLAVORS,
                        help=f"wire format (default: {FLAVORS[0]})")
    parser.add_argument("--log", action="store_true",
                        help="print a line per request: method, path, status and which auth "
                             "header came (never its value), to debug your own SDK against it")
    parser.add_argument("--fault", action="append", default=[], metavar="PROTOCOL=FAULT",
                        help="make a protocol misbehave, e.g. claude=key-rejected; faults: "
                             + ", ".join(FAULTS))
    parser.set_defaults(run=run, lasting=True)


def run(args: argparse.Namespace) -> int:
    from tui_models.config import PRESETS
    from tui_models.demo import DEMO_KEYS, DemoGateway
    from tui_models.demo.faults import FAULTS
    from tui_models.demo.flavors import preset_of

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
    if args.log:
        gateway.log = sys.stdout
    host = args.host if args.host not in ("0.0.0.0", "") else "127.0.0.1"
    print(f"demo gateway on http://{host}:{gateway.port}  (keys: {', '.join(DEMO_KEYS)})",
          flush=True)
    preset = preset_of(args.flavor)
    print(f"try: {PRESETS[preset].key_env}=demo-key tui-models --preset {preset} --base-url "
          f"http://{host}:{gateway.port}", flush=True)
    print("     export TUI_MODELS_DEMO_KEY=demo-key   (what the explorer's copy-as snippets "
          "read on the demo)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        gateway.serve_forever()
    return EXIT_OK

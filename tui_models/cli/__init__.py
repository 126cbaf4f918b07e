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

from tui_models import export, protocols, relay
from tui_models.cli.parser import build_parser, check_numbers, overrides_from
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

__all__ = ["build_parser", "main"]

def fail(message: str, code: int = EXIT_USAGE) -> int:
    sys.stderr.write(f"tui-models: {visible(message)}\n")
    return code


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
        check_numbers(args)
        if args.command == "list":
            return cmd_list(args)
        if args.command == "serve-demo":
            return cmd_serve_demo(args)
        if args.command == "pick":
            return cmd_pick(args)
        if args.command == "diff":
            return cmd_diff(args)
        if args.command == "whoami":
            return cmd_whoami(args)
        if args.command == "catalog":
            from tui_models.cli.catalog import cmd_catalog

            return cmd_catalog(args)
        if args.command == "probe":
            from tui_models.cli.probe import cmd_probe

            return cmd_probe(args)
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
    from tui_models.listing import SearchIndex, merge, one_per_id, parse
    from tui_models.listing.view import exact_first
    from tui_models.store.marks import Marks
    from tui_models.store.probes import ProbeStore

    text = " ".join(args.query)
    query = parse(text)
    if query.problems:  # before any request: a mistyped term is the user's to fix
        raise UsageError("search: " + "; ".join(query.problems))
    with _session(args) as session:
        chosen = _protocols(session.profile, args.protocol)
        loaded = _load(session, chosen, use_cache=not args.no_cache,
                       gone=_with_gone(args))
        relay_info = relay_for(session, loaded)

    problems = _report(loaded)
    models = [m for p in chosen for m in loaded[p].models]
    if _with_gone(args):
        models += [m for p in chosen for m in loaded[p].gone]
    if problems and not models:
        return EXIT_FAILED
    favourites = set(Marks(session.cache_id).load().favourites)
    probes = ProbeStore(session.cache_id, session.key).load().results
    for model in models:  # stars and probes are searchable here too (is:fav, probe:ok)
        model.is_fav = model.id in favourites
        model.probe = probes.get((model.protocol, model.id))
    if session.profile.catalog:  # fill what the lists leave out, never what they say
        _enrich(models)
    relay.apply(models, relay_info)  # the relay's prices fill what the lists leave out
    merged = merge(models)  # every record learns which protocols serve its id
    index = SearchIndex(one_per_id(models, merged) if args.merge else models)
    # Ranked as the explorer ranks: the exact id first, then id order.
    rows = exact_first(index, text, query, index.filter(query, index.order()))
    _write(args.format, [index.models[i] for i in rows])
    return EXIT_PARTIAL if problems else EXIT_OK


def relay_for(session, loaded: dict):
    """What the relay publishes beside its lists (None when nothing, or it failed: a warning
    line then, never an exit code)."""
    from tui_models.gateway import GatewayClient, GatewayError

    if session.profile.preset not in relay.KINDS or \
            not any(r.models and r.error is None for r in loaded.values()):
        return None  # no list came fresh: the gateway is not answering; said once already
    openai = loaded.get("openai")
    listed = {m.id for m in openai.models} if openai is not None else set()
    found: list = []

    async def run() -> None:
        async with GatewayClient(session.profile, session.key) as client:
            found.append(await relay.fetch(client, session.profile.preset, listed,
                                           session.profile.group))

    try:
        asyncio.run(run())
    except (GatewayError, ValueError) as exc:
        fail(f"warning: relay pricing not loaded: {exc}", 0)
        return None
    return found[0]


def _enrich(models: list) -> None:
    from tui_models.catalogue import enrich, load_reference

    reference, problem = load_reference()
    if problem:
        fail(f"warning: {problem}", 0)
    if reference is not None:
        enrich(models, reference)


def _with_gone(args: argparse.Namespace) -> bool:
    """`--include-gone`, or a query asking for `is:gone` or `is:changed` (both compare with
    the previous list in full)."""
    words = " ".join(args.query).lower().split()
    return args.include_gone or "is:gone" in words or "is:changed" in words


def _protocols(profile, choice: str) -> tuple[str, ...]:
    if choice == "all":
        return profile.offered
    if choice in profile.offered:
        return (choice,)
    raise UsageError(f"preset {profile.preset} does not offer a {choice} list")


def _load(session, chosen: tuple[str, ...], *, use_cache: bool, gone: bool = False) -> dict:
    """Every protocol's list, through the cache unless told not to."""
    from tui_models.listing.loading import load_session

    for warning in session.warnings:
        fail(f"warning: {warning}", 0)
    loaded: dict = {}

    async def run() -> None:
        # Kept out of asyncio.run's result: on the way out it builds the repr() of its main
        # task, result included, which costs seconds and memory for 100,000 models.
        loaded.update(await load_session(session, chosen, use_cache=use_cache, gone=gone))

    asyncio.run(run())
    return loaded


def _profile_session(overrides, name: str):
    """The session of profile `name`; its errors name it."""
    from tui_models.session import resolve

    try:
        return resolve(overrides)
    except TuiModelsError as exc:
        raise type(exc)(f"profile {name}: {exc}") from None


def _report(loaded: dict, who: str = "") -> int:
    """One stderr line per problem (`who` first: which profile); returns how many."""
    from tui_models import fmt

    problems = 0
    for protocol, outcome in loaded.items():
        for notice in outcome.take_notices():
            fail(f"warning: {who}{notice}", 0)
        if outcome.error is not None:
            problems += 1
            if outcome.stale is not None:
                fail(f"{who}{outcome.error}; printing the cached list from "
                     f"{fmt.age(outcome.stale.age)}", 0)
            else:
                fail(f"{who}{outcome.error}", 0)
        for warning in outcome.warnings:
            problems += 1
            fail(f"{who}{protocols.label(protocol)}: {warning}", 0)
    return problems


def _write(format_: str, models: list) -> None:
    writer = {"json": export.write_json, "csv": export.write_csv,
              "ids": export.write_ids}.get(format_)
    if writer is None:  # the table fits a terminal (COLUMNS too); a pipe gets every value
        import shutil

        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        _output(lambda: export.write_table(models, sys.stdout, width))
        return
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
    from tui_models.config import PRESETS
    from tui_models.demo.flavors import preset_of

    preset = preset_of(args.flavor)
    print(f"try: {PRESETS[preset].key_env}=demo-key tui-models --preset {preset} --base-url "
          f"http://{host}:{gateway.port}", flush=True)
    print("     export TUI_MODELS_DEMO_KEY=demo-key   (what the explorer's copy-as snippets "
          "read on the demo)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        gateway.serve_forever()
    return EXIT_OK


def cmd_pick(args: argparse.Namespace) -> int:
    from tui_models.cli.terminal import on_terminal

    with _session(args) as session:
        chosen = _protocols(session.profile, args.protocol)
        from tui_models.tui.app import ModelsApp

        app = ModelsApp(session, query=" ".join(args.query), pick=True,
                        protocol=None if args.protocol == "all" else chosen[0])
        with on_terminal() as result:
            chosen = app.run()
    if app.return_code:
        return app.return_code
    if chosen is None:
        return EXIT_FAILED
    from tui_models.clipboard import refusal

    if reason := refusal(chosen):  # never reached through the explorer, which refuses first
        return fail(f"not printed: {reason}", EXIT_FAILED)
    result.write(chosen)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from tui_models.listing.compare import compare
    from tui_models.session import switch_profile

    names = (args.profile_a, args.profile_b)
    demo = getattr(args, "demo", False)
    with _session(args) if demo else contextlib.nullcontext() as demo_session:
        if demo_session is not None:
            sessions = [switch_profile(demo_session, name) for name in names]
        else:
            common = overrides_from(args)
            sessions = [_profile_session(common._replace(profile=name), name)
                        for name in names]
        loads = [_load(s, _protocols(s.profile, args.protocol), use_cache=not args.no_cache)
                 for s in sessions]
    problems = sum(_report(loaded, f"profile {name}: ") for name, loaded in zip(
        names, loads, strict=True))
    a, b = ([m for r in loaded.values() for m in r.models] for loaded in loads)
    if problems and not (a and b):
        return EXIT_FAILED
    comparison = compare(a, b)
    _output(lambda: export.write_comparison(comparison, args.profile_a, args.profile_b,
                                            args.format, sys.stdout))
    if problems:
        return EXIT_PARTIAL
    return EXIT_OK if comparison.same else EXIT_DIFFERENT


def cmd_whoami(args: argparse.Namespace) -> int:
    """The key's facts on a relay: gateway kind, group, quota, expiry, model limits."""
    import json

    with _session(args) as session:
        loaded = _load(session, ("openai",) if "openai" in session.profile.offered else (),
                       use_cache=True)
        _report(loaded)
        info = relay_for(session, loaded)
    profile = session.profile
    if info is None:
        if profile.preset not in relay.KINDS:
            return fail(f"preset {profile.preset} publishes no key facts (one-hub, MemoryLake, "
                        "new-api and LiteLLM do)", EXIT_FAILED)
        return EXIT_FAILED
    if args.format == "json":
        _output(lambda: sys.stdout.write(json.dumps(info.record(), indent=1) + "\n"))
        return EXIT_OK
    record = info.record()
    lines = [f"gateway:      {info.kind} at {visible(profile.host)} (profile {profile.name})",
             f"key:          {session.key.masked}"
             + (f" ({visible(info.key_name)})" if info.key_name else ""),
             "group:        " + ("none: this gateway has no groups"
                                 if info.group_source == "none" else
                                 f"{visible(info.group or 'unknown — set group in the profile')}"
                                 f" ({info.group_source}, ratio {info.group_ratio:g})"),
             "quota left:   " + ("unlimited" if info.unlimited else
                                 f"${info.quota_left_usd:,.2f}"
                                 if info.quota_left_usd is not None else "not published"),
             f"expires:      {record['expires_at'] or 'never or not published'}",
             "model limits: " + (f"{info.model_limits:,} models" if info.model_limits
                                 is not None else "none"),
             f"priced:       {len(info.prices):,} models"]
    _output(lambda: sys.stdout.write("\n".join(lines) + "\n"))
    return EXIT_OK


def cmd_tui(args: argparse.Namespace) -> int:
    from tui_models.cli.terminal import on_terminal

    with _session(args) as session:
        from tui_models.tui.app import ModelsApp

        app = ModelsApp(session)
        with on_terminal():  # no terminal at all (`setsid … </dev/null`): one line, exit 2
            app.run()
        return app.return_code or 0

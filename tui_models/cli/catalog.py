"""`tui-models catalog [update|reset]`: which catalogue snapshot is in use; download a newer
one; go back to the bundled one.

A download replaces the bundled snapshot for every gateway, so it is written only when it is
a plausible models.dev snapshot (`catalogue.plausible`); the demo's catalogue is checked and
counted but never written (`--demo` never changes what a real gateway's models show)."""

from __future__ import annotations

import argparse
import gzip
import json
import time

from tui_models.cli.common import fail, session_for, warn
from tui_models.cli.options import add_common
from tui_models.errors import EXIT_FAILED, EXIT_OK, UsageError

DOWNLOAD_TIMEOUT = 60.0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "catalog", help="the reference catalogue in use; update downloads a newer one",
        description="Show which models.dev catalogue snapshot fills in context, capabilities "
                    "and list prices (bundled, or downloaded by `catalog update`: the newer is "
                    "used). `catalog update` downloads the current one (bounded in size and "
                    "time, validated, written atomically to the cache); never automatic.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  tui-models catalog\n  tui-models catalog update\n"
               "  tui-models catalog update --url https://mirror.example/api.json\n"
               "  tui-models catalog reset")
    parser.add_argument("action", nargs="?", choices=("show", "update", "reset"),
                        default="show")
    parser.add_argument("--url", metavar="URL",
                        help="download from here (default: the profile's catalog_url, "
                             "https://models.dev/api.json)")
    add_common(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui_models.catalogue import snapshot

    if args.action == "update":
        return _update(args)
    if args.action == "reset":
        return _reset()
    found = snapshot.choose()
    if found.problem:
        warn(found.problem)
    if found.used is None:
        return fail("no catalogue: the bundled one is missing", EXIT_FAILED)
    used = found.used
    print(f"in use:  {used.origin}\ndate:    {used.date}\nsource:  {used.source}\n"
          f"entries: {used.count:,} from {len(used.providers):,} providers")
    if found.older and found.downloaded is not None:
        print(f"not used: {found.downloaded.origin} of {found.downloaded.date}, not newer "
              "than the bundled snapshot")
    return EXIT_OK


def _update(args: argparse.Namespace) -> int:
    from tui_models.catalogue import plausible, snapshot
    from tui_models.store.files import write_atomic
    from tui_models.store.paths import catalogue_path

    if getattr(args, "demo", False):
        with session_for(args) as session:
            url = args.url or session.profile.catalog_url
            try:
                trimmed = _download(url, session.profile.verify, _deadline(args))
            except (OSError, ValueError) as exc:
                return fail(f"catalogue not updated: {exc}", EXIT_FAILED)
    else:  # the profile's settings, never its key: the catalogue is public
        from tui_models.cli.options import overrides_from
        from tui_models.config import load

        loaded = load(overrides_from(args))
        for warning in loaded.warnings:
            warn(warning)
        url = args.url or loaded.profile.catalog_url
        try:
            trimmed = _download(url, loaded.profile.verify, _deadline(args))
        except (OSError, ValueError) as exc:
            return fail(f"catalogue not updated: {exc}", EXIT_FAILED)
    found = snapshot.parse(trimmed, url)
    if getattr(args, "demo", False):
        print(f"checked {found.count:,} entries from {found.date} at {url}: the demo's "
              "catalogue stays in the demo, nothing written (the catalogue in use is "
              "unchanged)")
        return EXIT_OK
    bundled = snapshot.choose().bundled
    if (why := plausible.problem(found, bundled)) is not None:
        return fail(f"catalogue not updated: {url} is not a plausible models.dev snapshot "
                    f"({why})", EXIT_FAILED)
    path = catalogue_path()
    write_atomic(path, gzip.compress(json.dumps(trimmed, separators=(",", ":")).encode(),
                                     mtime=0))
    print(f"downloaded {found.count:,} entries from {url} to {path}")
    return EXIT_OK


def _reset() -> int:
    from tui_models.store.paths import catalogue_path

    path = catalogue_path()
    try:
        path.unlink()
    except FileNotFoundError:
        print("no downloaded catalogue: the bundled snapshot is in use")
        return EXIT_OK
    except OSError as exc:
        return fail(f"cannot remove {path}: {exc.strerror or exc}", EXIT_FAILED)
    print(f"removed {path}: the bundled snapshot is in use")
    return EXIT_OK


def _deadline(args: argparse.Namespace) -> float:
    """Seconds the whole download may take: `--timeout`, else `DOWNLOAD_TIMEOUT`."""
    given = getattr(args, "timeout", None)
    return float(given) if given else DOWNLOAD_TIMEOUT


def _download(url: str, verify: bool | str, deadline: float = DOWNLOAD_TIMEOUT) -> dict:
    """models.dev's api.json from `url`, trimmed; bounded in size and in total time (a
    server that drips a byte every few seconds is given up at `deadline`, not read for
    ever)."""
    import threading

    if not url.startswith(("https://", "http://")):
        raise UsageError(f"--url must be an http(s) URL, not {url!r}")
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["body"] = _fetch(url, verify, deadline)
        except Exception as exc:  # handed to the caller's thread
            outcome["error"] = exc

    # A daemon thread: one still stuck in a read when the deadline passes never holds up
    # the exit.
    worker = threading.Thread(target=run, name="catalogue-download", daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        raise ValueError(f"cannot download {url}: no complete answer within {deadline:g} s "
                         "(--timeout)")
    if isinstance(error := outcome.get("error"), Exception):
        raise error
    body = outcome["body"]
    from tui_models.catalogue.snapshot import trim

    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"not JSON ({type(exc).__name__})") from None
    return trim(data, time.strftime("%Y-%m-%d", time.gmtime()), f"{url} (models.dev format)")


def _fetch(url: str, verify: bool | str, deadline: float) -> bytearray:
    import httpx

    from tui_models.catalogue.snapshot import MAX_DOWNLOAD

    body = bytearray()
    try:
        with httpx.Client(timeout=deadline, verify=verify, follow_redirects=True,
                          trust_env=True) as client, client.stream("GET", url) as response:
            if response.status_code != 200:
                raise ValueError(f"HTTP {response.status_code} from {url}")
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_DOWNLOAD:
                    raise ValueError(f"larger than {MAX_DOWNLOAD // (1024 * 1024)} MB")
    except httpx.HTTPError as exc:
        raise ValueError(f"cannot download {url}: {exc or type(exc).__name__}") from None
    return body

"""`catalog update` and `catalog reset`: a downloaded catalogue is used only when it is a
plausible models.dev snapshot newer than the bundled one; the demo's never leaves the demo;
reset goes back to the bundled snapshot."""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tui_models.catalogue import load, plausible
from tui_models.catalogue.snapshot import BUNDLED, FIELDS, trim
from tui_models.store import paths

from .helpers import run_cli

EXTRA = "mirror-only-model-1"


def models_dev_from_bundled() -> dict:
    """The bundled snapshot as models.dev's `api.json` (as a mirror serves it), plus EXTRA."""
    data = json.loads(gzip.decompress(BUNDLED.read_bytes()))
    api: dict = {}
    for provider, rows in data["providers"].items():
        models = api.setdefault(provider, {"id": provider, "models": {}})["models"]
        for row in rows:
            entry = dict(zip(FIELDS, row, strict=True))
            models[entry["id"]] = {
                "id": entry["id"], "name": entry["name"], "release_date": entry["released"],
                "tool_call": "tools" in (entry["caps"] or ""),
                "modalities": {"input": (entry["input"] or "text").split(","),
                               "output": (entry["output_modalities"] or "text").split(",")},
                "limit": {"context": entry["context"] or 0, "output": entry["output"] or 0},
                "cost": {"input": entry["cost_input"] or 0,
                         "output": entry["cost_output"] or 0}}
    api["openai"]["models"][EXTRA] = {"id": EXTRA, "release_date": "2026-11-30",
                                      "limit": {"context": 2_000_000}}
    return api


@pytest.fixture
def mirror() -> Iterator[str]:
    """A models.dev mirror on loopback serving a plausible `api.json` at /api.json."""
    body = json.dumps(models_dev_from_bundled()).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/drip":  # a byte every 0.2 s: each read is quick, the whole not
                self.send_response(200)
                self.send_header("Content-Length", "1000")
                self.end_headers()
                for _ in range(40):
                    try:
                        self.wfile.write(b" ")
                        self.wfile.flush()
                    except OSError:
                        return
                    stop.wait(0.2)
                return
            self.send_response(200 if self.path == "/api.json" else 404)
            self.send_header("Content-Length", str(len(body) if self.path == "/api.json"
                                                   else 0))
            self.end_headers()
            if self.path == "/api.json":
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    stop = threading.Event()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api.json"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def write_download(content: dict) -> None:
    path = paths.catalogue_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(json.dumps(content).encode()))


def demo_catalogue(date: str = "2026-12-01") -> dict:
    from tui_models.demo.data import models_dev_catalogue

    return trim(models_dev_catalogue(), date, "a demo gateway (models.dev format)")


def test_a_plausible_newer_download_is_used_and_reset_goes_back(capsys, mirror):
    code, out, err = run_cli(capsys, "catalog", "update", "--url", mirror)
    assert code == 0 and f"from {mirror}" in out, err
    snapshot, problem = load()
    assert problem is None and snapshot.origin == str(paths.catalogue_path())
    assert any(e.id == EXTRA for e in snapshot.providers["openai"])
    code, out, _ = run_cli(capsys, "catalog", "reset")
    assert code == 0 and "removed" in out and not paths.catalogue_path().exists()
    code, out, _ = run_cli(capsys, "catalog")
    assert "in use:  bundled" in out
    code, out, _ = run_cli(capsys, "catalog", "reset")
    assert code == 0 and "no downloaded catalogue" in out


def test_the_demos_catalogue_left_by_an_older_version_is_ignored_and_said(capsys):
    # What `catalog update --demo` wrote before: 103 synthetic entries, all released
    # 2025-01-01, dated today, in the shared cache.
    write_download(demo_catalogue())
    snapshot, problem = load()
    assert snapshot.origin == "bundled"
    assert "not a plausible models.dev snapshot" in problem and "catalog reset" in problem
    code, out, err = run_cli(capsys, "list", "--demo", "cap:vision", "--format", "ids")
    assert code == 0 and len(out.split()) >= 10  # the bundled capabilities, not the demo's
    assert "not a plausible" in err
    code, out, _ = run_cli(capsys, "catalog", "reset")
    assert code == 0 and not paths.catalogue_path().exists()
    assert load() == (load()[0], None)


def test_a_download_not_newer_than_the_bundled_one_is_not_used(capsys, mirror):
    code, _, _ = run_cli(capsys, "catalog", "update", "--url", mirror)
    assert code == 0
    content = json.loads(gzip.decompress(paths.catalogue_path().read_bytes()))
    write_download({**content, "date": "2026-01-01"})
    snapshot, problem = load()
    assert snapshot.origin == "bundled" and problem is None
    code, out, _ = run_cli(capsys, "catalog")
    assert "in use:  bundled" in out and "not used:" in out and "2026-01-01" in out


def test_an_implausible_download_is_refused_before_anything_is_written(capsys, gateway):
    code, _, err = run_cli(capsys, "catalog", "update", "--url",
                           f"{gateway.url}/catalog/api.json")
    assert code == 1 and "not a plausible models.dev snapshot" in err and "103 entries" in err
    assert not paths.catalogue_path().exists()


@pytest.mark.parametrize(("change", "said"), [
    ({"providers": 5}, "providers"), ({"dates": 1}, "release dates"),
    ({"date": "2999-01-01"}, "not a day up to today"), ({"date": "soon"}, "not a day"),
    ({"entries": 500}, "entries"),
])
def test_each_plausibility_rule_can_refuse(change, said):
    from tui_models.catalogue.snapshot import Snapshot

    from .test_catalogue import entry

    count, providers = change.get("entries", 2000), change.get("providers", 40)
    dates = change.get("dates", 200)
    rows: dict = {}
    for n in range(count):
        released = f"20{10 + n % dates // 12:02d}-{1 + n % 12:02d}-01"
        rows.setdefault(f"p{n % providers}", []).append(
            entry(f"p{n % providers}", f"m{n}", released=released))
    found = Snapshot(rows, change.get("date", "2026-11-01"), "test", "downloaded")
    assert plausible.problem(found, today="2026-12-04") is not None
    assert said in plausible.problem(found, today="2026-12-04")
    fine = Snapshot({f"p{n}": [entry(f"p{n}", f"m{n}-{i}", released=f"20{10 + i % 16}-0"
                                     f"{1 + n % 9}-01") for i in range(60)]
                     for n in range(40)}, "2026-11-01", "test", "downloaded")
    assert plausible.problem(fine, today="2026-12-04") is None


def test_a_server_that_drips_is_given_up_at_the_timeout_in_total(capsys, mirror):
    drip = mirror.replace("/api.json", "/drip")
    code, _, err = run_cli(capsys, "catalog", "update", "--url", drip, "--timeout", "1")
    assert code == 1 and "no complete answer within 1 s" in err
    assert not paths.catalogue_path().exists()

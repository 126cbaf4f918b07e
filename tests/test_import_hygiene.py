"""The core never imports Textual: scripts stay fast and the TUI stays a thin shell."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tui_models

TUI = ("tui_models.tui", "tui_models.cli")


def core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(tui_models.__path__, "tui_models.")]
    return [n for n in names if not n.startswith(TUI) and n != "tui_models.__main__"]


def test_core_never_imports_textual():
    core = core_modules()
    assert {"tui_models.gateway", "tui_models.listing", "tui_models.config", "tui_models.store",
            "tui_models.protocols", "tui_models.fields", "tui_models.listing.loading",
            "tui_models.store.lists"} <= set(core)
    code = (
        "import sys\n"
        f"for name in {core!r}:\n"
        "    __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad)\n"
        "raise SystemExit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def _modules_after(argv: list[str], env_extra: dict[str, str]) -> set[str]:
    """The modules `tui-models ARGV` has loaded when it is done (a fresh interpreter)."""
    import os

    code = ("import sys\nfrom tui_models.cli import main\n"
            f"code = main({argv!r})\n"
            "print('MODULES', ' '.join(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, **env_extra}, timeout=60)
    line = next(x for x in done.stdout.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


def test_scripts_load_no_textual_demo_or_other_commands(gateway, tmp_path):
    """`list`, `why`, `export` and `completions --profiles` (what a shell calls at every
    Tab) load neither Textual nor the demo, nor another command's modules; `list --format
    ids` with no query asks for and loads no relay prices nor catalogue (ids need none)."""
    env = {"MEMORYLAKE_API_KEY": "demo-key", "XDG_CONFIG_HOME": str(tmp_path / "c"),
           "XDG_CACHE_HOME": str(tmp_path / "ca"), "XDG_STATE_HOME": str(tmp_path / "s")}
    where = ["--base-url", gateway.url]
    for argv in (["list", *where, "--format", "ids"], ["why", "gpt-4o", *where],
                 ["export", "--for", "llm", *where], ["completions", "--profiles"]):
        loaded = _modules_after(argv, env)
        bad = sorted(m for m in loaded if m.split(".")[0] == "textual" or
                     m.startswith(("tui_models.demo", "tui_models.tui", "tui_models.cli.diff",
                                   "tui_models.cli.serve_demo", "tui_models.cli.probe")))
        assert bad == [], (argv, bad)
    for argv, needed in ((["list", *where, "--format", "ids"], False),
                         (["list", *where, "--format", "ids", "gpt"], True),
                         (["list", *where, "--format", "json"], True)):
        gateway.requests.clear()
        loaded = _modules_after(argv, env)
        relay = [path for path, _ in gateway.requests if path.startswith("/api/")]
        assert bool(relay) is needed, (argv, relay)
        enrichers = {m for m in loaded if m.startswith(("tui_models.relay",
                                                        "tui_models.catalogue"))}
        assert bool(enrichers) is needed, (argv, enrichers)


def test_a_line_naming_one_command_is_parsed_as_the_whole_parser_would(capsys):
    """Only the commands a line names are registered; what that parser refuses is said by the
    whole one, naming every command."""
    import pytest

    from tui_models.cli import main
    from tui_models.cli.parser import COMMANDS

    with pytest.raises(SystemExit) as exit_:
        main(["lst"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'lst'" in err and all(f"'{name}'" in err for name in COMMANDS)
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)
    with pytest.raises(SystemExit) as exit_:
        main(["list", "--bogus-option"])
    assert exit_.value.code == 2 and "unrecognized arguments: --bogus-option" in \
        capsys.readouterr().err
    # `-every` prefixes another command's option (`--every`): a typo, not an excluding term
    with pytest.raises(SystemExit) as exit_:
        main(["list", "gpt", "-every"])
    assert exit_.value.code == 2 and "-every" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # an abbreviated --help is the whole help too
        main(["--hel"])
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)

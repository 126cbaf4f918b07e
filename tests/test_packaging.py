"""What a user installs: the wheel ships the package whole (code, CSS, catalogue, licences) and
nothing else; the metadata says what the project is. The sdist's own tests run in `.ci/run`."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import zipfile
from email.parser import HeaderParser

import pytest

import tui_models
from tui_models.compat import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tui_models"
# What a wheel is built from: the package and the files pyproject.toml names.
BUILD_INPUTS = ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in", "CHANGELOG.md")


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def package_files() -> set[str]:
    """Every file of the package source, as wheel paths (`tui_models/tui/app.tcss`)."""
    return {p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


def test_package_data_names_every_file_that_is_not_python():
    """A `.tcss` or data file added anywhere in the package is covered by a pattern (the
    wheel test below proves the patterns work; this one runs in the fast tier)."""
    patterns = pyproject()["tool"]["setuptools"]["package-data"]["tui_models"]
    covered = {p.relative_to(ROOT).as_posix() for pattern in patterns
               for p in PACKAGE.glob(pattern)}
    others = {f for f in package_files() if not f.endswith(".py")}
    assert "tui_models/tui/app.tcss" in others and "tui_models/data/catalog.json.gz" in others
    assert others <= covered, sorted(others - covered)


def test_the_version_has_one_source_and_the_sdk_extra_names_the_three_sdks():
    project = pyproject()["project"]
    assert "version" not in project and "version" in project["dynamic"]
    dynamic = pyproject()["tool"]["setuptools"]["dynamic"]
    assert dynamic["version"] == {"attr": "tui_models.__version__"}
    # tests/test_sdks.py runs (not skips) when every distribution of this extra is installed.
    assert {r.split(">")[0] for r in project["optional-dependencies"]["sdk"]} == \
        {"openai", "anthropic", "google-genai"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    """The wheel built, offline, from a copy of the build inputs (the checkout stays clean)."""
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(PACKAGE, source / "tui_models",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(out), str(source)],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, (
        "pip wheel failed (it needs setuptools>=77 beside pytest: the test extra)\n"
        + done.stdout + done.stderr)
    [built] = out.glob("tui_models-*.whl")
    with zipfile.ZipFile(built) as archive:
        yield archive


@pytest.mark.e2e
def test_the_wheel_ships_the_package_whole_and_nothing_else(wheel):
    names = set(wheel.namelist())
    info = f"tui_models-{tui_models.__version__}.dist-info/"
    shipped = {n for n in names if n.startswith("tui_models/")}
    assert shipped == package_files(), (sorted(package_files() - shipped),
                                        sorted(shipped - package_files()))
    assert {"tui_models/tui/app.tcss", "tui_models/data/catalog.json.gz",
            "tui_models/data/MODELS_DEV_LICENSE"} <= shipped
    # No tests, benchmarks, scripts or byte code; only the package and its metadata.
    assert all(n.startswith(("tui_models/", info)) for n in names), sorted(names)
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    licence = wheel.read(info + "licenses/LICENSE").decode()
    assert licence.startswith("MIT License") and "2026 tui-models contributors" in licence
    assert info + "licenses/tui_models/data/MODELS_DEV_LICENSE" in names


@pytest.mark.e2e
def test_the_wheel_metadata_says_what_the_project_is(wheel):
    info = f"tui_models-{tui_models.__version__}.dist-info/"
    meta = HeaderParser().parsestr(wheel.read(info + "METADATA").decode())
    assert meta["Name"] == "tui-models" and meta["Version"] == tui_models.__version__
    assert meta["License-Expression"] == "MIT" and meta["Requires-Python"] == ">=3.10"
    requires = meta.get_all("Requires-Dist")
    assert "rich>=14.2" in requires
    assert "tomli>=1.1; python_version < \"3.11\"" in requires
    assert "async-timeout>=4.0; python_version < \"3.11\"" in requires
    assert {"test", "sdk"} <= set(meta.get_all("Provides-Extra"))
    classifiers = set(meta.get_all("Classifier"))
    assert {"Operating System :: POSIX", "Environment :: Console",
            "Programming Language :: Python :: 3.10"} <= classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # the SPDX field says it
    assert "tui-models = tui_models.cli:console" in wheel.read(info + "entry_points.txt").decode()

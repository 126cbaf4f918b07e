"""`tui_models.compat`: the 3.11 names behave alike on every supported Python."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from tui_models import compat


def test_utc_is_the_utc_timezone():
    assert compat.UTC is timezone.utc
    assert datetime.fromtimestamp(0, compat.UTC).isoformat() == "1970-01-01T00:00:00+00:00"


def test_tomllib_parses_and_rejects_toml():
    assert compat.tomllib.loads('[profiles.a]\nbase_url = "https://x"\n') == \
        {"profiles": {"a": {"base_url": "https://x"}}}
    with pytest.raises(compat.tomllib.TOMLDecodeError):
        compat.tomllib.loads("a = ")


async def test_timeout_cancels_the_block_with_a_timeout_error():
    never = asyncio.Event()
    with pytest.raises((TimeoutError, asyncio.TimeoutError)):
        async with compat.timeout(0.01):
            await never.wait()
    async with compat.timeout(5):  # a block that ends in time is left alone
        assert not never.is_set()


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'tomlkit'"):
        compat.tomlkit  # noqa: B018


@pytest.mark.e2e
def test_importing_compat_loads_no_toml_parser():
    """Start-up without a config file stays light: the parser comes with the first file."""
    code = ("import sys, tui_models.compat, tui_models.fields\n"
            "print(sorted({'tomllib', 'tomli'} & set(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr


@pytest.mark.parametrize("expires", ["2027-01-31T00:00:00Z", "2027-01-31T00:00:00+00:00"])
def test_a_litellm_expiry_in_z_form_is_read_on_310_too(expires):
    """3.10's `datetime.fromisoformat` refuses the `Z` suffix that 3.11 reads."""
    from tui_models.relay import litellm

    info = litellm.parse({"data": []}, {"info": {"expires": expires}}, set(), None)
    assert info.expires_at == 1801353600.0

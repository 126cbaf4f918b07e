"""The official SDKs' `models.list()` against the demo see exactly the ids tui-models shows.

The SDKs are not dependencies of tui-models; the `sdk` extra installs them
(`pip install -e '.[sdk]'`). With every distribution of that extra installed (as `.ci/run`
does), each SDK is imported outright, so a missing or broken one fails its tests. Without
them (the README's test command), each test skips when its SDK cannot be imported.
"""

from __future__ import annotations

import importlib
import re
from importlib import metadata
from types import ModuleType

import pytest

from tui_models.demo import DemoGateway

from .helpers import fetch_demo

pytestmark = pytest.mark.e2e  # real servers, terminals or processes


def sdk_extra_installed() -> bool:
    """True when tui-models is installed and every distribution its `sdk` extra names is."""
    try:
        requires = metadata.requires("tui-models") or []
    except metadata.PackageNotFoundError:
        return False
    names = [re.match(r"[A-Za-z0-9._-]+", r).group(0) for r in requires
             if re.search(r"""extra\s*==\s*["']sdk["']""", r)]
    try:
        return bool(names) and all(metadata.distribution(n) for n in names)
    except metadata.PackageNotFoundError:
        return False


SDK_EXTRA = sdk_extra_installed()


def import_sdk(name: str) -> ModuleType:
    """The module `name`: imported outright when the `sdk` extra is installed (an ImportError
    fails the test), else `pytest.importorskip`."""
    return importlib.import_module(name) if SDK_EXTRA else pytest.importorskip(name)


@pytest.fixture(params=["memorylake", "one-hub", "new-api"])
def flavored(request):
    with DemoGateway(flavor=request.param) as gw:
        yield gw, request.param


def ours(gateway: DemoGateway, protocol: str, preset: str) -> list[str]:
    result = fetch_demo(gateway, preset=preset)[protocol]
    assert result.error is None, result.error
    return sorted(m.id for m in result.models)


def preset_of(flavor: str) -> str:
    from tui_models.demo.flavors import preset_of

    return preset_of(flavor)


@pytest.mark.parametrize(("flavor", "sdk", "base"), [
    ("openai", "openai", "/v1"), ("litellm", "openai", "/v1"), ("anthropic", "anthropic", ""),
    ("gemini", "google.genai", ""),
])
def test_each_sdk_against_its_own_api_sees_our_ids(flavor, sdk, base):
    """The official APIs (and LiteLLM) as the SDKs call them, with no header given by hand."""
    module = import_sdk(sdk)
    with DemoGateway(flavor=flavor) as gateway:
        url = gateway.url + base
        if sdk == "openai":
            seen = [m.id for m in module.OpenAI(base_url=url, api_key="demo-key",
                                                max_retries=0).models.list()]
            protocol = "openai"
        elif sdk == "anthropic":
            seen = [m.id for m in module.Anthropic(base_url=url, api_key="demo-key",
                                                   max_retries=0).models.list(limit=5)]
            protocol = "claude"
        else:
            types = import_sdk("google.genai.types")
            client = module.Client(api_key="demo-key", http_options=types.HttpOptions(
                base_url=url, api_version="v1beta"))
            seen = [m.name.removeprefix("models/") for m in client.models.list()]
            protocol = "gemini"
        assert sorted(seen) == ours(gateway, protocol, preset_of(flavor)) and seen


def test_openai_sdk_sees_our_openai_ids(flavored):
    openai = import_sdk("openai")
    gateway, flavor = flavored
    client = openai.OpenAI(base_url=gateway.url + "/v1", api_key="demo-key", max_retries=0)
    assert sorted(m.id for m in client.models.list()) == \
        ours(gateway, "openai", preset_of(flavor))


def test_anthropic_sdk_sees_our_claude_ids_across_pages(flavored):
    anthropic = import_sdk("anthropic")
    gateway, flavor = flavored
    base = gateway.url if flavor == "new-api" else gateway.url + "/claude"
    # one-hub reads the key from x-api-key on its Claude routes, and new-api tells a Claude
    # list request by x-api-key + anthropic-version; newer SDKs send the key as Bearer, so
    # the header is given explicitly (as a user of those relays must).
    client = anthropic.Anthropic(base_url=base, api_key="demo-key", max_retries=0,
                                 default_headers={"x-api-key": "demo-key"})
    # The demo serves Claude 5 to a page: the SDK follows `last_id` as we do.
    seen = sorted(m.id for m in client.models.list(limit=5))
    assert seen == ours(gateway, "claude", preset_of(flavor))


def test_a_bearer_only_claude_request_is_refused_where_one_hub_refuses_it():
    anthropic = import_sdk("anthropic")
    with DemoGateway(flavor="one-hub") as gateway:
        client = anthropic.Anthropic(base_url=gateway.url + "/claude", api_key="demo-key",
                                     max_retries=0)
        try:
            listed = [m.id for m in client.models.list()]
        except anthropic.AuthenticationError:
            listed = None
        sent = gateway.requests[-1][1]
        if "x-api-key" in sent:  # an SDK that sends x-api-key is let in, as by one-hub
            assert listed is not None and listed
        else:
            assert listed is None


def test_google_genai_sdk_sees_our_gemini_ids(flavored):
    genai = import_sdk("google.genai")
    types = import_sdk("google.genai.types")
    gateway, flavor = flavored
    base = gateway.url if flavor == "new-api" else gateway.url + "/gemini"
    client = genai.Client(api_key="demo-key", http_options=types.HttpOptions(
        base_url=base, api_version="v1beta"))
    seen = sorted(m.name.removeprefix("models/") for m in client.models.list())
    assert seen == ours(gateway, "gemini", preset_of(flavor))

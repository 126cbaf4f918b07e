"""What httpx and ssl read from the environment, and config mistakes that used to surface
as "unexpected …": each is one sentence naming the variable, exit 2 (issue 26)."""

from __future__ import annotations

import dataclasses

import pytest

from tui_models.cli.demo import demo_profile
from tui_models.config import ConfigError, Overrides, load
from tui_models.demo import DemoGateway

from .helpers import fetch, run_cli


@pytest.mark.parametrize(("name", "value", "reason"), [
    ("HTTPS_PROXY", "ftp://user:hunter2@proxy.example:21", "ftp:// proxies are not supported"),
    ("HTTP_PROXY", "http://[::1", "not a valid proxy URL"),
    ("ALL_PROXY", "proxy.example:port", "not a valid proxy URL"),
    ("https_proxy", "http://", "names no proxy host"),
    ("HTTPS_PROXY", "http://prox├y.example:3128", "not a valid proxy URL"),
    ("HTTP_PROXY", "http://proxy.example:99999", "not a valid proxy URL"),
    ("HTTPS_PROXY", "http://proxy example", "spaces"),
    ("NO_PROXY", "localhost,[::1", "holds a host httpx cannot use"),
])
def test_a_bad_proxy_variable_is_one_sentence_naming_it(capsys, monkeypatch, name, value,
                                                        reason):
    monkeypatch.setenv(name, value)
    code, out, err = run_cli(capsys, "list", "--demo", "--format", "ids")
    assert code == 2 and not out
    assert err.count("\n") == 1 and err.startswith(f"tui-models: {name} ") and reason in err
    assert "hunter2" not in err and "unexpected" not in err


def test_good_proxy_variables_pass_and_a_socks_proxy_needs_its_extra():
    import importlib.util

    from tui_models.session import check_proxies

    check_proxies({"HTTPS_PROXY": "http://u:p@127.0.0.1:3128", "http_proxy": "proxy:8080",
                   "NO_PROXY": "127.0.0.1,localhost,.example.com,::1,10.0.0.0/8"})
    if importlib.util.find_spec("socksio") is None:
        with pytest.raises(ConfigError, match=r"ALL_PROXY is a SOCKS proxy"):
            check_proxies({"all_proxy": "socks5://127.0.0.1:1080"})


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("SSL_CERT_FILE", None, "/dev/null is not a file"),
    ("SSL_CERT_FILE", "not a certificate\n", "holds no usable certificate"),
    # the config reads the file's head only; the client, loading it whole, says the same
    ("SSL_CERT_FILE", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n"
                      "-----END CERTIFICATE-----\n", "holds no usable certificate"),
    ("SSL_CERT_DIR", "missing", "SSL_CERT_DIR is not a directory"),
])
def test_a_ca_variable_that_cannot_work_is_one_sentence(capsys, monkeypatch, tmp_path, name,
                                                        content, reason):
    value = "/dev/null"
    if content == "missing":  # read only when SSL_CERT_FILE is not set, as httpx does
        value = str(tmp_path / "no-such-dir")
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    elif content is not None:
        (tmp_path / "junk.pem").write_text(content)
        value = str(tmp_path / "junk.pem")
    monkeypatch.setenv(name, value)
    code, _, err = run_cli(capsys, "list", "--demo")
    assert code == 2 and err.count("\n") == 1 and name in err and reason in err


def _tls_gateway(tmp_path):
    import ssl

    import trustme

    authority = trustme.CA()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(tls)
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    return DemoGateway(tls=tls), bundle


def test_sslkeylogfile_is_ignored_unless_the_user_opts_in(tmp_path, monkeypatch):
    keylog = tmp_path / "keys.log"
    gateway, bundle = _tls_gateway(tmp_path)  # before: the server's own context would log
    monkeypatch.setenv("SSLKEYLOGFILE", str(keylog))
    with gateway as gw:
        profile = dataclasses.replace(demo_profile(gw, timeout=5), verify=str(bundle))
        assert fetch(profile, ["openai"])["openai"].error is None
        assert not keylog.exists()  # no log of the session keys, not even an empty file
        monkeypatch.setenv("TUI_MODELS_ALLOW_SSLKEYLOGFILE", "1")
        assert fetch(profile, ["openai"])["openai"].error is None
    assert "CLIENT_" in keylog.read_text()  # opted in: Wireshark can read it


def test_the_default_verification_still_honours_ssl_cert_file(tmp_path, monkeypatch):
    gateway, bundle = _tls_gateway(tmp_path)
    with gateway as gw:
        profile = demo_profile(gw, timeout=5)  # verify = true
        assert fetch(profile, ["openai"], retries=0)["openai"].error is not None
        monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
        assert fetch(profile, ["openai"])["openai"].error is None


def test_toml_nested_too_deeply_is_one_sentence(capsys, tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * 2000 + "]" * 2000 + "\n")
    code, _, err = run_cli(capsys, "list", "--config", str(path))
    assert code == 2 and err.count("\n") == 1
    assert f"config file {path} is not valid TOML" in err and "nested too deeply" in err


def test_a_base_url_host_that_is_no_domain_name_is_one_sentence(capsys, monkeypatch):
    monkeypatch.setenv("MEMORYLAKE_API_KEY", "sk-test-0001")
    code, _, err = run_cli(capsys, "list", "--base-url", "https://ex├mple.com")
    assert code == 2 and err.count("\n") == 1
    assert "base URL has a host name that is not a valid international domain name" in err
    with pytest.raises(ConfigError, match="not a valid international domain name"):
        load(Overrides(base_url="https://ＡＢＣ.example"))
    # an international domain name is fine: httpx sends it as punycode
    assert load(Overrides(base_url="https://bücher.example")).profile.base_url == \
        "https://bücher.example"

"""Private addresses are refused unless the user opts in (sources/network.py).

The test session opts in (tests/conftest.py sets REALPOLITIK_ALLOW_PRIVATE=1 for the local
servers); these tests remove the opt-in and show that the same real server on 127.0.0.1 is
never reached: every refusal happens before a request is sent.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from html import escape
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.records import Article
from realpolitik.settings import Settings
from realpolitik.sources import Failure, SourceError, network, read_input
from realpolitik.watch.feeds import Fetcher, Validators
from realpolitik.watch.stop import StopFlag
from tests.local_server import QuietServer
from tests.sources.test_web import PARAGRAPHS, article_page, only_article, only_failure, rss

METADATA = "http://169.254.169.254/latest/meta-data/"  # the cloud's credentials endpoint
OPT_IN = "pass --allow-private-addresses or set REALPOLITIK_ALLOW_PRIVATE=1"


@pytest.fixture
def guarded(monkeypatch) -> Settings:
    """Settings as a user gets them: without the test session's opt-in."""
    monkeypatch.delenv("REALPOLITIK_ALLOW_PRIVATE")
    settings = Settings().with_(timeout=2.0)
    assert not settings.allow_private
    return settings


@pytest.fixture
def loopback_is_public(monkeypatch):
    """127.0.0.1 counts as public, so that the local server can play a public site whose
    redirects and links lead to private addresses (the rest of the classification is real
    and tested on its own below)."""
    real = network.address_kind
    monkeypatch.setattr(network, "address_kind", lambda a: None if a == "127.0.0.1" else real(a))


def read(name: str, settings: Settings) -> list[Article | Failure]:
    return list(read_input(name, settings))


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.0.9", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6
        ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 around 169.254.169.254
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.254", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("fec0::1", "site-local"),
        ("100.64.0.1", "shared (carrier-grade NAT)"),
        ("0.0.0.0", "unspecified (this host)"),
        ("::", "unspecified (this host)"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.1", "private"),  # documentation range
    ],
)
def test_addresses_that_are_not_public(address, kind):
    assert network.address_kind(address) == kind


@pytest.mark.parametrize(
    "address", ["93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"]
)
def test_public_addresses(address):
    assert network.address_kind(address) is None


def test_loopback_page_is_refused_before_any_request(site, guarded):
    url = site.page("/story", article_page("Internal story"))
    failure = only_failure(read(url, guarded))
    assert failure.input == url
    assert failure.reason == (
        f"refused: {url} resolves to 127.0.0.1, a loopback address; {OPT_IN} "
        "to fetch from private networks"
    )
    assert site.hits["/story"] == 0


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "2130706433",  # 127.0.0.1 as one decimal number
        "0x7f.1",  # hexadecimal, short form
        "[::ffff:127.0.0.1]",
        "127.1",
    ],
)
def test_other_spellings_of_loopback_are_refused(site, guarded, host):
    site.page("/story", article_page("Internal story"))
    port = site.base.rsplit(":", 1)[1]
    url = f"http://{host}:{port}/story"
    failure = only_failure(read(url, guarded))
    assert failure.reason.startswith(f"refused: {url} resolves to ")
    assert "a loopback address" in failure.reason
    assert site.hits["/story"] == 0


def test_an_octal_address_is_not_fetched(site, guarded):
    # httpx refuses 0177.0.0.1 (leading zeros) as an invalid address before any look-up.
    site.page("/story", article_page("Internal story"))
    url = site.base.replace("127.0.0.1", "0177.0.0.1") + "/story"
    assert only_failure(read(url, guarded)).reason.startswith("not a valid http(s) URL")
    assert site.hits["/story"] == 0


@pytest.mark.parametrize("url", [METADATA, "http://0.0.0.0:9/", "http://10.0.0.1:9/"])
def test_metadata_and_private_hosts_are_refused_without_connecting(guarded, url):
    # Not even a connection attempt: unrefused, these would time out or be refused by the OS.
    failure = only_failure(read(url, guarded))
    assert failure.reason.startswith(f"refused: {url} resolves to ")


def test_the_opt_in_fetches_from_private_addresses(site, monkeypatch):
    url = site.page("/story", article_page("Internal story"))
    monkeypatch.setenv("REALPOLITIK_ALLOW_PRIVATE", "1")
    assert only_article(read(url, Settings())).title == "Internal story"
    monkeypatch.delenv("REALPOLITIK_ALLOW_PRIVATE")
    assert "refused" in only_failure(read(url, Settings())).reason
    assert only_article(read(url, Settings().with_(allow_private=True))).title == "Internal story"
    assert site.hits["/story"] == 2


def test_redirect_to_a_private_address_is_refused_at_that_hop(site, guarded, loopback_is_public):
    start = site.redirect("/moved", METADATA)
    failure = only_failure(read(start, guarded))
    assert failure.input == start
    assert failure.reason.startswith(
        f"refused: redirected to {METADATA}, which resolves to 169.254.169.254, "
        "a link-local address; " + OPT_IN
    )


def test_second_redirect_to_loopback_by_name_is_refused(site, guarded, loopback_is_public):
    port = site.base.rsplit(":", 1)[1]
    site.page("/admin", "secret", "text/plain")
    site.redirect("/hop2", f"http://[::1]:{port}/admin")
    start = site.redirect("/hop1", "/hop2")
    failure = only_failure(read(start, guarded))
    assert (
        "redirected to http://[::1]:" in failure.reason and "a loopback address" in failure.reason
    )
    assert site.hits["/hop1"] == site.hits["/hop2"] == 1
    assert site.hits["/admin"] == 0


@pytest.mark.parametrize(
    "location",
    ["file:///etc/passwd", "ftp://example.org/story.txt", "gopher://127.0.0.1:6379/_INFO"],
)
def test_redirect_to_another_scheme_is_refused_by_name(site, location):
    start = site.redirect("/elsewhere", location)
    failure = only_failure(read(start, Settings().with_(timeout=2.0)))
    assert failure.input == start
    assert failure.reason == f"refused: redirected to {location}, not an http(s) URL"


def test_redirect_to_a_url_with_credentials_is_refused(site):
    site.page("/private", article_page("Behind a login"))
    start = site.redirect("/login", site.url("/private").replace("//", "//admin:hunter2@"))
    failure = only_failure(read(start, Settings().with_(timeout=2.0)))
    assert failure.reason == (
        f"refused: redirected to {site.url('/private')} with a user name and password"
    )
    assert "hunter2" not in failure.reason
    assert site.hits["/private"] == 0


def test_feed_file_items_pointing_at_private_addresses(site, guarded, tmp_path):
    full = "".join(f"<p>{escape(p)}</p>" for p in PARAGRAPHS)
    feed = rss(
        "Saved Feed",
        [
            {"title": "Loopback", "link": site.url("/story")},
            {"title": "Metadata", "link": METADATA},
            {"title": "Metadata, with text", "link": METADATA + "iam", "description": full},
            {"title": "A local file", "link": "file:///etc/passwd"},
        ],
    )
    site.page("/story", article_page("Internal story"))
    path = tmp_path / "saved.rss"
    path.write_text(feed, encoding="utf-8")
    loopback, metadata, fallback, local_file = read(str(path), guarded)
    assert isinstance(loopback, Failure) and loopback.input == site.url("/story")
    assert "resolves to 127.0.0.1, a loopback address" in loopback.reason
    assert str(path) in loopback.reason  # "(item 1 of feed ...)"
    assert isinstance(metadata, Failure) and metadata.input == METADATA
    assert "resolves to 169.254.169.254, a link-local address" in metadata.reason
    # The entry's own text stands in for the refused page, and says why.
    assert isinstance(fallback, Article) and fallback.text.split("\n\n") == PARAGRAPHS
    assert "refused" in fallback.extra["warnings"][0]
    assert isinstance(local_file, Failure)
    # (feedparser itself writes file:///etc/passwd as file://etc/passwd)
    assert local_file.reason.startswith("refused: the entry's link 'file://")
    assert "is not an http(s) URL" in local_file.reason
    assert site.hits["/story"] == 0


def test_feed_url_items_pointing_at_private_addresses(site, guarded, loopback_is_public):
    site.page("/public-story", article_page("Public story"))
    items = [{"link": "/public-story"}, {"link": METADATA}, {"link": "http://[fe80::1]:9/x"}]
    url = site.page("/feed.rss", rss("Mixed", items), "application/rss+xml")
    story, metadata, link_local = read(url, guarded)
    assert isinstance(story, Article) and story.title == "Public story"
    assert isinstance(metadata, Failure) and "a link-local address" in metadata.reason
    assert isinstance(link_local, Failure) and "a link-local address" in link_local.reason


def test_watch_refuses_a_private_feed_and_robots_txt(site, guarded):
    url = site.page("/feed.rss", rss("Internal", [{"link": "/story"}]), "application/rss+xml")
    fetcher = Fetcher(guarded, delay=0.0, stop=StopFlag())
    try:
        with pytest.raises(SourceError) as info:
            fetcher.feed(url, Validators())
        assert info.value.input == url and "a loopback address" in info.value.reason
        with pytest.raises(SourceError) as info:
            fetcher.robots.check(site.url("/story"))
        assert "robots.txt could not be read: refused" in info.value.reason
    finally:
        fetcher.close()
    assert sum(site.hits.values()) == 0


runner = CliRunner()


def test_cli_refuses_and_the_flag_opts_in(site, guarded):
    url = site.page("/story", article_page("Internal story"))
    refused = runner.invoke(app, ["extract", url])
    assert refused.exit_code == 1
    assert "resolves to 127.0.0.1, a loopback address" in refused.stderr
    assert "--allow-private-addresses" in refused.stderr
    assert site.hits["/story"] == 0
    allowed = runner.invoke(app, ["extract", "--allow-private-addresses", url])
    assert allowed.exit_code == 0, allowed.stderr
    assert "Internal story" in allowed.stdout
    assert site.hits["/story"] == 1


# --- TLS: the connection goes to the checked address, the certificate is checked by name ---


class _StoryHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        page = article_page("Story over TLS").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def tls_port(tmp_path: Path, monkeypatch) -> Iterator[int]:
    """An HTTPS server on 127.0.0.1 with a certificate for "localhost" that we trust."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost"],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # read when the TLS context is made
    network.tls_context.cache_clear()
    server = QuietServer(("127.0.0.1", 0), _StoryHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        network.tls_context.cache_clear()


def test_https_connects_to_the_checked_address_and_verifies_the_name(tls_port, monkeypatch):
    monkeypatch.delenv("REALPOLITIK_ALLOW_PRIVATE")
    real = network.address_kind
    monkeypatch.setattr(  # loopback plays a public site here
        network, "address_kind", lambda a: None if real(a) == "loopback" else real(a)
    )
    settings = Settings().with_(timeout=2.0)
    article = only_article(read(f"https://localhost:{tls_port}/story", settings))
    assert article.title == "Story over TLS"
    # The socket went to 127.0.0.1, but the certificate is still checked for the name asked.
    failure = only_failure(read(f"https://127.0.0.1:{tls_port}/story", settings))
    assert "certificate" in failure.reason


def test_watch_cli_refuses_and_the_flag_opts_in(site, guarded, tmp_path):
    full = "".join(f"<p>{escape(p)}</p>" for p in PARAGRAPHS)
    feed = rss("Internal", [{"title": "Inline story", "description": full, "guid": "urn:x:1"}])
    url = site.page("/feed.rss", feed, "application/rss+xml")
    store = str(tmp_path / "watch.duckdb")
    args = ["watch", url, "--store", store, "--once", "--delay", "0"]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1
    assert "resolves to 127.0.0.1, a loopback address" in refused.output
    assert site.hits["/feed.rss"] == 0
    allowed = runner.invoke(app, [*args, "--allow-private-addresses"])
    assert allowed.exit_code == 0, allowed.output
    assert f"poll {url} 200 items=1 new=1 stored=1" in allowed.output

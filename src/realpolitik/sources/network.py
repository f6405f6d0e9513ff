"""The connection layer under every download: public addresses only, and a total deadline.

`new_transport` gives httpx a transport whose connections are made by `GuardedBackend`:

- Address guard. The host name is resolved once (`socket.getaddrinfo`, so every form the
  OS accepts counts: `2130706433`, `0x7f.1`, `::ffff:127.0.0.1`); every address it resolves
  to must be public, else `PrivateAddress` is raised before any byte is sent; and the socket
  is then connected to one of those checked addresses, never to the name, so a DNS answer
  that changes between the check and the connection (DNS rebinding) cannot get through.
  TLS still verifies the certificate for the host name (httpcore passes it as SNI). The
  check covers direct connections: with a proxy from the environment (HTTP(S)_PROXY,
  ALL_PROXY, minus NO_PROXY, as httpx reads them) the proxy makes the connection, and
  the proxy's own address is not checked (it is usually on the private network on purpose).
  `allow_private` (Settings.allow_private) turns the guard off.
- Deadline. httpx's timeouts are per read, so a server that trickles one byte a second keeps
  a request alive as long as it likes. Inside `deadline(seconds)` every connect, read and
  write of the backend's streams is cut to the time left, so the whole exchange (status
  line, headers, body, every redirect hop) ends by then with a timeout. Proxied requests
  get the per-read timeouts only (the caller also checks the clock between body chunks).
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import httpcore
import httpx

E = TypeVar("E", bound=BaseException)

# When the request in progress must be complete (time.monotonic()), or None: no deadline.
_DEADLINE: ContextVar[float | None] = ContextVar("realpolitik_fetch_deadline", default=None)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # IPv6 addresses that carry an IPv4 one
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)


class PrivateAddress(httpcore.ConnectError):
    """A host that resolves to an address that is not public: nothing was sent to it.

    httpx maps it to an `httpx.ConnectError` whose `__cause__` is this exception."""

    def __init__(self, host: str, address: str, kind: str) -> None:
        super().__init__(f"{host} resolves to {address}, a {kind} address")
        self.host = host
        self.address = address
        self.kind = kind


def address_kind(address: str) -> str | None:
    """Why `address` is not public ("loopback", "private", ...), or None if it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone (`%eth0`) is no part
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return address_kind(str(embedded))
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "site-local"  # fec0::/10, deprecated but still routed inside some networks
    if ip.is_unspecified:
        return "unspecified (this host)"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED:
        return "shared (carrier-grade NAT)"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        return "non-public"
    return None


def public_addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, each checked: PrivateAddress names the first one
    that is not public (all must be: any of them may be the one connected to)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise httpcore.ConnectError(f"getaddrinfo: {exc}") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        kind = address_kind(address)
        if kind is not None:
            raise PrivateAddress(host, address, kind)
    return addresses


@contextmanager
def deadline(seconds: float) -> Iterator[float]:
    """Within the block, every network operation of a `GuardedBackend` stream ends by
    `seconds` from now (it times out then); yields that moment (time.monotonic())."""
    until = time.monotonic() + seconds
    token = _DEADLINE.set(until)
    try:
        yield until
    finally:
        _DEADLINE.reset(token)


class Deadline(Exception):
    """Marks the timeouts of `deadline`: the whole response took too long, not one read."""


class ReadDeadline(Deadline, httpcore.ReadTimeout):
    pass


class WriteDeadline(Deadline, httpcore.WriteTimeout):
    pass


class ConnectDeadline(Deadline, httpcore.ConnectTimeout):
    pass


def cause_of(exc: BaseException, kind: type[E]) -> E | None:
    """The first exception of type `kind` among `exc` and its causes (httpx wraps
    httpcore's errors, which wrap ours)."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, kind):
            return cause
        cause = cause.__cause__ or cause.__context__
    return None


def past_deadline(exc: BaseException) -> bool:
    """Whether `exc` (an httpx timeout) came from the deadline rather than a slow read."""
    return cause_of(exc, Deadline) is not None


@contextmanager
def _within_deadline(timeout: float | None, error: type[Deadline]) -> Iterator[float | None]:
    """`timeout` cut to the time left before the deadline in force; a timeout then is the
    deadline's (`error`), and so is an operation started after it."""
    until = _DEADLINE.get()
    if until is None:
        yield timeout
        return
    left = until - time.monotonic()
    if left <= 0:
        raise error("no complete response by the deadline")
    if timeout is not None and timeout < left:
        yield timeout  # the operation's own timeout comes first
        return
    try:
        yield left
    except (httpcore.ReadTimeout, httpcore.WriteTimeout, httpcore.ConnectTimeout) as exc:
        if isinstance(exc, Deadline):
            raise
        raise error("no complete response by the deadline") from exc


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the deadline in force (if any)."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        with _within_deadline(timeout, ReadDeadline) as limit:
            return self._stream.read(max_bytes, limit)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        with _within_deadline(timeout, WriteDeadline) as limit:
            self._stream.write(buffer, limit)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        with _within_deadline(timeout, ConnectDeadline) as limit:
            return DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, limit))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """TCP connections to public addresses only (unless `allow_private`), within the deadline."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        # Checked addresses are connected to by number (no second look-up); allowed
        # names are left to socket.create_connection, as httpcore does.
        addresses = [host] if self.allow_private else public_addresses(host, port)
        failure: Exception | None = None
        for address in addresses:  # like socket.create_connection: the first that answers
            try:
                with _within_deadline(timeout, ConnectDeadline) as limit:
                    stream = super().connect_tcp(
                        address, port, limit, local_address, socket_options
                    )
            except Deadline:
                raise
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return DeadlineStream(stream)
        assert failure is not None  # getaddrinfo gives at least one address, or raises
        raise failure


def new_transport(allow_private: bool) -> httpx.HTTPTransport:
    """An httpx transport whose connections go through a `GuardedBackend`.

    httpx 0.28 takes no network backend, so the transport's connection pool is replaced by
    one built the same way with ours (httpx is pinned in pyproject.toml; the check below
    fails loudly if a new version stores its pool elsewhere)."""
    transport = httpx.HTTPTransport(verify=tls_context())
    if not isinstance(getattr(transport, "_pool", None), httpcore.ConnectionPool):
        raise RuntimeError("httpx.HTTPTransport no longer keeps its pool in ._pool")
    transport._pool = httpcore.ConnectionPool(
        ssl_context=tls_context(),
        max_connections=100,  # httpx's default limits
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=GuardedBackend(allow_private),
    )
    return transport


def environment_proxies() -> dict[str, httpx.BaseTransport | None]:
    """The proxies of the environment as httpx mounts, read as httpx reads them (a client
    given its own transport ignores them otherwise); None: the client's own transport."""
    from httpx._utils import get_environment_proxies

    return {
        pattern: None if proxy is None else httpx.HTTPTransport(verify=tls_context(), proxy=proxy)
        for pattern, proxy in get_environment_proxies().items()
    }


@functools.cache
def tls_context() -> ssl.SSLContext:
    """httpx's default TLS context (certifi's CAs, SSL_CERT_FILE), made once per process:
    making one costs a tenth of a second, and a run makes a client per URL."""
    return httpx.create_ssl_context()

"""The one way bridge fetches a page: http and https only, a size cap read in a stream,
timeouts on every step and on the whole, redirects followed by hand so each hop is checked,
loops caught, and (for the web app) no private, loopback or link-local address.

The address check sits where the connection is made: the host is resolved once, every
address it resolves to is checked, and the connection goes to a checked address, so a name
that resolves differently a moment later cannot slip past it.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from bridge.errors import BridgeError

USER_AGENT = "bridge/0.1 (a curated catalogue against online child sexual exploitation)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)
FailureKind = Literal[
    "status", "timeout", "dns", "connect", "too-large", "redirects", "loop", "protocol"
]


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """What a fetch may do: reach private addresses (the CLI may, for tests and intranets;
    the web app may not), how long each step may take, how much to read, how far to go."""

    allow_private: bool = False
    timeout: float = 10.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5


class FetchRefused(BridgeError):
    """The address is not one bridge fetches: not http or https, or not a public host."""


class FetchFailed(BridgeError):
    """The fetch was tried and did not succeed: no answer in time, no such host, too big."""

    def __init__(self, kind: FailureKind, message: str) -> None:
        self.kind = kind
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Hop:
    """One redirect on the way: the address that answered and its status."""

    url: str
    status: int


@dataclass(frozen=True, slots=True)
class Fetched:
    """The last answer of a fetch and the redirects that led to it."""

    url: str  # the address asked for
    final_url: str
    status: int
    reason: str
    content_type: str
    body: bytes
    redirects: tuple[Hop, ...]

    @property
    def moved_permanently(self) -> bool:
        """Whether the first redirect says the page has a new address for good."""
        return bool(self.redirects) and self.redirects[0].status in PERMANENT


def checked_url(url: str) -> str:
    """The URL when it is one bridge may fetch (http or https with a host), else
    `FetchRefused` saying why."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"{parts.scheme}:" if parts.scheme else "no scheme"
        raise FetchRefused(f"only http and https addresses are fetched, not {shown} ({url!r})")
    if not parts.hostname:
        raise FetchRefused(f"{url!r} names no host")
    return url.strip()


def fetch(url: str, *, policy: FetchPolicy, method: str = "GET", read_body: bool = True) -> Fetched:
    """Ask for `url`, following up to `policy.max_redirects` redirects, each checked; the
    body is read up to `policy.max_bytes` unless `read_body` is false (a link check).

    An answer with an error status is returned, not raised; `FetchRefused` and
    `FetchFailed` say what kept the fetch from an answer."""
    deadline = time.monotonic() + 3 * policy.timeout
    current, seen = checked_url(url), {checked_url(url)}
    hops: list[Hop] = []
    with _client(policy) as client:
        while True:
            answer = _ask(client, method, current, policy, deadline, read_body=read_body)
            if isinstance(answer, Fetched):
                return Fetched(url, current, *_fields(answer), tuple(hops))
            status, location = answer
            hops.append(Hop(current, status))
            following = checked_url(urljoin(current, location))
            if following in seen:
                trail = " -> ".join([*(h.url for h in hops), following])
                raise FetchFailed("loop", f"redirect loop: {trail}")
            if len(hops) > policy.max_redirects:
                raise FetchFailed(
                    "redirects", f"more than {policy.max_redirects} redirects from {url}"
                )
            seen.add(following)
            current = following
            method = "GET" if status == 303 else method


def _fields(answer: Fetched) -> tuple[int, str, str, bytes]:
    return answer.status, answer.reason, answer.content_type, answer.body


def _ask(
    client: httpx.Client,
    method: str,
    url: str,
    policy: FetchPolicy,
    deadline: float,
    *,
    read_body: bool,
) -> Fetched | tuple[int, str]:
    """One request: the answer, or a redirect's (status, location)."""
    if time.monotonic() > deadline:
        raise FetchFailed("timeout", f"no complete answer within {3 * policy.timeout:g} s")
    try:
        with client.stream(method, url) as response:
            location = response.headers.get("location")
            if response.status_code in REDIRECTS and location:
                return response.status_code, location
            body = _body(response, policy, deadline) if read_body else b""
            return Fetched(
                url,
                url,
                response.status_code,
                response.reason_phrase,
                response.headers.get("content-type", ""),
                body,
                (),
            )
    except httpx.TimeoutException as error:
        raise FetchFailed("timeout", f"no answer within {policy.timeout:g} s") from error
    except httpx.ConnectError as error:
        raise FetchFailed("connect", f"cannot connect to {_host(url)}: {error}") from error
    except httpx.InvalidURL as error:
        raise FetchRefused(f"{url!r} is not a valid address: {error}") from error
    except (httpx.HTTPError, httpx.StreamError) as error:
        raise FetchFailed("protocol", f"{_host(url)} gave a broken answer: {error}") from error


def _body(response: httpx.Response, policy: FetchPolicy, deadline: float) -> bytes:
    """The body, read in a stream and refused as soon as it passes the cap or the deadline."""
    too_large = FetchFailed("too-large", f"the page is larger than {policy.max_bytes:,} bytes")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise too_large
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > policy.max_bytes:
            raise too_large
        if time.monotonic() > deadline:
            raise FetchFailed("timeout", f"the page took more than {3 * policy.timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _client(policy: FetchPolicy) -> httpx.Client:
    return httpx.Client(
        transport=_GuardedTransport(allow_private=policy.allow_private),
        timeout=httpx.Timeout(policy.timeout),
        follow_redirects=False,
        trust_env=False,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
        },
    )


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet: not private, loopback, link-local,
    multicast, reserved or unspecified (an IPv4 address inside IPv6 is judged as itself)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    special = (
        ip.is_private,
        ip.is_loopback,
        ip.is_link_local,
        ip.is_multicast,
        ip.is_reserved,
        ip.is_unspecified,
    )
    return ip.is_global and not any(special)


def resolve(host: str, port: int, *, timeout: float | None = None) -> tuple[str, ...]:
    """Every address `host` resolves to, or `FetchFailed`: kind "dns" when it does not
    resolve, "timeout" when the resolver gives no answer within `timeout` seconds (the
    system's resolver has no timeout of its own to give, so it runs in a thread of its own
    that is left to finish)."""
    found: list[tuple[str, ...] | BaseException] = []

    def lookup() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            found.append(tuple(dict.fromkeys(str(info[4][0]) for info in infos)))
        except (OSError, UnicodeError) as error:
            found.append(error)

    worker = threading.Thread(target=lookup, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(timeout)
    if not found:
        raise FetchFailed("timeout", f"the host name {host!r} did not resolve within {timeout:g} s")
    if isinstance(found[0], BaseException):
        raise FetchFailed("dns", f"the host name {host!r} does not resolve") from found[0]
    return found[0]


class _GuardedBackend(httpcore.SyncBackend):
    """Connections made only to addresses the policy allows, to the address checked."""

    def __init__(self, *, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = resolve(host, port, timeout=timeout)
        private = [a for a in addresses if not is_public(a)]
        if private and not self.allow_private:
            raise FetchRefused(
                f"{host} is a private, loopback or link-local address ({private[0]}); "
                "only public pages are fetched here"
            )
        failure: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as error:
                failure = error
        raise failure or httpcore.ConnectError(f"no address for {host}")


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One context with the system's certificates, made once (making one costs more than a
    request) and shared, as a context may be, by every fetch."""
    return httpx.create_ssl_context(trust_env=False)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with the guarded connections and no proxy from the environment."""

    def __init__(self, *, allow_private: bool) -> None:
        super().__init__(verify=_ssl_context(), trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(),
            max_connections=4,
            network_backend=_GuardedBackend(allow_private=allow_private),
        )

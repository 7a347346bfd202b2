"""Sending one Web Push message: check, encrypt, sign, POST, classify. No database here.

The worker decides *what* to send and records the outcome; this module only knows how to
hand one message to a push service (RFC 8030) and what the answer means:

- ``sent``:  the push service took it (200/201/202).
- ``retry``: try again later: 429 (honouring Retry-After), 5xx, a refused connection or
  no answer within ``timeout``.
- ``dead``:  the subscription is gone (404/410): delete it, never retry.
- ``error``: our request is wrong (413, other 4xx, a malformed subscription, an oversized
  payload): retrying the same thing would fail the same way.

Every message carries a Topic derived from its topic string, so a retry after an ambiguous
timeout replaces an undelivered copy at the push service instead of adding a second one.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import ipaddress
import json
import math
import os
import random
import socket
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit
from urllib.request import getproxies

import requests
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02, VapidException
from pywebpush import WebPusher, WebPushException
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util import Timeout

from strengthsapp.settings import get_settings

# Push services accept about 4 KB of encrypted body; aes128gcm adds 103 bytes. We stay well
# under so every service (and its proxies) takes the message whole.
MAX_PAYLOAD_BYTES = 3000
# RFC 8292 lets a VAPID token live up to 24 h; we sign a fresh one per call anyway.
VAPID_LIFETIME = 12 * 3600
URGENCIES = ("very-low", "low", "normal", "high")
TEST_HOSTS = {"127.0.0.1", "localhost"}
MAX_ENDPOINT_LENGTH = 2048
BACKOFF_BASE = 30.0
BACKOFF_CAP = 3600.0
RETRY_AFTER_CAP = 86400.0
SENT_STATUSES = {200, 201, 202}
DEAD_STATUSES = {404, 410}


@dataclass(frozen=True)
class Target:
    """One browser's subscription, as stored: endpoint plus its two base64url keys."""

    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True)
class Sent:
    outcome: str  # "sent" | "retry" | "dead" | "error"
    status: int | None
    retry_after: float | None
    detail: str


def valid_subscription(endpoint: str, p256dh: str, auth: str) -> str | None:
    """What is wrong with a browser's push subscription, in plain words, or None if it is usable."""
    if not all(isinstance(value, str) for value in (endpoint, p256dh, auth)):
        return "The subscription is incomplete: it needs an endpoint and the keys p256dh and auth."
    # Tests and benchmarks run a fake push service on this machine; in production the
    # worker must never be pointed at its own host.
    return _subscription_problem(endpoint, p256dh, auth, local_ok=not get_settings().is_production)


@lru_cache(maxsize=4096)
def _subscription_problem(endpoint: str, p256dh: str, auth: str, *, local_ok: bool) -> str | None:
    # Cached: the worker sends to the same few subscriptions over and over.
    problem = _endpoint_problem(endpoint, local_ok=local_ok)
    if problem:
        return problem
    key = _b64url_decode(p256dh)
    if key is None:
        return "The device's encryption key (p256dh) is not valid base64url text."
    if len(key) != 65 or key[0] != 4:
        return f"The device's encryption key (p256dh) must be a 65-byte P-256 public key; it is {len(key)} bytes."
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), key)
    except ValueError:
        return "The device's encryption key (p256dh) is not a point on the P-256 curve."
    secret = _b64url_decode(auth)
    if secret is None:
        return "The device's auth secret is not valid base64url text."
    if len(secret) != 16:
        return f"The device's auth secret must be 16 bytes; it is {len(secret)} bytes."
    return None


def send(
    target: Target,
    payload: dict,
    *,
    topic: str,
    ttl: int = 4 * 3600,
    urgency: str = "normal",
    timeout: float = 10.0,
    vapid_private_key: str | None = None,
    subject: str | None = None,
) -> Sent:
    """Send one encrypted message to one subscription and say what became of it.

    Never raises for network trouble and never waits much beyond ``timeout`` seconds once
    the push service's address is known (name lookup is the operating system's). Raises
    ValueError only for a caller's mistake (unknown urgency, negative ttl, no timeout).
    """
    if urgency not in URGENCIES:
        raise ValueError(f"urgency must be one of {', '.join(URGENCIES)}, not {urgency!r}")
    if ttl < 0:
        raise ValueError("ttl must be zero or more seconds")
    if not timeout > 0:
        raise ValueError("timeout must be a positive number of seconds")

    problem = valid_subscription(target.endpoint, target.p256dh, target.auth)
    if problem:
        return Sent("error", None, None, problem)
    try:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    except (TypeError, ValueError) as exc:
        return Sent("error", None, None, f"The message could not be written as JSON: {exc}")
    if len(body) > MAX_PAYLOAD_BYTES:
        return Sent(
            "error",
            None,
            None,
            f"The message is {len(body):,} bytes; push messages are capped at "
            f"{MAX_PAYLOAD_BYTES:,} bytes. Shorten the text.",
        )

    settings = None if vapid_private_key and subject else get_settings()
    private_key = vapid_private_key or (settings.vapid_private_key if settings else "")
    sub = subject or _default_subject(settings.public_url if settings else "")
    if not _subject_ok(sub):
        return Sent(
            "error", None, None, f"The VAPID subject must be a mailto: or https: address, not {sub!r}."
        )
    try:
        vapid = _vapid(private_key)
        # Fresh claims every call: a stored token would outlive its exp in a long-running worker.
        claims = {"sub": sub, "aud": _origin(target.endpoint), "exp": int(time.time()) + VAPID_LIFETIME}
        headers: dict[str, Any] = vapid.sign(claims)
    except (VapidException, ValueError, TypeError, binascii.Error) as exc:
        return Sent("error", None, None, f"The VAPID key or claims are not usable: {exc}")
    headers["Urgency"] = urgency
    headers["Topic"] = topic_token(topic)
    headers["Content-Type"] = "application/octet-stream"

    subscription = {
        "endpoint": target.endpoint,
        "keys": {"p256dh": _b64url_normal(target.p256dh), "auth": _b64url_normal(target.auth)},
    }
    deadline = _Deadline(timeout)
    _local.deadline = deadline
    try:
        pusher = WebPusher(subscription, requests_session=_session())
        response = pusher.send(
            body,
            headers,
            ttl=ttl,
            content_encoding="aes128gcm",
            # urllib3's `total` caps connect plus the wait for the first byte; the deadline
            # watchdog cuts off an endpoint that trickles its answer one byte at a time.
            timeout=Timeout(connect=timeout, read=timeout, total=timeout),
        )
    except requests.TooManyRedirects:
        return Sent(
            "error", None, None, "The push endpoint answered with a redirect; push endpoints must not."
        )
    except requests.RequestException as exc:
        if deadline.expired or isinstance(exc, requests.Timeout):
            return Sent("retry", None, None, f"No answer from the push service within {timeout:g} s.")
        return Sent("retry", None, None, f"Could not reach the push service: {_short(exc)}")
    except WebPushException as exc:
        return Sent("error", None, None, f"pywebpush refused the message: {exc.message}")
    finally:
        deadline.finish()
        _local.deadline = None
    if deadline.expired:
        # We cut the answer off (requests may still hand back the status line it had read):
        # an incomplete answer is no answer.
        return Sent("retry", None, None, f"No complete answer from the push service within {timeout:g} s.")
    text = response.content[:500].decode("utf-8", "replace")
    return classify(response.status_code, response.headers.get("Retry-After"), text)


def classify(status: int, retry_after: str | None = None, text: str = "") -> Sent:
    """What a push service's HTTP answer means for this message and its subscription."""
    said = f"HTTP {status}" + (f": {_short(text)}" if text.strip() else "")
    if status in SENT_STATUSES:
        return Sent("sent", status, None, said)
    if status in DEAD_STATUSES:
        return Sent("dead", status, None, f"The subscription is gone ({said}).")
    if status == 429:
        return Sent(
            "retry",
            status,
            parse_retry_after(retry_after),
            f"The push service asks us to slow down ({said}).",
        )
    if status >= 500:
        return Sent("retry", status, None, f"The push service is having trouble ({said}).")
    if status == 413:
        return Sent("error", status, None, f"The push service says the message is too large ({said}).")
    return Sent("error", status, None, f"The push service refused the message ({said}).")


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def backoff(attempts: int, retry_after: float | None) -> float:
    """Seconds to wait before the next try, after ``attempts`` failed tries.

    The push service's Retry-After wins (capped at a day). Otherwise 30 s, 60 s, 120 s, …
    up to an hour, each shaved by up to 20% at random so retries spread out; the shave
    keeps each step longer than the one before.
    """
    if retry_after is not None:
        return min(max(retry_after, 0.0), RETRY_AFTER_CAP)
    step = min(max(attempts, 1) - 1, 20)
    base = min(BACKOFF_BASE * 2**step, BACKOFF_CAP)
    return base * random.uniform(0.8, 1.0)


def topic_token(topic: str) -> str:
    """A Topic header value: 32 base64url characters that stand for ``topic`` (RFC 8030 §5.4)."""
    digest = hashlib.sha256(topic.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()[:32]


# --- subscriptions and VAPID -------------------------------------------------------------


def _endpoint_problem(endpoint: str, *, local_ok: bool) -> str | None:
    if not endpoint or not endpoint.strip():
        return "The subscription has no push endpoint."
    if len(endpoint) > MAX_ENDPOINT_LENGTH:
        return f"The push endpoint is longer than {MAX_ENDPOINT_LENGTH} characters."
    if any(ch.isspace() or ord(ch) < 32 for ch in endpoint):
        return "The push endpoint contains spaces or control characters."
    try:
        parts = urlsplit(endpoint)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        return "The push endpoint is not a valid web address."
    if not host:
        return "The push endpoint has no host name."
    if parts.username is not None or parts.password is not None:
        return "The push endpoint must not contain a user name or password."
    if parts.scheme == "http" and host in TEST_HOSTS and local_ok:
        return None
    if parts.scheme != "https":
        return "The push endpoint must be an https:// address."
    if host == "localhost" and not local_ok:
        return "The push endpoint points at this server."
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if _is_ipv4_shorthand(host):
            # "2130706433" or "0x7f.1" is 127.0.0.1 to the resolver, whatever we think of it.
            return "The push endpoint's host is an address in an unusual numeric form."
        return None
    # A browser's push service has a public name; a private address would have the worker
    # POST into our own network on a stranger's say-so.
    if address.is_loopback and local_ok:
        return None
    if not address.is_global:
        return "The push endpoint points at a private network address."
    return None


def _is_ipv4_shorthand(host: str) -> bool:
    try:
        socket.inet_aton(host)
    except OSError:
        return False
    return True


def _b64url_normal(text: str) -> str:
    """base64url without padding, also accepting the standard alphabet and padding."""
    return text.strip().replace("+", "-").replace("/", "_").rstrip("=")


def _b64url_decode(text: str) -> bytes | None:
    if not isinstance(text, str):
        return None
    normal = _b64url_normal(text)
    if not normal or len(normal) % 4 == 1:
        return None
    try:
        # validate=True: the lenient default silently drops characters outside the alphabet.
        return base64.b64decode(normal + "=" * (-len(normal) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        return None


def _origin(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    default = 443 if parts.scheme == "https" else 80
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    return f"{parts.scheme}://{host}{port}"


def _default_subject(public_url: str) -> str:
    # Push services use `sub` to reach us about problems: the app's https address is the
    # best contact; a development address (http, 127.0.0.1) is not one, so say "localhost".
    if public_url.startswith("https://"):
        return public_url
    return "mailto:nudges@localhost"


def _subject_ok(subject: str) -> bool:
    if subject.startswith("mailto:"):
        local, _, domain = subject[len("mailto:") :].partition("@")
        return bool(local and domain)
    return subject.startswith("https://") and bool(urlsplit(subject).hostname)


@lru_cache(maxsize=8)
def _vapid(private_key: str) -> Vapid02:
    if not private_key:
        raise ValueError("no VAPID private key is set (VAPID_PRIVATE_KEY)")
    vapid = Vapid02.from_string(private_key)
    # We check `sub` ourselves: py_vapid's pattern refuses https subjects with a port.
    vapid.conf = {"no-strict": True}
    return vapid


# --- HTTP with a hard deadline -----------------------------------------------------------

_local = threading.local()


class _Deadline:
    """Shuts the socket of the request in flight if it is still running after ``seconds``.

    Socket timeouts apply to each read, so an endpoint that answers one byte at a time can
    stretch a request far past them; shutting the socket wakes the blocked read at once.
    """

    def __init__(self, seconds: float) -> None:
        self.when = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._connection: HTTPConnection | None = None
        self._done = False
        _watchdog.add(self)

    def watch(self, connection: HTTPConnection) -> None:
        with self._lock:
            self._connection = connection

    def finish(self) -> None:
        _watchdog.remove(self)
        with self._lock:
            self._done = True
            self._connection = None

    def expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            sock = self._connection.sock if self._connection is not None else None
            if sock is not None:
                # The plain socket's shutdown, also for TLS: it wakes a read blocked in
                # another thread, which close() does not.
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Watchdog:
    """One thread per process that expires overdue sends, checking ten times a second.

    (A timer thread per send would cost more than the rest of the send.)
    """

    TICK = 0.1

    def __init__(self) -> None:
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self._changed = threading.Condition()
        self._active: dict[int, _Deadline] = {}
        self._thread: threading.Thread | None = None

    def add(self, deadline: _Deadline) -> None:
        with self._changed:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="push-send-watchdog", daemon=True)
                self._thread.start()
            self._active[id(deadline)] = deadline
            self._changed.notify()

    def remove(self, deadline: _Deadline) -> None:
        with self._changed:
            self._active.pop(id(deadline), None)

    def _run(self) -> None:
        changed = self._changed
        while True:
            with changed:
                while not self._active:
                    changed.wait()
                now = time.monotonic()
                due = [deadline for deadline in self._active.values() if deadline.when <= now]
                for deadline in due:
                    del self._active[id(deadline)]
            for deadline in due:
                deadline.expire()
            time.sleep(self.TICK)


_watchdog = _Watchdog()


class _WatchedHTTPConnection(HTTPConnection):
    def request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        deadline = getattr(_local, "deadline", None)
        if deadline is not None:
            deadline.watch(self)
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        deadline = getattr(_local, "deadline", None)
        if deadline is not None:
            deadline.watch(self)
        super().request(*args, **kwargs)


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _WatchedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


_REQUESTS_ENV = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NETRC")


def _session() -> requests.Session:
    """One keep-alive session per thread and process (a forked worker must not share sockets)."""
    owner = getattr(_local, "session_owner", None)
    if owner != os.getpid():
        session = requests.Session()
        # requests re-reads proxy settings from the environment on every request (about a
        # sixth of a send's CPU); when none are set, nor a CA bundle, there is nothing to read.
        session.trust_env = bool(getproxies()) or any(os.environ.get(name) for name in _REQUESTS_ENV)
        adapter = _WatchedAdapter(max_retries=0)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        # A redirect would take the POST (and our VAPID token) somewhere the checks above
        # never saw; push services don't redirect.
        session.max_redirects = 0
        _local.session = session
        _local.session_owner = os.getpid()
    return _local.session


def _short(value: object, limit: int = 200) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

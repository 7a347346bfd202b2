"""Sending Web Push messages: check, encrypt, sign, POST, classify. No database here.

The worker decides *what* to send and records the outcome; this module only knows how to
hand messages to push services (RFC 8030) and what each answer means:

- ``sent``:  the push service took it (200/201/202).
- ``retry``: try again later: 429 (honouring Retry-After), 5xx, a refused connection or
  no whole answer within the timeout.
- ``dead``:  the subscription is gone (404/410): delete it, never retry.
- ``error``: our request is wrong (413, other 4xx, a redirect, a malformed subscription, an
  oversized payload): retrying the same thing would fail the same way.

A ``Pusher`` sends many messages at once from one aiohttp session (keep-alive connections
to each push service), encrypting with pywebpush (RFC 8291) and signing one VAPID token per
push service that it reuses for hours (RFC 8292). aiohttp's timeout bounds every send, the
answer's body is read only up to a few hundred bytes, and redirects are never followed.

Every message carries a Topic derived from its topic string, so a retry after an ambiguous
timeout replaces an undelivered copy at the push service instead of adding a second one.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import ipaddress
import json
import math
import random
import socket
import time
from collections.abc import Hashable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from functools import lru_cache
from urllib.parse import urlsplit

import aiohttp
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02, VapidException
from pywebpush import WebPusher, WebPushException

from strengthsapp.settings import get_settings

# Push services accept about 4 KB of encrypted body; aes128gcm adds 103 bytes. We stay well
# under so every service (and its proxies) takes the message whole.
MAX_PAYLOAD_BYTES = 3000
# RFC 8292 lets a VAPID token live up to 24 h. We sign one for 12 h per push service and
# sign a new one when less than an hour is left.
VAPID_LIFETIME = 12 * 3600
VAPID_RENEW_BEFORE = 3600
URGENCIES = ("very-low", "low", "normal", "high")
TEST_HOSTS = {"127.0.0.1", "localhost"}
MAX_ENDPOINT_LENGTH = 2048
# Long enough for a slow push service to answer (10 to 15 s were seen); an attempt that ran out
# waits at least this long again before its retry (see backoff), so two copies of one
# message are never in flight at once.
SEND_TIMEOUT = 30.0
BACKOFF_BASE = 30.0
BACKOFF_CAP = 3600.0
RETRY_AFTER_CAP = 86400.0
# What we read of an answer: push services say what went wrong in a line or two.
MAX_ANSWER_BYTES = 500
SENT_STATUSES = {200, 201, 202}
DEAD_STATUSES = {404, 410}
CONCURRENCY = 256  # messages in flight at once, per Pusher


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


@dataclass(frozen=True)
class Message:
    """One message for one device; ``key`` is the caller's name for it in the results."""

    key: Hashable
    target: Target
    payload: dict
    topic: str
    ttl: int = 4 * 3600
    urgency: str = "normal"


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
    timeout: float = SEND_TIMEOUT,
    vapid_private_key: str | None = None,
    subject: str | None = None,
) -> Sent:
    """Send one message and say what became of it: a Pusher for one message, for callers
    that are not async. Raises ValueError only for a caller's mistake."""

    async def once() -> Sent:
        async with Pusher(timeout=timeout, vapid_private_key=vapid_private_key, subject=subject) as pusher:
            return await pusher.send(target, payload, topic=topic, ttl=ttl, urgency=urgency)

    # In a thread of its own: the caller's thread may be running an event loop already.
    with ThreadPoolExecutor(1, thread_name_prefix="push-send") as thread:
        return thread.submit(asyncio.run, once()).result()


class Pusher:
    """Many messages through one aiohttp session, with one VAPID token per push service.

        async with Pusher() as pusher:
            results = await pusher.send_many(messages)   # {message key: Sent}

    Never raises for network trouble, and never waits much beyond ``timeout`` seconds for a
    message once its push service's address is known (name lookup is the resolver's).
    """

    def __init__(
        self,
        *,
        timeout: float = SEND_TIMEOUT,
        vapid_private_key: str | None = None,
        subject: str | None = None,
        concurrency: int = CONCURRENCY,
    ) -> None:
        if not timeout > 0:
            raise ValueError("timeout must be a positive number of seconds")
        self.timeout = timeout
        settings = None if vapid_private_key and subject else get_settings()
        self.private_key = vapid_private_key or (settings.vapid_private_key if settings else "")
        self.subject = subject or _default_subject(settings.public_url if settings else "")
        # Checked once: every message of this Pusher is signed with the same subject.
        self._subject_problem = (
            None
            if _subject_ok(self.subject)
            else f"The VAPID subject must be a mailto: or https: address, not {self.subject!r}."
        )
        self.concurrency = concurrency
        self._tokens: dict[str, tuple[str, float]] = {}  # push service origin → (Authorization, exp)
        self._session: aiohttp.ClientSession | None = None
        self._limit = asyncio.Semaphore(concurrency)

    async def __aenter__(self) -> Pusher:
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self.concurrency, ttl_dns_cache=300),
            timeout=aiohttp.ClientTimeout(total=self.timeout),
            # No proxies, .netrc or cookies from the environment: only what we send.
            trust_env=False,
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send_many(self, messages: Iterable[Message]) -> dict[Hashable, Sent]:
        """Every message, all at once (up to ``concurrency`` in flight): {key: Sent}."""
        items = list(messages)
        results = await asyncio.gather(
            *(self.send(m.target, m.payload, topic=m.topic, ttl=m.ttl, urgency=m.urgency) for m in items)
        )
        return {m.key: result for m, result in zip(items, results, strict=True)}

    async def send(
        self, target: Target, payload: dict, *, topic: str, ttl: int = 4 * 3600, urgency: str = "normal"
    ) -> Sent:
        """One encrypted message to one subscription, and what became of it."""
        _check_options(ttl, urgency)
        prepared = self._prepare(target, payload, topic=topic, ttl=ttl, urgency=urgency)
        if isinstance(prepared, Sent):
            return prepared
        body, headers = prepared
        async with self._limit:
            return await self._post(target.endpoint, body, headers)

    def _prepare(
        self, target: Target, payload: dict, *, topic: str, ttl: int, urgency: str
    ) -> tuple[bytes, dict[str, str]] | Sent:
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
        if self._subject_problem:
            return Sent("error", None, None, self._subject_problem)
        try:
            authorization = self._authorization(_origin(target.endpoint))
        except (VapidException, ValueError, TypeError, binascii.Error) as exc:
            return Sent("error", None, None, f"The VAPID key or claims are not usable: {exc}")
        try:
            encrypted = _pusher_for(target).encode(body, "aes128gcm")["body"]
        except (WebPushException, ValueError) as exc:
            return Sent("error", None, None, f"pywebpush could not encrypt the message: {exc}")
        headers = {
            **authorization,
            "TTL": str(ttl),
            "Urgency": urgency,
            "Topic": topic_token(topic),
            "Content-Type": "application/octet-stream",
            "Content-Encoding": "aes128gcm",
        }
        return encrypted, headers

    def _authorization(self, audience: str) -> dict[str, str]:
        """The VAPID header for this push service: signed once, reused until an hour before
        it runs out (signing is most of a send's CPU when done every time)."""
        now = time.time()
        cached = self._tokens.get(audience)
        if cached is None or cached[1] - now < VAPID_RENEW_BEFORE:
            exp = int(now) + VAPID_LIFETIME
            signed = _vapid(self.private_key).sign({"sub": self.subject, "aud": audience, "exp": exp})
            cached = (signed["Authorization"], exp)
            self._tokens[audience] = cached
        return {"Authorization": cached[0]}

    async def _post(self, endpoint: str, body: bytes, headers: dict[str, str]) -> Sent:
        if self._session is None:
            raise RuntimeError("a Pusher sends inside `async with Pusher() as pusher:`")
        try:
            # aiohttp's total timeout covers connecting, sending and reading the answer;
            # the outer one also covers what aiohttp doesn't (a stuck name lookup).
            async with asyncio.timeout(self.timeout + 1):
                async with self._session.post(
                    endpoint, data=body, headers=headers, allow_redirects=False
                ) as response:
                    text = (await response.content.read(MAX_ANSWER_BYTES)).decode("utf-8", "replace")
                    status, retry_after = response.status, response.headers.get("Retry-After")
        except TimeoutError:
            return Sent(
                "retry", None, None, f"No whole answer from the push service within {self.timeout:g} s."
            )
        except aiohttp.ClientError as exc:
            return Sent("retry", None, None, f"Could not reach the push service: {_short(exc)}")
        if 300 <= status < 400:
            # A redirect would take the POST (and our VAPID token) somewhere the checks
            # above never saw; push services don't redirect.
            return Sent(
                "error", status, None, "The push endpoint answered with a redirect; push endpoints must not."
            )
        return classify(status, retry_after, text)


def _check_options(ttl: int, urgency: str) -> None:
    if urgency not in URGENCIES:
        raise ValueError(f"urgency must be one of {', '.join(URGENCIES)}, not {urgency!r}")
    if ttl < 0:
        raise ValueError("ttl must be zero or more seconds")


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


def backoff(attempts: int, retry_after: float | None, *, at_least: float = SEND_TIMEOUT) -> float:
    """Seconds to wait before the next try, after ``attempts`` failed tries.

    The push service's Retry-After wins (capped at a day; one in the past counts as none).
    Otherwise 30 s, 60 s, 120 s, … up to an hour, each shaved by up to 20% at random so
    retries spread out, and never less than ``at_least``: the longest an attempt may take
    (its timeout), so a retry never starts while the push service may still be taking the
    attempt before it.
    """
    if retry_after is not None and retry_after > 0:
        return min(retry_after, RETRY_AFTER_CAP)
    step = min(max(attempts, 1) - 1, 20)
    base = min(BACKOFF_BASE * 2**step, BACKOFF_CAP)
    return max(base * random.uniform(0.8, 1.0), at_least)


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


@lru_cache(maxsize=4096)
def _pusher_for(target: Target) -> WebPusher:
    """pywebpush's encrypter for one subscription (its keys decoded once; a fresh ephemeral
    key is made for every message, as RFC 8291 asks)."""
    subscription = {
        "endpoint": target.endpoint,
        "keys": {"p256dh": _b64url_normal(target.p256dh), "auth": _b64url_normal(target.auth)},
    }
    return WebPusher(subscription)


@lru_cache(maxsize=8)
def _vapid(private_key: str) -> Vapid02:
    if not private_key:
        raise ValueError("no VAPID private key is set (VAPID_PRIVATE_KEY)")
    vapid = Vapid02.from_string(private_key)
    # We check `sub` ourselves: py_vapid's pattern refuses https subjects with a port.
    vapid.conf = {"no-strict": True}
    return vapid


def _short(value: object, limit: int = 200) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""A fake Web Push service on loopback, for tests and benchmarks.

It behaves like a strict push service: every POST must carry a valid VAPID token signed by
the app's key (RFC 8292) and an aes128gcm body (RFC 8188) that decrypts with the keys of
the subscription it was sent to, exactly as a browser would decrypt it. So a test can
assert the very text the client chose. The endpoint's path says how the service answers:

    ok → 201   gone → 410   missing → 404   busy → 429 (Retry-After: 7)
    broken → 500   toolarge → 413   hang → takes the message, answers 201 after
    `hang_seconds` (30 s unless told; a slow push service; may be changed while it runs)

`stop()` and `start()` again: the service is down in between, and back on the same port
with the same subscriptions.

    with FakePushService(vapid_public_key) as service:
        subscription = service.subscription(path="ok")
        ...send to subscription.endpoint with subscription.p256dh / .auth...
        assert service.received[0].payload == {...}
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import json
import os
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import http_ece
from aiohttp import web
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

STATUS_BY_PATH = {"ok": 201, "gone": 410, "missing": 404, "busy": 429, "broken": 500, "toolarge": 413}
HANG_PATH = "hang"
PATHS = (*STATUS_BY_PATH, HANG_PATH)
BUSY_RETRY_AFTER = "7"
# What real push services accept as an encrypted body.
MAX_BODY_BYTES = 4096
MAX_TOKEN_LIFETIME = 24 * 3600


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class TestSubscription:
    """What a browser holds after PushManager.subscribe(): the public parts and its secrets."""

    __test__ = False  # not a pytest test class

    endpoint: str
    p256dh: str
    auth: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes
    path: str
    sub_id: str

    def as_json(self) -> dict[str, Any]:
        """The shape of PushSubscription.toJSON(), as the subscribe API receives it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


@dataclass(frozen=True)
class Received:
    """A message the service accepted after checking its VAPID token and decrypting it."""

    path: str
    sub_id: str
    headers: dict[str, str]  # TTL, Urgency, Topic (those present)
    payload_json: str | None  # the decrypted text; None only when verify_every skipped it
    claims: dict[str, Any] = field(default_factory=dict)
    status: int = 201
    verified: bool = True

    @property
    def payload(self) -> Any:
        return None if self.payload_json is None else json.loads(self.payload_json)


@dataclass(frozen=True)
class Rejection:
    path: str
    sub_id: str
    status: int
    reason: str


class PushRejected(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class _Keys:
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes
    path: str


class FakePushService:
    """An HTTP push service on 127.0.0.1, running in a background thread.

    ``vapid_public_key`` is the app's public key (base64url): tokens signed by any other key
    are refused. ``verify_every=N`` checks and decrypts only every Nth message (the others
    are answered and counted, recorded with ``verified=False``); 1, the default, checks all.
    """

    def __init__(
        self,
        vapid_public_key: str | None = None,
        *,
        verify_every: int = 1,
        hang_seconds: float = 30.0,
        port: int = 0,
    ) -> None:
        if vapid_public_key is None:
            from strengthsapp.settings import get_settings

            vapid_public_key = get_settings().vapid_public_key
        self._vapid_raw = b64url_decode(vapid_public_key)
        self._vapid_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), self._vapid_raw)
        if verify_every < 1:
            raise ValueError("verify_every must be 1 or more")
        self.verify_every = verify_every
        self.hang_seconds = hang_seconds
        self._subscriptions: dict[str, _Keys] = {}
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._received: list[Received] = []
        self._rejections: list[Rejection] = []
        self._counts: Counter[str] = Counter()
        self._seen = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._closing: asyncio.Event | None = None
        self.port = port  # 0: any free port; kept when the service is stopped and started again

    # --- lifecycle ---------------------------------------------------------------------

    def __enter__(self) -> FakePushService:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        sock.listen(1024)
        self.port = sock.getsockname()[1]
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        failure: list[BaseException] = []

        async def serve() -> None:
            self._closing = asyncio.Event()
            app = web.Application(client_max_size=64 * 1024)
            app.router.add_post("/push/{path}/{sub_id}", self._handle)
            self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
            await self._runner.setup()
            await web.SockSite(self._runner, sock).start()

        def run() -> None:
            assert self._loop is not None
            asyncio.set_event_loop(self._loop)
            try:
                self._loop.run_until_complete(serve())
            except BaseException as exc:
                failure.append(exc)
                ready.set()
                return
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="fake-push-service", daemon=True)
        self._thread.start()
        ready.wait(10)
        if failure:
            raise RuntimeError("the fake push service did not start") from failure[0]

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if self._closing is not None:
            loop.call_soon_threadsafe(self._closing.set)
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
        self._loop = self._thread = None

    # --- what tests use ------------------------------------------------------------------

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def subscription(self, path: str = "ok") -> TestSubscription:
        """A fresh browser subscription whose endpoint answers as ``path`` says."""
        if path not in PATHS:
            raise ValueError(f"path must be one of {', '.join(PATHS)}")
        private_key = ec.generate_private_key(ec.SECP256R1())
        auth_secret = os.urandom(16)
        sub_id = b64url(os.urandom(12))
        with self._lock:
            self._subscriptions[sub_id] = _Keys(private_key, auth_secret, path)
        public = private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return TestSubscription(
            endpoint=f"{self.origin}/push/{path}/{sub_id}",
            p256dh=b64url(public),
            auth=b64url(auth_secret),
            private_key=private_key,
            auth_secret=auth_secret,
            path=path,
            sub_id=sub_id,
        )

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    @property
    def rejections(self) -> list[Rejection]:
        with self._lock:
            return list(self._rejections)

    def count(self, path: str | None = None) -> int:
        """How many POSTs reached ``path`` (or any path), whatever the answer."""
        with self._lock:
            return self._counts[path] if path else sum(self._counts.values())

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        """Wait until ``count`` messages were received (not rejected); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self._received) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
        return True

    def reset(self) -> None:
        with self._lock:
            self._received.clear()
            self._rejections.clear()
            self._counts.clear()
            self._seen = 0

    # --- the push service ------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        sub_id = request.match_info["sub_id"]
        body = await request.read()
        with self._lock:
            self._counts[path] += 1
            self._seen += 1
            check = (self._seen - 1) % self.verify_every == 0
            keys = self._subscriptions.get(sub_id)
        try:
            if keys is None or keys.path != path:
                raise PushRejected(404, "no such subscription")
            if len(body) > MAX_BODY_BYTES:
                raise PushRejected(413, f"body of {len(body)} bytes is over {MAX_BODY_BYTES}")
            headers = {
                name: request.headers[name] for name in ("TTL", "Urgency", "Topic") if name in request.headers
            }
            if check:
                claims = self._check_vapid(request.headers.get("Authorization", ""))
                payload_json = self._decrypt(request, body, keys)
            else:
                claims, payload_json = {}, None
            self._check_headers(request)
        except PushRejected as rejected:
            with self._changed:
                self._rejections.append(Rejection(path, sub_id, rejected.status, rejected.reason))
                self._changed.notify_all()
            return web.Response(status=rejected.status, text=rejected.reason)

        status = STATUS_BY_PATH.get(path, 201)
        with self._changed:
            self._received.append(Received(path, sub_id, headers, payload_json, claims, status, check))
            self._changed.notify_all()
        if path == HANG_PATH:
            assert self._closing is not None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), self.hang_seconds)
            return web.Response(status=201)
        response_headers = {"Retry-After": BUSY_RETRY_AFTER} if path == "busy" else {}
        if status == 201:
            response_headers["Location"] = f"{self.origin}/message/{b64url(os.urandom(9))}"
        return web.Response(status=status, headers=response_headers)

    def _check_vapid(self, authorization: str) -> dict[str, Any]:
        scheme, _, params = authorization.partition(" ")
        if scheme.lower() != "vapid":
            raise PushRejected(400, "Authorization is not `vapid t=…, k=…`")
        values = dict(part.strip().partition("=")[::2] for part in params.split(","))
        token, key = values.get("t", ""), values.get("k", "")
        try:
            if b64url_decode(key) != self._vapid_raw:
                raise PushRejected(400, "VAPID key k is not the app's public key")
            header_b64, claims_b64, signature_b64 = token.split(".")
            header = json.loads(b64url_decode(header_b64))
            claims = json.loads(b64url_decode(claims_b64))
            signature = b64url_decode(signature_b64)
        except (ValueError, binascii.Error) as exc:
            raise PushRejected(400, f"VAPID token is malformed: {exc}") from exc
        if header.get("alg") != "ES256" or len(signature) != 64:
            raise PushRejected(400, "VAPID token is not ES256")
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        try:
            self._vapid_key.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature as exc:
            raise PushRejected(400, "VAPID signature does not match k") from exc
        if claims.get("aud") != self.origin:
            raise PushRejected(400, f"VAPID aud is {claims.get('aud')!r}, not {self.origin!r}")
        exp, now = claims.get("exp"), time.time()
        if not isinstance(exp, int) or not now < exp <= now + MAX_TOKEN_LIFETIME:
            raise PushRejected(400, f"VAPID exp {exp!r} is not within the next 24 hours")
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise PushRejected(400, "VAPID sub is missing")
        return claims

    def _decrypt(self, request: web.Request, body: bytes, keys: _Keys) -> str:
        if request.headers.get("Content-Encoding") != "aes128gcm":
            raise PushRejected(400, "Content-Encoding is not aes128gcm")
        try:
            plain = http_ece.decrypt(
                body, private_key=keys.private_key, auth_secret=keys.auth_secret, version="aes128gcm"
            )
            return plain.decode("utf-8")
        except (http_ece.ECEException, ValueError, UnicodeDecodeError) as exc:
            raise PushRejected(400, f"body does not decrypt: {exc}") from exc

    @staticmethod
    def _check_headers(request: web.Request) -> None:
        ttl = request.headers.get("TTL", "")
        if not ttl.isdigit():
            raise PushRejected(400, "TTL header is missing or not a number of seconds")
        urgency = request.headers.get("Urgency", "normal")
        if urgency not in {"very-low", "low", "normal", "high"}:
            raise PushRejected(400, f"Urgency {urgency!r} is not one of RFC 8030's")
        topic = request.headers.get("Topic")
        if topic is not None and (
            len(topic) > 32 or not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in topic)
        ):
            raise PushRejected(400, "Topic must be at most 32 base64url characters")

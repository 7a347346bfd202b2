"""Starlette routes mounted in front of Reflex (`api_transformer`), and the HTTP hardening
that applies to every response, pages included.

Only these routes set or clear the session cookie: the websocket cannot, and its cookie is
frozen for the life of the connection, so each ends with a redirect (a full page load).
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from strengthsapp import downloads, i18n, pwa
from strengthsapp.db.engine import get_engine, session_scope
from strengthsapp.i18n import N_, _
from strengthsapp.services import audit, nudges
from strengthsapp.services.errors import InvalidInput, NotAllowed, NotFound
from strengthsapp.services.language import language_of_user, set_language
from strengthsapp.services.sessions import (
    COOKIE_NAME,
    DEVICE_COOKIE,
    claim_session,
    device_mark,
    end_all_sessions,
    end_session,
    resolve_session,
    session_id_of,
)
from strengthsapp.settings import get_settings
from strengthsapp.states.live import apply_from_device

SESSION_COOKIE_MAX_AGE = 90 * 24 * 3600  # the longest a session lives; the server decides sooner
DEVICE_COOKIE_MAX_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600


def content_security_policy(public_url: str) -> str:
    parts = urlsplit(public_url)
    websocket = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"
    return "; ".join(
        [
            "default-src 'self'",
            # Reflex's built pages carry inline bootstrapping, rx.call_script evaluates its
            # code, and styles are inline (emotion). Framing, plugins, base and form targets
            # and connections stay locked to our own origin.
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            f"connect-src 'self' {websocket}",
            "worker-src 'self'",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeaders:
    """Headers for every answer, and pages served as their folders (plain ASGI: Starlette's
    BaseHTTPMiddleware costs a task and a stream per request, each operation posted too)."""

    def __init__(self, app: ASGIApp, public_url: str) -> None:
        self.app = app
        self.headers = {
            "Content-Security-Policy": content_security_policy(public_url),
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            # Invite links carry a one-time code: never send it to another site. (Not
            # "no-referrer": Chromium then sends `Origin: null` on our own form posts.)
            "Referrer-Policy": "same-origin",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
            "Cross-Origin-Opener-Policy": "same-origin",
        }
        if public_url.startswith("https://"):
            self.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if scope["method"] in {"GET", "HEAD"} and path in PAGE_PATHS:
            # Served as its folder's page at once: the static server would answer a 307 to
            # "/goals/" first, a whole extra round trip on a slow phone network.
            scope["path"], scope["raw_path"] = f"{path}/", f"{path}/".encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
                if path.startswith("/api/"):
                    headers["Cache-Control"] = "no-store"
                elif path.startswith("/assets/") and message["status"] == 200:
                    # Built files have hashed names: a new build has new names, so keep them a year.
                    headers["Cache-Control"] = "public, max-age=31536000, immutable"
                elif headers.get("content-type", "").startswith("text/html"):
                    # Pages are checked each time, so after a deploy no one gets a page naming old files.
                    headers.setdefault("Cache-Control", "no-cache")
            await send(message)

        if path.startswith("/api/") or path == "/manifest.webmanifest":
            # What a route says (a refusal, an outcome of the outbox) is in the device's language.
            with i18n.using(pwa.language_of_request(Request(scope))):
                await self.app(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


# The app's pages other than "/": see SecurityHeaders.
PAGE_PATHS = frozenset(
    {"/signin", "/invite", "/board", "/goals", "/strengths", "/wins", "/people-places", "/start", "/nudges",
     "/sharing", "/activity", "/caseload", "/my-people", "/account", "/admin"}
)  # fmt: skip


def same_origin(request: Request) -> bool:
    """State-changing routes accept only requests from our own pages."""
    allowed = get_settings().public_url
    origin = request.headers.get("origin")
    if origin is not None:
        return origin == allowed
    referer = request.headers.get("referer", "")
    parts = urlsplit(referer)
    return bool(referer) and f"{parts.scheme}://{parts.netloc}" == allowed


def forbidden() -> Response:
    return PlainTextResponse(_("This request did not come from strengthsapp's own pages."), status_code=403)


def set_session_cookie(response: Response, token: str) -> None:
    set_cookie(response, COOKIE_NAME, token, max_age=SESSION_COOKIE_MAX_AGE)


def set_cookie(response: Response, name: str, value: str, *, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=get_settings().public_url.startswith("https://"),
        path="/",
    )


def set_language_cookie(response: Response, locale: str) -> None:
    """The device's language, read by the screens' scripts too (components/words.js): not
    HttpOnly, and nothing secret."""
    response.set_cookie(
        i18n.COOKIE, locale, max_age=LANGUAGE_COOKIE_MAX_AGE, httponly=False, samesite="lax",
        secure=get_settings().public_url.startswith("https://"), path="/",
    )  # fmt: skip


def same_site_path(value: object) -> str:
    """Where to go back to after a form: a path of this site, else the start page."""
    text = str(value or "")
    parts = urlsplit(text)
    if not text.startswith("/") or text.startswith("//") or parts.scheme or parts.netloc or len(text) > 300:
        return "/"
    return text


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")


async def health(_request: Request) -> JSONResponse:
    """Liveness with the database: load balancers and `make run` poll this."""
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return JSONResponse({"ok": False, "database": "unreachable"}, status_code=503)
    return JSONResponse({"ok": True, "database": "ok"})


async def claim(request: Request) -> Response:
    """The browser trades the one-time claim code from sign-in (or an accepted invite) for
    the session cookie, then loads the app afresh so the new websocket carries it."""
    if not same_origin(request):
        return forbidden()
    if _declared_over(request, MAX_FORM_BODY):
        return too_large()
    form = await _form(request)
    with session_scope() as db:
        claimed = claim_session(
            db, claim=str(form.get("claim", "")), user_agent=request.headers.get("user-agent", "")
        )
    if claimed is None:
        return RedirectResponse("/signin?problem=expired", status_code=303)
    response = RedirectResponse("/", status_code=303)
    set_session_cookie(response, claimed.token)
    with session_scope() as db:  # the screens speak the account's language on this device too
        set_language_cookie(response, language_of_user(db, claimed.user_id))
    # This device now knows this person: guesses at their name elsewhere don't slow them here.
    set_cookie(
        response, DEVICE_COOKIE, device_mark(claimed.user_id, earlier=request.cookies.get(DEVICE_COOKIE, "")),
        max_age=DEVICE_COOKIE_MAX_AGE,
    )  # fmt: skip
    return response


async def sign_out(request: Request) -> Response:
    """Ends this session (the row is deleted, so the old cookie means no one) or, with
    everywhere=1, every session of the person."""
    if not same_origin(request):
        return forbidden()
    if _declared_over(request, MAX_FORM_BODY):
        return too_large()
    form = await _form(request)
    token = request.cookies.get(COOKIE_NAME)
    everywhere = form.get("everywhere") == "1"
    with session_scope() as db:
        actor = resolve_session(db, token=token)
        if actor is not None and everywhere:
            end_all_sessions(db, user_id=actor.user_id)
        else:
            end_session(db, token=token)
        if actor is not None:
            audit.record(db, actor=actor, action="signout.everywhere" if everywhere else "signout")
    response = RedirectResponse(
        f"/signin?problem={'everywhere' if everywhere else 'signed-out'}", status_code=303
    )
    clear_session_cookie(response)
    return response


async def choose_language(request: Request) -> Response:
    """The language switch of every page: a form posted by the browser itself (it works
    signed out, and the next page load reads the new words). Kept on the device (cookie)
    and, for a signed-in person, on their account."""
    if not same_origin(request):
        return forbidden()
    if _declared_over(request, MAX_FORM_BODY):
        return too_large()
    form = await _form(request)
    locale = i18n.known(form.get("locale"))
    referer = urlsplit(request.headers.get("referer", ""))  # our own page (Referrer-Policy: same-origin)
    back = form.get("back") or (referer.path + (f"?{referer.query}" if referer.query else ""))
    response = RedirectResponse(same_site_path(back), status_code=303)
    if locale is None:
        return response
    with session_scope() as db:
        actor = resolve_session(db, token=request.cookies.get(COOKIE_NAME))
        if actor is not None:
            set_language(db, actor=actor, locale=locale)
    set_language_cookie(response, locale)
    return response


MAX_JSON_BODY = 16 * 1024  # bytes: a push subscription or a notification's answer is far less
MAX_FORM_BODY = 4 * 1024  # a claim code, a sign-out


class TooLarge(Exception):
    pass


async def _body(request: Request, *, limit: int) -> bytes:
    """The request's body, refused (TooLarge) as soon as it is known to pass `limit`:
    from its Content-Length before reading, or while reading a body without one."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge
    return bytes(body)


def _declared_over(request: Request, limit: int) -> bool:
    """A form's body is parsed by Starlette; a declared length over the limit stops it first
    (browsers always declare one for a form)."""
    declared = request.headers.get("content-length", "")
    return not declared.isdigit() or int(declared) > limit


def too_large() -> Response:
    return JSONResponse({"ok": False, "message": _(TOO_MUCH)}, status_code=413)


async def _json_body(request: Request) -> dict:
    """The JSON object posted, or {} for anything else (nested past reason included)."""
    try:
        body = json.loads(await _body(request, limit=MAX_JSON_BODY))
    except (ValueError, RecursionError):
        return {}
    return body if isinstance(body, dict) else {}


async def _form(request: Request) -> dict[str, str]:
    """The small form posted (a claim code, a choice), as text fields."""
    form = await request.form(max_files=0, max_fields=10)
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def push_subscribe(request: Request) -> Response:
    """This browser receives its person's nudges (after a tap and the browser's own prompt)."""
    if not same_origin(request):
        return forbidden()
    try:
        body = await _json_body(request)
    except TooLarge:
        return too_large()
    keys = body.get("keys") if isinstance(body.get("keys"), dict) else {}
    token = request.cookies.get(COOKIE_NAME)
    with session_scope() as db:
        actor = resolve_session(db, token=token)
        if actor is None:
            return JSONResponse({"ok": False, "message": _("Please sign in again.")}, status_code=401)
        try:
            nudges.subscribe(
                db, actor=actor, session_id=session_id_of(db, token=token),
                endpoint=str(body.get("endpoint", ""))[:2048], p256dh=str(keys.get("p256dh", ""))[:200],
                auth=str(keys.get("auth", ""))[:100], user_agent=request.headers.get("user-agent", ""),
            )  # fmt: skip
        except InvalidInput as error:
            return JSONResponse({"ok": False, "message": error.message}, status_code=400)
    return JSONResponse({"ok": True})


async def nudge_action(request: Request) -> Response:
    """ "Done" or "Not today" from a notification, posted by the service worker with the
    session cookie; once per delivery, however often it is posted."""
    if not same_origin(request):
        return forbidden()
    try:
        body = await _json_body(request)
    except TooLarge:
        return too_large()
    with session_scope() as db:
        actor = resolve_session(db, token=request.cookies.get(COOKIE_NAME))
        if actor is None:
            return JSONResponse({"ok": False, "message": _("Please sign in again.")}, status_code=401)
        try:
            result = nudges.act(
                db, actor=actor, delivery_id=body.get("delivery"), action=str(body.get("action", ""))
            )
        except (InvalidInput, NotFound, NotAllowed) as error:
            return JSONResponse({"ok": False, "message": error.message}, status_code=400)
    return JSONResponse({"ok": True, "result": result})


MAX_OPS_BODY = 256 * 1024  # bytes: an outbox sends in batches well under it (assets/outbox.js)
MAX_OPS = 50
SIGN_IN_AGAIN = N_("Please sign in again to send what is kept on this device.")
TOO_MUCH = N_("That was too much to send at once.")


async def operations(request: Request) -> Response:
    """Changes made on a screen (services.operations), in the order the device made them;
    each is applied at most once and answered. Then every open screen of each board changed
    looks again, the author's own included. Session cookie and our own Origin only."""
    if not same_origin(request):
        return forbidden()
    try:
        body = json.loads(await _body(request, limit=MAX_OPS_BODY))
    except TooLarge:
        return JSONResponse({"ok": False, "reason": "too_large", "message": _(TOO_MUCH)},
                            status_code=413)  # fmt: skip
    except (ValueError, RecursionError):
        body = None
    sent = body.get("ops") if isinstance(body, dict) else None
    if not isinstance(sent, list) or not 0 < len(sent) <= MAX_OPS:
        return JSONResponse({"ok": False, "reason": "input", "message": _("That didn't come through right.")},
                            status_code=400)  # fmt: skip
    outcomes = await apply_from_device(request.cookies.get(COOKIE_NAME), sent)
    if outcomes is None:
        return JSONResponse({"ok": False, "reason": "session", "message": _(SIGN_IN_AGAIN)}, status_code=401)
    return JSONResponse({"ok": True, "results": [o.as_json() for o in outcomes]})


async def me(request: Request) -> Response:
    """Who this browser's session is: the outbox keeps each person's changes apart."""
    with session_scope() as db:
        actor = resolve_session(db, token=request.cookies.get(COOKIE_NAME))
    if actor is None:
        return JSONResponse({"signed_in": False}, status_code=401)
    return JSONResponse({"signed_in": True, "user_id": actor.user_id, "name": actor.display_name,
                         "role": actor.role.value})  # fmt: skip


def build_api() -> Starlette:
    settings = get_settings()
    return Starlette(
        routes=[
            Route("/api/health", health, methods=["GET"]),
            Route("/api/session/claim", claim, methods=["POST"]),
            Route("/api/signout", sign_out, methods=["POST"]),
            Route("/api/language", choose_language, methods=["POST"]),
            Route(pwa.SNAPSHOT_PATH, pwa.snapshot, methods=["GET"]),
            Route("/api/push/subscribe", push_subscribe, methods=["POST"]),
            Route("/api/nudge/action", nudge_action, methods=["POST"]),
            Route("/api/ops", operations, methods=["POST"]),
            Route("/api/me", me, methods=["GET"]),
            *downloads.ROUTES,
            Route("/manifest.webmanifest", pwa.manifest_route, methods=["GET"]),
            Route("/sw.js", pwa.service_worker, methods=["GET"]),
            Route("/offline.html", pwa.offline_page, methods=["GET"]),
            Route("/words.js", pwa.words_route, methods=["GET"]),
        ],
        middleware=[Middleware(SecurityHeaders, public_url=settings.public_url)],
    )


api = build_api()

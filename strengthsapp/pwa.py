"""The installable web app: manifest, service worker, offline screen, and the snapshot of
what a client last saw that the offline screen shows.

The service worker is served by the app (not a static file) so that its text carries the
build's version: a new deploy changes the worker, the browser installs it, and the old
caches are dropped, so no one is stuck on an old build.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from functools import cache
from pathlib import Path

from reflex.utils.prerequisites import get_web_dir
from reflex_base import constants
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from strengthsapp import i18n, styles
from strengthsapp.db.engine import session_scope
from strengthsapp.domain.access import Relation
from strengthsapp.domain.vocabulary import Role
from strengthsapp.i18n.build import catalog_constants, screen_catalogs
from strengthsapp.services.boards import reading_boards
from strengthsapp.services.errors import NotAllowed
from strengthsapp.services.language import language_of_user
from strengthsapp.services.sessions import COOKIE_NAME, resolve_session
from strengthsapp.services.today import get_today
from strengthsapp.settings import PROJECT_DIR, get_settings

APP_NAME = "strengthsapp"
SHORT_NAME = "Strengths"  # at most 12 characters, under the icon on a home screen
BACKGROUND = "#fdfdfc"
SNAPSHOT_PATH = "/api/offline/snapshot"
SW_TEMPLATE = Path(__file__).with_name("sw.js")
OFFLINE_PAGE = Path(__file__).with_name("offline.html")
WORDS_MODULE = Path(__file__).parent / "components" / "words.js"
WORDS_IMPORT = 'import { CATALOGS, PLURALS } from "./words_catalog.js";'
# The outbox and the offline screen's own files (served from assets/), kept by the worker.
OFFLINE_FILES = tuple(
    PROJECT_DIR / "assets" / name for name in ("outbox.js", "outbox-ui.js", "outbox.css", "offline.js")
)


def manifest(locale: str = i18n.SOURCE) -> dict[str, object]:
    """The install card, in the device's language (the name is the app's own)."""
    with i18n.using(locale) as language:
        description = i18n._("My goals, my strengths and my wins, shared with the people I choose.")
    return {
        "name": APP_NAME,
        "short_name": SHORT_NAME,
        "description": description,
        "id": "/",
        "start_url": "/?source=home-screen",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": styles.THEME_COLOR,
        "background_color": BACKGROUND,
        "lang": language,
        "icons": [
            {"src": "/icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": "/icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": "/icons/maskable-512.png",
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


@cache
def build_version() -> str:
    """Changes with every deploy: the worker's own text, the offline page, and the built
    frontend's entry page (which names the hashed bundles)."""
    digest = hashlib.sha256()
    for path in (SW_TEMPLATE, OFFLINE_PAGE, *OFFLINE_FILES):
        digest.update(path.read_bytes())
    digest.update(words_script().encode())  # new words are a new worker too
    # REFLEX_WEB_WORKDIR, when set, names the web folder itself (Reflex's get_web_dir).
    web = PROJECT_DIR / get_web_dir() / constants.Dirs.STATIC
    for name in ("index.html", "404.html"):
        if (web / name).is_file():
            digest.update((web / name).read_bytes())
    return digest.hexdigest()[:16]


@cache
def words_script() -> str:
    """components/words.js as a plain script, with the catalogs written into it: the offline
    screen has no React bundle, yet speaks the reader's language the same way (the worker
    keeps this as /words.js with the other offline files)."""
    module = WORDS_MODULE.read_text()
    if WORDS_IMPORT not in module:
        raise RuntimeError(f"{WORDS_MODULE} no longer imports its catalogs as {WORDS_IMPORT!r}")
    catalogs, plurals = screen_catalogs()
    body = module.replace(WORDS_IMPORT, "\n".join(catalog_constants(catalogs, plurals, export=False)))
    body = "\n".join(line.removeprefix("export ") for line in body.splitlines())
    return (
        "// strengthsapp/components/words.js for pages without the app's bundle (pwa.py).\n"
        f"(function () {{\n{body}\n}})();\n"
    )


def language_of_request(request: Request) -> str:
    """The device's language: its choice (cookie), else its browser's, else the agency's."""
    return i18n.choose(
        request.cookies.get(i18n.COOKIE),
        accept_language=request.headers.get("accept-language"),
        default=get_settings().default_locale,
    )


async def manifest_route(request: Request) -> Response:
    return Response(
        json.dumps(manifest(language_of_request(request)), indent=2),
        media_type="application/manifest+json",
        headers={"Cache-Control": "no-cache", "Vary": "Cookie, Accept-Language"},
    )


async def service_worker(_request: Request) -> Response:
    text = SW_TEMPLATE.read_text().replace("__VERSION__", build_version())
    return Response(
        text,
        media_type="application/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


async def offline_page(_request: Request) -> Response:
    return Response(OFFLINE_PAGE.read_text(), media_type="text/html", headers={"Cache-Control": "no-cache"})


async def words_route(_request: Request) -> Response:
    return Response(
        words_script(), media_type="application/javascript", headers={"Cache-Control": "no-cache"}
    )


async def snapshot(request: Request) -> Response:
    """A board as this browser's person may see it now, to keep on the device for when there
    is no signal (assets/outbox-ui.js keeps it; offline.html shows it): the client's own, or
    with ?client=<id> a board they may see (a case manager's caseload). 401 without a session,
    403 for a board they may not see: the device then forgets it."""
    wanted = request.query_params.get("client", "")
    outcome = await asyncio.to_thread(_snapshot, request.cookies.get(COOKIE_NAME), wanted)
    if outcome is None:
        return JSONResponse({"signed_in": False}, status_code=401)
    if outcome == {}:
        return JSONResponse({"signed_in": True, "shared": False}, status_code=403)
    return JSONResponse(outcome)


def _snapshot(token: str | None, wanted: str) -> dict[str, object] | None:
    with session_scope() as db:
        actor = resolve_session(db, token=token)
        if actor is None:
            return None
        client_id = int(wanted) if wanted.isdigit() and len(wanted) < 12 else None
        if client_id is None and actor.role is not Role.CLIENT:
            return {}
        try:
            # Its words (days, places) are kept to be read offline in the person's language.
            with reading_boards(db), i18n.using(language_of_user(db, actor.user_id)):
                today = get_today(db, actor=actor, client_id=client_id or actor.user_id, record_view=False)
        except NotAllowed:
            return {}
    return {
        "signed_in": True,
        "shared": True,
        "author": actor.user_id,
        "board": client_id or actor.user_id,
        "name": today.client_name,
        "own": today.own,
        "records_progress": today.relation in {Relation.CLIENT.value, Relation.CASE_MANAGER.value},
        "records_contacts": today.records_contacts,
        "suggests": today.suggests,
        "next_steps": [{"id": s.id, "text": s.text, "goal": s.goal_text, "when": s.when, "who": s.who,
                        "done": s.done} for s in today.next_steps],
        "goals": [{"id": g.id, "text": g.text, "done": g.steps_done, "total": g.steps_total} for g in today.goals],
        "wins": [{"text": w.text, "when": w.when} for w in today.wins],
        "visits": [{"when": c.when, "where": c.where, "summary": c.summary} for c in today.contacts],
    }  # fmt: skip


# Registered in the head as a plain script, so the worker is installed on the first visit.
REGISTER = (
    "if ('serviceWorker' in navigator) {"
    " navigator.serviceWorker.register('/sw.js', {scope: '/'}).catch(function () {}); }"
)

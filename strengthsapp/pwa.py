"""The installable web app: manifest, service worker, offline screen, and the snapshot of
what a client last saw that the offline screen shows.

The service worker is served by the app (not a static file) so that its text carries the
build's version: a new deploy changes the worker, the browser installs it, and the old
caches are dropped, so no one is stuck on an old build.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from reflex.utils.prerequisites import get_web_dir
from reflex_base import constants
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from strengthsapp import styles
from strengthsapp.db.engine import session_scope
from strengthsapp.domain.vocabulary import Role
from strengthsapp.services.sessions import COOKIE_NAME, resolve_session
from strengthsapp.services.today import get_today
from strengthsapp.settings import PROJECT_DIR

APP_NAME = "strengthsapp"
SHORT_NAME = "Strengths"  # at most 12 characters, under the icon on a home screen
BACKGROUND = "#fdfdfc"
SNAPSHOT_PATH = "/api/offline/snapshot"
SW_TEMPLATE = Path(__file__).with_name("sw.js")
OFFLINE_PAGE = Path(__file__).with_name("offline.html")


def manifest() -> dict[str, object]:
    return {
        "name": APP_NAME,
        "short_name": SHORT_NAME,
        "description": "My goals, my strengths and my wins, shared with the people I choose.",
        "id": "/",
        "start_url": "/?source=home-screen",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": styles.THEME_COLOR,
        "background_color": BACKGROUND,
        "lang": "en",
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
    for path in (SW_TEMPLATE, OFFLINE_PAGE):
        digest.update(path.read_bytes())
    # REFLEX_WEB_WORKDIR, when set, names the web folder itself (Reflex's get_web_dir).
    web = PROJECT_DIR / get_web_dir() / constants.Dirs.STATIC
    for name in ("index.html", "404.html"):
        if (web / name).is_file():
            digest.update((web / name).read_bytes())
    return digest.hexdigest()[:16]


async def manifest_route(_request: Request) -> Response:
    return Response(
        json.dumps(manifest(), indent=2),
        media_type="application/manifest+json",
        headers={"Cache-Control": "no-cache"},
    )


async def service_worker(_request: Request) -> Response:
    text = (
        SW_TEMPLATE.read_text().replace("__VERSION__", build_version()).replace("__SNAPSHOT__", SNAPSHOT_PATH)
    )
    return Response(
        text,
        media_type="application/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


async def offline_page(_request: Request) -> Response:
    return Response(OFFLINE_PAGE.read_text(), media_type="text/html", headers={"Cache-Control": "no-cache"})


async def snapshot(request: Request) -> Response:
    """What the client saw on Today, for the offline screen of this browser only: their
    goals and next steps. Nothing for anyone else (401 also makes the worker forget it)."""
    with session_scope() as db:
        actor = resolve_session(db, token=request.cookies.get(COOKIE_NAME))
        if actor is None:
            return JSONResponse({"signed_in": False}, status_code=401)
        if actor.role is not Role.CLIENT:
            return JSONResponse({"signed_in": True, "goals": [], "next_steps": []})
        today = get_today(db, actor=actor, client_id=actor.user_id, record_view=False)
    return JSONResponse(
        {
            "signed_in": True,
            "name": today.client_name,
            "next_steps": [{"text": s.text, "goal": s.goal_text, "when": s.when} for s in today.next_steps],
            "goals": [{"text": g.text, "done": g.steps_done, "total": g.steps_total} for g in today.goals],
        }
    )


# Registered in the head as a plain script, so the worker is installed on the first visit.
REGISTER = (
    "if ('serviceWorker' in navigator) {"
    " navigator.serviceWorker.register('/sw.js', {scope: '/'}).catch(function () {}); }"
)

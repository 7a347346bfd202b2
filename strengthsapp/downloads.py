"""What leaves the app, as routes in front of Reflex (api.py mounts them): the printable
plan (a plain page that prints well from a phone), its PDF, the plan as FHIR for other
services, everything about me (a ZIP), and the agency's spreadsheets (streamed). Each resolves the person from the session cookie
on every request and asks the services, which decide with `can()` and audit.

The printable page is served by the server, not built by Reflex: it is a document, read
and printed (or saved) as a whole, and it needs no live connection.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from datetime import date
from html import escape
from typing import Any, TypeVar
from urllib.parse import urlencode

import anyio
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from strengthsapp import i18n, pwa
from strengthsapp.db.types import utcnow
from strengthsapp.domain.access import Actor
from strengthsapp.i18n import N_, _
from strengthsapp.services.boards import is_id
from strengthsapp.services.errors import NotAllowed
from strengthsapp.services.fhir import plan_bundle
from strengthsapp.services.my_data import as_zip, everything_about_me
from strengthsapp.services.plan_pdf import plan_pdf
from strengthsapp.services.reports import (
    OpenSheet,
    SheetRequest,
    agency_figures_sheet,
    caseload_sheet,
    open_sheet,
)
from strengthsapp.services.sessions import COOKIE_NAME, NoSession, as_person
from strengthsapp.services.take_home import PlanDocument, StepLine, plan_document

PRINT_PATH = "/print-plan"
PDF_PATH = "/api/export/plan.pdf"
FHIR_PATH = "/api/export/plan-fhir.json"
ZIP_PATH = "/api/export/everything-about-me.zip"
PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}

T = TypeVar("T")


def _board_of(request: Request, actor: Actor) -> int:
    """Her own board, or ?client=<id> (her case manager's copy); a made-up id names none."""
    wanted = request.query_params.get("client", "")
    if not wanted:
        return actor.user_id
    number = int(wanted) if wanted.isdigit() and len(wanted) < 12 else 0
    return number if is_id(number) else 0


def _choices(request: Request) -> dict[str, bool]:
    """What she chose to include beside her goals (both, unless she leaves one out)."""
    return {
        "with_strengths": request.query_params.get("strengths", "1") != "0",
        "with_people": request.query_params.get("people", "1") != "0",
    }


def _file_name(kind: str, name: str, suffix: str) -> str:
    safe = "".join(c for c in name if c.isalnum())[:40] or "plan"
    return f"{kind}-{safe}-{date.today().isoformat()}.{suffix}"


def _attachment(body: bytes, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type,
                    headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{filename}"'})  # fmt: skip


async def _run(request: Request, work: Callable[[Any, Actor], T]) -> T | Response:
    """The work, off the event loop, in the device's language; a refusal as a plain page."""
    language = pwa.language_of_request(request)
    with i18n.using(language):
        try:
            return await asyncio.to_thread(as_person, request.cookies.get(COOKIE_NAME), work)
        except NoSession:
            return plain_page(_("Please sign in to see your plan."), status_code=401, sign_in=True)
        except NotAllowed as refused:
            return plain_page(refused.message, status_code=403)


async def print_page(request: Request) -> Response:
    def work(db: Any, actor: Actor) -> PlanDocument:
        return plan_document(db, actor=actor, client_id=_board_of(request, actor), audit_as="print",
                             **_choices(request))  # fmt: skip

    if not request.cookies.get(COOKIE_NAME):
        return RedirectResponse("/signin", status_code=303)
    outcome = await _run(request, work)
    if isinstance(outcome, Response):
        return outcome
    with i18n.using(outcome.language):
        return HTMLResponse(printable_page(outcome, request), headers=PRIVATE)


async def pdf_download(request: Request) -> Response:
    def work(db: Any, actor: Actor) -> tuple[bytes, str]:
        document = plan_document(db, actor=actor, client_id=_board_of(request, actor), audit_as="pdf",
                                 **_choices(request))  # fmt: skip
        return plan_pdf(document), document.client_name

    outcome = await _run(request, work)
    if isinstance(outcome, Response):
        return outcome
    body, name = outcome
    return _attachment(body, "application/pdf", _file_name("plan", name, "pdf"))


async def fhir_download(request: Request) -> Response:
    def work(db: Any, actor: Actor) -> dict[str, Any]:
        return plan_bundle(db, actor=actor, client_id=_board_of(request, actor))

    outcome = await _run(request, work)
    if isinstance(outcome, Response):
        return outcome
    body = json.dumps(outcome, ensure_ascii=False, indent=2).encode("utf-8")
    patient = outcome["entry"][0]["resource"]["name"][0]["text"]
    return _attachment(body, "application/fhir+json", _file_name("plan-fhir", patient, "json"))


async def everything_download(request: Request) -> Response:
    def work(db: Any, actor: Actor) -> bytes:
        now = utcnow()
        parts = everything_about_me(db, actor=actor, now=now)
        return as_zip(parts, now=now, day=i18n.day(now.date(), style="long"))

    outcome = await _run(request, work)
    if isinstance(outcome, Response):
        return outcome
    return _attachment(outcome, "application/zip", f"everything-about-me-{date.today().isoformat()}.zip")


# --- spreadsheets for the agency (services.reports) --------------------------------------

SIGN_IN_TO_DOWNLOAD = N_("Please sign in again to download this.")
NOT_JUST_NOW = N_("We couldn't make the file just now. Please try again in a minute.")


async def caseload_csv(request: Request) -> Response:
    """A case manager's caseload, as a spreadsheet (services.reports)."""
    return await spreadsheet(request, caseload_sheet)


async def agency_csv(request: Request) -> Response:
    """The agency's figures for an admin, as a spreadsheet: counts only."""
    return await spreadsheet(request, agency_figures_sheet)


async def spreadsheet(request: Request, ask: SheetRequest) -> Response:
    """A spreadsheet, sent as it is written. All that can refuse or fail happens before the
    answer starts (reports.open_sheet): a refusal is a plain page in the person's language.
    Should the database fail later, the answer stops short of its end and the browser says
    the download failed: never half a file that looks whole."""
    try:
        begun = await anyio.to_thread.run_sync(open_sheet, request.cookies.get(COOKIE_NAME), ask)
    except NoSession:
        return plain_page(_(SIGN_IN_TO_DOWNLOAD), status_code=401, sign_in=True)
    except NotAllowed as refused:
        return plain_page(refused.message, status_code=403)
    except SQLAlchemyError:
        return plain_page(_(NOT_JUST_NOW), status_code=503)
    return StreamingResponse(
        _rest_of(begun),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{begun.sheet.file_name}"', "Cache-Control": "no-store"},
    )  # fmt: skip


async def _rest_of(begun: OpenSheet) -> AsyncIterator[bytes]:
    """The file's pieces, each written in a thread (reading the database as it goes); its
    reading unit of work is closed in a thread too, also when the person leaves mid-file."""
    try:
        yield begun.first
        while (piece := await anyio.to_thread.run_sync(next, begun.rest, None)) is not None:
            yield piece
    finally:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(begun.rest.close)


def plain_page(message: str, *, status_code: int, sign_in: bool = False) -> HTMLResponse:
    """What happened, on a page of its own, with the way on (a link, 44 px high)."""
    href, words = ("/signin", _("Go to sign in")) if sign_in else ("/", _("Back"))
    return HTMLResponse(
        f'<!doctype html><html lang="{i18n.current()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>strengthsapp</title></head>'
        '<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem;'
        ' line-height: 1.5"><main>'
        f'<p role="alert" style="font-size: 1.15rem">{escape(message)}</p>'
        f'<a href="{href}" style="display: inline-flex; align-items: center; min-height: 44px">{escape(words)}</a>'
        "</main></body></html>",
        status_code=status_code,
        headers={"Cache-Control": "no-store"},
    )  # fmt: skip


# --- the printable page --------------------------------------------------------------------

PAGE_WORDS = {  # message ids, said in the reader's language (page_words)
    "title": N_("My plan"),
    "tools": N_("Print or save"),
    "back": N_("Back"),
    "print": N_("Print"),
    "pdf": N_("Save as PDF"),
    "fhir": N_("File for another service"),
    "also": N_("Also show"),
    "show": N_("Show"),
    "empty": N_("There are no goals in this plan yet."),
    "why": N_("Why it matters to me:"),
    "strengths_used": N_("Strengths I use:"),
    "helpers": N_("People and places that help:"),
    "strengths": N_("My strengths"),
    "people": N_("People and places in my life"),
    "done": N_("done"),
}


def page_words() -> dict[str, str]:
    return {key: escape(_(message)) for key, message in PAGE_WORDS.items()}


STYLE = """
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; color: #1a1a1a; background: #fff; line-height: 1.5; font-size: 1.05rem; }
main { max-width: 44rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.8rem; margin: 0.5rem 0 0; }
h2 { font-size: 1.3rem; margin: 1.6rem 0 0.4rem; border-bottom: 1px solid #bbb; }
h3 { font-size: 1.12rem; margin: 1rem 0 0.1rem; }
.meta { color: #444; margin: 0.1rem 0; font-size: 0.95rem; }
.why { margin: 0.25rem 0; }
ul.steps { list-style: none; padding-left: 0.3rem; margin: 0.3rem 0; }
ul.steps li { margin: 0.35rem 0; }
.mark { display: inline-block; width: 1.4em; }
.who { color: #444; font-size: 0.95rem; display: block; padding-left: 1.4em; }
.words { white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext; }
.tools { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; padding: 0.75rem 1rem;
         border-bottom: 1px solid #ccc; background: #f6f6f4; }
.tools fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; }
.tools label { display: inline-flex; align-items: center; gap: 0.4rem; min-height: 44px; }
.tools input[type=checkbox] { width: 1.3rem; height: 1.3rem; }
.button, button { display: inline-flex; align-items: center; justify-content: center; min-height: 44px;
                  padding: 0 1rem; border-radius: 0.5rem; border: 1px solid #1f4d3a; background: #1f4d3a;
                  color: #fff; font: inherit; text-decoration: none; cursor: pointer; }
.button.quiet, button.quiet { background: #fff; color: #1f4d3a; }
.refusal { font-size: 1.1rem; margin: 1rem 0; }
@media print {
  .tools, .no-print { display: none !important; }
  body { font-size: 12pt; }
  main { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; }
  section.goal { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _words(text: str) -> str:
    """Her words, exactly: escaped, never interpreted; their own direction (dir=auto)."""
    return f'<span class="words" dir="auto">{escape(text)}</span>'


def _step_html(step: StepLine, say: dict[str, str]) -> str:
    when = _("by {day}", day=step.by_when) if step.by_when and not step.done else ""
    about = " · ".join(escape(part) for part in (step.who, when) if part) + (
        f" · {say['done']}" if step.done else ""
    )
    return (f'<li><span class="mark" aria-hidden="true">{"☑" if step.done else "☐"}</span>{_words(step.text)}'
            f'<span class="who">{about}</span></li>')  # fmt: skip


def printable_page(document: PlanDocument, request: Request) -> str:
    say = page_words()
    query = {k: v for k, v in request.query_params.items() if k in {"client", "strengths", "people"}}
    back = "/goals" + (f"?client={document.client_id}" if "client" in query else "")
    pdf = f"{PDF_PATH}?{urlencode(query)}" if query else PDF_PATH
    fhir = f"{FHIR_PATH}?client={document.client_id}" if "client" in query else FHIR_PATH
    other = next(code for code in i18n.LOCALES if code != document.language)
    here = PRINT_PATH + (f"?{urlencode(query)}" if query else "")
    include = "".join(
        f'<label><input type="checkbox" name="{name}" value="1"{" checked" if shown else ""}> {escape(words)}</label>'
        for name, words, shown in (
            ("strengths", _("My strengths"), document.strengths is not None),
            ("people", _("People and places"), document.people is not None),
        )
    )
    hidden = f'<input type="hidden" name="client" value="{document.client_id}">' if "client" in query else ""
    tools = (
        '<nav class="tools" aria-label="' + say["tools"] + '">'
        f'<a class="button quiet" href="{escape(back)}">{say["back"]}</a>'
        f'<button type="button" onclick="window.print()">{say["print"]}</button>'
        f'<a class="button" href="{escape(pdf)}" download>{say["pdf"]}</a>'
        + (f'<a class="button quiet" href="{escape(fhir)}" download>{say["fhir"]}</a>'
           if document.may_share else "")
        + f'<form method="post" action="/api/language"><input type="hidden" name="locale" value="{other}">'
        f'<input type="hidden" name="back" value="{escape(here)}">'
        f'<button class="quiet" type="submit" lang="{other}">{escape(i18n.LOCALES[other])}</button></form>'
        f'<form method="get" action="{PRINT_PATH}">{hidden}'
        # Unticked boxes send nothing: say "0" for each, then the ticked ones send "1" after it.
        '<input type="hidden" name="strengths" value="0"><input type="hidden" name="people" value="0">'
        f'<fieldset><legend class="meta">{say["also"]}</legend>{include}</fieldset>'
        f'<button class="quiet" type="submit">{say["show"]}</button></form>'
        "</nav>"
    )  # fmt: skip
    parts = [
        f"<h1>{say['title']}</h1>",
        f'<p class="meta">{_words(document.client_name)} · {escape(document.made_on)}</p>',
    ]
    if document.is_empty:
        parts.append(f"<p>{say['empty']}</p>")
    for section in document.sections:
        if not section.goals:
            continue
        parts.append(f"<h2>{escape(section.heading)}</h2>")
        for goal in section.goals:
            facts = [escape(goal.domain)] if goal.domain else []
            if goal.by_when:
                facts.append(escape(_("By {day}", day=goal.by_when)))
            if goal.reached_on:
                facts.append(escape(_("Reached on {day}", day=goal.reached_on)))
            steps = "".join(_step_html(step, say) for step in goal.steps)
            parts.append(
                '<section class="goal">'
                f"<h3>{_words(goal.text)}</h3>"
                + (f'<p class="meta">{" · ".join(facts)}</p>' if facts else "")
                + (f'<p class="why">{say["why"]} {_words(goal.why)}</p>' if goal.why else "")
                + (f'<ul class="steps">{steps}</ul>' if steps else "")
                + (f'<p class="meta">{say["strengths_used"]} {"; ".join(_words(s) for s in goal.strengths)}</p>'
                   if goal.strengths else "")
                + (f'<p class="meta">{say["helpers"]} '
                   f'{"; ".join(_words(r) for r in goal.resources)}</p>' if goal.resources else "")
                + "</section>"
            )  # fmt: skip
    if document.strengths:
        parts.append(f"<h2>{say['strengths']}</h2>")
        for group in document.strengths:
            parts.append(f"<h3>{escape(group.domain)}</h3>")
            for column, words in group.columns:
                items = "".join(f"<li>{_words(w)}</li>" for w in words)
                parts.append(f'<p class="meta"><strong>{escape(column)}</strong></p><ul>{items}</ul>')
    if document.people:
        parts.append(f"<h2>{say['people']}</h2><ul>")
        for person in document.people:
            reach = f"<br>{_words(person.how_to_reach)}" if person.how_to_reach else ""
            parts.append(f"<li><strong>{_words(person.name)}</strong> · {escape(person.kind)}{reach}</li>")
        parts.append("</ul>")
    title = escape(_("{name}'s plan", name=document.client_name))
    return (f'<!doctype html><html lang="{document.language}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{title} | strengthsapp</title><style>{STYLE}</style></head>'
            f'<body>{tools}<main>{"".join(parts)}</main></body></html>')  # fmt: skip


ROUTES = [
    Route(PRINT_PATH, print_page, methods=["GET"]),
    Route(PDF_PATH, pdf_download, methods=["GET"]),
    Route(FHIR_PATH, fhir_download, methods=["GET"]),
    Route(ZIP_PATH, everything_download, methods=["GET"]),
    Route("/api/export/caseload.csv", caseload_csv, methods=["GET"]),
    Route("/api/export/agency.csv", agency_csv, methods=["GET"]),
]

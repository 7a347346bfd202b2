"""Words in the reader's language: gettext catalogs (Babel), and dates, times, numbers and
lists formatted for the locale and the person's timezone.

English is the source language: a message id *is* the English text, with `{name}`
placeholders. `locales/<code>/LC_MESSAGES/messages.po` holds each other language (made
with `make catalogs`: extract, update, compile). The language of the work in hand is a
context variable (`using(code)`), set for each event from the person's account, else the
device's cookie, else its `Accept-Language` (states.base), and for each message the nudge
worker sends from its recipient's account.

On the screens, words are translated in the browser: `components.words.t` renders a
message id as a call of `tr()` in `components/words.js`, which reads the same catalogs
from `components/words_catalog.js` (written from the `.po` files by `make catalogs`).

A missing translation, or one whose placeholders differ from the English, shows the
English and is logged once; an unknown locale is the source language. Nothing breaks.

Reflex 0.10 has no i18n of its own (`rx.t` is not released); when it ships, `t()` and
`tr()` are the two places to move.
"""

from __future__ import annotations

import io
import logging
import string
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta, tzinfo
from functools import cache
from pathlib import Path
from typing import Literal
from zoneinfo import available_timezones

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

log = logging.getLogger(__name__)

SOURCE = "en"
# The languages the app speaks, each named in itself (as a language switch shows it).
LOCALES: dict[str, str] = {"en": "English", "es": "Español"}
HERE = Path(__file__).parent
CATALOGS = HERE / "locales"
DOMAIN = "messages"
# The device's choice of language, kept in a cookie the page's scripts read too (no secret).
COOKIE = "strengthsapp_lang"

_current: ContextVar[str] = ContextVar("strengthsapp_locale", default=SOURCE)
_told: set[tuple[str, str]] = set()


def known(code: object) -> str | None:
    """The app's language for a locale code ("es", "es-MX", "es_419"), or None."""
    if not isinstance(code, str) or not 0 < len(code) <= 35:
        return None
    language = code.strip().replace("_", "-").split("-")[0].lower()
    return language if language in LOCALES else None


def from_accept_language(header: str | None) -> str | None:
    """The first of the app's languages a browser's `Accept-Language` asks for, by weight."""
    wanted: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "")[:500].split(",")):
        code, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        language = known(code)
        if language and weight > 0:
            wanted.append((-weight, position, language))
    return min(wanted)[2] if wanted else None


def choose(*choices: object, accept_language: str | None = None, default: str = SOURCE) -> str:
    """The first known of `choices` (account, then device), else the browser's, else `default`."""
    for choice in choices:
        if language := known(choice):
            return language
    return from_accept_language(accept_language) or known(default) or SOURCE


def current() -> str:
    return _current.get()


@contextmanager
def using(code: object) -> Iterator[str]:
    """The messages and formats of the work inside are in `code` (unknown: English)."""
    language = known(code) or SOURCE
    token = _current.set(language)
    try:
        yield language
    finally:
        _current.reset(token)


def set_current(code: object) -> str:
    """For the rest of this context (an event), messages are in `code`."""
    language = known(code) or SOURCE
    _current.set(language)
    return language


def placeholders(text: str) -> frozenset[str]:
    """The `{names}` in a message (a broken one: a marker no message has)."""
    try:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)
    except ValueError:
        return frozenset({"\0broken"})


def tell_once(code: str, message: str, problem: str) -> None:
    if (code, message) not in _told:
        _told.add((code, message))
        log.warning("translation %s of %r: %s; the English is shown", code, message[:80], problem)


def po_path(code: str) -> Path:
    return CATALOGS / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(code: str) -> Translations | None:
    """The compiled catalog of a language: its `.mo` when it is as new as its `.po`, else
    the `.po` compiled in memory (a checkout where `make catalogs` hasn't run)."""
    po = po_path(code)
    if not po.exists():
        return None
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as file:
            return Translations(file, domain=DOMAIN)
    with po.open("rb") as file:
        catalog = read_po(file, locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@cache
def entries(code: str) -> Mapping[str | tuple[str, int], str]:
    """A language's translations whose placeholders are the English one's: the others are
    dropped (logged once), so the English shows instead of a broken sentence."""
    found = translations(code)
    if found is None:
        return {}
    kept: dict[str | tuple[str, int], str] = {}
    raw: Mapping = found._catalog  # type: ignore[attr-defined]
    for key, text in raw.items():
        message = key[0] if isinstance(key, tuple) else key
        if not message or not text:
            continue
        # A counted message's forms may say the {count} its English singular leaves out ("once").
        allowed = placeholders(message) | ({"count"} if isinstance(key, tuple) else set())
        if placeholders(text) - allowed or (
            not isinstance(key, tuple) and placeholders(text) != placeholders(message)
        ):
            tell_once(code, message, "its placeholders differ")
            continue
        kept[key] = text
    return kept


def plural_index(code: str, count: int) -> int:
    found = translations(code)
    return int(found.plural(count)) if found is not None else int(count != 1)


def fill(code: str, message: str, text: str, values: Mapping[str, object]) -> str:
    if not values and "{" not in text:
        return text
    try:
        return text.format(**values) if values else text
    except (KeyError, IndexError, ValueError, AttributeError):
        tell_once(code, message, "it cannot be filled in")
        try:
            return message.format(**values)
        except (KeyError, IndexError, ValueError, AttributeError):
            return message


def gettext(message: str, /, **values: object) -> str:
    """`message` in the current language, its `{placeholders}` filled in from `values`."""
    code = _current.get()
    text = message
    if code != SOURCE:
        found = entries(code).get(message)
        if found is None:
            if message and translations(code) is not None:
                tell_once(code, message, "it is missing")
        else:
            text = found
    return fill(code, message, text, values)


_ = gettext


def ngettext(singular: str, plural: str, count: int, /, **values: object) -> str:
    """The form of a counted message for `count` (given to it as `{count}` too)."""
    code = _current.get()
    values = {"count": number(count), **values}
    english = singular if count == 1 else plural
    text = english
    if code != SOURCE:
        found = entries(code).get((singular, plural_index(code, count)))
        if found is None:
            tell_once(code, singular, "it is missing")
        else:
            text = found
    return fill(code, english, text, values)


def N_(message: str) -> str:
    """Marks a message for the catalogs where it is defined; translated where it is used."""
    return message


# --- Formats ---------------------------------------------------------------------------


@cache
def babel_locale(code: str) -> Locale:
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(SOURCE)


def day(value: date, *, style: str = "medium") -> str:
    """A date: "3 Dec 2026" / "3 dic 2026"; style "full" names the weekday, "long" the month."""
    return babel_dates.format_date(value, style, locale=babel_locale(_current.get()))


def day_name(value: date) -> str:
    """ "Thursday, December 3" / "jueves, 3 de diciembre" """
    where = babel_locale(_current.get())
    return gettext(
        "{weekday}, {date}",
        weekday=babel_dates.format_date(value, "EEEE", locale=where),
        date=babel_dates.format_skeleton("MMMMd", value, locale=where),
    )


def clock(value: datetime, zone: tzinfo | None = None) -> str:
    """A time of day in the person's timezone: "14:05" / "2:05 PM", as the locale writes it."""
    if zone is not None and value.tzinfo is not None:
        value = value.astimezone(zone)
    return babel_dates.format_time(value, "short", locale=babel_locale(_current.get()))


def moment(value: datetime, zone: tzinfo | None = None) -> str:
    """A date and time in the person's timezone, short."""
    if zone is not None and value.tzinfo is not None:
        value = value.astimezone(zone)
    return gettext("{date}, {time}", date=day(value.date()), time=clock(value))


def ago(value: datetime, now: datetime) -> str:
    """ "3 days ago", "in 2 hours" / "hace 3 días", "dentro de 2 horas" """
    if abs(now - value) < timedelta(minutes=1):
        return gettext("just now")
    return babel_dates.format_timedelta(
        value - now, add_direction=True, threshold=1.0, locale=babel_locale(_current.get())
    )


def number(value: float | int) -> str:
    return babel_numbers.format_decimal(value, locale=babel_locale(_current.get()))


ListStyle = Literal["standard", "standard-short", "or", "or-short", "unit", "unit-short", "unit-narrow"]


def listing(items: Iterable[str], *, style: ListStyle = "standard") -> str:
    """ "Sam, Jordan and Alex" / "Sam, Jordan y Alex" """
    words = list(items)
    return babel_lists.format_list(words, style=style, locale=babel_locale(_current.get())) if words else ""


def timezone_name(zone: str) -> str:
    """A timezone as people know it, in the current language: "Mexico City (Mexico)"-like."""
    try:
        return babel_dates.get_timezone_location(zone, locale=babel_locale(_current.get()))
    except (LookupError, ValueError):
        return zone


@cache
def _timezones(code: str) -> tuple[tuple[str, str], ...]:
    with using(code):
        named = {
            zone: timezone_name(zone)
            for zone in sorted(available_timezones())
            if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
        }
    return tuple(sorted(named.items(), key=lambda item: item[1].casefold()))


def timezones() -> tuple[tuple[str, str], ...]:
    """Every timezone a person may pick, (IANA name, how people know it in the current
    language), sorted by the latter: the choices of a timezone list, never a typed name."""
    return _timezones(_current.get())


def is_timezone(zone: object) -> bool:
    return isinstance(zone, str) and zone in dict(_timezones(SOURCE))

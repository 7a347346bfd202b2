"""The app's languages: the catalogs are complete and sound, a language is chosen from the
account, the device and the browser, a broken or missing translation shows the English
(said once), and the language switch keeps the choice on the device and the account."""

import logging
import re
from unittest import mock

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from sqlmodel import Session
from starlette.testclient import TestClient

from strengthsapp import i18n
from strengthsapp.i18n import build
from strengthsapp.settings import PROJECT_DIR, get_settings
from tests.factories import make_agency, make_user

KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2), "t": None, "tn": (1, 2),
            "tr": None, "trn": (1, 2)}  # fmt: skip
METHODS = [
    ("strengthsapp/**.py", "python"),
    ("assets/*.js", "javascript"),
    ("strengthsapp/*.js", "javascript"),
]


def source_messages() -> dict[str, set[str]]:
    """Every message id in the code (the singular of a counted one), with where it is."""
    found: dict[str, set[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(PROJECT_DIR), METHODS, keywords=KEYWORDS, comment_tags=()
    ):
        key = message[0] if isinstance(message, tuple) else message
        if key:
            found.setdefault(key, set()).add(filename)
    return found


def spanish():
    with i18n.po_path("es").open("rb") as file:
        return read_po(file, locale="es")


def translated(catalog) -> set[str]:
    """The message ids (singulars) with every form translated and not fuzzy."""
    done = set()
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and not message.fuzzy and all(strings):
            done.add(message.id[0] if isinstance(message.id, tuple) else message.id)
    return done


def test_every_message_of_the_code_has_a_spanish_translation():
    missing = sorted(set(source_messages()) - translated(spanish()))
    assert missing == [], (
        f"{len(missing)} messages have no Spanish yet (run `make catalogs`, translate): {missing[:20]}"
    )


def test_no_translation_drops_or_adds_a_placeholder():
    broken = []
    for message in spanish():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        allowed = set().union(*(i18n.placeholders(text) for text in ids))
        for text in strings:
            names = i18n.placeholders(text)
            if text and (names - allowed or (len(ids) == 1 and names != allowed)):
                broken.append((ids[0], text))
    assert broken == []


def test_the_screens_catalog_is_as_new_as_the_translations():
    assert build.TARGET.read_text(encoding="utf-8") == build.catalog_script(), "run `make catalogs`"


def test_the_catalogs_have_no_errors():
    assert [(message.id, errors) for message, errors in spanish().check()] == []


def test_a_language_is_the_accounts_else_the_devices_else_the_browsers():
    assert i18n.choose("es", "en", accept_language="en") == "es"
    assert i18n.choose(None, "es-MX", accept_language="en") == "es"
    assert i18n.choose(None, None, accept_language="fr-FR,es;q=0.8,en;q=0.5") == "es"
    assert i18n.choose(None, "klingon", accept_language="de, zz;q=0.9") == "en"
    assert i18n.choose(None, None, accept_language="", default="es") == "es"
    assert i18n.from_accept_language("en;q=0, es;q=0.1") == "es"
    assert i18n.from_accept_language("es;q=nonsense, en") == "en"
    assert i18n.known("x" * 400) is None and i18n.known(None) is None and i18n.known(["es"]) is None


def test_a_missing_or_broken_translation_shows_the_english_and_is_said_once(caplog, monkeypatch):
    i18n._told.clear()
    i18n.entries.cache_clear()
    broken = {"Hello {name}": "Hola {nombre}", "Fine {name}": "Bien {name}"}
    fake = mock.Mock(_catalog=broken, plural=lambda n: int(n != 1))
    monkeypatch.setattr(i18n, "translations", lambda code: fake)
    with caplog.at_level(logging.WARNING, logger="strengthsapp.i18n"), i18n.using("es"):
        assert i18n._("Hello {name}", name="Sam") == "Hello Sam"
        assert i18n._("Hello {name}", name="Sam") == "Hello Sam"
        assert i18n._("Fine {name}", name="Sam") == "Bien Sam"
        assert i18n._("Not there") == "Not there"
        assert i18n._("Not there") == "Not there"
    i18n.entries.cache_clear()
    said = [r.getMessage() for r in caplog.records]
    assert (
        len([s for s in said if "Hello {name}" in s]) == 1 and len([s for s in said if "Not there" in s]) == 1
    )


def test_a_person_s_words_with_braces_are_never_a_problem():
    with i18n.using("es"):
        assert i18n._("the goal {words}", words="“{weird} {}”") == "la meta “{weird} {}”"


def test_dates_times_numbers_and_lists_follow_the_language():
    from datetime import UTC, date, datetime, timedelta
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 12, 3, 20, 5, tzinfo=UTC)
    with i18n.using("es"):
        assert i18n.day_name(date(2026, 12, 3)) == "jueves, 3 de diciembre"
        assert i18n.clock(moment, ZoneInfo("America/Mexico_City")) == "14:05"
        assert i18n.ago(moment - timedelta(days=3), moment) == "hace 3 días"
        assert i18n.number(1234.5) == "1234,5" or i18n.number(1234.5) == "1.234,5"
        assert i18n.listing(["Sam", "Jordan", "Alex"]) == "Sam, Jordan y Alex"
    assert i18n.day_name(date(2026, 12, 3)) == "Thursday, December 3"
    assert i18n.ago(moment - timedelta(days=3), moment) == "3 days ago"
    assert i18n.listing(["Sam", "Jordan"]) == "Sam and Jordan"


def test_timezones_are_a_list_in_the_readers_language():
    with i18n.using("es"):
        names = dict(i18n.timezones())
    assert names["America/Mexico_City"].startswith("hora de México")
    assert (
        i18n.is_timezone("Europe/Madrid") and not i18n.is_timezone("Mars/Olympus") and not i18n.is_timezone(3)
    )


# The language switch: /api/language, posted by the browser itself from every page.
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_the_switch_keeps_the_language_on_the_device_and_the_account(engine):
    from strengthsapp.api import api
    from strengthsapp.db.models import User
    from strengthsapp.services.sessions import COOKIE_NAME, start_session

    with Session(engine, expire_on_commit=False) as db:
        alice = make_user(db, agency=make_agency(db), name="Alice")
        cookie = start_session(db, user=alice)
        db.commit()
    origin = get_settings().public_url
    with mock.patch("strengthsapp.db.engine.get_engine", return_value=engine):
        client = TestClient(api, base_url=origin)
        answer = client.post("/api/language", data={"locale": "es"}, headers={"origin": origin,
                             "referer": f"{origin}/goals?tab=2"}, cookies={COOKIE_NAME: cookie},
                             follow_redirects=False)  # fmt: skip
        assert answer.status_code == 303 and answer.headers["location"] == "/goals?tab=2"
        set_cookie = answer.headers["set-cookie"]
        assert set_cookie.startswith(f"{i18n.COOKIE}=es;") and "HttpOnly" not in set_cookie
        with Session(engine) as db:
            assert db.get(User, alice.id).locale == "es"
        # Signed out: the device only. Elsewhere: refused. Nonsense: nothing changes.
        answer = client.post("/api/language", data={"locale": "en", "back": "//evil.example/x"},
                             headers={"origin": origin}, follow_redirects=False)  # fmt: skip
        assert answer.headers["location"] == "/" and f"{i18n.COOKIE}=en" in answer.headers["set-cookie"]
        assert client.post("/api/language", data={"locale": "en"}, headers={"origin": "https://evil.example"},
                           follow_redirects=False).status_code == 403  # fmt: skip
        answer = client.post("/api/language", data={"locale": "zz"}, headers={"origin": origin},
                             cookies={COOKIE_NAME: cookie}, follow_redirects=False)  # fmt: skip
        assert "set-cookie" not in answer.headers
        with Session(engine) as db:
            assert db.get(User, alice.id).locale == "es"


def test_the_switch_is_on_every_page_and_names_each_language_in_itself():
    from strengthsapp.pages.parts.frame import language_switch

    rendered = str(language_switch().render())
    for code, name in i18n.LOCALES.items():
        assert (
            name in rendered and f'lang:"{code}"' in rendered.replace(" ", "")
        ) or f'lang:"{code}"' in rendered
    assert re.search(r"/api/language", rendered)


def test_the_routes_answer_in_the_devices_language():
    """The install card, and what a route says (a refusal to the outbox), follow the device's
    choice, else its browser's; an unknown language is English."""
    from strengthsapp.api import api

    origin = get_settings().public_url
    client = TestClient(api, base_url=origin)
    spanish_card = client.get("/manifest.webmanifest", headers={"accept-language": "es-MX,es;q=0.9"}).json()
    assert spanish_card["lang"] == "es" and spanish_card["description"].startswith("Mis metas")
    assert spanish_card["name"] == "strengthsapp"  # the app's own name
    english_card = client.get("/manifest.webmanifest", headers={"accept-language": "tlh, xx;q=0.5"}).json()
    assert english_card["lang"] == "en" and english_card["description"].startswith("My goals")
    client.cookies.set(i18n.COOKIE, "es")
    refused = client.post("/api/ops", content=b"[]", headers={"origin": origin, "accept-language": "en"})
    with i18n.using("es"):
        in_spanish = i18n._("That didn't come through right.")
    assert (
        refused.status_code == 400
        and refused.json()["message"] == in_spanish != "That didn't come through right."
    )


def test_a_nudges_buttons_are_titled_in_the_clients_language():
    from strengthsapp.services.deliveries import actions_in

    assert [a["title"] for a in actions_in("en")] == ["Done", "Not today"]
    spanish_titles = [a["title"] for a in actions_in("es")]
    assert "Done" not in spanish_titles and all(spanish_titles)
    sw = (PROJECT_DIR / "strengthsapp" / "sw.js").read_text()
    assert "nudgeActions(data.actions)" in sw  # the worker shows the titles it was sent


def test_every_word_a_page_shows_is_in_the_screens_catalog():
    """A page translates in the browser, from the screens' catalog: a word list of a service
    shown through t(words) (days, feelings, places…) must be in it, else it stays English."""
    from strengthsapp import strengthsapp as app_module
    from strengthsapp.components import words

    for name in dir(app_module):
        if name.endswith("_page") and callable(page := getattr(app_module, name)):
            page()
    assert len(words.ASKED) > 300
    catalog = build.for_screens(spanish())
    missing = sorted(message for message in words.ASKED if message not in catalog)
    assert missing == [], f"shown on a page but not in the screens' catalog (i18n/build.py): {missing}"


def test_a_counted_sentence_may_say_the_count_its_english_singular_leaves_out():
    with i18n.using("es"):
        once = i18n.ngettext("{name} looked at your board once.", "{name} looked at your board {count} times.", 1,
                             name="Sam")  # fmt: skip
        three = i18n.ngettext("{name} looked at your board once.", "{name} looked at your board {count} times.", 3,
                              name="Sam")  # fmt: skip
    assert (once, three) == ("Sam miró tu tablero una vez.", "Sam miró tu tablero 3 veces.")

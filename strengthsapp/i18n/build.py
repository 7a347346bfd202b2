"""`python -m strengthsapp.i18n.build`: the browser's catalog (components/words_catalog.js)
from the `.po` files, with the messages the screens use: those found in pages/,
components/, the app module and the page scripts in assets/ (the server's own messages
stay on the server). `make catalogs` runs it after extract, update and compile; a test
fails when the file is older than the catalogs."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from strengthsapp.i18n import LOCALES, SOURCE, po_path

TARGET = Path(__file__).resolve().parent.parent / "components" / "words_catalog.js"
# The files whose messages the screens show: pages and components, and the word lists of
# the domain and services that pages show through t(words) (days, feelings, places, roles,
# sharing terms…; tests/test_i18n.py finds any that is missing here).
SCREEN_FILES = re.compile(
    r"^(strengthsapp/(pages|components)/|strengthsapp/strengthsapp\.py$|assets/[^/]+\.js$"
    r"|strengthsapp/domain/(nudges|grants|today|life_domains)\.py$"
    r"|strengthsapp/services/(progress|contacts|resources|first_visit|strengths|plan|people)\.py$)"
)


def for_screens(catalog: Catalog) -> dict[str, str | list[str]]:
    words: dict[str, str | list[str]] = {}
    for message in catalog:
        if (
            not message.id
            or message.fuzzy
            or not any(SCREEN_FILES.match(path) for path, _ in message.locations)
        ):
            continue
        if isinstance(message.id, tuple | list):
            forms = [str(form) for form in message.string]
            if all(forms):
                words[message.id[0]] = forms
        elif message.string:
            words[message.id] = str(message.string)
    return dict(sorted(words.items()))


def plural_function(catalog: Catalog) -> str:
    expression = catalog.plural_expr  # a C expression of n, e.g. (n != 1)
    if not re.fullmatch(r"[n0-9\s()!=<>&|?:%+-]+", expression):
        raise ValueError(f"unexpected plural expression {expression!r}")
    return f"(n) => Number({expression})"


def screen_catalogs() -> tuple[dict[str, dict[str, str | list[str]]], dict[str, str]]:
    """The screens' words in each language but English, and each language's plural rule as
    the text of a JavaScript function (also served as /words.js for the offline screen, pwa.py)."""
    catalogs: dict[str, dict[str, str | list[str]]] = {}
    plurals: dict[str, str] = {}
    for code in LOCALES:
        if code == SOURCE or not po_path(code).exists():
            continue
        with po_path(code).open("rb") as file:
            catalog = read_po(file, locale=code)
        catalogs[code] = for_screens(catalog)
        plurals[code] = plural_function(catalog)
    return catalogs, plurals


def catalog_constants(catalogs: dict[str, dict], plurals: dict[str, str], *, export: bool) -> list[str]:
    """`const CATALOGS = …; const PLURALS = …;` (exported, for the module words.js imports)."""
    keyword = "export const" if export else "const"
    return [
        f"{keyword} CATALOGS = {json.dumps(catalogs, ensure_ascii=False, indent=1, sort_keys=True)};",
        f"{keyword} PLURALS = {{" + ", ".join(f"{json.dumps(c)}: {f}" for c, f in plurals.items()) + "};",
    ]


def catalog_script() -> str:
    catalogs, plurals = screen_catalogs()
    lines = [
        "// Written by `make catalogs` (python -m strengthsapp.i18n.build) from strengthsapp/i18n/locales:",
        "// do not edit. The words of the screens in each language but English (the message ids).",
        *catalog_constants(catalogs, plurals, export=True),
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    TARGET.write_text(catalog_script(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(Path.cwd()) if TARGET.is_relative_to(Path.cwd()) else TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The offline screen has no React bundle: /words.js gives it the screens' words as a plain
script, which behaves as components/words.js does, and the worker keeps it for no signal."""

import json
import re
import shutil
import subprocess

import pytest
from starlette.testclient import TestClient

from strengthsapp import pwa
from strengthsapp.settings import PROJECT_DIR

RUNTIME = shutil.which("node") or shutil.which("bun") or str(PROJECT_DIR / ".tools/node_modules/.bin/bun")
SPANISH = {
    "No signal right now, {name}": "Ahora no hay señal, {name}",
    "{count} thing couldn't be saved.": [
        "{count} cosa no se pudo guardar.",
        "{count} cosas no se pudieron guardar.",
    ],
    "Broken {name}": "Roto {nombre}",
}


@pytest.fixture
def spanish_words(monkeypatch):
    monkeypatch.setattr(pwa, "screen_catalogs", lambda: ({"es": SPANISH}, {"es": "(n) => Number((n != 1))"}))
    pwa.words_script.cache_clear()
    yield pwa.words_script()
    pwa.words_script.cache_clear()


def run_words(script: str, *, cookie: str, languages: list[str]) -> dict:
    """What a page that loaded /words.js reads, on a device with this cookie and these languages."""
    if not shutil.which(RUNTIME):
        pytest.skip("no JavaScript runtime (node or bun)")
    page = f"""
        globalThis.window = globalThis;
        globalThis.document = {{cookie: {json.dumps(cookie)}, title: "", documentElement: {{}}, head: {{}}}};
        globalThis.MutationObserver = class {{ observe() {{}} }};
        Object.defineProperty(globalThis, "navigator", {{value: {{languages: {json.dumps(languages)}}}}});
        const warned = [];
        console.warn = (text) => warned.push(text);
        {script}
        const w = window.strengthsappWords;
        console.log(JSON.stringify({{
          locale: w.locale, lang: document.documentElement.lang,
          hello: w.tr("No signal right now, {{name}}", {{name: "Alex"}}),
          one: w.trn("{{count}} thing couldn't be saved.", "{{count}} things couldn't be saved.", 1),
          three: w.trn("{{count}} thing couldn't be saved.", "{{count}} things couldn't be saved.", 3),
          broken: w.tr("Broken {{name}}", {{name: "x"}}) + w.tr("Broken {{name}}", {{name: "x"}}),
          warned: warned.length,
        }}));
    """
    done = subprocess.run([RUNTIME, "-e", page], capture_output=True, text=True, timeout=30, check=True)
    return json.loads(done.stdout)


def test_the_device_chosen_language_is_spoken_else_the_browsers_else_english(spanish_words):
    chosen = run_words(spanish_words, cookie="other=1; strengthsapp_lang=es", languages=["en-GB"])
    assert chosen["locale"] == chosen["lang"] == "es"
    assert chosen["hello"] == "Ahora no hay señal, Alex"
    assert (chosen["one"], chosen["three"]) == (
        "1 cosa no se pudo guardar.",
        "3 cosas no se pudieron guardar.",
    )

    browser = run_words(spanish_words, cookie="", languages=["fr-FR", "es-MX", "en"])
    assert browser["locale"] == "es" and browser["hello"] == "Ahora no hay señal, Alex"

    english = run_words(spanish_words, cookie="strengthsapp_lang=en", languages=["es-MX"])
    assert english["lang"] == "en" and english["hello"] == "No signal right now, Alex"
    assert english["three"] == "3 things couldn't be saved." and english["warned"] == 0


def test_a_broken_translation_shows_the_english_and_is_told_once(spanish_words):
    read = run_words(spanish_words, cookie="strengthsapp_lang=es", languages=[])
    assert read["broken"] == "Broken xBroken x" and read["warned"] == 1


def test_the_worker_keeps_the_words_with_the_other_offline_files():
    worker = (PROJECT_DIR / "strengthsapp" / "sw.js").read_text()
    kept = re.search(r"const SHELL_FILES = \[(.*?)\];", worker, re.S)
    assert kept and '"/words.js"' in kept.group(1)
    page = pwa.OFFLINE_PAGE.read_text()
    assert page.index('<script src="/words.js">') < page.index('<script src="/outbox.js">')

    from strengthsapp.api import api

    response = TestClient(api).get("/words.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/javascript")
    assert "window.strengthsappWords" in response.text and not re.search(
        r"^\s*(export|import) ", response.text, re.M
    )

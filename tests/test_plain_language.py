"""Plain words, measured: every message a client can meet reads at a level a person with
little reading can follow (textstat: Flesch–Kincaid grade ≤ 6 in English, Fernández-Huerta
≥ 70 in Spanish), and no message names a code or a technical failure.

Readability formulas mean little on a two-word label, so each sentence-long message (8
words or more) is measured on its own, and all of a language's client-facing messages
together as one text. The few that can't meet the bar are listed with the reason."""

import re

import pytest
import textstat

from tests.test_i18n import source_messages, spanish

# Files whose words only staff read (an agency admin, a case manager's caseload).
STAFF_ONLY = {
    "strengthsapp/pages/admin.py",
    "strengthsapp/states/admin.py",
    "strengthsapp/pages/caseload.py",
    "strengthsapp/states/people.py",
    "strengthsapp/services/people.py",
}
SENTENCE = 8  # words: shorter messages are labels and buttons, measured only together
MAX_GRADE_EN = 6.0
MIN_EASE_ES = 70.0
# Messages that can't meet the bar, and why (message id: reason).
ALLOWED: dict[str, str] = {}
# Words of a machine, not of a person: never in front of a client.
TECHNICAL = re.compile(
    r"\b(exception|websocket|abort\w*|invalid|null|undefined|traceback|https?|error|failed|"
    r"failure|server|payload|status code|timeout|\d{3})\b",
    re.IGNORECASE,
)


def as_read(message: str) -> str:
    """The message as a person reads it: a count is a number, other placeholders a name."""
    text = re.sub(r"\{(count|n|done|total|days|minutes|hours)\}", "3", message)
    return re.sub(r"\{\w+\}", "Sam", text)


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def client_facing() -> dict[str, str]:
    """English message id: its Spanish, for every message a client's screens can show."""
    catalog = {}
    for message in spanish():
        if message.id and not message.fuzzy:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            catalog[key] = message.string[0] if isinstance(message.string, tuple) else message.string
    return {key: catalog.get(key, "") for key, where in source_messages().items() if where - STAFF_ONLY}


def grade_en(text: str) -> float:
    textstat.set_lang("en")
    return textstat.flesch_kincaid_grade(text)


def ease_es(text: str) -> float:
    textstat.set_lang("es")
    return textstat.fernandez_huerta(text)


@pytest.fixture(scope="module")
def messages() -> dict[str, str]:
    found = client_facing()
    assert len(found) > 300, "the messages of the client's screens were not found"
    return found


def test_the_measure_tells_plain_from_hard():
    """The bar is a real one: a plain sentence passes and an officious one fails, in both."""
    assert grade_en("I called the shelter myself. It went well.") <= MAX_GRADE_EN
    assert (
        grade_en(
            "Authentication credentials associated with this administrative configuration were invalidated."
        )
        > MAX_GRADE_EN
    )
    assert ease_es("Llamé al refugio yo misma. Me fue bien.") >= MIN_EASE_ES
    assert (
        ease_es(
            "Las credenciales de autenticación asociadas a esta configuración administrativa fueron invalidadas."
        )
        < MIN_EASE_ES
    )


def test_every_client_sentence_reads_at_grade_six_or_below_in_english(messages):
    hard = {
        key: round(grade_en(as_read(key)), 1)
        for key in messages
        if words(as_read(key)) >= SENTENCE and key not in ALLOWED
    }
    hard = {key: grade for key, grade in hard.items() if grade > MAX_GRADE_EN}
    assert hard == {}, f"say these more plainly (Flesch–Kincaid grade > {MAX_GRADE_EN}): {hard}"


def test_every_client_sentence_is_easy_to_read_in_spanish(messages):
    hard = {
        spanish_text: round(ease_es(as_read(spanish_text)), 1)
        for key, spanish_text in messages.items()
        if spanish_text and words(as_read(spanish_text)) >= SENTENCE and key not in ALLOWED
    }
    hard = {text: ease for text, ease in hard.items() if ease < MIN_EASE_ES}
    assert hard == {}, f"dilo más sencillo (Fernández-Huerta < {MIN_EASE_ES}): {hard}"


def test_all_the_client_words_together_are_plain_in_both_languages(messages):
    def as_text(items):
        return " ".join(item.rstrip(".!?:…") + "." for item in map(as_read, items) if item.strip())

    assert grade_en(as_text(messages)) <= MAX_GRADE_EN
    assert ease_es(as_text(text for text in messages.values() if text)) >= MIN_EASE_ES


def test_no_message_names_a_code_or_a_technical_failure():
    technical = {key: sorted(where)[0] for key, where in source_messages().items() if TECHNICAL.search(key)}
    assert technical == {}, f"say what happened and what to do, in a person's words: {technical}"


def test_the_allowed_exceptions_still_exist_and_say_why(messages):
    for key, reason in ALLOWED.items():
        assert key in messages and len(reason.split()) >= 4

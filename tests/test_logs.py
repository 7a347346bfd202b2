"""No secret reaches the server's log: cookies, tab and room tokens, one-time codes."""

import logging

import pytest

from strengthsapp import logs


@pytest.mark.parametrize(
    "line, secret",
    [
        ("headers={'cookie': 'sa_session=AbC-123_xyz; theme=dark'}", "AbC-123_xyz"),
        ('{"cookie": "sa_session=AbC-123_xyz"}', "AbC-123_xyz"),
        ("Cookie: sa_session=AbC-123_xyz; sa_device=1.nonce.mac", "AbC-123_xyz"),
        ("set-cookie: 'sa_device=7.abc.0123456789abcdef'", "0123456789abcdef"),
        ("Attempting to send delta to disconnected client '592312ae-df7a-41db-afd7-bf21b968587b'",
         "592312ae-df7a-41db-afd7-bf21b968587b"),
        ("room board-12-0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef"),
        ("GET /invite?code=s3cr3t-c0de&x=1", "s3cr3t-c0de"),
        ("connect /_event?token=my-tab-token", "my-tab-token"),
        ("{'token': 'my-tab-token', 'ip': '1.2.3.4'}", "my-tab-token"),
        ("'authorization': 'vapid t=eyJhbGciOi.payload.sig,k=BPub'", "eyJhbGciOi"),
    ],
)  # fmt: skip
def test_secrets_are_redacted_from_a_line(line, secret):
    assert secret not in logs.redact(line)
    assert "[redacted]" in logs.redact(line) or "[tab]" in logs.redact(line)


def test_every_record_is_redacted_message_and_traceback(caplog):
    logs.install()
    logger = logging.getLogger("strengthsapp.test")
    with caplog.at_level(logging.INFO):
        logger.info("event from %s", {"cookie": "sa_session=TopSecret1"})
        try:
            raise ValueError("bad event with token=TopSecret2")
        except ValueError:
            logger.exception("handler raised")
    text = caplog.text + "".join(r.getMessage() for r in caplog.records)
    assert "TopSecret1" not in text and "TopSecret2" not in text
    assert "handler raised" in text and "ValueError" in text  # the traceback is kept, as text


def test_plain_words_stay_as_they_are():
    line = "worker one: database unavailable (OperationalError); again in 4 s"
    assert logs.redact(line) == line

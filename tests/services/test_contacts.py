from datetime import UTC, date, datetime

import pytest

from strengthsapp.services.contacts import recent_contacts, record_contact
from strengthsapp.services.errors import InvalidInput, NotAllowed
from strengthsapp.services.today import get_today
from tests.services.conftest import as_actor

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def visit(session, who, client, **kwargs):
    values = {
        "on": date(2026, 11, 25),
        "place": "community",
        "summary": "Coffee at the park; talked about dogs",
    }
    return record_contact(session, actor=as_actor(who), client_id=client.id, now=NOW, **{**values, **kwargs})


def test_the_case_manager_records_a_visit_the_client_sees(session, alice, bob):
    visit(session, bob, alice)
    [seen] = recent_contacts(session, actor=as_actor(alice), client_id=alice.id, today=date(2026, 11, 25))
    assert (seen.when, seen.where, seen.who) == ("Today", "out in the community", "Bob")
    assert get_today(session, actor=as_actor(alice), client_id=alice.id, now=NOW).contacts == [seen]


def test_only_the_assigned_case_manager_records_visits(session, alice, charlie, dana, ada, olga):
    for person in (alice, charlie, dana, ada, olga):
        with pytest.raises(NotAllowed):
            visit(session, person, alice)


def test_peers_do_not_see_contacts(session, alice, bob, charlie):
    visit(session, bob, alice)
    with pytest.raises(NotAllowed):
        recent_contacts(session, actor=as_actor(charlie), client_id=alice.id, today=date(2026, 11, 25))
    assert get_today(session, actor=as_actor(charlie), client_id=alice.id, now=NOW).contacts == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"on": date(2026, 12, 5)}, "on"),
        ({"on": date(2024, 1, 1)}, "on"),
        ({"place": "the moon"}, "place"),
        ({"summary": "   "}, "summary"),
        ({"summary": "x" * 2001}, "summary"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(session, alice, bob, change, field):
    with pytest.raises(InvalidInput) as error:
        visit(session, bob, alice, **change)
    assert error.value.field == field

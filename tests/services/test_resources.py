"""People & places: the client's own, natural or formal, linked to what they help with."""

import pytest
from sqlmodel import select

from strengthsapp.db.models import Resource
from strengthsapp.services.errors import Conflict, InvalidInput, NotAllowed, NotFound
from strengthsapp.services.plan import set_link
from strengthsapp.services.resources import add_resource, edit_resource, get_resources, remove_resource
from tests.factories import make_goal
from tests.services.conftest import as_actor


def test_the_client_lists_people_and_places_natural_and_formal(session, alice, bob):
    goal = make_goal(session, client=alice, text="Swim again")
    pool = add_resource(session, actor=as_actor(alice), client_id=alice.id, name="Leisure centre pool",
                        kind="place", support="natural", how_to_reach="Bus 12, open 7-9")  # fmt: skip
    add_resource(session, actor=as_actor(alice), client_id=alice.id, name="Benefits advice line", kind="service",
                 support="formal", how_to_reach="0800 000 000")  # fmt: skip
    set_link(session, actor=as_actor(alice), what="resource", what_id=pool.id, to="goal", to_id=goal.id,
             linked=True)  # fmt: skip
    shown = get_resources(session, actor=as_actor(bob), client_id=alice.id)
    assert [(r.name, r.support_words, r.helps_with) for r in shown.resources] == [
        ("Benefits advice line", "An agency or health service", []),
        ("Leisure centre pool", "In my everyday life", ["Swim again"]),
    ]
    assert (shown.natural, shown.formal, shown.edits) == (1, 1, False)


@pytest.mark.parametrize("who", ["bob", "charlie", "dana", "ada", "olga"])
def test_only_the_client_changes_them(session, request, alice, bob, charlie, who):
    other = request.getfixturevalue(who)
    pool = add_resource(session, actor=as_actor(alice), client_id=alice.id, name="Pool", kind="place",
                        support="natural")  # fmt: skip
    for attempt in [
        lambda: add_resource(session, actor=as_actor(other), client_id=alice.id, name="x", kind="place",
                             support="natural"),
        lambda: edit_resource(session, actor=as_actor(other), resource_id=pool.id, version=1, name="x",
                              kind="place", support="natural"),
        lambda: remove_resource(session, actor=as_actor(other), resource_id=pool.id),
    ]:  # fmt: skip
        with pytest.raises(NotAllowed):
            attempt()
    assert session.exec(select(Resource.name)).all() == ["Pool"]


def test_a_peer_sees_them_only_if_the_section_was_shared(session, alice, charlie):
    with pytest.raises(NotAllowed):
        get_resources(session, actor=as_actor(charlie), client_id=alice.id)


def test_edits_never_overwrite_and_bad_fields_are_named(session, alice):
    pool = add_resource(session, actor=as_actor(alice), client_id=alice.id, name="Pool", kind="place",
                        support="natural")  # fmt: skip
    edit_resource(session, actor=as_actor(alice), resource_id=pool.id, version=1, name="Pool", kind="place",
                  support="natural", how_to_reach="Bus 12")  # fmt: skip
    with pytest.raises(Conflict) as conflict:
        edit_resource(session, actor=as_actor(alice), resource_id=pool.id, version=1, name="Swimming pool",
                      kind="place", support="natural")  # fmt: skip
    assert conflict.value.current["how_to_reach"] == "Bus 12"
    with pytest.raises(InvalidInput) as bad:
        add_resource(
            session, actor=as_actor(alice), client_id=alice.id, name="x", kind="robot", support="natural"
        )
    assert bad.value.field == "kind"
    with pytest.raises(InvalidInput) as bad:
        add_resource(
            session, actor=as_actor(alice), client_id=alice.id, name="", kind="place", support="natural"
        )
    assert bad.value.field == "name"
    with pytest.raises(NotFound):
        remove_resource(session, actor=as_actor(alice), resource_id="1")

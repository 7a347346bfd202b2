from datetime import timedelta

import pytest

from strengthsapp.db.types import utcnow
from strengthsapp.domain.vocabulary import Role
from strengthsapp.services.activity import agency_activity, board_story
from strengthsapp.services.errors import InvalidInput, NotAllowed
from strengthsapp.services.grants import list_grants, my_people, revoke_grant
from strengthsapp.services.invites import create_grant_invite
from strengthsapp.services.people import assign, caseload, end_assignment, list_assignments, list_people
from strengthsapp.services.today import get_today
from tests.factories import make_agency, make_goal, make_step, make_user, make_win
from tests.services.conftest import as_actor
from tests.services.test_invites import PEER_TERMS


def test_the_client_sees_who_can_see_what_and_until_when(session, alice, charlie):
    create_grant_invite(session, actor=as_actor(alice), client_id=alice.id, terms=PEER_TERMS, name_hint="Jo")
    grants = list_grants(session, actor=as_actor(alice), client_id=alice.id)
    assert [(g.person, g.can, g.waiting) for g in grants] == [
        ("Charlie", "Can see my wins, and cheer my wins", False),
        ("Jo", "Can see my goals and steps and my wins, and cheer my wins", True),
    ]


def test_only_the_client_sees_their_grants(session, alice, bob, charlie):
    for person in (bob, charlie):
        with pytest.raises(NotAllowed):
            list_grants(session, actor=as_actor(person), client_id=alice.id)


def test_revoking_ends_access_at_once(session, alice, charlie):
    make_win(session, client=alice, text="I called Mia")
    assert get_today(session, actor=as_actor(charlie), client_id=alice.id).wins
    grant = list_grants(session, actor=as_actor(alice), client_id=alice.id)[0]
    revoke_grant(session, actor=as_actor(alice), grant_id=grant.id)
    with pytest.raises(NotAllowed):
        get_today(session, actor=as_actor(charlie), client_id=alice.id)
    assert my_people(session, actor=as_actor(charlie)) == []


def test_a_peer_cannot_revoke_or_extend_their_own_grant(session, alice, charlie):
    grant = list_grants(session, actor=as_actor(alice), client_id=alice.id)[0]
    with pytest.raises(NotAllowed):
        revoke_grant(session, actor=as_actor(charlie), grant_id=grant.id)


def test_cancelling_an_open_invitation(session, alice):
    create_grant_invite(session, actor=as_actor(alice), client_id=alice.id, terms=PEER_TERMS, name_hint="Jo")
    waiting = list_grants(session, actor=as_actor(alice), client_id=alice.id)[0]
    revoke_grant(session, actor=as_actor(alice), grant_id=waiting.id)
    assert list_grants(session, actor=as_actor(alice), client_id=alice.id) == []


def test_a_peer_sees_only_the_sections_granted(session, alice, charlie):
    goal = make_goal(session, client=alice, text="Private goal")
    make_step(session, goal=goal, text="Private step")
    make_win(session, client=alice, text="Shared win")
    today = get_today(session, actor=as_actor(charlie), client_id=alice.id)
    assert (today.shows_goals, today.shows_wins) == (False, True)
    assert today.goals == [] and today.next_steps == []
    assert [w.text for w in today.wins] == ["Shared win"]
    people = my_people(session, actor=as_actor(charlie))
    assert [(p.name, p.can) for p in people] == [("Alice", "Can see their wins, and cheer their wins")]


def test_others_cannot_see_the_board(session, alice, dana, ada, olga):
    for person in (dana, ada, olga):
        with pytest.raises(NotAllowed):
            get_today(session, actor=as_actor(person), client_id=alice.id)
    with pytest.raises(NotAllowed):
        get_today(session, actor=None, client_id=alice.id)


def test_the_client_sees_views_and_refusals_in_plain_words(session, alice, bob, dana):
    get_today(session, actor=as_actor(bob), client_id=alice.id)
    with pytest.raises(NotAllowed):
        get_today(session, actor=as_actor(dana), client_id=alice.id)
    story = board_story(session, actor=as_actor(alice), client_id=alice.id)
    assert [(line.sentence, line.refused) for line in story.days[0].lines] == [
        ("Dana tried to open or change something on your board without access, and was stopped.", True),
        ("Bob looked at your board once.", False),
    ]
    assert story.week == ["Bob looked at your board once this week."]


def test_a_case_manager_sees_only_their_own_actions_in_the_activity(session, alice, bob, charlie):
    get_today(session, actor=as_actor(charlie), client_id=alice.id)
    get_today(session, actor=as_actor(bob), client_id=alice.id)
    story = board_story(session, actor=as_actor(bob), client_id=alice.id)
    assert [line.sentence for day in story.days for line in day.lines] == ["You looked at the board once."]
    with pytest.raises(NotAllowed):
        board_story(session, actor=as_actor(charlie), client_id=alice.id)


def test_an_admin_sees_metadata_but_no_content(session, alice, bob, ada):
    get_today(session, actor=as_actor(bob), client_id=alice.id)
    rows = agency_activity(session, actor=as_actor(ada))
    assert ("Bob", "Alice", "board") in [(r.who, r.board, r.kind) for r in rows]
    with pytest.raises(NotAllowed):
        agency_activity(session, actor=as_actor(bob))


def test_an_admin_cannot_read_boards(session, alice, ada):
    make_win(session, client=alice)
    with pytest.raises(NotAllowed):
        get_today(session, actor=as_actor(ada), client_id=alice.id)


def test_an_admin_assigns_and_ends_an_assignment(session, agency, alice, dana, ada):
    assign(session, actor=as_actor(ada), client_id=alice.id, case_manager_id=dana.id)
    assert [c.name for c in caseload(session, actor=as_actor(dana))] == ["Alice"]
    assert get_today(session, actor=as_actor(dana), client_id=alice.id)
    row = next(a for a in list_assignments(session, actor=as_actor(ada)) if a.case_manager == "Dana")
    end_assignment(session, actor=as_actor(ada), assignment_id=row.id, now=utcnow() - timedelta(seconds=1))
    with pytest.raises(NotAllowed):
        get_today(session, actor=as_actor(dana), client_id=alice.id)
    assert caseload(session, actor=as_actor(dana)) == []


def test_assignments_stay_inside_the_agency(session, alice, ada, olga):
    with pytest.raises(NotAllowed):
        assign(session, actor=as_actor(olga), client_id=alice.id, case_manager_id=olga.id)
    outsider = make_user(session, agency=make_agency(session, name="Far"), role=Role.CASE_MANAGER, name="Out")
    with pytest.raises(InvalidInput):
        assign(session, actor=as_actor(ada), client_id=alice.id, case_manager_id=outsider.id)


def test_only_admins_list_people(session, alice, bob, ada):
    names = {p.name for p in list_people(session, actor=as_actor(ada))}
    assert {"Alice", "Bob", "Ada"} <= names
    with pytest.raises(NotAllowed):
        list_people(session, actor=as_actor(bob))

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from strengthsapp import i18n
from strengthsapp.db.models import AuditEvent, CaseAssignment, Grant, Invite, User
from strengthsapp.db.types import utcnow
from strengthsapp.domain.grants import Terms
from strengthsapp.domain.vocabulary import Relationship, Role, Scope, Section
from strengthsapp.services.activity import board_story
from strengthsapp.services.errors import InvalidInput, NotAllowed
from strengthsapp.services.grants import confirm_grant_invite, invitations_awaiting_yes, list_grants
from strengthsapp.services.invites import (
    InviteProblem,
    accept_invite,
    create_account_invite,
    create_grant_invite,
    create_reset_link,
    describe_invite,
    sign_in_links_for,
    sign_in_links_seen,
)
from strengthsapp.services.passwords import verify_password
from strengthsapp.services.sessions import claim_session, resolve_session, start_session
from tests.factories import make_user
from tests.services.conftest import as_actor

NEW_PASSWORD = "sunny window seat 42"
PEER_TERMS = Terms(
    relationship=Relationship.PEER,
    scopes=frozenset({Scope.VIEW, Scope.CHEER}),
    sections=frozenset({Section.WINS, Section.GOALS}),
    days=30,
)


def join(session, code, name="Nia", login="nia", **kwargs):
    return accept_invite(session, code=code, display_name=name, login=login, password=NEW_PASSWORD, **kwargs)


def test_an_admin_invites_a_case_manager_who_sets_a_name_and_password(session, ada):
    code = create_account_invite(session, actor=as_actor(ada), role=Role.CASE_MANAGER, name_hint="Nia")
    assert describe_invite(session, code=code).role == "a case manager"
    accepted = join(session, code, login="Nia@Example.org")
    assert accepted.user.role == "case_manager" and accepted.user.email == "nia@example.org"
    assert verify_password(accepted.user.password_hash, NEW_PASSWORD)
    claimed = claim_session(session, claim=accepted.claim)
    assert resolve_session(session, token=claimed.token).user_id == accepted.user.id


def test_a_client_invited_by_their_case_manager_is_assigned_to_them(session, bob):
    code = create_account_invite(session, actor=as_actor(bob), role=Role.CLIENT)
    client = join(session, code, name="Sol", login="sol").user
    assignment = session.exec(select(CaseAssignment).where(CaseAssignment.client_id == client.id)).one()
    assert assignment.case_manager_id == bob.id


def test_an_invitation_in_spanish_opens_in_spanish_and_the_new_account_speaks_it(session, bob):
    code = create_account_invite(session, actor=as_actor(bob), role=Role.CLIENT, locale="es")
    with i18n.using("es"):
        about = describe_invite(session, code=code)
    assert about.locale == "es"
    assert session.exec(select(Invite)).one().locale == "es"
    # She read it in Spanish (the page's language is the event's): her account speaks it.
    assert join(session, code, name="Sol", login="sol").user.locale == "es"


def test_the_language_the_invitee_read_the_invitation_in_wins_over_the_inviters_choice(session, bob):
    code = create_account_invite(session, actor=as_actor(bob), role=Role.CLIENT, locale="es")
    assert join(session, code, name="Sol", login="sol", locale="en").user.locale == "en"


def test_an_invitation_naming_no_language_leaves_it_to_the_device_then_the_agency(session, bob):
    code = create_account_invite(session, actor=as_actor(bob), role=Role.CLIENT)
    assert describe_invite(session, code=code).locale == ""
    assert join(session, code, name="Sol", login="sol").user.locale == "en"
    code = create_account_invite(session, actor=as_actor(bob), role=Role.CLIENT)
    assert join(session, code, name="Teo", login="teo", locale="es-MX").user.locale == "es"


@pytest.mark.parametrize("locale", ["xx", "klingon", 7, "e" * 40])
def test_an_invitation_in_a_language_we_dont_speak_is_refused_next_to_the_choice(session, bob, locale):
    with pytest.raises(InvalidInput) as refused:
        create_account_invite(session, actor=as_actor(bob), role=Role.CLIENT, locale=locale)
    assert refused.value.field == "locale"
    assert session.exec(select(Invite)).first() is None


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.ADMIN, Role.PEER])
def test_a_case_manager_invites_only_clients(session, bob, role):
    with pytest.raises(NotAllowed):
        create_account_invite(session, actor=as_actor(bob), role=role)


def test_clients_and_peers_cannot_invite_accounts(session, alice, charlie):
    for person in (alice, charlie):
        with pytest.raises(NotAllowed):
            create_account_invite(session, actor=as_actor(person), role=Role.CLIENT)


def test_a_link_works_once(session, ada):
    code = create_account_invite(session, actor=as_actor(ada), role=Role.CLIENT)
    join(session, code)
    with pytest.raises(InviteProblem) as problem:
        join(session, code, login="someone-else")
    assert problem.value.kind == "used"


def test_an_old_link_has_expired(session, ada):
    code = create_account_invite(
        session, actor=as_actor(ada), role=Role.CLIENT, now=utcnow() - timedelta(days=8)
    )
    with pytest.raises(InviteProblem) as problem:
        describe_invite(session, code=code)
    assert problem.value.kind == "expired"


def test_an_unknown_link_is_said_to_be_unknown(session):
    with pytest.raises(InviteProblem) as problem:
        describe_invite(session, code="made-up")
    assert problem.value.kind == "unknown"


def test_bad_input_saves_nothing_and_keeps_the_link_usable(session, ada):
    code = create_account_invite(session, actor=as_actor(ada), role=Role.CLIENT)
    with pytest.raises(InvalidInput) as error:
        accept_invite(session, code=code, display_name="Nia", login="nia", password="password1")
    assert error.value.field == "password"
    with pytest.raises(InvalidInput) as error:
        accept_invite(session, code=code, display_name="  ", login="nia", password=NEW_PASSWORD)
    assert error.value.field == "name"
    assert session.exec(select(User).where(User.email == "nia")).first() is None
    assert join(session, code).user.email == "nia"


def test_a_taken_sign_in_name_is_refused(session, ada, alice):
    code = create_account_invite(session, actor=as_actor(ada), role=Role.CLIENT)
    with pytest.raises(InvalidInput, match="taken"):
        join(session, code, login=alice.email)


def test_a_client_invites_a_peer_who_gets_exactly_the_terms(session, alice):
    code = create_grant_invite(
        session, actor=as_actor(alice), client_id=alice.id, terms=PEER_TERMS, name_hint="Jo"
    )
    about = describe_invite(session, code=code)
    assert about.client == "Alice"
    assert about.terms == "Peer supporter. Can see my goals and steps and my wins, and cheer my wins."
    peer = join(session, code, name="Jo", login="jo.peer").user
    grant = session.exec(select(Grant).where(Grant.grantee_id == peer.id)).one()
    assert (grant.client_id, set(grant.scopes), set(grant.sections)) == (
        alice.id,
        {"view", "cheer"},
        {"wins", "goals"},
    )
    assert grant.accepted_at is not None
    assert timedelta(days=29) < grant.expires_at - grant.accepted_at <= timedelta(days=30)


def test_someone_signed_in_accepts_a_grant_with_their_own_account(session, alice, dana):
    code = create_grant_invite(session, actor=as_actor(alice), client_id=alice.id, terms=PEER_TERMS)
    accepted = accept_invite(session, code=code, signed_in=as_actor(dana))
    assert accepted.user.id == dana.id
    assert session.exec(select(Grant).where(Grant.grantee_id == dana.id)).one().client_id == alice.id


def test_a_client_cannot_accept_their_own_grant_link(session, alice):
    code = create_grant_invite(session, actor=as_actor(alice), client_id=alice.id, terms=PEER_TERMS)
    with pytest.raises(InvalidInput, match="your own board"):
        accept_invite(session, code=code, signed_in=as_actor(alice))


def test_the_case_manager_can_invite_a_peer_with_the_client_and_it_is_recorded(session, alice, bob):
    code = create_grant_invite(session, actor=as_actor(bob), client_id=alice.id, terms=PEER_TERMS)
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "grant.invited_with_client")).one()
    invite = session.exec(select(Invite).where(Invite.for_client_id == alice.id)).one()
    confirm_grant_invite(session, actor=as_actor(alice), invite_id=invite.id)
    assert describe_invite(session, code=code).client == "Alice"


def test_an_invitation_made_with_the_client_waits_for_her_yes_on_her_own_screen(session, alice, bob, dana):
    code = create_grant_invite(
        session, actor=as_actor(bob), client_id=alice.id, terms=PEER_TERMS, name_hint="Eve"
    )
    with pytest.raises(InviteProblem) as problem:
        join(session, code, name="Eve", login="eve")
    assert problem.value.kind == "unconfirmed"
    assert invitations_awaiting_yes(session, actor=as_actor(alice)) == [
        "Bob made an invitation with you for Eve."
    ]
    waiting = [g for g in list_grants(session, actor=as_actor(alice), client_id=alice.id) if g.needs_yes]
    assert [(g.person, g.made_by) for g in waiting] == [("Eve", "Bob")]
    invite_id = -waiting[0].id
    for someone_else in (bob, dana):  # her case manager can't say yes for her, nor can anyone else
        with pytest.raises(NotAllowed):
            confirm_grant_invite(session, actor=as_actor(someone_else), invite_id=invite_id)
    confirm_grant_invite(session, actor=as_actor(alice), invite_id=invite_id)
    assert invitations_awaiting_yes(session, actor=as_actor(alice)) == []
    assert join(session, code, name="Eve", login="eve").user.display_name == "Eve"


def test_the_clients_own_invitation_works_at_once(session, alice):
    code = create_grant_invite(session, actor=as_actor(alice), client_id=alice.id, terms=PEER_TERMS)
    assert join(session, code).user.role == Role.PEER.value


def test_no_one_else_can_invite_to_a_board(session, alice, charlie, dana, ada, olga):
    for person in (charlie, dana, ada, olga):
        with pytest.raises(NotAllowed):
            create_grant_invite(session, actor=as_actor(person), client_id=alice.id, terms=PEER_TERMS)


def test_grant_terms_need_view_and_a_section(session, alice):
    for terms in (
        Terms(Relationship.FRIEND, frozenset({Scope.CHEER}), frozenset({Section.WINS}), 30),
        Terms(Relationship.FRIEND, frozenset({Scope.VIEW}), frozenset(), 30),
        Terms(Relationship.FRIEND, frozenset({Scope.VIEW}), frozenset({Section.WINS}), 5000),
    ):
        with pytest.raises(InvalidInput):
            create_grant_invite(session, actor=as_actor(alice), client_id=alice.id, terms=terms)


def test_a_reset_link_sets_a_new_password_and_ends_old_sessions(session, alice, bob):
    old = start_session(session, user=alice)
    code = create_reset_link(session, actor=as_actor(bob), user_id=alice.id)
    accepted = accept_invite(session, code=code, password=NEW_PASSWORD)
    assert accepted.user.id == alice.id and verify_password(alice.password_hash, NEW_PASSWORD)
    assert resolve_session(session, token=old) is None


def test_reset_links_only_within_the_agency_and_not_for_staff_by_case_managers(
    session, alice, bob, dana, ada, olga
):
    with pytest.raises(NotAllowed):
        create_reset_link(session, actor=as_actor(bob), user_id=dana.id)
    with pytest.raises(NotAllowed):
        create_reset_link(session, actor=as_actor(olga), user_id=alice.id)
    with pytest.raises(NotAllowed):
        create_reset_link(session, actor=as_actor(alice), user_id=bob.id)
    assert create_reset_link(session, actor=as_actor(ada), user_id=dana.id)


def test_no_sign_in_link_for_an_account_that_is_no_more(session, alice, ada):
    alice.is_active = False  # closed, or removed at her request (services.deletion)
    session.add(alice)
    session.flush()
    with pytest.raises(NotAllowed):
        create_reset_link(session, actor=as_actor(ada), user_id=alice.id)


def test_another_case_manager_cannot_make_alice_a_reset_link_and_she_sees_that_someone_tried(
    session, alice, bob, dana
):
    with pytest.raises(NotAllowed):
        create_reset_link(session, actor=as_actor(dana), user_id=alice.id)
    refused = session.exec(select(AuditEvent).where(AuditEvent.action == "denied:reset_password")).one()
    assert refused.actor_id == dana.id and refused.board_client_id == alice.id
    assert session.exec(select(Invite).where(Invite.kind == "reset")).all() == []
    story = board_story(session, actor=as_actor(alice), client_id=alice.id)
    assert any(
        line.refused and line.sentence.startswith("Dana tried to make a sign-in link for you")
        for day in story.days
        for line in day.lines
    )


def test_a_case_manager_makes_links_for_peers_of_his_clients_only(session, alice, bob, charlie, agency):
    assert create_reset_link(session, actor=as_actor(bob), user_id=charlie.id)  # a grant from Alice
    stranger = make_user(session, agency=agency, role=Role.PEER, name="Sid")
    with pytest.raises(NotAllowed):
        create_reset_link(session, actor=as_actor(bob), user_id=stranger.id)


def test_a_case_manager_whose_assignment_ended_makes_no_more_links(session, alice, bob):
    assignment = session.exec(select(CaseAssignment).where(CaseAssignment.client_id == alice.id)).one()
    assignment.until = utcnow() - timedelta(minutes=1)
    session.add(assignment)
    with pytest.raises(NotAllowed):
        create_reset_link(session, actor=as_actor(bob), user_id=alice.id)


def test_a_reset_link_lives_30_minutes_and_works_once(session, alice, bob):
    now = utcnow()
    code = create_reset_link(session, actor=as_actor(bob), user_id=alice.id, now=now)
    with pytest.raises(InviteProblem, match="expired"):
        accept_invite(session, code=code, password=NEW_PASSWORD, now=now + timedelta(minutes=31))
    accept_invite(session, code=code, password=NEW_PASSWORD, now=now + timedelta(minutes=29))
    with pytest.raises(InviteProblem, match="used"):
        accept_invite(session, code=code, password="another long passphrase", now=now + timedelta(minutes=29))


def test_alice_is_told_of_a_reset_link_on_her_activity_her_devices_and_at_her_next_page(session, alice, bob):
    from strengthsapp.db.models import PushNotice
    from strengthsapp.services.nudges import subscribe
    from tests.services.test_nudges import AUTH, KEY

    for name in ("phone", "tablet"):
        subscribe(session, actor=as_actor(alice), session_id=None, endpoint=f"https://push.example.org/{name}",
                  p256dh=KEY, auth=AUTH)  # fmt: skip
    alice.timezone = "Europe/London"
    session.add(alice)
    at = datetime(2026, 12, 2, 14, 5, tzinfo=UTC)
    create_reset_link(session, actor=as_actor(bob), user_id=alice.id, now=at)
    words = "Bob made a new sign-in link for you at 2:05\u202fPM on Dec 2. If you weren't with Bob, tell your agency."
    # Her devices: one notice each, in her own time.
    notices = session.exec(select(PushNotice).where(PushNotice.user_id == alice.id)).all()
    assert sorted(n.endpoint.rsplit("/", 1)[1] for n in notices) == ["phone", "tablet"]
    assert {n.body for n in notices} == {words}
    # Her activity page.
    story = board_story(session, actor=as_actor(alice), client_id=alice.id)
    assert "Bob made a new sign-in link for you." in [
        line.sentence for day in story.days for line in day.lines
    ]
    # The banner, until she says she knows.
    assert [link.words for link in sign_in_links_for(session, actor=as_actor(alice), now=at)] == [words]
    sign_in_links_seen(session, actor=as_actor(alice), now=at)
    assert sign_in_links_for(session, actor=as_actor(alice), now=at) == []
    assert len(sign_in_links_for(session, actor=as_actor(alice), unseen_only=False, now=at)) == 1

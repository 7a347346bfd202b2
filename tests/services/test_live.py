from datetime import timedelta

from strengthsapp.db.types import utcnow
from strengthsapp.services.live import note_viewer, viewers_of


def test_it_remembers_which_browser_shows_which_board_to_whom(session, alice, charlie, bob):
    note_viewer(session, client_token="tab-1", user_id=charlie.id, board_client_id=alice.id)
    note_viewer(session, client_token="tab-2", user_id=bob.id, board_client_id=alice.id)
    assert viewers_of(session, user_id=charlie.id, board_client_id=alice.id) == ["tab-1"]


def test_a_tab_moving_to_another_person_is_updated_not_duplicated(session, alice, charlie, bob):
    note_viewer(session, client_token="tab-1", user_id=charlie.id, board_client_id=alice.id)
    note_viewer(session, client_token="tab-1", user_id=bob.id, board_client_id=alice.id)
    assert viewers_of(session, user_id=charlie.id, board_client_id=alice.id) == []
    assert viewers_of(session, user_id=bob.id, board_client_id=alice.id) == ["tab-1"]


def test_old_tabs_and_silly_tokens_are_ignored(session, alice, charlie):
    note_viewer(session, client_token="old", user_id=charlie.id, board_client_id=alice.id,
                now=utcnow() - timedelta(days=3))  # fmt: skip
    note_viewer(session, client_token="x" * 500, user_id=charlie.id, board_client_id=alice.id)
    note_viewer(session, client_token="", user_id=charlie.id, board_client_id=alice.id)
    assert viewers_of(session, user_id=charlie.id, board_client_id=alice.id) == []


def test_a_screen_refreshed_again_and_again_is_noted_again_only_after_an_hour(session, alice, charlie):
    from strengthsapp.db.models import BoardViewer

    start = utcnow()
    for minutes in (0, 5, 59):
        note_viewer(session, client_token="tab-1", user_id=charlie.id, board_client_id=alice.id,
                    now=start + timedelta(minutes=minutes))  # fmt: skip
    assert session.get(BoardViewer, "tab-1").seen_at == start
    note_viewer(session, client_token="tab-1", user_id=charlie.id, board_client_id=alice.id,
                now=start + timedelta(minutes=61))  # fmt: skip
    assert session.get(BoardViewer, "tab-1").seen_at == start + timedelta(minutes=61)

"""The board finds its views by their class (states.board.board_views): every view of VIEWS
is there once, and each has the display fields its page reads."""

from strengthsapp import strengthsapp as _app  # noqa: F401  (imports every page and state)
from strengthsapp.states.board import VIEWS, BoardView, board_views


def test_every_view_is_found_once():
    names = [cls._view for cls in BoardView.__subclasses__()]
    assert sorted(names) == sorted(set(VIEWS.values()))
    assert set(board_views()) == set(VIEWS.values())

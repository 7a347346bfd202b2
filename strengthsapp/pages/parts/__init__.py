"""What several pages share: the app's frame, the board's frame, the cards two views show.
Not pages themselves: no page imports another page."""

"""The outbox's way onto the page's own socket (`ops_bridge.jsx`)."""

import reflex as rx


class OpsBridge(rx.Component):
    """Draws nothing: links assets/outbox.js to this page's Reflex socket, so that a change
    made while it is up is sent as an event and answered there (states.board.BoardState.send_ops)."""

    library = rx.asset("ops_bridge.jsx", shared=True).importable_path
    tag = "OpsBridge"

    handler: rx.Var[str]


def ops_bridge(handler: str) -> rx.Component:
    """`handler`: the full name of the event handler that takes the operations."""
    return OpsBridge.create(handler=handler)

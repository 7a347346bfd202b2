"""A fold-out (<details>) whose contents are built only when it is first opened."""

import reflex as rx


class FoldOut(rx.Component):
    """`fold_out.jsx`: the summary is always there; the rest is made on the first open and
    then kept (words typed stay when it is folded again). A goal card holds a closed form
    for each of its steps, so on a slow phone the board draws sooner without them."""

    library = rx.asset("fold_out.jsx", shared=True).importable_path
    tag = "FoldOut"

    # Opened and folded from the server's side (and built then), e.g. while there is nothing to fold.
    open: rx.Var[bool]
    # Only opened from the server's side, whenever it turns true; folded only by the person.
    start_open: rx.Var[bool]


def fold_out(summary: rx.Component, *contents: rx.Component, **props: object) -> rx.Component:
    """Full width unless told otherwise: its fields are as wide as the card they open in."""
    return FoldOut.create(summary, *contents, **{"width": "100%", **props})

"""The websocket's door (strengthsapp.sockets): what shape an event must have before
Reflex sees it. Over a real socket: tests/e2e/test_forged_websocket.py, test_tab_tokens.py."""

import importlib
import pkgutil
from typing import Any

import pytest

import strengthsapp.states
from strengthsapp.sockets import FORM_DATA_ENTRIES_KEY, Refused, _checked, _checked_router_data, _parameters
from strengthsapp.states.base import app_state_classes


def app_handlers() -> list[tuple[str, Any]]:
    for module in pkgutil.iter_modules(strengthsapp.states.__path__):
        importlib.import_module(f"strengthsapp.states.{module.name}")
    return [
        (f"{cls.__name__}.{name}", handler.fn)
        for cls in set(app_state_classes())
        for name, handler in cls.event_handlers.items()
        if name != "setvar"
    ]


def test_every_handler_of_the_app_names_the_types_of_its_arguments():
    untyped = [(name, p.name) for name, fn in app_handlers() for p in _parameters(fn) if p.kind == "any"]
    assert untyped == []


# An operation as the outbox sends it on the socket (states.board.send_ops).
OP = {"id": "4f1c0d1e-8a3b-4c2d-9e5f-0a1b2c3d4e5f", "author": 3, "board": 3, "kind": "step.done",
      "fields": {"step": 12}, "base_version": None}  # fmt: skip


@pytest.mark.parametrize(
    "kind, value, expected",
    [
        ("int", 12, 12),
        ("int", "12", 12),
        ("int", -1, -1),
        ("str", "words", "words"),
        ("form", {"win": "I called", "goal": "3", "done": True}, {"win": "I called", "goal": "3", "done": True}),
        ("form", {FORM_DATA_ENTRIES_KEY: [["win", "I called"], ["goal", "3"]]}, {"win": "I called", "goal": "3"}),
        ("value", "on", "on"),
        ("records", [OP], [OP]),
    ],
)  # fmt: skip
def test_what_a_page_sends_goes_through(kind, value, expected):
    assert _checked(kind, value) == expected


@pytest.mark.parametrize(
    "kind, value",
    [
        ("int", "1 OR 1=1"), ("int", 10**30), ("int", True), ("int", 1.5), ("int", {"id": 1}), ("int", None),
        ("str", ["a"]), ("str", "x" * 20_001), ("str", 3),
        ("form", "text"), ("form", [1]), ("form", {"a": {"b": 1}}), ("form", {"a": "x" * 20_001}),
        ("form", {f"f{n}": "1" for n in range(61)}), ("form", {FORM_DATA_ENTRIES_KEY: "nope"}),
        ("form", {FORM_DATA_ENTRIES_KEY: [["a", "b", "c"]]}),
        ("value", {"a": 1}), ("value", [1]), ("bool", "yes"),
        ("records", OP), ("records", [OP] * 21), ("records", [{**OP, "fields": {"a": {"b": 1}}}]),
        ("records", [{**OP, "more": [1]}]), ("records", [{f"k{n}": 1 for n in range(11)}]), ("records", ["op"]),
    ],
)  # fmt: skip
def test_wrong_shapes_are_refused(kind, value):
    with pytest.raises(Refused):
        _checked(kind, value)


def test_router_data_keeps_only_what_a_browser_sends_of_it():
    kept = _checked_router_data(
        {
            "pathname": "/board",
            "query": {"client": "3"},
            "asPath": "/board?client=3",
            "headers": {"cookie": "x"},
        }
    )
    assert kept == {"pathname": "/board", "query": {"client": "3"}, "asPath": "/board?client=3"}
    for bad in ("nope", {"pathname": ["/"]}, {"query": {"client": {"id": 3}}}, {"query": "client=3"}):
        with pytest.raises(Refused):
            _checked_router_data(bad)

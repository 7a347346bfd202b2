"""Words on the screens, in the reader's language: `t("My goals")` is a Var whose value the
browser looks up in its catalog (`words.js`, strengthsapp/i18n), so a page is built once
and read in every language. Placeholders take text or Vars: `t("{name}'s board",
name=State.name)`. Only the words around what people wrote are translated: never pass a
person's own words as the message id."""

from __future__ import annotations

import json

import reflex as rx
from reflex.vars.base import Var, VarData

CATALOG = rx.asset("words_catalog.js", shared=True)
# Every message id a page asked for as it was built: each must be in the screens' catalog
# (tests/test_i18n.py), also the word lists of services shown through t(words).
ASKED: set[str] = set()
LIBRARY = rx.asset("words.js", shared=True).importable_path


def _call(function: str, arguments: list[str], values: dict[str, object]) -> Var[str]:
    parts: list[str] = []
    data = [VarData(imports={LIBRARY: [rx.ImportVar(tag=function)]})]
    for name, value in values.items():
        var = Var.create(value)
        parts.append(f"{json.dumps(name)}: {var!s}")
        data.append(var._get_all_var_data())
    if parts:
        arguments = [*arguments, "{" + ", ".join(parts) + "}"]
    return Var(
        _js_expr=f"{function}({', '.join(arguments)})",
        _var_type=str,
        _var_data=VarData.merge(*data),
    )


def t(message: str, /, **values: object) -> Var[str]:
    """`message` (English, the message id) in the reader's language."""
    ASKED.add(message)
    return _call("tr", [json.dumps(message)], values)


def tn(singular: str, plural: str, count: object, /, **values: object) -> Var[str]:
    """A counted message: the form for `count`, which fills `{count}` too."""
    ASKED.add(singular)
    count_var = Var.create(count)
    data = count_var._get_all_var_data()
    call = _call("trn", [json.dumps(singular), json.dumps(plural), str(count_var)], values)
    return Var(_js_expr=call._js_expr, _var_type=str, _var_data=VarData.merge(call._var_data, data))


def reader_language() -> Var[str]:
    """The language the screens are in on this device ("en", "es")."""
    return Var(
        _js_expr="LOCALE", _var_type=str, _var_data=VarData(imports={LIBRARY: [rx.ImportVar(tag="LOCALE")]})
    )

"""Starlette routes mounted in front of Reflex (`api_transformer`)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from strengthsapp.db.engine import get_engine


async def health(_request: Request) -> JSONResponse:
    """Liveness with the database: load balancers and `make run` poll this."""
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return JSONResponse({"ok": False, "database": "unreachable"}, status_code=503)
    return JSONResponse({"ok": True, "database": "ok"})


api = Starlette(routes=[Route("/api/health", health, methods=["GET"])])

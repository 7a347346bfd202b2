"""Command line for running the app: `python -m strengthsapp.manage prepare|serve|secrets`,
and `purge-deleted` (the worker does it every hour too).

Every failure a person can fix ends in one line that says what is wrong and what to do,
and exit code 2; tracebacks are for bugs.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from pydantic import ValidationError

from strengthsapp.settings import PROJECT_DIR, SettingsError, generate_secrets, get_settings

BUN_BIN = PROJECT_DIR / ".tools" / "node_modules" / ".bin"
# The largest websocket message a page may send (Engine.IO drops the socket above it):
# the longest form is far under it, and a flood of big payloads is refused before Reflex
# parses or logs it (strengthsapp.sockets).
MAX_SOCKET_MESSAGE = 64 * 1024


class Problem(Exception):
    """Something the person running the app can fix; the message says how."""


def check_settings() -> None:
    try:
        get_settings()
    except SettingsError as error:
        raise Problem(str(error)) from None
    except ValidationError as error:
        detail = error.errors()[0]
        name = str(detail["loc"][0]).upper() if detail["loc"] else "a setting"
        raise Problem(f"{name} is not valid: {detail['msg'].removeprefix('Value error, ')}") from None


def check_database() -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    from strengthsapp.db.engine import build_engine, redact

    url = get_settings().database_url
    try:
        engine = build_engine(url)
    except (ArgumentError, NoSuchModuleError, ValueError):
        raise Problem(
            f"DATABASE_URL {url!r} is not a database URL we can use; "
            "try postgresql+psycopg://user@host:5432/dbname, or unset it for the local SQLite file."
        ) from None
    if engine.url.get_backend_name() == "sqlite" and engine.url.database:
        Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise Problem(
            f"cannot reach the database at {redact(url)} ({reason}). "
            "Start it, or fix DATABASE_URL (unset it to use the local SQLite file)."
        ) from None
    finally:
        engine.dispose()


def migrate() -> None:
    from alembic import command
    from alembic.config import Config

    command.upgrade(Config(str(PROJECT_DIR / "alembic.ini")), "head")


def load_demo() -> None:
    """Load demo data into an empty database, and say how to sign in."""
    from strengthsapp.db.engine import session_scope
    from strengthsapp.services.demo import DEMO_PEOPLE, load_demo_data

    settings = get_settings()
    logins = settings.state_dir / "demo-logins.txt"
    password = settings.demo_password or "-".join(
        [*(secrets.choice(DEMO_WORDS) for _ in range(4)), str(secrets.randbelow(90) + 10)]
    )
    with session_scope() as session:
        loaded = load_demo_data(session, password=password)
    if not loaded:
        if logins.exists():
            print(f"Demo sign-ins: see {logins}")
        return
    lines = ["Demo agency: Riverside Community Services. Sign in as:"]
    lines += [f"  {p.email:<8} {p.display_name:<11} ({p.role.value.replace('_', ' ')})" for p in DEMO_PEOPLE]
    lines.append(f"Password for all of them: {password}")
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(logins, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write("\n".join(lines) + "\n")
    print("\n".join(lines))


DEMO_WORDS = (
    "river", "garden", "kettle", "harbor", "maple", "lantern", "meadow", "pebble", "sunrise",
    "violet", "willow", "orchard", "compass", "biscuit", "ribbon", "canyon", "thistle", "juniper",
)  # fmt: skip


def purge_deleted() -> int:
    """Delete now the accounts whose clients asked for it and whose wait is over."""
    from strengthsapp.db.engine import session_scope
    from strengthsapp.db.types import utcnow
    from strengthsapp.services.deletion import PURGE_BATCH, purge_due

    removed = 0
    while True:
        with session_scope() as db:
            done = purge_due(db, now=utcnow())
        removed += len(done)
        if len(done) < PURGE_BATCH:
            break
    accounts = "account" if removed == 1 else "accounts"
    print(
        f"Deleted {removed} {accounts} whose wait was over."
        if removed
        else "No account was due to be deleted."
    )
    return removed


def check_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server will: connections of a just-stopped run (TIME_WAIT) don't count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise Problem(
                    f"port {port} on {host} is in use by another program. Stop it, "
                    f"or choose another port: make run PORT={port + 1}"
                ) from None
            raise Problem(f"cannot listen on {host}:{port} ({error.strerror}); check BIND_HOST.") from None


def reflex_env() -> dict[str, str]:
    """Reflex cannot download bun here: use the one npm installed into .tools/. And the
    websocket's message size limit."""
    env = dict(os.environ)
    env["PATH"] = f"{BUN_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("REFLEX_USE_SYSTEM_BUN", "1")
    env.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
    env.setdefault("REFLEX_CHECK_LATEST_VERSION", "0")
    env.setdefault("REFLEX_SOCKET_MAX_HTTP_BUFFER_SIZE", str(MAX_SOCKET_MESSAGE))
    return env


def reflex_command(port: int, host: str) -> list[str]:
    reflex = Path(sys.executable).with_name("reflex")
    return [
        str(reflex),
        "run",
        "--env",
        "prod",
        "--single-port",
        "--frontend-port",
        str(port),
        "--backend-port",
        str(port),
        "--backend-host",
        host,
    ]


def prepare() -> None:
    """Everything before serving: settings, database, schema, demo data."""
    check_settings()
    check_database()
    migrate()
    if get_settings().demo_enabled:
        load_demo()


def serve(*, with_worker: bool = False) -> int:
    settings = get_settings()
    check_port(settings.bind_host, settings.port)
    if shutil.which("bun", path=str(BUN_BIN)) is None:
        raise Problem("bun is not installed in .tools/; run `make run` (or `make deps`) to install it.")
    print(f"strengthsapp: building and starting on {settings.public_url} ...", flush=True)
    # Its own session, so that stopping us (Ctrl-C, SIGTERM) stops the whole server with us.
    process = subprocess.Popen(
        reflex_command(settings.port, settings.bind_host),
        cwd=PROJECT_DIR,
        env=reflex_env(),
        start_new_session=True,
        preexec_fn=listen_to_ctrl_c,
    )

    def stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    worker: subprocess.Popen | None = None
    try:
        came_up = wait_until_up(process, f"http://127.0.0.1:{settings.port}/ping")
        if came_up and with_worker:  # nudges are sent by a process of their own, beside the app
            worker = subprocess.Popen([sys.executable, "-m", "strengthsapp.worker"], cwd=PROJECT_DIR,
                                      start_new_session=True, preexec_fn=listen_to_ctrl_c)  # fmt: skip
        if came_up:
            print(f"\nstrengthsapp is ready: open {settings.public_url} (Ctrl-C stops it)", flush=True)
        code = process.wait()
    except KeyboardInterrupt:
        stop_server(process)
        return 0
    finally:
        if worker is not None:
            stop_server(worker)
    if code != 0 and not came_up:
        raise Problem(
            f"the app did not start (exit code {code}); the lines above say why. "
            "If the frontend build failed, `make clean run` rebuilds it from scratch."
        )
    if code != 0:
        raise Problem(f"the app stopped with exit code {code}; the lines above say why.")
    return 0


def listen_to_ctrl_c() -> None:
    """In the child: started from a background shell, SIGINT would be ignored (inherited),
    and stopping would wait for the kill. The default lets Python turn it into Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop_server(process: subprocess.Popen) -> None:
    for sig, grace in ((signal.SIGINT, 15), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_until_up(process: subprocess.Popen, ping_url: str) -> bool:
    """Poll /ping until it answers (True) or the server process ends first (False)."""
    while process.poll() is None:
        try:
            with urllib.request.urlopen(ping_url, timeout=1) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="strengthsapp")
    parser.add_argument("command", choices=["prepare", "serve", "run", "secrets", "purge-deleted"])
    args = parser.parse_args(argv)
    try:
        if args.command == "secrets":
            for name, value in generate_secrets().items():
                print(f"{name.upper()}={value}")
            return 0
        if args.command == "purge-deleted":
            check_settings()
            check_database()
            purge_deleted()
            return 0
        if args.command in {"prepare", "run"}:
            prepare()
        if args.command in {"serve", "run"}:
            check_settings()
            return serve(
                with_worker=args.command == "run" and os.environ.get("STRENGTHSAPP_WORKER", "1") != "0"
            )
        return 0
    except Problem as problem:
        print(f"strengthsapp: {problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())

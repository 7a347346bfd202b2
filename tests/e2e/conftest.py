"""The real app, built and served in production mode on one port, driven by Chromium.

One server per test session: `python -m strengthsapp.manage run`, exactly what `make run`
does, on a free port with its own SQLite file, secrets folder and frontend build folder.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from strengthsapp.db.engine import build_engine, session_scope
from strengthsapp.settings import PROJECT_DIR
from tests.conftest import ARTIFACTS

if TYPE_CHECKING:
    from sqlmodel import Session

    from strengthsapp.db.models import User

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TABLET = {"viewport": {"width": 820, "height": 1180}, "is_mobile": True, "has_touch": True}
START_TIMEOUT_S = 240


DEMO_PASSWORD = "river garden kettle 42"


@dataclass
class RunningApp:
    url: str
    log: Path
    process: subprocess.Popen
    database_url: str
    home: Path

    def secret(self, name: str) -> str:
        """One of the server's development secrets (secret_key, vapid_public_key, ...)."""
        import json

        return json.loads((self.home / "state" / "secrets.json").read_text())[name]

    def room_key(self, client_id: int) -> str:
        """The Redis key of this board's room (named with the server's own secret key)."""
        from strengthsapp.rooms import redis_key

        return redis_key(client_id, secret_key=self.secret("secret_key"))

    def db(self):  # type: ignore[no-untyped-def]
        """A unit of work on the app's own database, for arranging and checking."""
        return session_scope(_engine(self.database_url))


@lru_cache
def _engine(url: str):  # type: ignore[no-untyped-def]
    return build_engine(url)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(app: RunningApp) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{app.url}/ping", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    tail = "\n".join(app.log.read_text(errors="replace").splitlines()[-40:])
    pytest.fail(f"the app did not start (exit {app.process.poll()}); last lines:\n{tail}", pytrace=False)


@contextmanager
def running_app(
    home: Path, name: str, *, project_dir: Path = PROJECT_DIR, **extra_env: str
) -> Iterator[RunningApp]:
    """`python -m strengthsapp.manage run` on a free port, with its own database and build
    (of this checkout, or of `project_dir`: a worktree of another commit, for a bench)."""
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / f"{name}.log"
    database_url = f"sqlite:///{home}/app.db"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"PORT", "APP_ENV", "REDIS_URL", "DEMO_MODE"}},
        "DATABASE_URL": database_url,
        "DEMO_PASSWORD": DEMO_PASSWORD,
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "STRENGTHSAPP_STATE_DIR": str(home / "state"),
        "REFLEX_WEB_WORKDIR": str(home / "web"),
        **extra_env,
    }
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "strengthsapp.manage", "run"],
            cwd=project_dir,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    app = RunningApp(
        url=f"http://127.0.0.1:{port}", log=log, process=process, database_url=database_url, home=home
    )
    try:
        wait_until_up(app)
        yield app
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    for sig, grace in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """One worker, state in memory: what `make run` starts."""
    with running_app(tmp_path_factory.mktemp("app"), "app-server") as app:
        yield app


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


@pytest.fixture(scope="session")
def redis_app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """Two workers sharing state through Redis, as an agency would run it."""
    import redis

    try:
        # A database of the tests' own: what an earlier run left in it goes.
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).flushdb()
    except redis.RedisError as error:
        if os.environ.get("STRENGTHSAPP_TESTS_WITHOUT_REDIS") == "1":
            pytest.skip("Redis not reachable and STRENGTHSAPP_TESTS_WITHOUT_REDIS=1")
        pytest.fail(
            f"Redis is not reachable at {REDIS_URL} ({error}); start it or set TEST_REDIS_URL.", pytrace=False
        )
    with running_app(
        tmp_path_factory.mktemp("redis-app"), "redis-app-server", REDIS_URL=REDIS_URL, GRANIAN_WORKERS="2"
    ) as app:
        yield app


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs it.", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_context(browser: Browser, device: dict) -> Iterator[BrowserContext]:
    context = browser.new_context(**device, locale="en-GB", color_scheme="light")
    context.set_default_timeout(20_000)
    yield context
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    for context in open_context(browser, PHONE):
        yield context.new_page()


@pytest.fixture
def tablet(browser: Browser) -> Iterator[Page]:
    for context in open_context(browser, TABLET):
        yield context.new_page()


def from_menu(page: Page, name: str) -> None:
    """On a phone the main menu is one "Menu" button: open it, tap `name`."""
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("menuitem", name=name).click()


def screenshot(page: Page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


AXE = PROJECT_DIR / ".tools" / "node_modules" / "axe-core" / "axe.min.js"


def serious_accessibility_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings (WCAG 2.x A/AA and best practice), as lines.
    Animations (a dialog fading in) finish first: half-faded text is not the contrast shown."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const ending = document.getAnimations()
                .filter(a => a.effect?.getComputedTiming().iterations !== Infinity)
                .map(a => a.finished.catch(() => null));
            await Promise.race([Promise.all(ending), new Promise(done => setTimeout(done, 3000))]);
            return await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa',
                                           'best-practice']}});
        }"""
    )
    import json as _json

    (ARTIFACTS / "axe-last.json").write_text(_json.dumps(result["violations"], indent=1))
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def sign_in(page: Page, app: RunningApp, login: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the real form, as a person would, and wait for their home page."""
    page.goto(f"{app.url}/signin")
    page.get_by_label("Sign-in name or email").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_function("!location.pathname.startsWith('/signin')", timeout=20_000)


def new_client(db: Session, name: str, *, password: str, **fields: Any) -> tuple[User, User]:
    """A client of the demo agency who signs in as "<name>.e2e" with `password`, and Sam,
    its case manager (not yet theirs): a test's own client, so the demo board stays as it is."""
    from sqlmodel import select

    from strengthsapp.db.models import User
    from strengthsapp.services.passwords import hash_password

    sam = db.exec(select(User).where(User.email == "sam")).one()
    client = User(agency_id=sam.agency_id, role="client", display_name=name, email=f"{name.lower()}.e2e",
                  password_hash=hash_password(password), **fields)  # fmt: skip
    db.add(client)
    db.flush()
    return client, sam


def session_cookie(app: RunningApp, login: str) -> str:
    """A real session for a person, made in the app's database (for forged clients)."""
    from sqlmodel import select

    from strengthsapp.db.models import User
    from strengthsapp.services.sessions import start_session

    with app.db() as db:
        user = db.exec(select(User).where(User.email == login)).one()
        return start_session(db, user=user)


def wait_until(page: Page, script: str, arg: Any = None, *, timeout: float = 20.0) -> Any:
    """Poll an (async) expression in the page, each time with page.evaluate, until it gives
    something truthy, and return that."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {script[:200]}")
        page.wait_for_timeout(150)

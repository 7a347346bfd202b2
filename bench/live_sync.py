"""Live sync under load: phones marking steps done while case managers' tablets watch.

Seeds a private PostgreSQL schema with N clients, each with a board (goals with open
steps) and a case manager (one per ten clients), and starts the real production server,
`python -m strengthsapp.manage run` as `make run` does, on a free port: one server for
each number of workers and of users (more than 1 worker shares state through Redis, as an
agency runs it). Each client's phone, and on one board in four the case manager's tablet,
is a Socket.IO client on loopback that speaks Reflex's event protocol with that person's
session cookie; it loads its page as a browser does ("/" or "/board?client=<id>").

Then, phase by phase, with the same sockets:

  refresh    the baseline: every phone sends SessionState.refresh (the page frame's
             on_load: one session lookup, no board work), one after another, paced
  mark_done  every phone marks its next step done, paced: an operation, as the app's
             outbox sends it while the page's socket is up (BoardState.send_ops;
             --write-path post: posted to /api/ops, as with no socket; event: the
             mark_done event of the commits before the outbox); the tablets measure phone→tablet:
             from the phone's tap to the tablet's receiving the delta that shows the step
             done, and the phone its round trip to its own delta showing it
  flat out   both again without pauses: what the server can do

Paced = a tap every `--think` s per user on average (0.5x to 1.5x, at random).
events/s = round trips (the phone's emit to its own delta) per second, all users, from the
first emit of a slice to its last reply.
cpu ms/event = CPU time of the server's processes (and of its PostgreSQL backends) per
round trip: unlike times, it hardly depends on the share of the machine the server got.

This machine is shared and noisy: all servers run at once and the phases take turns
(`--rounds` slices each, server after server), so that all of them meet the same noise;
read the ratios to the baseline, and between setups. `--app DIR` twice or more compares
checkouts (e.g. a git worktree holding a change), the first being the reference.

    .venv/bin/python bench/live_sync.py [--users 50,200] [--workers 1,2] [--seconds 10]
    .venv/bin/python bench/live_sync.py --app /tmp/main-wt --app /tmp/change-wt
    .venv/bin/python bench/live_sync.py --tiny     # a smoke run: 4 users, 1 worker, 2 s
    .venv/bin/python bench/live_sync.py --users 200 --seconds 20 --core-per-worker 0.5

`--core-per-worker` gives each app worker that share of a core to itself (a cgroup): two
workers against one, when the machine's cores are shared with the database, Redis and the
bench (bench/README.md).

Errors in a server's log are counted and printed with its figures (`--logs DIR` keeps the
logs): a run whose server failed measured something else.

Bounded: at most 1000 users and 120 s per phase, and a time limit (`--time-limit`), past
which it stops its servers, drops its schema and exits. Needs PostgreSQL (`--database-url`)
and, for more than one worker, Redis (`--redis-url`: a database of its own, flushed).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp
import socketio
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, text
from sqlmodel import Session, col, update

from strengthsapp.db.engine import build_engine
from strengthsapp.db.models import CaseAssignment, Goal, Step, User
from strengthsapp.db.types import id_of, utcnow
from strengthsapp.services.agency import create_agency
from strengthsapp.services.sessions import COOKIE_NAME, start_session
from strengthsapp.settings import PROJECT_DIR

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"
MAX_USERS = 1000  # bounded: every user is two sockets' worth of work on this machine
MAX_SECONDS = 120
STEPS_PER_GOAL = 10
CASELOAD = 10  # clients per case manager
START_TIMEOUT_S = 240
REPLY_TIMEOUT_S = 30
CONNECT_AT_ONCE = 16

# Full state names, as the frontend (and so a forged client) addresses them.
ROOT = "reflex___state____state"
APP = f"{ROOT}.strengthsapp___states___base____app_state"
TODAY = f"{APP}.strengthsapp___states___today____today_state"
# The board a screen shows, and its events: TodayState's until the board had a state of its
# own (BoardState, strengthsapp/states/board.py); `board_state` says which an app has.
BOARD = f"{APP}.strengthsapp___states___board____board_state"
SESSION = f"{APP}.strengthsapp___states___session____session_state"
BOOT = f"{ROOT}.hydrate_and_load"  # what a browser sends when its websocket connects
REFRESH = f"{SESSION}.refresh"
MARK_DONE = f"{TODAY}.mark_done"
WRITE_PATHS = ("socket", "post", "event")


def board_state(app_dir: Path) -> str:
    return BOARD if (app_dir / "strengthsapp" / "states" / "board.py").exists() else TODAY


# --- the database ---------------------------------------------------------------------


@dataclass
class Board:
    client_id: int
    steps: list[int]
    phone_cookie: str
    manager_cookie: str
    watched: bool


def private_schema(url: str) -> tuple[Engine, str, str]:
    """A new schema in the database, migrated; returns the admin engine, its name and URL."""
    admin = build_engine(url)
    schema = f"bench_live_{secrets.token_hex(4)}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    schema_url = f"{url}{separator}options=-csearch_path%3D{schema}"
    engine = build_engine(schema_url)
    try:
        config = AlembicConfig(str(PROJECT_DIR / "alembic.ini"))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()
    return admin, schema, schema_url


def seed(engine: Engine, *, users: int, steps: int, watch_every: int) -> list[Board]:
    """`users` clients with a board each, a case manager per CASELOAD of them, and sessions."""
    now = utcnow()
    boards = []
    with Session(engine, expire_on_commit=False) as db:
        agency = create_agency(db, name="Bench", slug=f"bench-{secrets.token_hex(4)}")
        managers: list[User] = []
        manager_cookies: list[str] = []
        for n in range(users):
            if n % CASELOAD == 0:
                manager = User(agency_id=id_of(agency), role="case_manager", display_name=f"Manager {n}")
                db.add(manager)
                db.flush()
                managers.append(manager)
                manager_cookies.append(start_session(db, user=manager))
            client = User(agency_id=id_of(agency), role="client", display_name=f"Client {n}", timezone="UTC")
            db.add(client)
            db.flush()
            db.add(
                CaseAssignment(
                    client_id=id_of(client),
                    case_manager_id=id_of(managers[-1]),
                    since=now - timedelta(days=30),
                )
            )
            goals = []
            for g in range(-(-steps // STEPS_PER_GOAL)):
                goal = Goal(
                    client_id=id_of(client),
                    text=f"Goal {g}",
                    domain_key="social",
                    position=g,
                    created_by_id=id_of(client),
                )
                db.add(goal)
                goals.append(goal)
            db.flush()
            rows = [
                Step(goal_id=id_of(goals[s // STEPS_PER_GOAL]), text=f"Step {s}", position=s % STEPS_PER_GOAL)
                for s in range(steps)
            ]
            db.add_all(rows)
            db.flush()
            boards.append(
                Board(
                    client_id=id_of(client),
                    # The order the board lists them in: each mark takes the first open one.
                    steps=[id_of(r) for r in rows],
                    phone_cookie=start_session(db, user=client),
                    manager_cookie=manager_cookies[-1],
                    watched=n % watch_every == 0,
                )
            )
        db.commit()
    return boards


def reopen_steps(engine: Engine, boards: list[Board]) -> None:
    """Every step open again, so that each slice of mark_done starts from the same boards.
    Behind the server's back: the screens must then reload (`Setup.reload`)."""
    step_ids = [step for board in boards for step in board.steps]
    with Session(engine) as db:
        db.exec(update(Step).where(col(Step.id).in_(step_ids)).values(done_at=None, done_by_id=None))  # type: ignore[call-overload]
        db.commit()


# --- the server -----------------------------------------------------------------------


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_server(
    home: Path,
    *,
    app_dir: Path,
    database_url: str,
    workers: int,
    redis_url: str | None,
    core_per_worker: float | None = None,
) -> Iterator[Server]:
    """`python -m strengthsapp.manage run` in `app_dir` on a free port (as tests/e2e/conftest.py
    starts it), with its own state and frontend build folders; with `core_per_worker`, each of
    its workers gets that share of a core, no more (see `capped`)."""
    port = free_port()
    home.mkdir(parents=True, exist_ok=True)
    log = home / "server.log"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"PORT", "APP_ENV", "REDIS_URL", "DEMO_MODE"}},
        "DATABASE_URL": database_url,
        "DEMO_MODE": "0",
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "STRENGTHSAPP_STATE_DIR": str(home / "state"),
        "REFLEX_WEB_WORKDIR": str(home / "web"),
        "GRANIAN_WORKERS": str(workers),
        **({"REDIS_URL": redis_url} if redis_url else {}),
    }
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "strengthsapp.manage", "run"],
            cwd=app_dir,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(url=f"http://127.0.0.1:{port}", process=process, log=log)
    try:
        wait_until_up(server)
        with capped(process.pid, workers, core_per_worker, name=f"live-sync-{port}"):
            yield server
    finally:
        stop(process)


def wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and server.process.poll() is None:
        try:
            with urllib.request.urlopen(f"{server.url}/ping", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    tail = "\n".join(server.log.read_text(errors="replace").splitlines()[-40:])
    raise SystemExit(f"live_sync: the app did not start (exit {server.process.poll()}); last lines:\n{tail}")


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


def app_workers(server_pid: int, count: int) -> list[int]:
    """The app's worker processes: the children of `reflex run` (granian's workers), which
    is the child of `strengthsapp.manage run`; its other child sends push."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        snapshot = cpu_snapshot()
        reflex = [
            pid for pid, (name, parent, _s) in snapshot.items() if parent == server_pid and name == "reflex"
        ]
        found = sorted(pid for pid, (_n, parent, _s) in snapshot.items() if parent in reflex)
        if len(found) >= count:
            return found
        time.sleep(0.5)
    raise SystemExit(f"live_sync: {count} app workers did not start under process {server_pid}")


CGROUP_CPU = Path("/sys/fs/cgroup/cpu")  # cgroup v1's cpu controller
CAP_PERIOD_US = 20_000  # short, so that a capped worker waits 8 ms at most, not 40


@contextlib.contextmanager
def capped(server_pid: int, workers: int, share: float | None, *, name: str) -> Iterator[None]:
    """Each of the server's app workers in a cpu cgroup of its own, with a quota of `share`
    of one core (without a share, nothing: the workers are not even looked for).

    This machine has two cores, and the two workers share them with PostgreSQL, Redis and
    this bench, which leaves them well under two cores: "does a second worker double what
    the server does?" can't be asked as such. With every worker capped at the same share,
    small enough that two fit beside the rest, it can: each worker has its share of a core
    to itself, as each would have a core on a machine sized for it."""
    if share is None:
        yield
        return
    if not (CGROUP_CPU / "cpu.cfs_quota_us").exists() or not os.access(CGROUP_CPU, os.W_OK):
        raise SystemExit(
            f"live_sync: --core-per-worker needs cgroup v1's cpu controller, writable, at {CGROUP_CPU}"
        )
    groups = []
    try:
        for n, pid in enumerate(app_workers(server_pid, workers)):
            group = CGROUP_CPU / f"{name}-{n}"
            group.mkdir(exist_ok=True)
            groups.append(group)
            (group / "cpu.cfs_period_us").write_text(str(CAP_PERIOD_US))
            (group / "cpu.cfs_quota_us").write_text(str(round(share * CAP_PERIOD_US)))
            (group / "cgroup.procs").write_text(str(pid))
        yield
    finally:
        for group in groups:
            for pid in (group / "cgroup.procs").read_text().split():
                with contextlib.suppress(OSError):  # it may have exited meanwhile
                    (CGROUP_CPU / "cgroup.procs").write_text(pid)
            with contextlib.suppress(OSError):
                group.rmdir()


def flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        client.flushdb()
    finally:
        client.close()


# --- where the CPU went ---------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")
CPU_PARTS = ("server", "postgres", "redis", "bench")


def cpu_snapshot() -> dict[int, tuple[str, int, float]]:
    """Every process: (name, parent, CPU seconds so far)."""
    snapshot = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        snapshot[int(entry.name)] = (name, int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS)
    return snapshot


def cpu_used(
    before: dict[int, tuple[str, int, float]],
    after: dict[int, tuple[str, int, float]],
    *,
    server_pid: int,
    database_pids: set[int],
) -> dict[str, float]:
    """CPU seconds between two snapshots: the server's process tree, its PostgreSQL backends,
    Redis, and this bench."""

    def in_server(pid: int) -> bool:
        while pid > 1:
            if pid == server_pid:
                return True
            pid = after[pid][1] if pid in after else 0
        return False

    totals = dict.fromkeys(CPU_PARTS, 0.0)
    for pid, (name, _parent, seconds) in after.items():
        used = seconds - (before[pid][2] if pid in before else 0.0)
        if pid == os.getpid():
            totals["bench"] += used
        elif in_server(pid):
            totals["server"] += used
        elif pid in database_pids:
            totals["postgres"] += used
        elif name.startswith("redis-server"):
            totals["redis"] += used
    return totals


def database_backends(admin: Engine, application_name: str) -> set[int]:
    """The PostgreSQL backend processes serving one server (its connections carry its name)."""
    with admin.connect() as connection:
        rows = connection.execute(
            text("SELECT pid FROM pg_stat_activity WHERE application_name = :name"),
            {"name": application_name},
        )
        return {row[0] for row in rows}


# --- the screens ----------------------------------------------------------------------


def steps_done(delta: dict[str, Any]) -> int | None:
    """How many steps the board in this delta shows done, if the delta shows the board."""
    goals = delta.get(TODAY, {}).get("goals_rx_state_")
    return None if goals is None else sum(goal["steps_done"] for goal in goals)


@dataclass
class Screen:
    """One browser tab: a Socket.IO connection with a session cookie and a client token."""

    server: str
    cookie: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    worker: str = ""
    on_delta: Callable[[dict[str, Any], float], None] | None = None
    done: int = 0  # steps done on the board as this screen last showed it

    async def open(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.client.on("event", self._received, namespace="/_event")
        await self.client.connect(
            f"{self.server}?token={uuid.uuid4()}",
            socketio_path="/_event",
            namespaces=["/_event"],
            transports=["websocket"],
            headers={"Origin": self.server, "Cookie": f"{COOKIE_NAME}={self.cookie}"},
            wait_timeout=REPLY_TIMEOUT_S,
        )

    async def _received(self, data: dict[str, Any]) -> None:
        at = time.perf_counter()
        delta = data.get("delta") or {}
        # Outside production the page frame says which worker process holds the socket.
        if worker := delta.get(SESSION, {}).get("worker_rx_state_"):
            self.worker = worker
        if (done := steps_done(delta)) is not None:
            self.done = done
        if self.on_delta is not None:
            self.on_delta(delta, at)

    async def send(self, name: str, payload: dict[str, Any] | None = None) -> None:
        as_path = self.path + (f"?{urlencode(self.query)}" if self.query else "")
        await self.client.emit(
            "event",
            {
                "name": name,
                "payload": payload or {},
                "router_data": {"pathname": self.path, "query": self.query, "asPath": as_path},
            },
            namespace="/_event",
        )

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.client.disconnect()


class Waiter:
    """A future that the first delta meeting the current condition resolves, with its time."""

    def __init__(self) -> None:
        self.future: asyncio.Future[float] | None = None
        self.condition: Callable[[dict[str, Any]], bool] = lambda _delta: False

    def expect(self, condition: Callable[[dict[str, Any]], bool]) -> asyncio.Future[float]:
        self.condition = condition
        self.future = asyncio.get_running_loop().create_future()
        return self.future

    def __call__(self, delta: dict[str, Any], at: float) -> None:
        if self.future is not None and not self.future.done() and self.condition(delta):
            self.future.set_result(at)


@dataclass
class Phone:
    board: Board
    screen: Screen
    waiter: Waiter = field(default_factory=Waiter)
    marked: int = 0  # steps marked since the board was last reopened
    sent: dict[int, float] = field(default_factory=dict)  # k-th mark -> when it was sent


@dataclass
class Tablet:
    phone: Phone
    screen: Screen
    seen: int = 0  # steps the tablet has shown done, since the board was last reopened
    samples: list[float] = field(default_factory=list)  # phone→tablet, seconds

    def on_delta(self, delta: dict[str, Any], at: float) -> None:
        done = steps_done(delta)
        if done is None or done <= self.seen:
            return
        for k in range(self.seen + 1, done + 1):
            if (sent := self.phone.sent.get(k)) is not None:
                self.samples.append(at - sent)
        self.seen = done


async def gather_bounded(jobs: list[Callable[[], Awaitable[None]]]) -> None:
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)

    async def one(job: Callable[[], Awaitable[None]]) -> None:
        async with gate:
            await job()

    await asyncio.gather(*(one(job) for job in jobs))


async def boot(screen: Screen, waiter: Waiter) -> None:
    """Connect and load the page as a browser does: hydrate, then the page's on_load events."""
    await screen.open()
    loaded = waiter.expect(
        lambda delta: any(delta.get(name, {}).get("loaded_rx_state_") is True for name in (BOARD, TODAY))
    )
    await screen.send(BOOT)
    await asyncio.wait_for(loaded, REPLY_TIMEOUT_S)


async def boot_tablet(tablet: Tablet) -> None:
    waiter = Waiter()
    tablet.screen.on_delta = waiter
    await boot(tablet.screen, waiter)
    tablet.screen.on_delta = tablet.on_delta


# --- one configuration and its phases -------------------------------------------------

PHASES = (  # name, event, paced
    ("refresh", REFRESH, True),
    ("mark_done", MARK_DONE, True),
    ("refresh flat out", REFRESH, False),
    ("mark_done flat out", MARK_DONE, False),
)


@dataclass
class Figures:
    answered: int = 0  # round trips
    seconds: float = 0.0  # from the first emit to the last reply, slice after slice
    round_trip: list[float] = field(default_factory=list)
    propagation: list[float] = field(default_factory=list)
    missing: int = 0
    ran_out: int = 0
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def events_per_s(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    def cpu_ms_per_event(self, part: str) -> float:
        """CPU time per round trip, whatever share of the machine the process got."""
        return self.cpu.get(part, 0.0) * 1000 / self.answered if self.answered else float("nan")


def percentile(samples: list[float], q: int) -> float:
    if not samples:
        return float("nan")
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


@dataclass
class Setup:
    """One server under test: an app folder, a number of workers, a number of users."""

    app: str  # a label for the app folder, when more than one is compared
    app_dir: Path
    workers: int
    users: int
    boards: list[Board]
    application_name: str  # on its database connections, to find its PostgreSQL backends
    core_per_worker: float | None = None
    # How a step is marked done: an operation sent on the page's socket, as the app's outbox
    # sends it while the socket is up ("socket"), posted to /api/ops as with no socket
    # ("post"), or the TodayState.mark_done event of commits before the outbox ("event").
    write_path: str = "socket"
    board: str = TODAY  # the state of the board's events (board_state)
    server: Server | None = None
    http: aiohttp.ClientSession | None = None
    phones: list[Phone] = field(default_factory=list)
    tablets: list[Tablet] = field(default_factory=list)
    figures: dict[str, Figures] = field(default_factory=lambda: {name: Figures() for name, _e, _p in PHASES})

    @property
    def title(self) -> str:
        mode = "state in memory" if self.workers == 1 else "state in Redis"
        plural = "s" if self.workers > 1 else ""
        app = f"{self.app} ({self.write_path}): " if self.app else f"({self.write_path}) "
        cap = f", each on {self.core_per_worker:g} of a core" if self.core_per_worker else ""
        return (
            f"{app}{self.workers} worker{plural} ({mode}{cap}), {self.users} users, "
            f"{len(self.tablets)} tablets watching"
        )

    async def open(self) -> None:
        assert self.server is not None
        url = self.server.url
        self.phones = [Phone(board, Screen(url, board.phone_cookie, "/")) for board in self.boards]
        for phone in self.phones:
            phone.screen.on_delta = phone.waiter
        self.tablets = [
            Tablet(
                phone,
                Screen(url, phone.board.manager_cookie, "/board", {"client": str(phone.board.client_id)}),
            )
            for phone in self.phones
            if phone.board.watched
        ]
        await gather_bounded([lambda p=phone: boot(p.screen, p.waiter) for phone in self.phones])
        await gather_bounded([lambda t=tablet: boot_tablet(t) for tablet in self.tablets])
        self.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64))

    async def close(self) -> None:
        await asyncio.gather(*(screen.close() for screen in self.screens()))
        if self.http is not None:
            await self.http.close()

    async def mark_done(self, phone: Phone, step_id: int) -> None:
        """One tap on "Done", as the app sends it."""
        if self.write_path == "event":
            await phone.screen.send(MARK_DONE, {"step_id": step_id})
            return
        assert self.http is not None and self.server is not None
        op = {"id": str(uuid.uuid4()), "author": phone.board.client_id, "board": phone.board.client_id,
              "kind": "step.done", "fields": {"step": step_id}}  # fmt: skip
        if self.write_path == "socket":
            await phone.screen.send(f"{self.board}.send_ops", {"ops": [op], "ask": op["id"]})
            return
        async with self.http.post(
            f"{self.server.url}/api/ops", json={"ops": [op]},
            headers={"Origin": self.server.url, "Cookie": f"{COOKIE_NAME}={phone.board.phone_cookie}"},
        ) as response:  # fmt: skip
            await response.read()

    def screens(self) -> list[Screen]:
        return [*(p.screen for p in self.phones), *(t.screen for t in self.tablets)]

    async def reload(self) -> None:
        """After `reopen_steps`, every screen that showed a step done shows the board again.
        Otherwise a screen's state on the server still holds the board from before, and when
        the marks bring the board back to just that, the server rightly sends it nothing."""

        async def again(screen: Screen) -> None:
            waiter, listener = Waiter(), screen.on_delta
            reloaded = waiter.expect(lambda delta: steps_done(delta) == 0)

            def both(delta: dict[str, Any], at: float) -> None:
                waiter(delta, at)
                if listener is not None:
                    listener(delta, at)

            screen.on_delta = both
            try:
                await screen.send(f"{self.board}.recheck")  # it reloads the board it shows
                await asyncio.wait_for(reloaded, REPLY_TIMEOUT_S)
            finally:
                screen.on_delta = listener

        await gather_bounded([lambda s=screen: again(s) for screen in self.screens() if screen.done])

    def spread(self) -> str:
        workers = sorted({s.worker for s in self.screens()})
        per_worker = "/".join(str(sum(s.worker == w for s in self.screens())) for w in workers)
        across = sum(t.screen.worker != t.phone.screen.worker for t in self.tablets)
        return (
            f"sockets per worker {per_worker}; "
            f"{across} of {len(self.tablets)} tablets on another worker than their phone"
        )


async def run_slice(
    setup: Setup,
    phase: str,
    event: str,
    *,
    paced: bool,
    think: float,
    seconds: float,
    engine: Engine,
    admin: Engine,
) -> None:
    """Every phone sends `event`, one after another, for `seconds`; adds to the phase's figures."""
    assert setup.server is not None
    figures = setup.figures[phase]
    if event == MARK_DONE:
        reopen_steps(engine, setup.boards)
        for phone in setup.phones:
            phone.marked = 0
            phone.sent.clear()
        for tablet in setup.tablets:
            tablet.seen = 0
        await setup.reload()
    for tablet in setup.tablets:
        tablet.samples.clear()
    pause = think if paced else 0.0
    answered = missing = ran_out = 0
    last_reply = 0.0
    before = cpu_snapshot()
    start = time.perf_counter()
    # Paced users start at random moments of the first `pause` seconds, then tap for `seconds`.
    deadline = start + pause + seconds

    async def user(phone: Phone, rng: random.Random) -> None:
        nonlocal answered, missing, ran_out, last_reply
        if pause:
            await asyncio.sleep(rng.uniform(0, pause))
        while (sent := time.perf_counter()) < deadline:
            if event == MARK_DONE:
                if phone.marked >= len(phone.board.steps):
                    ran_out += 1
                    return
                phone.marked = k = phone.marked + 1
                reply = phone.waiter.expect(lambda delta, k=k: (steps_done(delta) or 0) >= k)
                phone.sent[k] = sent
                await setup.mark_done(phone, phone.board.steps[k - 1])
            else:
                reply = phone.waiter.expect(lambda delta: SESSION in delta)
                await phone.screen.send(REFRESH)
            try:
                arrived = await asyncio.wait_for(reply, REPLY_TIMEOUT_S)
            except TimeoutError:
                missing += 1
                return
            answered += 1
            last_reply = max(last_reply, arrived)
            figures.round_trip.append(arrived - sent)
            if pause:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * pause)

    await asyncio.gather(*(user(phone, random.Random(n)) for n, phone in enumerate(setup.phones)))
    # The tablets catch up with the last marks before anything else runs.
    settle = time.perf_counter() + REPLY_TIMEOUT_S
    while any(t.seen < t.phone.marked for t in setup.tablets) and time.perf_counter() < settle:
        await asyncio.sleep(0.02)
    elapsed = time.perf_counter() - start
    used = cpu_used(
        before,
        cpu_snapshot(),
        server_pid=setup.server.process.pid,
        database_pids=database_backends(admin, setup.application_name),
    )
    for part, seconds_used in used.items():
        figures.cpu[part] = figures.cpu.get(part, 0.0) + seconds_used
    figures.cpu["wall"] = figures.cpu.get("wall", 0.0) + elapsed
    figures.answered += answered
    # Under overload every round trip can outlast the slice (the event loop shares itself
    # among all events in flight), so events/s counts to the last reply, not to the deadline.
    figures.seconds += max(last_reply - start, 0.0)
    figures.missing += missing + sum(max(t.phone.marked - t.seen, 0) for t in setup.tablets)
    figures.ran_out += ran_out
    figures.propagation += [latency for t in setup.tablets for latency in t.samples]


# --- the report -----------------------------------------------------------------------


def ms(samples: list[float], q: int) -> str:
    return f"{percentile(samples, q) * 1000:7.1f}" if samples else "      -"


def ratio(value: float, base: float) -> str:
    return f"x{value / base:.2f}" if base and value == value and base == base else "-"


def cpu(figures: Figures, part: str) -> str:
    value = figures.cpu_ms_per_event(part)
    return f"{value:6.1f}" if value == value else "     -"


def report(setup: Setup) -> None:
    print(setup.title)
    print(
        f"  {'':<28}{'events/s':>9}  {'round trip p50 / p95':>21}  {'phone→tablet p50 / p95':>22}"
        f"  {'cpu ms/event server, db':>23}"
    )
    for paced in (True, False):
        suffix = "" if paced else " flat out"
        base, load = setup.figures[f"refresh{suffix}"], setup.figures[f"mark_done{suffix}"]
        for label, f in ((f"refresh{suffix} (baseline)", base), (f"mark_done{suffix}", load)):
            propagation = f"{ms(f.propagation, 50)} / {ms(f.propagation, 95)} ms" if f.propagation else ""
            print(
                f"  {label:<28}{f.events_per_s:9.1f}  {ms(f.round_trip, 50)} / {ms(f.round_trip, 95)} ms"
                f"  {propagation:>22}  {cpu(f, 'server'):>15}, {cpu(f, 'postgres')}"
            )
        p50, p95 = percentile(base.round_trip, 50), percentile(base.round_trip, 95)
        print(
            f"  {'  mark_done / baseline':<28}{ratio(load.events_per_s, base.events_per_s):>9}  "
            f"{ratio(percentile(load.round_trip, 50), p50):>8} / {ratio(percentile(load.round_trip, 95), p95):>7}   "
            f"{ratio(percentile(load.propagation, 50), p50):>8} / {ratio(percentile(load.propagation, 95), p95):>7}   "
            f"{ratio(load.cpu_ms_per_event('server'), base.cpu_ms_per_event('server')):>15}, "
            f"{ratio(load.cpu_ms_per_event('postgres'), base.cpu_ms_per_event('postgres'))}"
        )
    shares = ", ".join(
        f"{name} " + "/".join(f"{f.cpu.get(part, 0.0) / f.cpu['wall']:.2f}" for part in CPU_PARTS)
        for name, f in setup.figures.items()
    )
    print(f"  cores used (server/postgres/redis/bench): {shares}")
    for name, f in setup.figures.items():
        if f.missing:
            print(f"  ! {name}: {f.missing} replies missing after {REPLY_TIMEOUT_S} s")
        if f.ran_out:
            print(f"  ! {name}: {f.ran_out} users ran out of steps (raise --steps)")
    print(f"  {setup.spread()}")
    if setup.server is not None and (troubles := log_troubles(setup.server.log)):
        print(f"  ! the server logged errors ({setup.server.log.name}):")
        for trouble in troubles[:8]:
            print(f"      {trouble}")


def log_troubles(log: Path) -> list[str]:
    """What went wrong in a server's log: each kind of error or traceback, with its count.
    A run whose server logged errors measured something else than the app at work."""
    kinds: dict[str, int] = {}
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    for n, line in enumerate(lines):
        if line.startswith("Traceback"):
            # The exception is the first line after the traceback that is not indented.
            last = next((after for after in lines[n + 1 :] if after and not after.startswith(" ")), line)
            kind = last.strip()
        elif "ERROR" in line:  # a logged error without a traceback
            kind = line.split("ERROR", 1)[-1].strip()
        else:
            continue
        kind = re.sub(r"token \S+", "token …", kind)[:120]  # one kind, whichever screen
        kinds[kind] = kinds.get(kind, 0) + 1
    return [f"{count} x {kind}" for kind, count in sorted(kinds.items(), key=lambda item: -item[1])]


def compared(new: Setup, old: Setup) -> str:
    """The ratios of one setup's figures to another's."""
    parts = [
        f"{name} {ratio(new.figures[name].events_per_s, old.figures[name].events_per_s)}"
        for name in new.figures
    ]
    paced, flat = (
        (new.figures["mark_done"], old.figures["mark_done"]),
        (
            new.figures["mark_done flat out"],
            old.figures["mark_done flat out"],
        ),
    )
    # events/s = cores the server got / its CPU time per event: which of the two moved?
    cores = (
        ratio(
            flat[0].cpu.get("server", 0.0) / flat[0].cpu["wall"],
            flat[1].cpu.get("server", 0.0) / flat[1].cpu["wall"],
        )
        if flat[0].cpu.get("wall") and flat[1].cpu.get("wall")
        else "-"
    )
    return (
        f"events/s {', '.join(parts)}; mark_done flat out: the server's cores {cores}, "
        f"its cpu per event {ratio(flat[0].cpu_ms_per_event('server'), flat[1].cpu_ms_per_event('server'))}; "
        f"mark_done phone→tablet p95 "
        f"{ratio(percentile(paced[0].propagation, 95), percentile(paced[1].propagation, 95))} paced"
    )


def summary(setups: list[Setup]) -> None:
    print(
        "summary (target: phone→tablet p95 ≤ 250 ms at 200 users on 1 worker; 2 workers ≥ 1.7x the events/s of 1)"
    )
    for s in setups:
        paced, flat = s.figures["mark_done"], s.figures["mark_done flat out"]
        app = f"{s.app}: " if s.app else ""
        print(
            f"  {app}{s.workers} worker{'s' if s.workers > 1 else ' '} {s.users:>4} users: mark_done paced "
            f"{paced.events_per_s:6.1f} events/s, phone→tablet p95 {ms(paced.propagation, 95).strip()} ms; "
            f"flat out {flat.events_per_s:6.1f} events/s, {cpu(flat, 'server').strip()} ms server cpu each"
        )
    by = {(s.app, s.workers, s.users): s for s in setups}
    apps = list(dict.fromkeys(s.app for s in setups))
    for app in apps:
        for users in sorted({s.users for s in setups}):
            one, two = by.get((app, 1, users)), by.get((app, 2, users))
            if one and two:
                print(
                    f"  {f'{app}: ' if app else ''}2 workers / 1 worker, {users} users: {compared(two, one)}"
                )
    for app in apps[1:]:
        for s in setups:
            if s.app == app:
                plural = "s" if s.workers > 1 else ""
                old = by[(apps[0], s.workers, s.users)]
                print(f"  {app} / {apps[0]}, {s.workers} worker{plural}, {s.users} users: {compared(s, old)}")


# --- running it -----------------------------------------------------------------------


def counts(value: str, name: str, most: int) -> list[int]:
    try:
        values = [int(v) for v in value.split(",") if v.strip()]
    except ValueError:
        raise SystemExit(f"live_sync: --{name} takes numbers separated by commas, not {value!r}") from None
    if not values or any(v < 1 or v > most for v in values):
        raise SystemExit(f"live_sync: --{name} values must be between 1 and {most}")
    return values


async def measure(
    setups: list[Setup],
    *,
    rounds: int,
    seconds: float,
    think: float,
    engine: Engine,
    admin: Engine,
    deadline: float,
) -> None:
    """Phases take turns, and so do the setups, so that all of them share the machine's noise:
    round after round, each phase runs a slice on each setup in turn."""
    # Inside the event loop the time limit and SIGTERM cancel this task, so sockets close cleanly.
    signal.setitimer(signal.ITIMER_REAL, 0)
    this = asyncio.current_task()
    assert this is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, this.cancel)
    try:
        async with asyncio.timeout_at(asyncio.get_running_loop().time() + deadline - time.monotonic()):
            for setup in setups:
                await setup.open()
            for _round in range(rounds):
                for phase, event, paced in PHASES:
                    for setup in setups:
                        await run_slice(
                            setup,
                            phase,
                            event,
                            paced=paced,
                            think=think,
                            seconds=seconds / rounds,
                            engine=engine,
                            admin=admin,
                        )
    except TimeoutError:
        if time.monotonic() < deadline:  # not the limit: something inside gave up waiting
            raise
        raise SystemExit("live_sync: over the time limit; servers stopped, schema dropped") from None
    except asyncio.CancelledError:
        raise SystemExit("live_sync: stopped; servers stopped, schema dropped") from None
    finally:
        await asyncio.gather(*(setup.close() for setup in setups))


def migrations(app_dir: Path) -> set[str]:
    return {path.name for path in (app_dir / "alembic" / "versions").glob("*.py")}


def stop_after(seconds: float) -> float:
    """Bounded in time: past the limit, or when told to stop, unwind so that the servers stop
    and the schema goes too. Returns the deadline (time.monotonic)."""

    def give_up(signum: int, _frame: object) -> None:
        reason = "over the time limit" if signum == signal.SIGALRM else f"stopped by signal {signum}"
        raise SystemExit(f"live_sync: {reason}; servers stopped, schema dropped")

    signal.signal(signal.SIGALRM, give_up)
    signal.signal(signal.SIGTERM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return time.monotonic() + seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="50,200", help="numbers of users, e.g. 50,200")
    parser.add_argument(
        "--workers", default="1,2", help="worker counts; more than 1 shares state through Redis"
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time of each phase")
    parser.add_argument("--rounds", type=int, default=2, help="slices each phase is cut into, taking turns")
    parser.add_argument(
        "--think", type=float, default=5.0,
        help="mean pause between a user's taps, paced (5: 200 users ask 40 marks a second, about a third "
        "of what one worker does flat out; 2 asks 80 percent of it)",
    )  # fmt: skip
    parser.add_argument("--steps", type=int, default=40, help="open steps on each board")
    parser.add_argument("--watch-every", type=int, default=4, help="a tablet on every n-th board")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="PostgreSQL; a private schema is used")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="a Redis database of its own: flushed")
    parser.add_argument(
        "--write-path", choices=WRITE_PATHS, default="socket",
        help="how a step is marked done: an operation on the page's socket (the app now, while it is "
        "up), posted to /api/ops (with no socket), or the mark_done event (commits before the "
        "outbox); per app: --app DIR=event",
    )  # fmt: skip
    parser.add_argument(
        "--app", type=Path, action="append", default=[], metavar="DIR[=socket|post|event]",
        help="serve the app from DIR (default: this checkout; the schema is made and seeded by this "
        "checkout's code, so DIR needs the same migrations); given twice or more, e.g. with a git "
        "worktree holding a change, the apps take turns and the first is the reference",
    )  # fmt: skip
    parser.add_argument(
        "--time-limit", type=float, help="stop (cleanly) after this many seconds; by default from the sizes"
    )
    parser.add_argument("--logs", type=Path, metavar="DIR", help="keep the servers' logs in DIR")
    parser.add_argument(
        "--core-per-worker", type=float, metavar="SHARE",
        help="cap each app worker at SHARE of a core (a cgroup of its own; e.g. 0.6, so that two "
        "workers fit beside PostgreSQL, Redis and the bench on two cores): how the server scales "
        "when each worker has its CPU to itself",
    )  # fmt: skip
    parser.add_argument("--tiny", action="store_true", help="a smoke run: 4 users, 1 worker, 2 s phases")
    args = parser.parse_args()
    if args.tiny:
        args.users, args.workers, args.seconds, args.rounds, args.watch_every = "4", "1", 2.0, 1, 2
    users_list = counts(args.users, "users", MAX_USERS)
    workers_list = counts(args.workers, "workers", 8)
    if not 0 < args.seconds <= MAX_SECONDS or not 1 <= args.rounds <= 10:
        raise SystemExit(f"live_sync: --seconds must be in (0, {MAX_SECONDS}], --rounds in 1..10")
    if args.core_per_worker is not None and not 0.05 <= args.core_per_worker <= 1:
        raise SystemExit("live_sync: --core-per-worker must be between 0.05 and 1")
    if args.steps < 1 or args.watch_every < 1 or not 0 <= args.think <= 10:
        raise SystemExit("live_sync: --steps and --watch-every must be at least 1, --think in 0..10")
    write_paths = {}
    for given in args.app:
        folder, _, path = str(given).partition("=")
        write_paths[Path(folder).resolve()] = path or args.write_path
    apps = list(write_paths) or [PROJECT_DIR]
    if not write_paths:
        write_paths[PROJECT_DIR] = args.write_path
    if any(path not in WRITE_PATHS for path in write_paths.values()):
        raise SystemExit("live_sync: a write path is " + ", ".join(WRITE_PATHS))
    for app_dir in apps:
        if not (app_dir / "strengthsapp" / "manage.py").exists():
            raise SystemExit(f"live_sync: {app_dir} holds no strengthsapp to serve")
        if migrations(app_dir) != migrations(PROJECT_DIR):
            raise SystemExit(
                f"live_sync: {app_dir} has other migrations than {PROJECT_DIR}, which makes and seeds "
                "the schema; run a copy of this script from a checkout with the same migrations"
            )

    setups_count = len(apps) * len(workers_list) * len(users_list)
    limit = args.time_limit or setups_count * (
        START_TIMEOUT_S + len(PHASES) * (2 * args.seconds + REPLY_TIMEOUT_S)
    )
    deadline = stop_after(limit)

    home = Path(tempfile.mkdtemp(prefix="live-sync-"))
    admin, schema, schema_url = private_schema(args.database_url)
    engine = build_engine(schema_url)
    uses_redis = any(w > 1 for w in workers_list)
    try:
        if uses_redis:
            flush_redis(args.redis_url)
        setups = [
            Setup(
                app=app_dir.name if len(apps) > 1 else "",
                app_dir=app_dir,
                workers=workers,
                users=users,
                boards=seed(engine, users=users, steps=args.steps, watch_every=args.watch_every),
                application_name=f"live_sync_{schema}_{n}",
                core_per_worker=args.core_per_worker,
                write_path=write_paths[app_dir],
                board=board_state(app_dir),
            )
            for n, (app_dir, workers, users) in enumerate(
                (a, w, u) for a in apps for w in workers_list for u in users_list
            )
        ]
        print(
            f"live sync on {os.cpu_count()} cores: {args.seconds:g} s per phase in {args.rounds} slice(s), "
            f"taking turns; paced = a tap every ~{args.think:g} s per user; "
            f"a tablet on 1 board in {args.watch_every}; boards of {args.steps} steps; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        sys.stdout.flush()
        with contextlib.ExitStack() as servers:
            for n, setup in enumerate(setups):
                setup.server = servers.enter_context(
                    running_server(
                        home / f"server-{n}",
                        app_dir=setup.app_dir,
                        database_url=f"{schema_url}&application_name={setup.application_name}",
                        workers=setup.workers,
                        redis_url=args.redis_url if setup.workers > 1 else None,
                        core_per_worker=setup.core_per_worker,
                    )
                )
            asyncio.run(
                measure(
                    setups,
                    rounds=args.rounds,
                    seconds=args.seconds,
                    think=args.think,
                    engine=engine,
                    admin=admin,
                    deadline=deadline,
                )
            )
            signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic(), 0.001))
        for setup in setups:
            report(setup)
        summary(setups)
        print(f"load average at the end {os.getloadavg()[0]:.1f} (on {os.cpu_count()} cores)")
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
        if uses_redis:
            with contextlib.suppress(Exception):
                flush_redis(args.redis_url)
        if args.logs:
            args.logs.mkdir(parents=True, exist_ok=True)
            for log in home.glob("server-*/server.log"):
                shutil.copy(log, args.logs / f"{log.parent.name}.log")
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()

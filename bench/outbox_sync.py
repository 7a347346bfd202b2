"""The outbox after a long time without signal: 500 changes kept on a tablet and sent once
it reconnects, against the same changes sent one at a time while online.

Starts the real server (`python -m strengthsapp.manage run`, SQLite, one worker) and a real
Chromium at tablet size, signed in as the demo case manager with a client's board open (in
its live room, as in a visit). The changes are a mix of what a visit records: visits,
check-ins, wins. Both ways go through the page's own outbox (assets/outbox.js):

  one at a time   online: each change kept, then sent and answered before the next
  after offline   the tablet offline: 500 changes kept; then online, sent as the outbox
                  does (in order, in batches), until every one is answered

For each: the wall time until all are acknowledged, and the server's CPU time per change
(its processes, from /proc). The ways take turns (`--rounds`), so both meet the same noise;
the ratio is what counts.

    .venv/bin/python bench/outbox_sync.py [--changes 500] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright
from sqlmodel import func, select

from strengthsapp.db.models import CaseAssignment, CheckIn, Contact, Goal, Win
from strengthsapp.db.types import utcnow
from tests.e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TABLET,
    new_client,
    running_app,
    session_cookie,
    wait_until,
)

TICKS = os.sysconf("SC_CLK_TCK")


def server_cpu(leader: int) -> float:
    """CPU seconds (user + system) of the server's process tree (`manage run` starts the
    server in a session of its own, so the tree, not the session)."""
    parents, seconds = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        seconds[pid] = (int(fields[11]) + int(fields[12])) / TICKS

    def in_tree(pid: int) -> bool:
        while pid > 1:
            if pid == leader:
                return True
            pid = parents.get(pid, 0)
        return False

    return sum(used for pid, used in seconds.items() if in_tree(pid))


KEEP = """async ([n, author, board, goal, tag]) => {
  const kinds = [
    (i) => ({kind: "visit.add", fields: {on: new Date().toISOString().slice(0, 10), place: "community",
             summary: tag + " visit " + i}, list: "visits"}),
    (i) => ({kind: "check_in.add", fields: {goal: String(goal), how: tag + " check-in " + i}, list: "goal-" + goal}),
    (i) => ({kind: "win.add", fields: {win: tag + " win " + i}, list: "wins"}),
  ];
  for (let i = 0; i < n; i++) {
    const made = kinds[i % 3](i);
    await saOutbox.add({id: crypto.randomUUID(), author, board, board_name: "", kind: made.kind, fields: made.fields,
                        base_version: null, made_at: Date.now(), list: made.list, words: ""});
  }
}"""
ONE_AT_A_TIME = KEEP.replace(
    'base_version: null, made_at: Date.now(), list: made.list, words: ""});',
    'base_version: null, made_at: Date.now(), list: made.list, words: ""});\n    await saOutbox.send();',
)
ALL_SAVED = """async (author) => (await saOutbox.list(author)).every((o) => o.status === "saved")"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not 1 <= args.changes <= 5000:
        raise SystemExit("outbox_sync: --changes in 1..5000")
    with (
        tempfile.TemporaryDirectory(prefix="bench-outbox-") as home,
        running_app(Path(home), "bench-outbox", STRENGTHSAPP_WORKER="0") as app,
    ):
        with app.db() as db:
            client, sam = new_client(db, "Bo", password="a long unused password")
            db.add(
                CaseAssignment(
                    client_id=client.id, case_manager_id=sam.id, since=utcnow() - timedelta(days=1)
                )
            )
            goal = Goal(
                client_id=client.id, text="Walk to the shops", domain_key="health", created_by_id=client.id
            )
            db.add(goal)
            db.flush()
            ids = {"client": client.id, "sam": sam.id, "goal": goal.id}
        cookie = session_cookie(app, "sam")
        times: dict[str, list[float]] = {"one at a time": [], "after offline": []}
        cpus: dict[str, list[float]] = {"one at a time": [], "after offline": []}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(**TABLET)
            context.add_cookies([{"name": "sa_session", "value": cookie, "url": app.url}])
            page = context.new_page()
            page.goto(f"{app.url}/board?client={ids['client']}")
            page.get_by_role("heading", name="Bo's board").wait_for()
            wait_until(page, "saOutbox.me()")
            arg = [args.changes, ids["sam"], ids["client"], ids["goal"]]
            for round_ in range(args.rounds):
                for way in times:
                    tag = f"r{round_}-{way}"
                    before = server_cpu(app.process.pid)
                    if way == "one at a time":
                        start = time.perf_counter()
                        page.evaluate(ONE_AT_A_TIME, [*arg, tag])
                        wait_until(page, ALL_SAVED, ids["sam"], timeout=600)
                    else:
                        context.set_offline(True)
                        page.evaluate(KEEP, [*arg, tag])
                        context.set_offline(False)
                        start = time.perf_counter()
                        page.evaluate("saOutbox.send()")
                        wait_until(page, ALL_SAVED, ids["sam"], timeout=600)
                    times[way].append(time.perf_counter() - start)
                    cpus[way].append(server_cpu(app.process.pid) - before)
                    page.evaluate("saOutbox.tidy()")
            browser.close()
        with app.db() as db:
            stored = sum(db.exec(select(func.count()).select_from(m).where(m.client_id == ids["client"])).one()
                         for m in (Contact, CheckIn, Win))  # fmt: skip
    n = args.changes
    print(
        f"\n{n} changes (visits, check-ins, wins) from a tablet with the board open, {args.rounds} rounds each"
    )
    print(f"{'':18}{'seconds until all saved':>26}{'server cpu ms / change':>26}")
    for way in times:
        print(f"{way:18}{min(times[way]):>14.2f} (best)  {sum(times[way]) / len(times[way]):>6.2f} (mean)"
              f"{min(cpus[way]) * 1000 / n:>14.2f} (best)  {sum(cpus[way]) * 1000 / n / len(cpus[way]):>6.2f}")  # fmt: skip
    one, after = times["one at a time"], times["after offline"]
    print(f"after offline / one at a time: time x{min(after) / min(one):.2f}, "
          f"server cpu x{min(cpus['after offline']) / min(cpus['one at a time']):.2f}")  # fmt: skip
    expected = n * 2 * args.rounds
    print(
        f"stored: {stored} of {expected} sent" + ("" if stored == expected else "  ! not each exactly once")
    )


if __name__ == "__main__":
    main()

"""How fast the client's board loads on a throttled phone, against a blank Reflex page.

Baseline: a blank Reflex page built and served in the same run, by the same Reflex, bun
and pinned frontend packages (`reflex.lock/`), with Radix Themes and no sitemap but not
the app's build plugin (it stays a stock Reflex page; bench/README.md): the colour-mode button and heading of Reflex's blank template, plus one state
var that its on_load sets. The app is the real production server (`python -m
strengthsapp.manage run`, its own SQLite file and demo data), signed in as the demo client
alex. Target: every median at most 1.10x the blank page's.

    .venv/bin/python bench/board_load.py [--samples 7] [--pages /,/goals] [--no-warm]

The phone: Chromium at 390x844, isMobile, deviceScaleFactor 3, with CPU throttling x4
(`Emulation.setCPUThrottlingRate`) and Chrome DevTools' "Slow 4G" preset
(`Network.emulateNetworkConditions`: latency 562.5 ms, download 180,000 B/s = 1.44 Mbit/s,
upload 84,375 B/s = 0.675 Mbit/s; from DevTools' `NetworkManager.Slow4GConditions`).
The latency is added to every HTTP request and to the websocket's handshake, not to its
frames: the one hydrate-and-load round trip (both pages make exactly one) costs no emulated
latency here, about 150 ms on a real Slow 4G phone.
Both servers speak HTTP/1.1 on 127.0.0.1, so Chromium runs at most six requests at a time.

What is measured for each page load, in ms from the start of navigation:
  first contentful paint  Chromium's paint timing (the prerendered HTML and CSS)
  hydrated    the page's real content is on screen: a marker that renders only after the
              websocket delivered the state on_load set (blank: its greeting; app: the
              page's `main h1`, which on Today is the greeting)
  interactive a tap made as soon as the page is hydrated is handled and its effect is in a
              frame: the colour-mode button, the same Reflex control on both pages, is
              clicked from a task queued at hydration, and the time is taken in the
              animation frame after the <html> class changed. It includes every long task
              still queued after hydration (rendering, effects), which a person would feel.

Three series, loads alternating blank/app to spread the machine's noise:
  cold         a fresh browser context per load: empty HTTP cache (a first visit)
  warm         one context per page, visited once before; then a new tab per load: HTTP
               cache kept, new websocket and client token (reopening the installed app)
  revalidated  the same, but every cached file is asked for again (304 Not Modified)
The blank server sends no Cache-Control, so whether a returning visitor's browser reuses a
file or asks again depends on the file's age (heuristic freshness: a tenth of it), which
would drift during a run. The bench dates the built files to decide it: a month old for
"warm", tomorrow for "revalidated". The app sends its own headers (pages `no-cache`, one
round trip on every visit; hashed /assets/ `immutable`, never asked for again), so in
"warm" its page costs a round trip the blank one doesn't, and in "revalidated" its scripts
cost none while the blank's are asked for again. Service workers are blocked: the throttling is set on the page,
and a worker's own fetches (the app's worker fetches every page it controls) would escape
it. The app's worker serves /assets/ from its cache on a return visit, as "warm" does.

Absolute times mean little on this shared machine; read the ratios. The last tables show
where the time goes: "socket created" is when the JavaScript has run; a message's time is
when the page's main thread got to it, so the gaps between messages and on to "hydrated"
are mostly rendering (traced on the server, the app's whole hydrate-and-load chain takes
about 20 ms); requests, bytes and elements are per load.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Browser, BrowserContext, Error, Page, sync_playwright

from strengthsapp.manage import reflex_command, reflex_env, stop_server, wait_until_up
from strengthsapp.settings import PROJECT_DIR

TARGET = 1.10
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "en-GB",
    "color_scheme": "light",
}
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375}
CPU_SLOWDOWN = 4
DEMO_PASSWORD = "bench meadow lantern 58"
LOAD_TIMEOUT_MS = 60_000
# Environment that would point either server at something else than its own files.
NOT_INHERITED = {
    "PORT",
    "APP_ENV",
    "REDIS_URL",
    "DEMO_MODE",
    "DATABASE_URL",
    "PUBLIC_URL",
    "REFLEX_WEB_WORKDIR",
    "REFLEX_REDIS_URL",
}

BLANK_CONFIG = """import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

config = rx.Config(
    app_name="blank",
    api_url="{url}",
    deploy_url="{url}",
    backend_host="127.0.0.1",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin()],
    disable_plugins=[SitemapPlugin],
)
"""

BLANK_APP = '''"""Reflex's blank template page, plus one state var that on_load sets."""

import reflex as rx


class BlankState(rx.State):
    greeting: str = ""

    @rx.event
    def load(self):
        self.greeting = "Hello"


def index() -> rx.Component:
    return rx.container(
        rx.color_mode.button(position="top-right", id="color-mode"),
        rx.vstack(
            rx.heading("Welcome to Reflex!", size="9"),
            rx.cond(BlankState.greeting != "", rx.text(BlankState.greeting, id="hydrated", size="5")),
            spacing="5",
            justify="center",
            min_height="85vh",
        ),
    )


app = rx.App()
app.add_page(index, route="/", on_load=BlankState.load)
'''

# Installed before any page script. Marks hydration, then taps the control and waits for
# its effect; records the websocket's first moments. Everything in performance.now() ms.
PROBE = """(() => {
  const spec = %s;
  const b = {hydrated: null, interactive: null, prerendered: null, done: false,
             wsCreated: null, wsOpen: null, wsMessages: [], longTasks: []};
  window.__bench = b;
  // The tap below toggles the colour mode, which Reflex keeps: start every load the same.
  try { localStorage.removeItem("theme"); } catch (e) {}
  const ready = () => {
    const el = document.querySelector(spec.hydrated);
    return !!el && el.textContent.trim() !== "";
  };
  document.addEventListener("readystatechange", () => {
    if (document.readyState === "interactive" && b.prerendered === null) b.prerendered = ready();
  });
  let before = null;
  const observer = new MutationObserver(() => {
    if (b.hydrated === null) {
      if (!ready()) return;
      b.hydrated = performance.now();
      setTimeout(() => {
        const control = document.querySelector(spec.control);
        if (!control) { b.error = "no control " + spec.control; b.done = true; return; }
        before = document.documentElement.className;
        control.click();
      }, 0);
    } else if (before !== null && document.documentElement.className !== before) {
      before = null;
      observer.disconnect();
      requestAnimationFrame(() => { b.interactive = performance.now(); b.done = true; });
    }
  });
  observer.observe(document, {childList: true, subtree: true, attributes: true, characterData: true});
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longTasks.push([e.startTime, e.duration]);
  }).observe({type: "longtask", buffered: true});
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      b.wsCreated ??= performance.now();
      this.addEventListener("open", () => { b.wsOpen ??= performance.now(); });
      this.addEventListener("message", (e) => { b.wsMessages.push(performance.now()); });
    }
  };
})();"""

COLLECT = """() => {
  const b = window.__bench;
  const paint = Object.fromEntries(performance.getEntriesByType("paint").map(e => [e.name, e.startTime]));
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  const untilHydrated = b.wsMessages.filter(t => t <= b.hydrated);
  return {
    fcp: paint["first-contentful-paint"] ?? null,
    hydrated: b.hydrated,
    interactive: b.interactive,
    prerendered: b.prerendered,
    html: nav.responseEnd,
    redirects: nav.redirectCount,
    ws_created: b.wsCreated,
    ws_open: b.wsOpen,
    first_message: b.wsMessages.length ? b.wsMessages[0] : null,
    last_message: untilHydrated.length ? untilHydrated[untilHydrated.length - 1] : null,
    messages: untilHydrated.length,
    elements: document.getElementsByTagName("*").length,
    requests: resources.length + 1,
    kilobytes: (resources.reduce((sum, r) => sum + r.transferSize, 0) + nav.transferSize) / 1024,
    blocking: b.longTasks.filter(([start]) => start < b.interactive)
                         .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0),
  };
}"""

METRICS = [("first contentful paint", "fcp"), ("hydrated", "hydrated"), ("interactive", "interactive")]
BREAKDOWN = [
    ("redirects before the page", "redirects", ""),
    ("HTML received", "html", "ms"),
    ("first contentful paint", "fcp", "ms"),
    ("socket created (JS ran)", "ws_created", "ms"),
    ("socket open", "ws_open", "ms"),
    ("first state message", "first_message", "ms"),
    ("last message before hydrated", "last_message", "ms"),
    ("hydrated", "hydrated", "ms"),
    ("interactive", "interactive", "ms"),
    ("socket messages to hydrated", "messages", ""),
    ("long-task blocking time", "blocking", "ms"),
    ("elements in the page", "elements", ""),
    ("requests", "requests", ""),
    ("transferred", "kilobytes", "KB"),
]


@dataclass
class Target:
    """One page to load: where, how to tell it is hydrated, and which control to tap."""

    name: str
    url: str
    hydrated: str
    control: str
    storage_state: dict | None = None
    loads: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"cold": [], "warm": [], "revalidated": []}
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(command: list[str], *, cwd: Path, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        stop_server(process)


def wait_for(process: subprocess.Popen, url: str, log: Path, what: str) -> None:
    if not wait_until_up(process, f"{url}/ping"):
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise SystemExit(f"board_load: {what} did not start (exit {process.poll()}); last lines:\n{tail}")


def inherited_env() -> dict[str, str]:
    return {k: v for k, v in reflex_env().items() if k not in NOT_INHERITED}


def blank_server(home: Path, port: int) -> tuple[list[str], dict[str, str]]:
    """A blank Reflex app in `home`, with the app's pinned frontend packages."""
    (home / "blank").mkdir(parents=True)
    (home / "rxconfig.py").write_text(BLANK_CONFIG.format(url=f"http://127.0.0.1:{port}"))
    (home / "blank" / "__init__.py").write_text("")
    (home / "blank" / "blank.py").write_text(BLANK_APP)
    shutil.copytree(PROJECT_DIR / "reflex.lock", home / "reflex.lock")
    return reflex_command(port, "127.0.0.1"), inherited_env()


def app_server(home: Path, port: int) -> tuple[list[str], dict[str, str]]:
    """The real app as `make run` starts it, with its own database, secrets and build."""
    env = {
        **inherited_env(),
        "DATABASE_URL": f"sqlite:///{home}/app.db",
        "DEMO_PASSWORD": DEMO_PASSWORD,
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "STRENGTHSAPP_STATE_DIR": str(home / "state"),
        "REFLEX_WEB_WORKDIR": str(home / "web"),
    }
    return [sys.executable, "-m", "strengthsapp.manage", "run"], env


# Where no Cache-Control says otherwise (the blank server sends none), Chromium takes a
# tenth of a file's age since Last-Modified as its freshness. Dating the built files makes
# that choice for the warm series: a month old, every file is reused; dated tomorrow, every
# file is asked for again.
BUILD_AGE_S = {"warm": 30 * 86400, "revalidated": -86400}


def start_both(stack: ExitStack, work: Path) -> tuple[str, str]:
    """The blank Reflex app and strengthsapp, built in `work` at once and served until
    `stack` closes; their URLs once both answer (also for bench/lighthouse.py)."""
    blank_port, app_port = free_port(), free_port()
    blank_url, app_url = f"http://127.0.0.1:{blank_port}", f"http://127.0.0.1:{app_port}"
    print(f"building and starting a blank Reflex app and strengthsapp (logs in {work}) ...", flush=True)
    started = time.monotonic()
    command, env = blank_server(work / "blank", blank_port)
    blank_process = stack.enter_context(serving(command, cwd=work / "blank", env=env, log=work / "blank.log"))
    command, env = app_server(work / "app", app_port)
    app_process = stack.enter_context(serving(command, cwd=PROJECT_DIR, env=env, log=work / "app.log"))
    wait_for(blank_process, blank_url, work / "blank.log", "the blank app")
    wait_for(app_process, app_url, work / "app.log", "strengthsapp")
    print(f"both answer after {time.monotonic() - started:.0f} s", flush=True)
    return blank_url, app_url


def date_files(folders: list[Path], age_s: float) -> None:
    when = time.time() - age_s
    for folder in folders:
        if not folder.is_dir():
            raise SystemExit(f"board_load: no frontend build at {folder}")
        for path in folder.rglob("*"):
            os.utime(path, (when, when))


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10):
            return True
    except urllib.error.HTTPError as error:
        return error.code != 404


def sign_in(browser: Browser, url: str) -> dict:
    """Sign in as alex through the real form, unthrottled; the cookie for later loads."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{url}/signin")
    page.get_by_label("Sign-in name or email").fill("alex")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_function("!location.pathname.startsWith('/signin')", timeout=30_000)
    state = context.storage_state()
    context.close()
    return state


def throttled_page(context: BrowserContext) -> Page:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return page


def new_context(browser: Browser, target: Target) -> BrowserContext:
    # Throttling is set per page; a service worker's own fetches would escape it.
    context = browser.new_context(**PHONE, storage_state=target.storage_state, service_workers="block")
    context.add_init_script(PROBE % json.dumps({"hydrated": target.hydrated, "control": target.control}))
    return context


def load(page: Page, target: Target) -> dict[str, Any]:
    page.goto(target.url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
    # The times are taken in the page, so slow polling costs no accuracy and keeps
    # Playwright's own work off the throttled main thread.
    page.wait_for_function("window.__bench && window.__bench.done", timeout=LOAD_TIMEOUT_MS, polling=500)
    result = page.evaluate(COLLECT)
    if result["prerendered"]:
        raise SystemExit(
            f"board_load: {target.hydrated!r} is already in the prerendered HTML of {target.url}; "
            "it cannot tell when the page hydrated."
        )
    if result["interactive"] is None:
        raise SystemExit(f"board_load: {target.url}: {page.evaluate('window.__bench.error')}")
    return result


def cold_load(browser: Browser, target: Target) -> dict[str, Any]:
    context = new_context(browser, target)
    try:
        return load(throttled_page(context), target)
    finally:
        context.close()


def warm_load(context: BrowserContext, target: Target) -> dict[str, Any]:
    page = throttled_page(context)
    try:
        return load(page, target)
    finally:
        page.close()


def first_visit(context: BrowserContext, target: Target) -> None:
    """Fills the context's HTTP cache; unthrottled, as only what it caches matters."""
    page = context.new_page()
    try:
        load(page, target)
    finally:
        page.close()


def measurable(browser: Browser, target: Target) -> str | None:
    """Why this page cannot be measured, or None. Checked once, unthrottled."""
    if not answers(target.url):
        return f"{target.name}: not there yet (404); measuring the other pages only"
    context = new_context(browser, target)
    try:
        page = context.new_page()
        page.goto(target.url)
        try:
            page.wait_for_selector(target.hydrated, timeout=20_000)
        except Error:
            return f"{target.name}: no {target.hydrated!r} within 20 s; not measured"
        if not page.url.startswith(target.url):
            return f"{target.name}: went to {page.url} instead; not measured"
    finally:
        context.close()
    return None


def median(loads: list[dict[str, Any]], key: str) -> float | None:
    values = [load[key] for load in loads if load[key] is not None]
    return statistics.median(values) if values else None


SERIES = {
    "cold": "a fresh browser context per load, empty HTTP cache",
    "warm": "a new tab per load after a first visit; files reused without asking",
    "revalidated": "the same, but each file is asked for again and comes back 304",
}


def print_ratios(series: str, blank: Target, pages: list[Target], samples: int) -> None:
    print(f"\n{series} ({SERIES[series]}): median of {samples} load(s) each")
    print(f"  {'page':<10} {'metric':<24} {'blank ms':>9} {'app ms':>9} {'ratio':>7}  <= {TARGET:.2f}x")
    for page in pages:
        for label, key in METRICS:
            base, ours = median(blank.loads[series], key), median(page.loads[series], key)
            if base is None or ours is None:
                print(f"  {page.name:<10} {label:<24} {'-':>9} {'-':>9} {'-':>7}  -")
                continue
            ratio = ours / base
            verdict = "yes" if ratio <= TARGET else "NO"
            print(f"  {page.name:<10} {label:<24} {base:9.0f} {ours:9.0f} {'x':>2}{ratio:5.2f}  {verdict}")


def print_breakdown(series: str, targets: list[Target]) -> None:
    print(f"\nwhere the time goes ({series}, medians)")
    print(f"  {'':<30}" + "".join(f"{t.name:>12}" for t in targets))
    for label, key, unit in BREAKDOWN:
        cells = []
        for target in targets:
            value = median(target.loads[series], key)
            cells.append(f"{'-' if value is None else f'{value:.0f}'} {unit}".rjust(12))
        print(f"  {label:<30}" + "".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=7, help="loads of each page per series")
    parser.add_argument("--pages", default="/,/goals", help="the app's routes to measure, comma-separated")
    parser.add_argument("--no-warm", dest="warm", action="store_false", help="only the cold-cache series")
    args = parser.parse_args()
    # Started from a background shell, SIGINT is ignored, and children would inherit that:
    # stop_server's SIGINT would then not stop the servers. A handler is reset on exec.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="board-load-")))
        blank_url, app_url = start_both(stack, work)

        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        signed_in = sign_in(browser, app_url)

        blank = Target("blank", f"{blank_url}/", "#hydrated", "#color-mode")
        pages = []
        for route in [r.strip() for r in args.pages.split(",") if r.strip()]:
            page = Target(
                route, f"{app_url}{route}", "main h1", 'button[aria-label="Switch light or dark"]', signed_in
            )
            problem = measurable(browser, page)
            if problem:
                print(problem)
            else:
                pages.append(page)
        if not pages:
            raise SystemExit("board_load: none of the pages can be measured")
        targets = [blank, *pages]

        for i in range(args.samples):
            for target in targets if i % 2 == 0 else reversed(targets):
                target.loads["cold"].append(cold_load(browser, target))
        series = ["cold"]
        if args.warm:
            builds = [work / "blank" / ".web" / "build" / "client", work / "app" / "web" / "build" / "client"]
            for name in ("warm", "revalidated"):
                date_files(builds, BUILD_AGE_S[name])
                series.append(name)
                with ExitStack() as contexts:
                    context = {t.name: contexts.enter_context(new_context(browser, t)) for t in targets}
                    for target in targets:
                        first_visit(context[target.name], target)
                    for i in range(args.samples):
                        for target in targets if i % 2 == 0 else reversed(targets):
                            target.loads[name].append(warm_load(context[target.name], target))

        print(
            f"\nBoard load on a throttled phone (390x844 @3x, CPU x{CPU_SLOWDOWN}, Slow 4G: "
            f"{SLOW_4G['latency']} ms, {SLOW_4G['downloadThroughput'] * 8 / 1e6:.2f}/"
            f"{SLOW_4G['uploadThroughput'] * 8 / 1e6:.3f} Mbit/s) vs a blank Reflex page built in this run"
        )
        for name in series:
            print_ratios(name, blank, pages, args.samples)
        for name in series:
            print_breakdown(name, targets)


if __name__ == "__main__":
    main()

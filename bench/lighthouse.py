"""Lighthouse (mobile) on the sign-in page and on Today, signed in, against a blank Reflex
page built and served in the same run (the same servers as bench/board_load.py).

Issue 21's targets: performance >= 90 on both pages, accessibility stays 100. Lighthouse's
own mobile preset: a Moto G Power sized screen, simulated Slow 4G and a 4x slower CPU
(its "simulate" throttling, so the score hardly depends on this machine's load; the
blocking time still does, a little: read it beside the blank page's). Each page runs
`--runs` times; the median of each figure is printed, and the app's over the blank's.

Lighthouse 12.8 (13 needs Node 22) is installed on first use into
.tools/lighthouse/ with npm, outside the app's own tools (make deps does not need it).

    .venv/bin/python bench/lighthouse.py [--runs 3] [--pages /signin,/]
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from board_load import (  # the bench next to this one: its servers and its sign-in
    CHROMIUM,
    CHROMIUM_ARGS,
    sign_in,
    start_both,
)
from playwright.sync_api import sync_playwright

from strengthsapp.settings import PROJECT_DIR

LIGHTHOUSE_VERSION = "12.8.2"
TOOLS = PROJECT_DIR / ".tools" / "lighthouse"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
AUDITS = {  # what is printed beside the scores (Lighthouse audit id: label)
    "first-contentful-paint": "FCP ms",
    "largest-contentful-paint": "LCP ms",
    "total-blocking-time": "TBT ms",
    "speed-index": "SI ms",
}


def install() -> None:
    if LIGHTHOUSE.exists():
        return
    TOOLS.mkdir(parents=True, exist_ok=True)
    print(f"installing lighthouse {LIGHTHOUSE_VERSION} into {TOOLS} ...", flush=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "--loglevel=error",
         f"lighthouse@{LIGHTHOUSE_VERSION}"],
        check=True,
    )  # fmt: skip


def run_lighthouse(url: str, *, cookie: str, out: Path) -> dict[str, Any]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility",
        "--form-factor=mobile",
        f"--chrome-flags=--headless=new {' '.join(CHROMIUM_ARGS)}",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    subprocess.run(command, check=True, env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin"}, timeout=240)
    report = json.loads(out.read_text())
    figures = {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
    }
    for audit, label in AUDITS.items():
        figures[label] = report["audits"][audit].get("numericValue", 0.0)
    return figures


def median_of(runs: list[dict[str, Any]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs of each page")
    parser.add_argument("--pages", default="/signin,/", help="the app's routes (/ is Today, signed in)")
    args = parser.parse_args()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    install()

    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lighthouse-")))
        blank_url, app_url = start_both(stack, work)

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            state = sign_in(browser, app_url)
            browser.close()
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in state["cookies"])

        targets = [("blank /", f"{blank_url}/", "")]
        for route in [r.strip() for r in args.pages.split(",") if r.strip()]:
            signed_in = route != "/signin"
            targets.append((f"{route}{' (signed in)' if signed_in else ''}", f"{app_url}{route}",
                            cookie if signed_in else ""))  # fmt: skip
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _url, _c in targets}
        for i in range(args.runs):  # taking turns, so that all of them meet the same noise
            for name, url, with_cookie in targets if i % 2 == 0 else list(reversed(targets)):
                runs[name].append(
                    run_lighthouse(url, cookie=with_cookie, out=work / f"{len(runs[name])}.json")
                )

        blank = median_of(runs["blank /"])
        columns = ["performance", "accessibility", *AUDITS.values()]
        print(
            f"\nLighthouse {LIGHTHOUSE_VERSION}, mobile preset, median of {args.runs} runs (app / blank in brackets)"
        )
        print(f"{'page':<22}" + "".join(f"{c:>18}" for c in columns))
        for name, _url, _c in targets:
            figures = median_of(runs[name])
            cells = []
            for column in columns:
                value = figures[column]
                ratio = f" (x{value / blank[column]:.2f})" if name != "blank /" and blank[column] else ""
                cells.append(f"{value:.0f}{ratio}")
            print(f"{name:<22}" + "".join(f"{cell:>18}" for cell in cells))


if __name__ == "__main__":
    main()

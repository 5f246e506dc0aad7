"""Benchmark of the book's build and pages (run by `bin/book bench`; prints a table, not a test).

Measures, on a private copy of the repository so the working tree is never touched:
  cold HTML build, no-change rebuild, rebuild after editing one chapter's code, rebuild after editing one data
  file, PDF build (cold and with a warm execution cache), and for every page: HTML bytes, total bytes loaded (each
  file counted once) and the time from navigation until every chart on the page has drawn, in headless chromium.
and `bin/book check` (ruff and the fast tier of the tests). Each timing is the median of --runs runs. Results go to book/appendix/benchmark.json for the appendix page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_FLAGS, book_pages, copy_repo  # noqa: E402

JB = [sys.executable, "-m", "sinorus.jupyterbook"]  # Jupyter Book as bin/book runs it
TARGETS = {
    "cold_html_s": 50,
    "nochange_html_s": 2.5,
    "edit_chapter_html_s": 8,
    "edit_data_html_s": 10,
    "check_s": 30,
    "page_charts_drawn_s": 1.0,
    "page_html_kb": 300,
    "page_without_charts_loaded_kb": 500,
}


def timed(cmd: list[str], cwd: Path, env: dict) -> float:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"benchmark: {' '.join(cmd)} failed:\n{r.stdout[-3000:]}{r.stderr[-3000:]}")
    return time.perf_counter() - t0


def html_build(base: Path, env: dict) -> float:
    return timed([*JB, "build", str(base), "--builder", "html", "-n", "-W", "--keep-going"], base, env)


def pdf_build(base: Path, env: dict) -> float:
    return timed([sys.executable, "-m", "sinorus.pdf"], base, env)


def touch_code(base: Path) -> None:
    """Edit the code of one chapter: a comment line at the end of the overview's first code cell, put or taken."""
    page = base / "book" / "overview.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("```{code-cell}")
    end = text.index("\n```\n", start)
    mark = "\n# edited (benchmark)"
    cell = text[start:end]
    cell = cell[: -len(mark)] if cell.endswith(mark) else cell + mark
    page.write_text(text[:start] + cell + text[end:], encoding="utf-8")


def check_time() -> float:
    """`bin/book check` as a maintainer runs it: ruff, then the fast tier of the tests."""
    return timed([str(ROOT / "bin" / "book"), "check"], ROOT, dict(os.environ))


def touch_data(base: Path) -> None:
    path = base / "data" / "energy.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n" if not text.endswith("\n\n") else text.rstrip("\n") + "\n", encoding="utf-8")


def measure_builds(runs: int) -> dict:
    out: dict[str, list[float]] = {
        k: []
        for k in (
            "cold_html_serial_s",
            "cold_html_s",
            "nochange_html_s",
            "edit_chapter_html_s",
            "edit_data_html_s",
            "pdf_cold_s",
            "pdf_warm_s",
        )
    }
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:  # the chapters executed one after another, for the ratio
            base = Path(tmp)
            env = {**os.environ, **copy_repo(base), "SINORUS_PREEXEC_WORKERS": "1"}
            out["cold_html_serial_s"].append(html_build(base, env))
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp)
            env = {**os.environ, **copy_repo(base)}
            out["cold_html_s"].append(html_build(base, env))
            out["nochange_html_s"].append(html_build(base, env))
            touch_code(base)
            out["edit_chapter_html_s"].append(html_build(base, env))
            touch_data(base)
            out["edit_data_html_s"].append(html_build(base, env))
            out["pdf_warm_s"].append(pdf_build(base, env))
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp)
            env = {**os.environ, **copy_repo(base)}
            out["pdf_cold_s"].append(pdf_build(base, env))
    out["check_s"] = [check_time() for _ in range(runs)]
    result = {k: round(statistics.median(v), 2) for k, v in out.items()}
    result["cold_parallel_ratio"] = round(result["cold_html_s"] / result["cold_html_serial_s"], 2)
    return result


def measure_pages(runs: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    html = ROOT / "_build" / "html"
    if not html.is_dir():
        sys.exit("benchmark: build the book first (bin/book build)")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(html)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for doc in book_pages():
            times, loaded = [], {}
            for _ in range(runs):
                ctx = browser.new_context()
                page = ctx.new_page()
                sizes: dict[str, int] = {}

                def on_response(resp, sizes=sizes):
                    try:
                        body = resp.body()
                        sizes[resp.url.split("?")[0]] = (len(body), len(gzip.compress(body, 6)))
                    except Exception:
                        pass

                page.on("response", on_response)
                t0 = time.perf_counter()
                page.goto(f"{base}/{doc}.html", wait_until="domcontentloaded")
                page.wait_for_function(
                    "() => [...document.querySelectorAll('.sinorus-chart')].every(c => c.dataset.drawn)", timeout=30000
                )
                times.append(time.perf_counter() - t0)
                page.wait_for_load_state("load")
                loaded = sizes
                ctx.close()
            rows.append(
                {
                    "page": doc,
                    "charts": (html / f"{doc}.html").read_text(encoding="utf-8").count('class="sinorus-figure"'),
                    "html_kb": round((html / f"{doc}.html").stat().st_size / 1024, 1),
                    "loaded_kb": round(sum(raw for raw, _ in loaded.values()) / 1024, 1),
                    # what a reader's browser receives from a host that compresses (as most static hosts do)
                    "loaded_gzip_kb": round(sum(z for _, z in loaded.values()) / 1024, 1),
                    "charts_drawn_s": round(statistics.median(times), 3),
                }
            )
        browser.close()
    httpd.shutdown()
    return rows


def machine() -> dict:
    mem = ""
    try:
        kb = int(next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except Exception:
        pass
    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except Exception:
        pass
    return {
        "cores": os.cpu_count(),
        "memory": mem,
        "cpu": cpu,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement (the median is reported)")
    ap.add_argument("--pages-only", action="store_true", help="skip the build timings")
    args = ap.parse_args()
    builds = {} if args.pages_only else measure_builds(args.runs)
    pages = measure_pages(args.runs)
    result = {
        "measured": dt.date.today().isoformat(),
        "runs": args.runs,
        "machine": machine(),
        "builds": builds,
        "pages": pages,
        "targets": TARGETS,
    }
    (ROOT / "book" / "appendix" / "benchmark.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    m = result["machine"]
    print(f"machine: {m['cores']} cores, {m['memory']}, {m['cpu']}; median of {args.runs} runs")
    print(f"{'build':30} {'seconds':>8}  target")
    names = {
        "cold_html_serial_s": "HTML, cold, serial",
        "cold_parallel_ratio": "cold parallel / serial (ratio)",
        "cold_html_s": "HTML, cold",
        "nochange_html_s": "HTML, no change",
        "edit_chapter_html_s": "HTML, one chapter's code edited",
        "edit_data_html_s": "HTML, one data file edited",
        "pdf_cold_s": "PDF, cold",
        "pdf_warm_s": "PDF, warm cache",
        "check_s": "bin/book check (fast tier)",
    }
    for k, v in builds.items():
        t = TARGETS.get(k)
        unit = "" if k.endswith("ratio") else " s"
        print(f"{names[k]:30} {v:8.2f}  {'<= ' + str(t) + unit + ' ' + ('ok' if v <= t else 'MISSED') if t else ''}")
    print(
        f"\n{'page':32} {'charts':>6} {'HTML kB':>8} {'loaded kB':>10} {'gzip kB':>8} {'drawn s':>8}"
        f"   targets: HTML <= {TARGETS['page_html_kb']} kB, drawn <= {TARGETS['page_charts_drawn_s']} s,"
        f" a page without charts loads <= {TARGETS['page_without_charts_loaded_kb']} kB"
    )
    for r in pages:
        missed = [
            what
            for what, bad in (
                ("HTML", r["html_kb"] > TARGETS["page_html_kb"]),
                ("drawn", r["charts_drawn_s"] > TARGETS["page_charts_drawn_s"]),
                ("loaded", not r["charts"] and r["loaded_kb"] > TARGETS["page_without_charts_loaded_kb"]),
            )
            if bad
        ]
        print(
            f"{r['page']:32} {r['charts']:6d} {r['html_kb']:8.1f} {r['loaded_kb']:10.1f} {r['loaded_gzip_kb']:8.1f} "
            f"{r['charts_drawn_s']:8.3f}{'  MISSED: ' + ', '.join(missed) if missed else ''}"
        )


if __name__ == "__main__":
    main()

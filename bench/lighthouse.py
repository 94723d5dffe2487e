#!/usr/bin/env python3
"""Lighthouse (mobile) on the four portal views of a sample work order (see bench/lighthouse.sh).

Floors on every view: performance >= 0.95, accessibility = 1.0, best practices = 1.0. Performance is the median of
RUNS runs (Lighthouse's own advice for a noisy machine); accessibility and best practices must hold on every run.
Prints a table of scores, writes bench/lighthouse-results.md with the failing audits of anything below a floor."""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import time

from instance import HERE, VIEWS, Instance, die_with_parent

RUNS = int(os.environ.get("RUNS", "5"))
WORK_ORDER = os.environ.get("WORK_ORDER", "WO-1004")   # the biggest sample: 20 items with parts and labor
LIGHTHOUSE = os.environ.get("LIGHTHOUSE", os.path.join(HERE, ".lighthouse", "node_modules", ".bin", "lighthouse"))
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
FLOORS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --no-default-browser-check"


def lighthouse(url, path):
    command = [LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={path}", f"--chrome-flags={CHROME_FLAGS}",
               "--only-categories=performance,accessibility,best-practices", "--form-factor=mobile", "--no-enable-error-reporting",
               "--max-wait-for-load=60000"]
    done = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True, text=True, timeout=300, preexec_fn=die_with_parent)
    if done.returncode != 0 or not os.path.exists(path):
        raise SystemExit(f"lighthouse failed on {url} (exit {done.returncode}):\n{done.stderr[-3000:]}")
    with open(path) as f:
        report = json.load(f)
    if report.get("runtimeError"):
        raise SystemExit(f"lighthouse could not load {url}: {report['runtimeError']}")
    return report


def scores(report):
    return {name: report["categories"][name]["score"] for name in FLOORS}


def failing_audits(report, category):
    """The audits of CATEGORY that cost points: id, title, what Lighthouse displays, and the first items of their details."""
    audits = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if audit.get("scoreDisplayMode") in ("notApplicable", "manual", "informative") or audit.get("score") is None:
            continue
        if audit["score"] >= 1 or (category == "performance" and ref.get("weight", 0) == 0 and audit["score"] >= 0.9):
            continue
        items = (audit.get("details") or {}).get("items") or []
        items = items if isinstance(items, list) else [items]
        audits.append({"id": audit["id"], "title": audit["title"], "score": audit["score"], "weight": ref.get("weight", 0),
                       "display": audit.get("displayValue", ""), "items": [text for text in (describe(item) for item in items[:5]) if text]})
    return audits


def describe(item):
    return re.sub(r"/portal/[A-Za-z0-9_-]{20,}", "/portal/{token}", describe_raw(item))


def describe_raw(item):
    node = item.get("node") if isinstance(item, dict) else None
    if node:
        text = f"`{node.get('selector', '')}` {node.get('snippet', '')}"
        if node.get("explanation"):
            text += " — " + " ".join(node["explanation"].split())
        return text
    if isinstance(item, dict):
        if set(item) <= {"title", "description", "type", "value"}:
            return ""  # an insight's section header, no finding
        return ", ".join(f"{k}={v}" for k, v in item.items() if isinstance(v, (str, int, float)) and k != "type")[:400]
    return str(item)[:400]


def metrics(report):
    ids = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"]
    return ", ".join(f"{report['audits'][i]['title']} {report['audits'][i].get('displayValue', '')} ({report['audits'][i]['score']})" for i in ids if i in report["audits"])


def main_thread(report):
    """Where the (simulated) main-thread time goes, the long tasks, the DOM size and the CPU benchmark of the run."""
    audits = report["audits"]
    work = ", ".join(f"{i['groupLabel']} {i['duration']:.0f} ms" for i in audits["mainthread-work-breakdown"]["details"]["items"])
    tasks = ", ".join(f"{describe({'url': i['url']}).removeprefix('url=')} {i['duration']:.0f} ms at {i['startTime']:.0f} ms"
                      for i in audits["long-tasks"]["details"]["items"][:6])
    return (f"Main thread: {work}. Long tasks: {tasks}. DOM: {audits['dom-size'].get('displayValue', '?')}. "
            f"CPU benchmark index of the run: {report['environment'].get('benchmarkIndex', '?'):.0f}.")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    if not os.access(LIGHTHOUSE, os.X_OK):
        raise SystemExit(f"{LIGHTHOUSE} not found: run bench/lighthouse.sh, which installs it")
    version = subprocess.run([LIGHTHOUSE, "--version"], capture_output=True, text=True).stdout.strip()
    chromium = subprocess.run([CHROME, "--version"], capture_output=True, text=True).stdout.strip()
    started = time.time()
    reports = {}
    # Rate limits stay on, as in production: a Lighthouse run is a handful of requests, far under the portal's limit.
    with Instance(args.app, args.work, rate_limits=True) as app:
        staff, _ = app.sign_in()
        links = app.direct_links(staff, app.work_order_id(staff, WORK_ORDER))
        for slug, label in VIEWS.items():
            reports[slug] = []
            for run in range(1, RUNS + 1):
                print(f"Lighthouse {label} run {run}/{RUNS} ...", flush=True)
                reports[slug].append(lighthouse(links[slug], os.path.join(args.work, f"{slug}-{run}.json")))
    ok = report(reports, version, chromium, time.time() - started)
    sys.exit(0 if ok else 1)


def report(reports, version, chromium, seconds):
    rows, problems, details = [], [], []
    for slug, label in VIEWS.items():
        runs = reports[slug]
        performance = statistics.median(scores(r)["performance"] for r in runs)
        worst = {name: min(scores(r)[name] for r in runs) for name in ("accessibility", "best-practices")}
        view_scores = {"performance": performance, **worst}
        failed = [name for name, floor in FLOORS.items() if view_scores[name] < floor]
        rows.append((label, view_scores, [scores(r)["performance"] for r in runs], failed))
        median_run = sorted(runs, key=lambda r: scores(r)["performance"])[len(runs) // 2]
        for name in failed:
            problems.append(f"{label}: {name} {view_scores[name]:.2f} < {FLOORS[name]}")
            run = median_run if name == "performance" else min(runs, key=lambda r: scores(r)[name])
            details.append(f"### {label}: {name} {view_scores[name]:.2f}")
            details.append("")
            if name == "performance":
                details += [f"Metrics (median run): {metrics(run)}.", "", main_thread(run), ""]
            for audit in failing_audits(run, name):
                details.append(f"- `{audit['id']}` — {audit['title']} (score {audit['score']}, weight {audit['weight']}){': ' + audit['display'] if audit['display'] else ''}")
                details += [f"  - {item}" for item in audit["items"]]
            details.append("")
    first = reports[next(iter(VIEWS))][0]
    benchmarks = [r["environment"].get("benchmarkIndex", 0) for runs in reports.values() for r in runs]
    settings = first["configSettings"]
    lines = [
        f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores in {seconds / 60:.1f} min: "
        f"Lighthouse {version}, {chromium} headless, form factor {settings['formFactor']}, throttling {settings['throttlingMethod']} "
        f"(CPU ×{settings['throttling']['cpuSlowdownMultiplier']}), {WORK_ORDER}'s direct links, {RUNS} runs per view "
        f"(performance: median; accessibility and best practices: worst run). The machine is shared: Chromium's CPU benchmark "
        f"index ranged {min(benchmarks):.0f} to {max(benchmarks):.0f} over the runs, load average {os.getloadavg()[0]:.1f} at the end.",
        "",
        "| View | Performance | Accessibility | Best practices | Performance per run | Result |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for label, s, perf_runs, failed in rows:
        lines.append(f"| {label} | {s['performance']:.2f} | {s['accessibility']:.2f} | {s['best-practices']:.2f} | "
                     f"{', '.join(f'{p:.2f}' for p in perf_runs)} | {'FAIL: ' + ', '.join(failed) if failed else 'pass'} |")
    warnings = sorted({re.sub(r"\s+", " ", w) for runs in reports.values() for r in runs for w in r.get("runWarnings", [])})
    lines += ["", "Floors: performance ≥ 0.95, accessibility = 1.00, best practices = 1.00 on each view."]
    if warnings:
        lines += ["", "Lighthouse warnings: " + " / ".join(warnings)]
    if details:
        lines += ["", "## Below a floor", ""] + details
    text = "\n".join(lines)
    print()
    print(text)
    with open(os.path.join(HERE, "lighthouse-results.md"), "w") as f:
        f.write("# Lighthouse results\n\nWritten by `bench/lighthouse.sh`.\n\n" + text + "\n")
    return not problems


if __name__ == "__main__":
    main()

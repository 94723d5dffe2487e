#!/usr/bin/env python3
"""ShopPortal benchmark against the anchor, measured side by side in one run (see bench/run.sh).

Every figure is reported as a ratio to the anchor's figure of the same kind measured in the same run:
the machines are shared and noisy, absolute requests per second are not comparable between runs."""
import argparse
import concurrent.futures
import datetime
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

from instance import MANAGER_EMAIL, Instance, cookie_header, fetch, session, token_of

ROUNDS = int(os.environ.get("ROUNDS", "3"))
SECONDS = int(os.environ.get("SECONDS_PER_ROUND", "5"))
WARMUP = int(os.environ.get("WARMUP", "10"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "32"))
HERE = os.path.dirname(os.path.abspath(__file__))


def wrk(url, seconds, script=None, env=None, headers=()):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", script]
    for header in headers:
        command += ["-H", header]
    command.append(url)
    output = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=True).stdout
    return parse_wrk(output)


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failures = (int(bad.group(1)) if bad else 0) + (sum(int(g) for g in errors.groups()) if errors else 0)
    return {"rps": rps, "p50": p50, "p99": p99, "errors": failures, "requests": total}


def status_mb(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


class MemorySampler(threading.Thread):
    """The server's resident memory, sampled every 100 ms from warm-up to the end of the rounds, with how much
    each figure raised the peak (the phase being measured when a new peak was seen)."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.running, self.phase = pid, True, "start"
        self.start_mb = self.peak = status_mb(pid, "VmRSS")
        self.growth = {}

    def run(self):
        while self.running:
            rss = status_mb(self.pid, "VmRSS")
            if rss > self.peak:
                self.growth[self.phase] = self.growth.get(self.phase, 0.0) + rss - self.peak
                self.peak = rss
            time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--anchor", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()

    # The benchmark is one client hammering from one address: the per-IP limits would (rightly) stop it.
    with Instance(args.app, args.work, rate_limits=False) as app:
        anchor_pid = None
        try:
            started = subprocess.run([os.path.join(args.anchor, "anchor.sh"), "start"], capture_output=True, text=True, check=True).stdout
            anchor_url = re.search(r"ANCHOR_URL=(\S+)", started).group(1)
            anchor_pid = re.search(r"ANCHOR_PID=(\d+)", started).group(1)
            results = run(app.base, anchor_url, app.password, app.pid, int(anchor_pid), app.data, app.log_path)
        finally:
            if anchor_pid:
                subprocess.run([os.path.join(args.anchor, "anchor.sh"), "stop", anchor_pid], check=False)
    sys.exit(0 if results else 1)


def run(base, anchor_url, password, pid, anchor_pid, data, log_path):
    staff, staff_jar = session()
    status, login = fetch(staff, base + "/Account/Login")
    fetch(staff, base + "/Account/Login", {"Input.Email": MANAGER_EMAIL, "Input.Password": password, "__RequestVerificationToken": token_of(login)})
    _, listing = fetch(staff, base + "/WorkOrders?q=WO-1004")
    work_order = re.search(r'href="/WorkOrders/(\d+)"', listing).group(1)
    _, email_page = fetch(staff, f"{base}/WorkOrders/{work_order}/Email")
    estimate = re.search(r'id="link-estimate"[^>]*value="([^"]+)"', email_page).group(1)
    estimate_path = urllib.parse.urlparse(estimate).path
    staff_cookie = cookie_header(staff_jar)

    customer, customer_jar = session()
    _, portal_html = fetch(customer, base + estimate_path)
    # Each decision form carries its item's version, as a browser posts it (an approval is of the item as shown).
    versions = dict(re.findall(r'name="Form.Item" value="(\d+)" /><input type="hidden" name="Form.Version" value="(\d+)"', portal_html))
    items = sorted(versions, key=int)
    assert len(items) == 20, f"expected 20 items, found {len(items)}"
    approve_env = {"COOKIE": cookie_header(customer_jar), "TOKEN": urllib.parse.quote(token_of(portal_html)),
                   "ITEMS": ",".join(f"{item}:{versions[item]}" for item in items)}

    anchor, anchor_jar = session()
    _, anchor_html = fetch(anchor, anchor_url + "/")
    anchor_item = re.search(r'name="id" value="(\d+)"', anchor_html).group(1)
    anchor_env = {"BODY": f"id={anchor_item}&__RequestVerificationToken={urllib.parse.quote(token_of(anchor_html))}", "COOKIE": cookie_header(anchor_jar)}
    anchor_lua = os.path.join(os.environ.get("ANCHOR_DIR", os.path.join(HERE, "..", "..", "shared", "bench")), "post.lua")
    approve_lua = os.path.join(HERE, "approve.lua")

    targets = [
        ("Portal Estimate view (GET)", "get", lambda s: wrk(base + estimate_path, s)),
        ("Anchor page (GET)", "anchor-get", lambda s: wrk(anchor_url + "/", s)),
        ("Approve/clear (portal POST)", "post", lambda s: wrk(base + estimate_path, s, approve_lua, approve_env)),
        ("Anchor approve (POST)", "anchor-post", lambda s: wrk(anchor_url + "/", s, anchor_lua, anchor_env)),
        ("Staff Work Order page (GET)", "staff", lambda s: wrk(f"{base}/WorkOrders/{work_order}", s, headers=[f"Cookie: {staff_cookie}"])),
        ("Estimate PDF (GET)", "pdf", lambda s: wrk(base + estimate_path + "/pdf", s)),
        ("/healthz (GET)", "health", lambda s: wrk(base + "/healthz", s)),
    ]

    sampler, anchor_sampler = MemorySampler(pid), MemorySampler(anchor_pid)
    sampler.start()
    anchor_sampler.start()
    print(f"Warming up ({WARMUP} s each) ...", flush=True)
    for name, kind, measure in targets:
        if kind in ("get", "anchor-get", "post", "anchor-post"):
            sampler.phase = kind
            measure(WARMUP)

    figures = {kind: [] for _, kind, _ in targets}
    for round_number in range(1, ROUNDS + 1):
        print(f"Round {round_number}/{ROUNDS} ...", flush=True)
        for name, kind, measure in targets:
            sampler.phase = kind
            figures[kind].append(measure(SECONDS))

    sampler.phase = "exact"
    exact = verify_writes(base + estimate_path, versions, data, work_order)
    sampler.running = anchor_sampler.running = False
    locked = sum(line.count("database is locked") for line in open(log_path, errors="replace"))
    return report(targets, figures, exact, locked, sampler, status_mb(pid, "VmHWM"), anchor_sampler.peak)


def verify_writes(url, versions, data, work_order):
    """An exact check behind the timed loop: N posts with known answers, then the audit trail and the items."""
    db = sqlite3.connect(os.path.join(data, "shopportal.db"))
    kinds = "(1, 3)"  # PortalActivityKind.Approved, PortalActivityKind.Cleared
    before = db.execute(f"SELECT COUNT(*) FROM PortalActivities WHERE WorkOrderId = ? AND Kind IN {kinds}", (work_order,)).fetchone()[0]
    opener, jar = session(follow=False)
    _, html = fetch(opener, url)
    token = token_of(html)

    items = sorted(versions, key=int)

    def post(n):
        item = items[n % len(items)]
        action = "approve" if (n // len(items)) % 2 == 0 else "clear"
        status, _ = fetch(opener, url, {"Form.Action": action, "Form.Item": item, "Form.Version": versions[item], "__RequestVerificationToken": token})
        return status

    with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
        statuses = list(pool.map(post, range(1600)))
    accepted = sum(1 for s in statuses if s == 302)
    after = db.execute(f"SELECT COUNT(*) FROM PortalActivities WHERE WorkOrderId = ? AND Kind IN {kinds}", (work_order,)).fetchone()[0]
    mismatched = 0
    for item in items:
        last = db.execute("SELECT Kind FROM PortalActivities WHERE DiscrepancyId = ? AND Kind IN (1, 2, 3) ORDER BY Id DESC LIMIT 1", (item,)).fetchone()
        status = db.execute("SELECT ApprovalStatus FROM Discrepancies WHERE Id = ?", (item,)).fetchone()[0]
        expected = {1: 1, 2: 2, 3: 0}[last[0]] if last else 0  # Approved -> Approved, Rejected -> Rejected, Cleared -> Pending
        mismatched += status != expected
    db.close()
    return {"posts": len(statuses), "accepted": accepted, "errors": len(statuses) - accepted, "rows": after - before, "mismatched": mismatched}


def report(targets, figures, exact, locked, sampler, high_water, anchor_peak):
    peak = sampler.peak
    def median(kind, key):
        return statistics.median(f[key] for f in figures[kind])

    anchor_of = {"get": "anchor-get", "staff": "anchor-get", "pdf": "anchor-get", "health": "anchor-get", "post": "anchor-post"}
    rows = []
    for name, kind, _ in targets:
        rps = median(kind, "rps")
        ratio = rps / median(anchor_of[kind], "rps") if kind in anchor_of else 1.0
        rows.append((name, rps, median(kind, "p50"), median(kind, "p99"), sum(f["errors"] for f in figures[kind]), ratio))

    floors = [
        ("Portal Estimate GET ≥ 2.5× anchor GET", median("get", "rps") / median("anchor-get", "rps") >= 2.5),
        ("Portal Estimate p99 ≤ ½ anchor p99", median("get", "p99") <= median("anchor-get", "p99") / 2),
        ("Approve POST ≥ 4× anchor POST", median("post", "rps") / median("anchor-post", "rps") >= 4),
        ("Approve POST: zero error responses", sum(f["errors"] for f in figures["post"]) == 0 and exact["errors"] == 0),
        ("Approve POST: zero \"database is locked\"", locked == 0),
        ("Audit trail: one row per accepted POST", exact["rows"] == exact["accepted"]),
        ("Items match their last decision", exact["mismatched"] == 0),
        ("Staff Work Order page ≥ 1.5× anchor GET", median("staff", "rps") / median("anchor-get", "rps") >= 1.5),
        ("Server memory ≤ 200 MB", peak <= 200),
    ]

    label = {kind: name for name, kind, _ in targets} | {"start": "start-up", "exact": "the exact write check"}
    lines = [
        f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.platform()}), "
        f"wrk -t2 -c{CONNECTIONS}, median of {ROUNDS} rounds of {SECONDS} s after {WARMUP} s warm-up.",
        "",
        "| Figure | Requests/s | p50 ms | p99 ms | Non-2xx/3xx | Ratio to anchor |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, rps, p50, p99, errors, ratio in rows:
        lines.append(f"| {name} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {errors} | {ratio:.2f}× |")
    lines += [
        "",
        f"Server memory: peak {peak:.0f} MB resident during the run (sampled every 100 ms), {high_water:.0f} MB high-water mark "
        f"including start-up (migrations, sample data); the anchor's peak, for scale: {anchor_peak:.0f} MB. \"database is locked\" in the log: {locked}.",
        f"Where the peak grew: {sampler.start_mb:.0f} MB when the server was started and signed in to, then "
        + ", ".join(f"+{mb:.0f} MB during {label[kind]}" for kind, mb in sampler.growth.items() if mb >= 0.5) + ".",
        f"Exact write check: {exact['posts']} approve/clear POSTs from 32 threads, {exact['accepted']} accepted (302), "
        f"{exact['errors']} errors, {exact['rows']} audit rows written, {exact['mismatched']} items differing from their last audited decision.",
        "",
        "| Floor | Result |",
        "| --- | --- |",
    ]
    lines += [f"| {floor} | {'pass' if ok else 'FAIL'} |" for floor, ok in floors]
    text = "\n".join(lines)
    print()
    print(text)
    with open(os.path.join(HERE, "results.md"), "w") as results:
        results.write("# Benchmark results\n\nWritten by `bench/run.sh`.\n\n" + text + "\n")
    return all(ok for _, ok in floors)


if __name__ == "__main__":
    main()

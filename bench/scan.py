#!/usr/bin/env python3
"""Security scan of a local ShopPortal instance with Debian's sqlmap and wapiti (see bench/scan.sh).

Signs in as the bootstrap manager and opens a customer's portal links, then runs sqlmap against chosen staff,
sign-in and portal requests and wapiti over the staff pages (signed in) and the portal (anonymous, from the links).
Fails if either tool reports an injection, cross-site scripting or a form without working CSRF protection.
Everything goes to 127.0.0.1 only; every tool run is bounded in time."""
import argparse
import collections
import datetime
import html
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

from instance import HERE, ROOT, Instance, die_with_parent, fetch, session, token_of

# The scans share one time budget (the build and start-up come on top, about a minute): wapiti gets 60% of it, a third
# for the portal run and the rest for the staff run, each split between its crawl and its modules; then each sqlmap
# target gets what is left divided by the targets still to run (at most SQLMAP_SECONDS).
SCAN_MINUTES = float(os.environ.get("SCAN_MINUTES", "17"))
SQLMAP_SECONDS = int(os.environ.get("SQLMAP_SECONDS", "150"))       # at most, per sqlmap target
STAFF_CRAWL_SECONDS = int(os.environ.get("STAFF_CRAWL_SECONDS", "180"))
PORTAL_CRAWL_SECONDS = int(os.environ.get("PORTAL_CRAWL_SECONDS", "60"))
ATTACK_SECONDS = int(os.environ.get("ATTACK_SECONDS", "45"))         # at most, per wapiti module and run
WAPITI_MODULES = ["sql", "blindsql", "xss", "permanentxss", "csrf", "exec", "file", "crlf", "redirect", "http_headers", "csp", "cookieflags"]

# wapiti categories (its report's names) that fail the scan: injections of any kind, XSS (reflected and
# stored share one category) and CSRF. The others (headers, cookies, CSP, redirects...) are printed for information.
FAILING_CATEGORIES = {"SQL Injection", "Blind SQL Injection", "Cross Site Scripting", "Cross Site Request Forgery", "CRLF Injection", "Command execution"}

# sqlmap's wording for an injection it confirmed, and for its heuristic hits: a DBMS error in the page, or a
# parameter reflected unescaped (possible XSS). Both heuristics fail the scan too: neither should ever happen here.
SQLMAP_FINDINGS = [
    re.compile(r"sqlmap identified the following injection point"),
    re.compile(r"parameter '[^']+' is vulnerable"),
    re.compile(r"heuristic \(basic\) test shows that .+ might be injectable"),
    re.compile(r"heuristic \(XSS\) test shows that .+ might be vulnerable to cross-site scripting"),
]
# A candidate ("appears to be ... injectable") is a finding only if sqlmap does not reject it afterwards: a form
# that shows what was posted (a name, a comment) answers differently to AND 1=1 and AND 1=2, and sqlmap's own
# false-positive check then says "does not seem to be injectable" for that parameter.
SQLMAP_CANDIDATE = re.compile(r"(\w+ parameter '[^']+') (?:appears|seems) to be '.+' injectable|(\w+ parameter '[^']+') is '.+' injectable")
SQLMAP_CLEAN = re.compile(r"all tested parameters do not appear to be injectable")


def wapiti_exclusions(base):
    """What wapiti must neither crawl nor submit: signing out (the scan would go on anonymous), what ends the portal
    links under scan or the manager's own account, and what is slow without adding anything to test."""
    return [base + pattern for pattern in [
        "/Identity/Account/Logout*",
        # The Identity UI's own account pages change the signed-in account itself (phone, email, password, 2FA,
        # personal data) and rotate its security stamp, which signs the scan out.
        "/Identity/Account/Manage*",
        "/Team/Edit/*handler=*",             # Profile (role, email), Password, Unlock, Delete
        "/WorkOrders/*handler=RevokeLink*",
        "/WorkOrders/*handler=CreateLink*",  # replacing a direct link revokes the old one
        "/WorkOrders/*handler=DeleteComment*",
        "/Settings/Backup*",
        "/hangfire*",                        # the job dashboard: a third-party UI, and endless links
    ]]


def run_logged(command, log_path, seconds):
    """Runs COMMAND with stdin closed, output to LOG_PATH, killed after SECONDS; returns (exit code, timed out, seconds taken)."""
    started = time.time()
    with open(log_path, "w") as log:
        log.write("$ " + " ".join(command) + "\n\n")
        log.flush()
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
        try:
            code = process.wait(timeout=seconds)
            timed_out = False
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            code, timed_out = None, True
    return code, timed_out, time.time() - started


def sqlmap(name, work, seconds, url, parameters, data=None, cookie=None, csrf_url=None, level=3, risk=2):
    out = os.path.join(work, "sqlmap", name)
    os.makedirs(out, exist_ok=True)
    command = ["sqlmap", "-u", url, "--batch", "--disable-coloring", "--flush-session", "--output-dir", out,
               # The app runs on SQLite only: payloads for other engines would spend the time budget on nothing.
               "--dbms=SQLite", f"--level={level}", f"--risk={risk}", "--timeout=20", "--retries=1",
               # After a form post, follow the redirect with a GET as a browser does, instead of posting again.
               "--answers=resend original POST data=N"]
    if parameters:
        command += ["-p", ",".join(parameters)]
    if data is not None:
        command += ["--data", urllib.parse.urlencode(data)]
    if cookie:
        command += ["--cookie", cookie]
    if csrf_url:
        command += ["--csrf-token=__RequestVerificationToken", "--csrf-url", csrf_url]
    log_path = os.path.join(work, "sqlmap", name + ".log")
    print(f"sqlmap {name}: {url} (up to {seconds:.0f} s) ...", flush=True)
    code, timed_out, took = run_logged(command, log_path, seconds)
    text = open(log_path, errors="replace").read()
    lines = text.splitlines()
    findings = [line.strip() for line in lines if any(p.search(line) for p in SQLMAP_FINDINGS)]
    rejected = []
    for number, line in enumerate(lines):
        candidate = SQLMAP_CANDIDATE.search(line)
        if candidate:
            parameter = candidate.group(1) or candidate.group(2)
            if any(f"{parameter} does not seem to be injectable" in later for later in lines[number + 1:]):
                rejected.append(parameter)
            else:
                findings.append(line.strip())
    criticals = [line.strip() for line in text.splitlines() if "[CRITICAL]" in line]
    errors = re.findall(r"^(\d{3} \([^)]*\) - \d+ times)", text, re.M)
    if findings:
        outcome = "INJECTION"
    elif SQLMAP_CLEAN.search(text):
        outcome = "clean"
    elif timed_out:
        outcome = "clean so far (time limit)"
    else:
        outcome = "ERROR"
    result = {"name": name, "url": url, "parameters": parameters, "outcome": outcome, "findings": findings, "criticals": criticals, "rejected": rejected,
              "http_errors": errors, "seconds": took, "log": log_path}
    print(f"  -> {outcome} in {took:.0f} s{'; ' + '; '.join(findings) if findings else ''}", flush=True)
    return result


def wapiti(name, work, seconds, start_urls, scope_url, cookies=None, crawl_seconds=120):
    """One wapiti run in about SECONDS: the crawl gets up to 30% of it, each module an equal share of the rest."""
    crawl_seconds = int(min(crawl_seconds, 0.3 * seconds))
    attack_seconds = int(max(5, min(ATTACK_SECONDS, (seconds - crawl_seconds) / len(WAPITI_MODULES))))
    out = os.path.join(work, "wapiti", name)
    os.makedirs(out, exist_ok=True)
    report = os.path.join(out, "report.json")
    command = ["/usr/bin/python3", os.path.join(HERE, "wapiti_run.py"), "-u", scope_url, "--scope", "folder", "-m", ",".join(WAPITI_MODULES),
               "--max-scan-time", str(crawl_seconds), "--max-attack-time", str(attack_seconds), "-t", "20",
               # Every item of a work order repeats the same forms: "sneaky" crawls each shape of request (path and
               # parameter names) once, instead of 5 to 20 times the same handler with another item id.
               "-S", "sneaky",
               "-f", "json", "-o", report, "--flush-session", "--store-session", out, "--store-config", out,
               # Never send a crash report or use the out-of-band endpoint on the internet: loopback only.
               "--no-bugreport", "--endpoint", "http://127.0.0.1:9/", "-v", "1",
               # wapiti asks for brotli, which Debian's python3-requests cannot decode: it would scan compressed bytes.
               "-H", "Accept-Encoding: gzip, deflate"]
    for url in start_urls:
        command += ["-s", url]
    for pattern in wapiti_exclusions(scope_url.split("/", 3)[0] + "//" + scope_url.split("/", 3)[2]):
        command += ["-x", pattern]
    if cookies:
        cookie_file = os.path.join(out, "cookies.json")
        host = urllib.parse.urlparse(scope_url).hostname
        with open(cookie_file, "w") as f:
            json.dump({host: {"/": {c.name: {"value": c.value, "expires": None, "secure": False, "port": None, "version": 0} for c in cookies}}}, f)
        command += ["-c", cookie_file]
    log_path = os.path.join(work, "wapiti", name + ".log")
    # Backstop only: wapiti bounds the crawl and every module itself, checking after each request it attacks.
    limit = crawl_seconds + attack_seconds * len(WAPITI_MODULES) + 90
    print(f"wapiti {name}: {scope_url} (crawl {crawl_seconds} s, {attack_seconds} s per module, hard limit {limit} s) ...", flush=True)
    code, timed_out, took = run_logged(command, log_path, limit)
    result = {"name": name, "url": scope_url, "seconds": took, "log": log_path, "report": report, "vulnerabilities": {}, "anomalies": {},
              "additionals": {}, "crawled": 0, "error": None}
    text = open(log_path, errors="replace").read()
    crawl = text.split("[*] Saving scan state", 1)[0]
    result["crawled"] = len(re.findall(r"^\[\+\] (?:GET|POST) ", crawl, re.M))
    result["forms"] = len(re.findall(r"^\[\+\] POST ", crawl, re.M))
    if timed_out or not os.path.exists(report):
        result["error"] = "killed at the hard time limit" if timed_out else f"no report (exit code {code})"
    elif result["forms"] == 0:
        result["error"] = "the crawl found no form to attack"
    else:
        with open(report) as f:
            data = json.load(f)
        for section in ("vulnerabilities", "anomalies", "additionals"):
            result[section] = {k: v for k, v in (data.get(section) or {}).items() if v}
    failing = sum(len(v) for k, v in result["vulnerabilities"].items() if k in FAILING_CATEGORIES)
    print(f"  -> {'ERROR: ' + result['error'] if result['error'] else f'{failing} failing finding(s)'} in {took:.0f} s, "
          f"{result['crawled']} requests crawled ({result['forms']} form posts)", flush=True)
    return result


def signed_in(opener, base):
    status, page = fetch(opener, base + "/WorkOrders")
    return status == 200 and 'action="/Identity/Account/Logout' in page


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    started = time.time()

    # RateLimits off: the scanners are the flood. From one address they would trip the per-IP portal and sign-in
    # limits within seconds and go on scanning nothing but 429s (the limits have their own tests).
    with Instance(args.app, args.work, rate_limits=False) as app:
        deadline = time.time() + SCAN_MINUTES * 60 - 90  # the wapiti runs' grace, the last checks, the report
        base = app.base
        staff, staff_jar = app.sign_in()
        portal_wo = app.work_order_id(staff, "WO-1001")   # 5 items, in progress: small pages, every form
        other_wo = app.work_order_id(staff, "WO-1002")
        links = app.direct_links(staff, portal_wo)
        staff_cookie = "; ".join(f"{c.name}={c.value}" for c in staff_jar)

        # wapiti first, on the sample data as a shop has it: sqlmap's runs leave hundreds of comments behind, each with
        # its own delete form on the staff pages, and wapiti's crawl (a linear search of its queue per form) would
        # spend its time on them.
        staff_starts = [f"{base}/WorkOrders", f"{base}/WorkOrders/{portal_wo}", f"{base}/WorkOrders/{other_wo}", f"{base}/Customers",
                        f"{base}/Assets", f"{base}/Team", f"{base}/Settings", f"{base}/Outbox", f"{base}/WorkOrders/{portal_wo}/Email"]
        wapiti_deadline = time.time() + 0.6 * (deadline - time.time())
        wapitis = [wapiti("portal", args.work, (wapiti_deadline - time.time()) / 3, list(links.values()),
                          links["estimate"].rsplit("/", 1)[0] + "/", crawl_seconds=PORTAL_CRAWL_SECONDS)]
        wapitis.append(wapiti("staff", args.work, max(180, wapiti_deadline - time.time()), staff_starts, base + "/", cookies=list(staff_jar),
                              crawl_seconds=STAFF_CRAWL_SECONDS))
        if not signed_in(staff, base):
            raise SystemExit("the staff session was signed out during the wapiti runs")

        # A staff form post that writes: a reply to the customer on one item of another work order.
        _, page = fetch(staff, f"{base}/WorkOrders/{other_wo}")
        item = re.search(r"handler=Reply&amp;itemId=(\d+)", page).group(1)
        reply_url = f"{base}/WorkOrders/{other_wo}?handler=Reply&itemId={item}"
        customer = re.search(r'href="/Customers/Edit/(\d+)"', page).group(1)
        _, page = fetch(staff, f"{base}/Customers/Edit/{customer}")
        customer_form = {name: html.unescape(value) for name, value in re.findall(r'<input[^>]*name="(Input\.\w+)"[^>]*value="([^"]*)"', page)}
        customer_form = {k: customer_form.get(k, v) for k, v in
                         {"Input.Name": "Marcus Oyelaran", "Input.Company": "Prairie Farms Co-op", "Input.Email": "marcus@prairiefarms.example", "Input.Phone": "+1 555 0178"}.items()}
        staff_token = token_of(page)

        # The portal as the customer: no staff cookie, the antiforgery cookie the page sets.
        customer_session, customer_jar = session(follow=False)
        status, portal_page = fetch(customer_session, links["estimate"])
        if status != 200:
            raise SystemExit(f"the estimate link answered {status}")
        portal_item = re.search(r'name="Form.Item" value="(\d+)"', portal_page).group(1)
        portal_token = token_of(portal_page)
        customer_cookie = "; ".join(f"{c.name}={c.value}" for c in customer_jar)
        status, _ = fetch(customer_session, links["estimate"], {"Form.Item": portal_item, "Form.Action": "comment", "Form.Body": "Preflight comment", "__RequestVerificationToken": portal_token})
        if status != 302:
            raise SystemExit(f"a portal comment answered {status}, not 302: the sqlmap post would test nothing")

        anonymous, anonymous_jar = session()
        _, login_page = fetch(anonymous, base + "/Account/Login")
        anonymous_cookie = "; ".join(f"{c.name}={c.value}" for c in anonymous_jar)

        targets = [
            ("staff-work-order-search", f"{base}/WorkOrders?q=WO-1001&status=InProgress", ["q", "status"], {"cookie": staff_cookie}),
            # Any staff page carries a fresh token (the sign-out form): sqlmap fetches a light one before each post.
            ("staff-customer-post", f"{base}/Customers/Edit/{customer}", list(customer_form),
             {"data": {**customer_form, "__RequestVerificationToken": staff_token}, "cookie": staff_cookie, "csrf_url": f"{base}/Customers/Edit/{customer}"}),
            ("staff-reply-post", reply_url, ["itemId", "reply.Body"],
             {"data": {"reply.Body": "We will call you", "__RequestVerificationToken": staff_token}, "cookie": staff_cookie, "csrf_url": f"{base}/Customers/Edit/{customer}"}),
            # An address no account has: the manager's failed attempts would lock the account out.
            ("sign-in-post", base + "/Account/Login", ["Input.Email", "Input.Password"],
             {"data": {"Input.Email": "nobody@shop.test", "Input.Password": "wrong-password", "__RequestVerificationToken": token_of(login_page)},
              "cookie": anonymous_cookie, "csrf_url": base + "/Account/Login"}),
            ("portal-token-get", links["estimate"] + "*", None, {}),
            ("portal-comment-post", links["estimate"], ["Form.Item", "Form.Body"],
             {"data": {"Form.Item": portal_item, "Form.Action": "comment", "Form.Body": "When will it be ready?", "__RequestVerificationToken": portal_token},
              "cookie": customer_cookie, "csrf_url": links["estimate"]}),
        ]
        sqlmaps = []
        for number, (name, url, parameters, options) in enumerate(targets):
            share = (deadline - time.time()) / (len(targets) - number)
            sqlmaps.append(sqlmap(name, args.work, max(20, min(SQLMAP_SECONDS, share)), url, parameters, **options))

        still_signed_in = signed_in(staff, base)
        status, _ = fetch(session()[0], links["estimate"])
        link_alive = status == 200
        app_alive = fetch(session()[0], base + "/healthz")[0] == 200
        server_errors = logged_errors(app.log_path)

    ok = report(sqlmaps, wapitis, still_signed_in, link_alive, app_alive, server_errors, time.time() - started)
    sys.exit(0 if ok else 1)


def logged_errors(log_path):
    """The app's logged errors ("fail:" entries), grouped by exception and the first frame in the app's own code."""
    errors = collections.Counter()
    with open(log_path, errors="replace") as log:
        entries = re.split(r"^(?=\w+: )", log.read(), flags=re.M)
    for entry in entries:
        if not entry.startswith("fail:"):
            continue
        exception = re.search(r"^\s+(\S+(?:Exception|Error)\b[^\n]*)", entry, re.M)
        frame = re.search(r"^\s+at (ShopPortal\.\S+)[^\n]*?( in \S+:line \d+)?$", entry, re.M)
        source = entry.splitlines()[0].split("fail: ", 1)[1]
        errors[(source, exception.group(1).strip() if exception else "", (frame.group(1) + (frame.group(2) or "")).replace(ROOT + "/", "") if frame else "")] += 1
    return errors


def version(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return ""


def report(sqlmaps, wapitis, still_signed_in, link_alive, app_alive, server_errors, seconds):
    problems = []
    sqlmap_version = re.search(r"^\d[\w.#]*", version(["sqlmap", "--version"]), re.M)
    wapiti_version = re.search(r"Wapiti-(\S+)", version(["wapiti", "--version"]))
    lines = [
        f"Scanned {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores in {seconds / 60:.1f} min "
        f"(sqlmap {sqlmap_version.group(0) if sqlmap_version else '?'}, wapiti {wapiti_version.group(1) if wapiti_version else '?'}), "
        "against a fresh instance on 127.0.0.1 with the sample data, rate limits off; "
        f"load average at the end {os.getloadavg()[0]:.1f} (the machine is shared: a higher load leaves the bounded runs less ground covered).",
        "",
        "## sqlmap",
        "",
        "| Target | Request | Parameters | Result | Time | HTTP errors seen |",
        "| --- | --- | --- | --- | ---: | --- |",
    ]
    for r in sqlmaps:
        path = re.sub(r"/portal/[^/?*]+", "/portal/{token}", urllib.parse.urlsplit(r["url"]).path)
        query = urllib.parse.urlsplit(r["url"]).query
        parameters = ", ".join(r["parameters"]) if r["parameters"] else "the token (path)"
        rejected = f" (candidates rejected by sqlmap's false-positive check: {', '.join(sorted(set(r['rejected'])))})" if r["rejected"] else ""
        lines.append(f"| {r['name']} | `{path}{'?' + query if query else ''}` | {parameters} | {r['outcome']}{rejected} | {r['seconds']:.0f} s | "
                     f"{', '.join(r['http_errors']) or '-'} |")
        for finding in r["findings"]:
            problems.append(f"sqlmap {r['name']}: {finding}")
        if r["outcome"] == "ERROR":
            problems.append(f"sqlmap {r['name']} did not complete: {'; '.join(r['criticals']) or 'see ' + r['log']}")
    lines += ["", "## wapiti", ""]
    for r in wapitis:
        lines.append(f"### {r['name']} (scope `{re.sub(r'/portal/.*', '/portal/', r['url'])}`, {r['crawled']} requests crawled of which {r['forms']} form posts, {r['seconds']:.0f} s)")
        lines.append("")
        if r["error"]:
            lines += [f"ERROR: {r['error']} (log {r['log']})", ""]
            problems.append(f"wapiti {r['name']}: {r['error']}")
            continue
        lines += ["| Kind | Category | Count | Fails the scan |", "| --- | --- | ---: | --- |"]
        for section, label in (("vulnerabilities", "vulnerability"), ("anomalies", "anomaly"), ("additionals", "additional")):
            for category, items in sorted(r[section].items()):
                fails = section == "vulnerabilities" and category in FAILING_CATEGORIES
                lines.append(f"| {label} | {category} | {len(items)} | {'YES' if fails else 'no'} |")
                for item in items:
                    where = f"{item.get('method', '')} {item.get('path', '')}".strip()
                    detail = f"{label} {category}: {where} {('parameter ' + item['parameter']) if item.get('parameter') else ''} — {item.get('info', '')}".strip()
                    if fails:
                        problems.append(f"wapiti {r['name']}: {detail}")
        if not any(r[s] for s in ("vulnerabilities", "anomalies", "additionals")):
            lines.append("| - | nothing reported | 0 | no |")
        lines += ["", "Details (identical reports counted once):", ""]
        details = collections.Counter()
        for section in ("vulnerabilities", "anomalies", "additionals"):
            for category, items in sorted(r[section].items()):
                for item in items:
                    info = " ".join(str(item.get("info", "")).split())
                    path = re.sub(r"/portal/[^/?]+", "/portal/{token}", item.get("path", ""))
                    path = re.sub(r"/\d+(?=/|$)", "/{id}", path)
                    parameter = f" parameter `{item['parameter']}`" if item.get("parameter") else ""
                    details[f"{category}: `{item.get('method', '')} {path}`{parameter} — {info}"] += 1
        lines += [f"- {detail}{f' (×{count})' if count > 1 else ''}" for detail, count in details.items()] or ["- none"]
        lines.append("")
    checks = [
        ("Staff session still signed in after the scans", still_signed_in),
        ("Portal link still opens after the scans", link_alive),
        ("App still healthy after the scans", app_alive),
    ]
    lines += ["## Checks", "", "| Check | Result |", "| --- | --- |"]
    lines += [f"| {name} | {'pass' if ok else 'FAIL'} |" for name, ok in checks]
    lines += [f"| Errors in the app's log (for information, below) | {sum(server_errors.values())} |", ""]
    if server_errors:
        lines += ["Errors the app logged during the scans (the requests that caused them are among wapiti's anomalies above):", ""]
        lines += [f"- {count} × {source}: {exception or '(no exception)'}{' at ' + frame if frame else ''}"
                  for (source, exception, frame), count in server_errors.most_common()]
        lines.append("")
    problems += [f"check failed: {name}" for name, ok in checks if not ok]
    lines += ["## Verdict", ""]
    lines += [f"- {p}" for p in problems] if problems else ["No injection, XSS or CSRF finding: pass."]
    text = "\n".join(lines)
    print()
    print(text)
    with open(os.path.join(HERE, "scan-results.md"), "w") as f:
        f.write("# Security scan results\n\nWritten by `bench/scan.sh`.\n\n" + text + "\n")
    return not problems


if __name__ == "__main__":
    main()

"""A local ShopPortal instance for the bench scripts (bench.py, scan.py, lighthouse.py): a Release build, a fresh
data folder with the sample data and a bootstrap manager on a loopback port, and the HTTP helpers to sign in as
that manager and read the work order's portal links. Standard library only."""
import ctypes
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MANAGER_EMAIL = "bench@shop.test"
# The order of the Work Order page's "Direct links" panel; the slug is the id of each link's text box.
VIEWS = {"workauthorization": "Work Authorization", "estimate": "Estimate", "progressreport": "Progress Report", "invoice": "Invoice"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def session(follow=True):
    jar = http.cookiejar.CookieJar()
    handlers = [urllib.request.HTTPCookieProcessor(jar)]
    if not follow:
        handlers.append(NoRedirect())
    return urllib.request.build_opener(*handlers), jar


def fetch(opener, url, data=None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, body, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def token_of(html):
    return re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', html).group(1)


def cookie_header(jar):
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def wait_for(url, seconds=90):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer in {seconds} s")


def die_with_parent():
    """preexec_fn for child processes: the kernel sends them SIGTERM when this script dies, however it dies."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def publish(out):
    """dotnet publish -c Release into OUT/app; returns that folder."""
    app = os.path.join(out, "app")
    log = os.path.join(out, "publish.log")
    print(f"Building Release into {app} ...", flush=True)
    with open(log, "w") as output:
        done = subprocess.run(["dotnet", "publish", os.path.join(ROOT, "ShopPortal.csproj"), "-c", "Release", "-o", app, "-nologo", "-v", "quiet"],
                              stdout=output, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        with open(log) as output:
            print("".join(output.readlines()[-20:]))
        raise SystemExit("dotnet publish failed")
    return app


class Instance:
    """The published app started on a fresh data folder under WORK, on a free loopback port, with the sample data
    and a bootstrap manager. Use as a context manager: the app is stopped on the way out, whatever happened."""

    def __init__(self, app, work, extra_env=None, rate_limits=False):
        self.app, self.work = app, work
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.data = os.path.join(work, "data")
        self.password = "Bench-" + secrets.token_hex(8)
        self.log_path = os.path.join(work, "app.log")
        self.env = {
            **os.environ,
            "ASPNETCORE_URLS": self.base,
            "ASPNETCORE_ENVIRONMENT": "Production",
            "DataDirectory": self.data,
            "Demo__Seed": "true",
            "Bootstrap__ManagerEmail": MANAGER_EMAIL,
            "Bootstrap__ManagerPassword": self.password,
            "Portal__PublicBaseUrl": self.base,
            "RateLimits__Enabled": "true" if rate_limits else "false",
            **(extra_env or {}),
        }
        self.process = None

    def __enter__(self):
        # A plain kill (timeout, the shell's trap) unwinds through __exit__ like Ctrl-C does, and stops the app.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(["dotnet", "ShopPortal.dll"], cwd=self.app, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                        preexec_fn=die_with_parent)
        try:
            wait_for(self.base + "/healthz")
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    @property
    def pid(self):
        return self.process.pid

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def sign_in(self):
        """A cookie session signed in as the bootstrap manager: (opener, jar)."""
        opener, jar = session()
        _, login = fetch(opener, self.base + "/Account/Login")
        status, page = fetch(opener, self.base + "/Account/Login",
                             {"Input.Email": MANAGER_EMAIL, "Input.Password": self.password, "__RequestVerificationToken": token_of(login)})
        if not any(c.name == "ShopPortal.Auth" for c in jar):
            raise SystemExit(f"signing in as {MANAGER_EMAIL} failed (HTTP {status})")
        return opener, jar

    def work_order_id(self, opener, number):
        _, listing = fetch(opener, f"{self.base}/WorkOrders?q={urllib.parse.quote(number)}")
        return re.search(r'href="/WorkOrders/(\d+)"', listing).group(1)

    def direct_links(self, opener, work_order):
        """The four direct portal links of a work order, {slug: absolute URL}. Opening the Email page as a manager
        creates whichever of them does not exist yet."""
        _, page = fetch(opener, f"{self.base}/WorkOrders/{work_order}/Email")
        links = {}
        for slug in VIEWS:
            found = re.search(rf'id="link-{slug}"[^>]*value="([^"]+)"', page)
            if not found:
                raise SystemExit(f"no {slug} link on the Email page of work order {work_order}")
            links[slug] = found.group(1)
        return links

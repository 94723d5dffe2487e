#!/usr/bin/env python3
"""The stack floor's peak memory under bench/run.sh's load (see bench/stack-floor.sh and stack-floor/StackFloor.cs):
the same warm-up, rounds, connections and 100 ms sampling, on the anchor's page GET and approve POST and a cached
PDF. Prints where the peak grew and compares it with the 200 MB floor; exits 0 either way (it measures, it does
not judge ShopPortal)."""
import argparse
import os
import re
import subprocess
import urllib.parse

from bench import ROUNDS, SECONDS, WARMUP, MemorySampler, status_mb, wrk
from instance import cookie_header, die_with_parent, fetch, free_port, session, token_of, wait_for

FLOOR_MB = 200


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--post-lua", required=True)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{free_port()}"
    # The stack comes in through the hosting startup in stack-floor/StackFloor.cs, built into the anchor's assembly.
    env = {**os.environ, "ASPNETCORE_URLS": base, "ASPNETCORE_ENVIRONMENT": "Production", "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES": "AnchorApp"}
    server = subprocess.Popen(["dotnet", "AnchorApp.dll"], cwd=args.app, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                              preexec_fn=die_with_parent)
    try:
        wait_for(base + "/healthz")
        client, jar = session()
        _, html = fetch(client, base + "/")
        item = re.search(r'name="id" value="(\d+)"', html).group(1)
        post_env = {"BODY": f"id={item}&__RequestVerificationToken={urllib.parse.quote(token_of(html))}", "COOKIE": cookie_header(jar)}
        phases = [
            ("page GET", lambda s: wrk(base + "/", s)),
            ("approve POST", lambda s: wrk(base + "/", s, args.post_lua, post_env)),
            ("PDF GET", lambda s: wrk(base + "/pdf", s)),
        ]
        sampler = MemorySampler(server.pid)
        sampler.start()
        print(f"Warming up ({WARMUP} s each) ...", flush=True)
        for name, measure in phases[:2]:
            sampler.phase = name
            measure(WARMUP)
        errors = dict.fromkeys((name for name, _ in phases), 0)
        for round_number in range(1, ROUNDS + 1):
            print(f"Round {round_number}/{ROUNDS} ...", flush=True)
            for name, measure in phases:
                sampler.phase = name
                errors[name] += measure(SECONDS)["errors"]
        sampler.running = False
        high_water = status_mb(server.pid, "VmHWM")
    finally:
        server.terminate()
        server.wait(timeout=30)
    growth = ", ".join(f"+{mb:.0f} MB during the {phase}" for phase, mb in sampler.growth.items() if round(mb) > 0)
    print("Non-2xx/3xx responses and socket errors: " + ", ".join(f"{count} on the {name}" for name, count in errors.items()) + ".")
    print(f"Stack floor: {sampler.start_mb:.0f} MB once started, then {growth}.")
    peak = round(sampler.peak)
    versus = f"{FLOOR_MB - peak} MB under" if peak < FLOOR_MB else f"{peak - FLOOR_MB} MB over" if peak > FLOOR_MB else "at"
    print(f"Peak {peak} MB resident during the run (high-water mark {high_water:.0f} MB): {versus} the {FLOOR_MB} MB floor.")


if __name__ == "__main__":
    main()

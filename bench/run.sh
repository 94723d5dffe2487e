#!/usr/bin/env bash
# Benchmark ShopPortal against the anchor (../shared/bench: a stock Razor Pages + EF Core page) in one run.
# Builds Release, starts the app on a fresh data folder with sample data (WO-1004 has exactly 20 items with
# parts and labor), warms both up, then measures in alternating rounds with wrk. Prints the table and
# writes bench/results.md. Usage: bench/run.sh   (ROUNDS, SECONDS_PER_ROUND, WARMUP, CONNECTIONS override)
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

anchor="${ANCHOR_DIR:-$(cd .. && pwd)/shared/bench}"
[ -x "$anchor/anchor.sh" ] || { echo "The anchor is expected at $anchor (set ANCHOR_DIR)." >&2; exit 2; }

out=$(mktemp -d)
echo "Building Release into $out ..."
dotnet publish ShopPortal.csproj -c Release -o "$out/app" -nologo -v quiet >"$out/publish.log" 2>&1 || { tail -20 "$out/publish.log"; exit 1; }

exec /usr/bin/python3 bench/bench.py --app "$out/app" --anchor "$anchor" --work "$out"

#!/usr/bin/env bash
# What the fixed stack costs in memory before any of ShopPortal's code: builds the benchmark anchor
# (../shared/bench/anchor) as it is, plus a hosting startup (bench/stack-floor/StackFloor.cs) that loads and uses
# Identity, Hangfire, MailKit and SkiaSharp once each, at ShopPortal's package versions and memory settings, and
# measures its peak resident memory under bench/run.sh's load. Usage: bench/stack-floor.sh  (ROUNDS,
# SECONDS_PER_ROUND, WARMUP, CONNECTIONS and ANCHOR_DIR as for bench/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
apt_need wrk curl

anchor="${ANCHOR_DIR:-$(cd .. && pwd)/shared/bench}"
[ -d "$anchor/anchor" ] || { echo "The anchor is expected at $anchor (set ANCHOR_DIR)." >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$anchor/anchor" "$work/src"
rm -rf "$work/src/bin" "$work/src/obj" "$work/src/AnchorApp.csproj"
cp bench/stack-floor/StackFloor.cs bench/stack-floor/StackFloor.csproj Directory.Packages.props "$work/src/"
cp Services/Pdf/Fonts/DejaVuSans.ttf "$work/src/"
echo "Building the stack floor into $work/app ..."
dotnet publish "$work/src/StackFloor.csproj" -c Release -o "$work/app" -nologo -v quiet >"$work/publish.log" 2>&1 || { tail -20 "$work/publish.log"; exit 1; }
/usr/bin/python3 bench/stack_floor.py --app "$work/app" --post-lua "$anchor/post.lua"

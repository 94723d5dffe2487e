#!/usr/bin/env bash
# Lighthouse on the four portal views (Work Authorization, Estimate, Progress Report, Invoice) of a sample work order,
# mobile form factor, Debian's Chromium headless, against a Release build started here on a fresh data folder.
# Floors on each view: performance >= 0.95 (median of RUNS runs), accessibility 1.0, best practices 1.0. Prints the
# scores, writes bench/lighthouse-results.md (with the failing audits of anything below a floor), exits 1 below a floor.
# Usage: bench/lighthouse.sh   (RUNS=5, WORK_ORDER=WO-1004 override; KEEP=1 keeps the JSON reports)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

# Lighthouse 13 needs Node >= 22.19; Lighthouse 12 runs on Node >= 18.16 (Debian 12 ships 18, this machine has 20).
LIGHTHOUSE_VERSION=12.8.2
apt_need chromium
command -v npm >/dev/null || apt_need nodejs npm
prefix=bench/.lighthouse
if [ "$(node -p "try { require('./$prefix/node_modules/lighthouse/package.json').version } catch { '' }")" != "$LIGHTHOUSE_VERSION" ]; then
  echo "Installing lighthouse@$LIGHTHOUSE_VERSION into $prefix ..."
  npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null
fi
export CHROME_PATH=/usr/bin/chromium
with_release_build bench/lighthouse.py

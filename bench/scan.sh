#!/usr/bin/env bash
# Security scan: Debian's sqlmap and wapiti against a ShopPortal instance started here on a fresh data folder
# (Release build, sample data, a bootstrap manager, 127.0.0.1 only), signed in as staff and through portal links.
# Exits non-zero if either tool reports an injection, cross-site scripting or a form without working CSRF
# protection; prints the summary and writes it to bench/scan-results.md. Bounded: SCAN_MINUTES (17) plus the build, about 19 minutes.
# Usage: bench/scan.sh   (SCAN_MINUTES=17, SQLMAP_SECONDS, STAFF_CRAWL_SECONDS, PORTAL_CRAWL_SECONDS, ATTACK_SECONDS override; KEEP=1 keeps
# the work folder with every tool's log and report)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

apt_need sqlmap wapiti
with_release_build bench/scan.py

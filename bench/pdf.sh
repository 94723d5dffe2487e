#!/usr/bin/env bash
# Benchmark: median and p95 time to render a 20-discrepancy estimate PDF, and memory over the renders.
# Usage: bench/pdf.sh [renders=1000] [sample.pdf]   (the optional file receives the estimate and an invoice to look at)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/pdf/PdfBench.csproj -- "$@"
